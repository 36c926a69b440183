package io.accountshield.streams.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.accountshield.streams.config.AppConfig;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

/** What --create-topics asks the broker for: partitions, replication, cleanup policy and min.insync.replicas. */
class TopicLayoutTest {

    @Test
    void shouldRequireTwoInSyncReplicasOfThreeOnEveryCreatedTopic() {
        List<NewTopic> topics = layoutWith(3).newTopics();

        assertThat(topics).isNotEmpty().allSatisfy(topic -> {
            assertThat(topic.replicationFactor()).isEqualTo((short) 3);
            assertThat(topic.configs()).containsEntry(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2");
        });
    }

    @Test
    void shouldLeaveMinInsyncReplicasToTheBrokerWhenTheReplicationFactorIsTheBrokers() {
        List<NewTopic> topics = layoutWith(-1).newTopics();

        assertThat(topics).isNotEmpty().allSatisfy(topic ->
                assertThat(topic.configs()).doesNotContainKey(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG));
    }

    @Test
    void shouldKeepOneReplicaOfSlackAndAMajorityForEveryReplicationFactor() {
        assertThat(AppConfig.minInsyncReplicas((short) 1)).as("a single replica cannot leave one out").hasValue(1);
        assertThat(AppConfig.minInsyncReplicas((short) 2)).as("2 of 2 would stop writes at every broker restart").hasValue(1);
        assertThat(AppConfig.minInsyncReplicas((short) 3)).hasValue(2);
        assertThat(AppConfig.minInsyncReplicas((short) 4)).hasValue(3);
        assertThat(AppConfig.minInsyncReplicas((short) 5)).as("a majority, not all but one").hasValue(3);
        assertThat(AppConfig.minInsyncReplicas((short) -1)).isEqualTo(OptionalInt.empty());
    }

    @Test
    void shouldStillCompactOnlyTheTopicsReadAsTables() {
        AppConfig config = AppConfig.defaults();

        Map<String, String> policies = new TreeMap<>();
        layoutWith(3).newTopics().forEach(t -> policies.put(t.name(), t.configs().get(TopicConfig.CLEANUP_POLICY_CONFIG)));

        assertThat(policies).containsEntry(config.topics().protectionStatus(), TopicConfig.CLEANUP_POLICY_COMPACT)
                .containsEntry(config.topics().allowlist(), TopicConfig.CLEANUP_POLICY_COMPACT)
                .containsEntry(config.topics().protectionApplied(), TopicConfig.CLEANUP_POLICY_DELETE);
    }

    private static TopicLayout layoutWith(int replicationFactor) {
        return TopicLayout.of(AppConfig.defaults().withOverrides(Map.of(AppConfig.TOPIC_REPLICATION_FACTOR, String.valueOf(replicationFactor))));
    }
}
