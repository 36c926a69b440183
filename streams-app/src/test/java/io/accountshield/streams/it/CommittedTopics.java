package io.accountshield.streams.it;

import io.accountshield.schema.serde.AvroSerdes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A test's topics as downstream services and auditors read them (committed records only), and how
 * far the application has read its inputs. Public for the integration tests of the other modules,
 * which run the application on the simulator's traffic.
 */
public final class CommittedTopics {

    private CommittedTopics() {
    }

    /** Every committed record of a topic, partition by partition, from the beginning to the end it had when asked. */
    public static List<ConsumerRecord<String, SpecificRecord>> readWhole(String bootstrapServers, String topic) {
        return readWhole(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), topic);
    }

    /** The same, with these client settings (a secured cluster's login among them). */
    public static List<ConsumerRecord<String, SpecificRecord>> readWhole(Map<String, Object> clientSettings, String topic) {
        Properties properties = new Properties();
        properties.putAll(clientSettings);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, SpecificRecord>> records = new ArrayList<>();
        try (KafkaConsumer<String, SpecificRecord> reader = new KafkaConsumer<>(properties, new StringDeserializer(),
                AvroSerdes.anyRecord().deserializer())) {
            List<TopicPartition> partitions = reader.partitionsFor(topic).stream().map(info -> new TopicPartition(topic, info.partition())).toList();
            reader.assign(partitions);
            reader.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = reader.endOffsets(partitions);
            while (partitions.stream().anyMatch(partition -> reader.position(partition) < ends.get(partition))) {
                reader.poll(Duration.ofMillis(300)).forEach(records::add);
            }
        }
        return records;
    }

    /** The end offset of every partition of these topics, now. */
    public static Map<TopicPartition, Long> endOffsets(String bootstrapServers, Collection<String> topics) throws Exception {
        return endOffsets(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), topics);
    }

    /** The same, with these client settings (a secured cluster's login among them). */
    public static Map<TopicPartition, Long> endOffsets(Map<String, Object> clientSettings, Collection<String> topics) throws Exception {
        try (Admin admin = Admin.create(clientSettings)) {
            Set<TopicPartition> partitions = new java.util.HashSet<>();
            for (String topic : topics) {
                int count = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic).partitions().size();
                for (int p = 0; p < count; p++) {
                    partitions.add(new TopicPartition(topic, p));
                }
            }
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin
                    .listOffsets(partitions.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()))).all()
                    .get(10, TimeUnit.SECONDS);
            return ends.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        }
    }

    /** Whether the application (its consumer group) has committed every record up to these end offsets. */
    public static boolean consumedUpTo(String bootstrapServers, String applicationId, Map<TopicPartition, Long> ends) throws Exception {
        try (Admin admin = admin(bootstrapServers)) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS);
            for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
                OffsetAndMetadata done = committed.get(end.getKey());
                if (end.getValue() > 0 && (done == null || done.offset() < end.getValue())) {
                    return false;
                }
            }
            return true;
        }
    }

    private static Admin admin(String bootstrapServers) {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return Admin.create(properties);
    }
}
