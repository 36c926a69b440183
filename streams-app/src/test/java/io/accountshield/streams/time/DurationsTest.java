package io.accountshield.streams.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Durations in words, at each unit's edge: the largest unit that divides the span exactly, and the rough form's cut-overs. */
class DurationsTest {

    private static long ms(Duration d) {
        return d.toMillis();
    }

    @Test
    void shouldNameAWholeSpanInItsLargestExactUnitSingularForOne() {
        assertThat(Durations.inWords(ms(Duration.ofDays(1)))).isEqualTo("1 day");
        assertThat(Durations.inWords(ms(Duration.ofDays(90)))).isEqualTo("90 days");
        assertThat(Durations.inWords(ms(Duration.ofHours(1)))).isEqualTo("1 hour");
        assertThat(Durations.inWords(ms(Duration.ofHours(6)))).isEqualTo("6 hours");
        assertThat(Durations.inWords(ms(Duration.ofMinutes(1)))).isEqualTo("1 minute");
        assertThat(Durations.inWords(ms(Duration.ofMinutes(5)))).isEqualTo("5 minutes");
        assertThat(Durations.inWords(ms(Duration.ofSeconds(1)))).isEqualTo("1 second");
        assertThat(Durations.inWords(ms(Duration.ofSeconds(30)))).isEqualTo("30 seconds");
        assertThat(Durations.inWords(1)).isEqualTo("1 millisecond");
        assertThat(Durations.inWords(250)).isEqualTo("250 milliseconds");
    }

    @Test
    void shouldFallToTheNextUnitWhenASpanIsOneMillisecondOffAWholeOne() {
        // A millisecond more than a whole unit is no longer that unit: the next one down that divides it, or milliseconds.
        assertThat(Durations.inWords(ms(Duration.ofDays(1)) + ms(Duration.ofHours(1)))).isEqualTo("25 hours");
        assertThat(Durations.inWords(ms(Duration.ofHours(1)) + ms(Duration.ofMinutes(1)))).isEqualTo("61 minutes");
        assertThat(Durations.inWords(ms(Duration.ofMinutes(1)) + ms(Duration.ofSeconds(1)))).isEqualTo("61 seconds");
        assertThat(Durations.inWords(ms(Duration.ofSeconds(1)) + 1)).isEqualTo("1001 milliseconds");
        assertThat(Durations.inWords(ms(Duration.ofDays(1)) - 1)).isEqualTo("86399999 milliseconds");
    }

    @Test
    void shouldSayNoTimeInMillisecondsNotInDays() {
        // Zero divides every unit; it is not "0 days".
        assertThat(Durations.inWords(0)).isEqualTo("0 milliseconds");
    }

    @Test
    void shouldSayASpanRoughlyInDaysFromTwoDaysInHoursFromTwoHoursElseInMinutes() {
        long twoDays = ms(Duration.ofDays(2));
        long twoHours = ms(Duration.ofHours(2));
        assertThat(Durations.roughly(twoDays)).isEqualTo("2 days");
        assertThat(Durations.roughly(twoDays - 1)).isEqualTo("47 hours");
        assertThat(Durations.roughly(ms(Duration.ofDays(3)) - 1)).as("whole days, rounded down").isEqualTo("2 days");
        assertThat(Durations.roughly(twoHours)).isEqualTo("2 hours");
        assertThat(Durations.roughly(twoHours - 1)).isEqualTo("119 minutes");
        assertThat(Durations.roughly(ms(Duration.ofMinutes(1)))).isEqualTo("1 minute");
        assertThat(Durations.roughly(ms(Duration.ofMinutes(1)) - 1)).isEqualTo("0 minutes");
    }
}
