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

    private static AccountActivity activity(long latestEventAt) {
        return new AccountActivity(latestEventAt, new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), null, null, null, 0, null, null,
                null, 0L, new HashMap<>(), 0L, java.nio.ByteBuffer.allocate(0));
    }
}
