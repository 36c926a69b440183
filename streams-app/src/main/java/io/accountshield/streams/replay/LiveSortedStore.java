package io.accountshield.streams.replay;

import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * An in-memory key-value store for the replay's direct engine: the same order as Kafka's in-memory
 * store (keys' unsigned bytes), but its iterators walk the map itself instead of a copy of its keys.
 * Kafka's copy makes every {@code all()} on the timer store (the processor reads its earliest timer
 * once per release check) cost a pass over every account; that was half of the driver replay's time.
 * An iterator is fail-fast: a write to the store while one is open would throw, never read differently.
 */
final class LiveSortedStore extends InMemoryReplayStore<Bytes, byte[]> {

    private final NavigableMap<Bytes, byte[]> map;

    LiveSortedStore(String name) {
        this(name, new TreeMap<>());
    }

    private LiveSortedStore(String name, NavigableMap<Bytes, byte[]> map) {
        super(name, map);
        this.map = map;
    }

    static KeyValueBytesStoreSupplier supplier(String name) {
        return new KeyValueBytesStoreSupplier() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public KeyValueStore<Bytes, byte[]> get() {
                return new LiveSortedStore(name);
            }

            @Override
            public String metricsScope() {
                return "in-memory";
            }
        };
    }

    /** Both ends inclusive, as Kafka's stores; an empty iterator when from is after to. */
    @Override
    public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
        if (from != null && to != null && from.compareTo(to) > 0) {
            return iterator(Map.<Bytes, byte[]>of().entrySet().iterator());
        }
        NavigableMap<Bytes, byte[]> view = map;
        if (from != null) {
            view = view.tailMap(from, true);
        }
        if (to != null) {
            view = view.headMap(to, true);
        }
        return iterator(view.entrySet().iterator());
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> all() {
        return iterator(map.entrySet().iterator());
    }

    private static KeyValueIterator<Bytes, byte[]> iterator(Iterator<Map.Entry<Bytes, byte[]>> entries) {
        return new KeyValueIterator<>() {
            private Map.Entry<Bytes, byte[]> peeked;

            @Override
            public boolean hasNext() {
                return peeked != null || entries.hasNext();
            }

            @Override
            public KeyValue<Bytes, byte[]> next() {
                Map.Entry<Bytes, byte[]> entry = peeked != null ? peeked : entries.next();
                peeked = null;
                return KeyValue.pair(entry.getKey(), entry.getValue());
            }

            @Override
            public Bytes peekNextKey() {
                if (peeked == null) {
                    if (!entries.hasNext()) {
                        throw new NoSuchElementException();
                    }
                    peeked = entries.next();
                }
                return peeked.getKey();
            }

            @Override
            public void close() {
            }
        };
    }
}
