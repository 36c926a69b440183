package io.accountshield.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Wrong flags, files and values stop the program with a message that names them, not a stack trace. */
class StreamsAppTest {

    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();
    private final StringWriter out = new StringWriter();

    private int run(String... args) {
        CommandLine commandLine = StreamsApp.commandLine();
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setOut(new PrintWriter(out, true));
        return commandLine.execute(args);
    }

    @Test
    void shouldRejectAnUnknownFlagNamingIt() {
        int exit = run("replay", "--events", "x.jsonl", "--out", "y.jsonl", "--speed", "fast");

        assertThat(exit).isEqualTo(StreamsApp.EXIT_USAGE);
        assertThat(err.toString()).contains("Unknown options: '--speed'").doesNotContain("at io.accountshield");
    }

    @Test
    void shouldRequireTheEventsAndOutFiles() {
        int exit = run("replay", "--out", "y.jsonl");

        assertThat(exit).isEqualTo(StreamsApp.EXIT_USAGE);
        assertThat(err.toString()).contains("Missing required option: '--events=EVENTS.jsonl'");
    }

    @Test
    void shouldRejectAMalformedTail() {
        int exit = run("replay", "--events", "x.jsonl", "--out", "y.jsonl", "--tail", "25 hours");

        assertThat(exit).isEqualTo(StreamsApp.EXIT_USAGE);
        assertThat(err.toString()).contains("'25 hours' is not an ISO-8601 duration");
    }

    @Test
    void shouldSayWhichEventsFileIsMissing() {
        Path missing = dir.resolve("nowhere.jsonl");

        int exit = run("replay", "--events", missing.toString(), "--out", dir.resolve("out.jsonl").toString());

        assertThat(exit).isEqualTo(StreamsApp.EXIT_USAGE);
        assertThat(err.toString()).isEqualTo("error: events file " + missing + " does not exist" + System.lineSeparator());
    }

    @Test
    void shouldSayWhichConfigurationValueIsWrong() throws Exception {
        Path events = Files.writeString(dir.resolve("events.jsonl"), "");
        Path config = Files.writeString(dir.resolve("shield.properties"), "protection.quiet-period=a day\n");

        int exit = run("replay", "--events", events.toString(), "--out", dir.resolve("out.jsonl").toString(), "--config", config.toString());

        assertThat(exit).isEqualTo(StreamsApp.EXIT_USAGE);
        assertThat(err.toString()).startsWith("error: Invalid value a day for configuration protection.quiet-period")
                .contains("ISO-8601 duration");
    }

    @Test
    void shouldSayWhichConfigurationFileIsMissing() {
        int exit = run("replay", "--events", "x.jsonl", "--out", "y.jsonl", "--config", dir.resolve("nope.properties").toString());

        assertThat(exit).isEqualTo(StreamsApp.EXIT_USAGE);
        assertThat(err.toString()).contains("error: configuration file").contains("nope.properties does not exist");
    }

    @Test
    void shouldPrintTheConfigurationTable() {
        int exit = run("config-table");

        assertThat(exit).isZero();
        assertThat(out.toString()).startsWith("| setting | default | meaning |").contains("| `protection.quiet-period` | `PT24H` |");
    }
}
