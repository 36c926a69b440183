package io.accountshield.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;

/**
 * What the pipeline wrote to its changelogs over the backlog, and how long a new instance with an
 * empty state directory took to restore all of it (the state an instance loses with its disk).
 *
 * @param bytes          the changelog topics' size on the broker (one replica), before compaction cleaned them
 * @param offsets        their end offsets summed: records, and the transaction markers exactly-once writes
 * @param restoredRecords records the new instance restored
 * @param restoreNanos   from the new instance's start to the end of its last restore (joining the group included)
 * @param restoringNanos from the first restore's start to the last one's end
 */
record ChangelogFigures(long bytes, long offsets, long restoredRecords, long restoreNanos, long restoringNanos) {

    /** The size and end offsets of every changelog topic of the application. */
    static long[] measure(Properties clients, String applicationId) throws ExecutionException, InterruptedException {
        try (Admin admin = Admin.create(clients)) {
            List<String> changelogs = admin.listTopics().names().get().stream()
                    .filter(topic -> topic.startsWith(applicationId + "-") && topic.endsWith("-changelog")).toList();
            List<TopicPartition> partitions = new ArrayList<>();
            admin.describeTopics(changelogs).allTopicNames().get().forEach((topic, description) ->
                    description.partitions().forEach(partition -> partitions.add(new TopicPartition(topic, partition.partition()))));
            long offsets = 0;
            for (var end : admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()))).all().get().values()) {
                offsets += end.offset();
            }
            List<Integer> brokers = admin.describeCluster().nodes().get().stream().map(Node::id).toList();
            long bytes = 0;
            for (Map<String, LogDirDescription> dirs : admin.describeLogDirs(brokers).allDescriptions().get().values()) {
                for (LogDirDescription dir : dirs.values()) {
                    for (Map.Entry<TopicPartition, ReplicaInfo> replica : dir.replicaInfos().entrySet()) {
                        if (changelogs.contains(replica.getKey().topic())) {
                            bytes += replica.getValue().size();
                        }
                    }
                }
            }
            return new long[] {bytes, offsets};
        }
    }

    double restoredRecordsPerSecond() {
        return restoredRecords / (restoringNanos / 1e9);
    }

    double restoredBytesPerSecond() {
        return bytes / (restoringNanos / 1e9);
    }
}
