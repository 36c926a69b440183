package io.accountshield.sim.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.accountshield.sim.scenario.Scenario;
import io.accountshield.sim.scenario.ScenarioLoader;
import io.accountshield.streams.score.AccountLabel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Delivery disorder: the same events, some of them late by at most the scenario's maximum, in an order a seed decides. */
class DeliveryOrderTest {

    /** Every population, small: several accounts active at once, so that late events overtake other accounts' events. */
    private static final Map<String, String> SMALL = Map.of(
            "ordinary.accounts", "300", "migrations.accounts", "30", "duration", "PT12H",
            "campaigns.friendAddFlood.accounts", "4", "campaigns.purchasedList.accounts", "4",
            "campaigns.lowAndSlow.accounts", "4", "campaigns.chatroomFlood.accounts", "4", "newcomers.accounts", "15");

    private static Scenario scenario(String share, String maxMillis, Map<String, String> more) {
        Map<String, String> all = new LinkedHashMap<>(SMALL);
        all.put("delivery.disorderShare", share);
        all.put("delivery.maxDisorderMillis", maxMillis);
        all.putAll(more);
        return new ScenarioLoader().load(null, all);
    }

    private static List<DeliveryOrder.Delivered> deliver(Scenario scenario) {
        List<DeliveryOrder.Delivered> delivered = new ArrayList<>();
        new DeliveryOrder(scenario, new TrafficGenerator(scenario, label -> { })).forEachRemaining(delivered::add);
        return delivered;
    }

    private static List<SimEvent> events(List<DeliveryOrder.Delivered> delivered) {
        return delivered.stream().map(DeliveryOrder.Delivered::event).toList();
    }

    @Test
    void shouldDeliverInExactTimeOrderWithoutDisorder() {
        Scenario scenario = scenario("0", "0", Map.of());
        List<SimEvent> generated = new ArrayList<>();
        new TrafficGenerator(scenario, label -> { }).forEachRemaining(generated::add);

        List<DeliveryOrder.Delivered> delivered = deliver(scenario);

        assertThat(events(delivered)).isNotEmpty().containsExactlyElementsOf(generated);
        assertThat(delivered).noneMatch(DeliveryOrder.Delivered::late)
                .allSatisfy(d -> assertThat(d.deliveredAt()).isEqualTo(d.event().occurredAt()));
    }

    @Test
    void shouldDeliverTheSameEventsLateByAtMostTheMaximum() {
        List<SimEvent> inTimeOrder = events(deliver(scenario("0", "0", Map.of())));

        List<DeliveryOrder.Delivered> delivered = deliver(scenario("0.5", "3000", Map.of()));

        assertThat(events(delivered)).as("the same events, each keeping its occurredAt").containsExactlyInAnyOrderElementsOf(inTimeOrder)
                .isNotEqualTo(inTimeOrder);
        long latestBefore = delivered.get(0).event().occurredAt();
        long deliveredBefore = delivered.get(0).deliveredAt();
        int overtaken = 0;
        for (DeliveryOrder.Delivered d : delivered) {
            assertThat(d.deliveredAt() - d.event().occurredAt()).isBetween(0L, 3000L);
            assertThat(d.deliveredAt()).as("delivered in delivery order").isGreaterThanOrEqualTo(deliveredBefore);
            assertThat(latestBefore - d.event().occurredAt()).as("behind what came before by at most the maximum").isLessThanOrEqualTo(3000L);
            if (d.event().occurredAt() < latestBefore) {
                overtaken++;
            }
            latestBefore = Math.max(latestBefore, d.event().occurredAt());
            deliveredBefore = d.deliveredAt();
        }
        assertThat(overtaken).as("events that arrive behind a later one").isGreaterThan(delivered.size() / 10);
        assertThat(delivered.stream().filter(DeliveryOrder.Delivered::late).count() / (double) delivered.size())
                .as("share delivered late").isCloseTo(0.5, within(0.02));
    }

    @Test
    void shouldPutLateEventsBehindOtherAccountsAndOtherTypes() {
        List<DeliveryOrder.Delivered> delivered = deliver(scenario("0.5", "3000", Map.of()));

        boolean behindOtherAccount = false;
        boolean behindOtherType = false;
        for (int i = 1; i < delivered.size(); i++) {
            SimEvent before = delivered.get(i - 1).event();
            SimEvent event = delivered.get(i).event();
            if (event.occurredAt() < before.occurredAt()) {
                behindOtherAccount |= !event.accountId().equals(before.accountId());
                behindOtherType |= event.type() != before.type();
            }
        }
        assertThat(behindOtherAccount).isTrue();
        assertThat(behindOtherType).isTrue();
    }

    @Test
    void shouldGiveEachEventItsOwnAccountsLabel() {
        Scenario scenario = scenario("0.5", "3000", Map.of());
        Map<String, AccountLabel> labels = new HashMap<>();
        DeliveryOrder delivery = new DeliveryOrder(scenario, new TrafficGenerator(scenario, label -> labels.put(label.accountId(), label)));

        delivery.forEachRemaining(d -> assertThat(d.label()).isSameAs(labels.get(d.event().accountId())));
    }

    @Test
    void shouldDeliverInTheSameOrderForTheSameSeedAndKeepTheEventsWhateverTheDisorder() {
        List<DeliveryOrder.Delivered> first = deliver(scenario("0.3", "2000", Map.of()));
        List<DeliveryOrder.Delivered> again = deliver(scenario("0.3", "2000", Map.of()));
        List<DeliveryOrder.Delivered> otherSeed = deliver(scenario("0.3", "2000", Map.of("seed", "43")));
        List<DeliveryOrder.Delivered> moreDisorder = deliver(scenario("0.6", "9000", Map.of()));

        assertThat(first).isEqualTo(again);
        assertThat(events(otherSeed)).isNotEqualTo(events(first));
        assertThat(events(moreDisorder)).as("the events do not depend on how they are delivered")
                .containsExactlyInAnyOrderElementsOf(events(first)).isNotEqualTo(events(first));
    }
}
