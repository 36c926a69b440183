package io.accountshield.streams.topology;

import io.accountshield.schema.allowlist.AllowlistEntry;
import io.accountshield.schema.decisions.AccountProtectionStatus;
import io.accountshield.schema.decisions.AccountWatched;
import io.accountshield.schema.decisions.ProtectionApplied;
import io.accountshield.schema.decisions.ProtectionReleased;
import io.accountshield.schema.decisions.ShadowProtection;
import io.accountshield.schema.events.ChatroomCreated;
import io.accountshield.schema.events.DeviceRegistered;
import io.accountshield.schema.events.FriendAdded;
import io.accountshield.schema.events.FriendSource;
import io.accountshield.schema.events.SpamReported;
import io.accountshield.schema.operator.AuditEntry;
import io.accountshield.schema.operator.CommandAction;
import io.accountshield.schema.operator.OperatorCommand;
import io.accountshield.schema.operator.ReleaseVerdict;
import io.accountshield.schema.rules.RuleChange;
import io.accountshield.schema.rules.RuleDefinition;
import io.accountshield.schema.serde.AvroSerdes;
import io.accountshield.schema.state.AccountActivity;
import io.accountshield.schema.state.AccountHistory;
import io.accountshield.schema.state.HistoryEntry;
import io.accountshield.streams.config.AppConfig;
import io.accountshield.streams.config.TopicNames;
import io.accountshield.streams.errors.ErrorReporting;
import io.accountshield.streams.metrics.ProtectionMetrics;
import io.accountshield.streams.processor.AccountEvents;
import io.accountshield.streams.rules.LiveRules;
import io.accountshield.streams.rules.RuleDefinitions;
import io.accountshield.streams.rules.RuleParameters;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The production topology under TopologyTestDriver, with typed helpers to send account events,
 * move the wall clock the way production time moves, and read every decision.
 */
final class TopologyHarness implements AutoCloseable {

    static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

    private static final AtomicLong EVENT_IDS = new AtomicLong();

    private final AppConfig config;
    private final TopologyTestDriver driver;
    private final Map<Class<?>, TestInputTopic<String, SpecificRecord>> inputs = new HashMap<>();
    private final TestInputTopic<String, byte[]> rawFriendAdded;
    private final TestOutputTopic<String, SpecificRecord> appliedTopic;
    private final TestOutputTopic<String, SpecificRecord> releasedTopic;
    private final TestOutputTopic<String, SpecificRecord> statusTopic;
    private final TestOutputTopic<byte[], byte[]> deadLetterTopic;
    private final TestOutputTopic<String, SpecificRecord> watchesTopic;
    private final TestOutputTopic<String, SpecificRecord> shadowTopic;
    private final TestInputTopic<String, AllowlistEntry> allowlistTopic;
    private final TestInputTopic<String, SpecificRecord> commandsTopic;
    private final TestOutputTopic<String, SpecificRecord> auditTopic;
    private final TestInputTopic<String, RuleDefinition> rulesTopic;
    private final TestInputTopic<String, byte[]> rawRulesTopic;
    private final TestOutputTopic<String, SpecificRecord> ruleChangesTopic;
    private final List<RuleChange> ruleChanges = new ArrayList<>();
    private final LiveRules liveRules;
    private final List<AuditEntry> audit = new ArrayList<>();
    private final List<AccountWatched> watches = new ArrayList<>();
    private final List<ShadowProtection> shadowProtections = new ArrayList<>();
    private final List<ProtectionApplied> applied = new ArrayList<>();
    private final List<ProtectionReleased> released = new ArrayList<>();
    private final List<AccountProtectionStatus> statuses = new ArrayList<>();
    private final List<TestRecord<byte[], byte[]>> deadLetters = new ArrayList<>();
    private Instant wallClock;
    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final ErrorReporting errorReporting = new ErrorReporting(registry);
    private final ProtectionMetrics protectionMetrics = new ProtectionMetrics(registry, () -> this.wallClock);

    TopologyHarness(Map<String, String> settings, Path stateDir, Instant wallClockStart) {
        Map<String, String> all = new HashMap<>(settings);
        all.putIfAbsent(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        all.putIfAbsent(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        this.config = AppConfig.of(all);
        Properties properties = protectionMetrics.install(errorReporting.install(config.streamsProperties()));
        this.wallClock = wallClockStart;
        // The processing clock is the driver's wall clock, as live it is the instance's system clock.
        this.liveRules = config.liveRules();
        this.driver = new TopologyTestDriver(ProtectionTopology.build(config, () -> this.wallClock, liveRules), properties, wallClockStart);
        TopicNames topics = config.topics();
        var anyRecord = AvroSerdes.anyRecord();
        inputs.put(FriendAdded.class, driver.createInputTopic(topics.friendAdded(), new StringSerializer(), anyRecord.serializer()));
        inputs.put(ChatroomCreated.class, driver.createInputTopic(topics.chatroomCreated(), new StringSerializer(), anyRecord.serializer()));
        inputs.put(DeviceRegistered.class, driver.createInputTopic(topics.deviceRegistered(), new StringSerializer(), anyRecord.serializer()));
        inputs.put(SpamReported.class, driver.createInputTopic(topics.spamReported(), new StringSerializer(), anyRecord.serializer()));
        rawFriendAdded = driver.createInputTopic(topics.friendAdded(), new StringSerializer(), new ByteArraySerializer());
        appliedTopic = driver.createOutputTopic(topics.protectionApplied(), new StringDeserializer(), anyRecord.deserializer());
        releasedTopic = driver.createOutputTopic(topics.protectionReleased(), new StringDeserializer(), anyRecord.deserializer());
        statusTopic = driver.createOutputTopic(topics.protectionStatus(), new StringDeserializer(), anyRecord.deserializer());
        watchesTopic = driver.createOutputTopic(topics.accountWatches(), new StringDeserializer(), anyRecord.deserializer());
        shadowTopic = driver.createOutputTopic(topics.shadowProtections(), new StringDeserializer(), anyRecord.deserializer());
        allowlistTopic = driver.createInputTopic(topics.allowlist(), new StringSerializer(), AvroSerdes.of(AllowlistEntry.class).serializer());
        deadLetterTopic = driver.createOutputTopic(topics.deadLetter(), Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer());
        commandsTopic = driver.createInputTopic(topics.operatorCommands(), new StringSerializer(), anyRecord.serializer());
        auditTopic = driver.createOutputTopic(topics.operatorAudit(), new StringDeserializer(), anyRecord.deserializer());
        rulesTopic = driver.createInputTopic(topics.protectionRules(), new StringSerializer(), AvroSerdes.of(RuleDefinition.class).serializer());
        rawRulesTopic = driver.createInputTopic(topics.protectionRules(), new StringSerializer(), new ByteArraySerializer());
        ruleChangesTopic = driver.createOutputTopic(topics.ruleChanges(), new StringDeserializer(), anyRecord.deserializer());
    }

    /** Writes a rule definition to the protection-rules topic under its own key, at the current wall clock. */
    void defineRule(RuleParameters rule) {
        defineRule(RuleDefinitions.key(rule.id(), rule.version()), RuleDefinitions.toDefinition(rule, "agent-7", wallClock, "a test"));
    }

    void defineRule(String key, RuleDefinition definition) {
        rulesTopic.pipeInput(key, definition, wallClock);
    }

    /** Any bytes on the protection-rules topic, as a producer that is not ours might write them. */
    void sendRawRule(String key, byte[] value) {
        rawRulesTopic.pipeInput(key, value, wallClock);
    }

    /** The rule-changes audit topic so far: the guard's demotions. */
    List<RuleChange> ruleChanges() {
        ruleChangesTopic.readValuesToList().forEach(value -> ruleChanges.add((RuleChange) value));
        return ruleChanges;
    }

    /** The rules in force, as the updater of the global rules store leaves them. */
    LiveRules liveRules() {
        return liveRules;
    }

    TopologyHarness(Path stateDir) {
        this(Map.of(), stateDir, T0);
    }

    AppConfig config() {
        return config;
    }

    TopologyTestDriver driver() {
        return driver;
    }

    /** Sends the event keyed by its account, at its occurredAt, after moving the wall clock there. */
    void send(SpecificRecord event) {
        sendKeyed(AccountEvents.accountId(event), event);
    }

    void sendKeyed(String key, SpecificRecord event) {
        Instant at = AccountEvents.occurredAt(event);
        advanceWallClockTo(at);
        inputs.get(event.getClass()).pipeInput(key, event, at);
    }

    /** Sends the event without moving the wall clock: an event that arrives while the clock is elsewhere. */
    void sendWithoutMovingClock(SpecificRecord event) {
        inputs.get(event.getClass()).pipeInput(AccountEvents.accountId(event), event, AccountEvents.occurredAt(event));
    }

    /** Sends the event in a record stamped {@code producedAt}, as a producer stamps records with its own clock. */
    void sendProducedAt(SpecificRecord event, Instant producedAt) {
        inputs.get(event.getClass()).pipeInput(AccountEvents.accountId(event), event, producedAt);
    }

    void sendRawFriendAdded(String key, byte[] value, Instant at) {
        rawFriendAdded.pipeInput(key, value, at);
    }

    /** Friend-adds from one account, {@code spacing} apart, starting at {@code start}. */
    void friendAdds(String accountId, int count, Instant start, Duration spacing) {
        for (int i = 0; i < count; i++) {
            send(friendAdded(accountId, start.plus(spacing.multipliedBy(i))));
        }
    }

    /** Moves the wall clock forward in steps no longer than the release check, as real time passes. */
    void advanceWallClockTo(Instant target) {
        Duration step = config.time().releaseCheckInterval();
        while (wallClock.isBefore(target)) {
            Duration next = Duration.between(wallClock, target);
            Duration advance = next.compareTo(step) < 0 ? next : step;
            driver.advanceWallClockTime(advance);
            wallClock = wallClock.plus(advance);
        }
    }

    void advanceWallClockBy(Duration duration) {
        advanceWallClockTo(wallClock.plus(duration));
    }

    Instant wallClock() {
        return wallClock;
    }

    List<ProtectionApplied> applied() {
        appliedTopic.readValuesToList().forEach(v -> applied.add((ProtectionApplied) v));
        return applied;
    }

    List<AccountWatched> watches() {
        watchesTopic.readValuesToList().forEach(v -> watches.add((AccountWatched) v));
        return watches;
    }

    List<ShadowProtection> shadowProtections() {
        shadowTopic.readValuesToList().forEach(v -> shadowProtections.add((ShadowProtection) v));
        return shadowProtections;
    }

    void allowlist(String accountId, String reason, String addedBy, Instant at) {
        allowlistTopic.pipeInput(accountId, new AllowlistEntry(accountId, reason, addedBy, at, null), at);
    }

    /** A tombstone: the account is off the list. */
    void removeFromAllowlist(String accountId, Instant at) {
        allowlistTopic.pipeInput(accountId, null, at);
    }

    /** Sends an operator's command, keyed by its account, at the current wall clock. */
    OperatorCommand command(CommandAction action, String accountId, String reason, ReleaseVerdict verdict, Instant allowUntil) {
        OperatorCommand command = new OperatorCommand("cmd-" + nextEventId(), accountId, action, "agent-7", reason, verdict, allowUntil,
                wallClock);
        sendCommand(accountId, command);
        return command;
    }

    /** Sends any record on the friend-added topic, at the current wall clock. */
    void sendOnEventTopic(String key, SpecificRecord value) {
        inputs.get(FriendAdded.class).pipeInput(key, value, wallClock);
    }

    void sendCommand(String key, SpecificRecord command) {
        commandsTopic.pipeInput(key, command, wallClock);
    }

    List<AuditEntry> audit() {
        auditTopic.readValuesToList().forEach(value -> audit.add((AuditEntry) value));
        return audit;
    }

    /** The account's recent history as the operator API reads it. */
    List<HistoryEntry> history(String accountId) {
        KeyValueStore<String, AccountHistory> store = driver.getKeyValueStore(ProtectionTopology.HISTORY_STORE);
        AccountHistory history = store.get(accountId);
        return history == null ? List.of() : history.getEntries();
    }

    AccountActivity state(String accountId) {
        KeyValueStore<String, AccountActivity> store = driver.getKeyValueStore(ProtectionTopology.ACTIVITY_STORE);
        return store.get(accountId);
    }

    List<ProtectionReleased> released() {
        releasedTopic.readValuesToList().forEach(v -> released.add((ProtectionReleased) v));
        return released;
    }

    List<AccountProtectionStatus> statuses() {
        statusTopic.readValuesToList().forEach(v -> statuses.add((AccountProtectionStatus) v));
        return statuses;
    }

    AccountProtectionStatus latestStatus(String accountId) {
        List<AccountProtectionStatus> all = statuses();
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).getAccountId().equals(accountId)) {
                return all.get(i);
            }
        }
        return null;
    }

    List<TestRecord<byte[], byte[]>> deadLetters() {
        deadLetters.addAll(deadLetterTopic.readRecordsToList());
        return deadLetters;
    }

    /** Dead letters and processing errors, as the live application's metrics count them. */
    ErrorReporting errorReporting() {
        return errorReporting;
    }

    MeterRegistry registry() {
        return registry;
    }

    /**
     * A counter's count, a timer's count or a gauge's value, summed over its tags ({@code key, value}
     * pairs narrow it); a name the application never registered is an error, not a zero.
     */
    double metric(String name, String... tags) {
        if (registry.find(name).meters().isEmpty()) {
            throw new AssertionError("no metric named " + name);
        }
        return registry.find(name).tags(tags).meters().stream().mapToDouble(meter -> {
            if (meter instanceof io.micrometer.core.instrument.Counter counter) {
                return counter.count();
            }
            if (meter instanceof io.micrometer.core.instrument.Gauge gauge) {
                return gauge.value();
            }
            if (meter instanceof io.micrometer.core.instrument.Timer timer) {
                return timer.count();
            }
            throw new AssertionError(name + " is neither a counter, a gauge nor a timer");
        }).sum();
    }

    @Override
    public void close() {
        driver.close();
    }

    /** An add the person chose one by one, to someone who knows them: counted by the burst rules, not by stranger-adds. */
    static FriendAdded friendAdded(String accountId, Instant at) {
        return friendAdded(accountId, at, FriendSource.ID_SEARCH, true);
    }

    static FriendAdded friendAdded(String accountId, Instant at, FriendSource source, boolean mutual) {
        return FriendAdded.newBuilder().setEventId(nextEventId()).setAccountId(accountId).setOccurredAt(at)
                .setFriendAccountId("friend-" + EVENT_IDS.get()).setSource(source).setMutual(mutual).setDeviceId("device-1").build();
    }

    static ChatroomCreated chatroomCreated(String accountId, Instant at, int members, int nonFriends) {
        return ChatroomCreated.newBuilder().setEventId(nextEventId()).setAccountId(accountId).setOccurredAt(at)
                .setChatroomId("room-" + EVENT_IDS.get()).setMemberCount(members).setNonFriendMemberCount(nonFriends).build();
    }

    static SpamReported spamReported(String accountId, Instant at, String reporter) {
        return SpamReported.newBuilder().setEventId(nextEventId()).setAccountId(accountId).setOccurredAt(at)
                .setReporterAccountId(reporter).build();
    }

    static DeviceRegistered deviceRegistered(String accountId, Instant at, Instant accountCreatedAt) {
        return DeviceRegistered.newBuilder().setEventId(nextEventId()).setAccountId(accountId).setOccurredAt(at)
                .setDeviceId("device-" + EVENT_IDS.get()).setAccountCreatedAt(accountCreatedAt).build();
    }

    private static String nextEventId() {
        return "event-" + EVENT_IDS.incrementAndGet();
    }
}
