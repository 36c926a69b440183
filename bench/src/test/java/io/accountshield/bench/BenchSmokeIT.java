package io.accountshield.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The harness at a few thousand events, so that it cannot rot: every section is in the report and
 * every application read every event. No timing is asserted; speed is for a quiet machine.
 */
class BenchSmokeIT {

    private static final long EVENTS = 3_000;

    @Test
    void shouldReportEverySectionWithEveryEventConsumedByEveryApplication(@TempDir Path dir) throws Exception {
        // Given a tiny backlog (many accounts over a few hours of scenario time, so that the windowed count opens few
        // window segments) and the streams-app jar the build just packaged
        Path report = dir.resolve("report.md");
        Bench bench = new Bench();
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        CommandLine command = new CommandLine(bench);
        command.setOut(new PrintWriter(stdout, true));
        command.setErr(new PrintWriter(stderr, true));

        // When the harness runs once over it
        int exit = command.execute("--events", String.valueOf(EVENTS), "--accounts", "3000", "--growth", "300,600", "--growth-duration", "PT6H", "--out", report.toString(),
                "--streams-app-jar", System.getProperty("bench.streamsAppJar", "../streams-app/target/streams-app.jar"));

        // Then the report has every section, on standard output and in the file alike
        assertThat(exit).as("exit code; stderr:%n%s", stderr).isZero();
        String markdown = Files.readString(report, StandardCharsets.UTF_8);
        assertThat(stdout.toString()).isEqualTo(markdown);
        assertThat(markdown).startsWith(BenchReport.TITLE);
        assertThat(markdown).contains(BenchReport.SECTIONS);
        assertThat(markdown).contains("TODO: time to decision", "TODO: release punctuality");

        // And every application consumed every event of the backlog
        BenchResult result = bench.result();
        long produced = result.backlog().events();
        assertThat(produced).isEqualTo(EVENTS);
        assertThat(result.backlog().accounts()).isPositive();
        for (List<AppRun> runs : List.of(result.passThrough(), result.windowedCount(), result.pipeline())) {
            assertThat(runs).hasSize(1);
            assertThat(runs.get(0).consumed()).as(runs.get(0).app()).isEqualTo(produced);
        }
        assertThat(result.replayInProcess()).singleElement().extracting(ReplaySpeed.Result::events).isEqualTo(produced);
        assertThat(result.replayChild()).as("the child replay (needs streams-app.jar: %s)", result.replayChildSkipped())
                .singleElement().extracting(ReplaySpeed.Result::events).isEqualTo(produced);
        assertThat(result.state()).singleElement().satisfies(state -> {
            assertThat(state.rocksdb()).containsKey("account-activity-store");
            assertThat(state.heapAfterGcBytes()).isPositive();
        });
        assertThat(markdown).contains(String.format("%,d of %,d", produced, produced));

        // And the memory growth ran a step per account count, each reading its whole backlog under the configured bound
        assertThat(result.growth()).extracting(MemoryGrowth.Step::accounts).containsExactly(300, 600);
        assertThat(result.growth()).allSatisfy(step -> {
            assertThat(step.run().consumed()).as("step %d", step.accounts()).isEqualTo(step.backlog().events()).isPositive();
            assertThat(step.trackedAccounts()).isPositive();
            assertThat(step.state().stateDirAfterCloseBytes()).isPositive();
            assertThat(step.state().sharedCache("block-cache-capacity")).isEqualTo(result.rocksDbBound().totalBytes());
        });
        assertThat(markdown).doesNotContain("TODO: bounded memory").contains("| 300 → 600 accounts |");
    }
}
