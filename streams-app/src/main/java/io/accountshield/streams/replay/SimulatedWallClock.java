package io.accountshield.streams.replay;

import java.time.Duration;
import java.util.function.LongConsumer;

/**
 * Drives the replay engine's wall clock from event time. The topology's punctuation is aligned to
 * multiples of the release check interval (see {@code time/ProtectionTimeline}), so the clock is
 * moved to each of those instants in turn: punctuation then fires at exactly the times it would in
 * production, and between them, where nothing observes the wall clock, it is not moved at all.
 */
final class SimulatedWallClock {

    private final LongConsumer moveWallClockTo;
    private final long stepMillis;
    private long nowMillis;
    private long nextCheckMillis;

    SimulatedWallClock(LongConsumer moveWallClockTo, long startMillis, Duration checkInterval) {
        this.moveWallClockTo = moveWallClockTo;
        this.stepMillis = checkInterval.toMillis();
        this.nowMillis = startMillis;
        this.nextCheckMillis = Math.floorDiv(startMillis, stepMillis) * stepMillis + stepMillis;
    }

    /** Moves time on to {@code targetMillis} (never back), firing every punctuation due on the way. */
    void advanceTo(long targetMillis, Runnable afterEachCheck) {
        while (nextCheckMillis <= targetMillis) {
            moveWallClockTo.accept(nextCheckMillis);
            nowMillis = nextCheckMillis;
            nextCheckMillis += stepMillis;
            afterEachCheck.run();
        }
    }

    long latestCheckMillis() {
        return nowMillis;
    }
}
