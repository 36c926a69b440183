package io.accountshield.streams.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.accountshield.schema.decisions.AccountProtectionStatus;
import io.accountshield.schema.decisions.ProtectionApplied;
import io.accountshield.schema.decisions.ProtectionReleased;
import io.accountshield.schema.decisions.ReleaseKind;
import io.accountshield.schema.events.DeviceRegistered;
import io.accountshield.schema.events.FriendAdded;
import io.accountshield.schema.events.FriendSource;
import io.accountshield.schema.operator.AuditEntry;
import io.accountshield.schema.operator.CommandAction;
import io.accountshield.schema.operator.CommandResult;
import io.accountshield.schema.operator.OperatorCommand;
import io.accountshield.schema.operator.ReleaseVerdict;
import io.accountshield.schema.state.AccountActivity;
import io.accountshield.streams.config.AppConfig;
import io.accountshield.streams.rules.RuleBook;
import io.accountshield.streams.time.ProtectionTimeline;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The lifecycle alone, without Kafka: each input in each state. */
class ProtectionLifecycleTransitionsTest {

    private static final long T0 = Instant.parse("2026-03-02T09:00:00Z").toEpochMilli();
    private static final ProtectionLifecycle.Allowlist NOBODY = accountId -> null;

    private final AppConfig config = AppConfig.defaults();
    private final RuleBook rules = config.ruleBook();
    private final ProtectionTimeline timeline = new ProtectionTimeline(config.time(), rules.activityRetention(), config.historyRetention());
    private final ProtectionLifecycle lifecycle = new ProtectionLifecycle(rules, timeline);

    private Outcome add(AccountActivity activity, long at) {
        FriendAdded added = FriendAdded.newBuilder().setEventId("e" + at).setAccountId("a").setFriendAccountId("f" + at)
                .setSource(FriendSource.CONTACT_SYNC).setMutual(false).setDeviceId("d").setOccurredAt(Instant.ofEpochMilli(at)).build();
        return lifecycle.apply("a", activity, new LifecycleInput.Event(added, at, at), NOBODY);
    }

    private AccountActivity protectedAccount() {
        AccountActivity activity = ProtectionLifecycle.newActivity();
        for (int i = 0; i < 100; i++) {
            add(activity, T0 + i * 100L);
        }
        assertThat(LifecycleState.of(activity, T0)).isEqualTo(LifecycleState.PROTECTED);
        return activity;
    }

    @Test
    void shouldMoveFromQuietToProtectedAtTheThresholdWithOneApplied() {
        AccountActivity activity = ProtectionLifecycle.newActivity();
        for (int i = 0; i < 99; i++) {
            assertThat(add(activity, T0 + i * 100L).state()).isEqualTo(LifecycleState.QUIET);
        }
        Outcome tipping = add(activity, T0 + 9_900);
        assertThat(tipping.state()).isEqualTo(LifecycleState.PROTECTED);
        assertThat(tipping.decisions()).extracting(decision -> decision.value().getClass().getSimpleName())
                .containsExactly("ProtectionApplied", "AccountProtectionStatus");
        assertThat(((ProtectionApplied) tipping.decisions().get(0).value()).getNotice()).containsKeys("en", "ko");
    }

    @Test
    void shouldReleaseOnAWakeUpOnlyOnceTheReleaseIsDueAndReadUpTo() {
        AccountActivity activity = protectedAccount();
        long due = timeline.releaseDueAt(activity.getEpisode());

        Outcome early = lifecycle.apply("a", activity, new LifecycleInput.WakeUp(due - 1, due - 1, due - 1), NOBODY);
        assertThat(early.state()).isEqualTo(LifecycleState.PROTECTED);
        assertThat(early.decisions()).isEmpty();

        // Due on the wall clock, but the partition has not been read that far and was active a moment ago: held.
        Outcome held = lifecycle.apply("a", activity, new LifecycleInput.WakeUp(due, T0, due - 1), NOBODY);
        assertThat(held.decisions()).isEmpty();

        Outcome released = lifecycle.apply("a", activity, new LifecycleInput.WakeUp(due, due, due - 1), NOBODY);
        assertThat(released.state()).isEqualTo(LifecycleState.QUIET);
        assertThat(released.decisions().get(0).value()).isInstanceOfSatisfying(ProtectionReleased.class,
                r -> assertThat(r.getKind()).isEqualTo(ReleaseKind.AUTO));
        assertThat(released.forgotten()).as("its history is kept").isFalse();
    }

    @Test
    void shouldForgetAQuietAccountOnlyWhenNoWindowCanSeeIt() {
        AccountActivity activity = ProtectionLifecycle.newActivity();
        add(activity, T0);
        long forgetAt = timeline.forgetAt(activity);

        assertThat(lifecycle.apply("a", activity, new LifecycleInput.WakeUp(forgetAt, forgetAt - 1, forgetAt), NOBODY).forgotten()).isFalse();
        assertThat(lifecycle.apply("a", activity, new LifecycleInput.WakeUp(forgetAt, forgetAt, forgetAt), NOBODY).forgotten()).isTrue();
    }

    @Test
    void shouldReleaseOnAnAgentsCommandAndAuditIt() {
        AccountActivity activity = protectedAccount();
        long now = T0 + Duration.ofMinutes(5).toMillis();
        OperatorCommand release = new OperatorCommand("c1", "a", CommandAction.RELEASE, "agent", "moved phones", ReleaseVerdict.WRONGFUL,
                null, Instant.ofEpochMilli(now));

        Outcome outcome = lifecycle.apply("a", activity, new LifecycleInput.Command(release, now), NOBODY);

        assertThat(outcome.state()).isEqualTo(LifecycleState.QUIET);
        assertThat(outcome.decisions()).extracting(decision -> decision.value().getClass().getSimpleName())
                .containsExactly("ProtectionReleased", "AccountProtectionStatus", "AuditEntry");
        assertThat(((AuditEntry) outcome.decisions().get(2).value()).getResult()).isEqualTo(CommandResult.APPLIED);
        assertThat(activity.getProtectionCount()).as("wrongful: off the ladder").isZero();
        assertThat(activity.getBurstBuckets()).as("forgiven").isEmpty();
        assertThat(activity.getForgivenThroughMillis()).isEqualTo(now);
    }

    private Outcome command(AccountActivity activity, CommandAction action, ReleaseVerdict verdict, Instant allowUntil, long now) {
        OperatorCommand command = new OperatorCommand("c" + now, "a", action, "agent", "checked", verdict, allowUntil, Instant.ofEpochMilli(now));
        return lifecycle.apply("a", activity, new LifecycleInput.Command(command, now), NOBODY);
    }

    @Test
    void shouldShowTheLadderAfterAWrongfulReleaseInTheStatusItSends() {
        AccountActivity activity = protectedAccount();

        Outcome outcome = command(activity, CommandAction.RELEASE, ReleaseVerdict.WRONGFUL, null, T0 + 60_000);

        assertThat(outcome.decisions()).map(Outcome.Decision::value).filteredOn(AccountProtectionStatus.class::isInstance)
                .singleElement().satisfies(status -> {
                    assertThat(((AccountProtectionStatus) status).getProtectionCount()).isZero();
                    assertThat(((AccountProtectionStatus) status).getNotice().get("en")).contains("our mistake");
                });
    }

    @Test
    void shouldNotProtectAgainBeforeTheAllowlistEntryReachesItsStoreAfterAnAllowCommand() {
        AccountActivity activity = protectedAccount();
        long now = T0 + 60_000;

        Outcome allowed = command(activity, CommandAction.ALLOW, null, null, now);
        assertThat(allowed.decisions()).map(decision -> decision.value().getClass().getSimpleName())
                .containsExactly("AllowlistEntry", "ProtectionReleased", "AccountProtectionStatus", "AuditEntry");

        // The allowlist lookup still answers "not listed" (the entry is on its way through the topic).
        Outcome next = add(activity, now + 1);
        assertThat(next.state()).isEqualTo(LifecycleState.QUIET);
        assertThat(next.decisions()).isEmpty();
    }

    @Test
    void shouldRejectAnAllowlistEntryThatHasExpiredByTheTimeItIsApplied() {
        AccountActivity activity = protectedAccount();
        long now = T0 + 60_000;

        Outcome outcome = command(activity, CommandAction.ALLOW, null, Instant.ofEpochMilli(now - 1), now);

        assertThat(outcome.state()).isEqualTo(LifecycleState.PROTECTED);
        assertThat(outcome.decisions()).singleElement().satisfies(decision ->
                assertThat(((AuditEntry) decision.value()).getResult()).isEqualTo(CommandResult.REJECTED));
    }

    @Test
    void shouldStillCountADeviceRegistrationFromBeforeAReleaseThatArrivesAfterIt() {
        AccountActivity activity = protectedAccount();
        long now = T0 + 60_000;
        command(activity, CommandAction.RELEASE, ReleaseVerdict.WRONGFUL, null, now);

        DeviceRegistered registered = DeviceRegistered.newBuilder().setEventId("d1").setAccountId("a").setDeviceId("phone-2")
                .setAccountCreatedAt(Instant.ofEpochMilli(T0 - Duration.ofDays(400).toMillis())).setOccurredAt(Instant.ofEpochMilli(now - 5_000))
                .build();
        lifecycle.apply("a", activity, new LifecycleInput.Event(registered, now - 5_000, now + 1), NOBODY);

        assertThat(activity.getLastDeviceRegisteredAtMillis()).isEqualTo(now - 5_000);
        assertThat(activity.getBurstBuckets()).as("friend-adds from before the release stay forgiven").isEmpty();
        add(activity, now - 4_000);
        assertThat(activity.getBurstBuckets()).isEmpty();
    }
}
