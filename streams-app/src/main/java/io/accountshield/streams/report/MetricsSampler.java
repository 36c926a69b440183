package io.accountshield.streams.report;

import io.accountshield.streams.metrics.ProtectionMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the application's business meters ({@link ProtectionMetrics}) at regular instants, so that a
 * run's report can draw them over time the way a dashboard would. The instants follow whatever clock
 * the caller moves: the wall clock in the demo, event time in the replay. Memory is bounded: past
 * {@code maxSamples}, every other sample is dropped and the interval doubles (the counters are
 * cumulative, so what is left stays exact; only the gauge loses resolution).
 */
public final class MetricsSampler {

    private final MeterRegistry registry;
    private final int maxSamples;
    private long intervalMillis;
    private long nextAtMillis = Long.MIN_VALUE;
    private final List<RunSeries.Sample> samples = new ArrayList<>();

    /**
     * @param interval   time between samples, on the caller's clock
     * @param maxSamples how many samples are kept at most (at least 4)
     */
    public MetricsSampler(MeterRegistry registry, Duration interval, int maxSamples) {
        if (interval.toMillis() <= 0 || maxSamples < 4) {
            throw new IllegalArgumentException("interval must be positive and maxSamples at least 4");
        }
        this.registry = registry;
        this.intervalMillis = interval.toMillis();
        this.maxSamples = maxSamples;
    }

    /**
     * Moves the sampler's clock to {@code nowMillis}: the meters are read for every sampling instant
     * up to it that has not been sampled yet (the first call samples at once). Call it before the
     * input at {@code nowMillis} is processed, so that each sample holds what happened before its
     * instant. Time never goes back: an earlier {@code nowMillis} is ignored.
     */
    public synchronized void advanceTo(long nowMillis) {
        if (nextAtMillis == Long.MIN_VALUE) {
            nextAtMillis = nowMillis;
        }
        if (nowMillis < nextAtMillis) {
            return;
        }
        // Nothing changes between two calls: one reading serves every instant passed since the last one.
        RunSeries.Sample reading = read(0);
        while (nextAtMillis <= nowMillis) {
            samples.add(reading.at(nextAtMillis));
            nextAtMillis += intervalMillis;
            if (samples.size() > maxSamples) {
                compact();
            }
        }
    }

    /** Reads the meters as they are now, for a last sample at {@code atMillis} (the end of the run). */
    public synchronized void finish(long atMillis) {
        if (!samples.isEmpty() && atMillis <= samples.get(samples.size() - 1).atMillis()) {
            samples.set(samples.size() - 1, read(samples.get(samples.size() - 1).atMillis()));
            return;
        }
        samples.add(read(atMillis));
        nextAtMillis = atMillis + intervalMillis;
        if (samples.size() > maxSamples) {
            compact();
        }
    }

    public synchronized RunSeries series() {
        return new RunSeries(List.copyOf(samples), Duration.ofMillis(intervalMillis));
    }

    /** Keeps every other sample, the first and the latest among them, and doubles the interval. */
    private void compact() {
        List<RunSeries.Sample> kept = new ArrayList<>();
        for (int i = 0; i < samples.size(); i += 2) {
            kept.add(samples.get(i));
        }
        if ((samples.size() - 1) % 2 != 0) {
            kept.add(samples.get(samples.size() - 1));
        }
        samples.clear();
        samples.addAll(kept);
        intervalMillis *= 2;
        RunSeries.Sample last = samples.get(samples.size() - 1);
        nextAtMillis = Math.max(nextAtMillis, last.atMillis() + intervalMillis);
    }

    private RunSeries.Sample read(long atMillis) {
        Map<String, Double> appliedByRule = new TreeMap<>();
        for (Counter counter : registry.find(ProtectionMetrics.PROTECTIONS_APPLIED).counters()) {
            appliedByRule.merge(String.valueOf(counter.getId().getTag("rule")), counter.count(), Double::sum);
        }
        Gauge active = registry.find(ProtectionMetrics.PROTECTIONS_ACTIVE).gauge();
        return new RunSeries.Sample(atMillis, sum(ProtectionMetrics.EVENTS), active == null ? 0 : active.value(),
                sum(ProtectionMetrics.PROTECTIONS_RELEASED), sum(ProtectionMetrics.WATCHES_STARTED), sum(ProtectionMetrics.SHADOW_PROTECTIONS),
                appliedByRule);
    }

    private double sum(String counterName) {
        return registry.find(counterName).counters().stream().mapToDouble(Counter::count).sum();
    }
}
