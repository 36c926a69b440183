package io.accountshield.streams.it;

import static io.accountshield.streams.it.LivePipeline.chatrooms;
import static io.accountshield.streams.it.LivePipeline.friendAdds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.accountshield.schema.decisions.ProtectionApplied;
import io.accountshield.schema.decisions.ProtectionReleased;
import io.accountshield.schema.decisions.ReleaseKind;
import io.accountshield.schema.operator.AuditEntry;
import io.accountshield.schema.operator.CommandAction;
import io.accountshield.schema.operator.CommandResult;
import io.accountshield.schema.rules.RuleChange;
import io.accountshield.schema.serde.AvroSerdes;
import io.accountshield.streams.DocumentedAcls;
import io.accountshield.streams.DocumentedAcls.Grant;
import io.accountshield.streams.api.OperatorTokens;
import io.accountshield.streams.api.Role;
import io.accountshield.streams.app.ProtectionService;
import io.accountshield.streams.app.TopicCheck;
import io.accountshield.streams.app.TopicLayout;
import io.accountshield.streams.config.AppConfig;
import io.accountshield.streams.config.TopicNames;
import io.accountshield.streams.errors.ErrorReporting;
import io.accountshield.streams.processor.AccountEvents;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.JaasUtils;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application on a broker that enforces ACLs, with its principal granted exactly what docs/operations.md ("A
 * secured cluster") lists, read from the document: it starts, decides, and serves every operator path that touches
 * Kafka. With one documented ACL left out it does not get to deciding, so a missing line in the document fails here.
 * The default application id and topic names, so that the document's names apply as written: each test has a broker
 * of its own.
 */
class SecuredClusterIT {

    /** Stands in for the document's User:account-shield. */
    private static final String APPLICATION_PRINCIPAL = "User:" + JaasUtils.KAFKA_PLAIN_USER1;
    private static final String VIEWER = "viewer-secret";
    private static final String AGENT = "agent-secret";
    private static final String ADMIN = "admin-secret";
    private static final Duration ACLS_IN_FORCE = Duration.ofSeconds(15);

    private final ObjectMapper json = new ObjectMapper();
    private final Serializer<SpecificRecord> avro = AvroSerdes.anyRecord().serializer();

    @TempDir
    Path dir;

    private EmbeddedKafka kafka;
    private Admin admin;

    @BeforeEach
    void startBroker() throws Exception {
        kafka = EmbeddedKafka.startSecured();
        admin = Admin.create(kafka.adminClientSettings());
    }

    @AfterEach
    void stopBroker() {
        admin.close();
        kafka.close();
    }

    @Test
    void shouldProtectReleaseAndChangeRulesWithOnlyTheDocumentedAcls() throws Exception {
        AppConfig config = applicationConfig();
        TopicNames topics = config.topics();
        provisionTopics(config);
        grantToApplication(DocumentedAcls.table());

        List<KafkaStreams.State> states = new CopyOnWriteArrayList<>();
        try (ProtectionService app = ProtectionService.start(config, false)) {
            app.addStateListener((newState, oldState) -> states.add(newState));
            await().atMost(Duration.ofSeconds(60)).until(() -> app.streams().state() == KafkaStreams.State.RUNNING);

            // Decides: a spammer's burst is protected, and downstream reads it
            produce(topics, friendAdds("spammer", 25, Instant.now(), Duration.ofMillis(20)));
            ProtectionApplied applied = await().atMost(Duration.ofSeconds(60))
                    .until(() -> committed(topics.protectionApplied(), ProtectionApplied.class), found -> !found.isEmpty()).get(0);
            assertThat(applied.getAccountId()).isEqualTo("spammer");
            assertThat(applied.getRuleId()).isEqualTo("friend-add-burst");

            // An operator's release: through operator-commands to the account's state machine, audited
            String release = "{\"verdict\":\"wrongful\",\"reason\":\"moved to a new phone, confirmed by call\"}";
            HttpResponse<String> released = LivePipeline.api(app, "POST", "/accounts/spammer/release", AGENT, release);
            assertThat(released.statusCode()).as(released.body()).isEqualTo(200);
            assertThat(json.readTree(released.body()).path("outcome").asText()).contains("applied");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(committed(topics.protectionReleased(), ProtectionReleased.class)).singleElement()
                        .satisfies(r -> assertThat(r.getKind()).isEqualTo(ReleaseKind.MANUAL));
                assertThat(committed(topics.operatorAudit(), AuditEntry.class)).singleElement().satisfies(entry -> {
                    assertThat(entry.getAction()).isEqualTo(CommandAction.RELEASE);
                    assertThat(entry.getResult()).isEqualTo(CommandResult.APPLIED);
                });
            });

            // A rule change: protection-rules and rule-changes in one transaction under the application's transactional id
            String blitz = "{\"id\":\"chatroom-blitz\",\"counter\":\"chatrooms-created\",\"threshold\":\"3\",\"window\":\"PT5S\","
                    + "\"reason\":\"chatroom floods of three rooms in seconds\"}";
            HttpResponse<String> pushed = LivePipeline.api(app, "POST", "/rules", ADMIN, blitz);
            assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(200);
            assertThat(committed(topics.ruleChanges(), RuleChange.class)).extracting(change -> change.getAction() + " " + change.getResult())
                    .containsExactly("push written");
            assertThat(ruleDefinitionKeys(topics)).anyMatch(key -> key.startsWith("chatroom-blitz/v1/"));
            assertThat(admin.listTransactions().all().get(15, TimeUnit.SECONDS)).extracting(TransactionListing::transactionalId)
                    .anyMatch(id -> id.startsWith("account-shield-rule-changes-"));

            // Its shadow decision on shadow-protections, counted by GET /rules from that topic
            produce(topics, chatrooms("flooder", 3));
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                HttpResponse<String> listed = LivePipeline.api(app, "GET", "/rules", VIEWER, null);
                assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
                JsonNode rule = StreamSupport.stream(json.readTree(listed.body()).path("rules").spliterator(), false)
                        .filter(node -> node.path("id").asText().equals("chatroom-blitz")).findFirst().orElseThrow();
                assertThat(rule.path("shadowLastHour").asLong()).isEqualTo(1);
                assertThat(rule.path("changedBy").asText()).isEqualTo("ada");
            });

            // The configuration's rules were seeded at start (an idempotent producer's writes to protection-rules)
            assertThat(ruleDefinitionKeys(topics)).anyMatch(key -> key.startsWith("friend-add-burst/"));
            assertThat(CommittedTopics.endOffsets(kafka.adminClientSettings(), List.of(topics.deadLetter()))).as("nothing dead-lettered").allSatisfy((partition, end) -> assertThat(end).isZero());
            assertThat(app.meterRegistry().get(ErrorReporting.DEAD_LETTER_WRITE_FAILURES_METRIC).counter().count()).isZero();
            assertThat(app.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
            assertThat(states).doesNotContain(KafkaStreams.State.PENDING_ERROR, KafkaStreams.State.ERROR);
        }
    }

    @Test
    void shouldStopOnAGroupAuthorizationErrorWhenTheDocumentsGroupAclIsLeftOut() throws Exception {
        AppConfig config = applicationConfig();
        TopicNames topics = config.topics();
        provisionTopics(config);
        Set<Grant> documented = DocumentedAcls.table();
        Set<Grant> withoutGroup = documented.stream().filter(grant -> grant.resource().resourceType() != ResourceType.GROUP)
                .collect(Collectors.toSet());
        assertThat(withoutGroup).as("the document grants something on the group").hasSizeLessThan(documented.size());
        grantToApplication(withoutGroup);

        try (StreamThreadFailures failures = StreamThreadFailures.capture(); ProtectionService app = ProtectionService.start(config, false)) {
            produce(topics, friendAdds("spammer", 25, Instant.now(), Duration.ofMillis(20)));

            await().atMost(Duration.ofSeconds(60)).until(() -> app.streams().state() == KafkaStreams.State.ERROR);
            assertThat(failures.causes()).anySatisfy(cause -> assertThat(cause).isInstanceOfSatisfying(GroupAuthorizationException.class,
                    denied -> assertThat(denied.groupId()).isEqualTo(config.streamsProperties().getProperty(StreamsConfig.APPLICATION_ID_CONFIG))));
            assertThat(committed(topics.protectionApplied(), ProtectionApplied.class)).isEmpty();
        }
    }

    /**
     * The application's settings: its Kafka client settings as the Kubernetes Secret gives them (KAFKA_* variables,
     * which reach every client it makes), its own through overrides; default application id and topic names.
     */
    private AppConfig applicationConfig() {
        Map<String, String> environment = Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
                "KAFKA_SASL_MECHANISM", "PLAIN",
                "KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                        + JaasUtils.KAFKA_PLAIN_USER1 + "\" password=\"" + JaasUtils.KAFKA_PLAIN_USER1_PASSWORD + "\";");
        Map<String, String> settings = new HashMap<>(LivePipeline.FAST_TIMING);
        // Protections that last minutes, so that only the agent releases one here
        settings.put("protection.quiet-period", "PT5M");
        settings.put("protection.repeat-quiet-periods", "PT10M");
        settings.put(AppConfig.API_TOKENS, String.join(",", OperatorTokens.entry("vera", Role.VIEWER, VIEWER),
                OperatorTokens.entry("agnes", Role.AGENT, AGENT), OperatorTokens.entry("ada", Role.ADMIN, ADMIN)));
        settings.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("state").toString());
        AppConfig config = AppConfig.load(null, environment, settings);
        assertThat(config.topics().friendAdded()).as("the document's topic names").isEqualTo(AppConfig.defaults().topics().friendAdded());
        return config;
    }

    /** As a platform provisions them: the application's own topic creation, run with the administrator's login. */
    private void provisionTopics(AppConfig config) {
        new TopicCheck(admin, kafka.bootstrapServers(), Duration.ofSeconds(15)).createMissing(TopicLayout.of(config));
    }

    private void grantToApplication(Collection<Grant> grants) throws Exception {
        List<AclBinding> bindings = new ArrayList<>();
        for (Grant grant : grants) {
            bindings.add(new AclBinding(grant.resource(), new AccessControlEntry(APPLICATION_PRINCIPAL, "*", grant.operation(), AclPermissionType.ALLOW)));
        }
        admin.createAcls(bindings).all().get(15, TimeUnit.SECONDS);
        // The broker authorises from its copy of the metadata, which follows the controller's a moment later
        await().atMost(ACLS_IN_FORCE).until(() -> admin.describeAcls(AclBindingFilter.ANY).values().get().size() == bindings.size());
    }

    /** The spammer's events, written by the administrator as the producing services would. */
    private void produce(TopicNames topics, List<SpecificRecord> events) {
        Properties properties = new Properties();
        properties.putAll(kafka.adminClientSettings());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(properties, new StringSerializer(),
                new ByteArraySerializer())) {
            for (SpecificRecord event : events) {
                String topic = event.getSchema().getName().equals("ChatroomCreated") ? topics.chatroomCreated() : topics.friendAdded();
                producer.send(new ProducerRecord<>(topic, AccountEvents.accountId(event), avro.serialize(topic, event)));
            }
        }
    }

    /** The committed records of one type on a topic, read by the administrator as downstream reads (read_committed). */
    private <T> List<T> committed(String topic, Class<T> type) {
        return CommittedTopics.readWhole(kafka.adminClientSettings(), topic).stream().map(record -> record.value())
                .filter(type::isInstance).map(type::cast).toList();
    }

    private List<String> ruleDefinitionKeys(TopicNames topics) {
        return CommittedTopics.readWhole(kafka.adminClientSettings(), topics.protectionRules()).stream().map(record -> record.key()).toList();
    }

    /**
     * What ProtectionService logs when a stream thread dies (it then stops the instance): the exception and its causes.
     * Kafka Streams hands the exception only to the handler the service installs, so its log is where a test finds it.
     */
    private static final class StreamThreadFailures extends AbstractAppender implements AutoCloseable {
        private static final String LOGGER = ProtectionService.class.getName();

        private final List<Throwable> causes = new CopyOnWriteArrayList<>();
        private final LoggerContext context = (LoggerContext) LogManager.getContext(false);

        private StreamThreadFailures() {
            super("stream-thread-failures", null, null, true, Property.EMPTY_ARRAY);
        }

        /** Listens beside the configured appenders (additive, at the level in force), which go on logging as before. */
        static StreamThreadFailures capture() {
            StreamThreadFailures failures = new StreamThreadFailures();
            failures.start();
            Configuration configuration = failures.context.getConfiguration();
            if (configuration.getLoggerConfig(LOGGER).getName().equals(LOGGER)) {
                throw new IllegalStateException("the log configuration has a logger " + LOGGER + " of its own, which close would remove");
            }
            LoggerConfig listener = LoggerConfig.newBuilder().withLoggerName(LOGGER).withAdditivity(true)
                    .withLevel(configuration.getLoggerConfig(LOGGER).getLevel()).withConfig(configuration).build();
            listener.addAppender(failures, null, null);
            configuration.addLogger(LOGGER, listener);
            failures.context.updateLoggers();
            return failures;
        }

        @Override
        public void append(LogEvent event) {
            for (Throwable cause = event.getThrown(); cause != null; cause = cause.getCause()) {
                causes.add(cause);
            }
        }

        List<Throwable> causes() {
            return causes;
        }

        @Override
        public void close() {
            context.getConfiguration().removeLogger(LOGGER);
            context.updateLoggers();
            stop();
        }
    }
}
