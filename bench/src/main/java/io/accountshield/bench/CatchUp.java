package io.accountshield.bench;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * "Consumed the backlog": the committed offsets of an application's group reach the log end offsets
 * of the input partitions. Under exactly-once the offsets are committed with the transaction, so
 * this is the moment everything the application wrote for the backlog is readable too.
 */
final class CatchUp implements AutoCloseable {

    private static final long POLL_MILLIS = 50;

    private final Admin admin;

    CatchUp(Properties clients) {
        this.admin = Admin.create(clients);
    }

    /** The log end offsets of the topics' partitions, now. */
    Map<TopicPartition, Long> endOffsets(Collection<String> topics) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(topics).allTopicNames().get(15, TimeUnit.SECONDS).values()
                .forEach(t -> t.partitions().forEach(p -> latest.put(new TopicPartition(t.name(), p.partition()), OffsetSpec.latest())));
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(latest).all().get(15, TimeUnit.SECONDS).forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }

    /**
     * Waits until the group has committed every partition to its end.
     *
     * @param broken what is wrong with the application, or null while it runs
     * @return the records consumed: the committed offsets summed over the input partitions
     */
    long await(String groupId, Map<TopicPartition, Long> ends, Duration timeout, Supplier<String> broken) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Map<TopicPartition, OffsetAndMetadata> committed;
            try {
                committed = admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                committed = Map.of();
            }
            long consumed = 0;
            boolean done = true;
            for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
                OffsetAndMetadata offset = committed.get(end.getKey());
                long at = offset == null ? 0 : offset.offset();
                consumed += Math.min(at, end.getValue());
                done &= at >= end.getValue();
            }
            if (done) {
                return consumed;
            }
            String problem = broken.get();
            if (problem != null) {
                throw new IllegalStateException(groupId + ": " + problem + " after consuming " + consumed + " records");
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(groupId + ": not caught up within " + timeout + " (" + consumed + " records consumed)");
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
