package io.accountshield.bench;

import io.accountshield.sim.scenario.Scenario;
import io.accountshield.sim.scenario.ScenarioOptions;
import io.accountshield.streams.CommandFiles;
import io.accountshield.streams.app.ProtectionService;
import io.accountshield.streams.app.TopicLayout;
import io.accountshield.streams.config.AppConfig;
import io.accountshield.streams.topology.ProtectionTopology;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Issue 13, item 5: the pipeline under the application's RocksDB bound over backlogs of growing
 * account counts, one step after another, each on topics of its own: the default scenario's
 * populations scaled to the step's accounts, over a fixed scenario time, every event of it. What
 * grows with accounts (the state on disk) and what must not (RocksDB's memory, held by the bound).
 */
final class MemoryGrowth {

    /**
     * One step.
     *
     * @param accounts        the scenario's accounts (its populations scaled to this total)
     * @param backlog         what was produced; its accounts are those with at least one event
     * @param run             the pipeline over the backlog, timed from its start until caught up
     * @param state           read once caught up, while it ran; the state directory also after it closed
     * @param stores          what each store held after the close, read record by record
     * @param heapBeforeBytes this JVM's heap after a GC before the step's pipeline started
     * @param residentBeforeBytes the process's resident memory before the step's pipeline started
     * @param residentBytes   the process's resident memory once caught up (heap, broker, RocksDB, everything)
     * @param heapCommittedBytes the heap the JVM had taken from the system then: resident memory beyond it is native
     */
    record Step(int accounts, Backlog.Produced backlog, AppRun run, StateFigures state, Map<String, StoreKeys.Contents> stores,
                long heapBeforeBytes, long residentBeforeBytes, long residentBytes, long heapCommittedBytes) {

        /** Keys of the activity store: one per account the pipeline keeps. */
        long trackedAccounts() {
            return stores.getOrDefault(ProtectionTopology.ACTIVITY_STORE, new StoreKeys.Contents(0, 0)).keys();
        }

        /** The live records' bytes, all stores: the state without what compaction has yet to drop. */
        long liveBytes() {
            return stores.values().stream().mapToLong(StoreKeys.Contents::bytes).sum();
        }

        /**
         * RocksDB's estimate of the activity store's keys while it ran, summed over tasks: it counts every write still in a
         * memtable, so it overstates until the data is flushed.
         */
        long estimatedKeys() {
            return state.rocksdb().getOrDefault(ProtectionTopology.ACTIVITY_STORE, Map.of()).getOrDefault("estimate-num-keys", 0L);
        }

        /** The memtables of all stores. */
        long memtableBytes() {
            return state.total("cur-size-all-mem-tables");
        }
    }

    private final Properties clients;
    private final AppConfig base;
    private final ScenarioOptions scenarioOptions;
    private final Duration appTimeout;
    private final Consumer<String> progress;

    /**
     * @param base the pipeline's configuration (file and broker address): each step prefixes its topics and sets its own id,
     *             state directory and a free HTTP port
     */
    MemoryGrowth(Properties clients, AppConfig base, ScenarioOptions scenarioOptions, Duration appTimeout, Consumer<String> progress) {
        this.clients = clients;
        this.base = base;
        this.scenarioOptions = scenarioOptions;
        this.appTimeout = appTimeout;
        this.progress = progress;
    }

    /** One step per account count, smallest first. */
    List<Step> run(List<Integer> accountCounts, Duration scenarioTime, Path work) throws Exception {
        List<Step> steps = new ArrayList<>();
        try (CatchUp catchUp = new CatchUp(clients)) {
            for (int accounts : accountCounts.stream().sorted().toList()) {
                steps.add(step(accounts, scenarioTime, work, catchUp));
            }
        }
        return steps;
    }

    private Step step(int accounts, Duration scenarioTime, Path work, CatchUp catchUp) throws Exception {
        String prefix = "growth-" + accounts + "-";
        String applicationId = prefix + Long.toHexString(System.currentTimeMillis());
        Path stateDir = work.resolve("state-" + applicationId);
        AppConfig config = base.withTopicPrefix(prefix).withOverrides(Map.of(
                StreamsConfig.APPLICATION_ID_CONFIG, applicationId,
                StreamsConfig.STATE_DIR_CONFIG, stateDir.toString(),
                AppConfig.HTTP_PORT, "0"));
        Bench.createAndAwaitLeaders(clients, TopicLayout.of(config).newTopics());
        Map<String, String> scaled = new LinkedHashMap<>(Backlog.scaledScenario(accounts, 1));
        scaled.put("duration", scenarioTime.toString());
        Scenario scenario = scenarioOptions.load(scaled);
        progress.accept(String.format(Locale.ROOT, "memory growth, %,d accounts: producing the backlog (%s of scenario time) ...", accounts, scenario.duration()));
        Backlog.Produced backlog = Backlog.produce(scenario, Long.MAX_VALUE, clients, config.topics(), null);
        Map<TopicPartition, Long> ends = catchUp.endOffsets(config.topics().inputs());
        long heapBefore = StateFigures.heapAfterGc();
        long residentBefore = residentBytes();
        progress.accept(String.format(Locale.ROOT, "memory growth, %,d accounts: the pipeline over %,d events ...", accounts, backlog.events()));
        long started = System.nanoTime();
        StateFigures running;
        long resident;
        long committed;
        AppRun run;
        try (ProtectionService service = ProtectionService.start(config, false)) {
            long consumed = catchUp.await(applicationId, ends, appTimeout, () -> Bench.broken(service.streams()));
            long took = System.nanoTime() - started;
            running = StateFigures.of(service.streams(), stateDir);
            resident = residentBytes();
            committed = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted();
            // Startup is not told apart here: the rate is not this section's figure.
            run = new AppRun("pipeline", consumed, 0, took, CpuUse.NOT_MEASURED, SkippedEvents.from(service.meterRegistry()));
        }
        Step step = new Step(accounts, backlog, run, running.afterClose(stateDir), StoreKeys.read(stateDir), heapBefore, residentBefore,
                resident, committed);
        // The next step's backlog and state need the disk more than this one's.
        deleteTopics(prefix);
        CommandFiles.deleteRecursively(stateDir);
        return step;
    }

    /** The step's input, output and internal topics (changelogs carry the application id, which starts with the prefix). */
    private void deleteTopics(String prefix) throws Exception {
        try (Admin admin = Admin.create(clients)) {
            List<String> ours = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream().filter(name -> name.startsWith(prefix)).toList();
            admin.deleteTopics(ours).all().get(30, TimeUnit.SECONDS);
        }
    }

    /** VmRSS of this process (Linux), or 0 where there is no /proc. */
    static long residentBytes() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(line -> line.startsWith("VmRSS:"))
                    .findFirst().map(line -> Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024).orElse(0L);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
