package io.accountshield.streams.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.accountshield.schema.decisions.ProtectionApplied;
import io.accountshield.schema.decisions.ProtectionReleased;
import io.accountshield.schema.events.FriendAdded;
import io.accountshield.streams.StreamsApp;
import io.accountshield.streams.config.AppConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;

/**
 * The oracle for live runs: the same events through the replay command, with the same settings. A
 * live run, with or without faults, must decide exactly what it decides: each protection with its
 * time, count and reason, and each release. The replay runs without the guard (below): the runs
 * compared with it must keep each task under guard.min-protections, or turn the guard off too.
 */
final class ReplayOracle {

    record Replayed(Set<String> applied, Set<String> released) {
    }

    private ReplayOracle() {
    }

    static Replayed replay(LivePipeline pipeline, List<SpecificRecord> events, Path dir) throws Exception {
        Path config = Files.createTempFile(dir, "replay", ".properties");
        Map<String, String> settings = new TreeMap<>(pipeline.settings());
        // A replay is one task, so its guard would count every partition's protections against the per-task limit and
        // stop the rule after guard.min-protections in all (README, "A guard against a bad rule"); live tasks each stay under it.
        settings.put(AppConfig.GUARD_ENABLED, "false");
        List<String> lines = new ArrayList<>();
        settings.forEach((key, value) -> lines.add(key + "=" + value));
        Files.write(config, lines, StandardCharsets.UTF_8);
        Path input = Files.createTempFile(dir, "events", ".jsonl");
        List<String> json = new ArrayList<>();
        for (SpecificRecord event : events) {
            FriendAdded added = (FriendAdded) event;
            json.add(String.format("{\"type\":\"FriendAdded\",\"eventId\":\"%s\",\"accountId\":\"%s\",\"occurredAt\":%d,\"friendAccountId\":\"%s\",\"source\":\"%s\",\"mutual\":%s,\"deviceId\":\"%s\"}",
                    added.getEventId(), added.getAccountId(), added.getOccurredAt().toEpochMilli(), added.getFriendAccountId(),
                    added.getSource(), added.getMutual(), added.getDeviceId()));
        }
        Files.write(input, json, StandardCharsets.UTF_8);
        Path output = Files.createTempFile(dir, "decisions", ".jsonl");
        assertThat(StreamsApp.run("replay", "--events", input.toString(), "--out", output.toString(), "--config", config.toString())).isZero();
        Set<String> applied = new TreeSet<>();
        Set<String> released = new TreeSet<>();
        ObjectMapper mapper = new ObjectMapper();
        for (String line : Files.readAllLines(output, StandardCharsets.UTF_8)) {
            JsonNode node = mapper.readTree(line);
            if (node.get("type").asText().equals("ProtectionApplied")) {
                applied.add(node.get("accountId").asText() + " " + node.get("ruleId").asText() + " " + node.get("appliedAt").asLong()
                        + " " + node.get("observedCount").asLong() + " " + node.get("reason").asText());
            } else if (node.get("type").asText().equals("ProtectionReleased")) {
                released.add(node.get("accountId").asText() + " " + node.get("kind").asText());
            }
        }
        return new Replayed(applied, released);
    }

    static Set<String> appliedKeys(List<ProtectionApplied> applied) {
        return applied.stream().map(a -> a.getAccountId() + " " + a.getRuleId() + " " + a.getAppliedAt().toEpochMilli()
                + " " + a.getObservedCount() + " " + a.getReason()).collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * Asserts that the live run decided what the replay decided, naming only the decisions that
     * differ: with hundreds of protections a whole-set comparison is truncated before the difference.
     */
    static void assertSameDecisions(String what, Set<String> live, Set<String> replayed) {
        Set<String> onlyLive = new TreeSet<>(live);
        onlyLive.removeAll(replayed);
        Set<String> onlyReplayed = new TreeSet<>(replayed);
        onlyReplayed.removeAll(live);
        assertThat(onlyLive).as("%s decided live but not by the replay (%d live, %d replayed); the replay decided instead: %s",
                what, live.size(), replayed.size(), onlyReplayed).isEmpty();
        assertThat(onlyReplayed).as("%s decided by the replay but not live (%d live, %d replayed)", what, live.size(), replayed.size()).isEmpty();
    }

    static Set<String> releasedKeys(List<ProtectionReleased> released) {
        return released.stream().map(r -> r.getAccountId() + " " + r.getKind()).collect(Collectors.toCollection(TreeSet::new));
    }
}
