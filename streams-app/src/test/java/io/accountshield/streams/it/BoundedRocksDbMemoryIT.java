package io.accountshield.streams.it;

import static io.accountshield.streams.it.LivePipeline.friendAdds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.accountshield.streams.app.ProtectionService;
import io.accountshield.streams.config.RocksDbMemory;
import io.accountshield.streams.topology.ProtectionTopology;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application under a small RocksDB bound, read through Kafka Streams' RocksDB property metrics
 * (recorded at the default INFO level): every store reports the one configured cache.
 */
class BoundedRocksDbMemoryIT {

    @RegisterExtension
    static final EmbeddedKafka.PerTestClass KAFKA = new EmbeddedKafka.PerTestClass(1);

    /** A sizing no other test uses, so the cache the stores report can only be this test's. */
    private static final long TOTAL = 48L << 20;
    private static final long MEMTABLES = 12L << 20;

    @TempDir
    Path dir;

    @Test
    void shouldShareTheConfiguredCacheAmongAllStoresAndChargeTheMemtablesToIt() throws Exception {
        Map<String, String> bound = Map.of(RocksDbMemory.TOTAL_MEMORY_BYTES, String.valueOf(TOTAL), RocksDbMemory.MEMTABLE_BYTES, String.valueOf(MEMTABLES));
        try (LivePipeline pipeline = new LivePipeline(KAFKA.cluster(), "bounded-memory", dir, bound)) {
            ProtectionService service = pipeline.startInstance(dir.resolve("instance"));
            Instant start = Instant.now().minusSeconds(30);
            List<SpecificRecord> events = new ArrayList<>();
            for (int account = 0; account < 300; account++) {
                events.addAll(friendAdds("account-" + account, 3, start, Duration.ofSeconds(1)));
            }
            pipeline.produce(events);
            pipeline.awaitAllConsumed();

            // Read while idle, so that the stores' gauges (read one after another) see the same cache state.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                Map<String, Map<String, List<Long>>> stores = rocksDbProperties(service.streams());
                assertThat(stores).containsKeys(ProtectionTopology.ACTIVITY_STORE, ProtectionTopology.TIMER_STORE,
                        ProtectionTopology.HISTORY_STORE, ProtectionTopology.COUNT_STORE);
                List<Long> capacities = all(stores, "block-cache-capacity");
                List<Long> usages = all(stores, "block-cache-usage");
                long memtables = all(stores, "cur-size-all-mem-tables").stream().mapToLong(Long::longValue).sum();

                assertThat(capacities).as("every store of every task reports the configured capacity (Kafka Streams' own would be 50 MiB each)")
                        .isNotEmpty().containsOnly(TOTAL);
                assertThat(usages).as("one cache: every store reports the same usage").hasSameSizeAs(capacities).containsOnly(usages.get(0));
                assertThat(memtables).isPositive();
                assertThat(usages.get(0)).as("the memtables of all stores are charged to that one cache")
                        .isGreaterThanOrEqualTo(memtables).isLessThanOrEqualTo(TOTAL);
            });
        }
    }

    /** Per store, per property: the value of every task's instance of the store. */
    private static Map<String, Map<String, List<Long>>> rocksDbProperties(KafkaStreams streams) {
        Map<String, Map<String, List<Long>>> stores = new TreeMap<>();
        for (Map.Entry<MetricName, ? extends Metric> metric : streams.metrics().entrySet()) {
            String store = metric.getKey().tags().get("rocksdb-state-id");
            if (store != null && metric.getValue().metricValue() instanceof Number value) {
                stores.computeIfAbsent(store, s -> new TreeMap<>()).computeIfAbsent(metric.getKey().name(), p -> new ArrayList<>())
                        .add(value.longValue());
            }
        }
        return stores;
    }

    private static List<Long> all(Map<String, Map<String, List<Long>>> stores, String property) {
        return stores.values().stream().flatMap(p -> p.getOrDefault(property, List.of()).stream()).toList();
    }
}
