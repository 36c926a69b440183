package io.accountshield.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * What the pipeline keeps after the backlog, read while it still runs: its RocksDB stores (Kafka
 * Streams' property metrics, summed over tasks, per store), its state directory on disk, and the
 * heap of this JVM after a GC (broker, harness and application together: compare with the heap
 * before the pipeline started).
 *
 * @param rocksdb         per store, per property: estimate-num-keys, estimate-live-data-size, total-sst-files-size,
 *                        cur-size-all-mem-tables summed over tasks; block-cache-usage and block-cache-capacity of the
 *                        store's cache (one cache shared by every store under the application's RocksDB bound)
 * @param stateDirBytes   the application's state directory on disk, while it runs (under exactly-once Kafka Streams
 *                        flushes the stores only when it closes them, so this is mostly RocksDB's own files)
 * @param heapAfterGcBytes heap used after a GC
 * @param stateDirAfterCloseBytes the state directory once the application has closed: the memtables flushed to SST files
 */
record StateFigures(Map<String, Map<String, Long>> rocksdb, long stateDirBytes, long heapAfterGcBytes, long stateDirAfterCloseBytes) {

    static final Set<String> PROPERTIES = Set.of("estimate-num-keys", "estimate-live-data-size", "total-sst-files-size",
            "cur-size-all-mem-tables", "block-cache-usage", "block-cache-capacity");
    /** Properties of the block cache, which every task's instance of a store shares: counted once, not summed. */
    private static final Set<String> CACHE_PROPERTIES = Set.of("block-cache-usage", "block-cache-capacity");

    static StateFigures of(KafkaStreams streams, Path stateDir) {
        Map<String, Map<String, Long>> stores = new TreeMap<>();
        for (Map.Entry<MetricName, ? extends Metric> metric : streams.metrics().entrySet()) {
            MetricName name = metric.getKey();
            String store = name.tags().get("rocksdb-state-id");
            if (!"stream-state-metrics".equals(name.group()) || store == null || !PROPERTIES.contains(name.name())) {
                continue;
            }
            if (metric.getValue().metricValue() instanceof Number value) {
                stores.computeIfAbsent(store, s -> new TreeMap<>()).merge(name.name(), value.longValue(),
                        CACHE_PROPERTIES.contains(name.name()) ? Math::max : Long::sum);
            }
        }
        return new StateFigures(stores, directorySize(stateDir), heapAfterGc(), 0);
    }

    StateFigures afterClose(Path stateDir) {
        return new StateFigures(rocksdb, stateDirBytes, heapAfterGcBytes, directorySize(stateDir));
    }

    long total(String property) {
        return rocksdb.values().stream().mapToLong(p -> p.getOrDefault(property, 0L)).sum();
    }

    /** A block-cache property of the largest cache among the stores: under the bound, the one cache they all share. */
    long sharedCache(String property) {
        return rocksdb.values().stream().mapToLong(p -> p.getOrDefault(property, 0L)).max().orElse(0);
    }

    static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static long directorySize(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> {
                try {
                    return Files.size(file);
                } catch (IOException e) {
                    return 0; // a file RocksDB removed meanwhile
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
