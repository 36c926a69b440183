package io.accountshield.sim;

import io.accountshield.sim.traffic.Simulation;
import java.io.PrintWriter;
import java.time.Duration;

/** Progress on the terminal for long runs: events, rate, elapsed and estimated time left. */
final class TerminalProgress implements Simulation.ProgressListener {

    private final PrintWriter out;
    private final boolean interactive;
    private final boolean quiet;

    TerminalProgress(PrintWriter out, boolean quiet) {
        this.out = out;
        this.interactive = System.console() != null;
        this.quiet = quiet;
    }

    @Override
    public void progress(long events, double scenarioFraction, Duration elapsed, boolean finished) {
        if (quiet || finished && !interactive) {
            return;
        }
        double seconds = Math.max(elapsed.toNanos() / 1e9, 1e-9);
        String line = String.format("%,12d events  %,10.0f events/s  %3.0f%% of the scenario  elapsed %s  left %s",
                events, events / seconds, 100 * scenarioFraction, clock(elapsed),
                scenarioFraction > 0 && !finished ? "~" + clock(Duration.ofMillis((long) (elapsed.toMillis() * (1 - scenarioFraction) / scenarioFraction))) : "0:00");
        if (interactive) {
            out.print("\r" + line + (finished ? System.lineSeparator() : ""));
        } else {
            out.println(line);
        }
        out.flush();
    }

    private static String clock(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String.format("%d:%02d", s / 60, s % 60);
    }
}
