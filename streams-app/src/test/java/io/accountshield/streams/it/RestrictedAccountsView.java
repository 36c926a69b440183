package io.accountshield.streams.it;

import io.accountshield.schema.decisions.AccountProtectionStatus;
import io.accountshield.schema.decisions.ProtectionState;
import io.accountshield.schema.serde.AvroSerdes;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The example consumer of docs/topics.md: a downstream service's local view of who is restricted,
 * built from the compacted status topic alone. Read from the start, committed records only; an
 * account is restricted exactly while its latest status is PROTECTED.
 */
final class RestrictedAccountsView implements AutoCloseable {

    private final KafkaConsumer<String, AccountProtectionStatus> consumer;
    private final Map<String, AccountProtectionStatus> latest = new HashMap<>();

    RestrictedAccountsView(String bootstrapServers, String statusTopic) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        // Without this, records of aborted transactions (duplicates, decisions that never happened) show up.
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer = new KafkaConsumer<>(properties, new StringDeserializer(), AvroSerdes.of(AccountProtectionStatus.class).deserializer());
        // Every partition, from the start: the compacted topic is the table.
        List<TopicPartition> partitions = consumer.partitionsFor(statusTopic).stream()
                .map(info -> new TopicPartition(statusTopic, info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Reads what has been committed since the last call. */
    void refresh() {
        for (ConsumerRecord<String, AccountProtectionStatus> record : consumer.poll(Duration.ofMillis(200))) {
            latest.put(record.key(), record.value());
        }
    }

    /** Whether the account may not add friends or start chats now. Lifted only by a RELEASED record, never by a clock. */
    boolean isRestricted(String accountId) {
        AccountProtectionStatus status = latest.get(accountId);
        return status != null && status.getState() == ProtectionState.PROTECTED;
    }

    /** What to show the person, in their language. */
    String notice(String accountId, String language) {
        AccountProtectionStatus status = latest.get(accountId);
        return status == null ? null : status.getNotice().get(language);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
