package io.accountshield.streams.app;

import io.accountshield.streams.api.HealthEndpoint;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.accountshield.streams.config.AppConfig;
import io.accountshield.streams.errors.ErrorReporting;
import io.accountshield.streams.topology.ProtectionTopology;
import java.io.IOException;
import java.net.BindException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live application: checks (or creates) its topics, runs the protection topology in Kafka
 * Streams, serves health, and stops cleanly. A stream thread that dies of an unexpected error
 * shuts the instance down so its orchestrator restarts it; bad records never get that far (they
 * go to the dead-letter topic).
 */
public final class ProtectionService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProtectionService.class);

    static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(15);
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaStreams streams;
    private final HealthEndpoint health;
    private final ErrorReporting errorReporting;
    private final CountDownLatch stopped = new CountDownLatch(1);
    /** Metric binders with threads or listeners of their own, closed with the service. */
    private final List<AutoCloseable> metrics;

    private ProtectionService(KafkaStreams streams, HealthEndpoint health, ErrorReporting errorReporting, List<AutoCloseable> metrics) {
        this.streams = streams;
        this.errorReporting = errorReporting;
        this.health = health;
        this.metrics = metrics;
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
        // The port first: a port in use should stop the start before anything else is created.
        AtomicReference<KafkaStreams> started = new AtomicReference<>();
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        HealthEndpoint health;
        try {
            health = new HealthEndpoint(config.httpPort(), () -> started.get() == null ? KafkaStreams.State.CREATED : started.get().state(), metrics);
        } catch (BindException e) {
            throw new StartupException("port " + config.httpPort() + " is in use; set http.port (APP_HTTP_PORT) to a free one");
        }
        ErrorReporting errorReporting = new ErrorReporting(metrics);
        KafkaStreams streams = new KafkaStreams(ProtectionTopology.build(config), errorReporting.install(properties));
        started.set(streams);
        streams.setUncaughtExceptionHandler(exception -> {
            LOG.error("a stream thread failed; shutting this instance down so that it is restarted", exception);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(metrics);
        JvmGcMetrics gcMetrics = new JvmGcMetrics();
        gcMetrics.bindTo(metrics);
        new JvmMemoryMetrics().bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        new ProcessorMetrics().bindTo(metrics);
        ProtectionService service = new ProtectionService(streams, health, errorReporting, List.<AutoCloseable>of(streamsMetrics, gcMetrics, metrics::close));
        streams.setStateListener((newState, oldState) -> {
            LOG.info("Kafka Streams {} -> {}", oldState, newState);
            if (newState == KafkaStreams.State.NOT_RUNNING || newState == KafkaStreams.State.ERROR) {
                service.stopped.countDown();
            }
        });
        streams.start();
        LOG.info("account-shield {} started against {}; health on port {}",
                properties.getProperty(StreamsConfig.APPLICATION_ID_CONFIG), servers, health.port());
        return service;
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

    /** Dead letters and processing errors counted by this instance. */
    public ErrorReporting errorReporting() {
        return errorReporting;
    }

    public int healthPort() {
        return health.port();
    }

    /** Blocks until Kafka Streams stops (closed, or failed); true when it failed. */
    public boolean awaitStop() throws InterruptedException {
        stopped.await();
        return streams.state() == KafkaStreams.State.ERROR;
    }

    @Override
    public void close() {
        streams.close(CLOSE_TIMEOUT);
        health.close();
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
