package io.accountshield.bench;

import io.accountshield.streams.StreamsApp;
import io.accountshield.streams.replay.Replay;
import io.accountshield.streams.replay.ReplayCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * The replay over the backlog's JSONL file: as {@code java -jar streams-app.jar replay} (by its own
 * timer, the compiler cold, and with JVM start); run several times in a JVM of its own, the last run
 * with the compiler warm ({@link RepeatedReplay}); and in this process through the {@code replay}
 * command itself, after the harness's pipelines. All run the default clock tail (the longest quiet
 * period plus an hour), as a user's replay does.
 */
final class ReplaySpeed {

    /**
     * @param events      events the replay processed
     * @param replayNanos the replay's own timer (parsing, the topology, the tail)
     * @param wallNanos   around the whole command (in process) or the child process
     */
    record Result(long events, long replayNanos, long wallNanos) {
        double rate() {
            return events / (replayNanos / 1e9);
        }

        double wallRate() {
            return events / (wallNanos / 1e9);
        }
    }

    /** The replay command's summary: events, and its own timer's rate, in whole numbers grouped as the child's locale groups them. */
    private static final Pattern REPLAYED = Pattern.compile("replayed (\\S+) events .* \\((\\S+) events/s\\)");
    private static final Duration CHILD_TIMEOUT = Duration.ofMinutes(30);

    private ReplaySpeed() {
    }

    static Result inProcess(Path events, Path decisions, Path config) {
        long[] done = new long[2];
        Replay.Progress progress = (lines, replayed, elapsed, finished) -> {
            if (finished) {
                done[0] = replayed;
                done[1] = elapsed.toNanos();
            }
        };
        List<String> args = new ArrayList<>(List.of("--events", events.toString(), "--out", decisions.toString(), "--quiet"));
        if (config != null) {
            args.addAll(List.of("--config", config.toString()));
        }
        StringWriter messages = new StringWriter();
        CommandLine replay = StreamsApp.withUserErrors(new CommandLine(new ReplayCommand(progress)));
        replay.setOut(new PrintWriter(messages, true));
        replay.setErr(new PrintWriter(messages, true));
        long started = System.nanoTime();
        int exit = replay.execute(args.toArray(String[]::new));
        long wall = System.nanoTime() - started;
        if (exit != 0) {
            throw new IllegalStateException("the replay failed (exit " + exit + "): " + messages.toString().strip());
        }
        return new Result(done[0], done[1], wall);
    }

    /** @return null when the jar is not there (built by {@code mvn package}) */
    static Result childJvm(Path jar, Path events, Path decisions, Path config, Path log) throws IOException, InterruptedException {
        if (jar == null || !Files.isRegularFile(jar)) {
            return null;
        }
        List<String> arguments = new ArrayList<>(List.of("-jar", jar.toString(), "replay",
                "--events", events.toString(), "--out", decisions.toString(), "--quiet"));
        if (config != null) {
            arguments.addAll(List.of("--config", config.toString()));
        }
        ChildJvm child = ChildJvm.run(arguments, log, CHILD_TIMEOUT, "the child replay");
        long wall = child.wallNanos();
        String output = child.output();
        Matcher replayed = REPLAYED.matcher(output);
        if (child.exit() != 0 || !replayed.find()) {
            throw new IllegalStateException("the child replay failed (exit " + child.exit() + "): " + output.strip());
        }
        long replayedEvents = wholeNumber(replayed.group(1));
        // The summary's rate is the replay's own timer to the event a second; its seconds are rounded to a tenth.
        double ownRate = wholeNumber(replayed.group(2));
        return new Result(replayedEvents, ownRate > 0 ? (long) (replayedEvents / ownRate * 1e9) : wall, wall);
    }

    /**
     * The replay run {@code times} times in a JVM of its own started with this JVM's class path and
     * no options (the JVM's defaults, as a user's); the last run's figures, whose {@code wallNanos} is
     * the whole child process (its start and every run), not the run's.
     */
    static Result warmChildJvm(int times, Path events, Path decisions, Path config, Path log) throws IOException, InterruptedException {
        List<String> arguments = new ArrayList<>(List.of(String.valueOf(times), events.toString(), decisions.toString()));
        if (config != null) {
            arguments.add(config.toString());
        }
        ChildJvm child = ChildJvm.runMain(RepeatedReplay.class.getName(), arguments, log, CHILD_TIMEOUT);
        long wall = child.wallNanos();
        String output = child.output();
        Matcher run = RepeatedReplay.RUN_LINE.matcher(output);
        Result last = null;
        int runs = 0;
        while (run.find()) {
            runs++;
            if (run.group(1).equals(run.group(2))) {
                last = new Result(Long.parseLong(run.group(3)), Long.parseLong(run.group(4)), wall);
            }
        }
        if (child.exit() != 0 || runs != times || last == null) {
            throw new IllegalStateException("the repeated replay failed (exit " + child.exit() + ", " + runs + " of " + times
                    + " runs reported): " + output.strip());
        }
        return last;
    }

    /** A whole number as the replay prints it ({@code %,d} or {@code %,.0f}): its digits, whatever the locale's grouping. */
    private static long wholeNumber(String grouped) {
        String digits = grouped.replaceAll("\\D", "");
        if (digits.isEmpty()) {
            throw new IllegalStateException("not a number in the replay's summary: " + grouped);
        }
        return Long.parseLong(digits);
    }
}
