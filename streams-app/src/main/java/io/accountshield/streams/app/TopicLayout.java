package io.accountshield.streams.app;

import io.accountshield.streams.config.AppConfig;
import io.accountshield.streams.config.TopicNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The topics the application reads and writes, with the partitions, cleanup policy and
 * {@code min.insync.replicas} the README's topics table states. Changelog topics are Kafka Streams'
 * own and are not listed.
 */
public final class TopicLayout {

    /**
     * One topic: name, whether it must be compacted, and the partitions it must have (0: the
     * configured count).
     */
    public record TopicSpec(String name, boolean input, boolean compacted, int requiredPartitions) {
        TopicSpec(String name, boolean input, boolean compacted) {
            this(name, input, compacted, 0);
        }
    }

    private final List<TopicSpec> topics;
    private final int partitions;
    private final short replicationFactor;

    private TopicLayout(List<TopicSpec> topics, int partitions, short replicationFactor) {
        this.topics = topics;
        this.partitions = partitions;
        this.replicationFactor = replicationFactor;
    }

    public static TopicLayout of(AppConfig config) {
        TopicNames names = config.topics();
        Map<String, TopicSpec> topics = new LinkedHashMap<>();
        for (String input : names.processorInputs()) {
            topics.put(input, new TopicSpec(input, true, false));
        }
        topics.putIfAbsent(names.protectionApplied(), new TopicSpec(names.protectionApplied(), false, false));
        topics.putIfAbsent(names.protectionReleased(), new TopicSpec(names.protectionReleased(), false, false));
        topics.putIfAbsent(names.protectionStatus(), new TopicSpec(names.protectionStatus(), false, true));
        topics.putIfAbsent(names.accountWatches(), new TopicSpec(names.accountWatches(), false, false));
        topics.putIfAbsent(names.shadowProtections(), new TopicSpec(names.shadowProtections(), false, false));
        topics.putIfAbsent(names.allowlist(), new TopicSpec(names.allowlist(), false, true));
        topics.putIfAbsent(names.deadLetter(), new TopicSpec(names.deadLetter(), false, false));
        topics.putIfAbsent(names.operatorAudit(), new TopicSpec(names.operatorAudit(), false, false));
        // One partition: the definitions of a rule are checked in the order they were written, the same on every instance.
        topics.putIfAbsent(names.protectionRules(), new TopicSpec(names.protectionRules(), false, true, 1));
        topics.putIfAbsent(names.ruleChanges(), new TopicSpec(names.ruleChanges(), false, false));
        return new TopicLayout(List.copyOf(topics.values()), config.topicPartitions(), config.topicReplicationFactor());
    }

    public List<TopicSpec> topics() {
        return topics;
    }

    public List<NewTopic> newTopics() {
        List<NewTopic> created = new ArrayList<>();
        for (TopicSpec topic : topics) {
            NewTopic newTopic = new NewTopic(topic.name(), Optional.of(topic.requiredPartitions() > 0 ? topic.requiredPartitions() : partitions),
                    replicationFactor < 0 ? Optional.empty() : Optional.of(replicationFactor));
            Map<String, String> configs = new LinkedHashMap<>();
            configs.put(TopicConfig.CLEANUP_POLICY_CONFIG,
                    topic.compacted() ? TopicConfig.CLEANUP_POLICY_COMPACT : TopicConfig.CLEANUP_POLICY_DELETE);
            AppConfig.minInsyncReplicas(replicationFactor).ifPresent(min -> configs.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, String.valueOf(min)));
            newTopic.configs(configs);
            created.add(newTopic);
        }
        return created;
    }
}
