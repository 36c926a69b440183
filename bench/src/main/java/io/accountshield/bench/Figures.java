package io.accountshield.bench;

import java.util.ArrayList;
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
        return spread(runs, figure, "%,.0f", "");
    }

    static <T> String seconds(List<T> runs, ToDoubleFunction<T> nanos) {
        return spread(runs, r -> nanos.applyAsDouble(r) / 1e9, "%.1f", " s");
    }

    static <T> String millis(List<T> runs, ToDoubleFunction<T> millis) {
        return spread(runs, millis, "%,.0f", " ms");
    }

    /**
     * The median in {@code format} then {@code unit}; with several runs, min–max after it in brackets.
     * A run without the figure (NaN: a latency when nothing was decided) is left out and said so; "–"
     * when no run has it.
     */
    static <T> String spread(List<T> runs, ToDoubleFunction<T> figure, String format, String unit) {
        List<Double> values = runs.stream().map(figure::applyAsDouble).filter(value -> !Double.isNaN(value)).toList();
        if (values.isEmpty()) {
            return "–";
        }
        String median = String.format(Locale.ROOT, format, median(values)) + unit;
        List<String> inBrackets = new ArrayList<>();
        if (values.size() >= 2) {
            inBrackets.add(String.format(Locale.ROOT, format + "–" + format,
                    values.stream().mapToDouble(Double::doubleValue).min().orElseThrow(),
                    values.stream().mapToDouble(Double::doubleValue).max().orElseThrow()));
        }
        if (values.size() < runs.size()) {
            inBrackets.add(String.format(Locale.ROOT, "%d of %d runs", values.size(), runs.size()));
        }
        return inBrackets.isEmpty() ? median : median + " (" + String.join(", ", inBrackets) + ")";
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
