package io.accountshield.streams.state;

import io.accountshield.streams.config.RocksDbMemory;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Kafka Streams' bounded-memory pattern: every RocksDB store of the process uses one block cache
 * (a soft capacity, as Kafka's memory guide has it: with a strict one, a read that finds the cache
 * full of blocks in use fails and stops the instance), the memtables are charged to that cache by one write buffer manager, and
 * index and filter blocks live in the cache (with high priority) instead of beside it. Sizes come
 * from {@link RocksDbMemory}, passed through the Streams properties.
 *
 * <p>The cache and the write buffer manager are shared by every store and created once per sizing;
 * they live as long as the process, so no store closes them.
 */
public final class BoundedMemoryRocksDBConfig implements RocksDBConfigSetter {

    /** Share of the cache kept for index and filter blocks, which every read needs. */
    static final double INDEX_FILTER_SHARE = 0.1;
    /** The capacity holds per shard: shards this large are not filled by a few memtable reservations. */
    static final long MIN_SHARD_BYTES = 32L << 20;

    private static final Map<RocksDbMemory, Shared> SHARED = new ConcurrentHashMap<>();

    /** What every store of one sizing shares. */
    record Shared(Cache cache, WriteBufferManager writeBuffers) {

        static Shared create(RocksDbMemory memory) {
            Cache cache = new LRUCache(memory.totalBytes(), shardBits(memory.totalBytes()), false, INDEX_FILTER_SHARE);
            return new Shared(cache, new WriteBufferManager(memory.memtableBytes(), cache));
        }
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        Shared shared = shared(RocksDbMemory.from(configs));
        // Kafka Streams reads the block cache back from its own table configuration (for the cache metrics): change that one.
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(shared.cache());
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setTableFormatConfig(table);
        options.setWriteBufferManager(shared.writeBuffers());
    }

    @Override
    public void close(String storeName, Options options) {
        // Nothing of a store's own: the cache and the write buffer manager serve every store and outlive each.
    }

    static Shared shared(RocksDbMemory memory) {
        return SHARED.computeIfAbsent(memory, Shared::create);
    }

    /** log2 of the shard count: one shard per 32 MiB, 1 to 64 shards. */
    static int shardBits(long totalBytes) {
        long shards = Math.max(1, totalBytes / MIN_SHARD_BYTES);
        return Math.min(6, 63 - Long.numberOfLeadingZeros(shards));
    }
}
