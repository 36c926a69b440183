package io.accountshield.streams.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.accountshield.streams.state.BoundedMemoryRocksDBConfig;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class RocksDbMemoryTest {

    private static final long MIB = 1L << 20;

    @Test
    void shouldBoundRocksDbByDefaultWithTheSetterInTheStreamsProperties() {
        AppConfig config = AppConfig.defaults();

        assertThat(config.rocksDbMemory()).isEqualTo(new RocksDbMemory(256 * MIB, 64 * MIB));
        assertThat(config.streamsProperties())
                .containsEntry(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedMemoryRocksDBConfig.class.getName())
                .containsEntry(RocksDbMemory.TOTAL_MEMORY_BYTES, String.valueOf(256 * MIB))
                .containsEntry(RocksDbMemory.MEMTABLE_BYTES, String.valueOf(64 * MIB));
    }

    @Test
    void shouldPassConfiguredSizesToTheSetterAsItReadsThem() {
        AppConfig config = AppConfig.of(Map.of(RocksDbMemory.TOTAL_MEMORY_BYTES, String.valueOf(100 * MIB),
                RocksDbMemory.MEMTABLE_BYTES, String.valueOf(20 * MIB)));

        assertThat(RocksDbMemory.from(config.streamsProperties().entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(e -> (String) e.getKey(), Map.Entry::getValue))))
                .isEqualTo(new RocksDbMemory(100 * MIB, 20 * MIB));
        assertThat(RocksDbMemory.from(Map.of(RocksDbMemory.TOTAL_MEMORY_BYTES, 100 * MIB, RocksDbMemory.MEMTABLE_BYTES, 20 * MIB)))
                .as("numbers as well as strings").isEqualTo(new RocksDbMemory(100 * MIB, 20 * MIB));
    }

    @Test
    void shouldRefuseMemtablesOverHalfTheTotal() {
        assertThatThrownBy(() -> AppConfig.of(Map.of(RocksDbMemory.TOTAL_MEMORY_BYTES, String.valueOf(64 * MIB),
                RocksDbMemory.MEMTABLE_BYTES, String.valueOf(32 * MIB + 1))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(RocksDbMemory.MEMTABLE_BYTES).hasMessageContaining("at most half of " + RocksDbMemory.TOTAL_MEMORY_BYTES);
        assertThat(AppConfig.of(Map.of(RocksDbMemory.TOTAL_MEMORY_BYTES, String.valueOf(64 * MIB),
                RocksDbMemory.MEMTABLE_BYTES, String.valueOf(32 * MIB))).rocksDbMemory().memtableBytes()).isEqualTo(32 * MIB);
    }

    @Test
    void shouldRefuseATotalUnder8MiBAndValuesThatAreNotNumbers() {
        assertThatThrownBy(() -> AppConfig.of(Map.of(RocksDbMemory.TOTAL_MEMORY_BYTES, String.valueOf(8 * MIB - 1))))
                .isInstanceOf(ConfigException.class).hasMessageContaining(RocksDbMemory.TOTAL_MEMORY_BYTES);
        assertThatThrownBy(() -> AppConfig.of(Map.of(RocksDbMemory.TOTAL_MEMORY_BYTES, "256MB")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(RocksDbMemory.TOTAL_MEMORY_BYTES);
    }

    @Test
    void shouldRefuseAMisspelledRocksDbSettingButPassKafkaStreamsOwnToIt() {
        assertThatThrownBy(() -> AppConfig.of(Map.of("rocksdb.total-memory-byte", "100000000")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("unknown setting rocksdb.total-memory-byte");

        AppConfig own = AppConfig.of(Map.of(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, "com.example.OwnSetter"));

        assertThat(own.streamsProperties()).containsEntry(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, "com.example.OwnSetter");
    }
}
