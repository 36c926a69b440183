package io.accountshield.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A JVM of its own, started from this one with this JVM's {@code java} and no JVM options (the
 * defaults, as a user's {@code java -jar}), run to its end with its output in a log.
 *
 * @param exit      the process's exit code
 * @param output    what it printed, standard error included
 * @param wallNanos from its start to its end, the JVM's start included
 */
record ChildJvm(int exit, String output, long wallNanos) {

    /**
     * @param arguments what follows {@code java} on the command line
     * @param what      names the child in the error when it does not finish in time
     */
    static ChildJvm run(List<String> arguments, Path log, Duration timeout, String what) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(arguments);
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(what + " did not finish in " + timeout.toMinutes() + " minutes");
        }
        long wall = System.nanoTime() - started;
        return new ChildJvm(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8), wall);
    }

    /** A main class of this JVM's class path (the bench jar holds kafka-tools and the application) in a JVM of its own. */
    static ChildJvm runMain(String mainClass, List<String> arguments, Path log, Duration timeout) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(arguments);
        return run(command, log, timeout, mainClass);
    }
}
