package io.accountshield.streams.processor;

import io.accountshield.schema.allowlist.AllowlistEntry;
import io.accountshield.schema.serde.AvroSerdes;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the global allowlist store equal to the compacted allowlist topic: an entry adds the
 * account, a tombstone removes it. Kafka Streams runs it on restore too, so it must depend on
 * nothing but the record. It reads the topic as bytes and decodes them itself: a record that cannot
 * be read is logged and skipped here, since Kafka Streams' deserialization handler cannot route a
 * global store's record anywhere (and one that failed there would stop the instance on every start).
 */
public final class AllowlistUpdater implements Processor<String, byte[], Void, Void> {

    private static final Logger LOG = LoggerFactory.getLogger(AllowlistUpdater.class);
    private static final Deserializer<AllowlistEntry> ENTRIES = AvroSerdes.of(AllowlistEntry.class).deserializer();

    private final String storeName;
    private final String topic;
    private KeyValueStore<String, AllowlistEntry> store;

    public AllowlistUpdater(String storeName, String topic) {
        this.storeName = storeName;
        this.topic = topic;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.key() == null) {
            LOG.warn("an allowlist record without a key on {} was skipped: the key is the account id", topic);
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
            return;
        }
        AllowlistEntry entry;
        try {
            entry = ENTRIES.deserialize(topic, record.value());
        } catch (RuntimeException e) {
            LOG.warn("the allowlist record for {} on {} cannot be read and was skipped: {}", record.key(), topic, e.getMessage());
            return;
        }
        store.put(record.key(), entry);
    }
}
