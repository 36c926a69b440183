package io.accountshield.streams.time;

import java.time.Duration;

/**
 * Every duration that governs time in the pipeline, in one place.
 *
 * @param grace                how far out of order an event may arrive and still be counted
 * @param burstBucket          width of the short buckets that burst windows are made of
 * @param sustainedBucket      width of the long buckets that hours-long windows are made of
 * @param quietPeriod          how long an account must stay quiet before its first protection lifts
 * @param repeatQuietPeriods   the escalation ladder: the quiet periods of an account's second, third, ... protection
 *                             (the last one repeats), for as long as its protection history is kept
 * @param watchPeriod          how long a watch lasts; abuse within it turns the watch into a protection
 * @param releaseCheckInterval how often wall-clock punctuation looks for due releases; release
 *                             times are rounded up to a multiple of it
 * @param maxFutureSkew        how long after it was produced an event may claim to have happened; later ones are invalid
 * @param idlePartition        a partition that has delivered nothing for this long has been read to its end
 * @param maxReleaseHold       a release held back for a lagging partition goes out this long after it was due, whatever
 */
public record TimeSettings(
        Duration grace,
        Duration burstBucket,
        Duration sustainedBucket,
        Duration quietPeriod,
        java.util.List<Duration> repeatQuietPeriods,
        Duration watchPeriod,
        Duration releaseCheckInterval,
        Duration maxFutureSkew,
        Duration idlePartition,
        Duration maxReleaseHold) {

    public TimeSettings {
        repeatQuietPeriods = java.util.List.copyOf(repeatQuietPeriods);
    }

    /** The quiet period of an account's n-th protection (1 for the first). */
    public Duration quietPeriodOf(int protectionNumber) {
        if (protectionNumber <= 1 || repeatQuietPeriods.isEmpty()) {
            return quietPeriod;
        }
        return repeatQuietPeriods.get(Math.min(protectionNumber - 2, repeatQuietPeriods.size() - 1));
    }

    /** The longest quiet period any protection can have. */
    public Duration longestQuietPeriod() {
        return repeatQuietPeriods.stream().reduce(quietPeriod, (a, b) -> a.compareTo(b) >= 0 ? a : b);
    }
}
