package io.accountshield.streams.it;

import static org.awaitility.Awaitility.await;

import io.accountshield.schema.allowlist.AllowlistEntry;
import io.accountshield.schema.decisions.AccountProtectionStatus;
import io.accountshield.schema.decisions.ProtectionApplied;
import io.accountshield.schema.decisions.ProtectionReleased;
import io.accountshield.schema.events.ChatroomCreated;
import io.accountshield.schema.events.FriendAdded;
import io.accountshield.schema.events.FriendSource;
import io.accountshield.schema.operator.AuditEntry;
import io.accountshield.schema.rules.RuleChange;
import io.accountshield.schema.rules.RuleDefinition;
import io.accountshield.schema.serde.AvroSerdes;
import io.accountshield.streams.app.ProtectionService;
import io.accountshield.streams.config.AppConfig;
import io.accountshield.streams.config.TopicNames;
import io.accountshield.streams.processor.AccountEvents;
import io.accountshield.streams.rules.RuleDefinitions;
import io.accountshield.streams.rules.RuleParameters;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * One test's pipeline on the embedded cluster: its own topics and application id (a unique prefix),
 * timing shortened so that protection and release happen within seconds, and helpers to produce
 * events and read every decision (read_committed, as downstream services would).
 */
final class LivePipeline implements AutoCloseable {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** Seconds instead of minutes and hours: 20 adds in 10 s protect; 20 s of quiet release. */
    static final Map<String, String> FAST_TIMING = Map.ofEntries(
            Map.entry("rule.friend-add-burst.threshold", "20"),
            Map.entry("rule.friend-add-burst.window", "PT10S"),
            Map.entry("rule.chatroom-burst.window", "PT10S"),
            Map.entry("rule.sustained-friend-adds.enabled", "false"),
            Map.entry("rule.new-account-list-sync.window", "PT10S"),
            Map.entry("rule.stranger-adds.window", "PT10S"),
            Map.entry("rule.stranger-add-streak.window", "PT3S"),
            Map.entry("rule.chatroom-strangers.window", "PT10S"),
            Map.entry("time.sustained-bucket", "PT1S"),
            Map.entry("protection.repeat-quiet-periods", "PT40S"),
            Map.entry("rule.spam-reports.window", "PT20S"),
            Map.entry("time.burst-bucket", "PT1S"),
            Map.entry("time.grace", "PT2S"),
            Map.entry("time.release-check-interval", "PT1S"),
            Map.entry("time.idle-partition", "PT3S"),
            Map.entry("protection.quiet-period", "PT20S"),
            Map.entry("topic.partitions", "3"),
            Map.entry("http.port", "0"),
            Map.entry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100"),
            Map.entry(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, "0"));

    private final EmbeddedKafka kafka;
    private final Map<String, String> settings;
    private final AppConfig config;
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, SpecificRecord> consumer;
    private final Serializer<SpecificRecord> avro = AvroSerdes.anyRecord().serializer();
    private final List<ProtectionApplied> applied = new ArrayList<>();
    private final List<ProtectionReleased> released = new ArrayList<>();
    private final List<AccountProtectionStatus> statuses = new ArrayList<>();
    private final List<AuditEntry> audit = new ArrayList<>();
    private final List<ProtectionService> services = new ArrayList<>();

    LivePipeline(EmbeddedKafka kafka, String name, Path stateDir, Map<String, String> extra) {
        this.kafka = kafka;
        String prefix = name + "-" + COUNTER.incrementAndGet() + "-";
        Map<String, String> all = new HashMap<>(FAST_TIMING);
        TopicNames defaults = AppConfig.defaults().topics();
        all.put(AppConfig.TOPIC_FRIEND_ADDED, prefix + defaults.friendAdded());
        all.put(AppConfig.TOPIC_CHATROOM_CREATED, prefix + defaults.chatroomCreated());
        all.put(AppConfig.TOPIC_DEVICE_REGISTERED, prefix + defaults.deviceRegistered());
        all.put(AppConfig.TOPIC_SPAM_REPORTED, prefix + defaults.spamReported());
        all.put(AppConfig.TOPIC_PROTECTION_APPLIED, prefix + defaults.protectionApplied());
        all.put(AppConfig.TOPIC_PROTECTION_RELEASED, prefix + defaults.protectionReleased());
        all.put(AppConfig.TOPIC_PROTECTION_STATUS, prefix + defaults.protectionStatus());
        all.put(AppConfig.TOPIC_ACCOUNT_WATCHES, prefix + defaults.accountWatches());
        all.put(AppConfig.TOPIC_SHADOW_PROTECTIONS, prefix + defaults.shadowProtections());
        all.put(AppConfig.TOPIC_ALLOWLIST, prefix + defaults.allowlist());
        all.put(AppConfig.TOPIC_DEAD_LETTER, prefix + defaults.deadLetter());
        all.put(AppConfig.TOPIC_OPERATOR_COMMANDS, prefix + defaults.operatorCommands());
        all.put(AppConfig.TOPIC_OPERATOR_AUDIT, prefix + defaults.operatorAudit());
        all.put(AppConfig.TOPIC_PROTECTION_RULES, prefix + defaults.protectionRules());
        all.put(AppConfig.TOPIC_RULE_CHANGES, prefix + defaults.ruleChanges());
        all.put(StreamsConfig.APPLICATION_ID_CONFIG, prefix + "account-shield");
        all.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        all.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        all.putAll(extra);
        this.settings = all;
        this.config = AppConfig.of(all);

        Properties producerProperties = new Properties();
        producerProperties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        producerProperties.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(producerProperties, new StringSerializer(), new ByteArraySerializer());

        Properties consumerProperties = new Properties();
        consumerProperties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        consumerProperties.put(ConsumerConfig.GROUP_ID_CONFIG, prefix + "decision-reader");
        consumerProperties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerProperties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer = new KafkaConsumer<>(consumerProperties, new StringDeserializer(), AvroSerdes.anyRecord().deserializer());
    }

    AppConfig config() {
        return config;
    }

    Map<String, String> settings() {
        return settings;
    }

    /** Starts an instance (creating the topics), waits until it runs, and starts reading decisions. */
    ProtectionService startInstance(Path stateDir) throws Exception {
        return startInstance(stateDir, Map.of());
    }

    /** The same, with settings of this instance's own (its instance id, port, advertised address). */
    ProtectionService startInstance(Path stateDir, Map<String, String> instanceSettings) throws Exception {
        Map<String, String> overrides = new HashMap<>(instanceSettings);
        overrides.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        AppConfig instanceConfig = config.withOverrides(overrides);
        ProtectionService service = ProtectionService.start(instanceConfig, true);
        services.add(service);
        await().atMost(Duration.ofSeconds(60)).until(() -> service.streams().state() == KafkaStreams.State.RUNNING);
        TopicNames topics = config.topics();
        consumer.subscribe(List.of(topics.protectionApplied(), topics.protectionReleased(), topics.protectionStatus(), topics.operatorAudit()));
        return service;
    }

    void stopInstance(ProtectionService service) {
        service.close();
        services.remove(service);
    }

    void produce(List<SpecificRecord> events) {
        TopicNames topics = config.topics();
        for (SpecificRecord event : events) {
            String topic = switch (event.getSchema().getName()) {
                case "FriendAdded" -> topics.friendAdded();
                case "ChatroomCreated" -> topics.chatroomCreated();
                case "DeviceRegistered" -> topics.deviceRegistered();
                case "AllowlistEntry" -> topics.allowlist();
                default -> topics.spamReported();
            };
            String key = event instanceof AllowlistEntry entry ? entry.getAccountId() : AccountEvents.accountId(event);
            producer.send(new ProducerRecord<>(topic, key, avro.serialize(topic, event)));
        }
        producer.flush();
    }

    /** Sends a record as it is: any key, value bytes and record timestamp (a producer's own clock). */
    void produceRaw(String topic, String key, byte[] value, Instant recordTimestamp) {
        producer.send(new ProducerRecord<>(topic, null, recordTimestamp.toEpochMilli(), key, value));
        producer.flush();
    }

    byte[] avro(SpecificRecord event) {
        return avro.serialize("any", event);
    }

    /** Everything on the dead-letter topic so far, read as downstream would (read_committed). */
    List<ConsumerRecord<byte[], byte[]>> deadLetters() {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> reader = new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = reader.partitionsFor(config.topics().deadLetter()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            reader.assign(partitions);
            reader.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = reader.endOffsets(partitions);
            long deadline = System.currentTimeMillis() + 10_000;
            while (partitions.stream().anyMatch(tp -> reader.position(tp) < ends.get(tp)) && System.currentTimeMillis() < deadline) {
                reader.poll(Duration.ofMillis(200)).forEach(all::add);
            }
        }
        return all;
    }

    /** Waits until the application has committed every input record produced so far. */
    void awaitAllConsumed() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> consumedUpTo(inputEndOffsets()));
    }

    /**
     * Waits until the application has committed every input record produced before this call, while
     * others may still be produced: how long a pipeline under load takes to catch up after a fault.
     */
    Duration awaitConsumedUpToNow(Duration atMost) throws Exception {
        Instant from = Instant.now();
        Map<TopicPartition, Long> ends = inputEndOffsets();
        await().atMost(atMost).pollInterval(Duration.ofMillis(100)).until(() -> consumedUpTo(ends));
        return Duration.between(from, Instant.now());
    }

    private Map<TopicPartition, Long> inputEndOffsets() throws Exception {
        return CommittedTopics.endOffsets(kafka.bootstrapServers(), config.topics().inputs());
    }

    private boolean consumedUpTo(Map<TopicPartition, Long> ends) throws Exception {
        return CommittedTopics.consumedUpTo(kafka.bootstrapServers(), settings.get(StreamsConfig.APPLICATION_ID_CONFIG), ends);
    }

    List<ProtectionApplied> applied() {
        poll();
        return applied;
    }

    List<ProtectionReleased> released() {
        poll();
        return released;
    }

    /** Every status record read so far, in order, after one more poll. */
    List<AccountProtectionStatus> statuses() {
        poll();
        return List.copyOf(statuses);
    }

    /** Every audit entry read so far (read_committed), after one more poll. */
    List<AuditEntry> audit() {
        poll();
        return List.copyOf(audit);
    }

    AccountProtectionStatus latestStatus(String accountId) {
        poll();
        AccountProtectionStatus latest = null;
        for (AccountProtectionStatus status : statuses) {
            if (status.getAccountId().equals(accountId)) {
                latest = status;
            }
        }
        return latest;
    }

    private void poll() {
        for (ConsumerRecord<String, SpecificRecord> record : consumer.poll(Duration.ofMillis(300))) {
            if (record.value() instanceof ProtectionApplied a) {
                applied.add(a);
            } else if (record.value() instanceof ProtectionReleased r) {
                released.add(r);
            } else if (record.value() instanceof AccountProtectionStatus s) {
                statuses.add(s);
            } else if (record.value() instanceof AuditEntry entry) {
                audit.add(entry);
            }
        }
    }

    /** Writes a rule definition to the protection-rules topic under its own key, as an operator's tool would. */
    void defineRule(RuleParameters rule) {
        String topic = config.topics().protectionRules();
        RuleDefinition definition = RuleDefinitions.toDefinition(rule, "agent-7", Instant.now(), "an integration test");
        producer.send(new ProducerRecord<>(topic, RuleDefinitions.key(rule.id(), rule.version()), avro.serialize(topic, definition)));
        producer.flush();
    }

    /** Every rule definition on the protection-rules topic, by key, read from its beginning. */
    Map<String, RuleDefinition> ruleDefinitionsOnTopic() {
        Map<String, RuleDefinition> definitions = new java.util.TreeMap<>();
        readWhole(config.topics().protectionRules()).forEach(record -> definitions.put(record.key(), (RuleDefinition) record.value()));
        return definitions;
    }

    /** The rule-changes audit topic from its beginning, as an auditor reads it (read_committed). */
    List<RuleChange> ruleChanges() {
        return readWhole(config.topics().ruleChanges()).stream().map(record -> (RuleChange) record.value()).toList();
    }

    private List<ConsumerRecord<String, SpecificRecord>> readWhole(String topic) {
        return CommittedTopics.readWhole(kafka.bootstrapServers(), topic);
    }

    /**
     * {@code count} friend-adds by ID search from one account, {@code spacing} apart from {@code start}, to people who
     * know the account (so friend-add-burst judges them, not stranger-adds).
     */
    static List<SpecificRecord> friendAdds(String accountId, int count, Instant start, Duration spacing) {
        List<SpecificRecord> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(new FriendAdded(accountId + "-" + start.toEpochMilli() + "-" + i, accountId, start.plus(spacing.multipliedBy(i)),
                    "friend-" + i, FriendSource.ID_SEARCH, true, "device-1"));
        }
        return events;
    }

    /** {@code count} chatrooms created by one account, 100 ms apart from now, each with three members who are all friends. */
    static List<SpecificRecord> chatrooms(String account, int count) {
        Instant now = Instant.now();
        List<SpecificRecord> rooms = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rooms.add(new ChatroomCreated(account + "-" + i, account, now.plusMillis(100L * i), account + "-room-" + i, 3, 0));
        }
        return rooms;
    }

    /** One request to an instance's operator API, with this bearer token and, if any, a JSON body. */
    static HttpResponse<String> api(ProtectionService instance, String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + instance.healthPort() + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token);
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        new ArrayList<>(services).forEach(this::stopInstance);
        producer.close();
        consumer.close();
    }
}
