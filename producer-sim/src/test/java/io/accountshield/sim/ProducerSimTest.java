package io.accountshield.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.accountshield.streams.StreamsApp;
import io.accountshield.streams.replay.InvalidLineException;
import io.accountshield.streams.replay.JsonlEventParser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The simulator's command line, and the newcomer's loop: generate, replay, score. */
class ProducerSimTest {

    private static final String[] SMALL = {"--set", "ordinary.accounts=300", "--set", "migrations.accounts=40",
        "--set", "campaigns.friendAddFlood.accounts=6", "--set", "campaigns.purchasedList.accounts=4",
        "--set", "campaigns.lowAndSlow.accounts=0", "--set", "campaigns.chatroomFlood.accounts=0", "--set", "newcomers.accounts=0",
        "--set", "duration=PT12H"};

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int sim(String... args) {
        CommandLine commandLine = ProducerSim.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    private static String[] with(String[] first, String... more) {
        String[] all = new String[first.length + more.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }

    @Test
    void shouldWriteEventsInTheReplayFormatAndLabelsBesideThem() throws Exception {
        Path events = dir.resolve("events.jsonl");
        Path labels = dir.resolve("labels.jsonl");

        int exit = sim(with(new String[] {"generate", "--out", events.toString(), "--labels", labels.toString(), "--quiet"}, SMALL));

        assertThat(exit).isZero();
        JsonlEventParser contract = new JsonlEventParser();
        List<String> lines = Files.readAllLines(events, StandardCharsets.UTF_8);
        assertThat(lines).hasSizeGreaterThan(1000);
        for (int i = 0; i < lines.size(); i++) {
            try {
                contract.parse(lines.get(i), i + 1);
            } catch (InvalidLineException e) {
                throw new AssertionError("line " + (i + 1) + " breaks the replay contract: " + e.getMessage() + ": " + lines.get(i));
            }
        }
        assertThat(Files.readAllLines(labels)).hasSize(350);
        assertThat(err.toString()).contains("generated " + String.format("%,d", lines.size()) + " events for 350 accounts");
    }

    @Test
    void shouldRunTheNewcomersLoopGenerateReplayScore() throws Exception {
        Path events = dir.resolve("events.jsonl");
        Path labels = dir.resolve("labels.jsonl");
        Path decisions = dir.resolve("decisions.jsonl");

        sim(with(new String[] {"generate", "--out", events.toString(), "--labels", labels.toString(), "--quiet"}, SMALL));
        assertThat(StreamsApp.run("replay", "--events", events.toString(), "--out", decisions.toString())).isZero();
        int exit = sim("score", "--labels", labels.toString(), "--decisions", decisions.toString());

        assertThat(exit).isZero();
        String[] report = out.toString().split("\\R");
        assertThat(report[0]).startsWith("population");
        assertThat(out.toString()).containsPattern("spam: friend-add-flood\\s+6\\s+6\\s+100.00%")
                .containsPattern("ordinary users\\s+300\\s+0\\s+0.00%");
        assertThat(report[report.length - 1]).startsWith("{\"spam: friend-add-flood\":{\"accounts\":6,\"protected\":6,\"share\":1.0");
    }

    @Test
    void shouldNameTheScenarioFieldThatIsWrong() throws Exception {
        Path scenario = Files.writeString(dir.resolve("bad.yaml"), "campaigns:\n  purchasedList:\n    listsize: {min: 1, max: 2}\n");

        int exit = sim("generate", "--scenario", scenario.toString(), "--out", dir.resolve("e.jsonl").toString());

        assertThat(exit).isEqualTo(ProducerSim.EXIT_USAGE);
        assertThat(err.toString()).startsWith("error: " + scenario + ": unknown field 'listsize' in campaigns.purchasedList; expected one of:")
                .doesNotContain("\tat ");
    }

    @Test
    void shouldPlayABuiltInScenarioByName() throws Exception {
        Path events = dir.resolve("events.jsonl");
        Path labels = dir.resolve("labels.jsonl");

        int exit = sim(with(new String[] {"generate", "--scenario", "other-world", "--out", events.toString(), "--labels", labels.toString(),
            "--quiet"}, SMALL));

        assertThat(exit).isZero();
        // other-world sets the seed to 7 and a 1% share of power users among the ordinary.
        assertThat(err.toString()).contains("seed 7;").contains("ordinary/power-user").contains("delivered late (up to 5,000 ms)");
    }

    @Test
    void shouldRequireExactlyOneDestination() {
        assertThat(sim("generate")).isEqualTo(ProducerSim.EXIT_USAGE);
        assertThat(err.toString()).contains("Missing required argument").contains("--out=EVENTS.jsonl").contains("--bootstrap-servers=HOST:PORT");
    }

    @Test
    void shouldFailClearlyWhenNoBrokerAnswers() throws Exception {
        int freePort;
        try (ServerSocket socket = new ServerSocket(0)) {
            freePort = socket.getLocalPort();
        }

        int exit = sim(with(new String[] {"generate", "--bootstrap-servers", "127.0.0.1:" + freePort, "--connect-timeout", "PT2S", "--quiet"}, SMALL));

        assertThat(exit).isEqualTo(ProducerSim.EXIT_USAGE);
        assertThat(err.toString()).isEqualTo("error: cannot reach Kafka at 127.0.0.1:" + freePort
                + " within 2 s; check --bootstrap-servers and that the broker is running" + System.lineSeparator());
    }

    @Test
    void shouldRejectANonPositiveSpeed() {
        int exit = sim("generate", "--out", dir.resolve("e.jsonl").toString(), "--clock", "compressed", "--speed", "0");

        assertThat(exit).isEqualTo(ProducerSim.EXIT_USAGE);
        assertThat(err.toString()).contains("--speed must be greater than 0, was 0.0");
    }

    @Test
    void shouldSayWhichLabelsFileIsMissing() {
        int exit = sim("score", "--labels", dir.resolve("none.jsonl").toString(), "--decisions", dir.resolve("d.jsonl").toString());

        assertThat(exit).isEqualTo(ProducerSim.EXIT_USAGE);
        assertThat(err.toString()).contains("error: labels file").contains("none.jsonl does not exist");
    }
}
