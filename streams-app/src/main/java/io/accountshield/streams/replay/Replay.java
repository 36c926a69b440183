package io.accountshield.streams.replay;

import io.accountshield.schema.allowlist.AllowlistEntry;
import io.accountshield.schema.decisions.AccountWatched;
import io.accountshield.schema.decisions.ProtectionApplied;
import io.accountshield.schema.decisions.ProtectionReleased;
import io.accountshield.schema.decisions.ShadowProtection;
import io.accountshield.streams.config.AppConfig;
import io.accountshield.streams.errors.DeadLetterRecords;
import io.accountshield.streams.errors.ErrorReporting;
import io.accountshield.streams.metrics.ProtectionMetrics;
import io.accountshield.streams.processor.AccountEvents;
import io.accountshield.streams.report.MetricsSampler;
import io.accountshield.streams.report.RunSeries;
import io.accountshield.streams.rules.LiveRules;
import io.accountshield.streams.rules.RuleParameters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.internals.ExceptionHandlerUtils;
import org.apache.kafka.streams.state.BuiltInDslStoreSuppliers;

/**
 * Runs recorded events through the production topology's processor, with the wall clock following
 * event time, and writes every decision as it is emitted: by default driving the processor and its
 * stores directly ({@link Engine#DIRECT}), or under Kafka's TopologyTestDriver ({@link Engine#DRIVER},
 * the reference). Deterministic: the same input and configuration give the same output, byte for
 * byte, with either engine.
 */
public final class Replay {

    /**
     * How the events go through the topology. {@link #DIRECT} is the default: the same processor and
     * stores without the test driver's per-record overhead, proven to decide byte for byte as
     * {@link #DRIVER} does, which stays as the reference.
     */
    public enum Engine {
        /** The topology's processor and stores, driven directly: many times faster. */
        DIRECT,
        /** The whole topology under Kafka's TopologyTestDriver: the reference. */
        DRIVER
    }

    /**
     * What a replay did.
     *
     * @param rejected     lines that are not valid events, set aside before the topology
     * @param deadLettered events the topology set aside as invalid (as it would live)
     * @param failed       events the topology failed on: a defect, so the run's decisions may be wrong
     * @param late         events older than the grace period when they came, skipped (not counted by any rule)
     */
    public record Summary(long lines, long events, long rejected, long deadLettered, long failed, long late, long applied, long released,
                          long watched, long shadowProtections, Duration elapsed) {

        /** No event failed inside the topology. */
        public boolean clean() {
            return failed == 0;
        }
    }

    /**
     * Told how far the replay is, every {@link #PROGRESS_EVERY_LINES} lines and once at the end;
     * called from the replaying thread.
     */
    public interface Progress {
        void progress(long lines, long events, Duration elapsed, boolean finished);

        /**
         * After the last event, while the clock runs on through the tail (so that due releases come
         * out): how far through it, which on a long tail takes a while of its own.
         */
        default void tail(double fraction, Duration elapsed) {
        }
    }

    static final int PROGRESS_EVERY_LINES = 1024;

    private final AppConfig config;
    private List<String> allowlistedAccounts = List.of();
    private Progress progress = (lines, events, elapsed, finished) -> { };
    private Duration sampleInterval;
    private int maxSamples;
    private MetricsSampler sampler;
    private MeterRegistry sampledRegistry;
    private Engine engineChoice = Engine.DIRECT;
    /** The rules to judge by: the configuration's when null. */
    private List<RuleParameters> rules;

    public Replay(AppConfig config, Path stateDir) {
        this.config = config.withOverrides(replayOverrides(stateDir));
    }

    /** Accounts on the allowlist from the start of the replay, as if listed on its topic. */
    public Replay withAllowlist(List<String> accountIds) {
        this.allowlistedAccounts = List.copyOf(accountIds);
        return this;
    }

    /**
     * Judges by these rules instead of the configuration's, as an instance would once they were on the
     * protection-rules topic; each must fit the windows the configuration keeps ({@link LiveRules}).
     */
    public Replay withRules(List<RuleParameters> rules) {
        this.rules = List.copyOf(rules);
        return this;
    }

    public Replay withEngine(Engine engine) {
        this.engineChoice = engine;
        return this;
    }

    public Replay withProgress(Progress progress) {
        this.progress = progress;
        return this;
    }

    /**
     * Samples the live application's business metrics (as the replay's topology keeps them) every
     * {@code interval} of event time, for {@link #series()}: what a run report draws.
     */
    public Replay withMetricsSampling(Duration interval, int maxSamples) {
        this.sampleInterval = interval;
        this.maxSamples = maxSamples;
        return this;
    }

    /** The metrics over event time, after {@link #run}; empty without sampling, or when no event was valid. */
    public RunSeries series() {
        return sampler == null ? new RunSeries(List.of(), sampleInterval == null ? Duration.ZERO : sampleInterval) : sampler.series();
    }

    /** The registry the run's metrics went to, after {@link #run}; null when no event was valid. */
    public MeterRegistry registry() {
        return sampledRegistry;
    }

    /** The one topic all replayed events travel through. */
    static final String REPLAY_INPUT_TOPIC = "replay-account-events";

    /**
     * The replay's own settings. State lives in memory in a private directory: nothing outlives the
     * run. All events go through one input topic: the topology reads any event type from any input
     * topic, and the test driver's cost per record grows with the number of source topics (it
     * compiles a pattern for each other one), which made a third of the replay's time.
     */
    static Map<String, String> replayOverrides(Path stateDir) {
        return Map.of(
                StreamsConfig.STATE_DIR_CONFIG, stateDir.toString(),
                StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE,
                StreamsConfig.DSL_STORE_SUPPLIERS_CLASS_CONFIG, BuiltInDslStoreSuppliers.InMemoryDslStoreSuppliers.class.getName(),
                AppConfig.TOPIC_FRIEND_ADDED, REPLAY_INPUT_TOPIC,
                AppConfig.TOPIC_CHATROOM_CREATED, REPLAY_INPUT_TOPIC,
                AppConfig.TOPIC_DEVICE_REGISTERED, REPLAY_INPUT_TOPIC,
                AppConfig.TOPIC_SPAM_REPORTED, REPLAY_INPUT_TOPIC);
    }

    /**
     * @param tail how far the clock runs on after the last event; null for the default, the longest
     *             quiet period in force (the escalation ladder's top) plus one hour, so that due releases come out
     */
    public Summary run(BufferedReader events, DecisionJsonWriter decisions, RejectedLines rejected, Duration tail) throws IOException {
        long started = System.nanoTime();
        Run run = null;
        long lineNumber;
        long rejectedCount = 0;
        long implausibleTimes = 0;
        try (ParsedLines lines = new ParsedLines(events)) {
            ParsedLines.Parsed parsed;
            while ((parsed = lines.next()) != null) {
                if (parsed.event() == null) {
                    if (parsed.implausible()) {
                        // Set aside before the clock moves (or starts, at the first event): live, the processor sets it aside the same way.
                        implausibleTimes++;
                    } else {
                        rejectedCount++;
                    }
                    rejected.reject(parsed.lineNumber(), parsed.problem(), parsed.line());
                    continue;
                }
                if (run == null) {
                    run = new Run(AccountEvents.occurredAt(parsed.event()).toEpochMilli(), decisions, rejected);
                }
                run.process(parsed.event(), parsed.changesInTransit(), parsed.lineNumber(), parsed.line());
                if (parsed.lineNumber() % PROGRESS_EVERY_LINES == 0) {
                    progress.progress(parsed.lineNumber(), run.events, Duration.ofNanos(System.nanoTime() - started), false);
                }
            }
            lineNumber = lines.lines();
            if (run != null) {
                run.finish(tail != null ? tail : config.time().longestQuietPeriod().plusHours(1), started);
            }
        } finally {
            if (run != null) {
                run.close();
            }
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        progress.progress(lineNumber, run == null ? 0 : run.events, elapsed, true);
        return run == null
                ? new Summary(lineNumber, 0, rejectedCount, implausibleTimes, 0, 0, 0, 0, 0, 0, elapsed)
                : new Summary(lineNumber, run.events, rejectedCount, implausibleTimes + run.deadLettered, run.failed, run.late, run.applied, run.released,
                        run.watched, run.shadow, elapsed);
    }

    /** An account on the allowlist from the start of the replay, as the allowlist topic carries it. */
    static AllowlistEntry allowlistEntry(String accountId, long startMillis) {
        return new AllowlistEntry(accountId, "replay --allowlist", "replay", Instant.ofEpochMilli(startMillis), null);
    }

    /** One engine, started at the first valid event's time, and everything the replay writes from it. */
    private final class Run implements AutoCloseable {
        private final ReplayEngine engine;
        private final SimulatedWallClock clock;
        private final DecisionJsonWriter decisions;
        private final RejectedLines rejected;
        private final ReplayEngine.Emitted emitted = new ReplayEngine.Emitted();
        private long maxEventMillis;
        private long events;
        private long applied;
        private long released;
        private long watched;
        private long shadow;
        private long late;
        private long deadLettered;
        private long failed;
        /** Run after each release check: progress through the tail, once the events are all in. */
        private Runnable tailProgress = () -> { };
        /** The line of the latest event piped: a failed release check after it is filed under it. */
        private long lastLineNumber;
        /** The live application's metrics, on the replay's clock. */
        private final MeterRegistry registry = new SimpleMeterRegistry();

        Run(long startMillis, DecisionJsonWriter decisions, RejectedLines rejected) {
            this.maxEventMillis = startMillis;
            ProtectionMetrics metrics = new ProtectionMetrics(registry, () -> Instant.ofEpochMilli(maxEventMillis));
            sampledRegistry = registry;
            if (sampleInterval != null) {
                sampler = new MetricsSampler(registry, sampleInterval, maxSamples);
            }
            this.rejected = rejected;
            Properties streamsProperties = metrics.install(new ErrorReporting(registry).install(config.streamsProperties()));
            // The replay's clock is event time: an event is never ahead of it, so none is judged to come from the future.
            InstantSource processingClock = () -> Instant.ofEpochMilli(maxEventMillis);
            LiveRules judgedBy = rules == null ? config.liveRules() : new LiveRules(config.countingWindows(), config.time().quietPeriod(), rules);
            this.engine = engineChoice == Engine.DRIVER
                    ? new DriverEngine(config, judgedBy, streamsProperties, processingClock, startMillis, allowlistedAccounts)
                    : new DirectEngine(config, judgedBy, streamsProperties, processingClock, startMillis, allowlistedAccounts);
            this.clock = new SimulatedWallClock(this.engine::moveWallClockTo, startMillis, config.time().releaseCheckInterval());
            this.decisions = decisions;
        }

        void process(SpecificRecord event, boolean changesInTransit, long lineNumber, String line) throws IOException {
            Instant occurredAt = AccountEvents.occurredAt(event);
            maxEventMillis = Math.max(maxEventMillis, occurredAt.toEpochMilli());
            advanceClockTo(maxEventMillis);
            if (sampler != null) {
                sampler.advanceTo(maxEventMillis);
            }
            engine.pipe(AccountEvents.accountId(event), event, occurredAt.toEpochMilli(), changesInTransit);
            lastLineNumber = lineNumber;
            writeEmitted(lineNumber, line);
            events++;
        }

        void finish(Duration tail, long startedNanos) throws IOException {
            long from = maxEventMillis;
            long[] checks = {0};
            tailProgress = () -> {
                if (++checks[0] % PROGRESS_EVERY_LINES == 0) {
                    progress.tail((clock.latestCheckMillis() - from) / (double) Math.max(1, tail.toMillis()),
                            Duration.ofNanos(System.nanoTime() - startedNanos));
                }
            };
            advanceClockTo(maxEventMillis + tail.toMillis());
            if (sampler != null) {
                sampler.finish(Math.max(maxEventMillis + tail.toMillis(), clock.latestCheckMillis()));
            }
        }

        private void advanceClockTo(long millis) throws IOException {
            IOException[] failure = new IOException[1];
            clock.advanceTo(millis, () -> {
                try {
                    writeEmitted(lastLineNumber, "");
                    if (sampler != null) {
                        // After the release check at this instant: the releases it made show from here on.
                        sampler.advanceTo(clock.latestCheckMillis());
                    }
                    tailProgress.run();
                } catch (IOException e) {
                    failure[0] = e;
                }
            });
            if (failure[0] != null) {
                throw failure[0];
            }
        }

        /**
         * What the topology set aside while processing the event on this line goes to the
         * dead-letter file under the line's number, as live it goes to the dead-letter topic; then
         * the decisions, topic by topic.
         */
        private void writeEmitted(long lineNumber, String line) throws IOException {
            engine.drainTo(emitted);
            for (ReplayEngine.DeadLetter deadLetter : emitted.deadLetters) {
                writeDeadLetter(deadLetter, lineNumber, line);
            }
            for (ProtectionReleased decision : emitted.released) {
                decisions.write(decision);
                released++;
            }
            for (ProtectionApplied decision : emitted.applied) {
                decisions.write(decision, maxEventMillis);
                applied++;
            }
            for (AccountWatched decision : emitted.watched) {
                decisions.write(decision);
                watched++;
            }
            for (ShadowProtection decision : emitted.shadow) {
                decisions.write(decision);
                shadow++;
            }
            emitted.clear();
        }

        private void writeDeadLetter(ReplayEngine.DeadLetter deadLetter, long lineNumber, String line) throws IOException {
            String reason = header(deadLetter, DeadLetterRecords.HEADER_REASON);
            String message = header(deadLetter, ExceptionHandlerUtils.HEADER_ERRORS_EXCEPTION_MESSAGE_NAME);
            if (DeadLetterRecords.RELEASE_CHECK.equals(header(deadLetter, DeadLetterRecords.HEADER_ORIGIN))) {
                failed++;
                rejected.reject(lineNumber, "release check failed for account " + new String(deadLetter.key(), StandardCharsets.UTF_8)
                        + " after this line (" + header(deadLetter, ExceptionHandlerUtils.HEADER_ERRORS_EXCEPTION_NAME) + "): " + message, line);
            } else if (ErrorReporting.PROCESSING_DEFECT.equals(reason)) {
                failed++;
                rejected.reject(lineNumber, "processing defect (" + header(deadLetter, ExceptionHandlerUtils.HEADER_ERRORS_EXCEPTION_NAME)
                        + "): " + message + "; the run's decisions for this account may be wrong", line);
            } else {
                deadLettered++;
                rejected.reject(lineNumber, message, line);
            }
        }

        private static String header(ReplayEngine.DeadLetter record, String name) {
            Header header = record.headers().lastHeader(name);
            return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
        }

        @Override
        public void close() {
            // The processor counts the events it skips as late in the live application's metric; the replay reports the same count.
            Counter skipped = registry.find(ProtectionMetrics.LATE_EVENTS_SKIPPED).counter();
            late = skipped == null ? 0 : (long) skipped.count();
            engine.close();
        }
    }
}
