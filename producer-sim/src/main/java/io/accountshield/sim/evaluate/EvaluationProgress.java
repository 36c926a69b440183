package io.accountshield.sim.evaluate;

import io.accountshield.streams.TerminalProgress;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * How far an evaluation is, across cases that may run side by side: cases done, events replayed,
 * the replay rate, and the time left if the rest goes as fast. A case counts as a quarter done once
 * its traffic is generated (generating is about three times faster than replaying) and the rest
 * as its replay goes through the events.
 */
final class EvaluationProgress {

    /** The share of a case's time that generating its traffic takes. */
    static final double GENERATE_SHARE = 0.25;

    /** Told how far one case is; called from the thread that runs it. */
    interface CaseProgress {
        /** @param fraction how far through the scenario's traffic */
        void generating(double fraction);

        /** @param total the events the case generated */
        void replaying(long events, long total);

        CaseProgress NONE = new CaseProgress() {
            @Override
            public void generating(double fraction) {
            }

            @Override
            public void replaying(long events, long total) {
            }
        };
    }

    private final TerminalProgress terminal;
    private final LongSupplier nanoClock;
    private final long startedNanos;
    private final double[] fractions;
    private final long[] replayed;
    private int done;

    EvaluationProgress(TerminalProgress terminal, int cases, LongSupplier nanoClock) {
        this.terminal = terminal;
        this.nanoClock = nanoClock;
        this.startedNanos = nanoClock.getAsLong();
        this.fractions = new double[cases];
        this.replayed = new long[cases];
    }

    CaseProgress forCase(int index) {
        return new CaseProgress() {
            @Override
            public void generating(double fraction) {
                update(index, GENERATE_SHARE * Math.min(1, fraction), 0);
            }

            @Override
            public void replaying(long events, long total) {
                update(index, GENERATE_SHARE + (1 - GENERATE_SHARE) * (total == 0 ? 1 : Math.min(1.0, events / (double) total)), events);
            }
        };
    }

    /** A case is done: its line, which ends the progress line in place. */
    synchronized void caseDone(int index, long events, String message) {
        fractions[index] = 1;
        replayed[index] = events;
        done++;
        terminal.println(message);
    }

    /** A message of its own, such as a case starting. */
    void println(String message) {
        terminal.println(message);
    }

    private synchronized void update(int index, double fraction, long events) {
        fractions[index] = fraction;
        replayed[index] = events;
        terminal.update(this::line);
    }

    synchronized String line() {
        Duration elapsed = Duration.ofNanos(nanoClock.getAsLong() - startedNanos);
        double fraction = 0;
        long events = 0;
        for (int i = 0; i < fractions.length; i++) {
            fraction += fractions[i];
            events += replayed[i];
        }
        fraction /= fractions.length;
        double seconds = Math.max(elapsed.toNanos() / 1e9, 1e-9);
        return String.format("cases %d/%d done  %,12d events replayed  %,9.0f events/s  %3.0f%% of the suite  elapsed %s  left %s",
                done, fractions.length, events, events / seconds, 100 * fraction, TerminalProgress.clock(elapsed),
                TerminalProgress.timeLeft(fraction, elapsed));
    }

    /** Ends the line in place before the results are printed. */
    void finish() {
        terminal.endLine();
    }
}
