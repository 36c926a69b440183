package io.accountshield.streams.report;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The business meters of a run over time, as {@link MetricsSampler} read them. Counters are
 * cumulative from the start of the run; {@code active} is the gauge as it was at the instant.
 *
 * @param interval the time between samples at the end (it doubles as a long run is compacted)
 */
public record RunSeries(List<Sample> samples, Duration interval) {

    /**
     * One reading.
     *
     * @param events        valid events read
     * @param active        protections active
     * @param released      protections released, every kind
     * @param watches       watches started
     * @param shadow        what shadow rules would have protected
     * @param appliedByRule protections applied, by rule id
     */
    public record Sample(long atMillis, double events, double active, double released, double watches, double shadow,
                         Map<String, Double> appliedByRule) {

        public Sample {
            appliedByRule = Map.copyOf(appliedByRule);
        }

        public double applied() {
            return appliedByRule.values().stream().mapToDouble(Double::doubleValue).sum();
        }

        Sample at(long otherMillis) {
            return new Sample(otherMillis, events, active, released, watches, shadow, appliedByRule);
        }
    }

    /** Every rule that applied a protection during the run, in order. */
    public List<String> rules() {
        TreeSet<String> rules = new TreeSet<>();
        samples.forEach(sample -> rules.addAll(sample.appliedByRule().keySet()));
        return List.copyOf(rules);
    }
}
