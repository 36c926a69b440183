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
 * The harness at a few thousand events and a few seconds of live traffic, so that it cannot rot: every
 * section is in the report, every application read every event, every live attacker was protected
 * (and no ordinary account), and every protection of the release run was released. No timing is
 * asserted; speed is for a quiet machine.
 */
class BenchSmokeIT {

    private static final long EVENTS = 3_000;
    /** An attacker starts at each of the 40 ticks of a 2 s stretch (one every 50 ms) that leaves it time for its five adds. */
    private static final int ATTACKERS_PER_STRETCH = 40 - LiveLoad.ATTACKER_ADDS + 1;

    @Test
    void shouldReportEverySectionWithEveryEventConsumedEveryAttackerProtectedAndEveryProtectionReleased(@TempDir Path dir) throws Exception {
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
        // and live parts of seconds at a low rate. A release checked while stream time still trails its due time is held and
        // checked again a quarter of time.idle-partition later (15 s by default): a short idle partition keeps the smoke short.
        // A commit interval of neither the application's nor Kafka's default, so that the report is seen to say the one used.
        Path config = Files.writeString(dir.resolve("app.properties"), "time.idle-partition=PT4S\ncommit.interval.ms=80\n");
        int exit = command.execute("--events", String.valueOf(EVENTS), "--accounts", "3000", "--growth", "300,600", "--growth-duration", "PT6H", "--out", report.toString(),
                "--streams-app-jar", System.getProperty("bench.streamsAppJar", "../streams-app/target/streams-app.jar"),
                "--config", config.toString(), "--live-rate", "2000", "--live-accounts", "100000", "--live-warmup", "PT1S",
                "--live-duration", "PT2S", "--release-quiet-period", "PT2S");

        // Then the report has every section, on standard output and in the file alike
        assertThat(exit).as("exit code; stderr:%n%s", stderr).isZero();
        String markdown = Files.readString(report, StandardCharsets.UTF_8);
        assertThat(stdout.toString()).isEqualTo(markdown);
        assertThat(markdown).startsWith(BenchReport.TITLE);
        assertThat(markdown).contains(BenchReport.SECTIONS);
        assertThat(markdown).doesNotContain("TODO: time to decision", "TODO: release punctuality");
        assertThat(markdown).contains("ProtectionService as configured; `commit.interval.ms=80`", "exactly-once v2, `commit.interval.ms=80`",
                "committing as the baselines do (`commit.interval.ms=100`");

        // And every application consumed every event of the backlog
        BenchResult result = bench.result();
        long produced = result.backlog().events();
        assertThat(produced).isEqualTo(EVENTS);
        assertThat(result.backlog().accounts()).isPositive();
        for (List<AppRun> runs : List.of(result.passThrough(), result.windowedCount(), result.pipeline(), result.pipelineWithoutDecodedCache(),
                result.pipelineAtKafkaCommitInterval())) {
            assertThat(runs).hasSize(1);
            assertThat(runs.get(0).consumed()).as(runs.get(0).app()).isEqualTo(produced);
            // with the CPU it took: the application's threads found by its id, within the process's time
            CpuUse cpu = runs.get(0).cpu();
            assertThat(cpu.streamThreadNanos()).as(runs.get(0).app()).isPositive().isLessThanOrEqualTo(cpu.processNanos());
            assertThat(cpu.streamThreadNanos() + cpu.clientThreadNanos()).as(runs.get(0).app()).isLessThanOrEqualTo(cpu.processNanos());
        }
        // And each pipeline says what it read but did not judge: the backlog is valid events, none dead-lettered
        for (List<AppRun> runs : List.of(result.pipeline(), result.pipelineWithoutDecodedCache(), result.pipelineAtKafkaCommitInterval())) {
            assertThat(runs.get(0).skipped()).as(runs.get(0).app()).isNotNull().extracting(SkippedEvents::deadLettered).isEqualTo(0L);
        }
        assertThat(result.passThrough().get(0).skipped()).isNull();
        assertThat(markdown).contains("| application | process | stream thread | its other threads |", "read but not judged");
        // The changelogs were written, and a new instance restored them
        assertThat(result.changelogs()).singleElement().satisfies(changelogs -> {
            assertThat(changelogs.bytes()).isPositive();
            assertThat(changelogs.restoredRecords()).isPositive().isLessThanOrEqualTo(changelogs.offsets());
        });
        assertThat(result.replayInProcess()).singleElement().extracting(ReplaySpeed.Result::events).isEqualTo(produced);
        assertThat(result.replayChild()).as("the child replay (needs streams-app.jar: %s)", result.replayChildSkipped())
                .singleElement().extracting(ReplaySpeed.Result::events).isEqualTo(produced);
        assertThat(result.replayWarm()).as("the replays in a JVM of their own").singleElement().satisfies(warm -> {
            assertThat(warm.events()).isEqualTo(produced);
            // The last of the runs, each timed by the replay: under an even share of the child's whole time, which also held its start and a cold first run.
            assertThat(warm.replayNanos()).as("one run's own timer").isPositive().isLessThan(warm.wallNanos() / Bench.REPLAY_WARM_RUNS);
        });
        assertThat(result.replayChild().get(0).replayNanos()).as("the replay's own timer, without the JVM's start")
                .isPositive().isLessThan(result.replayChild().get(0).wallNanos());
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
        assertThat(markdown).contains("| 300 → 600 accounts |");

        // And every attacker of both live loads was protected, and no ordinary account
        assertThat(result.decisionTime()).singleElement().satisfies(decisions -> {
            for (DecisionTime.Load load : List.of(decisions.fixed(), decisions.nearMax())) {
                assertThat(load.fired()).isEqualTo(ATTACKERS_PER_STRETCH);
                assertThat(load.decided()).isEqualTo(load.fired());
                assertThat(load.latencies().count()).isEqualTo(load.fired());
                assertThat(load.ordinaryProtected()).isZero();
                // the read_uncommitted consumer saw decisions written, each no later than it became readable
                assertThat(load.toWritten().count()).isPositive();
                assertThat(load.toWritten().maxMillis()).isLessThanOrEqualTo(load.latencies().maxMillis());
                // and the broker acknowledged every firing event
                assertThat(load.toAcked().count()).isEqualTo(load.fired());
            }
            // the load is all valid events: nothing dead-lettered, nothing failed
            assertThat(decisions.skipped().deadLettered()).isZero();
            assertThat(decisions.skipped().processingErrors()).isZero();
        });

        // And every protection of the release run was released and read
        assertThat(result.releasePunctuality()).singleElement().satisfies(releases -> {
            assertThat(releases.fired()).isEqualTo(ATTACKERS_PER_STRETCH);
            assertThat(releases.decided()).isEqualTo(ATTACKERS_PER_STRETCH);
            assertThat(releases.released()).isEqualTo(ATTACKERS_PER_STRETCH);
            assertThat(releases.lateness().count()).isEqualTo(ATTACKERS_PER_STRETCH);
            assertThat(releases.writtenLateness().count()).isPositive();
            assertThat(releases.writtenLateness().maxMillis()).isLessThanOrEqualTo(releases.lateness().maxMillis());
            assertThat(releases.missing()).isZero();
            assertThat(releases.skipped().deadLettered()).isZero();
        });
        assertThat(markdown).contains("skipped as later than the grace period", "| load | to acknowledged: p50 | p99 | max | to written: p50 |", "The part before the commit");
    }
}
