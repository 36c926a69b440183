package io.accountshield.streams.report;

import io.accountshield.streams.metrics.ProtectionMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The distribution of time to decision (from the event that fired a rule to the protection being
 * sent), over every rule, from the {@link ProtectionMetrics#TIME_TO_DECISION} timers' histogram
 * buckets: what the live application measured, as Prometheus would show it.
 *
 * <p>Only the cumulative figures are used (count, total, bucket counts): a timer's max is over a
 * recent window only, and would contradict the buckets of a longer run.
 *
 * @param buckets protections decided within each bucket, by the bucket's upper bound in seconds
 *                (not cumulative), from the first non-empty bucket to the last
 */
public record TimeToDecision(long count, double meanSeconds, List<Bucket> buckets) {

    /** Protections decided in more than the bucket before's bound and at most {@code upToSeconds}. */
    public record Bucket(double upToSeconds, long count) {
    }

    /** What the registry's timers hold now; none when nothing was decided. */
    public static TimeToDecision from(MeterRegistry registry) {
        Map<Double, Double> cumulative = new TreeMap<>();
        long count = 0;
        double totalSeconds = 0;
        for (Timer timer : registry.find(ProtectionMetrics.TIME_TO_DECISION).timers()) {
            HistogramSnapshot snapshot = timer.takeSnapshot();
            count += snapshot.count();
            totalSeconds += snapshot.total(TimeUnit.SECONDS);
            for (CountAtBucket bucket : snapshot.histogramCounts()) {
                cumulative.merge(bucket.bucket(TimeUnit.SECONDS), bucket.count(), Double::sum);
            }
        }
        List<Bucket> buckets = new ArrayList<>();
        double below = 0;
        for (Map.Entry<Double, Double> bucket : cumulative.entrySet()) {
            buckets.add(new Bucket(bucket.getKey(), Math.round(bucket.getValue() - below)));
            below = bucket.getValue();
        }
        if (count > below) {
            // Slower than the largest bound: Prometheus' +Inf bucket.
            buckets.add(new Bucket(Double.POSITIVE_INFINITY, Math.round(count - below)));
        }
        int first = 0;
        while (first < buckets.size() && buckets.get(first).count() == 0) {
            first++;
        }
        int last = buckets.size() - 1;
        while (last >= first && buckets.get(last).count() == 0) {
            last--;
        }
        return new TimeToDecision(count, count == 0 ? 0 : totalSeconds / count,
                first > last ? List.of() : List.copyOf(buckets.subList(first, last + 1)));
    }

    /**
     * The bound under which at least {@code quantile} of the decisions fall, from the buckets (so at
     * the resolution of a bucket); 0 when nothing was decided, infinite when it is the open-ended
     * bucket beyond the largest bound.
     */
    public double quantileUpperBound(double quantile) {
        double target = quantile * count;
        long seen = 0;
        for (Bucket bucket : buckets) {
            seen += bucket.count();
            if (seen >= target) {
                return bucket.upToSeconds();
            }
        }
        return buckets.isEmpty() ? 0 : buckets.get(buckets.size() - 1).upToSeconds();
    }
}
