package io.accountshield.streams.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.accountshield.streams.CommandFiles;
import io.accountshield.streams.config.AppConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

/**
 * The direct engine decides exactly as the test driver does (the reference, the production topology
 * under Kafka's TopologyTestDriver): same decisions byte for byte, same lines set aside with the same
 * reasons, same counts. On the hand-worked fixture, and on generated traffic that goes through every
 * path around the processor: duplicates, events out of order within and beyond the grace period,
 * invalid and implausible lines, account ids that the serdes change, the allowlist, protections and
 * their releases.
 */
class ReplayEnginesIdentityTest {

    private static final long B = 1_779_999_960_000L;
    /** Ids of every kind the contract allows: ASCII, CJK, and one with a lone surrogate, which the serdes turn into '?'. */
    private static final List<String> ACCOUNTS = List.of("a1", "a2", "垃圾-3", "lone\uD800surrogate", "b5");

    @Test
    void shouldReplayTheFixtureToTheSameBytesWithBothEngines() throws IOException {
        String events;
        try (InputStream in = getClass().getResourceAsStream("/replay/small-events.jsonl")) {
            events = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String expected;
        try (InputStream in = getClass().getResourceAsStream("/replay/small-decisions.jsonl")) {
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }

        Outcome driver = replay(Replay.Engine.DRIVER, events, List.of(), null);
        Outcome direct = replay(Replay.Engine.DIRECT, events, List.of(), null);

        assertThat(driver.decisions()).isEqualTo(expected);
        assertThat(direct.decisions()).isEqualTo(expected);
        assertThat(direct.setAside()).isEqualTo(driver.setAside()).hasLineCount(8);
        assertThat(direct.counts()).isEqualTo(driver.counts());
    }

    @Property(tries = 25)
    void shouldDecideExactlyAsTheTestDriverOnVariedTraffic(@ForAll("traffic") List<String> lines, @ForAll("allowlists") List<String> allowlisted) {
        String events = String.join("\n", lines) + "\n";

        Outcome driver = replay(Replay.Engine.DRIVER, events, allowlisted, Duration.ofHours(26));
        Outcome direct = replay(Replay.Engine.DIRECT, events, allowlisted, Duration.ofHours(26));

        assertThat(direct.decisions()).isEqualTo(driver.decisions());
        assertThat(direct.setAside()).isEqualTo(driver.setAside());
        assertThat(direct.counts()).isEqualTo(driver.counts());
        // What the generated traffic went through, in the report: protections, releases, late events, lines set aside.
        Statistics.label("protected").collect(!driver.counts().contains("applied=0"));
        Statistics.label("released").collect(!driver.counts().contains("released=0"));
        Statistics.label("late").collect(!driver.counts().contains("late=0"));
        Statistics.label("set aside").collect(!driver.setAside().isEmpty());
    }

    @Test
    void shouldCountEventsLaterThanTheGracePeriodWithBothEngines() {
        String events = String.join("\n", friendAdd("a1", B + 600_000, "u1", "QR_CODE", true, null),
                friendAdd("a1", B, "u2", "QR_CODE", true, null)) + "\n";

        assertThat(replay(Replay.Engine.DRIVER, events, List.of(), Duration.ofHours(1)).counts()).contains("late=1");
        assertThat(replay(Replay.Engine.DIRECT, events, List.of(), Duration.ofHours(1)).counts()).contains("late=1");
    }

    /** What a replay wrote, and what it counted (all of the summary but the elapsed time). */
    private record Outcome(String decisions, String setAside, String counts) {
    }

    /**
     * A thousand tries each leave a state directory: removed, so that /tmp does not fill over many
     * runs. One that cannot be removed fails a try that passed, and is noted on one that failed.
     */
    private static Outcome replay(Replay.Engine engine, String events, List<String> allowlisted, Duration tail) {
        Path stateDir;
        try {
            stateDir = Files.createTempDirectory("replay-identity-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Outcome outcome;
        try {
            outcome = replayInto(stateDir, engine, events, allowlisted, tail);
        } catch (RuntimeException | Error failure) {
            try {
                CommandFiles.deleteRecursively(stateDir);
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
            throw failure;
        }
        try {
            CommandFiles.deleteRecursively(stateDir);
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove the replay's state directory " + stateDir, e);
        }
        return outcome;
    }

    private static Outcome replayInto(Path stateDir, Replay.Engine engine, String events, List<String> allowlisted, Duration tail) {
        StringWriter decisions = new StringWriter();
        StringWriter setAside = new StringWriter();
        Replay.Summary summary;
        try (DecisionJsonWriter writer = new DecisionJsonWriter(decisions);
             DeadLetterFile deadLetters = new DeadLetterFile(setAside);
             BufferedReader input = new BufferedReader(new StringReader(events))) {
            summary = new Replay(AppConfig.load(null, Map.of(), Map.of()), stateDir).withEngine(engine).withAllowlist(allowlisted)
                    .run(input, writer, deadLetters::write, tail);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String counts = String.format("lines=%d events=%d rejected=%d deadLettered=%d failed=%d late=%d applied=%d released=%d watched=%d shadow=%d",
                summary.lines(), summary.events(), summary.rejected(), summary.deadLettered(), summary.failed(), summary.late(),
                summary.applied(), summary.released(), summary.watched(), summary.shadowProtections());
        return new Outcome(decisions.toString(), setAside.toString(), counts);
    }

    @Provide
    Arbitrary<List<String>> allowlists() {
        return Arbitraries.of(ACCOUNTS).set().ofMaxSize(2).map(List::copyOf);
    }

    /**
     * Traffic as steps, each one or a few lines: single events of every type, a burst of adds to
     * strangers (which protects the account), a redelivery, an event a little out of order and one
     * beyond the grace period, and bad lines. Time moves on between steps by up to a few hours.
     */
    @Provide
    Arbitrary<List<String>> traffic() {
        Arbitrary<int[]> step = Combinators.combine(Arbitraries.integers().between(0, 11), Arbitraries.integers().between(0, ACCOUNTS.size() - 1),
                Arbitraries.of(0L, 200L, 5_000L, 120_000L, 3_600_000L, 10_800_000L).map(Long::intValue), Arbitraries.integers().between(0, 5))
                .as((kind, account, gap, variant) -> new int[] {kind, account, gap, variant});
        return step.list().ofMinSize(10).ofMaxSize(40).map(ReplayEnginesIdentityTest::lines);
    }

    private static List<String> lines(List<int[]> steps) {
        List<String> lines = new ArrayList<>();
        long now = B;
        int n = 0;
        String previous = null;
        for (int[] step : steps) {
            String account = ACCOUNTS.get(step[1]);
            now += step[2];
            int variant = step[3];
            n++;
            switch (step[0]) {
                case 0 -> lines.add(friendAdd(account, now, "f" + n, List.of("CONTACT_SYNC", "PHONE_NUMBER", "ID_SEARCH", "RECOMMENDATION", "QR_CODE",
                        "INVITE_LINK").get(variant), variant % 2 == 0, null));
                case 1 -> lines.add("{\"type\":\"ChatroomCreated\",\"accountId\":" + json(account) + ",\"occurredAt\":" + now
                        + ",\"chatroomId\":\"c" + n + "\",\"memberCount\":" + (10 * variant + 3) + ",\"nonFriendMemberCount\":" + (10 * variant) + "}");
                case 2 -> lines.add("{\"type\":\"DeviceRegistered\",\"accountId\":" + json(account) + ",\"occurredAt\":" + now
                        + ",\"deviceId\":\"d" + variant + "\",\"accountCreatedAt\":" + (variant < 3 ? now - 86_400_000L : 1_650_000_000_000L) + "}");
                case 3 -> {
                    for (int r = 0; r <= variant; r++) {
                        lines.add("{\"type\":\"SpamReported\",\"accountId\":" + json(account) + ",\"occurredAt\":" + (now + r)
                                + ",\"reporterAccountId\":\"r" + r + "\"}");
                    }
                }
                case 4, 5 -> {
                    // Adds to strangers by search, 1 s apart: stranger-add-streak protects at the fifth.
                    for (int i = 0; i < 4 + variant; i++) {
                        lines.add(friendAdd(account, now + 1_000L * i, "s" + n + "-" + i, "ID_SEARCH", false, "ev-" + n + "-" + i));
                    }
                }
                case 6 -> lines.add(previous != null ? previous : friendAdd(account, now, "f" + n, "QR_CODE", true, "ev-" + n));
                case 7 -> lines.add(friendAdd(account, now - 30_000, "o" + n, "PHONE_NUMBER", false, null));
                case 8 -> lines.add(friendAdd(account, now - 300_000, "l" + n, "PHONE_NUMBER", false, null));
                case 9 -> lines.add(List.of("not json", "[1,2]", "{\"type\":\"FriendAdded\",\"accountId\":\"a1\"}",
                        friendAdd(account, 5, "x", "QR_CODE", true, null), "", "{\"type\":\"Unknown\"}").get(variant));
                default -> lines.add(friendAdd(account, now, "g" + n, "RECOMMENDATION", false, "ev-" + (n % 3)));
            }
            previous = lines.isEmpty() ? null : lines.get(lines.size() - 1);
        }
        return lines;
    }

    private static String friendAdd(String account, long at, String friend, String source, boolean mutual, String eventId) {
        return "{\"type\":\"FriendAdded\"" + (eventId == null ? "" : ",\"eventId\":\"" + eventId + "\"") + ",\"accountId\":" + json(account)
                + ",\"occurredAt\":" + at + ",\"friendAccountId\":\"" + friend + "\",\"source\":\"" + source + "\",\"mutual\":" + mutual
                + ",\"deviceId\":\"d\"}";
    }

    /** A JSON string; a lone surrogate written as an escape, as a producer would have to. */
    private static String json(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            quoted.append(Character.isSurrogate(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return quoted.append('"').toString();
    }
}
