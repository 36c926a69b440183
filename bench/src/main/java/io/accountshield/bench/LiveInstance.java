package io.accountshield.bench;

import io.accountshield.streams.app.ProtectionService;
import io.accountshield.streams.app.TopicLayout;
import io.accountshield.streams.config.AppConfig;
import io.accountshield.streams.config.TopicNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The pipeline running live for one measurement, as {@code streams-app.jar run} starts it, on topics
 * of its own (so it does not read the backlog first), with the reader of its decisions and the load
 * generator beside it.
 */
final class LiveInstance implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    final AppConfig config;
    final DecisionReader reader;
    final LiveLoad load;
    final LiveTimeline timeline;
    private final String name;
    private final ProtectionService service;
    private final CatchUp catchUp;

    private LiveInstance(String name, AppConfig config, ProtectionService service, DecisionReader reader, LiveLoad load, CatchUp catchUp) {
        this.name = name;
        this.config = config;
        this.service = service;
        this.reader = reader;
        this.load = load;
        this.catchUp = catchUp;
        this.timeline = LiveTimeline.start(load, reader, service.streams(), name);
    }

    /**
     * Creates the topics named {@code name}-..., starts the pipeline with {@code overrides} over the
     * configuration file (or the defaults) and waits until it is RUNNING.
     */
    static LiveInstance start(String name, Path configFile, Map<String, String> overrides, Properties clients, Path work,
                              LiveOptions options) throws Exception {
        Map<String, String> settings = Bench.pipelineSettings(clients.getProperty(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG), name,
                work.resolve("state-" + name));
        settings.putAll(prefixed(AppConfig.load(configFile, Map.of(), settings).topics(), name + "-"));
        // The load's attackers, 20 a second from a standing start, are the wave onto a rule with no recent history that
        // the guard cannot tell from a bad threshold: with it on, it demotes stranger-add-streak to shadow a minute in,
        // and every attacker after that is missing. These parts measure the pipeline's time to decision, not the guard.
        settings.put(AppConfig.GUARD_ENABLED, "false");
        settings.putAll(overrides);
        AppConfig config = AppConfig.load(configFile, Map.of(), settings);
        Bench.createAndAwaitLeaders(clients, TopicLayout.of(config).newTopics());
        ProtectionService service = ProtectionService.start(config, false);
        try {
            awaitRunning(service.streams(), name);
            DecisionReader reader = new DecisionReader(clients, config.topics());
            return new LiveInstance(name, config, service, reader, new LiveLoad(clients, config.topics(), options.accounts, options.attackerEvery,
                    options.compression),
                    new CatchUp(clients));
        } catch (Exception | Error e) {
            service.close();
            throw e;
        }
    }

    private static Map<String, String> prefixed(TopicNames topics, String prefix) {
        Map<String, String> names = new LinkedHashMap<>();
        names.put(AppConfig.TOPIC_FRIEND_ADDED, prefix + topics.friendAdded());
        names.put(AppConfig.TOPIC_CHATROOM_CREATED, prefix + topics.chatroomCreated());
        names.put(AppConfig.TOPIC_DEVICE_REGISTERED, prefix + topics.deviceRegistered());
        names.put(AppConfig.TOPIC_SPAM_REPORTED, prefix + topics.spamReported());
        names.put(AppConfig.TOPIC_PROTECTION_APPLIED, prefix + topics.protectionApplied());
        names.put(AppConfig.TOPIC_PROTECTION_RELEASED, prefix + topics.protectionReleased());
        names.put(AppConfig.TOPIC_PROTECTION_STATUS, prefix + topics.protectionStatus());
        names.put(AppConfig.TOPIC_ACCOUNT_WATCHES, prefix + topics.accountWatches());
        names.put(AppConfig.TOPIC_SHADOW_PROTECTIONS, prefix + topics.shadowProtections());
        names.put(AppConfig.TOPIC_ALLOWLIST, prefix + topics.allowlist());
        names.put(AppConfig.TOPIC_DEAD_LETTER, prefix + topics.deadLetter());
        names.put(AppConfig.TOPIC_OPERATOR_COMMANDS, prefix + topics.operatorCommands());
        names.put(AppConfig.TOPIC_OPERATOR_AUDIT, prefix + topics.operatorAudit());
        names.put(AppConfig.TOPIC_PROTECTION_RULES, prefix + topics.protectionRules());
        names.put(AppConfig.TOPIC_RULE_CHANGES, prefix + topics.ruleChanges());
        return names;
    }

    private static void awaitRunning(KafkaStreams streams, String name) throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            String problem = Bench.broken(streams);
            if (problem != null || System.nanoTime() > deadline) {
                throw new IllegalStateException(name + ": " + (problem != null ? problem : "not RUNNING within " + START_TIMEOUT));
            }
            Thread.sleep(20);
        }
    }

    /**
     * Waits until the pipeline has committed everything sent so far, so that what one stretch left
     * unread does not count against the next.
     */
    void awaitCaughtUp(Duration timeout) throws Exception {
        catchUp.await(name, catchUp.endOffsets(config.topics().inputs()), timeout, this::broken);
    }

    /** What the pipeline read but did not count, so far. */
    SkippedEvents skipped() {
        return SkippedEvents.from(service.meterRegistry());
    }

    /** Whether the pipeline stopped, as {@link Bench#broken} words it; null while it runs. */
    String broken() {
        return Bench.broken(service.streams());
    }

    @Override
    @SuppressWarnings("try") // the resources are named only to be closed after the load, the pipeline last
    public void close() {
        try (ProtectionService stopping = service; DecisionReader reading = reader; CatchUp checking = catchUp; LiveTimeline sampling = timeline) {
            load.close();
        }
    }
}
