package io.accountshield.streams.time;

import static org.assertj.core.api.Assertions.assertThat;

import io.accountshield.schema.state.AccountActivity;
import io.accountshield.schema.state.AccountWatch;
import io.accountshield.schema.state.ProtectionEpisode;
import io.accountshield.streams.config.AppConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProtectionTimelineTest {

    private static final long DAY = Duration.ofDays(1).toMillis();

    private final ProtectionTimeline timeline = new ProtectionTimeline(AppConfig.defaults().time(), Duration.ofDays(1), Duration.ofDays(90));

    @Test
    void shouldGiveAnEpisodeWrittenBeforeTheLadderTheFirstQuietPeriod() {
        ProtectionEpisode beforeTheLadder = new ProtectionEpisode("friend-add-burst", 2, "reason", 0L, 0L, DAY, 0L);
        ProtectionEpisode secondProtection = new ProtectionEpisode("friend-add-burst", 2, "reason", 0L, 0L, 3 * DAY, 3 * DAY);

        assertThat(timeline.quietPeriodMillis(beforeTheLadder)).isEqualTo(DAY);
        assertThat(timeline.quietPeriodMillis(secondProtection)).isEqualTo(3 * DAY);
    }

    @Test
    void shouldRememberAnAccountUntilItsWatchEndsEvenWhenItsWindowsAreEmpty() {
        AccountActivity watched = activity(10 * DAY);
        watched.setWatch(new AccountWatch("friend-add-burst", 2, "reason", 100L, 100L, 300_000L, 10 * DAY, 13 * DAY, Map.of()));
        AccountActivity unwatched = activity(10 * DAY);

        assertThat(timeline.mayForget(unwatched, 12 * DAY)).isTrue();
        assertThat(timeline.mayForget(watched, 12 * DAY)).isFalse();
        assertThat(timeline.mayForget(watched, 13 * DAY + 1)).isTrue();
    }

    @Test
    void shouldWakeAnUnprotectedAccountAsFarAheadOfNowAsItsForgetTimeIsAheadOfStreamTime() {
        AccountActivity account = activity(10 * DAY);
        long forgetAt = timeline.forgetAt(account);
        long now = 50 * DAY;
        long streamTime = forgetAt - Duration.ofHours(3).toMillis();

        // A record just read: the partition is not idle, so stream time is expected to keep up with the wall clock.
        assertThat(timeline.nextWakeAt(account, now, streamTime, now)).isEqualTo(now + Duration.ofHours(3).toMillis());
        // Stream time already past the forget time: the next release check, not sooner.
        assertThat(timeline.nextWakeAt(account, now, forgetAt + 1, now))
                .isEqualTo(now + AppConfig.defaults().time().releaseCheckInterval().toMillis());
    }

    @Test
    void shouldWaitAtLeastAsLongAsThePartitionHasBeenIdleBeforeWakingAnUnprotectedAccountAgain() {
        AccountActivity account = activity(10 * DAY);
        long streamTime = timeline.forgetAt(account) - Duration.ofMinutes(5).toMillis();
        long lastRecordAt = 50 * DAY;
        long idlePartition = AppConfig.defaults().time().idlePartition().toMillis();
        long idleFor = Duration.ofHours(2).toMillis();

        // Idle for less than the idle period: the usual wait (five minutes).
        long notYetIdle = lastRecordAt + idlePartition - 1;
        assertThat(timeline.nextWakeAt(account, notYetIdle, streamTime, lastRecordAt)).isEqualTo(notYetIdle + Duration.ofMinutes(5).toMillis());
        // Idle for two hours: stream time cannot move until a record comes, so the wait doubles the idle time.
        assertThat(timeline.nextWakeAt(account, lastRecordAt + idleFor, streamTime, lastRecordAt)).isEqualTo(lastRecordAt + 2 * idleFor);
    }

    @Test
    void shouldWakeAProtectedAccountForItsReleaseHoweverLongThePartitionHasBeenIdle() {
        AccountActivity account = activity(10 * DAY);
        ProtectionEpisode episode = new ProtectionEpisode("friend-add-burst", 2, "reason", 10 * DAY, 10 * DAY, 11 * DAY, DAY);
        account.setEpisode(episode);

        assertThat(timeline.nextWakeAt(account, 10 * DAY + Duration.ofHours(5).toMillis(), 10 * DAY, 10 * DAY)).isEqualTo(timeline.releaseDueAt(episode));
    }

    private static AccountActivity activity(long latestEventAt) {
        return new AccountActivity(latestEventAt, new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), null, null, null, 0, null, null,
                null, 0L, new HashMap<>(), 0L, java.nio.ByteBuffer.allocate(0));
    }
}
