package io.accountshield.streams.replay;

import io.accountshield.schema.allowlist.AllowlistEntry;
import io.accountshield.schema.decisions.AccountWatched;
import io.accountshield.schema.decisions.ProtectionApplied;
import io.accountshield.schema.decisions.ProtectionReleased;
import io.accountshield.schema.decisions.ShadowProtection;
import io.accountshield.schema.serde.AvroSerdes;
import io.accountshield.streams.config.AppConfig;
import io.accountshield.streams.config.TopicNames;
import io.accountshield.streams.rules.LiveRules;
import io.accountshield.streams.topology.ProtectionTopology;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The reference engine: the production topology, built as live, under Kafka's TopologyTestDriver.
 * Every record is serialised, committed and captured, changelogs and status records included: exact,
 * and slow (about 10,000 events/s).
 */
final class DriverEngine implements ReplayEngine {

    /** Records the driver has captured on topics nobody reads are dropped this often, to bound memory. */
    private static final int DISCARD_EVERY_EVENTS = 10_000;

    private final TopologyTestDriver driver;
    private final TestInputTopic<String, SpecificRecord> input;
    private final TestOutputTopic<String, SpecificRecord> appliedTopic;
    private final TestOutputTopic<String, SpecificRecord> releasedTopic;
    private final TestOutputTopic<String, SpecificRecord> watchesTopic;
    private final TestOutputTopic<String, SpecificRecord> shadowTopic;
    private final TestOutputTopic<byte[], byte[]> deadLetterTopic;
    private final Set<String> readTopics = new HashSet<>();
    private final Map<String, TestOutputTopic<byte[], byte[]>> discarded = new HashMap<>();
    private long wallClockMillis;
    private long piped;

    DriverEngine(AppConfig config, LiveRules rules, Properties streamsProperties, InstantSource processingClock, long startMillis,
                 List<String> allowlisted) {
        this.driver = new TopologyTestDriver(ProtectionTopology.build(config, processingClock, rules), streamsProperties, Instant.ofEpochMilli(startMillis));
        this.wallClockMillis = startMillis;
        TopicNames topics = config.topics();
        Serde<SpecificRecord> anyRecord = AvroSerdes.anyRecord();
        input = driver.createInputTopic(Replay.REPLAY_INPUT_TOPIC, new StringSerializer(), anyRecord.serializer());
        appliedTopic = driver.createOutputTopic(topics.protectionApplied(), new StringDeserializer(), anyRecord.deserializer());
        releasedTopic = driver.createOutputTopic(topics.protectionReleased(), new StringDeserializer(), anyRecord.deserializer());
        watchesTopic = driver.createOutputTopic(topics.accountWatches(), new StringDeserializer(), anyRecord.deserializer());
        shadowTopic = driver.createOutputTopic(topics.shadowProtections(), new StringDeserializer(), anyRecord.deserializer());
        deadLetterTopic = driver.createOutputTopic(topics.deadLetter(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        readTopics.addAll(List.of(topics.protectionApplied(), topics.protectionReleased(), topics.accountWatches(), topics.shadowProtections(),
                topics.deadLetter()));
        TestInputTopic<String, AllowlistEntry> allowlist = driver.createInputTopic(topics.allowlist(), new StringSerializer(),
                AvroSerdes.of(AllowlistEntry.class).serializer());
        for (String accountId : allowlisted) {
            allowlist.pipeInput(accountId, Replay.allowlistEntry(accountId, startMillis), Instant.ofEpochMilli(startMillis));
        }
    }

    @Override
    public void pipe(String accountId, SpecificRecord event, long occurredAtMillis, boolean changesInTransit) {
        // The driver's own serialisers make the change, if any.
        input.pipeInput(accountId, event, Instant.ofEpochMilli(occurredAtMillis));
        if (++piped % DISCARD_EVERY_EVENTS == 0) {
            discardUnreadTopics();
        }
    }

    @Override
    public void moveWallClockTo(long millis) {
        driver.advanceWallClockTime(Duration.ofMillis(millis - wallClockMillis));
        wallClockMillis = millis;
    }

    @Override
    public void drainTo(Emitted emitted) {
        while (!deadLetterTopic.isEmpty()) {
            TestRecord<byte[], byte[]> deadLetter = deadLetterTopic.readRecord();
            emitted.deadLetters.add(new DeadLetter(deadLetter.key(), deadLetter.headers()));
        }
        while (!releasedTopic.isEmpty()) {
            emitted.released.add((ProtectionReleased) releasedTopic.readValue());
        }
        while (!appliedTopic.isEmpty()) {
            emitted.applied.add((ProtectionApplied) appliedTopic.readValue());
        }
        while (!watchesTopic.isEmpty()) {
            emitted.watched.add((AccountWatched) watchesTopic.readValue());
        }
        while (!shadowTopic.isEmpty()) {
            emitted.shadow.add((ShadowProtection) shadowTopic.readValue());
        }
    }

    /** Status and changelog records are captured by the driver too; nobody reads them here. */
    private void discardUnreadTopics() {
        for (String topic : driver.producedTopicNames()) {
            if (!readTopics.contains(topic)) {
                discarded.computeIfAbsent(topic, t -> driver.createOutputTopic(t, new ByteArrayDeserializer(), new ByteArrayDeserializer()))
                        .readRecordsToList();
            }
        }
    }

    @Override
    public void close() {
        driver.close();
    }
}
