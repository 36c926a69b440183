package io.accountshield.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Progress on a terminal (one line in place) and elsewhere (a plain line now and then). */
class TerminalProgressTest {

    private final StringWriter written = new StringWriter();
    private final AtomicLong nanos = new AtomicLong();

    private TerminalProgress progress(boolean interactive, boolean quiet) {
        return new TerminalProgress(new PrintWriter(written, true), interactive, quiet, Duration.ofSeconds(10), nanos::get);
    }

    @Test
    void shouldRewriteOneLineInPlaceOnATerminalAndBlankWhatALongerLineLeft() {
        TerminalProgress progress = progress(true, false);

        nanos.set(Duration.ofSeconds(1).toNanos());
        progress.update(() -> "12,345 events");
        nanos.set(Duration.ofSeconds(2).toNanos());
        progress.update(() -> "99 done");
        progress.finish("all done");

        assertThat(written.toString()).isEqualTo("\r12,345 events" + "\r99 done      " + "\rall done" + System.lineSeparator());
        assertThat(written.toString()).doesNotContain("\n12,345");
    }

    @Test
    void shouldRedrawAtMostTwiceASecondOnATerminal() {
        TerminalProgress progress = progress(true, false);

        nanos.set(Duration.ofMillis(500).toNanos());
        progress.update(() -> "first");
        nanos.set(Duration.ofMillis(700).toNanos());
        progress.update(() -> "too soon");
        nanos.set(Duration.ofMillis(1000).toNanos());
        progress.update(() -> "second");

        assertThat(written.toString()).isEqualTo("\rfirst\rsecond");
    }

    @Test
    void shouldWritePlainLinesOnlyEveryIntervalWhenNotATerminal() {
        TerminalProgress progress = progress(false, false);

        nanos.set(Duration.ofSeconds(3).toNanos());
        progress.update(() -> "at 3 s");
        nanos.set(Duration.ofSeconds(10).toNanos());
        progress.update(() -> "at 10 s");
        nanos.set(Duration.ofSeconds(15).toNanos());
        progress.update(() -> "at 15 s");
        nanos.set(Duration.ofSeconds(20).toNanos());
        progress.update(() -> "at 20 s");
        progress.finish("the end");

        assertThat(written.toString()).isEqualTo("at 10 s" + System.lineSeparator() + "at 20 s" + System.lineSeparator())
                .doesNotContain("\r");
    }

    @Test
    void shouldEndTheLineInPlaceBeforeAMessageOfItsOwn() {
        TerminalProgress progress = progress(true, false);

        nanos.set(Duration.ofSeconds(1).toNanos());
        progress.update(() -> "a long progress line");
        progress.println("line 7 rejected");
        progress.println("next");

        assertThat(written.toString()).isEqualTo("\ra long progress line" + "\rline 7 rejected     " + System.lineSeparator()
                + "next" + System.lineSeparator());
    }

    @Test
    void shouldShowNoProgressWhenQuietButStillShowMessages() {
        TerminalProgress progress = progress(true, true);

        nanos.set(Duration.ofSeconds(5).toNanos());
        progress.update(() -> "progress");
        progress.finish("done");
        progress.println("line 3 rejected");

        assertThat(written.toString()).isEqualTo("line 3 rejected" + System.lineSeparator());
    }

    @Test
    void shouldStateEventsRateShareAndTimeLeft() {
        String line = TerminalProgress.eventsLine(250_000, 0.25, Duration.ofSeconds(10), "the input", false);

        assertThat(line).contains("250,000 events").contains("25,000 events/s").contains("25% of the input")
                .contains("elapsed 0:10").contains("left ~0:30");
    }

    @Test
    void shouldLeaveOutShareAndTimeLeftWhenTheTotalIsUnknown() {
        String line = TerminalProgress.eventsLine(1_000, Double.NaN, Duration.ofSeconds(2), "the input", false);

        assertThat(line).contains("1,000 events").contains("500 events/s").doesNotContain("%").doesNotContain("left");
    }

    @Test
    void shouldSayNothingOfTimeLeftBeforeAnythingIsDoneAndCountHours() {
        assertThat(TerminalProgress.timeLeft(0, Duration.ofSeconds(5))).isEqualTo("?");
        assertThat(TerminalProgress.timeLeft(0.5, Duration.ofMinutes(90))).isEqualTo("~1:30:00");
        assertThat(TerminalProgress.clock(Duration.ofSeconds(3725))).isEqualTo("1:02:05");
    }
}
