package io.accountshield.sim.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.accountshield.sim.output.EventSink;
import io.accountshield.sim.output.TimeMapping;
import io.accountshield.sim.scenario.Scenario;
import io.accountshield.sim.scenario.ScenarioLoader;
import io.accountshield.sim.traffic.SimEvent;
import io.accountshield.sim.traffic.Simulation;
import io.accountshield.streams.score.AccountLabel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the simulator produced, counted as it was produced, and served for Prometheus. */
class SimulatorMetricsTest {

    /** Counts what reaches the sink, by the account's kind and the event's type, as the ground truth to compare with. */
    private static final class CountingSink implements EventSink {
        final Map<String, String> kindOf = new HashMap<>();
        final Map<String, Map<SimEvent.EventType, Long>> byKind = new HashMap<>();

        @Override
        public void event(SimEvent event, long occurredAt, long accountCreatedAt) {
            byKind.computeIfAbsent(kindOf.get(event.accountId()), k -> new EnumMap<>(SimEvent.EventType.class))
                    .merge(event.type(), 1L, Long::sum);
        }

        @Override
        public void label(AccountLabel label) {
            kindOf.put(label.accountId(), label.kind());
        }

        @Override
        public void close() {
        }
    }

    private static Scenario small() {
        return new ScenarioLoader().load(null, Map.of("ordinary.accounts", "100", "migrations.accounts", "10",
                "campaigns.friendAddFlood.accounts", "2", "campaigns.purchasedList.accounts", "2",
                "campaigns.lowAndSlow.accounts", "1", "campaigns.chatroomFlood.accounts", "2", "newcomers.accounts", "5"));
    }

    @Test
    void shouldCountEveryEventProducedByTheAccountsKindAndTheEventsType() throws Exception {
        Scenario scenario = small();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        CountingSink sink = new CountingSink();

        Simulation.Summary summary = Simulation.run(scenario, sink, TimeMapping.unchanged(scenario.start().toEpochMilli()), false,
                (events, fraction, elapsed, finished) -> { }, new SimulatorMetrics(registry));

        double total = registry.find(SimulatorMetrics.EVENTS_PRODUCED).counters().stream().mapToDouble(Counter::count).sum();
        assertThat(total).isEqualTo(summary.events());
        sink.byKind.forEach((kind, byType) -> byType.forEach((type, count) -> assertThat(registry.get(SimulatorMetrics.EVENTS_PRODUCED)
                .tag("kind", kind).tag("type", type.name().toLowerCase().replace('_', '-')).counter().count())
                .as("%s %s", kind, type).isEqualTo(count.doubleValue())));
        assertThat(registry.get(SimulatorMetrics.EVENTS_PRODUCED).tag("population", AccountLabel.SPAM).counters()).isNotEmpty();
        assertThat(registry.get(SimulatorMetrics.ACCOUNTS_STARTED).tag("population", AccountLabel.ORDINARY).tag("kind", AccountLabel.ORDINARY)
                .counter().count()).isEqualTo(100);
        assertThat(registry.get(SimulatorMetrics.ACCOUNTS_STARTED).tag("population", AccountLabel.ORDINARY).tag("kind", AccountLabel.NEWCOMER)
                .counter().count()).as("newcomers are ordinary users of their own kind").isEqualTo(5);
        assertThat(registry.get(SimulatorMetrics.SCENARIO_PROGRESS).gauge().value()).isEqualTo(1.0);
    }

    @Test
    void shouldServeTheCountsAtMetricsAndNothingElse() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Scenario scenario = small();
        Simulation.run(scenario, new CountingSink(), TimeMapping.unchanged(scenario.start().toEpochMilli()), false,
                (events, fraction, elapsed, finished) -> { }, new SimulatorMetrics(registry));
        HttpClient http = HttpClient.newHttpClient();
        try (MetricsEndpoint endpoint = MetricsEndpoint.start(registry, 0)) {
            HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + endpoint.port() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("account_shield_sim_events_produced_total{kind=\"friend-add-flood\",population=\"spam\",type=\"friend-added\"}")
                    .contains("account_shield_sim_scenario_progress_ratio 1.0");
            HttpResponse<String> other = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + endpoint.port() + "/other")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(other.statusCode()).isEqualTo(404);
        }
    }
}
