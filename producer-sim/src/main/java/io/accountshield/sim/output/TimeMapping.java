package io.accountshield.sim.output;

/**
 * From scenario time to the time written on events. As fast as possible: unchanged. Real time or
 * compressed: the scenario's start becomes the moment the run began, and scenario time passes
 * {@code factor} times faster, so a three-day scenario at factor 720 plays in six minutes against a
 * pipeline whose quiet period is shortened by the same factor.
 */
public record TimeMapping(long scenarioStartMillis, long originMillis, double factor) {

    public static TimeMapping unchanged(long scenarioStartMillis) {
        return new TimeMapping(scenarioStartMillis, scenarioStartMillis, 1.0);
    }

    public long map(long scenarioMillis) {
        return originMillis + Math.round((scenarioMillis - scenarioStartMillis) / factor);
    }

    /** Back from event time to scenario time, so results read in the scenario's own units. */
    public long unmap(long mappedMillis) {
        return scenarioStartMillis + Math.round((mappedMillis - originMillis) * factor);
    }
}
