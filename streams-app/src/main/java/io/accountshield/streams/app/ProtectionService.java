package io.accountshield.streams.app;

import io.accountshield.schema.rules.RuleDefinition;
import io.accountshield.streams.api.AccountLookup;
import io.accountshield.streams.api.AccountView;
import io.accountshield.streams.api.CommandSender;
import io.accountshield.streams.api.OperatorApi;
import io.accountshield.streams.api.OperatorTokens;
import io.accountshield.streams.api.RuleChanges;
import io.accountshield.streams.api.ShadowTally;
import io.accountshield.streams.config.AppConfig;
import io.accountshield.streams.errors.ErrorReporting;
import io.accountshield.streams.lifecycle.ProtectionLifecycle;
import io.accountshield.streams.metrics.ProtectionMetrics;
import io.accountshield.streams.rules.LiveRules;
import io.accountshield.streams.time.ProtectionTimeline;
import io.accountshield.streams.topology.ProtectionTopology;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.BindException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live application: checks (or creates) its topics, runs the protection topology in Kafka
 * Streams, serves health, metrics, the operator API and the support console, and stops cleanly. A stream thread that dies of an unexpected error
 * shuts the instance down so its orchestrator restarts it; bad records never get that far (they
 * go to the dead-letter topic).
 */
public final class ProtectionService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProtectionService.class);

    static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(15);
    /** How long close waits for Kafka Streams; the deploy files' stop grace periods are longer (DeployFilesTest). */
    public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaStreams streams;
    private final OperatorApi api;
    private final CommandSender commands;
    private final ErrorReporting errorReporting;
    private final StateRestores restores;
    private final CountDownLatch stopped = new CountDownLatch(1);
    /** Whether close leaves the consumer group: chosen by configuration (AppConfig#membershipOnClose). */
    private final CloseOptions.GroupMembershipOperation membershipOnClose;
    /** Kafka Streams takes one state listener, set before start; this service's fans out to these. */
    private final List<KafkaStreams.StateListener> stateListeners = new CopyOnWriteArrayList<>();
    private static final Duration METRICS_REFRESH = Duration.ofSeconds(10);

    /** Metric binders with threads or listeners of their own, closed with the service. */
    private final List<AutoCloseable> metrics;
    /** What /metrics serves: the business meters, Kafka Streams', the JVM's. */
    private final MeterRegistry registry;

    private ProtectionService(KafkaStreams streams, OperatorApi api, CommandSender commands, ErrorReporting errorReporting,
                              List<AutoCloseable> metrics, MeterRegistry registry, CloseOptions.GroupMembershipOperation membershipOnClose,
                              StateRestores restores) {
        this.streams = streams;
        this.restores = restores;
        this.membershipOnClose = membershipOnClose;
        this.errorReporting = errorReporting;
        this.api = api;
        this.commands = commands;
        this.metrics = metrics;
        this.registry = registry;
    }

    /** Checks the topics (creating missing ones when asked), then starts. */
    public static ProtectionService start(AppConfig config, boolean createTopics) throws IOException {
        Properties properties = config.streamsProperties();
        String servers = properties.getProperty(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG);
        TopicLayout layout = TopicLayout.of(config);
        try (Admin admin = Admin.create(adminProperties(properties))) {
            TopicCheck check = new TopicCheck(admin, servers, ADMIN_TIMEOUT);
            if (createTopics) {
                List<String> created = check.createMissing(layout);
                if (!created.isEmpty()) {
                    LOG.info("created topics {}", created);
                }
            }
            check.verify(layout);
        }
        OperatorTokens tokens;
        try {
            tokens = OperatorTokens.parse(config.apiTokens());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(AppConfig.API_TOKENS, "(not shown)", e.getMessage());
        }
        // The port first: a port in use should stop the start before anything else is created.
        Backend backend = new Backend();
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        OperatorApi api;
        try {
            api = new OperatorApi("0.0.0.0", config.httpPort(), tokens, backend, metrics, InstantSource.system(), OperatorApi.RESULT_WAIT);
        } catch (RuntimeException e) {
            if (e.getCause() instanceof BindException || e instanceof IllegalStateException && String.valueOf(e.getMessage()).contains("bind")) {
                throw new StartupException("port " + config.httpPort() + " is in use; set http.port (APP_HTTP_PORT) to a free one");
            }
            throw e;
        }
        if (tokens.isEmpty()) {
            LOG.warn("no operator tokens are configured ({}): the operator API and the console answer 401", AppConfig.API_TOKENS);
        }
        // Interactive queries find an account's owner by this: it must differ between instances.
        if (!properties.containsKey(StreamsConfig.APPLICATION_SERVER_CONFIG)) {
            String advertised = hostAddress() + ":" + api.port();
            properties.put(StreamsConfig.APPLICATION_SERVER_CONFIG, advertised);
            LOG.info("application.server is not set; advertising {} to the other instances for the operator API", advertised);
            if (config.instanceId().isPresent()) {
                LOG.warn("{} is set but application.server is not: a restart keeps the group's assignment and the others keep the address"
                        + " they learned before it, so set application.server (KAFKA_APPLICATION_SERVER) to a name that survives a restart", AppConfig.INSTANCE_ID);
            }
        }
        config.instanceId().ifPresent(id -> LOG.info("static member {}: a stop {} the consumer group", id,
                config.membershipOnClose() == CloseOptions.GroupMembershipOperation.LEAVE_GROUP ? "leaves" : "does not leave"));
        HostInfo self = HostInfo.buildFromEndpoint(properties.getProperty(StreamsConfig.APPLICATION_SERVER_CONFIG));
        ErrorReporting errorReporting = new ErrorReporting(metrics);
        ProtectionMetrics protectionMetrics = new ProtectionMetrics(metrics, InstantSource.system());
        LiveRules rules = config.liveRules();
        protectionMetrics.watch(rules);
        KafkaStreams streams = new KafkaStreams(ProtectionTopology.build(config, InstantSource.system(), rules),
                protectionMetrics.install(errorReporting.install(properties)));
        ProtectionTimeline timeline = config.timeline(rules.windows());
        backend.streams = streams;
        backend.lookup = new AccountLookup(streams, self, new AccountView.Explainer(rules, timeline, new ProtectionLifecycle(rules, timeline)),
                InstantSource.system());
        backend.commands = new CommandSender(producerProperties(properties), config.topics().operatorCommands(), ADMIN_TIMEOUT);
        // Who this instance is, in the rules it writes and in its transactional id (one per instance): its instance id,
        // else the address it advertises.
        String writer = config.instanceId().orElse(properties.getProperty(StreamsConfig.APPLICATION_SERVER_CONFIG));
        String ruleWriter = properties.getProperty(StreamsConfig.APPLICATION_ID_CONFIG) + "-rule-changes-" + writer.replaceAll("[^A-Za-z0-9._-]", "_");
        RuleChanges ruleChanges = new RuleChanges(rules, producerProperties(properties), config.topics(), ruleWriter, InstantSource.system());
        backend.rules = new ServiceRules(streams, rules, ruleChanges, new ShadowTally(properties, config.topics().shadowProtections()));
        StateRestores restores = new StateRestores();
        streams.setGlobalStateRestoreListener(restores);
        streams.setUncaughtExceptionHandler(exception -> {
            LOG.error("a stream thread failed; shutting this instance down so that it is restarted", exception);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        // Metrics Kafka Streams creates later (per-partition lag, a task's stores) are looked for every 10 s, not the binder's 60.
        KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams, List.of(), Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "kafka-streams-metrics-refresh");
            thread.setDaemon(true);
            return thread;
        }), METRICS_REFRESH);
        streamsMetrics.bindTo(metrics);
        JvmGcMetrics gcMetrics = new JvmGcMetrics();
        gcMetrics.bindTo(metrics);
        new JvmMemoryMetrics().bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        new ProcessorMetrics().bindTo(metrics);
        ProtectionService service = new ProtectionService(streams, api, backend.commands, errorReporting,
                List.<AutoCloseable>of(streamsMetrics, gcMetrics, ruleChanges, metrics::close), metrics, config.membershipOnClose(), restores);
        AtomicBoolean seeded = new AtomicBoolean();
        rules.countRejections(false);
        streams.setStateListener((newState, oldState) -> {
            LOG.info("Kafka Streams {} -> {}", oldState, newState);
            if (newState == KafkaStreams.State.RUNNING && seeded.compareAndSet(false, true)) {
                // The topic has been read from its beginning: rejections from here on are new ones.
                rules.countRejections(true);
                // Once the global rules store has read the topic: off the stream thread, which calls this listener.
                Thread seeding = new Thread(() -> seedRules(rules, producerProperties(properties), config.topics().protectionRules(), writer),
                        "protection-rules-seeding");
                seeding.setDaemon(true);
                seeding.start();
            }
            service.stateListeners.forEach(listener -> listener.onChange(newState, oldState));
            if (newState == KafkaStreams.State.NOT_RUNNING || newState == KafkaStreams.State.ERROR) {
                service.stopped.countDown();
            }
        });
        streams.start();
        LOG.info("account-shield {} started against {}; health, metrics, operator API and console (/console/) on port {}",
                properties.getProperty(StreamsConfig.APPLICATION_ID_CONFIG), servers, api.port());
        return service;
    }

    private static void seedRules(LiveRules rules, Properties producer, String topic, String writer) {
        try {
            List<String> written = RuleSeeding.seed(rules, producer, topic, writer);
            if (!written.isEmpty()) {
                LOG.info("wrote the configuration's rules {} to {}: the topic held no definition of the version in force", written, topic);
            }
        } catch (Exception e) {
            // The rules in force are the same either way; only the topic does not show the configuration's yet.
            LOG.error("could not write the configuration's rules to {}; they are in force, but the topic does not list them", topic, e);
        }
    }

    /** What the API needs from Kafka Streams, set once it is built (the API starts first, to claim its port). */
    private static final class Backend implements OperatorApi.Backend {
        volatile KafkaStreams streams;
        volatile OperatorApi.Lookup lookup;
        volatile CommandSender commands;
        volatile OperatorApi.Rules rules;

        @Override
        public OperatorApi.Rules rules() {
            return rules;
        }

        @Override
        public KafkaStreams.State state() {
            KafkaStreams current = streams;
            return current == null ? KafkaStreams.State.CREATED : current.state();
        }

        @Override
        public OperatorApi.Lookup lookup() {
            return lookup;
        }

        @Override
        public OperatorApi.Commands commands() {
            return commands;
        }
    }

    /** The rules in force here, the definitions in the global rules store, and the writer of changes. */
    private record ServiceRules(KafkaStreams streams, LiveRules live, RuleChanges changes, ShadowTally shadow) implements OperatorApi.Rules {
        @Override
        public ShadowTally.Tally shadowLastHour() {
            return shadow.lastHour(Instant.now());
        }

        @Override
        public RuleDefinition definition(String key) {
            try {
                return streams.store(StoreQueryParameters.fromNameAndType(ProtectionTopology.RULES_STORE,
                        QueryableStoreTypes.<String, RuleDefinition>keyValueStore())).get(key);
            } catch (InvalidStateStoreException e) {
                // Not running (yet, or any more): the listing says changedBy configuration, which a retry corrects.
                return null;
            }
        }
    }

    /** This host's address as other instances reach it (a container's or pod's own address), else loopback. */
    private static String hostAddress() {
        try {
            return java.net.InetAddress.getLocalHost().getHostAddress();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }

    /** Producer settings for operators' commands: the client ones the application has (security included). */
    static Properties producerProperties(Properties streamsProperties) {
        Properties producer = new Properties();
        for (String name : streamsProperties.stringPropertyNames()) {
            if (ProducerConfig.configNames().contains(name) && !name.startsWith("transactional")) {
                producer.put(name, streamsProperties.getProperty(name));
            }
        }
        return producer;
    }

    /** Admin settings: the client ones the application has (security included), with short timeouts. */
    static Properties adminProperties(Properties streamsProperties) {
        Properties admin = new Properties();
        for (String name : streamsProperties.stringPropertyNames()) {
            if (AdminClientConfig.configNames().contains(name)) {
                admin.put(name, streamsProperties.getProperty(name));
            }
        }
        admin.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis());
        admin.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis());
        return admin;
    }

    public KafkaStreams streams() {
        return streams;
    }

    /** What this instance has restored from the changelogs since it started. */
    public StateRestores stateRestores() {
        return restores;
    }

    /** Dead letters and processing errors counted by this instance. */
    public ErrorReporting errorReporting() {
        return errorReporting;
    }

    /** The registry /metrics serves, for a reader in this process (the demo's run report). */
    public MeterRegistry meterRegistry() {
        return registry;
    }

    /** Also told of every Kafka Streams state change from now on (a rebalance shows as RUNNING -> REBALANCING). */
    public void addStateListener(KafkaStreams.StateListener listener) {
        stateListeners.add(listener);
    }

    public int healthPort() {
        return api.port();
    }

    /** Blocks until Kafka Streams stops (closed, or failed); true when it failed. */
    public boolean awaitStop() throws InterruptedException {
        stopped.await();
        return streams.state() == KafkaStreams.State.ERROR;
    }

    @Override
    public void close() {
        api.close();
        // A dynamic member leaves, or the others would wait out the session timeout before taking its partitions over;
        // a static member stays (unless told to leave), so that on its return it takes them back without a rebalance.
        streams.close(CloseOptions.timeout(CLOSE_TIMEOUT).withGroupMembershipOperation(membershipOnClose));
        commands.close();
        for (AutoCloseable binder : metrics) {
            try {
                binder.close();
            } catch (Exception e) {
                LOG.warn("closing metrics: {}", e.getMessage());
            }
        }
        stopped.countDown();
    }
}
