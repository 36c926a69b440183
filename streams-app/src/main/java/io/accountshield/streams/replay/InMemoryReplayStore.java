package io.accountshield.streams.replay;

import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * What the direct engine's stores share: a map in memory, no changelog, nothing to restore, and a
 * null value deleting its key as in Kafka's stores. Subclasses decide the map and how to iterate it.
 */
abstract class InMemoryReplayStore<K, V> implements KeyValueStore<K, V> {

    private final String name;
    protected final Map<K, V> values;
    private boolean open;

    InMemoryReplayStore(String name, Map<K, V> values) {
        this.name = name;
        this.values = values;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        context.register(root, (key, value) -> { });
        open = true;
    }

    @Override
    public void close() {
        values.clear();
        open = false;
    }

    @Override
    public boolean persistent() {
        return false;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void put(K key, V value) {
        if (value == null) {
            values.remove(key);
        } else {
            values.put(key, value);
        }
    }

    @Override
    public V putIfAbsent(K key, V value) {
        V existing = values.get(key);
        if (existing == null) {
            put(key, value);
        }
        return existing;
    }

    @Override
    public void putAll(List<KeyValue<K, V>> entries) {
        for (KeyValue<K, V> entry : entries) {
            put(entry.key, entry.value);
        }
    }

    @Override
    public V delete(K key) {
        return values.remove(key);
    }

    @Override
    public V get(K key) {
        return values.get(key);
    }

    @Override
    public long approximateNumEntries() {
        return values.size();
    }
}
