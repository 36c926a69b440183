package io.accountshield.streams.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.accountshield.streams.app.StartupException;
import io.accountshield.streams.app.TopicCheck;
import io.accountshield.streams.app.TopicLayout;
import io.accountshield.streams.config.AppConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The usual mistakes stop the application before it starts, with a message that says what to fix. */
class StartupChecksIT {

    private static EmbeddedKafka kafka;
    private static Admin admin;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = EmbeddedKafka.start(1);
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        admin = Admin.create(properties);
    }

    @AfterAll
    static void stopKafka() {
        admin.close();
        kafka.close();
    }

    private static AppConfig config(String prefix) {
        return AppConfig.of(Map.ofEntries(
                Map.entry("topic.friend-added", prefix + "-friend-added"), Map.entry("topic.chatroom-created", prefix + "-chatroom-created"),
                Map.entry("topic.device-registered", prefix + "-device-registered"), Map.entry("topic.spam-reported", prefix + "-spam-reported"),
                Map.entry("topic.protection-applied", prefix + "-applied"), Map.entry("topic.protection-released", prefix + "-released"),
                Map.entry("topic.protection-status", prefix + "-status"), Map.entry("topic.dead-letter", prefix + "-dead-letter"),
                Map.entry("topic.account-watches", prefix + "-watches"), Map.entry("topic.shadow-protections", prefix + "-shadow"),
                Map.entry("topic.allowlist", prefix + "-allowlist"), Map.entry("topic.operator-commands", prefix + "-commands"),
                Map.entry("topic.operator-audit", prefix + "-audit"), Map.entry("topic.protection-rules", prefix + "-rules"),
                Map.entry("topic.rule-changes", prefix + "-rule-changes"), Map.entry("topic.partitions", "4")));
    }

    private TopicCheck check() {
        return new TopicCheck(admin, kafka.bootstrapServers(), Duration.ofSeconds(15));
    }

    @Test
    void shouldNameTheMissingTopicsAndTheFlagThatCreatesThem() {
        TopicLayout layout = TopicLayout.of(config("missing"));

        assertThatThrownBy(() -> check().verify(layout))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("missing-friend-added").hasMessageContaining("missing-status")
                .hasMessageContaining("start with --create-topics")
                .hasMessageContaining("this principal may not Describe them");
    }

    @Test
    void shouldCreateTheTopicsWithTheirPartitionsAndCompactTheStatusAndAllowlistTopics() throws Exception {
        TopicLayout layout = TopicLayout.of(config("created"));

        List<String> created = check().createMissing(layout);
        check().verify(layout);

        assertThat(created).hasSize(15);
        // The rules topic: compacted, and one partition whatever topic.partitions says, so that every instance reads one order.
        assertThat(admin.describeTopics(List.of("created-rules")).allTopicNames().get(10, TimeUnit.SECONDS)
                .get("created-rules").partitions()).hasSize(1);
        ConfigResource rules = new ConfigResource(ConfigResource.Type.TOPIC, "created-rules");
        assertThat(admin.describeConfigs(List.of(rules)).all().get(10, TimeUnit.SECONDS).get(rules)
                .get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
        ConfigResource allowlist = new ConfigResource(ConfigResource.Type.TOPIC, "created-allowlist");
        assertThat(admin.describeConfigs(List.of(allowlist)).all().get(10, TimeUnit.SECONDS).get(allowlist)
                .get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
        assertThat(admin.describeTopics(List.of("created-spam-reported")).allTopicNames().get(10, TimeUnit.SECONDS)
                .get("created-spam-reported").partitions()).hasSize(4);
        ConfigResource status = new ConfigResource(ConfigResource.Type.TOPIC, "created-status");
        assertThat(admin.describeConfigs(List.of(status)).all().get(10, TimeUnit.SECONDS).get(status)
                .get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
        assertThat(check().createMissing(layout)).as("a second start creates nothing").isEmpty();
    }

    @Test
    void shouldRefuseInputTopicsWithDifferentPartitionCounts() throws Exception {
        TopicLayout layout = TopicLayout.of(config("uneven"));
        admin.createTopics(List.of(new NewTopic("uneven-friend-added", 2, (short) 1))).all().get(10, TimeUnit.SECONDS);
        check().createMissing(layout);

        assertThatThrownBy(() -> check().verify(layout))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("the input topics must all have the same number of partitions")
                .hasMessageContaining("uneven-friend-added=2").hasMessageContaining("uneven-spam-reported=4");
    }

    @Test
    void shouldRefuseAStatusTopicThatIsNotCompacted() throws Exception {
        TopicLayout layout = TopicLayout.of(config("deleting"));
        admin.createTopics(List.of(new NewTopic("deleting-status", 4, (short) 1)
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE)))).all().get(10, TimeUnit.SECONDS);
        check().createMissing(layout);

        assertThatThrownBy(() -> check().verify(layout))
                .isInstanceOf(StartupException.class)
                .hasMessage("topic deleting-status has cleanup.policy=delete; it must be compact, because it is read as a table "
                        + "(the status by downstream services, the allowlist and the rules by this application)");
    }

    @Test
    void shouldSayWhenNoBrokerAnswers() throws Exception {
        int freePort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            freePort = socket.getLocalPort();
        }
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + freePort);
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2_000);
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000);
        try (Admin nowhere = Admin.create(properties)) {
            TopicCheck unreachable = new TopicCheck(nowhere, "127.0.0.1:" + freePort, Duration.ofSeconds(2));

            assertThatThrownBy(() -> unreachable.verify(TopicLayout.of(config("nowhere"))))
                    .isInstanceOf(StartupException.class)
                    .hasMessage("cannot reach Kafka at 127.0.0.1:" + freePort
                            + " within 2 s; check bootstrap.servers (or KAFKA_BOOTSTRAP_SERVERS) and that the broker is running");
        }
    }
}
