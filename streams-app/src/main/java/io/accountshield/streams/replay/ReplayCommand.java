package io.accountshield.streams.replay;

import io.accountshield.streams.CommandFiles;
import io.accountshield.streams.TerminalProgress;
import io.accountshield.streams.config.AppConfig;
import io.accountshield.streams.report.RunReportWriter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code streams-app.jar replay}: recorded events in, decisions out, through the production topology. */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Runs recorded account events (JSONL, one event per line) through the production topology with a "
                + "simulated clock that follows event time, and writes every decision it emits (JSONL).",
            "Deterministic: two runs over the same file and configuration give byte-identical output."})
public final class ReplayCommand implements Callable<Integer> {

    /**
     * The replay ran to the end, but some events failed inside the topology (a defect, not bad
     * input): their accounts' decisions may differ from what a correct pipeline would have made.
     */
    public static final int EXIT_PROCESSING_FAILED = 3;

    /** How many rejected lines are shown on the terminal when there is no --dead-letter file. */
    private static final int REJECTIONS_SHOWN = 10;

    @Spec
    private CommandSpec spec;

    @Option(names = "--events", required = true, paramLabel = "EVENTS.jsonl", description = "Recorded events; - for standard input.")
    private Path events;

    @Option(names = "--out", required = true, paramLabel = "DECISIONS.jsonl", description = "Where decisions go; - for standard output.")
    private Path out;

    @Option(names = "--config", paramLabel = "FILE", description = "The configuration file the live application reads.")
    private Path config;

    @Option(names = "--dead-letter", paramLabel = "FILE", description = "Where unreadable lines go, each with its line number and the reason.")
    private Path deadLetter;

    @Option(names = "--allowlist", paramLabel = "FILE",
            description = "Account ids on the allowlist for the whole replay, one per line (# starts a comment).")
    private Path allowlist;

    @Option(names = "--tail", paramLabel = "DURATION", converter = IsoDurationConverter.class,
            description = "How far the clock runs on after the last event (ISO-8601, e.g. PT25H). Default: the longest quiet period (the escalation ladder's top) plus one hour.")
    private Duration tail;

    @Option(names = "--report", paramLabel = "FILE",
            description = "Also write a report of the run to this HTML file: event rate, protections active, protections by rule over "
                    + "event time, and the summary; self-contained (opens offline in any browser).")
    private Path report;

    @Option(names = "--engine", paramLabel = "ENGINE", defaultValue = "direct", converter = EngineConverter.class,
            description = "direct (default): the topology's processor and stores driven directly, many times faster; driver: the whole "
                    + "topology under Kafka's TopologyTestDriver, the reference. Both give byte-identical decisions.")
    private Replay.Engine engine;

    @Option(names = "--quiet", description = "No progress on the terminal (events done, rate, time left).")
    private boolean quiet;

    /** Where progress goes instead of the terminal, when the replay runs inside another command (evaluate). */
    private final Replay.Progress progressListener;

    public ReplayCommand() {
        this(null);
    }

    /** @param progress told how far the replay is, instead of the terminal; null for the terminal */
    public ReplayCommand(Replay.Progress progress) {
        this.progressListener = progress;
    }

    /** Event time between the report's samples at first; it doubles as a long replay fills {@link #REPORT_SAMPLES}. */
    static final Duration REPORT_SAMPLE_INTERVAL = Duration.ofMinutes(1);
    static final int REPORT_SAMPLES = 1500;

    @Override
    public Integer call() throws IOException {
        AppConfig appConfig = AppConfig.load(config, System.getenv(), Map.of());
        if (report != null) {
            RunReportWriter.checkWritable(report);
        }
        // The replay's state directory is a throwaway temporary one on purpose; Streams' warning about that is for live instances.
        Configurator.setLevel("org.apache.kafka.streams.processor.internals.StateDirectory", Level.ERROR);
        PrintWriter terminal = spec.commandLine().getErr();
        TerminalProgress progress = new TerminalProgress(terminal, quiet || progressListener != null);
        Path stateDir = Files.createTempDirectory("account-shield-replay-");
        long[] shown = {0};
        AtomicLong bytesRead = new AtomicLong();
        long inputSize = events.toString().equals("-") || !Files.isRegularFile(events) ? -1 : Files.size(events);
        try (BufferedReader input = CommandFiles.openInput(events, "events", bytesRead);
             DecisionJsonWriter decisions = new DecisionJsonWriter(CommandFiles.openOutput(out));
             DeadLetterFile deadLetters = deadLetter == null ? null : new DeadLetterFile(CommandFiles.openOutput(deadLetter))) {
            RejectedLines rejected = deadLetters != null ? deadLetters::write : (line, reason, text) -> {
                if (shown[0]++ < REJECTIONS_SHOWN) {
                    progress.println(String.format("line %d rejected: %s", line, reason));
                }
            };
            Replay.Engine chosen = engine;
            if (chosen == Replay.Engine.DIRECT && appConfig.streamsProperties().containsKey(StreamsConfig.PROCESSOR_WRAPPER_CLASS_CONFIG)) {
                // A wrapper wraps the topology's processors as Kafka builds them; the direct engine builds none.
                progress.println("the configuration sets " + StreamsConfig.PROCESSOR_WRAPPER_CLASS_CONFIG
                        + ", which only the test driver applies: replaying with --engine driver");
                chosen = Replay.Engine.DRIVER;
            }
            Replay replay = new Replay(appConfig, stateDir).withEngine(chosen).withAllowlist(readAllowlist())
                    .withProgress(progressListener != null ? progressListener : terminalProgress(progress, bytesRead, inputSize));
            if (report != null) {
                replay.withMetricsSampling(REPORT_SAMPLE_INTERVAL, REPORT_SAMPLES);
            }
            Replay.Summary summary = replay.run(input, decisions, rejected, tail);
            progress.endLine();
            double seconds = summary.elapsed().toNanos() / 1e9;
            terminal.printf("replayed %,d events from %,d lines in %.1f s (%,.0f events/s): %,d protections applied, %,d released, %,d watches, "
                            + "%,d shadow protections; "
                            + "%,d lines rejected, %,d events dead-lettered as invalid, %,d events failed in processing%s; "
                            + "%,d events skipped as later than the grace period%n",
                    summary.events(), summary.lines(), seconds, summary.events() / Math.max(seconds, 1e-9),
                    summary.applied(), summary.released(), summary.watched(), summary.shadowProtections(), summary.rejected(),
                    summary.deadLettered(), summary.failed(),
                    summary.rejected() + summary.deadLettered() + summary.failed() == 0 ? ""
                            : deadLetter != null ? " (see " + deadLetter + ")" : " (use --dead-letter FILE to keep them)",
                    summary.late());
            if (!summary.clean()) {
                terminal.printf("NOT CLEAN: %,d events failed inside the topology (a defect); decisions for their accounts may be wrong. Exit code %d.%n",
                        summary.failed(), EXIT_PROCESSING_FAILED);
                if (chosen == Replay.Engine.DIRECT) {
                    terminal.printf("The direct engine keeps what a failed event had changed in its account's state, where the live application "
                            + "keeps the state from before it: --engine driver replays those accounts exactly as live.%n");
                }
            }
            if (report != null) {
                RunReportWriter.write(ReplayReport.of(summary, replay.series(), new ReplayReport.Inputs(events, out, config, deadLetter,
                        tail != null ? tail : appConfig.time().longestQuietPeriod().plusHours(1))), report);
                terminal.printf("report: %s%n", report.toAbsolutePath());
            }
            terminal.flush();
            return summary.clean() ? 0 : EXIT_PROCESSING_FAILED;
        } finally {
            CommandFiles.deleteRecursively(stateDir);
        }
    }

    /** Events done, rate, how far through the file (by bytes read; from standard input there is no telling) and time left. */
    private Replay.Progress terminalProgress(TerminalProgress progress, AtomicLong bytesRead, long inputSize) {
        Duration tailLength = tail;
        return new Replay.Progress() {
            @Override
            public void progress(long lines, long done, Duration elapsed, boolean finished) {
                double fraction = inputSize > 0 ? Math.min(1.0, bytesRead.get() / (double) inputSize) : Double.NaN;
                if (finished) {
                    progress.finish(TerminalProgress.eventsLine(done, fraction, elapsed, "the input", true));
                } else {
                    progress.events(done, fraction, elapsed, "the input");
                }
            }

            @Override
            public void tail(double fraction, Duration elapsed) {
                progress.update(() -> String.format("all events in; running the clock on %s so that due releases come out: %3.0f%%  elapsed %s",
                        tailLength == null ? "past the longest quiet period" : tailLength.toString(), 100 * Math.min(1, fraction),
                        TerminalProgress.clock(elapsed)));
            }
        };
    }

    private java.util.List<String> readAllowlist() throws IOException {
        if (allowlist == null) {
            return java.util.List.of();
        }
        try (BufferedReader lines = CommandFiles.openInput(allowlist, "allowlist")) {
            return lines.lines().map(line -> line.replaceFirst("#.*", "").trim()).filter(line -> !line.isEmpty()).toList();
        }
    }

    /** {@code direct} or {@code driver}, in lower case as the other options' values. */
    static final class EngineConverter implements picocli.CommandLine.ITypeConverter<Replay.Engine> {
        @Override
        public Replay.Engine convert(String value) {
            try {
                return Replay.Engine.valueOf(value.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException("expected direct or driver, was '" + value + "'");
            }
        }
    }
}
