package io.accountshield.streams.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.accountshield.streams.StreamsApp;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replay command against the contract ({@code docs/replay-format.md}). The fixture's
 * expected decisions were worked out by hand from the default rules: see
 * {@code src/test/resources/replay/README.md}.
 */
class ReplayTest {

    @TempDir
    Path dir;

    @Test
    void shouldReplayTheSmallFixtureToTheExpectedDecisionsByteForByte() throws IOException {
        Path events = fixture("small-events.jsonl");
        Path out = dir.resolve("decisions.jsonl");

        int exit = StreamsApp.run("replay", "--events", events.toString(), "--out", out.toString(),
                "--dead-letter", dir.resolve("dead.jsonl").toString());

        assertThat(exit).isZero();
        assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(fixture("small-decisions.jsonl")));
    }

    @Test
    void shouldWriteEveryBadLineToTheDeadLetterFileWithItsLineNumberAndReason() throws IOException {
        Path deadLetter = dir.resolve("dead.jsonl");

        StreamsApp.run("replay", "--events", fixture("small-events.jsonl").toString(),
                "--out", dir.resolve("decisions.jsonl").toString(), "--dead-letter", deadLetter.toString());

        List<String> rejected = Files.readAllLines(deadLetter, StandardCharsets.UTF_8);
        assertThat(rejected).hasSize(8);
        assertThat(rejected.get(0)).startsWith("{\"line\":142,\"reason\":\"not valid JSON:").endsWith("\"text\":\"this is not json\"}");
        assertThat(rejected.get(1)).startsWith("{\"line\":143,\"reason\":\"not a JSON object\"");
        assertThat(rejected.get(2)).startsWith("{\"line\":144,\"reason\":\"unknown type 'FriendRemoved';");
        assertThat(rejected.get(3)).startsWith("{\"line\":145,\"reason\":\"missing required field 'nonFriendMemberCount'\"");
        assertThat(rejected.get(4)).startsWith("{\"line\":146,\"reason\":\"field 'memberCount' must not be negative, was -3\"");
        assertThat(rejected.get(5)).startsWith("{\"line\":147,\"reason\":\"field 'occurredAt' must be an integer of epoch milliseconds, was string \\\"soon\\\"\"");
        assertThat(rejected.get(6)).startsWith("{\"line\":148,\"reason\":\"field 'source' has unknown value 'CARRIER_PIGEON';");
        assertThat(rejected.get(7)).startsWith("{\"line\":149,\"reason\":\"accountId must not be empty\"");
    }

    @Test
    void shouldFileAnEventTheTopologySetsAsideUnderItsLineNumberAndGoOn() throws IOException {
        Path events = dir.resolve("events.jsonl");
        Files.write(events, List.of(
                "{\"type\":\"FriendAdded\",\"accountId\":\"a1\",\"occurredAt\":1780000000000,\"friendAccountId\":\"u1\",\"source\":\"QR_CODE\",\"mutual\":true,\"deviceId\":\"d\"}",
                "{\"type\":\"FriendAdded\",\"accountId\":\"a1\",\"occurredAt\":5,\"friendAccountId\":\"u2\",\"source\":\"QR_CODE\",\"mutual\":true,\"deviceId\":\"d\"}",
                "{\"type\":\"FriendAdded\",\"accountId\":\"a1\",\"occurredAt\":1780000001000,\"friendAccountId\":\"u3\",\"source\":\"QR_CODE\",\"mutual\":true,\"deviceId\":\"d\"}",
                // Microseconds instead of milliseconds: year 58,000. Set aside, not a clock run for millennia.
                "{\"type\":\"FriendAdded\",\"accountId\":\"a1\",\"occurredAt\":1780000002000000,\"friendAccountId\":\"u4\",\"source\":\"QR_CODE\",\"mutual\":true,\"deviceId\":\"d\"}"),
                StandardCharsets.UTF_8);
        Path deadLetter = dir.resolve("dead.jsonl");
        java.io.StringWriter terminal = new java.io.StringWriter();

        picocli.CommandLine command = StreamsApp.commandLine();
        command.setErr(new java.io.PrintWriter(terminal));
        int exit = command.execute("replay", "--events", events.toString(),
                "--out", dir.resolve("decisions.jsonl").toString(), "--dead-letter", deadLetter.toString());

        assertThat(exit).as("bad input is not a failed run").isZero();
        List<String> setAside = Files.readAllLines(deadLetter, StandardCharsets.UTF_8);
        assertThat(setAside).hasSize(2);
        assertThat(setAside.get(0)).startsWith("{\"line\":2,\"reason\":\"occurredAt 1970-01-01T00:00:00.005Z is before 2000-01-01T00:00:00Z");
        assertThat(setAside.get(1)).startsWith("{\"line\":4,\"reason\":\"occurredAt +58375").contains("is after 2100-01-01T00:00:00Z");
        assertThat(terminal.toString()).contains("0 lines rejected, 2 events dead-lettered as invalid, 0 events failed in processing")
                .doesNotContain("NOT CLEAN");
    }

    @Test
    void shouldGiveByteIdenticalOutputOnEveryRun() throws IOException {
        Path first = dir.resolve("first.jsonl");
        Path second = dir.resolve("second.jsonl");
        String events = fixture("small-events.jsonl").toString();

        StreamsApp.run("replay", "--events", events, "--out", first.toString());
        StreamsApp.run("replay", "--events", events, "--out", second.toString());

        assertThat(Files.readAllBytes(first)).isNotEmpty().isEqualTo(Files.readAllBytes(second));
    }

    @Test
    void shouldStopTheClockAtTheTailSoReleasesBeyondItDoNotComeOut() throws IOException {
        Path out = dir.resolve("decisions.jsonl");

        StreamsApp.run("replay", "--events", fixture("small-events.jsonl").toString(), "--out", out.toString(), "--tail", "PT1H");

        assertThat(Files.readAllLines(out, StandardCharsets.UTF_8))
                .hasSize(2)
                .allSatisfy(line -> assertThat(line).startsWith("{\"type\":\"ProtectionApplied\""));
    }

    @Test
    void shouldApplyTheConfigurationFile() throws IOException {
        Path config = dir.resolve("shield.properties");
        Files.writeString(config, "rule.friend-add-burst.threshold=101\nrule.stranger-adds.enabled=false\nrule.stranger-add-streak.enabled=false\n");
        Path out = dir.resolve("decisions.jsonl");

        StreamsApp.run("replay", "--events", fixture("small-events.jsonl").toString(), "--out", out.toString(), "--config", config.toString());

        assertThat(Files.readAllLines(out, StandardCharsets.UTF_8)).as("no account reached 101 adds").isEmpty();
    }

    private Path fixture(String name) throws IOException {
        Path copy = dir.resolve("fixture-" + name);
        try (InputStream in = getClass().getResourceAsStream("/replay/" + name)) {
            Files.copy(in, copy);
        }
        return copy;
    }

    @Test
    void shouldWriteAReportOfTheRunWithoutChangingTheDecisions() throws IOException {
        Path out = dir.resolve("decisions.jsonl");
        Path report = dir.resolve("report.html");

        int exit = StreamsApp.run("replay", "--events", fixture("small-events.jsonl").toString(), "--out", out.toString(),
                "--dead-letter", dir.resolve("dead.jsonl").toString(), "--report", report.toString());

        assertThat(exit).isZero();
        assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(fixture("small-decisions.jsonl")));
        String html = Files.readString(report, StandardCharsets.UTF_8);
        assertThat(html).containsPattern("<title>Account Shield replay: [^<]*small-events.jsonl</title>")
                .contains("<th>events replayed</th><td>241</td>").contains("<th>protections applied</th><td>2</td>")
                .contains(ReplayReport.TIME_TO_DECISION_NOTE.replace("'", "&#39;")).contains("score --labels LABELS.jsonl --decisions " + out)
                .contains("\"clock\":\"event\"");
        // The two protections show in the series, and are both released by its end.
        assertThat(html).containsPattern("\"applied\":\\[0\\.0,[^\\]]*2\\.0\\]").containsPattern("\"released\":\\[0\\.0,[^\\]]*2\\.0\\]");
    }

    @Test
    void shouldRefuseAReportInAMissingDirectoryBeforeReplayingAnything() throws IOException {
        Path out = dir.resolve("decisions.jsonl");
        java.io.StringWriter terminal = new java.io.StringWriter();
        picocli.CommandLine command = StreamsApp.commandLine();
        command.setErr(new java.io.PrintWriter(terminal));

        int exit = command.execute("replay", "--events", fixture("small-events.jsonl").toString(), "--out", out.toString(),
                "--report", dir.resolve("missing").resolve("report.html").toString());

        assertThat(exit).isEqualTo(StreamsApp.EXIT_USAGE);
        assertThat(terminal.toString()).startsWith("error: cannot write the report ").contains("does not exist");
        assertThat(out).doesNotExist();
    }

    @Test
    void shouldTellItsProgressEveryThousandLinesAndAtTheEnd() throws IOException {
        List<String> lines = new java.util.ArrayList<>();
        for (int i = 0; i < 2100; i++) {
            lines.add("{\"type\":\"FriendAdded\",\"accountId\":\"a" + (i % 50) + "\",\"occurredAt\":" + (1780000000000L + 1000L * i)
                    + ",\"friendAccountId\":\"u" + i + "\",\"source\":\"QR_CODE\",\"mutual\":true,\"deviceId\":\"d\"}");
        }
        List<long[]> told = new java.util.ArrayList<>();
        List<Double> tail = new java.util.ArrayList<>();
        Replay replay = new Replay(io.accountshield.streams.config.AppConfig.load(null, java.util.Map.of(), java.util.Map.of()), dir)
                .withProgress(new Replay.Progress() {
                    @Override
                    public void progress(long lineCount, long events, java.time.Duration elapsed, boolean finished) {
                        told.add(new long[] {lineCount, events, finished ? 1 : 0});
                    }

                    @Override
                    public void tail(double fraction, java.time.Duration elapsed) {
                        tail.add(fraction);
                    }
                });

        try (java.io.BufferedReader input = new java.io.BufferedReader(new java.io.StringReader(String.join("\n", lines)));
             DecisionJsonWriter decisions = new DecisionJsonWriter(new java.io.StringWriter())) {
            replay.run(input, decisions, (line, reason, text) -> { }, java.time.Duration.ofDays(2));
        }

        assertThat(told).extracting(t -> t[0]).containsExactly(1024L, 2048L, 2100L);
        assertThat(told).extracting(t -> t[1]).containsExactly(1024L, 2048L, 2100L);
        assertThat(told).extracting(t -> t[2]).containsExactly(0L, 0L, 1L);
        // Two days of release checks, one a minute, after the last event: told every 1,024 checks, on the way to the end.
        assertThat(tail).hasSize(2).isSorted().allSatisfy(fraction -> assertThat(fraction).isBetween(0.3, 1.0));
    }

    @Test
    void shouldReplayWithTheDriverWhenTheConfigurationWrapsTheProcessor() throws IOException {
        Path config = dir.resolve("shield.properties");
        Files.writeString(config, "processor.wrapper.class=" + DefectPlantingWrapper.class.getName() + "\n");
        Path events = dir.resolve("events.jsonl");
        Files.write(events, List.of(
                "{\"type\":\"FriendAdded\",\"accountId\":\"a1\",\"occurredAt\":1780000000000,\"friendAccountId\":\"u1\",\"source\":\"QR_CODE\",\"mutual\":true,\"deviceId\":\"d\"}",
                "{\"type\":\"FriendAdded\",\"accountId\":\"" + DefectPlantingWrapper.ACCOUNT
                        + "\",\"occurredAt\":1780000001000,\"friendAccountId\":\"u2\",\"source\":\"QR_CODE\",\"mutual\":true,\"deviceId\":\"d\"}"),
                StandardCharsets.UTF_8);
        Path deadLetter = dir.resolve("dead.jsonl");
        java.io.StringWriter terminal = new java.io.StringWriter();
        picocli.CommandLine command = StreamsApp.commandLine();
        command.setErr(new java.io.PrintWriter(terminal));

        int exit = command.execute("replay", "--events", events.toString(), "--out", dir.resolve("decisions.jsonl").toString(),
                "--config", config.toString(), "--dead-letter", deadLetter.toString(), "--tail", "PT1H");

        assertThat(terminal.toString()).contains("processor.wrapper.class, which only the test driver applies: replaying with --engine driver")
                .contains("NOT CLEAN: 1 events failed inside the topology");
        assertThat(exit).isEqualTo(ReplayCommand.EXIT_PROCESSING_FAILED);
        assertThat(Files.readAllLines(deadLetter, StandardCharsets.UTF_8)).singleElement().asString()
                .startsWith("{\"line\":2,\"reason\":\"processing defect (java.lang.IllegalStateException): a defect planted by a test (DefectPlantingWrapper)");
    }
}
