package io.accountshield.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.accountshield.streams.config.AppConfig;
import java.util.Map;
import org.apache.kafka.streams.Topology;
import org.junit.jupiter.api.Test;

/** Store, processor and topic names are part of the operating contract: changelogs and dashboards depend on them. */
class TopologyNamingTest {

    private final String description = ProtectionTopology.build(AppConfig.defaults()).describe().toString();

    @Test
    void shouldNameEveryNodeAndStoreExplicitly() {
        assertThat(description).doesNotContain("KSTREAM-").doesNotContain("KTABLE-").doesNotContain("STATE-STORE-");
        assertThat(description)
                .contains(ProtectionTopology.READ_EVENTS, ProtectionTopology.EVALUATE,
                        ProtectionTopology.ACTIVITY_STORE, ProtectionTopology.TIMER_STORE,
                        ProtectionTopology.WRITE_APPLIED, ProtectionTopology.WRITE_RELEASED, ProtectionTopology.WRITE_STATUS);
    }

    @Test
    void shouldReadAndWriteTheConfiguredTopics() {
        Topology renamed = ProtectionTopology.build(AppConfig.of(Map.of(
                "topic.friend-added", "staging-friend-added",
                "topic.protection-applied", "staging-protection-applied")));

        assertThat(renamed.describe().toString())
                .contains("staging-friend-added", "staging-protection-applied")
                .doesNotContain("topics: [account-friend-added")
                .doesNotContain("topic: protection-applied)");
    }

    @Test
    void shouldHaveNoRepartitionTopic() {
        assertThat(description).doesNotContain("repartition");
    }

    /** The processor's tasks are 1_0, 1_1, ... whatever global stores are added: their state directories are named so. */
    @Test
    void shouldRunAsOneSubtopologyBesidesTheGlobalAllowlistAndRules() {
        assertThat(description).contains("Sub-topology: 0 for global store").contains("Sub-topology: 1\n")
                .contains("Sub-topology: 2 for global store").doesNotContain("Sub-topology: 3");
        assertThat(description.substring(description.indexOf("Sub-topology: 1\n"), description.indexOf("Sub-topology: 2")))
                .contains(ProtectionTopology.EVALUATE);
    }
}
