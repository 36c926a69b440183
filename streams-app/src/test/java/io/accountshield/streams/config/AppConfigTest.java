package io.accountshield.streams.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.accountshield.streams.rules.RuleCatalog;
import io.accountshield.streams.rules.RuleCounter;
import io.accountshield.streams.rules.RuleParameters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppConfigTest {

    @TempDir
    Path dir;

    @Test
    void shouldGiveKafkaStreamsOwnTopicsTheMinInsyncReplicasOfTheirReplicationFactor() {
        StreamsConfig threeReplicas = new StreamsConfig(AppConfig.of(Map.of(StreamsConfig.REPLICATION_FACTOR_CONFIG, "3")).streamsProperties());
        assertThat(threeReplicas.originalsWithPrefix(StreamsConfig.TOPIC_PREFIX)).containsEntry("min.insync.replicas", "2");

        StreamsConfig brokerDefault = new StreamsConfig(AppConfig.of(Map.of(StreamsConfig.REPLICATION_FACTOR_CONFIG, "-1")).streamsProperties());
        assertThat(brokerDefault.originalsWithPrefix(StreamsConfig.TOPIC_PREFIX)).as("the broker's own setting applies").isEmpty();
        assertThat(new StreamsConfig(AppConfig.of(Map.of()).streamsProperties()).originalsWithPrefix(StreamsConfig.TOPIC_PREFIX)).isEmpty();

        assertThatThrownBy(() -> AppConfig.of(Map.of("topic.min.insync.replicas", "3")))
                .as("follows the replication factor; the topic. prefix is this application's").isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> AppConfig.of(Map.of(StreamsConfig.REPLICATION_FACTOR_CONFIG, "three")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("whole number");
    }

    @Test
    void shouldUseTheDocumentedDefaults() {
        AppConfig config = AppConfig.defaults();

        assertThat(config.rule(RuleCatalog.FRIEND_ADD_BURST))
                .isEqualTo(new RuleParameters(RuleCatalog.FRIEND_ADD_BURST, 4, true, 100, Duration.ofMinutes(5), RuleCounter.SUSPICIOUS_FRIEND_ADDS));
        assertThat(config.time().quietPeriod()).isEqualTo(Duration.ofHours(24));
        assertThat(config.topics().protectionStatus()).isEqualTo("account-protection-status");
        assertThat(config.streamsProperties())
                .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2)
                .containsEntry(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "account-events-dead-letter");
    }

    @Test
    void shouldCommitEveryFiftyMillisecondsUnlessToldOtherwise() {
        assertThat(new StreamsConfig(AppConfig.defaults().streamsProperties()).getLong(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo(50L);
        assertThat(new StreamsConfig(AppConfig.of(Map.of(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100")).streamsProperties())
                .getLong(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo(100L);
    }

    @Test
    void shouldLetTheFileOverrideDefaultsAndTheEnvironmentOverrideTheFile() throws Exception {
        Path file = Files.writeString(dir.resolve("shield.properties"), String.join("\n",
                "rule.friend-add-burst.threshold=150",
                "protection.quiet-period=PT30H",
                "bootstrap.servers=file:9092",
                "security.protocol=SASL_SSL"));
        Map<String, String> environment = Map.of(
                "APP_RULE_FRIEND_ADD_BURST_THRESHOLD", "175",
                "KAFKA_BOOTSTRAP_SERVERS", "env:9092",
                "HOME", "/root");

        AppConfig config = AppConfig.load(file, environment, Map.of());

        assertThat(config.rule(RuleCatalog.FRIEND_ADD_BURST).threshold()).isEqualTo(175);
        assertThat(config.time().quietPeriod()).isEqualTo(Duration.ofHours(30));
        assertThat(config.streamsProperties())
                .containsEntry("bootstrap.servers", "env:9092")
                .containsEntry("security.protocol", "SASL_SSL")
                .doesNotContainKey("home");
    }

    @Test
    void shouldPrefixEveryTopicAndKeepTheOtherSettings() {
        AppConfig config = AppConfig.of(Map.of("topic.dead-letter", "dlq", "rule.friend-add-burst.threshold", "150", "topic.partitions", "3"))
                .withTopicPrefix("run-7-");

        assertThat(config.topics().inputs()).isNotEmpty().allMatch(topic -> topic.startsWith("run-7-"));
        assertThat(config.topics().outputs()).isNotEmpty().allMatch(topic -> topic.startsWith("run-7-"));
        assertThat(config.topics().operatorCommands()).isEqualTo("run-7-operator-commands");
        assertThat(config.topics().allowlist()).isEqualTo("run-7-account-allowlist");
        assertThat(config.streamsProperties()).containsEntry(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "run-7-dlq");
        assertThat(config.rule(RuleCatalog.FRIEND_ADD_BURST).threshold()).isEqualTo(150);
        assertThat(config.topicPartitions()).isEqualTo(3);
    }

    @Test
    void shouldMapEnvironmentVariablesToSettingsAsAPureFunction() {
        Map<String, String> settings = ConfigSources.fromEnvironment(Map.of(
                "KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.plain.PlainLoginModule required;",
                "APP_TIME_RELEASE_CHECK_INTERVAL", "PT30S",
                "PATH", "/usr/bin"), AppConfig.appSettingNames());

        assertThat(settings).containsOnly(
                Map.entry("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required;"),
                Map.entry("time.release-check-interval", "PT30S"));
    }

    @Test
    void shouldRejectAnAppEnvironmentVariableThatNamesNoSetting() {
        assertThatThrownBy(() -> ConfigSources.fromEnvironment(Map.of("APP_RULE_FRIEND_ADD_BRUST_THRESHOLD", "5"), AppConfig.appSettingNames()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("APP_RULE_FRIEND_ADD_BRUST_THRESHOLD names no setting");
    }

    @Test
    void shouldRejectAMisspelledApplicationSetting() {
        assertThatThrownBy(() -> AppConfig.of(Map.of("rule.friend-add-brust.threshold", "5")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown setting rule.friend-add-brust.threshold");
    }

    @Test
    void shouldRejectANonNumericThresholdNamingIt() {
        assertThatThrownBy(() -> AppConfig.of(Map.of("rule.chatroom-burst.threshold", "ten")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("rule.chatroom-burst.threshold");
    }

    @Test
    void shouldRejectAZeroThreshold() {
        assertThatThrownBy(() -> AppConfig.of(Map.of("rule.chatroom-burst.threshold", "0")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("rule.chatroom-burst.threshold").hasMessageContaining("at least 1");
    }

    @Test
    void shouldRejectANegativeOrMalformedDuration() {
        assertThatThrownBy(() -> AppConfig.of(Map.of("time.grace", "-PT1M")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("time.grace").hasMessageContaining("positive");
        assertThatThrownBy(() -> AppConfig.of(Map.of("time.grace", "1 minute")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("ISO-8601");
    }

    @Test
    void shouldRejectABurstWindowThatIsNotWholeBuckets() {
        assertThatThrownBy(() -> AppConfig.of(Map.of("rule.friend-add-burst.window", "PT5M5S")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("rule.friend-add-burst.window")
                .hasMessageContaining("whole multiple of time.burst-bucket (PT10S)");
    }

    @Test
    void shouldRejectAQuietPeriodShorterThanARuleWindow() {
        assertThatThrownBy(() -> AppConfig.of(Map.of("protection.quiet-period", "PT2M")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("protection.quiet-period")
                .hasMessageContaining("rule.friend-add-burst.window is PT5M");
    }

    @Test
    void shouldAcceptAShortQuietPeriodWhenTheLongerRulesAreOff() {
        AppConfig config = AppConfig.of(Map.of(
                "protection.quiet-period", "PT10M",
                "rule.sustained-friend-adds.enabled", "false",
                "rule.stranger-adds.enabled", "false",
                "rule.stranger-add-streak.enabled", "false",
                "rule.chatroom-strangers.enabled", "false",
                "rule.spam-reports.enabled", "false"));

        assertThat(config.time().quietPeriod()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void shouldKeepTheDeadLetterQueueOnTheConfiguredTopic() {
        AppConfig config = AppConfig.of(Map.of("topic.dead-letter", "staging-dead-letter"));

        assertThat(config.streamsProperties())
                .containsEntry(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "staging-dead-letter");
    }

    @Test
    void shouldReadTheSameSettingsAfterOverrides() {
        AppConfig config = AppConfig.of(Map.of("rule.spam-reports.threshold", "5")).withOverrides(Map.of("time.grace", "PT2M"));

        assertThat(config.rule(RuleCatalog.SPAM_REPORTS).threshold()).isEqualTo(5);
        assertThat(config.time().grace()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void shouldRejectAnUnknownRuleModeNamingTheSetting() {
        assertThatThrownBy(() -> AppConfig.of(Map.of("rule.stranger-adds.mode", "loud")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("rule.stranger-adds.mode")
                .hasMessageContaining("loud");
    }

    @Test
    void shouldRejectAnEscalationStepShorterThanTheQuietPeriod() {
        assertThatThrownBy(() -> AppConfig.of(Map.of("protection.repeat-quiet-periods", "P3D,PT1H")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("protection.repeat-quiet-periods")
                .hasMessageContaining("at least protection.quiet-period");
    }

    @Test
    void shouldClimbTheEscalationLadderAndStayOnItsTopStep() {
        AppConfig config = AppConfig.of(Map.of("protection.repeat-quiet-periods", "P2D, P5D"));

        assertThat(config.time().quietPeriodOf(1)).isEqualTo(Duration.ofDays(1));
        assertThat(config.time().quietPeriodOf(2)).isEqualTo(Duration.ofDays(2));
        assertThat(config.time().quietPeriodOf(3)).isEqualTo(Duration.ofDays(5));
        assertThat(config.time().quietPeriodOf(9)).isEqualTo(Duration.ofDays(5));
        assertThat(config.time().longestQuietPeriod()).isEqualTo(Duration.ofDays(5));
        assertThat(AppConfig.of(Map.of("protection.repeat-quiet-periods", "")).time().quietPeriodOf(4)).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void shouldRejectALadderThatStepsDown() {
        assertThatThrownBy(() -> AppConfig.of(Map.of("protection.repeat-quiet-periods", "P7D,P3D")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("protection.repeat-quiet-periods")
                .hasMessageContaining("at least the step before it");
    }

    @Test
    void shouldRejectAListShareAboveTheMigrationShare() {
        assertThatThrownBy(() -> AppConfig.of(Map.of("rule.contact-sync.list-max-mutual-share", "0.6")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("rule.contact-sync.list-max-mutual-share")
                .hasMessageContaining("at most rule.contact-sync.max-mutual-share");
    }

    @Test
    void shouldMakeAnInstanceWithAnIdAStaticMemberThatOutlastsARestartAndStaysInTheGroupOnClose() {
        AppConfig config = AppConfig.load(null, Map.of("APP_INSTANCE_ID", "streams-app-1",
                "KAFKA_APPLICATION_SERVER", "streams-app-1.streams-app-headless.account-shield.svc:8080"), Map.of());

        assertThat(config.instanceId()).contains("streams-app-1");
        assertThat(config.streamsProperties())
                .containsEntry("main.consumer.group.instance.id", "streams-app-1")
                .containsEntry("session.timeout.ms", "180000")
                .containsEntry(StreamsConfig.APPLICATION_SERVER_CONFIG, "streams-app-1.streams-app-headless.account-shield.svc:8080")
                .containsEntry(StreamsConfig.GROUP_PROTOCOL_CONFIG, "classic")
                .doesNotContainKey("group.instance.id");
        assertThat(config.membershipOnClose()).isEqualTo(CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP);
    }

    @Test
    void shouldLeaveTheGroupOnCloseWithoutAnInstanceIdSoTheOthersTakeOverAtOnce() {
        AppConfig config = AppConfig.defaults();

        assertThat(config.instanceId()).isEmpty();
        assertThat(config.streamsProperties()).doesNotContainKeys("main.consumer.group.instance.id", "session.timeout.ms");
        assertThat(config.membershipOnClose()).isEqualTo(CloseOptions.GroupMembershipOperation.LEAVE_GROUP);
    }

    @Test
    void shouldLeaveTheGroupOnCloseWhenAStaticMemberIsToldItIsNotComingBack() {
        AppConfig config = AppConfig.of(Map.of("instance.id", "streams-app-2", "instance.leave-group-on-close", "true"));

        assertThat(config.membershipOnClose()).isEqualTo(CloseOptions.GroupMembershipOperation.LEAVE_GROUP);
    }

    @Test
    void shouldKeepASessionTimeoutConfiguredUnderAnyConsumerPrefix() {
        for (String key : List.of("session.timeout.ms", "consumer.session.timeout.ms", "main.consumer.session.timeout.ms")) {
            AppConfig config = AppConfig.of(Map.of("instance.id", "streams-app-0", key, "300000"));

            assertThat(config.streamsProperties()).as(key).containsEntry(key, "300000")
                    .hasSize(AppConfig.of(Map.of("instance.id", "streams-app-0")).streamsProperties().size());
        }
    }

    @Test
    void shouldRefuseAGroupInstanceIdSetAsAKafkaSetting() {
        for (String key : List.of("group.instance.id", "consumer.group.instance.id", "main.consumer.group.instance.id")) {
            assertThatThrownBy(() -> AppConfig.of(Map.of(key, "streams-app-0")))
                    .as(key)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("set instance.id (APP_INSTANCE_ID) instead");
        }
    }
}
