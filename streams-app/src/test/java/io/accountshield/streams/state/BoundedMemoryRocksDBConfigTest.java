package io.accountshield.streams.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.accountshield.streams.config.AppConfig;
import io.accountshield.streams.config.RocksDbMemory;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.state.internals.BlockBasedTableConfigWithAccessibleCache;
import org.junit.jupiter.api.Test;
import org.rocksdb.Options;

class BoundedMemoryRocksDBConfigTest {

    private static final long MIB = 1L << 20;

    /** The configs map as Kafka Streams hands it to the setter: the application's Streams properties. */
    private static Map<String, Object> streamsConfigs(Map<String, String> settings) {
        Map<String, Object> configs = new HashMap<>();
        AppConfig.of(settings).streamsProperties().forEach((key, value) -> configs.put((String) key, value));
        return configs;
    }

    /** Options as Kafka Streams prepares them before it calls the setter: its own table configuration that exposes the cache. */
    private static Options storeOptions() {
        Options options = new Options();
        options.setTableFormatConfig(new BlockBasedTableConfigWithAccessibleCache());
        return options;
    }

    @Test
    void shouldPutEveryStoreOnOneCacheThatHoldsIndexAndFilterBlocksAndIsChargedForTheMemtables() {
        Map<String, Object> configs = streamsConfigs(Map.of(RocksDbMemory.TOTAL_MEMORY_BYTES, String.valueOf(40 * MIB),
                RocksDbMemory.MEMTABLE_BYTES, String.valueOf(10 * MIB)));
        BoundedMemoryRocksDBConfig setter = new BoundedMemoryRocksDBConfig();
        try (Options activity = storeOptions(); Options timers = storeOptions()) {
            setter.setConfig("account-activity-store", activity, configs);
            setter.setConfig("account-timer-store", timers, configs);

            BlockBasedTableConfigWithAccessibleCache activityTable = (BlockBasedTableConfigWithAccessibleCache) activity.tableFormatConfig();
            BlockBasedTableConfigWithAccessibleCache timerTable = (BlockBasedTableConfigWithAccessibleCache) timers.tableFormatConfig();
            BoundedMemoryRocksDBConfig.Shared shared = BoundedMemoryRocksDBConfig.shared(new RocksDbMemory(40 * MIB, 10 * MIB));
            assertThat(activityTable.blockCache()).isSameAs(timerTable.blockCache()).isSameAs(shared.cache());
            assertThat(activity.writeBufferManager()).isSameAs(timers.writeBufferManager()).isSameAs(shared.writeBuffers());
            assertThat(activityTable.cacheIndexAndFilterBlocks()).isTrue();
            assertThat(activityTable.cacheIndexAndFilterBlocksWithHighPriority()).isTrue();
            assertThat(activityTable.pinTopLevelIndexAndFilter()).isTrue();

            setter.close("account-activity-store", activity);
            assertThat(shared.cache().isOwningHandle()).as("a store's close leaves the shared cache to the others").isTrue();
        }
    }

    @Test
    void shouldGiveAnotherSizingItsOwnCache() {
        BoundedMemoryRocksDBConfig setter = new BoundedMemoryRocksDBConfig();
        try (Options small = storeOptions(); Options defaults = storeOptions()) {
            setter.setConfig("small", small, streamsConfigs(Map.of(RocksDbMemory.TOTAL_MEMORY_BYTES, String.valueOf(24 * MIB),
                    RocksDbMemory.MEMTABLE_BYTES, String.valueOf(4 * MIB))));
            setter.setConfig("defaults", defaults, Map.of());

            assertThat(((BlockBasedTableConfigWithAccessibleCache) small.tableFormatConfig()).blockCache())
                    .isSameAs(BoundedMemoryRocksDBConfig.shared(new RocksDbMemory(24 * MIB, 4 * MIB)).cache())
                    .isNotSameAs(((BlockBasedTableConfigWithAccessibleCache) defaults.tableFormatConfig()).blockCache());
            assertThat(((BlockBasedTableConfigWithAccessibleCache) defaults.tableFormatConfig()).blockCache())
                    .as("no settings in the configs: the documented defaults")
                    .isSameAs(BoundedMemoryRocksDBConfig.shared(new RocksDbMemory(256 * MIB, 64 * MIB)).cache());
        }
    }

    @Test
    void shouldCutTheCacheIntoShardsOfAtLeast32MiBAndAtMost64Shards() {
        assertThat(BoundedMemoryRocksDBConfig.shardBits(8 * MIB)).isZero();
        assertThat(BoundedMemoryRocksDBConfig.shardBits(63 * MIB)).isZero();
        assertThat(BoundedMemoryRocksDBConfig.shardBits(64 * MIB)).isEqualTo(1);
        assertThat(BoundedMemoryRocksDBConfig.shardBits(256 * MIB)).isEqualTo(3);
        assertThat(BoundedMemoryRocksDBConfig.shardBits(2048 * MIB)).isEqualTo(6);
        assertThat(BoundedMemoryRocksDBConfig.shardBits(1L << 40)).isEqualTo(6);
    }
}
