package io.accountshield.sim.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import io.accountshield.sim.output.EventSink;
import io.accountshield.sim.output.TimeMapping;
import io.accountshield.sim.scenario.Scenario;
import io.accountshield.sim.scenario.ScenarioLoader;
import io.accountshield.streams.score.AccountLabel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A run writes events in the order they are delivered, each stamped with the (mapped) time it happened. */
class SimulationTest {

    private record Written(SimEvent event, long occurredAt) {
    }

    private static final class RecordingSink implements EventSink {
        final List<Written> written = new ArrayList<>();

        @Override
        public void event(SimEvent event, long occurredAt, long accountCreatedAt) {
            written.add(new Written(event, occurredAt));
        }

        @Override
        public void label(AccountLabel label) {
        }

        @Override
        public void close() {
        }
    }

    private static Scenario scenario() {
        return new ScenarioLoader().load(null, Map.of("ordinary.accounts", "200", "migrations.accounts", "20", "duration", "PT6H",
                "campaigns.friendAddFlood.accounts", "3", "campaigns.chatroomFlood.accounts", "3",
                "delivery.disorderShare", "0.4", "delivery.maxDisorderMillis", "5000", "newcomers.accounts", "20"));
    }

    @Test
    void shouldWriteEventsInDeliveryOrderStampedWithWhenTheyHappened() throws Exception {
        Scenario scenario = scenario();
        List<DeliveryOrder.Delivered> expected = new ArrayList<>();
        new DeliveryOrder(scenario, new TrafficGenerator(scenario, label -> { })).forEachRemaining(expected::add);
        RecordingSink sink = new RecordingSink();
        TimeMapping unchanged = TimeMapping.unchanged(scenario.start().toEpochMilli());

        Simulation.Summary summary = Simulation.run(scenario, sink, unchanged, false, (events, fraction, elapsed, finished) -> { });

        assertThat(sink.written).extracting(Written::event).containsExactlyElementsOf(expected.stream().map(DeliveryOrder.Delivered::event).toList());
        assertThat(sink.written).allSatisfy(w -> assertThat(w.occurredAt()).isEqualTo(w.event().occurredAt()));
        assertThat(summary.events()).isEqualTo(expected.size());
        assertThat(summary.lateEvents()).isEqualTo(expected.stream().filter(DeliveryOrder.Delivered::late).count()).isPositive();
        assertThat(isSortedByOccurredAt(sink.written)).as("the file is out of time order").isFalse();
    }

    @Test
    void shouldShrinkTheDisorderWithTheClockWhenTimeIsCompressed() throws Exception {
        Scenario scenario = scenario();
        RecordingSink sink = new RecordingSink();
        // The demo's clock: 720 times faster, so five seconds late become seven milliseconds.
        TimeMapping compressed = new TimeMapping(scenario.start().toEpochMilli(), 1_000_000L, 720);

        Simulation.run(scenario, sink, compressed, false, (events, fraction, elapsed, finished) -> { });

        long latest = sink.written.get(0).occurredAt();
        long mostBehind = 0;
        for (Written w : sink.written) {
            assertThat(w.occurredAt()).isEqualTo(compressed.map(w.event().occurredAt()));
            mostBehind = Math.max(mostBehind, latest - w.occurredAt());
            latest = Math.max(latest, w.occurredAt());
        }
        assertThat(mostBehind).isPositive().isLessThanOrEqualTo(Math.round(5000 / 720.0) + 1);
    }

    private static boolean isSortedByOccurredAt(List<Written> written) {
        for (int i = 1; i < written.size(); i++) {
            if (written.get(i).occurredAt() < written.get(i - 1).occurredAt()) {
                return false;
            }
        }
        return true;
    }
}
