package io.accountshield.streams.time;

import java.time.Duration;

/** Durations in words a support agent can read out: "5 minutes", "6 hours", "1 day". */
public final class Durations {

    private Durations() {
    }

    public static String inWords(long millis) {
        Duration d = Duration.ofMillis(millis);
        if (d.toDays() > 0 && d.equals(Duration.ofDays(d.toDays()))) {
            return plural(d.toDays(), "day");
        }
        if (d.toHours() > 0 && d.equals(Duration.ofHours(d.toHours()))) {
            return plural(d.toHours(), "hour");
        }
        if (d.toMinutes() > 0 && d.equals(Duration.ofMinutes(d.toMinutes()))) {
            return plural(d.toMinutes(), "minute");
        }
        if (d.toSeconds() > 0 && d.equals(Duration.ofSeconds(d.toSeconds()))) {
            return plural(d.toSeconds(), "second");
        }
        return plural(millis, "millisecond");
    }

    /** A span as a person says it: whole days from two days up, whole hours from two hours up, else minutes. */
    public static String roughly(long millis) {
        Duration d = Duration.ofMillis(millis);
        if (d.toDays() >= 2) {
            return plural(d.toDays(), "day");
        }
        if (d.toHours() >= 2) {
            return plural(d.toHours(), "hour");
        }
        return plural(d.toMinutes(), "minute");
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }
}
