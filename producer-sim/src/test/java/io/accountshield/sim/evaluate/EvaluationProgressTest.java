package io.accountshield.sim.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import io.accountshield.streams.TerminalProgress;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** An evaluation's progress across cases that run side by side: cases done, events replayed, rate, time left. */
class EvaluationProgressTest {

    private final StringWriter written = new StringWriter();
    private final AtomicLong nanos = new AtomicLong();

    private EvaluationProgress progress(int cases, boolean interactive) {
        TerminalProgress terminal = new TerminalProgress(new PrintWriter(written, true), interactive, false, Duration.ofSeconds(10), nanos::get);
        return new EvaluationProgress(terminal, cases, nanos::get);
    }

    @Test
    void shouldCountACaseAQuarterDoneWhenGeneratedAndTheRestAsItsReplayGoes() {
        EvaluationProgress progress = progress(2, true);
        nanos.set(Duration.ofSeconds(20).toNanos());

        progress.forCase(0).replaying(500_000, 1_000_000);
        progress.forCase(1).generating(1.0);

        // Case 0: 0.25 + 0.75 / 2; case 1: 0.25; of two cases, 43.75%.
        assertThat(progress.line()).contains("cases 0/2 done").contains("500,000 events replayed").contains("25,000 events/s")
                .contains(" 44% of the suite").contains("elapsed 0:20").contains("left ~0:25");
    }

    @Test
    void shouldRewriteTheLineInPlaceAndPrintEachFinishedCaseOnItsOwnLine() {
        EvaluationProgress progress = progress(2, true);
        nanos.set(Duration.ofSeconds(1).toNanos());

        progress.forCase(0).generating(0.5);
        progress.caseDone(0, 1_000, "[1/2] seed-1: 1,000 events");
        nanos.set(Duration.ofSeconds(2).toNanos());
        progress.forCase(1).replaying(10, 100);
        progress.finish();

        String[] lines = written.toString().split(System.lineSeparator());
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).startsWith("\rcases 0/2 done").contains("\r[1/2] seed-1: 1,000 events");
        assertThat(lines[1]).startsWith("\rcases 1/2 done");
        assertThat(progress.line()).contains("cases 1/2 done");
    }

    @Test
    void shouldSayTheTimeLeftIsUnknownBeforeAnyCaseMoves() {
        EvaluationProgress progress = progress(3, false);
        nanos.set(Duration.ofSeconds(1).toNanos());

        assertThat(progress.line()).contains("cases 0/3 done").contains("0% of the suite").contains("left ?");
    }
}
