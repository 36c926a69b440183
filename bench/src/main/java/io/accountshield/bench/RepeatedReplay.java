package io.accountshield.bench;

import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The {@code replay} command run several times over the same file in this JVM, which the harness
 * starts as a JVM of its own: the later runs measure the replay with the compiler warm, neither the
 * JVM's start nor the harness's other parts (the broker, and the pipelines, whose use of the same
 * processor with other stores would shape its compiled code) in them. One line per run on standard
 * output: {@code run I of N: EVENTS events in NANOS ns}.
 */
final class RepeatedReplay {

    private static final String RUN_LINE_FORMAT = "run %d of %d: %d events in %d ns%n";
    /** A line {@link #RUN_LINE_FORMAT} wrote: the run, of how many, its events and its nanoseconds. */
    static final Pattern RUN_LINE = Pattern.compile("run (\\d+) of (\\d+): (\\d+) events in (\\d+) ns");

    private RepeatedReplay() {
    }

    /** Arguments: TIMES EVENTS.jsonl DECISIONS.jsonl [CONFIG]. */
    public static void main(String[] args) {
        if (args.length < 3 || args.length > 4) {
            System.err.println("usage: RepeatedReplay TIMES EVENTS.jsonl DECISIONS.jsonl [CONFIG]");
            System.exit(2);
        }
        int times = Integer.parseInt(args[0]);
        Path config = args.length == 4 ? Path.of(args[3]) : null;
        for (int run = 1; run <= times; run++) {
            ReplaySpeed.Result result = ReplaySpeed.inProcess(Path.of(args[1]), Path.of(args[2]), config);
            System.out.printf(Locale.ROOT, RUN_LINE_FORMAT, run, times, result.events(), result.replayNanos());
        }
    }
}
