package io.accountshield.streams.config;

import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * The bound on RocksDB's memory: one block cache shared by every store of the process, with the
 * memtables charged to it. Declared here once: {@link AppConfig} shows and checks these settings,
 * and passes them through the Streams properties to the config setter, which Kafka Streams creates
 * by class name and which reads them back with {@link #from(Map)}.
 *
 * @param totalBytes    the shared block cache's capacity: data, index and filter blocks plus the memtables
 * @param memtableBytes the part of it the memtables of all stores may take before RocksDB flushes the largest
 */
public record RocksDbMemory(long totalBytes, long memtableBytes) {

    public static final String TOTAL_MEMORY_BYTES = "rocksdb.total-memory-bytes";
    public static final String MEMTABLE_BYTES = "rocksdb.memtable-bytes";
    /** Settings under this prefix are this application's, except the ones Kafka Streams itself defines ({@code rocksdb.config.setter}). */
    static final String PREFIX = "rocksdb.";

    static final long MIB = 1L << 20;
    private static final ConfigDef DEFINITION = define(new ConfigDef());

    public RocksDbMemory {
        // Memtables beyond half would leave the blocks every read needs too little room to stay cached.
        if (memtableBytes > totalBytes / 2) {
            throw new ConfigException(MEMTABLE_BYTES, memtableBytes, "must be at most half of " + TOTAL_MEMORY_BYTES + " ("
                    + totalBytes + "): the rest of the shared cache holds the index, filter and data blocks, which every read "
                    + "needs");
        }
    }

    /** The settings as Kafka Streams passes them to the config setter (values as strings or numbers), defaults for what is missing. */
    public static RocksDbMemory from(Map<String, ?> configs) {
        Map<String, Object> ours = new TreeMap<>();
        for (String name : DEFINITION.names()) {
            if (configs.containsKey(name)) {
                ours.put(name, configs.get(name));
            }
        }
        return of(new AbstractConfig(DEFINITION, ours, false));
    }

    static RocksDbMemory of(AbstractConfig config) {
        return new RocksDbMemory(config.getLong(TOTAL_MEMORY_BYTES), config.getLong(MEMTABLE_BYTES));
    }

    /** What {@link AppConfig} adds to the Streams properties, so that the config setter sees the checked values. */
    Map<String, String> streamsSettings() {
        return Map.of(TOTAL_MEMORY_BYTES, String.valueOf(totalBytes), MEMTABLE_BYTES, String.valueOf(memtableBytes));
    }

    static ConfigDef define(ConfigDef def) {
        def.define(TOTAL_MEMORY_BYTES, Type.LONG, 256 * MIB, Range.atLeast(8 * MIB), Importance.MEDIUM,
                "RocksDB's memory in bytes for all state stores of this process together: one block cache (a soft capacity: a read may briefly overshoot it rather than fail) shared "
                        + "by every store, holding data, index and filter blocks, with the memtables charged to it. Not bounded by it: "
                        + "the JVM heap, Kafka Streams' record caches (statestore.cache.max.bytes, on the heap), RocksDB's per-store "
                        + "overhead and the allocator's fragmentation (docs/benchmarks.md). Used by the default rocksdb.config.setter.");
        def.define(MEMTABLE_BYTES, Type.LONG, 64 * MIB, Range.atLeast(MIB), Importance.LOW,
                "The part of rocksdb.total-memory-bytes the memtables of all stores may take together (a write buffer manager "
                        + "flushes the largest memtable beyond it); at most half of the total.");
        return def;
    }
}
