package io.accountshield.streams.replay;

import java.time.Duration;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * Drives the test driver's wall clock from event time. The topology's punctuation is aligned to
 * multiples of the release check interval (see {@code time/ProtectionTimeline}), so the clock is
 * moved to each of those instants in turn: punctuation then fires at exactly the times it would in
 * production, and between them, where nothing observes the wall clock, it is not moved at all.
 */
final class SimulatedWallClock {

    private final TopologyTestDriver driver;
    private final long stepMillis;
    private long nowMillis;
    private long nextCheckMillis;

    SimulatedWallClock(TopologyTestDriver driver, long startMillis, Duration checkInterval) {
        this.driver = driver;
        this.stepMillis = checkInterval.toMillis();
        this.nowMillis = startMillis;
        this.nextCheckMillis = Math.floorDiv(startMillis, stepMillis) * stepMillis + stepMillis;
    }

    /** Moves time on to {@code targetMillis} (never back), firing every punctuation due on the way. */
    void advanceTo(long targetMillis, Runnable afterEachCheck) {
        while (nextCheckMillis <= targetMillis) {
            driver.advanceWallClockTime(Duration.ofMillis(nextCheckMillis - nowMillis));
            nowMillis = nextCheckMillis;
            nextCheckMillis += stepMillis;
            afterEachCheck.run();
        }
    }

    long latestCheckMillis() {
        return nowMillis;
    }
}
