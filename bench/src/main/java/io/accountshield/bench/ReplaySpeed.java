package io.accountshield.bench;

import io.accountshield.streams.StreamsApp;
import io.accountshield.streams.replay.Replay;
import io.accountshield.streams.replay.ReplayCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * The replay over the backlog's JSONL file: in this process through the {@code replay} command
 * itself (JVM start excluded), and as {@code java -jar streams-app.jar replay} (JVM start included).
 * Both run the default clock tail (the longest quiet period plus an hour), as a user's replay does.
 */
final class ReplaySpeed {

    /**
     * @param events      events the replay processed
     * @param replayNanos the replay's own timer (parsing, the topology, the tail), in process only; else the wall time
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

    private static final Pattern REPLAYED = Pattern.compile("replayed ([\\d,]+) events");

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
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-jar", jar.toString(), "replay",
                "--events", events.toString(), "--out", decisions.toString(), "--quiet"));
        if (config != null) {
            command.addAll(List.of("--config", config.toString()));
        }
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(30, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("the child replay did not finish in 30 minutes");
        }
        long wall = System.nanoTime() - started;
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Matcher replayed = REPLAYED.matcher(output);
        if (process.exitValue() != 0 || !replayed.find()) {
            throw new IllegalStateException("the child replay failed (exit " + process.exitValue() + "): " + output.strip());
        }
        return new Result(Long.parseLong(replayed.group(1).replace(",", "")), wall, wall);
    }
}
