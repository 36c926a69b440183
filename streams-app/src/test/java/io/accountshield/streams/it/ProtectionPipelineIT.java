package io.accountshield.streams.it;

import static io.accountshield.streams.it.LivePipeline.friendAdds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.accountshield.schema.allowlist.AllowlistEntry;
import io.accountshield.schema.decisions.ProtectionApplied;
import io.accountshield.schema.decisions.ProtectionReleased;
import io.accountshield.schema.decisions.ProtectionState;
import io.accountshield.schema.decisions.ReleaseKind;
import io.accountshield.schema.rules.RuleChange;
import io.accountshield.streams.app.ProtectionService;
import io.accountshield.streams.rules.RuleCatalog;
import io.accountshield.streams.rules.RuleCounter;
import io.accountshield.streams.rules.RuleParameters;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The protection pipeline on a real (in-process) KRaft broker, as production runs it: exactly-once, RocksDB. */
class ProtectionPipelineIT {

    @RegisterExtension
    static final EmbeddedKafka.PerTestClass KAFKA = new EmbeddedKafka.PerTestClass(1);

    @TempDir
    Path dir;

    @Test
    void shouldNeverProtectAnAccountOnTheAllowlistTopic() throws Exception {
        try (LivePipeline pipeline = new LivePipeline(KAFKA.cluster(), "allowlist", dir, Map.of())) {
            pipeline.stopInstance(pipeline.startInstance(dir.resolve("creates-the-topics")));
            Instant now = Instant.now();
            // Listed while no instance runs: the next one bootstraps its global store from the compacted topic before it runs.
            pipeline.produce(List.of(new AllowlistEntry("verified-shop", "verified business", "agent-7", now, null)));
            pipeline.startInstance(dir.resolve("instance"));

            pipeline.produce(friendAdds("verified-shop", 25, now, Duration.ofMillis(50)));
            pipeline.produce(friendAdds("spammer", 25, now, Duration.ofMillis(50)));

            await().atMost(Duration.ofSeconds(30)).until(() -> !pipeline.applied().isEmpty());
            pipeline.awaitAllConsumed();
            assertThat(pipeline.applied()).extracting(ProtectionApplied::getAccountId).containsExactly("spammer");
        }
    }

    @Test
    void shouldJudgeByARuleChangedOnTheTopicWithoutARestartAndKeepItAfterOne() throws Exception {
        try (LivePipeline pipeline = new LivePipeline(KAFKA.cluster(), "live-rules", dir, Map.of())) {
            ProtectionService first = pipeline.startInstance(dir.resolve("first"));
            // The configuration's rules seed the topic once the instance runs.
            await().atMost(Duration.ofSeconds(30)).until(() -> pipeline.ruleDefinitionsOnTopic().containsKey("friend-add-burst/v4/configuration"));
            assertThat(pipeline.ruleDefinitionsOnTopic().get("friend-add-burst/v4/configuration")).satisfies(seeded -> {
                assertThat(seeded.getThreshold()).isEqualTo(20);
                assertThat(seeded.getChangedBy()).isEqualTo("configuration");
            });
            Instant now = Instant.now();
            pipeline.produce(friendAdds("under-the-old-threshold", 12, now, Duration.ofMillis(50)));
            pipeline.awaitAllConsumed();

            // Version 5 lowers the threshold from 20 to 10, on the topic, while the instance runs
            Instant changed = Instant.now();
            pipeline.defineRule(new RuleParameters(RuleCatalog.FRIEND_ADD_BURST, 5, true, 10, Duration.ofSeconds(10),
                    RuleCounter.SUSPICIOUS_FRIEND_ADDS));
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
                pipeline.produce(friendAdds("after-the-change-" + System.nanoTime(), 12, Instant.now(), Duration.ofMillis(10)));
                return pipeline.applied().stream().anyMatch(applied -> applied.getRuleVersion() == 5);
            });
            Duration takenToApply = Duration.between(changed, Instant.now());
            assertThat(takenToApply).isLessThan(Duration.ofSeconds(10));
            assertThat(pipeline.applied()).extracting(ProtectionApplied::getAccountId).doesNotContain("under-the-old-threshold");

            // Records no one can read, on both global tables: skipped, never fatal, also when a restart reads them again
            pipeline.produceRaw(pipeline.config().topics().protectionRules(), "friend-add-burst/v6", new byte[] {1, 2, 3}, Instant.now());
            pipeline.produceRaw(pipeline.config().topics().allowlist(), "someone", new byte[] {(byte) 0xC3, 0x01, 9, 9}, Instant.now());
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                    .until(() -> first.streams().state() == org.apache.kafka.streams.KafkaStreams.State.RUNNING);
            // A definition written by hand that fails the checks: like the unreadable one, it goes on rule-changes with its reason
            pipeline.defineRule(new RuleParameters(RuleCatalog.FRIEND_ADD_BURST, 7, true, 0, Duration.ofSeconds(10),
                    RuleCounter.SUSPICIOUS_FRIEND_ADDS));
            await().atMost(Duration.ofSeconds(30)).until(() -> rejectedOnTopic(pipeline).size() == 2);

            // A restart reads the topic again: version 5 is in force from the first event
            pipeline.stopInstance(first);
            ProtectionService second = pipeline.startInstance(dir.resolve("second"));
            pipeline.produce(friendAdds("after-the-restart", 12, Instant.now(), Duration.ofMillis(10)));
            await().atMost(Duration.ofSeconds(30)).until(() -> pipeline.applied().stream()
                    .anyMatch(applied -> applied.getAccountId().equals("after-the-restart")));
            assertThat(pipeline.applied()).filteredOn(applied -> applied.getAccountId().equals("after-the-restart"))
                    .singleElement().satisfies(applied -> {
                        assertThat(applied.getRuleVersion()).isEqualTo(5);
                        assertThat(applied.getThreshold()).isEqualTo(10);
                    });
            assertThat(second.streams().state()).isEqualTo(org.apache.kafka.streams.KafkaStreams.State.RUNNING);
            // The restarted instance, with its state restored from the changelogs, rejected both again but audits neither again
            await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10)).until(() -> rejectedOnTopic(pipeline).size() == 2);
            assertThat(rejectedOnTopic(pipeline)).satisfiesExactly(
                    unreadable -> {
                        assertThat(unreadable.getRuleId()).isEqualTo(RuleCatalog.FRIEND_ADD_BURST);
                        assertThat(unreadable.getFromVersion()).isEqualTo(5);
                        assertThat(unreadable.getToVersion()).isEqualTo(6);
                        assertThat(unreadable.getOperator()).isEqualTo("unknown");
                        assertThat(unreadable.getDetail()).matches("definition friend-add-burst/v6 \\(partition \\d+, offset \\d+\\) "
                                + "rejected, the version in force stays: not a readable RuleDefinition.*");
                    },
                    thresholdZero -> {
                        assertThat(thresholdZero.getRuleId()).isEqualTo(RuleCatalog.FRIEND_ADD_BURST);
                        assertThat(thresholdZero.getFromVersion()).isEqualTo(5);
                        assertThat(thresholdZero.getToVersion()).isEqualTo(7);
                        assertThat(thresholdZero.getOperator()).isEqualTo("agent-7");
                        assertThat(thresholdZero.getReason()).isEqualTo("an integration test");
                        assertThat(thresholdZero.getDetail()).contains("the threshold must be at least 1, not 0");
                    });
        }
    }

    private static List<RuleChange> rejectedOnTopic(LivePipeline pipeline) {
        return pipeline.ruleChanges().stream().filter(change -> change.getResult().equals("rejected")).toList();
    }

    @Test
    void shouldProtectThenReleaseAfterTheQuietPeriodAndKeepTheStatusTopicCurrent() throws Exception {
        try (LivePipeline pipeline = new LivePipeline(KAFKA.cluster(), "protect", dir, Map.of())) {
            pipeline.startInstance(dir.resolve("instance"));
            Instant now = Instant.now();

            pipeline.produce(friendAdds("spammer", 25, now.minusSeconds(5), Duration.ofMillis(50)));
            pipeline.produce(friendAdds("ordinary", 3, now.minusSeconds(5), Duration.ofSeconds(1)));

            await().atMost(Duration.ofSeconds(30)).until(() -> !pipeline.applied().isEmpty());
            assertThat(pipeline.applied()).singleElement().satisfies(applied -> {
                assertThat(applied.getAccountId()).isEqualTo("spammer");
                assertThat(applied.getObservedCount()).isEqualTo(20);
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> pipeline.latestStatus("spammer") != null);
            assertThat(pipeline.latestStatus("spammer").getState()).isEqualTo(ProtectionState.PROTECTED);

            await().atMost(Duration.ofSeconds(60)).until(() -> !pipeline.released().isEmpty());
            assertThat(pipeline.released()).singleElement().satisfies(released -> {
                assertThat(released.getAccountId()).isEqualTo("spammer");
                assertThat(released.getKind()).isEqualTo(ReleaseKind.AUTO);
                assertThat(released.getProtectedForMillis()).isGreaterThanOrEqualTo(Duration.ofSeconds(20).toMillis());
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> pipeline.latestStatus("spammer").getState() == ProtectionState.RELEASED);
            assertThat(pipeline.latestStatus("ordinary")).isNull();
        }
    }

    @Test
    void shouldLoseNoProtectionAndEmitNoDecisionTwiceWhenRestartedMidBurst() throws Exception {
        try (LivePipeline pipeline = new LivePipeline(KAFKA.cluster(), "restart", dir, Map.of())) {
            ProtectionService first = pipeline.startInstance(dir.resolve("instance"));
            Instant start = Instant.now().minusSeconds(5);
            pipeline.produce(friendAdds("spammer", 12, start, Duration.ofMillis(100)));
            pipeline.awaitAllConsumed();

            pipeline.stopInstance(first);
            pipeline.startInstance(dir.resolve("instance"));
            pipeline.produce(friendAdds("spammer", 12, start.plusMillis(1200), Duration.ofMillis(100)));

            await().atMost(Duration.ofSeconds(30)).until(() -> !pipeline.applied().isEmpty());
            pipeline.awaitAllConsumed();
            assertThat(pipeline.applied()).as("the 12 adds before the restart still count, once").singleElement()
                    .satisfies(applied -> assertThat(applied.getObservedCount()).isEqualTo(20));
            await().atMost(Duration.ofSeconds(60)).until(() -> !pipeline.released().isEmpty());
            // A duplicate would come within a release check or two: hold the count for three seconds.
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                    .until(() -> pipeline.released().size() == 1 && pipeline.applied().size() == 1);
        }
    }

    @Test
    void shouldDecideTheSameWithTwoInstancesAsTheReplayDoes() throws Exception {
        List<SpecificRecord> events = scenario(Instant.now().minusSeconds(60));
        try (LivePipeline pipeline = new LivePipeline(KAFKA.cluster(), "two-instances", dir, Map.of())) {
            pipeline.startInstance(dir.resolve("one"));
            pipeline.startInstance(dir.resolve("two"));

            pipeline.produce(events);

            await().atMost(Duration.ofSeconds(60)).until(() -> pipeline.applied().size() >= 6);
            await().atMost(Duration.ofSeconds(60)).until(() -> pipeline.released().size() >= 6);
            pipeline.awaitAllConsumed();
            ReplayOracle.Replayed replayed = replay(pipeline, events);
            ReplayOracle.assertSameDecisions("protections", appliedKeys(pipeline.applied()), replayed.applied());
            ReplayOracle.assertSameDecisions("releases", releasedKeys(pipeline.released()), replayed.released());
        }
    }

    @Test
    void shouldDecideTheSameLiveAsTheReplayCommand() throws Exception {
        List<SpecificRecord> events = scenario(Instant.now().minusSeconds(60));
        List<SpecificRecord> delivered = withRedeliveries(events);
        try (LivePipeline pipeline = new LivePipeline(KAFKA.cluster(), "live-vs-replay", dir, Map.of())) {
            ProtectionService instance = pipeline.startInstance(dir.resolve("instance"));

            pipeline.produce(delivered);

            await().atMost(Duration.ofSeconds(60)).until(() -> pipeline.released().size() >= 6);
            pipeline.awaitAllConsumed();
            // Live with every fifth event delivered twice decides as the replay of each event once.
            ReplayOracle.Replayed replayed = replay(pipeline, events);
            // As an operator's Prometheus reads them, from /metrics.
            assertThat(metric(instance, "account_shield_events_total{source=\"id_search\",type=\"FriendAdded\"}")).isEqualTo(delivered.size());
            assertThat(metric(instance, "account_shield_redelivered_events_skipped_total")).isEqualTo(delivered.size() - events.size());
            assertThat(metric(instance, "account_shield_late_events_skipped_total")).isZero();
            assertThat(metric(instance, "account_shield_protections_applied_total{rule=\"friend-add-burst\"}")).isEqualTo(6);
            assertThat(metric(instance, "account_shield_protections_released_total{kind=\"auto\"}")).isEqualTo(pipeline.released().size());
            assertThat(metric(instance, "account_shield_protections_active_accounts")).isEqualTo(6 - pipeline.released().size());
            assertThat(replayed.applied()).hasSize(6);
            ReplayOracle.assertSameDecisions("protections", appliedKeys(pipeline.applied()), replayed.applied());
            ReplayOracle.assertSameDecisions("releases", releasedKeys(pipeline.released()), replayed.released());
        }
    }

    /** Six spammers (25 adds in 2.5 s) and twenty ordinary accounts (3 adds a few seconds apart), interleaved in time. */
    private static List<SpecificRecord> scenario(Instant start) {
        List<SpecificRecord> events = new ArrayList<>();
        for (int s = 0; s < 6; s++) {
            events.addAll(friendAdds("spammer-" + s, 25, start.plusSeconds(s * 3L), Duration.ofMillis(100)));
        }
        for (int o = 0; o < 20; o++) {
            events.addAll(friendAdds("ordinary-" + o, 3, start.plusMillis(o * 500L), Duration.ofSeconds(4)));
        }
        events.sort((a, b) -> io.accountshield.streams.processor.AccountEvents.occurredAt(a)
                .compareTo(io.accountshield.streams.processor.AccountEvents.occurredAt(b)));
        return events;
    }

    /** One series from the instance's /metrics, by its name and exact labels as Prometheus shows them. */
    private static double metric(ProtectionService instance, String series) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + instance.healthPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.body().lines().filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1).trim()))
                .findFirst().orElseThrow(() -> new AssertionError("no series " + series + " in /metrics"));
    }

    /** Every fifth event again, three events later (within the grace period), as a producer's retry delivers it. */
    private static List<SpecificRecord> withRedeliveries(List<SpecificRecord> events) {
        List<SpecificRecord> delivered = new ArrayList<>(events);
        for (int i = events.size() - 4; i >= 0; i -= 5) {
            delivered.add(i + 4, events.get(i));
        }
        return delivered;
    }

    private ReplayOracle.Replayed replay(LivePipeline pipeline, List<SpecificRecord> events) throws Exception {
        return ReplayOracle.replay(pipeline, events, dir);
    }

    private static Set<String> appliedKeys(List<ProtectionApplied> applied) {
        return ReplayOracle.appliedKeys(applied);
    }

    private static Set<String> releasedKeys(List<ProtectionReleased> released) {
        return ReplayOracle.releasedKeys(released);
    }
}
