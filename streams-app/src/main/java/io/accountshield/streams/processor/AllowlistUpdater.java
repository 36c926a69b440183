package io.accountshield.streams.processor;

import io.accountshield.schema.allowlist.AllowlistEntry;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the global allowlist store equal to the compacted allowlist topic: an entry adds the
 * account, a tombstone removes it. Kafka Streams runs it on restore too, so it must depend on
 * nothing but the record. A record that cannot be read is logged and skipped: global stores have
 * no dead-letter route.
 */
public final class AllowlistUpdater implements Processor<String, AllowlistEntry, Void, Void> {

    private final String storeName;
    private KeyValueStore<String, AllowlistEntry> store;

    public AllowlistUpdater(String storeName) {
        this.storeName = storeName;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, AllowlistEntry> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
        } else {
            store.put(record.key(), record.value());
        }
    }
}
