package io.accountshield.sim.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.accountshield.streams.config.AppConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The demo's compressed clock meets rules shrunk by the same factor, and the result is a valid configuration. */
class DemoTimingTest {

    @Test
    void shouldShrinkEveryTimeSettingByTheSpeedKeepingWindowsWholeBuckets() {
        AppConfig scaled = AppConfig.defaults().withOverrides(DemoTiming.scaled(AppConfig.defaults(), 720));

        assertThat(scaled.time().quietPeriod()).isEqualTo(Duration.ofMinutes(2));
        assertThat(scaled.time().burstBucket()).isEqualTo(Duration.ofMillis(14));
        assertThat(scaled.rule("friend-add-burst").window()).as("30 buckets of 14 ms, close to 5 min / 720 = 417 ms")
                .isEqualTo(Duration.ofMillis(420));
        assertThat(scaled.rule("sustained-friend-adds").window()).as("72 buckets of 417 ms").isEqualTo(Duration.ofMillis(72 * 417));
        assertThat(scaled.rule("spam-reports").window()).isEqualTo(Duration.ofMinutes(2));
        assertThat(scaled.time().releaseCheckInterval()).isEqualTo(Duration.ofMillis(83));
        assertThat(scaled.time().grace()).as("delivery jitter does not shrink with the clock").isEqualTo(DemoTiming.MIN_GRACE);
        assertThat(scaled.time().repeatQuietPeriods()).containsExactly(Duration.ofMinutes(6), Duration.ofMinutes(14));
        assertThat(scaled.time().watchPeriod()).isEqualTo(Duration.ofMinutes(2));
        assertThat(scaled.contactSyncPolicy().newDeviceWindow()).isEqualTo(Duration.ofMinutes(2));
        assertThat(scaled.contactSyncPolicy().establishedAccountAge()).as("account ages are not compressed").isEqualTo(Duration.ofDays(30));
    }

    @Test
    void shouldLeaveTheGuardsWholeMinuteWindowAndBaselineAsTheyAre() {
        AppConfig scaled = AppConfig.defaults().withOverrides(DemoTiming.scaled(AppConfig.defaults(), 720));

        assertThat(scaled.guardSettings().window()).as("ten minutes: at speed 720 they span the demo's run").isEqualTo(Duration.ofMinutes(10));
        assertThat(scaled.guardSettings().baseline()).isEqualTo(Duration.ofHours(6));
    }

    @Test
    void shouldNeverScaleADurationToZero() {
        assertThat(DemoTiming.scale(Duration.ofMillis(3), 1_000_000)).isEqualTo(Duration.ofMillis(1));
    }
}
