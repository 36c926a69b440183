package io.accountshield.streams.time;

import java.time.Duration;

/**
 * Every duration that governs time in the pipeline, in one place.
 *
 * @param grace                how far out of order an event may arrive and still be counted
 * @param burstBucket          width of the short buckets that burst windows are made of
 * @param sustainedBucket      width of the long buckets that hours-long windows are made of
 * @param quietPeriod          how long an account must stay quiet before its protection lifts
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
        Duration releaseCheckInterval,
        Duration maxFutureSkew,
        Duration idlePartition,
        Duration maxReleaseHold) {
}
