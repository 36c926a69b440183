package io.accountshield.sim.metrics;

import io.accountshield.sim.traffic.SimEvent;
import io.accountshield.streams.score.AccountLabel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the simulator produced, for the Simulator dashboard: events by population, kind and type
 * (their rate is the simulator's rate), accounts started, and how far through its scenario it is.
 * Fed from the one generating thread.
 */
public final class SimulatorMetrics {

    public static final String EVENTS_PRODUCED = "account.shield.sim.events.produced";
    public static final String ACCOUNTS_STARTED = "account.shield.sim.accounts.started";
    public static final String SCENARIO_PROGRESS = "account.shield.sim.scenario.progress";

    private final MeterRegistry registry;
    private final Map<String, Counter> produced = new HashMap<>();
    /** Per mille, so that a gauge reads it without locking. */
    private final AtomicLong progressPerMille = new AtomicLong();

    public SimulatorMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder(SCENARIO_PROGRESS, progressPerMille, value -> value.get() / 1000.0)
                .description("How far through its scenario's time the simulator is, from 0 to 1").baseUnit("ratio").strongReference(true)
                .register(registry);
    }

    /** Metrics that go nowhere, for runs nobody scrapes. */
    public static SimulatorMetrics none() {
        return new SimulatorMetrics(new SimpleMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void accountStarted(AccountLabel label) {
        Counter.builder(ACCOUNTS_STARTED).description("Simulated accounts started, by population and kind")
                .tag("population", label.population()).tag("kind", label.kind()).register(registry).increment();
    }

    public void produced(AccountLabel label, SimEvent event) {
        String key = label.kind() + '/' + event.type().ordinal();
        produced.computeIfAbsent(key, k -> Counter.builder(EVENTS_PRODUCED)
                .description("Events the simulator produced, by population, kind and type")
                .tag("population", label.population()).tag("kind", label.kind())
                .tag("type", event.type().name().toLowerCase(Locale.ROOT).replace('_', '-')).register(registry)).increment();
    }

    public void progress(double scenarioFraction) {
        progressPerMille.set(Math.round(Math.min(1.0, Math.max(0.0, scenarioFraction)) * 1000));
    }
}
