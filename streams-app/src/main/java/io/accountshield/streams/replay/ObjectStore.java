package io.accountshield.streams.replay;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Predicate;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;

/**
 * A store of values as objects, keyed by string, for the replay's direct engine: what the processor
 * reads and writes on every event (the account's activity) without encoding and decoding it each
 * time, which was most of the processor's cost. A read returns the stored object itself, where a
 * read of Kafka's stores returns a freshly decoded copy. That is the same as long as the processor
 * writes back every value it changed, which it does whenever a decision completes; when deciding
 * fails (a defect, counted as failed in the summary) the changes it made before failing stay here,
 * where Kafka's store would keep the value as it was (see the README). A copy on every read (Avro's
 * deep copy) cost a third of the engine's time, for the one case that is a defect anyway.
 * Iteration is in the order of the keys' UTF-8 bytes, as Kafka's stores iterate.
 */
final class ObjectStore<V> extends InMemoryReplayStore<String, V> {

    ObjectStore(String name) {
        super(name, new HashMap<>());
    }

    @Override
    public KeyValueIterator<String, V> range(String from, String to) {
        byte[] low = from == null ? null : utf8(from);
        byte[] high = to == null ? null : utf8(to);
        return sorted(key -> (low == null || Arrays.compareUnsigned(key, low) >= 0) && (high == null || Arrays.compareUnsigned(key, high) <= 0));
    }

    @Override
    public KeyValueIterator<String, V> all() {
        return sorted(key -> true);
    }

    /** A snapshot, sorted as Kafka sorts keys: by their serialised bytes, unsigned. Rare (a task's first start), so simple. */
    private KeyValueIterator<String, V> sorted(Predicate<byte[]> inRange) {
        List<Map.Entry<byte[], String>> keys = new ArrayList<>();
        for (String key : values.keySet()) {
            byte[] bytes = utf8(key);
            if (inRange.test(bytes)) {
                keys.add(Map.entry(bytes, key));
            }
        }
        keys.sort((a, b) -> Arrays.compareUnsigned(a.getKey(), b.getKey()));
        Iterator<Map.Entry<byte[], String>> entries = keys.iterator();
        return new KeyValueIterator<>() {
            private KeyValue<String, V> peeked;

            @Override
            public boolean hasNext() {
                return peeked != null || entries.hasNext();
            }

            @Override
            public KeyValue<String, V> next() {
                KeyValue<String, V> next = peeked != null ? peeked : read(entries.next().getValue());
                peeked = null;
                return next;
            }

            @Override
            public String peekNextKey() {
                if (peeked == null) {
                    if (!entries.hasNext()) {
                        throw new NoSuchElementException();
                    }
                    peeked = read(entries.next().getValue());
                }
                return peeked.key;
            }

            private KeyValue<String, V> read(String key) {
                return KeyValue.pair(key, get(key));
            }

            @Override
            public void close() {
            }
        };
    }

    private static byte[] utf8(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }
}
