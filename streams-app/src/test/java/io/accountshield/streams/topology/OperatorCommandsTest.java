package io.accountshield.streams.topology;

import static io.accountshield.streams.topology.TopologyHarness.T0;
import static io.accountshield.streams.topology.TopologyHarness.friendAdded;
import static org.assertj.core.api.Assertions.assertThat;

import io.accountshield.schema.decisions.ProtectionState;
import io.accountshield.schema.decisions.ReleaseKind;
import io.accountshield.schema.events.FriendSource;
import io.accountshield.schema.operator.CommandAction;
import io.accountshield.schema.operator.CommandResult;
import io.accountshield.schema.operator.OperatorCommand;
import io.accountshield.schema.operator.ReleaseVerdict;
import io.accountshield.schema.state.HistoryEntry;
import io.accountshield.streams.errors.DeadLetterRecords;
import io.accountshield.streams.processor.EventValidator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Operators' commands through the commands topic: manual release, what it forgives, the allowlist, the audit trail. */
class OperatorCommandsTest {

    @TempDir
    Path tempDir;

    private TopologyHarness harness;

    @BeforeEach
    void start() {
        harness = new TopologyHarness(tempDir);
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    /** A contact sync of 150 strangers in 15 s: protected by friend-add-burst at its 100th add. */
    private void protectBySync(String accountId, Instant start) {
        for (int i = 0; i < 150; i++) {
            harness.send(friendAdded(accountId, start.plusMillis(i * 100L), FriendSource.CONTACT_SYNC, false));
        }
    }

    @Test
    void shouldReleaseAProtectedAccountManuallyWithTheAgentsReasonAndVerdictAndAuditIt() {
        protectBySync("shop-owner", T0);
        assertThat(harness.applied()).hasSize(1);
        harness.advanceWallClockBy(Duration.ofMinutes(10));

        OperatorCommand command = harness.command(CommandAction.RELEASE, "shop-owner", "verified by phone: moved to a new phone",
                ReleaseVerdict.WRONGFUL, null);

        assertThat(harness.released()).singleElement().satisfies(released -> {
            assertThat(released.getKind()).isEqualTo(ReleaseKind.MANUAL);
            assertThat(released.getReleasedBy()).isEqualTo("agent-7");
            assertThat(released.getReleaseReason()).isEqualTo("verified by phone: moved to a new phone");
            assertThat(released.getVerdict()).isEqualTo(ReleaseVerdict.WRONGFUL);
            assertThat(released.getCommandId()).isEqualTo(command.getCommandId());
            assertThat(released.getReleasedAt()).isEqualTo(harness.wallClock());
            assertThat(released.getNotice().get("en")).contains("You can add friends").contains("our mistake");
        });
        assertThat(harness.latestStatus("shop-owner").getState()).isEqualTo(ProtectionState.RELEASED);
        assertThat(harness.audit()).singleElement().satisfies(audit -> {
            assertThat(audit.getCommandId()).isEqualTo(command.getCommandId());
            assertThat(audit.getOperator()).isEqualTo("agent-7");
            assertThat(audit.getResult()).isEqualTo(CommandResult.APPLIED);
            assertThat(audit.getAppliedAt()).isEqualTo(harness.wallClock());
        });
        assertThat(harness.history("shop-owner")).extracting(HistoryEntry::getKind).containsExactly("protected", "released", "command");
    }

    @Test
    void shouldNotProtectAgainOnTheActivityThatTheReleaseForgave() {
        protectBySync("shop-owner", T0);
        harness.advanceWallClockBy(Duration.ofMinutes(1));
        harness.command(CommandAction.RELEASE, "shop-owner", "moved to a new phone", ReleaseVerdict.WRONGFUL, null);

        // The burst window still holds the 150 adds: without forgiveness this one add would protect again.
        harness.send(friendAdded("shop-owner", harness.wallClock().plusSeconds(1), FriendSource.CONTACT_SYNC, false));
        assertThat(harness.applied()).hasSize(1);

        // A new burst after the release is judged on its own.
        protectBySync("shop-owner", harness.wallClock().plusSeconds(10));
        assertThat(harness.applied()).hasSize(2);
    }

    @Test
    void shouldKeepAWrongfulProtectionOffTheEscalationLadderButNotALiftedOne() {
        protectBySync("wronged", T0);
        protectBySync("lifted", T0);
        harness.advanceWallClockBy(Duration.ofMinutes(1));
        harness.command(CommandAction.RELEASE, "wronged", "a mistake", ReleaseVerdict.WRONGFUL, null);
        harness.command(CommandAction.RELEASE, "lifted", "served enough", ReleaseVerdict.LIFTED, null);

        Instant again = harness.wallClock().plusSeconds(30);
        protectBySync("wronged", again);
        protectBySync("lifted", again);

        assertThat(harness.applied()).filteredOn(applied -> applied.getAppliedAt().isAfter(again.minusMillis(1)))
                .extracting(applied -> applied.getAccountId() + "#" + applied.getProtectionNumber())
                .containsExactlyInAnyOrder("wronged#1", "lifted#2");
    }

    @Test
    void shouldAnswerThatAnAccountIsNotProtectedAndChangeNothing() {
        harness.send(friendAdded("quiet-one", T0));
        harness.command(CommandAction.RELEASE, "quiet-one", "asked by the user", ReleaseVerdict.LIFTED, null);
        harness.command(CommandAction.RELEASE, "never-seen", "asked by the user", ReleaseVerdict.LIFTED, null);

        assertThat(harness.released()).isEmpty();
        assertThat(harness.audit()).extracting(audit -> audit.getAccountId() + ":" + audit.getResult())
                .containsExactly("quiet-one:NOT_PROTECTED", "never-seen:NOT_PROTECTED");
        assertThat(harness.audit().get(0).getDetail()).contains("not protected (quiet)");
        assertThat(harness.state("never-seen")).as("a command creates no state").isNull();
    }

    @Test
    void shouldRejectAnInvalidCommandOnTheTopicAndAuditWhy() {
        protectBySync("spammer", T0);
        harness.command(CommandAction.RELEASE, "spammer", "no verdict given", null, null);
        harness.command(CommandAction.RELEASE, "spammer", "  ", ReleaseVerdict.LIFTED, null);

        assertThat(harness.released()).isEmpty();
        assertThat(harness.audit()).extracting(audit -> audit.getResult() + ": " + audit.getDetail())
                .containsExactly("REJECTED: verdict is required for a release: wrongful (the protection was a mistake) or lifted (it was right but may end now)",
                        "REJECTED: reason is required: say why, for the audit trail");
    }

    @Test
    void shouldReleaseAtOnceWhenAllowlistedByCommandAndProtectAgainOnlyOnceDisallowed() {
        protectBySync("verified-shop", T0);
        harness.advanceWallClockBy(Duration.ofMinutes(1));
        harness.command(CommandAction.ALLOW, "verified-shop", "verified business", null, null);

        assertThat(harness.released()).singleElement().satisfies(released -> {
            assertThat(released.getKind()).isEqualTo(ReleaseKind.MANUAL);
            assertThat(released.getReleaseReason()).isEqualTo("allowlisted: verified business");
        });
        protectBySync("verified-shop", harness.wallClock().plusSeconds(10));
        assertThat(harness.applied()).as("allowlisted through the topic and the global store").hasSize(1);

        harness.advanceWallClockBy(Duration.ofMinutes(1));
        harness.command(CommandAction.DISALLOW, "verified-shop", "verification withdrawn", null, null);
        harness.command(CommandAction.DISALLOW, "verified-shop", "twice", null, null);
        protectBySync("verified-shop", harness.wallClock().plusSeconds(10));

        assertThat(harness.applied()).hasSize(2);
        assertThat(harness.audit()).extracting(audit -> audit.getAction() + ":" + audit.getResult())
                .containsExactly("ALLOW:APPLIED", "DISALLOW:APPLIED", "DISALLOW:NOT_ALLOWLISTED");
    }

    @Test
    void shouldStopHonouringAnAllowlistEntryOnceItExpires() {
        harness.command(CommandAction.ALLOW, "seasonal-shop", "holiday campaign", null, T0.plus(Duration.ofHours(1)));
        protectBySync("seasonal-shop", T0.plusSeconds(10));
        assertThat(harness.applied()).isEmpty();

        protectBySync("seasonal-shop", T0.plus(Duration.ofHours(2)));
        assertThat(harness.applied()).hasSize(1);
    }

    @Test
    void shouldDeadLetterAnythingButACommandOnTheCommandsTopicAndACommandOnAnEventTopic() {
        harness.sendCommand("someone", friendAdded("someone", T0));
        harness.sendOnEventTopic("someone", new OperatorCommand("c-1", "someone", CommandAction.RELEASE, "mallory", "sneaky", ReleaseVerdict.LIFTED,
                null, T0));

        assertThat(harness.deadLetters()).extracting(record -> header(record, DeadLetterRecords.HEADER_REASON))
                .containsExactly(EventValidator.NOT_A_COMMAND, EventValidator.NOT_AN_ACCOUNT_EVENT);
        assertThat(harness.audit()).isEmpty();
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
