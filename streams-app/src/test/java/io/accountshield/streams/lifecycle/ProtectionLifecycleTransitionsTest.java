package io.accountshield.streams.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.accountshield.schema.decisions.AccountProtectionStatus;
import io.accountshield.schema.decisions.ProtectionApplied;
import io.accountshield.schema.decisions.ProtectionReleased;
import io.accountshield.schema.decisions.AccountWatched;
import io.accountshield.schema.decisions.ReleaseKind;
import io.accountshield.schema.decisions.ShadowProtection;
import io.accountshield.schema.events.ChatroomCreated;
import io.accountshield.schema.events.DeviceRegistered;
import io.accountshield.schema.events.FriendAdded;
import io.accountshield.schema.events.FriendSource;
import io.accountshield.schema.events.SpamReported;
import io.accountshield.schema.allowlist.AllowlistEntry;
import io.accountshield.schema.operator.AuditEntry;
import io.accountshield.schema.operator.CommandAction;
import io.accountshield.schema.operator.CommandResult;
import io.accountshield.schema.operator.OperatorCommand;
import io.accountshield.schema.operator.ReleaseVerdict;
import io.accountshield.schema.state.AccountActivity;
import io.accountshield.streams.rules.RuleCatalog;
import io.accountshield.streams.config.AppConfig;
import io.accountshield.streams.rules.RuleBook;
import io.accountshield.streams.time.ProtectionTimeline;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
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

    // ---- Helpers for the tests below: any event, a watch, a second lifecycle with other settings. ----

    private static Outcome event(ProtectionLifecycle on, AccountActivity activity, SpecificRecord event, long at,
                                 ProtectionLifecycle.Allowlist allowlist) {
        return on.apply("a", activity, new LifecycleInput.Event(event, at, at), allowlist);
    }

    private static DeviceRegistered newDevice(long at) {
        return DeviceRegistered.newBuilder().setEventId("d" + at).setAccountId("a").setDeviceId("phone-" + at)
                .setAccountCreatedAt(Instant.ofEpochMilli(at - Duration.ofDays(700).toMillis())).setOccurredAt(Instant.ofEpochMilli(at)).build();
    }

    private static FriendAdded synced(long at, boolean mutual) {
        return FriendAdded.newBuilder().setEventId("s" + at).setAccountId("a").setFriendAccountId("f" + at).setSource(FriendSource.CONTACT_SYNC)
                .setMutual(mutual).setDeviceId("d").setOccurredAt(Instant.ofEpochMilli(at)).build();
    }

    private static SpamReported report(long at, String reporter) {
        return SpamReported.newBuilder().setEventId("r" + at).setAccountId("a").setReporterAccountId(reporter)
                .setOccurredAt(Instant.ofEpochMilli(at)).build();
    }

    private static ChatroomCreated chatroom(long at, int members, int strangers) {
        return ChatroomCreated.newBuilder().setEventId("c" + at).setAccountId("a").setChatroomId("room-" + at).setMemberCount(members)
                .setNonFriendMemberCount(strangers).setOccurredAt(Instant.ofEpochMilli(at)).build();
    }

    /**
     * An established account moves to a new phone and syncs a book only 25% mutual: watched at its 150th add,
     * not protected. Returns the outcomes of the sync, the last one the watch's.
     */
    private static java.util.List<Outcome> watchedMigration(ProtectionLifecycle on, AccountActivity activity, ProtectionLifecycle.Allowlist allowlist) {
        event(on, activity, newDevice(T0), T0, allowlist);
        java.util.List<Outcome> outcomes = new java.util.ArrayList<>();
        for (int i = 0; i < 150; i++) {
            outcomes.add(event(on, activity, synced(T0 + 1_000 + 100L * i, i % 20 < 5), T0 + 1_000 + 100L * i, allowlist));
        }
        return outcomes;
    }

    private static ProtectionLifecycle lifecycleWith(Map<String, String> settings) {
        AppConfig config = AppConfig.of(settings);
        RuleBook book = config.ruleBook();
        return new ProtectionLifecycle(book, new ProtectionTimeline(config.time(), book.activityRetention(), config.historyRetention()));
    }

    private static long releaseEligibleAt(AccountActivity activity) {
        return activity.getEpisode().getReleaseEligibleAtMillis();
    }

    @Test
    void shouldBeWatchedFromTheEventThatStartsTheWatch() {
        AccountActivity activity = ProtectionLifecycle.newActivity();

        java.util.List<Outcome> outcomes = watchedMigration(lifecycle, activity, NOBODY);

        Outcome last = outcomes.get(outcomes.size() - 1);
        assertThat(last.decisions()).singleElement().satisfies(decision -> assertThat(decision.value()).isInstanceOf(AccountWatched.class));
        assertThat(last.state()).isEqualTo(LifecycleState.WATCHED);
        assertThat(outcomes.get(outcomes.size() - 2).state()).isEqualTo(LifecycleState.QUIET);
    }

    @Test
    void shouldCountAWatchAsRunningUntilTheMillisecondItEnds() {
        AccountActivity activity = ProtectionLifecycle.newActivity();
        watchedMigration(lifecycle, activity, NOBODY);
        long until = activity.getWatch().getUntilMillis();

        assertThat(LifecycleState.of(activity, until)).isEqualTo(LifecycleState.WATCHED);
        assertThat(LifecycleState.of(activity, until + 1)).isEqualTo(LifecycleState.QUIET);
    }

    @Test
    void shouldDropAWatchThatHasRunOutAtTheAccountsNextEvent() {
        AccountActivity activity = ProtectionLifecycle.newActivity();
        watchedMigration(lifecycle, activity, NOBODY);
        long after = activity.getWatch().getUntilMillis() + 1;

        Outcome outcome = add(activity, after);

        assertThat(outcome.state()).isEqualTo(LifecycleState.QUIET);
        assertThat(activity.getWatch()).as("the stored state carries no watch that has run out").isNull();
    }

    @Test
    void shouldProtectAWatchedAccountWhenAnyRuleReachesItsThresholdWithoutAbuseThatEscalates() {
        AccountActivity activity = ProtectionLifecycle.newActivity();
        watchedMigration(lifecycle, activity, NOBODY);
        long start = T0 + Duration.ofHours(1).toMillis();
        int threshold = (int) RuleCatalog.get(RuleCatalog.CHATROOM_BURST).parameters().threshold();

        // Group chats of friends (one stranger in four): none escalates the watch on its own; the burst rule does at its threshold.
        for (int i = 0; i < threshold - 1; i++) {
            assertThat(event(lifecycle, activity, chatroom(start + i * 1_000L, 4, 1), start + i * 1_000L, NOBODY).state())
                    .isEqualTo(LifecycleState.WATCHED);
        }
        Outcome tipping = event(lifecycle, activity, chatroom(start + threshold * 1_000L, 4, 1), start + threshold * 1_000L, NOBODY);

        assertThat(tipping.state()).isEqualTo(LifecycleState.PROTECTED);
        assertThat(tipping.notes()).containsExactly(Outcome.Note.WATCH_ESCALATED);
        assertThat(tipping.decisions().get(0).value()).isInstanceOfSatisfying(ProtectionApplied.class,
                applied -> assertThat(applied.getRuleId()).isEqualTo(RuleCatalog.CHATROOM_BURST));
    }

    @Test
    void shouldNotEscalateTheWatchOfAnAccountAllowlistedSinceItStarted() {
        AccountActivity activity = ProtectionLifecycle.newActivity();
        watchedMigration(lifecycle, activity, NOBODY);
        AllowlistEntry entry = new AllowlistEntry("a", "verified shop", "admin", Instant.ofEpochMilli(T0), null);
        long reported = T0 + Duration.ofHours(1).toMillis();
        event(lifecycle, activity, report(reported, "victim-1"), reported, accountId -> entry);

        Outcome outcome = event(lifecycle, activity, report(reported + 1_000, "victim-2"), reported + 1_000, accountId -> entry);

        assertThat(outcome.state()).isEqualTo(LifecycleState.WATCHED);
        assertThat(outcome.decisions()).isEmpty();
        assertThat(outcome.notes()).containsExactly(Outcome.Note.ALLOWLISTED_FINDING_SKIPPED);
    }

    @Test
    void shouldNotWatchAnAccountAgainAfterTheProtectionItsWatchEscalatedToIsReleased() {
        // A watch longer than the quiet period: still running when the protection it led to lifts.
        ProtectionLifecycle longWatch = lifecycleWith(Map.of("protection.watch-period", "P3D"));
        AccountActivity activity = ProtectionLifecycle.newActivity();
        watchedMigration(longWatch, activity, NOBODY);
        long reported = T0 + Duration.ofHours(1).toMillis();
        event(longWatch, activity, report(reported, "victim-1"), reported, NOBODY);
        assertThat(event(longWatch, activity, report(reported + 1_000, "victim-2"), reported + 1_000, NOBODY).state())
                .isEqualTo(LifecycleState.PROTECTED);
        long due = timeline.releaseDueAt(activity.getEpisode());
        assertThat(longWatch.apply("a", activity, new LifecycleInput.WakeUp(due, due, due), NOBODY).state()).isEqualTo(LifecycleState.QUIET);

        // Protected once now, a watch would escalate on one report; but the old watch is gone.
        long later = due + 1_000;
        Outcome another = event(longWatch, activity, report(later, "victim-1"), later, NOBODY);

        assertThat(another.state()).as("two reporters are under the rule's threshold; the old watch escalates nothing").isEqualTo(LifecycleState.QUIET);
        assertThat(another.decisions()).isEmpty();
    }

    @Test
    void shouldTellAnAgentThatAWatchedAccountIsNotProtected() {
        AccountActivity activity = ProtectionLifecycle.newActivity();
        watchedMigration(lifecycle, activity, NOBODY);

        Outcome outcome = command(activity, CommandAction.RELEASE, ReleaseVerdict.LIFTED, null, T0 + 60_000);

        assertThat(outcome.state()).isEqualTo(LifecycleState.WATCHED);
        assertThat(outcome.decisions()).singleElement().satisfies(decision -> {
            AuditEntry audit = (AuditEntry) decision.value();
            assertThat(audit.getResult()).isEqualTo(CommandResult.NOT_PROTECTED);
            assertThat(audit.getDetail()).contains("(watched)");
        });
        assertThat(activity.getWatch()).as("the watch runs on").isNotNull();
    }

    @Test
    void shouldNotCountActivityFromUpToTheMomentOfAnAgentsReleaseButCountTheMillisecondAfter() {
        AccountActivity activity = protectedAccount();
        long releasedAt = T0 + 60_000;
        command(activity, CommandAction.RELEASE, ReleaseVerdict.LIFTED, null, releasedAt);

        add(activity, releasedAt);
        assertThat(activity.getBurstBuckets()).as("judged by the agent").isEmpty();
        add(activity, releasedAt + 1);
        assertThat(activity.getBurstBuckets()).as("after the release").isNotEmpty();
    }

    @Test
    void shouldNotLetAForgivenEventThatArrivesLatePushOutALaterProtectionsRelease() {
        AccountActivity activity = protectedAccount();
        long releasedAt = T0 + 60_000;
        command(activity, CommandAction.RELEASE, ReleaseVerdict.LIFTED, null, releasedAt);
        long again = T0 + 120_000;
        for (int i = 0; i < 100; i++) {
            add(activity, again + i * 100L);
        }
        // The account's latest event moves on without anything suspicious, so a push-out would move the release.
        long moved = T0 + Duration.ofHours(1).toMillis();
        event(lifecycle, activity, newDevice(moved), moved, NOBODY);
        long releaseAt = releaseEligibleAt(activity);

        Outcome late = lifecycle.apply("a", activity, new LifecycleInput.Event(synced(releasedAt - 1_000, false), releasedAt - 1_000, moved + 1),
                NOBODY);

        assertThat(late.decisions()).isEmpty();
        assertThat(releaseEligibleAt(activity)).isEqualTo(releaseAt);
    }

    @Test
    void shouldMoveTheReleaseOnlyWhenASuspiciousEventPushesItPastTheNextReleaseCheck() {
        AccountActivity activity = protectedAccount();
        long protectedAt = activity.getEpisode().getAppliedAtMillis();
        long releaseAt = releaseEligibleAt(activity);

        // Still rounded up to the same release check: nothing changes, and no status is sent for it.
        Outcome same = add(activity, protectedAt + 1);
        assertThat(same.decisions()).isEmpty();
        assertThat(releaseEligibleAt(activity)).isEqualTo(releaseAt);

        long pushing = releaseAt - timeline.quietPeriodMillis(1) + 1;
        Outcome pushed = add(activity, pushing);
        assertThat(releaseEligibleAt(activity)).isEqualTo(releaseAt + timeline.checkInterval().toMillis());
        assertThat(pushed.decisions()).singleElement().satisfies(decision -> {
            AccountProtectionStatus status = (AccountProtectionStatus) decision.value();
            assertThat(status.getLastSuspiciousAt()).isEqualTo(Instant.ofEpochMilli(pushing));
            assertThat(status.getReleaseEligibleAt()).isEqualTo(Instant.ofEpochMilli(releaseAt + timeline.checkInterval().toMillis()));
        });
    }

    @Test
    void shouldSayWhenAndHowAnAccountWasLastReleasedInTheStatusItSends() {
        AccountActivity activity = protectedAccount();
        long now = T0 + 60_000;

        Outcome outcome = command(activity, CommandAction.RELEASE, ReleaseVerdict.LIFTED, null, now);

        assertThat(outcome.decisions()).map(Outcome.Decision::value).filteredOn(AccountProtectionStatus.class::isInstance)
                .singleElement().satisfies(status -> {
                    assertThat(((AccountProtectionStatus) status).getLastReleasedAt()).isEqualTo(Instant.ofEpochMilli(now));
                    assertThat(((AccountProtectionStatus) status).getLastReleaseKind()).isEqualTo(ReleaseKind.MANUAL);
                });
    }

    @Test
    void shouldTellARepeatOffenderButNotAFirstTimerThatTheProtectionLastsLonger() {
        AccountActivity activity = ProtectionLifecycle.newActivity();
        Outcome first = null;
        for (int i = 0; i < 100; i++) {
            first = add(activity, T0 + i * 100L);
        }
        ProtectionApplied firstApplied = (ProtectionApplied) first.decisions().get(0).value();
        assertThat(firstApplied.getNotice().get("en")).doesNotContain("lasts longer");
        assertThat(lifecycle.releasePushedOutBy(activity))
                .isEqualTo("any friend-add, chatroom creation or spam report moves the release to 1 day after it");
        assertThat(lifecycle.notice(activity)).isEqualTo(firstApplied.getNotice());

        long releasedAt = T0 + 60_000;
        Outcome released = command(activity, CommandAction.RELEASE, ReleaseVerdict.LIFTED, null, releasedAt);
        assertThat(lifecycle.notice(activity)).isEqualTo(((ProtectionReleased) released.decisions().get(0).value()).getNotice())
                .extractingByKey("en").asString().startsWith("You can add friends");
        Outcome second = null;
        for (int i = 0; i < 100; i++) {
            second = add(activity, releasedAt + 1 + i * 100L);
        }

        ProtectionApplied secondApplied = (ProtectionApplied) second.decisions().get(0).value();
        assertThat(secondApplied.getProtectionNumber()).isEqualTo(2);
        assertThat(secondApplied.getNotice().get("en")).contains("lasts longer");
        assertThat(lifecycle.releasePushedOutBy(activity)).isEqualTo(
                "any friend-add, chatroom creation or spam report moves the release to 3 days after it (protection number 2: repeat offenders wait longer)");
    }

    @Test
    void shouldSayInTheAuditUntilWhenAnAccountIsAllowlisted() {
        Instant until = Instant.ofEpochMilli(T0 + Duration.ofDays(30).toMillis());

        Outcome bounded = command(ProtectionLifecycle.newActivity(), CommandAction.ALLOW, null, until, T0);
        Outcome open = command(ProtectionLifecycle.newActivity(), CommandAction.ALLOW, null, null, T0);

        assertThat(((AuditEntry) bounded.decisions().get(1).value()).getDetail()).isEqualTo("put on the allowlist until " + until);
        assertThat(((AuditEntry) open.decisions().get(1).value()).getDetail()).isEqualTo("put on the allowlist");
    }

    @Test
    void shouldReportAShadowFindingAgainOnlyAfterItsWouldBeProtectionHasEnded() {
        // A shadow rule that one chatroom puts at its threshold: each would-be protection lasts one quiet period.
        ProtectionLifecycle shadowing = lifecycleWith(Map.of("rule.chatroom-burst.mode", "shadow", "rule.chatroom-burst.threshold", "1"));
        AccountActivity activity = ProtectionLifecycle.newActivity();
        assertThat(event(shadowing, activity, chatroom(T0, 3, 0), T0, NOBODY).decisions()).singleElement()
                .satisfies(decision -> assertThat(decision.value()).isInstanceOf(ShadowProtection.class));
        long ends = timeline.shadowProtectionUntil(T0);

        assertThat(event(shadowing, activity, chatroom(ends, 3, 0), ends, NOBODY).decisions()).as("at its end: still the same one").isEmpty();

        AccountActivity other = ProtectionLifecycle.newActivity();
        event(shadowing, other, chatroom(T0, 3, 0), T0, NOBODY);
        assertThat(event(shadowing, other, chatroom(ends + 1, 3, 0), ends + 1, NOBODY).decisions()).as("a millisecond after it: a new one")
                .singleElement().satisfies(decision -> assertThat(decision.value()).isInstanceOf(ShadowProtection.class));
    }

    @Test
    void shouldNotProtectAgainOnTheReportsAnAgentJudgedWhenOneMoreReportFollowsTheRelease() {
        AccountActivity activity = ProtectionLifecycle.newActivity();
        long threshold = RuleCatalog.get(RuleCatalog.SPAM_REPORTS).parameters().threshold();
        for (int i = 1; i <= threshold; i++) {
            event(lifecycle, activity, report(T0 + i * 60_000L, "victim-" + i), T0 + i * 60_000L, NOBODY);
        }
        assertThat(LifecycleState.of(activity, T0)).isEqualTo(LifecycleState.PROTECTED);
        long releasedAt = T0 + Duration.ofMinutes(30).toMillis();
        command(activity, CommandAction.RELEASE, ReleaseVerdict.LIFTED, null, releasedAt);

        Outcome next = event(lifecycle, activity, report(releasedAt + 1, "victim-new"), releasedAt + 1, NOBODY);

        assertThat(next.state()).as("one reporter since the release, not threshold + 1").isEqualTo(LifecycleState.QUIET);
        assertThat(next.decisions()).isEmpty();
    }

    @Test
    void shouldNotProtectAgainOnTheHoursLongCountsAnAgentJudgedWhenOneMoreAddFollowsTheRelease() {
        AccountActivity activity = ProtectionLifecycle.newActivity();
        long threshold = RuleCatalog.get(RuleCatalog.STRANGER_ADDS).parameters().threshold();
        long at = T0;
        for (int i = 0; i < threshold; i++) {
            at = T0 + i * 300_000L; // five minutes apart: never five within stranger-add-streak's 20 minutes
            event(lifecycle, activity, stranger(at), at, NOBODY);
        }
        assertThat(activity.getEpisode().getRuleId()).as("counted in the long buckets").isEqualTo(RuleCatalog.STRANGER_ADDS);
        long releasedAt = at + 60_000;
        command(activity, CommandAction.RELEASE, ReleaseVerdict.LIFTED, null, releasedAt);

        Outcome next = event(lifecycle, activity, stranger(releasedAt + 1), releasedAt + 1, NOBODY);

        assertThat(next.state()).isEqualTo(LifecycleState.QUIET);
        assertThat(next.decisions()).isEmpty();
    }

    private static FriendAdded stranger(long at) {
        return FriendAdded.newBuilder().setEventId("x" + at).setAccountId("a").setFriendAccountId("s" + at).setSource(FriendSource.ID_SEARCH)
                .setMutual(false).setDeviceId("d").setOccurredAt(Instant.ofEpochMilli(at)).build();
    }
}
