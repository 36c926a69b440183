package io.accountshield.sim.demo;

import io.accountshield.sim.metrics.SimulatorMetrics;
import io.accountshield.sim.output.KafkaEventSink;
import io.accountshield.sim.output.LabelFile;
import io.accountshield.sim.output.TimeMapping;
import io.accountshield.sim.scenario.Scenario;
import io.accountshield.sim.scenario.ScenarioOptions;
import io.accountshield.sim.traffic.Simulation;
import io.accountshield.streams.CommandFiles;
import io.accountshield.streams.TerminalProgress;
import io.accountshield.streams.UserInputException;
import io.accountshield.streams.api.OperatorTokens;
import io.accountshield.streams.api.Role;
import io.accountshield.streams.app.ProtectionService;
import io.accountshield.streams.app.StartupException;
import io.accountshield.streams.config.AppConfig;
import io.accountshield.streams.replay.IsoDurationConverter;
import io.accountshield.streams.report.MetricsSampler;
import io.accountshield.streams.report.RunReport;
import io.accountshield.streams.report.RunReportWriter;
import io.accountshield.streams.report.TimeToDecision;
import io.accountshield.streams.score.AccountLabel;
import io.accountshield.streams.score.Decision;
import io.accountshield.streams.score.Scorecard;
import io.accountshield.streams.score.ScorecardReport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code producer-sim.jar demo}: the whole pipeline on a real broker with one command. Starts an
 * embedded KRaft broker (or uses --bootstrap-servers), creates the topics, runs the streams
 * application and the simulator with a compressed clock and proportionally short windows and quiet
 * period, shows live progress, and ends with a summary and the scorecard. Ctrl-C stops it cleanly.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs the whole pipeline on a real Kafka broker: an embedded one (KRaft, in this process) unless "
                + "--bootstrap-servers names a cluster; topics, the streams application and the simulator with a "
                + "compressed clock; live progress; a summary and the scorecard at the end. Ctrl-C stops it cleanly.")
public final class DemoCommand implements Callable<Integer> {

    /** A smaller scenario than the default, so a day of traffic plays in two minutes at speed 720. */
    static final Map<String, String> DEMO_SCENARIO = Map.of(
            "duration", "PT24H",
            "ordinary.accounts", "5000",
            "migrations.accounts", "500",
            "newcomers.accounts", "250",
            "campaigns.friendAddFlood.accounts", "15",
            "campaigns.purchasedList.accounts", "10",
            "campaigns.lowAndSlow.accounts", "10",
            "campaigns.chatroomFlood.accounts", "15");

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    static final String DEFAULT_REPORT = "account-shield-demo-report.html";
    /** Wall-clock time between the report's samples: about 150 over the default five-minute run. */
    static final Duration REPORT_SAMPLE_INTERVAL = Duration.ofSeconds(2);
    static final int REPORT_SAMPLES = 2000;

    @Spec
    private CommandSpec spec;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", description = "Use this Kafka cluster instead of starting an embedded broker.")
    private String bootstrapServers;

    @Option(names = "--duration", paramLabel = "DURATION", converter = IsoDurationConverter.class,
            description = "How much scenario time to play (ISO-8601). Default: PT24H, two minutes at the default speed.")
    private Duration duration;

    @Option(names = "--speed", paramLabel = "FACTOR", defaultValue = "720",
            description = "How many times faster than real time; windows and the quiet period shrink by the same factor. Default: ${DEFAULT-VALUE}.")
    private double speed;

    @Mixin
    private ScenarioOptions scenarioOptions;

    @Option(names = "--config", paramLabel = "FILE", description = "Application settings (rules, topics, Kafka client settings); time settings are scaled by --speed.")
    private Path config;

    @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "8080",
            description = "Port of the application's health, metrics, operator API and support console. Default: ${DEFAULT-VALUE}.")
    private int httpPort;

    @Option(names = "--report", paramLabel = "FILE", defaultValue = DEFAULT_REPORT,
            description = "Where the run's report goes (HTML, self-contained: event rate, protections over time, protections by rule, "
                    + "time to decision and the scorecard). Default: ${DEFAULT-VALUE} in the working directory.")
    private Path report;

    @Option(names = "--keep-running", description = "After the scorecard, keep the pipeline and the support console up until Ctrl-C.")
    private boolean keepRunning;

    /** This run's operator token (role admin): printed once, configured only as its hash. */
    private final String operatorToken = OperatorTokens.newToken();

    /** A run that failed after it started (the pipeline or the simulator), as opposed to a usage mistake. */
    static final int EXIT_FAILED = 1;
    static final int EXIT_INTERRUPTED = 130;

    private final List<AutoCloseable> running = new ArrayList<>();
    /** Each run its own application id and reader group, so runs against one cluster do not mix. */
    private final String runId = "account-shield-demo-" + Long.toHexString(System.currentTimeMillis());
    private volatile boolean stopping;
    private Path workDir;

    @Override
    public Integer call() throws Exception {
        if (speed <= 0) {
            throw new UserInputException("--speed must be greater than 0, was " + speed);
        }
        PrintWriter out = spec.commandLine().getOut();
        Map<String, String> demoScenario = new LinkedHashMap<>(DEMO_SCENARIO);
        if (duration != null) {
            demoScenario.put("duration", duration.toString());
        }
        Scenario scenario = scenarioOptions.load(demoScenario);
        RunReportWriter.checkWritable(report);
        workDir = Files.createTempDirectory("account-shield-demo-");
        Thread cleanup = new Thread(() -> {
            stopping = true;
            stopEverything();
        }, "demo-shutdown");
        Runtime.getRuntime().addShutdownHook(cleanup);
        long started = System.nanoTime();
        try {
            String servers = bootstrapServers;
            if (servers == null) {
                out.println("starting an embedded Apache Kafka broker (KRaft) ...");
                out.flush();
                EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(workDir.resolve("kafka"));
                running.add(broker);
                servers = broker.bootstrapServers();
            }
            AppConfig appConfig = appConfig(servers);
            Duration unscaledQuietPeriod = AppConfig.load(config, System.getenv(), Map.of()).time().quietPeriod();
            out.printf("broker at %s; starting the streams application (quiet period %s, friend-add burst window %s at speed %.0f) ...%n",
                    servers, appConfig.time().quietPeriod(), appConfig.rule("friend-add-burst").window(), speed);
            out.flush();
            ProtectionService service;
            try {
                service = ProtectionService.start(appConfig, true);
            } catch (StartupException e) {
                throw new UserInputException(e.getMessage());
            }
            running.add(0, service);
            // The report's time series: the application's own meters, read every two seconds of the run.
            MetricsSampler sampler = new MetricsSampler(service.meterRegistry(), REPORT_SAMPLE_INTERVAL, REPORT_SAMPLES);
            ScheduledExecutorService sampling = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "demo-report-sampler");
                thread.setDaemon(true);
                return thread;
            });
            sampling.scheduleAtFixedRate(() -> sampler.advanceTo(System.currentTimeMillis()), 0, 500, TimeUnit.MILLISECONDS);
            running.add(0, sampling::shutdownNow);
            // The application's client settings (security included) serve the simulator, the watcher and the lag reader too.
            Properties clients = appConfig.streamsProperties();
            DecisionWatcher watcher = new DecisionWatcher(clients, appConfig.topics(), runId + "-watcher");
            running.add(0, watcher);
            ConsumerLag lag = new ConsumerLag(clients, appConfig.streamsProperties().getProperty(StreamsConfig.APPLICATION_ID_CONFIG),
                    appConfig.topics().inputs());
            running.add(0, lag);
            out.printf("health: http://localhost:%d/health/ready; metrics: http://localhost:%d/metrics; simulating %s of traffic in about %s ...%n",
                    service.healthPort(), service.healthPort(), scenario.duration(), DemoTiming.scale(scenario.duration(), speed));
            out.printf("report of this run, when it ends: %s%n", report.toAbsolutePath());
            out.printf("support console: http://localhost:%d/console/  operator token for this run (role admin): %s%n"
                            + "  or from a shell: ACCOUNT_SHIELD_TOKEN=%s ACCOUNT_SHIELD_URL=http://localhost:%d java -jar streams-app/target/streams-app.jar account show ACCOUNT_ID%n",
                    service.healthPort(), operatorToken, operatorToken, service.healthPort());
            out.flush();

            Path labelsPath = workDir.resolve("labels.jsonl");
            AtomicLong events = new AtomicLong();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            TimeMapping time = new TimeMapping(scenario.start().toEpochMilli(), System.currentTimeMillis(), speed);
            Thread simulator = new Thread(() -> {
                try (KafkaEventSink sink = new KafkaEventSink(clients, appConfig.topics(), null,
                        new LabelFile(Files.newBufferedWriter(labelsPath, StandardCharsets.UTF_8)), Duration.ofSeconds(15))) {
                    // What the simulator produced goes on the application's /metrics too: one scrape target for the demo.
                    Simulation.run(scenario, sink, time, true, (count, fraction, elapsed, finished) -> events.set(count),
                            new SimulatorMetrics(service.meterRegistry()));
                } catch (Throwable e) {
                    failure.set(e);
                }
            }, "demo-simulator");
            simulator.setDaemon(true);
            simulator.start();

            // One line rewritten in place on a terminal; a plain line every two seconds in a log or a pipe.
            TerminalProgress progress = new TerminalProgress(out, System.console() != null, false, Duration.ZERO, System::nanoTime);
            long lastEvents = 0;
            long lastTick = System.nanoTime();
            while (simulator.isAlive()) {
                simulator.join(2_000);
                if (stopping) {
                    return EXIT_INTERRUPTED;
                }
                String broken = brokenPipeline(service, watcher);
                if (broken != null) {
                    return fail(broken);
                }
                long now = System.nanoTime();
                long count = events.get();
                double rate = (count - lastEvents) / ((now - lastTick) / 1e9);
                progress.update(() -> progressLine("traffic", count, rate, watcher, lag));
                lastEvents = count;
                lastTick = now;
            }
            if (stopping) {
                return EXIT_INTERRUPTED;
            }
            if (failure.get() != null) {
                return fail("the simulator stopped: " + failure.get().getMessage());
            }
            // Let the last quiet periods pass, so that due releases come out.
            Duration quiet = appConfig.time().quietPeriod().plus(appConfig.time().grace()).plus(appConfig.time().releaseCheckInterval());
            long waitUntil = System.nanoTime() + quiet.plusSeconds(10).toNanos();
            progress.println(String.format("traffic done; waiting up to %d s for the last quiet periods to pass ...", quiet.plusSeconds(10).toSeconds()));
            while (System.nanoTime() < waitUntil && watcher.released() < watcher.applied() || lag.total() > 0 && System.nanoTime() < waitUntil) {
                Thread.sleep(2_000);
                if (stopping) {
                    return EXIT_INTERRUPTED;
                }
                String broken = brokenPipeline(service, watcher);
                if (broken != null) {
                    return fail(broken);
                }
                progress.update(() -> progressLine("quiet", events.get(), 0, watcher, lag));
            }
            progress.endLine();
            // Scored in scenario time: a detection 0.1 s after a compressed campaign began took 72 s of the scenario's time.
            List<AccountLabel> labels = readLabels(labelsPath).stream().map(label -> new AccountLabel(label.accountId(),
                    label.population(), label.kind(), label.campaignStart() == 0 ? 0 : time.unmap(label.campaignStart()),
                    label.campaignEnd() == 0 ? 0 : time.unmap(label.campaignEnd()), label.addressBookSize())).toList();
            List<Decision> decisions = watcher.decisions().stream()
                    .map(d -> new Decision(d.type(), d.accountId(), time.unmap(d.at()))).toList();
            Scorecard.Result score = Scorecard.score(labels, decisions, unscaledQuietPeriod);
            out.printf("%nsummary: %,d events for %,d accounts in %.0f s; %,d protections applied, %,d released, %,d still open"
                            + "%nscorecard (times in scenario time, %s of it played at %.0fx):%n",
                    events.get(), labels.size(), (System.nanoTime() - started) / 1e9, watcher.applied(), watcher.released(),
                    watcher.applied() - watcher.released(), scenario.duration(), speed);
            ScorecardReport.print(score, out);
            out.println(ScorecardReport.summaryJson(score));
            sampler.finish(System.currentTimeMillis());
            RunReportWriter.write(demoReport(scenario, events.get(), labels.size(), Duration.ofNanos(System.nanoTime() - started), watcher,
                    service, servers, sampler, score), report);
            out.printf("report: %s (open it in a browser; it needs no network)%n", report.toAbsolutePath());
            out.flush();
            if (keepRunning) {
                out.printf("still running (--keep-running): support console at http://localhost:%d/console/ with the token above; Ctrl-C stops%n",
                        service.healthPort());
                out.flush();
                while (!stopping && brokenPipeline(service, watcher) == null) {
                    Thread.sleep(1_000);
                }
                return stopping ? EXIT_INTERRUPTED : fail(brokenPipeline(service, watcher));
            }
            return 0;
        } finally {
            stopEverything();
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running already.
            }
        }
    }

    /** What is wrong with the running pipeline, or null while it works. */
    private static String brokenPipeline(ProtectionService service, DecisionWatcher watcher) {
        KafkaStreams.State state = service.streams().state();
        if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.NOT_RUNNING || state == KafkaStreams.State.PENDING_ERROR) {
            return "the streams application stopped (state " + state + "); see the log above";
        }
        if (watcher.failure() != null) {
            return "reading the decisions failed: " + watcher.failure().getMessage();
        }
        return null;
    }

    private int fail(String message) {
        spec.commandLine().getErr().println("error: " + message);
        spec.commandLine().getErr().flush();
        return EXIT_FAILED;
    }

    private AppConfig appConfig(String servers) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        settings.put(StreamsConfig.APPLICATION_ID_CONFIG, runId);
        settings.put(StreamsConfig.STATE_DIR_CONFIG, workDir.resolve("state").toString());
        settings.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, "0");
        settings.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "200");
        settings.put(AppConfig.TOPIC_PARTITIONS, "3");
        settings.put(AppConfig.HTTP_PORT, String.valueOf(httpPort));
        settings.put(AppConfig.API_TOKENS, OperatorTokens.entry("demo-operator", Role.ADMIN, operatorToken));
        if (bootstrapServers == null) {
            settings.put(AppConfig.TOPIC_REPLICATION_FACTOR, "1");
        }
        AppConfig base = AppConfig.load(config, System.getenv(), settings);
        return base.withOverrides(DemoTiming.scaled(base, speed));
    }

    private static String progressLine(String phase, long events, double rate, DecisionWatcher watcher, ConsumerLag lag) {
        String protectedNow = watcher.stillProtected();
        return String.format("%s  %-7s  events %,10d (%,7.0f/s)  protections applied %,5d  released %,5d  consumer lag %,7d%s",
                LocalTime.now().format(CLOCK), phase, events, rate, watcher.applied(), watcher.released(), lag.total(),
                protectedNow == null ? "" : "  (look up " + protectedNow + ")");
    }

    /** The run's report: the application's meters over the run, its time to decision, the summary and the scorecard. */
    private RunReport demoReport(Scenario scenario, long events, int accounts, Duration took, DecisionWatcher watcher,
                                 ProtectionService service, String servers, MetricsSampler sampler, Scorecard.Result score) {
        List<RunReport.Fact> facts = List.of(
                new RunReport.Fact("traffic", String.format("%s of a messenger's day at %.0fx (%s of wall-clock time)", scenario.duration(), speed,
                        DemoTiming.scale(scenario.duration(), speed))),
                new RunReport.Fact("events produced", String.format("%,d, for %,d accounts", events, accounts)),
                new RunReport.Fact("protections applied", String.format("%,d", watcher.applied())),
                new RunReport.Fact("protections released", String.format("%,d", watcher.released())),
                new RunReport.Fact("protections still open", String.format("%,d", watcher.applied() - watcher.released())),
                new RunReport.Fact("run took", TerminalProgress.clock(took)),
                new RunReport.Fact("broker", bootstrapServers == null ? servers + " (embedded, KRaft)" : servers),
                new RunReport.Fact("metrics", "http://localhost:" + service.healthPort() + "/metrics (while the demo runs)"),
                new RunReport.Fact("samples", String.format("%,d, every %s of the run", sampler.series().samples().size(), sampler.series().interval())));
        RunReport.Table scorecard = new RunReport.Table(ScorecardReport.columns(), ScorecardReport.rows(score), List.of(ScorecardReport.LEGEND,
                String.format("Times in scenario time: %s of it played at %.0fx, so a detection 0.1 s after a campaign began counts as %.0f s.",
                        scenario.duration(), speed, 0.1 * speed)));
        return new RunReport("Account Shield demo",
                String.format("A day of a messenger on a real Kafka broker, %s of traffic played at %.0fx with windows and quiet periods "
                        + "shrunk to match; time axis: the run's wall clock (UTC).", scenario.duration(), speed),
                RunReport.Clock.WALL, sampler.series(), TimeToDecision.from(service.meterRegistry()),
                "From the time of the event that fired a rule to the protection being sent, as the live application measured it "
                        + "(account_shield_time_to_decision_seconds); the simulator stamps each event as it leaves (a late one with when it "
                        + "happened, its few seconds' delay shrunk by the speed), so this is the pipeline's own delay, on the wall clock.",
                facts, scorecard, score.unlabelledAccounts() > 0
                        ? String.format("%,d accounts have decisions but no label.", score.unlabelledAccounts()) : null);
    }

    private static List<AccountLabel> readLabels(Path file) throws IOException {
        List<AccountLabel> labels = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                labels.add(ScorecardReport.parseLabel(line));
            }
        }
        return labels;
    }

    /** Stops what runs, newest first: lag reader, watcher, streams application, broker; then removes the files. */
    private synchronized void stopEverything() {
        for (AutoCloseable closeable : running) {
            try {
                closeable.close();
            } catch (Exception e) {
                spec.commandLine().getErr().println("while stopping: " + e.getMessage());
            }
        }
        running.clear();
        if (workDir != null) {
            try {
                CommandFiles.deleteRecursively(workDir);
            } catch (IOException e) {
                spec.commandLine().getErr().println("could not remove " + workDir + ": " + e.getMessage());
            }
        }
    }
}
