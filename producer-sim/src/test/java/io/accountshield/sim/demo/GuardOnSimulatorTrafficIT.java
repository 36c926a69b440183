package io.accountshield.sim.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.accountshield.schema.decisions.ProtectionApplied;
import io.accountshield.schema.decisions.ShadowProtection;
import io.accountshield.schema.rules.RuleChange;
import io.accountshield.sim.output.KafkaEventSink;
import io.accountshield.sim.output.TimeMapping;
import io.accountshield.sim.scenario.Scenario;
import io.accountshield.sim.scenario.ScenarioLoader;
import io.accountshield.sim.traffic.DeliveryOrder;
import io.accountshield.sim.traffic.SimEvent;
import io.accountshield.sim.traffic.TrafficGenerator;
import io.accountshield.streams.api.OperatorTokens;
import io.accountshield.streams.api.Role;
import io.accountshield.streams.app.ProtectionService;
import io.accountshield.streams.app.TopicLayout;
import io.accountshield.streams.config.AppConfig;
import io.accountshield.streams.it.CommittedTopics;
import io.accountshield.streams.metrics.ProtectionMetrics;
import io.accountshield.streams.rules.RuleCatalog;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guard on the simulator's traffic: the live application with its production settings (six
 * partitions, the guard's ten-minute window, every rule at its default), {@code guard.min-protections}
 * sized for the simulator, on the default scenario's twenty thousand users. Event time is the
 * scenario's own time (its hours mapped onto the hours before the test runs), so the guard's ten
 * minutes are ten minutes of the scenario's life, not a fraction of a second of a compressed clock;
 * and so that those hours are not mistaken for an outage, the release hold is a week.
 *
 * <p>Most of the traffic is a backlog that an instance started afterwards catches up on; the twenty
 * minutes after the bad rule's promotion are played at their own pace, sixty times faster, with the
 * instance reading along, so that every task meets the bad rule at once as in real time and the
 * demotion reaches the others while they are still counting.
 *
 * <p>{@code -Dguard.traffic=played=PT72H,seed=7,scenario=other-world} plays other traffic (how much
 * of the scenario, and any of {@code generate --set}'s fields): the measurements behind the
 * README's figure.
 */
class GuardOnSimulatorTrafficIT {

    /**
     * Sized by measuring this traffic: above the most protections one good rule made in one task
     * within ten minutes (campaigns included), and below what a threshold ten times too low makes there.
     */
    static final int MIN_PROTECTIONS = 8;
    private static final String BAD_RULE = "chatroom-burst-2";
    private static final String TOKEN = OperatorTokens.newToken();
    private static final String APPLICATION_ID = "guard-on-simulator-traffic";
    private static final Duration GUARD_WINDOW = Duration.ofMinutes(10);

    /** How much of the default scenario's 72 hours is played. */
    private static final Duration PLAYED = Duration.ofHours(36);
    /** How long before the end of what is played the bad rule is promoted. */
    private static final Duration PROMOTED_BEFORE_END = Duration.ofHours(12);
    /** How long after its promotion the traffic comes at its own pace (sped up), read as it comes. */
    private static final Duration PACED = Duration.ofMinutes(20);
    private static final double PACE = 60;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void shouldStopARuleWithAThresholdTenTimesTooLowAfterAtMostItsFloorPerTaskAndDemoteNoGoodRule() throws Exception {
        Map<String, String> sets = new LinkedHashMap<>();
        for (String set : System.getProperty("guard.traffic", "").split(",")) {
            if (!set.isBlank()) {
                sets.put(set.substring(0, set.indexOf('=')).trim(), set.substring(set.indexOf('=') + 1).trim());
            }
        }
        Duration played = Duration.parse(sets.getOrDefault("played", PLAYED.toString()));
        sets.remove("played");
        Scenario scenario = new ScenarioLoader().load(Map.of(), sets.remove("scenario"), sets);
        Duration promotedAt = played.minus(PROMOTED_BEFORE_END);
        long started = System.nanoTime();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"))) {
            AppConfig config = appConfig(broker.bootstrapServers());
            int partitions = config.topicPartitions();
            try (Admin admin = Admin.create(Map.of(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, servers(config)))) {
                admin.createTopics(TopicLayout.of(config).newTopics()).all().get(30, TimeUnit.SECONDS);
            }
            Traffic traffic = new Traffic(scenario, played, config);
            long promotedAtMillis = traffic.eventTime(promotedAt);

            // Given the simulator's traffic up to twelve hours before the end of what is played, read with the rules as configured
            traffic.produceUntil(promotedAt, 0);
            int badVersion;
            Map<String, String> goodRules;
            long badAfterDemotion;
            try (ProtectionService service = catchUp(config)) {
                System.out.printf("%s of traffic read after %.1f s (%,d events)%n", promotedAt, (System.nanoTime() - started) / 1e9, traffic.produced);
                goodRules = rulesInForce(service);

                // When an admin pushes chatroom-burst again under a new id, with 1 typed for 10, and promotes it to every account
                HttpResponse<String> pushed = post(service, "/rules", "{\"id\":\"" + BAD_RULE + "\",\"counter\":\"chatrooms-created\","
                        + "\"threshold\":\"1\",\"window\":\"PT10M\",\"reason\":\"chatroom-burst, retyped\"}");
                assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(200);
                HttpResponse<String> promoted = post(service, "/rules/" + BAD_RULE + "/promote", "{\"share\":\"100%\",\"reason\":\"looks fine\"}");
                assertThat(promoted.statusCode()).as(promoted.body()).isEqualTo(200);
                JsonNode promotedRule = json.readTree(promoted.body()).path("rule");
                assertThat(promotedRule.path("mode").asText()).isEqualTo("enforce");
                assertThat(promotedRule.path("rollout").asText()).isEqualTo("100%");
                badVersion = promotedRule.path("version").asInt();

                // ... and twenty minutes of traffic follow, read as they come
                traffic.produceUntil(promotedAt.plus(PACED), PACE);
                awaitConsumed(config, Duration.ofSeconds(60));
                assertThat(lateEvents(service)).as("events skipped as late").isZero();

                // Then the guard has demoted it, and said why
                List<RuleChange> demotions = guardDemotions(config);
                assertThat(demotions).as("the guard's entries on rule-changes").isNotEmpty().allSatisfy(change -> {
                    assertThat(change.getRuleId()).isEqualTo(BAD_RULE);
                    assertThat(change.getResult()).isEqualTo("written");
                    assertThat(change.getOperator()).isEqualTo("guard");
                    assertThat(change.getFromVersion()).isEqualTo(badVersion);
                    assertThat(change.getReason()).startsWith("the guard: ").contains(" protections in PT10M in one task, at its limit of "
                            + MIN_PROTECTIONS + " (at least " + MIN_PROTECTIONS);
                });
                assertThat(service.meterRegistry().get(ProtectionMetrics.RULE_GUARD_DEMOTIONS).tag("rule", BAD_RULE).counter().count())
                        .as("the demotions the alert RuleDemotedByGuard fires on").isGreaterThanOrEqualTo(1.0);
                // ... it is in shadow on every task (this instance has them all), as GET /rules shows it
                JsonNode demoted = await().atMost(Duration.ofSeconds(30)).until(() -> rule(service, BAD_RULE),
                        rule -> rule.path("mode").asText().equals("shadow"));
                assertThat(demoted.path("changedBy").asText()).isEqualTo("guard");
                assertThat(demoted.path("version").asInt()).isGreaterThan(badVersion);
                assertThat(demoted.path("threshold").asLong()).isEqualTo(1);
                badAfterDemotion = byVersion(readWhole(config, config.topics().protectionApplied()), BAD_RULE, badVersion).size();
            }

            // ... and the rest of the traffic comes
            traffic.produceUntil(played, 0);
            try (ProtectionService service = catchUp(config)) {
                System.out.printf("%s of traffic read after %.1f s (%,d events)%n", played, (System.nanoTime() - started) / 1e9, traffic.produced);
                Map<String, String> goodRulesAfter = rulesInForce(service);
                goodRulesAfter.remove(BAD_RULE);
                assertThat(goodRulesAfter).as("the other rules, as GET /rules gives them").isEqualTo(goodRules);
            }

            List<ConsumerRecord<String, SpecificRecord>> applied = readWhole(config, config.topics().protectionApplied());
            List<ConsumerRecord<String, SpecificRecord>> bad = byVersion(applied, BAD_RULE, badVersion);
            Map<Integer, List<Long>> badMinutes = bad.stream().collect(Collectors.groupingBy(ConsumerRecord::partition, TreeMap::new,
                    Collectors.mapping(r -> (appliedAt(r) - promotedAtMillis) / 60_000, Collectors.toList())));
            long wouldHave = readWhole(config, config.topics().shadowProtections()).stream().map(record -> (ShadowProtection) record.value())
                    .filter(shadow -> shadow.getRuleId().equals(BAD_RULE) && shadow.getRuleVersion() > badVersion && !shadow.getAlreadyProtected())
                    .count();
            Map<String, Long> goodPeaks = peaksPerTaskInGuardWindow(applied.stream().filter(r -> !isRule(r, BAD_RULE)).toList());
            System.out.printf("%s v%d protected %d (by task, minutes after its promotion: %s); bound %d a task, %d in all;"
                    + " in shadow after its demotion it found %d more%n", BAD_RULE, badVersion, bad.size(), badMinutes, MIN_PROTECTIONS,
                    MIN_PROTECTIONS * partitions, wouldHave);
            System.out.printf("good rules, most protections in one task within %s: %s (%d protections in all)%n", GUARD_WINDOW, goodPeaks,
                    applied.size() - bad.size());

            // The bad version restricted at most the floor in each task, and did restrict people: the guard had something to stop
            assertThat(bad).as("protections by %s v%d", BAD_RULE, badVersion).hasSizeGreaterThanOrEqualTo(MIN_PROTECTIONS)
                    .hasSizeLessThanOrEqualTo(MIN_PROTECTIONS * partitions);
            assertThat(badMinutes.values()).as("by task").allSatisfy(minutes -> assertThat(minutes).hasSizeLessThanOrEqualTo(MIN_PROTECTIONS));
            assertThat(bad).allSatisfy(record -> assertThat(appliedAt(record))
                    .isGreaterThanOrEqualTo(promotedAtMillis - scenario.delivery().maxDisorderMillis()));
            // None once its demotion was in force, though the rest of the traffic went on setting it off in shadow
            assertThat(bad).as("protections by the bad version after its demotion was in force").hasSize((int) badAfterDemotion);
            assertThat(wouldHave).as("what the demoted version found in shadow afterwards").isGreaterThan(MIN_PROTECTIONS * partitions);
            // No good rule came near the floor in any task's ten minutes, and none was demoted
            assertThat(goodPeaks).as("good rules' protections").isNotEmpty();
            assertThat(goodPeaks).allSatisfy((rule, peak) -> assertThat(peak).as(rule).isLessThan(MIN_PROTECTIONS));
            assertThat(guardDemotions(config)).extracting(RuleChange::getRuleId).containsOnly(BAD_RULE);
        }
    }

    private AppConfig appConfig(String servers) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        settings.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
        settings.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("state").toString());
        settings.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, "0");
        settings.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "200");
        settings.put(AppConfig.TOPIC_REPLICATION_FACTOR, "1");
        settings.put(AppConfig.HTTP_PORT, "0");
        settings.put(AppConfig.API_TOKENS, OperatorTokens.entry("ada", Role.ADMIN, TOKEN));
        settings.put(AppConfig.GUARD_MIN_PROTECTIONS, String.valueOf(MIN_PROTECTIONS));
        // The traffic happened up to a day and a half ago: a release more than the hold (6 hours) overdue on the wall clock
        // would go out at the first check, however far stream time is from it, and the account be protected again.
        settings.put(AppConfig.TIME_MAX_RELEASE_HOLD, "PT168H");
        AppConfig config = AppConfig.of(settings);
        assertThat(config.guardSettings().window()).isEqualTo(GUARD_WINDOW);
        assertThat(config.topicPartitions()).as("the default partitions").isEqualTo(6);
        return config;
    }

    /**
     * An instance of the application over the traffic produced so far: started once that traffic is
     * on the broker, so that it reads it as an instance catching up does, in event-time order (one
     * reading along while it is produced as fast as possible would find one topic's batch before
     * another's, hours of the scenario apart at that speed, and skip the other's events as late);
     * returned once it has read it all, none skipped as late.
     */
    private ProtectionService catchUp(AppConfig config) throws Exception {
        ProtectionService service = ProtectionService.start(config, false);
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> get(service, "/health/ready").statusCode() == 200);
            awaitConsumed(config, Duration.ofSeconds(180));
            assertThat(lateEvents(service)).as("events skipped as late").isZero();
            return service;
        } catch (Throwable e) {
            service.close();
            throw e;
        }
    }

    private static double lateEvents(ProtectionService service) {
        return service.meterRegistry().get(ProtectionMetrics.LATE_EVENTS_SKIPPED).counter().count();
    }

    /** The scenario's events in the order they are delivered, with the part played mapped onto the time just before now. */
    private static final class Traffic {
        private final Scenario scenario;
        private final TimeMapping time;
        private final DeliveryOrder delivery;
        private final AppConfig config;
        private DeliveryOrder.Delivered next;
        long produced;

        /** @param played how much of the scenario will be played: that much ends now */
        Traffic(Scenario scenario, Duration played, AppConfig config) {
            this.scenario = scenario;
            this.config = config;
            this.time = new TimeMapping(scenario.start().toEpochMilli(), System.currentTimeMillis() - played.toMillis(), 1.0);
            this.delivery = new DeliveryOrder(scenario, new TrafficGenerator(scenario, label -> { }));
        }

        long eventTime(Duration intoScenario) {
            return time.map(scenario.start().plus(intoScenario).toEpochMilli());
        }

        /**
         * Every event delivered before this far into the scenario, sent and acknowledged.
         *
         * @param pace 0: as fast as possible; else how many times faster than the scenario's own time they are sent
         */
        void produceUntil(Duration intoScenario, double pace) throws Exception {
            long until = scenario.start().plus(intoScenario).toEpochMilli();
            Properties clients = config.streamsProperties();
            // One request in flight, as the benchmark's backlog: on partitions created a moment ago the embedded broker was seen
            // to refuse an idempotent producer's retried first batch for ever.
            clients.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
            long pacedFrom = -1;
            long wallFrom = System.nanoTime();
            try (KafkaEventSink sink = new KafkaEventSink(clients, config.topics(), null, null, Duration.ofSeconds(15))) {
                while (next != null || delivery.hasNext()) {
                    if (next == null) {
                        next = delivery.next();
                    }
                    if (next.deliveredAt() >= until) {
                        break;
                    }
                    if (pace > 0) {
                        pacedFrom = pacedFrom < 0 ? next.deliveredAt() : pacedFrom;
                        long dueNanos = wallFrom + (long) ((next.deliveredAt() - pacedFrom) * 1_000_000 / pace);
                        long wait = dueNanos - System.nanoTime();
                        if (wait > 1_000_000) {
                            Thread.sleep(wait / 1_000_000);
                        }
                    }
                    SimEvent event = next.event();
                    long occurredAt = time.map(event.occurredAt());
                    sink.event(event, occurredAt, event.type() == SimEvent.EventType.DEVICE_REGISTERED ? occurredAt - event.accountAgeMillis() : 0);
                    produced++;
                    next = null;
                }
            }
        }
    }

    private static String servers(AppConfig config) {
        return config.streamsProperties().getProperty(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG);
    }

    /** Waits until the application has committed every input record produced so far. */
    private static void awaitConsumed(AppConfig config, Duration atMost) throws Exception {
        Map<TopicPartition, Long> ends = CommittedTopics.endOffsets(servers(config), config.topics().inputs());
        await().atMost(atMost).pollInterval(Duration.ofMillis(250)).until(() -> CommittedTopics.consumedUpTo(servers(config), APPLICATION_ID, ends));
    }

    /**
     * By rule and version, the most protections one task (partition) made within the guard's window,
     * counted as the guard counts: by whole minutes of event time, the window's ten ending with the latest.
     */
    private static Map<String, Long> peaksPerTaskInGuardWindow(List<ConsumerRecord<String, SpecificRecord>> protections) {
        Map<String, List<Long>> minutes = new TreeMap<>();
        for (ConsumerRecord<String, SpecificRecord> record : protections) {
            ProtectionApplied applied = (ProtectionApplied) record.value();
            minutes.computeIfAbsent(applied.getRuleId() + " v" + applied.getRuleVersion() + " task " + record.partition(), key -> new ArrayList<>())
                    .add(appliedAt(record) / 60_000);
        }
        long windowMinutes = GUARD_WINDOW.toMinutes();
        Map<String, Long> peaks = new TreeMap<>();
        minutes.forEach((key, list) -> {
            long peak = 0;
            for (long latest : list) {
                peak = Math.max(peak, list.stream().filter(m -> m > latest - windowMinutes && m <= latest).count());
            }
            peaks.merge(key.substring(0, key.indexOf(" task ")), peak, Math::max);
        });
        return peaks;
    }

    private static long appliedAt(ConsumerRecord<String, SpecificRecord> record) {
        return ((ProtectionApplied) record.value()).getAppliedAt().toEpochMilli();
    }

    private static boolean isRule(ConsumerRecord<String, SpecificRecord> record, String ruleId) {
        return ((ProtectionApplied) record.value()).getRuleId().equals(ruleId);
    }

    private static List<ConsumerRecord<String, SpecificRecord>> byVersion(List<ConsumerRecord<String, SpecificRecord>> applied, String ruleId, int version) {
        return applied.stream().filter(r -> isRule(r, ruleId) && ((ProtectionApplied) r.value()).getRuleVersion() == version).toList();
    }

    private static List<RuleChange> guardDemotions(AppConfig config) {
        return readWhole(config, config.topics().ruleChanges()).stream().map(record -> (RuleChange) record.value())
                .filter(change -> change.getAction().equals("guard-demotion")).toList();
    }

    private static List<ConsumerRecord<String, SpecificRecord>> readWhole(AppConfig config, String topic) {
        return CommittedTopics.readWhole(servers(config), topic);
    }

    /** Each rule in force as GET /rules gives it: version, mode, threshold and who changed it last. */
    private Map<String, String> rulesInForce(ProtectionService service) throws Exception {
        Map<String, String> rules = new TreeMap<>();
        for (JsonNode rule : json.readTree(get(service, "/rules").body()).path("rules")) {
            rules.put(rule.path("id").asText(), "v" + rule.path("version").asInt() + " " + rule.path("mode").asText() + " threshold "
                    + rule.path("threshold").asLong() + " by " + rule.path("changedBy").asText());
        }
        assertThat(rules).containsKeys(RuleCatalog.CHATROOM_BURST, RuleCatalog.FRIEND_ADD_BURST);
        return rules;
    }

    private JsonNode rule(ProtectionService service, String ruleId) throws Exception {
        for (JsonNode rule : json.readTree(get(service, "/rules").body()).path("rules")) {
            if (rule.path("id").asText().equals(ruleId)) {
                return rule;
            }
        }
        throw new AssertionError("no rule " + ruleId + " in GET /rules");
    }

    private HttpResponse<String> get(ProtectionService service, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.healthPort() + path))
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(ProtectionService service, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.healthPort() + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
