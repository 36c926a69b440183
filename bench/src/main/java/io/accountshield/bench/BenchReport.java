package io.accountshield.bench;

import io.accountshield.streams.config.AppConfig;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;

/** The Markdown report: the machine, the command, each figure (median and spread over the runs), and what is not measured yet. */
final class BenchReport {

    static final String TITLE = "# Account Shield benchmark";
    static final List<String> SECTIONS = List.of("## Machine", "## Command", "## Backlog", "## Throughput over the backlog", "## Ratios",
            "## Raw broker rate", "## Replay", "## Memory and state", LiveReport.DECISION_TIME,
            LiveReport.RELEASE_PUNCTUALITY, MemoryGrowthReport.SECTION, "## Not yet measured");

    private BenchReport() {
    }

    static String markdown(BenchResult r) {
        StringBuilder md = new StringBuilder();
        long events = r.backlog().events();
        md.append(TITLE).append("\n\n");
        md.append(String.format(Locale.ROOT, "Run started %s. One JVM, one embedded KRaft broker (in the same JVM, on the same cores); "
                + "%d run%s of each measured part: a figure is the median%s.%n%n", r.started(), r.runs(), r.runs() == 1 ? "" : "s",
                r.runs() == 1 ? " of one run (use `--runs 3` for a spread)" : ", then min–max over the runs"));

        md.append(SECTIONS.get(0)).append("\n\n| | |\n| --- | --- |\n");
        row(md, "cores (available to the JVM)", String.valueOf(Runtime.getRuntime().availableProcessors()));
        row(md, "memory", totalMemory());
        row(md, "CPU", cpuModel());
        row(md, "JVM", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + " (" + System.getProperty("java.vendor") + "), max heap " + Figures.bytes(Runtime.getRuntime().maxMemory()));
        row(md, "heap", HeapSetup.ofThisJvm().describe());
        row(md, "OS", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        row(md, "Kafka", org.apache.kafka.common.utils.internals.AppInfoParser.getVersion() + " (clients, Streams and the broker)");
        md.append("\n");

        md.append(SECTIONS.get(1)).append("\n\n    ").append(r.command()).append("\n\n");

        md.append(SECTIONS.get(2)).append("\n\n");
        md.append(String.format(Locale.ROOT, "%,d events for %,d accounts: the simulator's default scenario scaled to %s, seed %d, %s of "
                        + "scenario time ending when production began; produced to the four input topics (%d partitions each; Avro "
                        + "single-object encoding, acks=all, idempotent, lz4) in %.1f s (%,.0f events/s) before any clock started. The "
                        + "same events as JSONL for the replay: %s.%n%n",
                events, r.backlog().accounts(), populations(r.populations()), r.seed(), r.scenarioDuration(), r.partitions(),
                r.backlog().took().toNanos() / 1e9, events / (r.backlog().took().toNanos() / 1e9), Figures.bytes(r.jsonlBytes())));

        md.append(SECTIONS.get(3)).append("\n\n");
        md.append("Each application one after another over the same backlog: exactly-once v2, one stream thread, a fresh application id "
                + "and state directory (the baselines commit every " + Bench.KAFKA_EXACTLY_ONCE_COMMIT_INTERVAL_MS + " ms, Kafka's default "
                + "under exactly-once), timed from its start until its group's committed offsets reach the end offsets of every input "
                + "partition. Startup (joining the group, assignment) is inside the time; \"once RUNNING\" leaves it out. A rate "
                + "means something only for events that were judged: for the pipelines, the last column counts what they read and skipped "
                + "(older than the grace period allows, or seen before) or sent to the dead-letter topic.\n\n");
        Map<String, List<AppRun>> applications = new LinkedHashMap<>();
        applications.put("pass-through (decode, encode, write; the pipeline's serdes)", r.passThrough());
        applications.put("windowed count (" + r.windowedCountSettings() + ")", r.windowedCount());
        applications.put("the pipeline (ProtectionService as configured; `" + StreamsConfig.COMMIT_INTERVAL_MS_CONFIG + "="
                + r.pipelineCommitIntervalMs() + "`)", r.pipeline());
        applications.put("the pipeline without its decoded-state cache (`" + AppConfig.DECODED_STATE_CACHE_BYTES + "=0`)",
                r.pipelineWithoutDecodedCache());
        applications.put("the pipeline committing as the baselines do (`" + StreamsConfig.COMMIT_INTERVAL_MS_CONFIG + "="
                + Bench.KAFKA_EXACTLY_ONCE_COMMIT_INTERVAL_MS + "`, Kafka's default under exactly-once)", r.pipelineAtKafkaCommitInterval());
        md.append("| application | consumed | events/s | time | startup | events/s once RUNNING | read but not judged: late, redelivered; dead-lettered |\n"
                + "| --- | --- | --- | --- | --- | --- | --- |\n");
        applications.forEach((name, runs) -> appRow(md, name, runs, events));
        md.append("\nCPU time over the same span, in microseconds per event: the whole process (the broker, the collector, the compiler "
                + "and the harness share it with the application), the application's stream thread, its other threads (its producers' "
                + "network threads, its global thread) and the rest of the process (and of the application's threads, those that "
                + "ended before the measure or carry no application id). On two shared cores a rate moves with whatever "
                + "else runs; the CPU per event says where the work went.\n\n");
        md.append("| application | process | stream thread | its other threads | the rest (broker, collector, harness) |\n| --- | --- | --- | --- | --- |\n");
        applications.forEach((name, runs) -> cpuRow(md, name, runs, events));
        md.append("\n");

        md.append(SECTIONS.get(4)).append("\n\n| ratio | value | the issue's target |\n| --- | --- | --- |\n");
        double pipeline = Figures.median(r.pipeline(), AppRun::rate);
        double passThrough = Figures.median(r.passThrough(), AppRun::rate);
        double windowed = Figures.median(r.windowedCount(), AppRun::rate);
        double atKafkaCommitInterval = Figures.median(r.pipelineAtKafkaCommitInterval(), AppRun::rate);
        ratioRow(md, "pipeline / pass-through", pipeline / passThrough, "0.60 or more");
        ratioRow(md, "pipeline / windowed count", pipeline / windowed, "1.5 or more");
        ratioRow(md, "pipeline / pipeline without its decoded-state cache", pipeline / Figures.median(r.pipelineWithoutDecodedCache(), AppRun::rate), "");
        ratioRow(md, "pipeline / the pipeline committing as the baselines do", pipeline / atKafkaCommitInterval, "");
        ratioRow(md, "the pipeline committing as the baselines do / pass-through", atKafkaCommitInterval / passThrough, "");
        ratioRow(md, "the pipeline committing as the baselines do / windowed count", atKafkaCommitInterval / windowed, "");
        md.append("\nRatios of the medians of the events/s column.\n\n");

        md.append(SECTIONS.get(5)).append("\n\n| measure | records/s |\n| --- | --- |\n");
        row(md, String.format(Locale.ROOT, "Kafka's `ProducerPerformance` (kafka-tools, as `kafka-producer-perf-test.sh`): %,d records of "
                + "%d bytes, no key, `--throughput -1`, client defaults", events, KafkaPerfTools.RECORD_BYTES), Figures.rate(r.rawProduce(), Double::doubleValue));
        row(md, "Kafka's `ConsumerPerformance` (kafka-tools, as `kafka-consumer-perf-test.sh`): the same records read back, its "
                + "`fetch.nMsg.sec` (the group's join left out)", Figures.rate(r.rawConsume(), Double::doubleValue));
        md.append("\nEach tool in a JVM of its own, on the same broker and cores, after the applications.\n\n");
        md.append(SECTIONS.get(6)).append("\n\n");
        md.append("`streams-app` replay over the backlog's JSONL file, with its default clock tail (the longest quiet period plus an hour) "
                + "so that due releases come out, as a user's replay runs.\n\n");
        md.append("| replay | events | events/s | time |\n| --- | --- | --- | --- |\n");
        if (!r.replayWarm().isEmpty()) {
            md.append(String.format(Locale.ROOT, "| in a JVM of its own, the compiler warm: the `replay` command's run %d of %d in one JVM "
                            + "(JVM start excluded; the replay's own timer) | %,d | %s | %s |%n", Bench.REPLAY_WARM_RUNS, Bench.REPLAY_WARM_RUNS,
                    r.replayWarm().get(0).events(), Figures.rate(r.replayWarm(), ReplaySpeed.Result::rate),
                    Figures.seconds(r.replayWarm(), ReplaySpeed.Result::replayNanos)));
        }
        if (r.replayChild().isEmpty()) {
            row(md, "`java -jar streams-app.jar replay`", "not run: " + r.replayChildSkipped() + " | | ");
        } else {
            md.append(String.format(Locale.ROOT, "| `java -jar streams-app.jar replay`, the compiler cold (JVM start excluded; the replay's "
                            + "own timer, from its summary line) | %,d | %s | %s |%n",
                    r.replayChild().get(0).events(), Figures.rate(r.replayChild(), ReplaySpeed.Result::rate),
                    Figures.seconds(r.replayChild(), ReplaySpeed.Result::replayNanos)));
            md.append(String.format(Locale.ROOT, "| `java -jar streams-app.jar replay` (JVM start included) | %,d | %s | %s |%n",
                    r.replayChild().get(0).events(), Figures.rate(r.replayChild(), ReplaySpeed.Result::wallRate),
                    Figures.seconds(r.replayChild(), ReplaySpeed.Result::wallNanos)));
        }
        if (!r.replayInProcess().isEmpty()) {
            md.append(String.format(Locale.ROOT, "| in this JVM, after the pipelines (the broker's JVM; the processor's code compiled "
                            + "for the pipelines' stores too; the replay's own timer) | %,d | %s | %s |%n",
                    r.replayInProcess().get(0).events(), Figures.rate(r.replayInProcess(), ReplaySpeed.Result::rate),
                    Figures.seconds(r.replayInProcess(), ReplaySpeed.Result::replayNanos)));
        }
        md.append("\nThe JVMs of their own run with the JVM's defaults (no options), as a user's `java -jar` does.\n\n");

        md.append(SECTIONS.get(7)).append("\n\n");
        md.append("Read after the pipeline caught up, while it still ran: Kafka Streams' RocksDB property metrics summed over tasks, the "
                + "state directory on disk (under exactly-once the stores are flushed only when the application closes them, so the line "
                + "after the close is the one that holds the data), and this JVM's heap after a GC (broker, harness and pipeline together; the line before the "
                + "pipeline started is the rest). RocksDB under the application's bound (one block cache shared by every store, "
                + "memtables charged to it; the cache rows are that one cache, not a sum over stores). Per account: "
                + "divided by the accounts in the backlog. Then the changelogs the pipeline wrote (their size in the broker's log "
                + "directory, before compaction cleans them), and a new instance of the pipeline with the same application id on an "
                + "empty state directory, as after losing a disk, timed from its start until its last restore ended.\n\n");
        int accounts = Math.max(1, r.backlog().accounts());
        md.append("| measure | total | per account |\n| --- | --- | --- |\n");
        md.append(String.format(Locale.ROOT, "| accounts in the backlog | %,d | |%n", r.backlog().accounts()));
        md.append(String.format(Locale.ROOT, "| keys in `account-activity-store` (estimate-num-keys) | %,.0f | |%n",
                Figures.median(r.state(), s -> s.rocksdb().getOrDefault("account-activity-store", Map.of()).getOrDefault("estimate-num-keys", 0L))));
        for (String property : List.of("estimate-live-data-size", "total-sst-files-size", "cur-size-all-mem-tables")) {
            double total = Figures.median(r.state(), s -> s.total(property));
            md.append(String.format(Locale.ROOT, "| RocksDB `%s`, all stores | %s | %s |%n", property, Figures.bytes(total), Figures.bytes(total / accounts)));
        }
        md.append(String.format(Locale.ROOT, "| RocksDB `block-cache-usage` of the shared cache (memtables included) | %s | |%n",
                Figures.bytes(Figures.median(r.state(), s -> s.sharedCache("block-cache-usage")))));
        md.append(String.format(Locale.ROOT, "| RocksDB `block-cache-capacity` of the shared cache (`rocksdb.total-memory-bytes`: %s) | %s | |%n",
                Figures.bytes(r.rocksDbBound().totalBytes()), Figures.bytes(Figures.median(r.state(), s -> s.sharedCache("block-cache-capacity")))));
        double disk = Figures.median(r.state(), StateFigures::stateDirBytes);
        md.append(String.format(Locale.ROOT, "| state directory on disk, running | %s | %s |%n", Figures.bytes(disk), Figures.bytes(disk / accounts)));
        double closed = Figures.median(r.state(), StateFigures::stateDirAfterCloseBytes);
        md.append(String.format(Locale.ROOT, "| state directory on disk, after the pipeline closed (memtables flushed) | %s | %s |%n",
                Figures.bytes(closed), Figures.bytes(closed / accounts)));
        md.append(String.format(Locale.ROOT, "| heap after GC, before the pipeline started | %s | |%n", Figures.bytes(r.heapBeforePipeline())));
        md.append(String.format(Locale.ROOT, "| heap after GC, the pipeline caught up and running | %s | |%n",
                Figures.bytes(Figures.median(r.state(), StateFigures::heapAfterGcBytes))));
        if (!r.changelogs().isEmpty()) {
            double pipelineSeconds = Figures.median(r.pipeline(), run -> run.totalNanos() / 1e9);
            double written = Figures.median(r.changelogs(), ChangelogFigures::bytes);
            md.append(String.format(Locale.ROOT, "| changelogs written over the backlog (one replica, before compaction cleans them) | %s | %s |%n",
                    Figures.bytes(written), Figures.bytes(written / accounts)));
            md.append(String.format(Locale.ROOT, "| changelog offsets written (records and transaction markers) | %,.0f, %.2f per event | |%n",
                    Figures.median(r.changelogs(), ChangelogFigures::offsets), Figures.median(r.changelogs(), ChangelogFigures::offsets) / events));
            md.append(String.format(Locale.ROOT, "| changelog write rate over the pipeline's time (%.1f s) | %s/s | |%n", pipelineSeconds,
                    Figures.bytes(written / pipelineSeconds)));
            md.append(String.format(Locale.ROOT, "| restore into an empty state directory: records, time from start (group join included) | %s in %s | |%n",
                    Figures.rate(r.changelogs(), ChangelogFigures::restoredRecords), Figures.seconds(r.changelogs(), ChangelogFigures::restoreNanos)));
            md.append(String.format(Locale.ROOT, "| restore rate, from the first restore's start to the last one's end | %,.0f records/s, %s/s of changelog | |%n",
                    Figures.median(r.changelogs(), ChangelogFigures::restoredRecordsPerSecond),
                    Figures.bytes(Figures.median(r.changelogs(), ChangelogFigures::restoredBytesPerSecond))));
        }
        if (!r.state().isEmpty()) {
            md.append("\nPer store (the last run):\n\n| store | keys | live data | SST files | memtables | block cache (shared) |\n| --- | --- | --- | --- | --- | --- |\n");
            r.state().get(r.state().size() - 1).rocksdb().forEach((store, p) -> md.append(String.format(Locale.ROOT,
                    "| `%s` | %,d | %s | %s | %s | %s |%n", store, p.getOrDefault("estimate-num-keys", 0L),
                    Figures.bytes(p.getOrDefault("estimate-live-data-size", 0L)), Figures.bytes(p.getOrDefault("total-sst-files-size", 0L)),
                    Figures.bytes(p.getOrDefault("cur-size-all-mem-tables", 0L)), Figures.bytes(p.getOrDefault("block-cache-usage", 0L)))));
        }
        md.append("\n");

        LiveReport.decisionTime(md, r.decisionTime(), r.live(), r.pipelineCommitIntervalMs());
        LiveReport.releasePunctuality(md, r.releasePunctuality(), r.live());
        md.append(MemoryGrowthReport.markdown(r.rocksDbBound(), r.growthScenarioTime(), r.growth()));

        md.append(SECTIONS.get(SECTIONS.size() - 1)).append("\n\n");
        md.append("""
                The harness does not measure these yet; nothing here is a figure.

                - **Whole-process memory against the budget**: the memory-growth steps share this JVM with the broker.
                """);
        return md.toString();
    }

    private static void ratioRow(StringBuilder md, String name, double value, String target) {
        md.append(String.format(Locale.ROOT, "| %s | %.2f |%s |%n", name, value, target.isEmpty() ? "" : " " + target));
    }

    private static void appRow(StringBuilder md, String name, List<AppRun> runs, long events) {
        long consumed = runs.stream().mapToLong(AppRun::consumed).min().orElse(0);
        boolean judges = runs.stream().allMatch(run -> run.skipped() != null);
        md.append(String.format(Locale.ROOT, "| %s | %,d of %,d | %s | %s | %s | %s | %s |%n", name, consumed, events,
                Figures.rate(runs, AppRun::rate), Figures.seconds(runs, AppRun::totalNanos), Figures.seconds(runs, AppRun::startupNanos),
                Figures.rate(runs, AppRun::runningRate), !judges ? "–" : Figures.rate(runs, run -> run.skipped().late()) + ", "
                        + Figures.rate(runs, run -> run.skipped().redelivered()) + "; " + Figures.rate(runs, run -> run.skipped().deadLettered())));
    }

    private static void cpuRow(StringBuilder md, String name, List<AppRun> runs, long events) {
        md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", name,
                Figures.spread(runs, run -> run.cpu().processMicrosPer(events), "%.1f", " µs"),
                Figures.spread(runs, run -> run.cpu().streamThreadMicrosPer(events), "%.1f", " µs"),
                Figures.spread(runs, run -> run.cpu().clientThreadMicrosPer(events), "%.1f", " µs"),
                Figures.spread(runs, run -> run.cpu().restMicrosPer(events), "%.1f", " µs")));
    }

    private static void row(StringBuilder md, String name, String value) {
        md.append("| ").append(name).append(" | ").append(value).append(" |\n");
    }

    private static String populations(Map<String, String> populations) {
        StringBuilder text = new StringBuilder();
        populations.forEach((key, value) -> text.append(text.length() == 0 ? "" : ", ").append(key).append('=').append(value));
        return text.toString();
    }

    private static String totalMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return Figures.bytes(os.getTotalMemorySize());
        }
        return "unknown";
    }

    private static String cpuModel() {
        try {
            return java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/cpuinfo")).stream()
                    .filter(line -> line.startsWith("model name")).findFirst()
                    .map(line -> line.substring(line.indexOf(':') + 1).trim()).orElse("unknown");
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
