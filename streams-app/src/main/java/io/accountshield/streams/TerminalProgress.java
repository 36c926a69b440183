package io.accountshield.streams;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Progress of a long run for the person watching it: on a terminal, one line rewritten in place a few
 * times a second; elsewhere (a log, a pipe), a plain line now and then, so a log still shows the run
 * is alive without a line per tick. It writes only to the stream it is given (standard error for the
 * commands that write files), never into an output file. Safe to call from several threads.
 */
public final class TerminalProgress {

    /** How often the line in place is redrawn on a terminal. */
    public static final Duration TERMINAL_INTERVAL = Duration.ofMillis(500);
    /** How often a plain progress line is written when the output is not a terminal. */
    public static final Duration PLAIN_INTERVAL = Duration.ofSeconds(10);

    private final PrintWriter out;
    private final boolean interactive;
    private final boolean quiet;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private long lastShownNanos;
    /** Length of the line now on the terminal, to blank what a shorter one would leave behind; 0 when none is open. */
    private int openLength;

    /** On a terminal when this JVM has a console (standard input and output are a terminal); quiet shows nothing. */
    public TerminalProgress(PrintWriter out, boolean quiet) {
        this(out, System.console() != null, quiet, PLAIN_INTERVAL, System::nanoTime);
    }

    /**
     * @param interactive   rewrite one line in place (a terminal) rather than write plain lines
     * @param plainInterval how often a plain line may be written when not interactive (zero: at every update)
     * @param nanoClock     the time, for the intervals (System::nanoTime)
     */
    public TerminalProgress(PrintWriter out, boolean interactive, boolean quiet, Duration plainInterval, LongSupplier nanoClock) {
        this.out = out;
        this.interactive = interactive;
        this.quiet = quiet;
        this.intervalNanos = (interactive ? TERMINAL_INTERVAL : plainInterval).toNanos();
        this.nanoClock = nanoClock;
        this.lastShownNanos = nanoClock.getAsLong();
    }

    public boolean interactive() {
        return interactive;
    }

    /** Shows the line if the last one is old enough; the text is built only then. */
    public synchronized void update(java.util.function.Supplier<String> line) {
        if (quiet) {
            return;
        }
        long now = nanoClock.getAsLong();
        if (now - lastShownNanos < intervalNanos) {
            return;
        }
        lastShownNanos = now;
        show(line.get());
    }

    /**
     * The run's last progress line: on a terminal it replaces the line in place and ends it; a plain
     * output gets nothing, since the command's own summary follows.
     */
    public synchronized void finish(String line) {
        if (quiet || !interactive) {
            return;
        }
        show(line);
        endLine();
    }

    /** A message of its own (not progress): it ends the line in place first, and is shown even when quiet. */
    public synchronized void println(String message) {
        if (openLength > 0) {
            out.print("\r" + message + " ".repeat(Math.max(0, openLength - message.length())) + System.lineSeparator());
            openLength = 0;
        } else {
            out.println(message);
        }
        out.flush();
    }

    /** Ends the line in place, if one is open, so that what is printed next starts on its own line. */
    public synchronized void endLine() {
        if (openLength > 0) {
            out.println();
            out.flush();
            openLength = 0;
        }
    }

    private void show(String line) {
        if (interactive) {
            out.print("\r" + line + " ".repeat(Math.max(0, openLength - line.length())));
            openLength = Math.max(1, line.length());
        } else {
            out.println(line);
        }
        out.flush();
    }

    /**
     * Progress through a count of events: done, rate, how far, elapsed and time left.
     *
     * @param fraction how far through the whole run (0 to 1), or NaN when unknown (no time left is shown)
     * @param of       what the fraction is of ("the scenario", "the input")
     */
    public void events(long events, double fraction, Duration elapsed, String of) {
        update(() -> eventsLine(events, fraction, elapsed, of, false));
    }

    /** The line {@link #events} shows. */
    public static String eventsLine(long events, double fraction, Duration elapsed, String of, boolean finished) {
        double seconds = Math.max(elapsed.toNanos() / 1e9, 1e-9);
        StringBuilder line = new StringBuilder(String.format("%,12d events  %,10.0f events/s", events, events / seconds));
        if (!Double.isNaN(fraction)) {
            line.append(String.format("  %3.0f%% of %s", 100 * Math.min(1, fraction), of));
        }
        line.append("  elapsed ").append(clock(elapsed));
        if (finished) {
            line.append("  done");
        } else if (!Double.isNaN(fraction)) {
            line.append("  left ").append(timeLeft(fraction, elapsed));
        }
        return line.toString();
    }

    /** Time left if the rest goes as fast as what is done: {@code ~1:05}, or {@code ?} before anything is done. */
    public static String timeLeft(double fraction, Duration elapsed) {
        if (!(fraction > 0)) {
            return "?";
        }
        double left = elapsed.toMillis() * (1 - Math.min(1, fraction)) / fraction;
        return "~" + clock(Duration.ofMillis((long) left));
    }

    /** {@code m:ss}, or {@code h:mm:ss} from an hour. */
    public static String clock(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String.format("%d:%02d", s / 60, s % 60);
    }
}
