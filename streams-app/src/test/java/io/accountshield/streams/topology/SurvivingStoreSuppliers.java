package io.accountshield.streams.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.state.DslKeyValueParams;
import org.apache.kafka.streams.state.DslSessionParams;
import org.apache.kafka.streams.state.DslStoreSuppliers;
import org.apache.kafka.streams.state.DslWindowParams;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.SessionBytesStoreSupplier;
import org.apache.kafka.streams.state.WindowBytesStoreSupplier;

/**
 * A store engine whose contents outlive the store's close(), standing in for a state directory that
 * survives a process restart. TopologyTestDriver deletes its state directory on close and RocksDB in
 * Streams keeps recent writes in memory until a checkpoint, so a copied directory cannot model a
 * restart; this can. Select it with {@code dsl.store.suppliers.class} and name the disk with
 * {@value #DISK_CONFIG}.
 */
public final class SurvivingStoreSuppliers implements DslStoreSuppliers {

    static final String DISK_CONFIG = "test.surviving.disk";

    private static final Map<String, NavigableMap<Bytes, byte[]>> DISKS = new ConcurrentHashMap<>();

    private String disk = "default";

    @Override
    public void configure(Map<String, ?> configs) {
        Object configured = configs.get(DISK_CONFIG);
        if (configured != null) {
            disk = configured.toString();
        }
    }

    @Override
    public KeyValueBytesStoreSupplier keyValueStore(DslKeyValueParams params) {
        NavigableMap<Bytes, byte[]> data = DISKS.computeIfAbsent(disk + "/" + params.name(), name -> new ConcurrentSkipListMap<>());
        return new KeyValueBytesStoreSupplier() {
            @Override
            public String name() {
                return params.name();
            }

            @Override
            public KeyValueStore<Bytes, byte[]> get() {
                return new SurvivingStore(params.name(), data);
            }

            @Override
            public String metricsScope() {
                return "surviving";
            }
        };
    }

    @Override
    public WindowBytesStoreSupplier windowStore(DslWindowParams params) {
        throw new UnsupportedOperationException("the protection topology uses key-value stores only");
    }

    @Override
    public SessionBytesStoreSupplier sessionStore(DslSessionParams params) {
        throw new UnsupportedOperationException("the protection topology uses key-value stores only");
    }

    private static final class SurvivingStore implements KeyValueStore<Bytes, byte[]> {
        private final String name;
        private final NavigableMap<Bytes, byte[]> data;
        private final Position position = Position.emptyPosition();
        private boolean open;

        SurvivingStore(String name, NavigableMap<Bytes, byte[]> data) {
            this.name = name;
            this.data = data;
        }

        @Override
        public void init(StateStoreContext context, StateStore root) {
            context.register(root, (key, value) -> {
                if (value == null) {
                    data.remove(Bytes.wrap(key));
                } else {
                    data.put(Bytes.wrap(key), value);
                }
            });
            open = true;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void close() {
            open = false;
        }

        @Override
        public boolean persistent() {
            return false;
        }

        @Override
        public Position getPosition() {
            return position;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void put(Bytes key, byte[] value) {
            if (value == null) {
                data.remove(key);
            } else {
                data.put(key, value);
            }
        }

        @Override
        public byte[] putIfAbsent(Bytes key, byte[] value) {
            byte[] existing = data.get(key);
            if (existing == null) {
                put(key, value);
            }
            return existing;
        }

        @Override
        public void putAll(List<KeyValue<Bytes, byte[]>> entries) {
            entries.forEach(entry -> put(entry.key, entry.value));
        }

        @Override
        public byte[] delete(Bytes key) {
            return data.remove(key);
        }

        @Override
        public byte[] get(Bytes key) {
            return data.get(key);
        }

        @Override
        public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
            return iterator(data.subMap(from, true, to, true));
        }

        @Override
        public KeyValueIterator<Bytes, byte[]> all() {
            return iterator(data);
        }

        @Override
        public long approximateNumEntries() {
            return data.size();
        }

        private static KeyValueIterator<Bytes, byte[]> iterator(NavigableMap<Bytes, byte[]> view) {
            List<KeyValue<Bytes, byte[]>> snapshot = new ArrayList<>();
            view.forEach((key, value) -> snapshot.add(KeyValue.pair(key, value)));
            return new KeyValueIterator<>() {
                private int position;

                @Override
                public void close() {
                }

                @Override
                public Bytes peekNextKey() {
                    return snapshot.get(position).key;
                }

                @Override
                public boolean hasNext() {
                    return position < snapshot.size();
                }

                @Override
                public KeyValue<Bytes, byte[]> next() {
                    return snapshot.get(position++);
                }
            };
        }
    }
}
