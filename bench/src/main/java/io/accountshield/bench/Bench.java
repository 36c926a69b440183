package io.accountshield.bench;

import io.accountshield.sim.demo.EmbeddedKafkaBroker;
import io.accountshield.sim.scenario.Scenario;
import io.accountshield.sim.scenario.ScenarioOptions;
import io.accountshield.streams.CommandFiles;
import io.accountshield.streams.StreamsApp;
import io.accountshield.streams.app.ProtectionService;
import io.accountshield.streams.app.StateRestores;
import io.accountshield.streams.app.TopicLayout;
import io.accountshield.streams.config.AppConfig;
import io.accountshield.streams.config.TopicNames;
import io.accountshield.streams.rules.RuleParameters;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench.jar}: issue 13's harness, in one JVM on one embedded KRaft broker. The simulator's
 * backlog first, produced before any clock starts; then over it, one after another, a pass-through,
 * the textbook windowed count and the pipeline (each exactly-once v2, one stream thread, a fresh
 * application id), Kafka's own producer and consumer performance tools, the replay, and what state and heap the pipeline keeps;
 * then, on live traffic, the time to decision and how punctual releases are. Prints a Markdown report
 * and writes it to {@code --out}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Measures the pipeline against a pass-through and a textbook windowed count over the same backlog of simulated "
                + "traffic, on an embedded Kafka broker in this JVM; also Kafka's own producer and consumer performance tools, the replay's speed and the "
                + "pipeline's state per account; then, on live traffic, the time to decision and how late releases come. Prints a Markdown report.")
public final class Bench implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    /**
     * Kafka Streams' commit interval under exactly-once, which the baselines keep; the pipeline's own
     * default is shorter, for its time to decision.
     */
    static final String KAFKA_EXACTLY_ONCE_COMMIT_INTERVAL_MS = "100";
    /** Replays in one JVM of their own: the last is measured, the compiler warm from the ones before. */
    static final int REPLAY_WARM_RUNS = 3;

    /** A restore is over once none has begun or ended for this long. */
    private static final Duration RESTORE_SETTLED = Duration.ofSeconds(2);

    @Option(names = "--events", paramLabel = "N", defaultValue = "1000000",
            description = "Events in the backlog (at most; the scenario is sized to give a little more). Default: ${DEFAULT-VALUE}.")
    private long events;

    @Option(names = "--accounts", paramLabel = "N", defaultValue = "100000",
            description = "Accounts in the scenario, the default scenario's populations scaled to this total. Default: ${DEFAULT-VALUE}.")
    private int accounts;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "1",
            description = "How often each measured part runs (the backlog is produced once); the report gives median and min–max. Default: ${DEFAULT-VALUE}.")
    private int runs;

    @Option(names = "--growth", paramLabel = "N,N,...", split = ",", defaultValue = "10000,100000,1000000",
            description = "Memory growth: the pipeline under its RocksDB bound over a backlog of each of these account counts (the default "
                    + "scenario scaled to it, over --growth-duration). The 1,000,000 step takes long (about 38 million events, 35 to 55 minutes on two cores): "
                    + "--growth 10000,100000 for a shorter run, --growth 0 to leave the section out. Default: ${DEFAULT-VALUE}.")
    private List<Integer> growth;

    @Option(names = "--growth-duration", paramLabel = "DURATION", defaultValue = "PT72H", converter = io.accountshield.streams.replay.IsoDurationConverter.class,
            description = "Scenario time of each memory-growth backlog, every event of it (ISO-8601). The default scenario's three days: "
                    + "the pipeline ends as a running one would be, having forgotten the accounts idle longer than its longest window. "
                    + "Default: ${DEFAULT-VALUE}.")
    private Duration growthDuration;

    @Option(names = "--out", paramLabel = "FILE", description = "Also write the report here (Markdown).")
    private Path out;

    @Option(names = "--config", paramLabel = "FILE",
            description = "The application's configuration file, for the pipeline and the replay (default: the built-in defaults).")
    private Path config;

    @Option(names = "--streams-app-jar", paramLabel = "JAR", defaultValue = "streams-app/target/streams-app.jar",
            description = "For the replay in a JVM of its own. Default: ${DEFAULT-VALUE}.")
    private Path streamsAppJar;

    @Option(names = "--keep-work-dir",
            description = "Leave the run's working directory in place and print where it is: each application's state directory "
                    + "(RocksDB's LOG files among them), the backlog's JSONL, the replays' decisions and the Kafka tools' logs (the broker "
                    + "removes its own log directory when it stops). For looking into a run; it can take gigabytes.")
    private boolean keepWorkDir;

    @Option(names = "--app-timeout", paramLabel = "DURATION", defaultValue = "PT60M", converter = io.accountshield.streams.replay.IsoDurationConverter.class,
            description = "How long one application may take over the backlog, or a live pipeline over what one live load sent, before the run "
                    + "fails (ISO-8601). Default: ${DEFAULT-VALUE}.")
    private Duration appTimeout;

    @Mixin
    private ScenarioOptions scenarioOptions;

    @Mixin
    private LiveOptions live;

    private BenchResult result;

    public static void main(String[] args) {
        System.exit(StreamsApp.withUserErrors(new CommandLine(new Bench())).execute(args));
    }

    /** What the last {@link #call()} measured. */
    BenchResult result() {
        return result;
    }

    @Override
    public Integer call() throws Exception {
        if (events < 1 || accounts < 1 || runs < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--events, --accounts and --runs must be at least 1");
        }
        if (!live.valid()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "the --live-*, --attacker-every, --near-max-share and --release-* "
                    + "options must be positive");
        }
        String compressionProblem = live.compressionProblem();
        if (compressionProblem != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), compressionProblem);
        }
        PrintWriter terminal = spec.commandLine().getErr();
        Instant started = Instant.now();
        Map<String, String> scaled = Backlog.scaledScenario(accounts, events);
        Scenario scenario = scenarioOptions.load(scaled);
        Path work = Files.createTempDirectory("account-shield-bench-");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(work.resolve("kafka"))) {
            String servers = broker.bootstrapServers();
            Properties clients = new Properties();
            clients.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, servers);
            AppConfig base = AppConfig.load(config, Map.of(), Map.of(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, servers));
            TopicNames topics = base.topics();
            createTopics(clients, base, runs);

            progress(terminal, "producing the backlog (%,d events at most, %,d accounts) to %s ...", events, accounts, servers);
            Backlog.Produced backlog = Backlog.produce(scenario, events, clients, topics, work.resolve("backlog.jsonl"));
            progress(terminal, "backlog: %,d events for %,d accounts in %.1f s", backlog.events(), backlog.accounts(), backlog.took().toNanos() / 1e9);

            List<AppRun> passThrough = new ArrayList<>();
            List<AppRun> windowed = new ArrayList<>();
            List<AppRun> pipeline = new ArrayList<>();
            List<AppRun> pipelineWithoutDecodedCache = new ArrayList<>();
            List<AppRun> pipelineAtKafkaCommitInterval = new ArrayList<>();
            List<Double> rawProduce = new ArrayList<>();
            List<Double> rawConsume = new ArrayList<>();
            List<ReplaySpeed.Result> replayIn = new ArrayList<>();
            List<ReplaySpeed.Result> replayChild = new ArrayList<>();
            List<ReplaySpeed.Result> replayWarm = new ArrayList<>();
            List<StateFigures> state = new ArrayList<>();
            List<ChangelogFigures> changelogs = new ArrayList<>();
            List<DecisionTime> decisionTime = new ArrayList<>();
            List<ReleasePunctuality> releases = new ArrayList<>();
            RuleParameters burst = base.rule("friend-add-burst");
            String windowedSettings = String.format(Locale.ROOT, "every event, %s tumbling windows on the pipeline's event time, grace %s, threshold %d",
                    burst.window(), base.time().grace(), burst.threshold());
            long heapBefore = 0;
            String childSkipped = null;
            try (CatchUp catchUp = new CatchUp(clients)) {
                Map<TopicPartition, Long> ends = catchUp.endOffsets(topics.inputs());
                long onTopics = ends.values().stream().mapToLong(Long::longValue).sum();
                if (onTopics != backlog.events()) {
                    throw new IllegalStateException("the input topics hold " + onTopics + " records, " + backlog.events() + " were produced");
                }
                for (int run = 1; run <= runs; run++) {
                    String id = "bench-" + Long.toHexString(System.currentTimeMillis()) + "-" + run;
                    progress(terminal, "run %d of %d: pass-through ...", run, runs);
                    passThrough.add(streamsRun("pass-through", id + "-pass-through", work, clients, catchUp, ends,
                            props -> BaselineTopologies.passThrough(topics, props)));
                    progress(terminal, "run %d of %d: windowed count ...", run, runs);
                    windowed.add(streamsRun("windowed-count", id + "-windowed-count", work, clients, catchUp, ends,
                            props -> BaselineTopologies.windowedCount(topics, burst.window(), base.time().grace(), burst.threshold(),
                                    base.time().maxFutureSkew(), props)));
                    progress(terminal, "run %d of %d: the pipeline ...", run, runs);
                    long heap = StateFigures.heapAfterGc();
                    heapBefore = run == 1 ? heap : heapBefore;
                    pipeline.add(pipelineRun(id + "-pipeline", work, servers, catchUp, ends, Map.of(), state, changelogs));
                    progress(terminal, "run %d of %d: the pipeline without its decoded-state cache ...", run, runs);
                    pipelineWithoutDecodedCache.add(pipelineRun(id + "-pipeline-uncached", work, servers, catchUp, ends,
                            Map.of(AppConfig.DECODED_STATE_CACHE_BYTES, "0"), new ArrayList<>(), null));
                    progress(terminal, "run %d of %d: the pipeline committing every %s ms, as the baselines do ...", run, runs,
                            KAFKA_EXACTLY_ONCE_COMMIT_INTERVAL_MS);
                    pipelineAtKafkaCommitInterval.add(pipelineRun(id + "-pipeline-commit-" + KAFKA_EXACTLY_ONCE_COMMIT_INTERVAL_MS, work, servers,
                            catchUp, ends, Map.of(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, KAFKA_EXACTLY_ONCE_COMMIT_INTERVAL_MS), new ArrayList<>(), null));
                    progress(terminal, "run %d of %d: Kafka's ProducerPerformance and ConsumerPerformance ...", run, runs);
                    rawProduce.add(KafkaPerfTools.produce(servers, rawTopic(run), backlog.events(), work.resolve("producer-performance.log")));
                    rawConsume.add(KafkaPerfTools.consume(servers, rawTopic(run), backlog.events(), work.resolve("consumer-performance.log")));
                    progress(terminal, "run %d of %d: replay in this JVM ...", run, runs);
                    replayIn.add(ReplaySpeed.inProcess(backlog.jsonl(), work.resolve("decisions-in-process.jsonl"), config));
                    progress(terminal, "run %d of %d: replay in a JVM of its own ...", run, runs);
                    ReplaySpeed.Result child = ReplaySpeed.childJvm(streamsAppJar, backlog.jsonl(), work.resolve("decisions-child.jsonl"), config,
                            work.resolve("replay-child.log"));
                    if (child == null) {
                        childSkipped = streamsAppJar + " not found (mvn package builds it)";
                    } else {
                        replayChild.add(child);
                    }
                    progress(terminal, "run %d of %d: replay %d times in a JVM of its own ...", run, runs, REPLAY_WARM_RUNS);
                    replayWarm.add(ReplaySpeed.warmChildJvm(REPLAY_WARM_RUNS, backlog.jsonl(), work.resolve("decisions-warm.jsonl"), config,
                            work.resolve("replay-warm.log")));
                    progress(terminal, "run %d of %d: time to decision at %,.0f events/s and near the live maximum ...", run, runs, live.rate);
                    decisionTime.add(DecisionTime.measure(id + "-decision-time", config, clients, work, live, appTimeout));
                    progress(terminal, "run %d of %d: release punctuality ...", run, runs);
                    releases.add(ReleasePunctuality.measure(id + "-releases", config, clients, work, live, appTimeout));
                }
            }
            List<MemoryGrowth.Step> growthSteps = new MemoryGrowth(clients, base, scenarioOptions, appTimeout, message -> progress(terminal, "%s", message))
                    .run(growth.stream().filter(n -> n > 0).toList(), growthDuration, work);
            result = new BenchResult(started, commandLine(), scenario.seed(), scenario.duration(), populations(scenario), base.topicPartitions(),
                    backlog, Files.size(backlog.jsonl()), windowedSettings, passThrough, windowed, pipeline,
                    new StreamsConfig(base.streamsProperties()).getLong(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG), pipelineWithoutDecodedCache,
                    pipelineAtKafkaCommitInterval, rawProduce, rawConsume,
                    replayIn, replayChild, childSkipped, replayWarm, heapBefore, state, changelogs, base.rocksDbMemory(), growthDuration, growthSteps, live, decisionTime, releases);
        } finally {
            if (keepWorkDir) {
                progress(terminal, "the working directory is kept: %s", work);
            } else {
                CommandFiles.deleteRecursively(work);
            }
        }
        String report = BenchReport.markdown(result);
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.print(report);
        stdout.flush();
        if (out != null) {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(out, report, StandardCharsets.UTF_8);
            progress(terminal, "report written to %s", out.toAbsolutePath());
        }
        return 0;
    }

    /** The input and output topics of the pipeline, the baselines' outputs, and the plain producer's topics, all up front. */
    private static void createTopics(Properties clients, AppConfig config, int runs) throws Exception {
        List<NewTopic> wanted = new ArrayList<>(TopicLayout.of(config).newTopics());
        Optional<Integer> partitions = Optional.of(config.topicPartitions());
        Optional<Short> replication = Optional.empty();
        wanted.add(new NewTopic(BaselineTopologies.PASS_THROUGH_OUTPUT, partitions, replication));
        wanted.add(new NewTopic(BaselineTopologies.WINDOWED_COUNT_OUTPUT, partitions, replication));
        for (int run = 1; run <= runs; run++) {
            wanted.add(new NewTopic(rawTopic(run), partitions, replication));
        }
        createAndAwaitLeaders(clients, wanted);
    }

    /** Creates the topics and returns once every partition has its leader. */
    static void createAndAwaitLeaders(Properties clients, List<NewTopic> wanted) throws Exception {
        try (Admin admin = Admin.create(clients)) {
            admin.createTopics(wanted).all().get(30, TimeUnit.SECONDS);
            // Produce only once every partition has its leader, so the first batches do not meet a partition still being created.
            List<String> names = wanted.stream().map(NewTopic::name).toList();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!haveLeaders(admin, names)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the topics have no leader 30 s after they were created");
                }
                Thread.sleep(100);
            }
        }
    }

    private static boolean haveLeaders(Admin admin, List<String> topics) throws Exception {
        try {
            return admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).values().stream()
                    .allMatch(topic -> topic.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
        } catch (java.util.concurrent.ExecutionException e) {
            // A topic created a moment ago may not be in the metadata yet.
            if (e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException) {
                return false;
            }
            throw e;
        }
    }

    private static String rawTopic(int run) {
        return "bench-producer-performance-" + run;
    }

    /** A baseline: the same guarantee and threading as the pipeline, a fresh id and state directory. */
    private AppRun streamsRun(String app, String applicationId, Path work, Properties clients, CatchUp catchUp,
                              Map<TopicPartition, Long> ends, Function<Properties, Topology> topology) throws Exception {
        Properties properties = new Properties();
        properties.putAll(clients);
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        properties.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "1");
        properties.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, KAFKA_EXACTLY_ONCE_COMMIT_INTERVAL_MS);
        properties.put(StreamsConfig.STATE_DIR_CONFIG, work.resolve("state-" + applicationId).toString());
        long cpuAtStart = CpuUse.processNow();
        long started = System.nanoTime();
        long[] running = {0};
        try (KafkaStreams streams = new KafkaStreams(topology.apply(properties), properties)) {
            streams.setStateListener((now, before) -> {
                if (now == KafkaStreams.State.RUNNING && running[0] == 0) {
                    running[0] = System.nanoTime();
                }
            });
            streams.start();
            long consumed = catchUp.await(applicationId, ends, appTimeout, () -> broken(streams));
            long took = System.nanoTime() - started;
            return new AppRun(app, consumed, running[0] == 0 ? took : running[0] - started, took, CpuUse.since(cpuAtStart, applicationId), null);
        }
    }

    /**
     * The pipeline as {@code streams-app.jar run} starts it: its defaults, the broker's address, its own id, state directory and a
     * free port, with {@code overrides} over them.
     */
    private AppRun pipelineRun(String applicationId, Path work, String servers, CatchUp catchUp, Map<TopicPartition, Long> ends,
                               Map<String, String> overrides, List<StateFigures> state, List<ChangelogFigures> changelogs) throws Exception {
        Path stateDir = work.resolve("state-" + applicationId);
        Map<String, String> settings = pipelineSettings(servers, applicationId, stateDir);
        settings.putAll(overrides);
        AppConfig config = AppConfig.load(this.config, Map.of(), settings);
        long cpuAtStart = CpuUse.processNow();
        long started = System.nanoTime();
        long[] running = {0};
        StateFigures figures;
        AppRun run;
        try (ProtectionService service = ProtectionService.start(config, false)) {
            KafkaStreams streams = service.streams();
            // ProtectionService starts Kafka Streams before it returns; RUNNING may already have come.
            long consumed;
            Thread watcher = new Thread(() -> {
                while (running[0] == 0 && !Thread.currentThread().isInterrupted()) {
                    if (streams.state() == KafkaStreams.State.RUNNING) {
                        running[0] = System.nanoTime();
                    }
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "bench-running-watcher");
            watcher.setDaemon(true);
            watcher.start();
            consumed = catchUp.await(applicationId, ends, appTimeout, () -> broken(streams));
            long took = System.nanoTime() - started;
            CpuUse cpu = CpuUse.since(cpuAtStart, applicationId);
            watcher.interrupt();
            figures = StateFigures.of(streams, stateDir);
            run = new AppRun(overrides.isEmpty() ? "pipeline" : "pipeline with " + overrides, consumed, running[0] == 0 ? took : running[0] - started, took, cpu,
                    SkippedEvents.from(service.meterRegistry()));
        }
        state.add(figures.afterClose(stateDir));
        if (changelogs != null) {
            changelogs.add(restore(applicationId, work, servers, settings));
        }
        return run;
    }

    /**
     * The pipeline's changelogs, then a new instance of it (same application id) on an empty state
     * directory, timed until it has restored them: there is nothing left to process, so it only restores.
     */
    private ChangelogFigures restore(String applicationId, Path work, String servers, Map<String, String> pipelineSettings) throws Exception {
        Properties admin = new Properties();
        admin.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        long[] written = ChangelogFigures.measure(admin, applicationId);
        Map<String, String> settings = new LinkedHashMap<>(pipelineSettings);
        settings.put(StreamsConfig.STATE_DIR_CONFIG, work.resolve("state-" + applicationId + "-restored").toString());
        AppConfig config = AppConfig.load(this.config, Map.of(), settings);
        long started = System.nanoTime();
        long deadline = started + appTimeout.toNanos();
        try (ProtectionService service = ProtectionService.start(config, false)) {
            StateRestores restores = service.stateRestores();
            long settledSince = 0;
            // Done once running with every restore ended and none begun for two seconds.
            while (System.nanoTime() < deadline) {
                boolean settled = service.streams().state() == KafkaStreams.State.RUNNING && restores.ended() > 0 && restores.inProgress() == 0;
                if (!settled) {
                    settledSince = 0;
                } else if (settledSince == 0) {
                    settledSince = System.nanoTime();
                } else if (System.nanoTime() - settledSince > RESTORE_SETTLED.toNanos() && System.nanoTime() - restores.lastEndedAtNanos() > RESTORE_SETTLED.toNanos()) {
                    return new ChangelogFigures(written[0], written[1], restores.restoredRecords(), restores.lastEndedAtNanos() - started,
                            restores.lastEndedAtNanos() - restores.firstStartedAtNanos());
                }
                String broken = broken(service.streams());
                if (broken != null) {
                    throw new IllegalStateException("the restoring instance stopped: " + broken);
                }
                Thread.sleep(20);
            }
            throw new IllegalStateException("the restore did not finish within " + appTimeout + " (" + restores.restoredRecords() + " records restored)");
        }
    }

    /** What the harness sets over the pipeline's configuration: the broker's address, its own id, state directory and a free port. */
    static Map<String, String> pipelineSettings(String servers, String applicationId, Path stateDir) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        settings.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        settings.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        settings.put(AppConfig.HTTP_PORT, "0");
        return settings;
    }

    static String broken(KafkaStreams streams) {
        KafkaStreams.State state = streams.state();
        return state == KafkaStreams.State.ERROR || state == KafkaStreams.State.NOT_RUNNING || state == KafkaStreams.State.PENDING_ERROR
                ? "Kafka Streams stopped (state " + state + ")" : null;
    }

    private static Map<String, String> populations(Scenario scenario) {
        Map<String, String> populations = new LinkedHashMap<>();
        populations.put("ordinary", String.valueOf(scenario.ordinary().accounts()));
        populations.put("migrations", String.valueOf(scenario.migrations().accounts()));
        populations.put("newcomers", String.valueOf(scenario.newcomers().accounts()));
        populations.put("friend-add floods", String.valueOf(scenario.campaigns().friendAddFlood().accounts()));
        populations.put("purchased lists", String.valueOf(scenario.campaigns().purchasedList().accounts()));
        populations.put("low-and-slow", String.valueOf(scenario.campaigns().lowAndSlow().accounts()));
        populations.put("chatroom floods", String.valueOf(scenario.campaigns().chatroomFlood().accounts()));
        return populations;
    }

    private String commandLine() {
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        return "java -jar bench/target/bench.jar" + (args.isEmpty() ? "" : " " + String.join(" ", args));
    }

    private static void progress(PrintWriter terminal, String format, Object... args) {
        terminal.printf(Locale.ROOT, "bench: " + format + "%n", args);
        terminal.flush();
    }
}
