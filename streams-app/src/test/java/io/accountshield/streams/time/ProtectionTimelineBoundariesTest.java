package io.accountshield.streams.time;

import static org.assertj.core.api.Assertions.assertThat;

import io.accountshield.schema.allowlist.AllowlistEntry;
import io.accountshield.schema.state.AccountActivity;
import io.accountshield.streams.config.AppConfig;
import io.accountshield.streams.lifecycle.ProtectionLifecycle;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Every time decision at its boundary, with the default settings (grace 1 minute, checks every
 * minute, idle partition 1 minute, longest hold 6 hours, history 90 days): one millisecond on
 * either side of each edge, so that no comparison can be loosened or tightened unnoticed.
 */
class ProtectionTimelineBoundariesTest {

    private static final long MINUTE = Duration.ofMinutes(1).toMillis();
    private static final long T = Instant.parse("2026-03-02T09:00:00Z").toEpochMilli();

    private final ProtectionTimeline timeline = new ProtectionTimeline(AppConfig.defaults().time(), Duration.ofDays(1), Duration.ofDays(90));

    @Test
    void shouldCountAnEventExactlyOneGracePeriodBehindStreamTimeButNotOneMillisecondMore() {
        assertThat(timeline.isTooLate(T - MINUTE, T)).isFalse();
        assertThat(timeline.isTooLate(T - MINUTE - 1, T)).isTrue();
    }

    @Test
    void shouldReleaseWhenTheWallClockAndStreamTimeReachTheDueTimeAndNotAMillisecondBefore() {
        long due = T;
        long recentRecord = due - 1;
        assertThat(timeline.mayRelease(due, due, due, recentRecord)).as("both clocks at due").isTrue();
        assertThat(timeline.mayRelease(due, due - 1, due, recentRecord)).as("the wall clock a millisecond short").isFalse();
        assertThat(timeline.mayRelease(due, due, due - 1, recentRecord)).as("stream time a millisecond short, partition active").isFalse();
    }

    @Test
    void shouldReleaseBehindStreamTimeOnceThePartitionHasBeenIdleForTheIdlePeriodOrTheHoldIsUsedUp() {
        long due = T;
        long streamBehind = due - 10 * MINUTE;
        assertThat(timeline.mayRelease(due, due + MINUTE, streamBehind, due)).as("idle exactly one idle period").isTrue();
        assertThat(timeline.mayRelease(due, due + MINUTE - 1, streamBehind, due)).as("idle a millisecond less").isFalse();
        long hold = Duration.ofHours(6).toMillis();
        long active = due + hold - 1;
        assertThat(timeline.mayRelease(due, due + hold, streamBehind, active)).as("held exactly the longest hold").isTrue();
        assertThat(timeline.mayRelease(due, due + hold - 1, streamBehind, active - 1)).as("a millisecond less").isFalse();
    }

    @Test
    void shouldRecheckAHeldReleaseAfterAQuarterOfTheShorterOfIdlePeriodAndHoldButNeverSoonerThanACheck() {
        // min(1 min, 6 h) / 4 = 15 s, less than the 1-minute check interval: the check interval wins.
        assertThat(timeline.heldReleaseRecheckMillis()).isEqualTo(MINUTE);
        TimeSettings slowIdle = AppConfig.of(java.util.Map.of("time.idle-partition", "PT20M", "time.release-check-interval", "PT1M")).time();
        assertThat(new ProtectionTimeline(slowIdle, Duration.ofDays(1), Duration.ofDays(90)).heldReleaseRecheckMillis())
                .isEqualTo(Duration.ofMinutes(5).toMillis());
    }

    @Test
    void shouldRecheckAHeldReleaseWhenStreamTimeShouldHaveReachedItOrThePartitionCountsAsIdleOrTheHoldRunsOut() {
        // Checks every second, idle after a minute, longest hold 6 h: a held release waits at most 15 s.
        TimeSettings everySecond = AppConfig.of(java.util.Map.of("time.release-check-interval", "PT1S", "time.grace", "PT1S")).time();
        ProtectionTimeline fast = new ProtectionTimeline(everySecond, Duration.ofDays(1), Duration.ofDays(90));
        long second = 1_000;
        long now = T;
        long due = T - 200;
        assertThat(fast.heldReleaseRecheckAt(due, now, due - 300, now)).as("a pipeline 0.3 s behind: the next check").isEqualTo(now + second);
        assertThat(fast.heldReleaseRecheckAt(due, now, due - 5 * second, now)).as("5 s behind: in 5 s").isEqualTo(now + 5 * second);
        assertThat(fast.heldReleaseRecheckAt(due, now, due - 5 * second - 1, now)).isEqualTo(now + 5 * second + 1);
        assertThat(fast.heldReleaseRecheckAt(due, now, due - 3_600 * second, now)).as("an hour behind: the longest wait")
                .isEqualTo(now + 15 * second);
        assertThat(fast.heldReleaseRecheckAt(due, now, due - 3_600 * second, now - 55 * second)).as("idle in 5 s")
                .isEqualTo(now + 5 * second);
        long hold = Duration.ofHours(6).toMillis();
        assertThat(fast.heldReleaseRecheckAt(now - hold + 3 * second, now, 0, now)).as("the hold used up in 3 s").isEqualTo(now + 3 * second);
        assertThat(fast.heldReleaseRecheckAt(due, now, due - 3_600 * second, now - 10 * MINUTE)).as("idle already: never before the next check")
                .isEqualTo(now + second);
    }

    @Test
    void shouldStartChecksAtTheNextWholeIntervalAfterNow() {
        assertThat(timeline.firstCheckAfter(T)).isEqualTo(Instant.ofEpochMilli(T + MINUTE));
        assertThat(timeline.firstCheckAfter(T + 1)).isEqualTo(Instant.ofEpochMilli(T + MINUTE));
        assertThat(timeline.firstCheckAfter(T - 1)).isEqualTo(Instant.ofEpochMilli(T));
    }

    @Test
    void shouldForgetTheLadderExactlyOneHistoryRetentionAfterTheLastRelease() {
        AccountActivity released = ProtectionLifecycle.newActivity();
        released.setLastReleasedAtMillis(T);
        long retention = Duration.ofDays(90).toMillis();
        assertThat(timeline.historyExpired(released, T + retention)).isTrue();
        assertThat(timeline.historyExpired(released, T + retention - 1)).isFalse();
    }

    @Test
    void shouldHonourAnAllowlistEntryUntilTheMomentItExpires() {
        AllowlistEntry entry = new AllowlistEntry("a", "verified", "admin", Instant.ofEpochMilli(T), Instant.ofEpochMilli(T + MINUTE));
        assertThat(timeline.allowlistInForce(entry, T + MINUTE - 1)).isTrue();
        assertThat(timeline.allowlistInForce(entry, T + MINUTE)).isFalse();
    }
}
