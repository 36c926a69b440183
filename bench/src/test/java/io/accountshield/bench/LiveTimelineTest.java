package io.accountshield.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiveTimelineTest {

    private static final long QUARTER = 250_000_000L;

    /**
     * Sample i at i quarter-seconds: everything counts up by 10 an interval, but the stream thread processes nothing from 8 to 12;
     * the stream thread's CPU grows by 100 ms an interval, the whole process's by 350 ms.
     */
    private static List<LiveTimeline.Sample> samples(int count) {
        return samples(count, true);
    }

    private static List<LiveTimeline.Sample> samples(int count, boolean processCpuMeasurable) {
        List<LiveTimeline.Sample> samples = new ArrayList<>();
        long processed = 0;
        for (int i = 0; i < count; i++) {
            if (i > 0 && (i <= 8 || i > 12)) {
                processed += 10;
            }
            samples.add(new LiveTimeline.Sample(i * QUARTER, 1_000_000 + i * 250L, 10L * i, 10L * i, processed, i, i / 4,
                    i * 100_000_000L, processCpuMeasurable ? i * 350_000_000L : -1, i, i, 3L * i, i % 2, 2048L * i));
        }
        return samples;
    }

    @Test
    void shouldTakeTheSamplesOfTheWindowWithAFewEitherSide() {
        // Given a sample every quarter second for 10 s
        List<LiveTimeline.Sample> all = samples(40);

        // When the window from 3 s to 5 s is taken
        List<LiveTimeline.Sample> around = LiveTimeline.around(all, 12 * QUARTER, 20 * QUARTER);

        // Then it holds samples 12..20 and the margin on either side
        assertThat(around.get(0).nanos()).isEqualTo((12 - LiveTimeline.MARGIN_SAMPLES) * QUARTER);
        assertThat(around.get(around.size() - 1).nanos()).isEqualTo((20 + LiveTimeline.MARGIN_SAMPLES) * QUARTER);
    }

    @Test
    void shouldStopAtTheEdgesOfWhatWasSampledAndAtTheMostRows() {
        // Given samples for 30 s
        List<LiveTimeline.Sample> all = samples(120);

        // When a window begins before the first sample, and another lasts longer than the rows allowed
        List<LiveTimeline.Sample> early = LiveTimeline.around(all, -5 * QUARTER, 2 * QUARTER);
        List<LiveTimeline.Sample> longWindow = LiveTimeline.around(all, 10 * QUARTER, 119 * QUARTER);

        // Then the first starts at the first sample, and the second has one sample more than the most rows
        assertThat(early.get(0).nanos()).isZero();
        assertThat(early).hasSize(2 + 1 + LiveTimeline.MARGIN_SAMPLES);
        assertThat(longWindow).hasSize(LiveTimeline.MAX_ROWS + 1);
    }

    @Test
    void shouldShowEachIntervalsIncreaseSoThatTheCounterThatStoppedStandsOut() {
        // Given a window over the stretch where processing stopped, from the sent moment at 2 s
        LiveTimeline.Window window = new LiveTimeline.Window("protection", "attacker-7", 8 * QUARTER, 8 * QUARTER + 5_000_000L,
                13 * QUARTER, 14 * QUARTER, LiveTimeline.around(samples(20), 8 * QUARTER, 14 * QUARTER));

        // When it is rendered
        StringBuilder md = new StringBuilder();
        LiveTimeline.render(md, "**A stall**", window);

        // Then the moments are relative to the send, and each row holds the increase over the interval ending at its time
        String text = md.toString();
        // (sample 4, the window's first, was taken at 1,001,000 ms after the epoch, 1 s before the send)
        assertThat(text).contains("protection of `attacker-7`. Sent at 0 s (1970-01-01T00:16:42Z), acknowledged by the broker at 0.01 s, "
                + "written at 1.25 s, readable at 1.50 s");
        assertThat(text).contains("| +0.00 | 10 | 10 | 10 | 1 | 1 | 100 | 250 | 3 | 1 | 1 | 0 | 16.0 KiB |");
        assertThat(text).contains("| +0.75 | 10 | 10 | 0 | 1 | 0 | 100 | 250 | 3 | 1 | 1 | 1 | 22.0 KiB |");
        assertThat(text).contains("| +1.25 | 10 | 10 | 10 | 1 | 0 | 100 | 250 | 3 | 1 | 1 | 1 | 26.0 KiB |");
    }

    @Test
    void shouldSayNotAvailableWhereTheJvmCannotTellTheProcesssCpu() {
        // Given samples from a JVM without the process's CPU time (CpuUse.processNow gives -1)
        LiveTimeline.Window window = new LiveTimeline.Window("protection", "attacker-7", 8 * QUARTER, 8 * QUARTER + 5_000_000L,
                13 * QUARTER, 14 * QUARTER, LiveTimeline.around(samples(20, false), 8 * QUARTER, 14 * QUARTER));

        // When it is rendered
        StringBuilder md = new StringBuilder();
        LiveTimeline.render(md, "**A stall**", window);

        // Then the rest of the process's CPU is not a difference of the stream thread's from nothing
        assertThat(md.toString()).contains("| +0.00 | 10 | 10 | 10 | 1 | 1 | 100 | n/a | 3 | 1 | 1 | 0 | 16.0 KiB |")
                .doesNotContain("| -100 |");
    }
}
