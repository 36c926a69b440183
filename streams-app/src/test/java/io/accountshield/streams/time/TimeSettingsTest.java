package io.accountshield.streams.time;

import static org.assertj.core.api.Assertions.assertThat;

import io.accountshield.streams.config.AppConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The escalation ladder: which quiet period the n-th protection gets, and the longest any can get. */
class TimeSettingsTest {

    private static TimeSettings ladder(String repeats) {
        return AppConfig.of(Map.of("protection.quiet-period", "PT24H", "protection.repeat-quiet-periods", repeats)).time();
    }

    @Test
    void shouldGiveEachRepeatProtectionItsOwnStepAndTheLastStepFromThenOn() {
        TimeSettings time = ladder("P3D,P7D,P30D");

        assertThat(time.quietPeriodOf(1)).isEqualTo(Duration.ofDays(1));
        assertThat(time.quietPeriodOf(2)).isEqualTo(Duration.ofDays(3));
        assertThat(time.quietPeriodOf(3)).isEqualTo(Duration.ofDays(7));
        assertThat(time.quietPeriodOf(4)).isEqualTo(Duration.ofDays(30));
        assertThat(time.quietPeriodOf(5)).isEqualTo(Duration.ofDays(30));
        assertThat(time.longestQuietPeriod()).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void shouldGiveEveryProtectionTheFirstQuietPeriodWithoutALadder() {
        TimeSettings time = ladder("");

        assertThat(time.quietPeriodOf(3)).isEqualTo(Duration.ofDays(1));
        assertThat(time.longestQuietPeriod()).isEqualTo(Duration.ofDays(1));
    }
}
