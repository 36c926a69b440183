package io.accountshield.sim.demo;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** How many input records the streams application has yet to commit, summed over its input partitions. */
final class ConsumerLag implements AutoCloseable {

    private final Admin admin;
    private final String groupId;
    private final List<String> inputs;

    ConsumerLag(Properties clientProperties, String groupId, List<String> inputs) {
        this.admin = Admin.create(clientProperties);
        this.groupId = groupId;
        this.inputs = inputs;
    }

    long total() {
        try {
            Map<String, TopicDescription> topics = admin.describeTopics(inputs).allTopicNames().get(5, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            topics.values().forEach(t -> t.partitions().forEach(p -> latest.put(new TopicPartition(t.name(), p.partition()), OffsetSpec.latest())));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get(5, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata()
                    .get(5, TimeUnit.SECONDS);
            long lag = 0;
            for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end : ends.entrySet()) {
                OffsetAndMetadata done = committed.get(end.getKey());
                lag += Math.max(0, end.getValue().offset() - (done == null ? 0 : done.offset()));
            }
            return lag;
        } catch (Exception e) {
            return -1;
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
