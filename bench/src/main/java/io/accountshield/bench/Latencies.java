package io.accountshield.bench;

import java.util.Collection;

/**
 * A distribution of delays, in milliseconds: nearest-rank percentiles (p99 of 80 values is the 80th,
 * never an interpolation below a measured one).
 */
record Latencies(int count, double p50Millis, double p99Millis, double maxMillis) {

    static Latencies ofMillis(Collection<Double> millis) {
        double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (sorted.length == 0) {
            return new Latencies(0, Double.NaN, Double.NaN, Double.NaN);
        }
        return new Latencies(sorted.length, rank(sorted, 0.50), rank(sorted, 0.99), sorted[sorted.length - 1]);
    }

    private static double rank(double[] sorted, double quantile) {
        return sorted[Math.max(0, (int) Math.ceil(quantile * sorted.length) - 1)];
    }
}
