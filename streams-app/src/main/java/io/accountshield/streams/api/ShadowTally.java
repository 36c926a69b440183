package io.accountshield.streams.api;

import io.accountshield.schema.decisions.ShadowProtection;
import io.accountshield.schema.serde.AvroSerdes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * What each rule would have done in shadow over the last hour, read from the shadow-protections topic
 * on request (every instance's decisions, as downstream reads them): the count per rule, up to a cap.
 */
public final class ShadowTally {

    /** Shadow decisions per rule id; {@code capped} when the hour held more records than were read. */
    public record Tally(Map<String, Long> byRule, boolean capped) {
    }

    static final int MAX_RECORDS = 200_000;
    private static final Duration READ_FOR_AT_MOST = Duration.ofSeconds(5);

    private final Properties consumerProperties;
    private final String topic;

    /** @param clientProperties the application's client settings (security included) */
    public ShadowTally(Properties clientProperties, String topic) {
        Properties properties = new Properties();
        for (String name : clientProperties.stringPropertyNames()) {
            if (ConsumerConfig.configNames().contains(name) && !name.equals(ConsumerConfig.GROUP_ID_CONFIG)
                    && !name.equals(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG)) {
                properties.put(name, clientProperties.getProperty(name));
            }
        }
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        this.consumerProperties = properties;
        this.topic = topic;
    }

    /** The shadow decisions stamped within the hour before {@code now}. */
    public Tally lastHour(Instant now) {
        Deserializer<SpecificRecord> decisions = AvroSerdes.anyRecord().deserializer();
        Map<String, Long> byRule = new TreeMap<>();
        long read = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, READ_FOR_AT_MOST).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            long from = now.minus(Duration.ofHours(1)).toEpochMilli();
            Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(
                    partitions.stream().collect(Collectors.toMap(partition -> partition, partition -> from)), READ_FOR_AT_MOST);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, READ_FOR_AT_MOST);
            for (TopicPartition partition : partitions) {
                OffsetAndTimestamp start = starts.get(partition);
                consumer.seek(partition, start == null ? ends.get(partition) : start.offset());
            }
            long deadline = System.nanoTime() + READ_FOR_AT_MOST.toNanos();
            while (read < MAX_RECORDS && System.nanoTime() < deadline
                    && partitions.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    read++;
                    if (record.timestamp() < from || record.value() == null) {
                        continue;
                    }
                    try {
                        if (decisions.deserialize(topic, record.value()) instanceof ShadowProtection shadow) {
                            byRule.merge(shadow.getRuleId(), 1L, Long::sum);
                        }
                    } catch (RuntimeException unreadable) {
                        // Not ours to judge here: the topic's readers see it as it is.
                    }
                }
            }
            boolean capped = partitions.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition));
            return new Tally(byRule, capped);
        }
    }
}
