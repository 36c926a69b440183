package io.accountshield.bench;

import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** Median and spread over the runs, as the report prints them. */
final class Figures {

    private Figures() {
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static <T> double median(List<T> runs, ToDoubleFunction<T> figure) {
        return median(runs.stream().map(figure::applyAsDouble).toList());
    }

    /** "123,456" for one run; "123,456 (120,001–125,000)" for several: the median, then min–max. */
    static <T> String rate(List<T> runs, ToDoubleFunction<T> figure) {
        List<Double> values = runs.stream().map(figure::applyAsDouble).toList();
        String median = String.format(Locale.ROOT, "%,.0f", median(values));
        if (values.size() < 2) {
            return median;
        }
        return String.format(Locale.ROOT, "%s (%,.0f–%,.0f)", median,
                values.stream().mapToDouble(Double::doubleValue).min().orElseThrow(),
                values.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
    }

    static <T> String seconds(List<T> runs, ToDoubleFunction<T> nanos) {
        List<Double> values = runs.stream().map(r -> nanos.applyAsDouble(r) / 1e9).toList();
        String median = String.format(Locale.ROOT, "%.1f s", median(values));
        if (values.size() < 2) {
            return median;
        }
        return String.format(Locale.ROOT, "%s (%.1f–%.1f)", median,
                values.stream().mapToDouble(Double::doubleValue).min().orElseThrow(),
                values.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
    }

    static String bytes(double bytes) {
        if (bytes >= 1 << 30) {
            return String.format(Locale.ROOT, "%.2f GiB", bytes / (1 << 30));
        }
        if (bytes >= 1 << 20) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / (1 << 20));
        }
        if (bytes >= 1 << 10) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / (1 << 10));
        }
        return String.format(Locale.ROOT, "%.0f B", bytes);
    }
}
