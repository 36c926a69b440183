package io.accountshield.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.accountshield.schema.decisions.AccountProtectionStatus;
import io.accountshield.schema.decisions.ProtectionApplied;
import io.accountshield.schema.decisions.ProtectionReleased;
import io.accountshield.schema.decisions.ProtectionState;
import io.accountshield.schema.decisions.ReleaseKind;
import io.accountshield.schema.events.ChatroomCreated;
import io.accountshield.schema.events.DeviceRegistered;
import io.accountshield.schema.events.FriendAdded;
import io.accountshield.schema.events.FriendSource;
import io.accountshield.schema.operator.AuditEntry;
import io.accountshield.schema.operator.CommandAction;
import io.accountshield.schema.operator.CommandResult;
import io.accountshield.schema.operator.OperatorCommand;
import io.accountshield.schema.operator.ReleaseVerdict;
import io.accountshield.schema.events.SpamReported;
import io.accountshield.streams.errors.ErrorReporting;
import io.accountshield.streams.processor.AccountEvents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.apache.avro.specific.SpecificRecord;

/**
 * Random sequences of the four event kinds, with gaps from seconds to days, through the whole
 * topology: the account state is serialised into the store and read back between events (as
 * RocksDB does live), so collections behave as Avro hands them back. Whatever the sequence, no
 * event fails in the processor, and the lifecycle's invariants hold.
 */
class ProtectionLifecyclePropertiesTest {

    private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
    private static final List<String> ACCOUNTS = List.of("acct-a", "acct-b", "acct-c");

    /** Low thresholds and short periods, so that random traffic protects, releases and protects again. */
    private static final Map<String, String> EASY_TO_REACH = Map.ofEntries(
            Map.entry("rule.friend-add-burst.threshold", "6"),
            Map.entry("rule.sustained-friend-adds.threshold", "12"),
            Map.entry("rule.new-account-list-sync.threshold", "4"),
            Map.entry("rule.chatroom-burst.threshold", "3"),
            Map.entry("rule.stranger-adds.threshold", "4"),
            Map.entry("rule.chatroom-strangers.threshold", "12"),
            Map.entry("rule.spam-reports.threshold", "2"),
            Map.entry("rule.spam-reports.window", "PT6H"),
            Map.entry("protection.quiet-period", "PT6H"),
            Map.entry("protection.repeat-quiet-periods", "PT9H,PT12H"),
            Map.entry("protection.watch-period", "PT6H"),
            Map.entry("protection.history-retention", "P2D"),
            // Coarser release checks keep days of simulated time cheap; releases still never come early.
            Map.entry("time.release-check-interval", "PT10M"));

    /** One step of the traffic: an event of some kind, some time after the one before. */
    record Step(int kind, String account, long gapMillis, int burst, int detail, boolean mutual, int source) {
    }

    @Provide
    Arbitrary<List<Step>> traffic() {
        Arbitrary<Long> gap = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.longs().between(0, 10_000)),
                Tuple.of(3, Arbitraries.longs().between(10_000, Duration.ofMinutes(30).toMillis())),
                Tuple.of(2, Arbitraries.longs().between(Duration.ofHours(1).toMillis(), Duration.ofHours(20).toMillis())),
                Tuple.of(1, Arbitraries.longs().between(Duration.ofDays(1).toMillis(), Duration.ofDays(3).toMillis())));
        Arbitrary<Step> step = Combinators.combine(
                Arbitraries.integers().between(0, 11),
                Arbitraries.of(ACCOUNTS),
                gap,
                Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just(1)), Tuple.of(1, Arbitraries.integers().between(2, 15))),
                Arbitraries.integers().between(0, 60),
                Arbitraries.of(true, false),
                Arbitraries.integers().between(0, FriendSource.values().length - 1))
                .as(Step::new);
        return step.list().ofMinSize(1).ofMaxSize(60);
    }

    @Property(tries = 60)
    void shouldKeepTheLifecycleInvariantsForAnyTraffic(@ForAll("traffic") List<Step> traffic) {
        Path stateDir = tempDir();
        List<SpecificRecord> sent = new ArrayList<>();
        try (TopologyHarness harness = new TopologyHarness(EASY_TO_REACH, stateDir, START)) {
            Instant at = START;
            int reporter = 0;
            List<OperatorCommand> commands = new ArrayList<>();
            for (Step step : traffic) {
                at = at.plusMillis(step.gapMillis());
                if (step.kind() >= 10) {
                    harness.advanceWallClockTo(at);
                    commands.add(command(harness, step));
                    continue;
                }
                for (int i = 0; i < step.burst(); i++) {
                    Instant eventAt = at.plusMillis(300L * i);
                    SpecificRecord event = event(step, eventAt, reporter++);
                    harness.send(event);
                    sent.add(event);
                }
                at = at.plusMillis(300L * step.burst());
            }
            harness.advanceWallClockBy(Duration.ofDays(2));

            ErrorReporting errors = harness.errorReporting();
            assertThat(harness.deadLetters()).as("no valid event is set aside")
                    .extracting(deadLetter -> header(deadLetter, "__streams.errors.exception") + ": " + header(deadLetter, "__streams.errors.message"))
                    .isEmpty();
            assertThat(errors.registry().find(ErrorReporting.PROCESSING_ERRORS_METRIC).counters()).as("no defect").isEmpty();
            for (String account : ACCOUNTS) {
                checkLifecycle(account, harness, sent);
            }
            checkCommands(harness, commands);
        } finally {
            deleteRecursively(stateDir);
        }
    }

    private static void checkLifecycle(String account, TopologyHarness harness, List<SpecificRecord> sent) {
        List<ProtectionApplied> applied = harness.applied().stream().filter(a -> a.getAccountId().equals(account)).toList();
        List<ProtectionReleased> released = harness.released().stream().filter(r -> r.getAccountId().equals(account)).toList();
        List<AccountProtectionStatus> statuses = harness.statuses().stream().filter(s -> s.getAccountId().equals(account)).toList();

        // At most one open episode: protections and releases alternate, each release closing the protection before it.
        assertThat(released.size()).isBetween(applied.size() - 1, applied.size());
        for (int i = 0; i < released.size(); i++) {
            ProtectionApplied protection = applied.get(i);
            ProtectionReleased release = released.get(i);
            assertThat(release.getAppliedAt()).as("release %d closes protection %d", i, i).isEqualTo(protection.getAppliedAt());
            assertThat(release.getRuleId()).isEqualTo(protection.getRuleId());
            assertThat(release.getReleasedAt()).isAfterOrEqualTo(protection.getAppliedAt());
            if (i + 1 < applied.size()) {
                assertThat(applied.get(i + 1).getAppliedAt()).as("the next protection comes after the release").isAfterOrEqualTo(release.getReleasedAt());
            }
            if (release.getKind() == ReleaseKind.AUTO) {
                long quiet = protection.getQuietPeriodMillis();
                assertThat(release.getReleasedAt()).as("no release before the quiet period after the protection")
                        .isAfterOrEqualTo(protection.getAppliedAt().plusMillis(quiet));
                for (SpecificRecord event : sent) {
                    Instant occurredAt = AccountEvents.occurredAt(event);
                    if (AccountEvents.accountId(event).equals(account) && breaksQuiet(event)
                            && !occurredAt.isBefore(protection.getAppliedAt()) && !occurredAt.isAfter(release.getReleasedAt())) {
                        assertThat(release.getReleasedAt()).as("no release before the quiet period after the last abuse (%s)", occurredAt)
                                .isAfterOrEqualTo(occurredAt.plusMillis(quiet));
                    }
                }
            }
        }
        for (ProtectionApplied protection : applied) {
            assertThat(protection.getObservedCount()).isGreaterThanOrEqualTo(protection.getThreshold()).isNotNegative();
            assertThat(protection.getSignals().values()).allSatisfy(value -> assertThat(value).isNotNegative());
            assertThat(protection.getProtectionNumber()).isPositive();
        }
        for (AccountProtectionStatus status : statuses) {
            assertThat(status.getProtectionCount()).isNotNegative();
            if (status.getState() == ProtectionState.PROTECTED) {
                assertThat(status.getReleaseEligibleAt()).isAfterOrEqualTo(status.getAppliedAt());
            }
        }
        if (!statuses.isEmpty()) {
            ProtectionState last = statuses.get(statuses.size() - 1).getState();
            assertThat(last).as("the status topic's last word matches the decisions")
                    .isEqualTo(applied.size() > released.size() ? ProtectionState.PROTECTED : ProtectionState.RELEASED);
        }
    }

    /** An operator's command now: a release (wrongful or lifted), or an allowlist change. */
    private static OperatorCommand command(TopologyHarness harness, Step step) {
        if (step.kind() == 10) {
            return harness.command(CommandAction.RELEASE, step.account(), "checked by support",
                    step.mutual() ? ReleaseVerdict.WRONGFUL : ReleaseVerdict.LIFTED, null);
        }
        return harness.command(step.mutual() ? CommandAction.ALLOW : CommandAction.DISALLOW, step.account(), "verified business", null,
                step.detail() % 2 == 0 ? null : harness.wallClock().plus(Duration.ofHours(step.detail())));
    }

    /** Every command is applied once: one audit entry each, and a release exactly when the audit says it was applied. */
    private static void checkCommands(TopologyHarness harness, List<OperatorCommand> commands) {
        List<AuditEntry> audit = harness.audit();
        assertThat(audit).extracting(AuditEntry::getCommandId)
                .containsExactlyElementsOf(commands.stream().map(OperatorCommand::getCommandId).toList());
        for (AuditEntry entry : audit) {
            long releases = harness.released().stream().filter(r -> entry.getCommandId().equals(r.getCommandId())).count();
            boolean releasing = entry.getResult() == CommandResult.APPLIED
                    && (entry.getAction() == CommandAction.RELEASE || entry.getDetail().contains("its protection is released"));
            assertThat(releases).as("releases by command %s (%s)", entry.getCommandId(), entry.getDetail()).isEqualTo(releasing ? 1 : 0);
        }
    }

    private static String header(org.apache.kafka.streams.test.TestRecord<byte[], byte[]> record, String name) {
        org.apache.kafka.common.header.Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static boolean breaksQuiet(SpecificRecord event) {
        return event instanceof FriendAdded || event instanceof ChatroomCreated || event instanceof SpamReported;
    }

    private static SpecificRecord event(Step step, Instant at, int sequence) {
        String account = step.account();
        return switch (step.kind()) {
            case 0, 1, 2, 3 -> TopologyHarness.friendAdded(account, at, FriendSource.values()[step.source()], step.mutual());
            case 4, 5 -> {
                int members = 1 + step.detail();
                yield TopologyHarness.chatroomCreated(account, at, members, step.mutual() ? members / 4 : members);
            }
            case 6, 7 -> TopologyHarness.deviceRegistered(account, at, at.minus(Duration.ofDays(1 + step.detail() * 7L)));
            default -> TopologyHarness.spamReported(account, at, "reporter-" + (step.mutual() ? sequence % 4 : sequence % 9));
        };
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("lifecycle-property-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
