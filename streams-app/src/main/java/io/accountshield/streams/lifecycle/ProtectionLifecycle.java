package io.accountshield.streams.lifecycle;

import io.accountshield.schema.allowlist.AllowlistEntry;
import io.accountshield.schema.allowlist.AllowlistRemoval;
import io.accountshield.schema.decisions.ReleaseKind;
import io.accountshield.schema.events.ChatroomCreated;
import io.accountshield.schema.events.FriendAdded;
import io.accountshield.schema.events.SpamReported;
import io.accountshield.schema.operator.CommandResult;
import io.accountshield.schema.operator.OperatorCommand;
import io.accountshield.schema.operator.ReleaseVerdict;
import io.accountshield.schema.state.AccountActivity;
import io.accountshield.schema.state.AccountWatch;
import io.accountshield.schema.state.ProtectionEpisode;
import io.accountshield.streams.lifecycle.LifecycleInput.Command;
import io.accountshield.streams.lifecycle.LifecycleInput.Event;
import io.accountshield.streams.lifecycle.LifecycleInput.WakeUp;
import io.accountshield.streams.rules.Rule;
import io.accountshield.streams.rules.RuleBook;
import io.accountshield.streams.rules.RuleFinding;
import io.accountshield.streams.rules.WatchEscalation;
import io.accountshield.streams.time.ProtectionTimeline;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;

/**
 * The protection lifecycle of one account: {@link LifecycleState#QUIET}, {@link LifecycleState#WATCHED}
 * or {@link LifecycleState#PROTECTED}, moved by its events, operators' commands and wake-ups. Every
 * transition is in {@link #apply}; the rules say what the counts mean, the timeline says when.
 * No Kafka here: the processor feeds it, stores the state and sends the decisions.
 *
 * <p>The state is the account's {@code AccountActivity}, changed in place: the caller judges a copy
 * and stores it only once this returns, so a failure half-way leaves the stored state as it was.
 */
public final class ProtectionLifecycle {

    /** The allowlist as it is now: the account's entry, or null (whether it is still in force is the timeline's call). */
    @FunctionalInterface
    public interface Allowlist {
        AllowlistEntry entry(String accountId);
    }

    /** The rules in force: read once per input, so that one input is judged by one version of them. */
    private final Supplier<RuleBook> rulesInForce;
    private final ProtectionTimeline timeline;
    private final Decisions decisions;

    public ProtectionLifecycle(Supplier<RuleBook> rulesInForce, ProtectionTimeline timeline) {
        this.rulesInForce = rulesInForce;
        this.timeline = timeline;
        this.decisions = new Decisions(timeline.quietPeriodMillis(1), rulesInForce.get().contactSync());
    }

    /** With fixed rules, as a replay of one rule book or a test has them. */
    public ProtectionLifecycle(RuleBook rules, ProtectionTimeline timeline) {
        this(() -> rules, timeline);
    }

    /** A new account's state: quiet, nothing counted. */
    public static AccountActivity newActivity() {
        return new AccountActivity(0L, new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), null, null, null, 0, null, null, null, 0L,
                new HashMap<>(), 0L, ByteBuffer.allocate(0));
    }

    /** What moves a protected account's release, in words, for the support view. */
    public String releasePushedOutBy(AccountActivity activity) {
        return decisions.pushedOutBy(timeline.quietPeriodMillis(activity.getEpisode()), activity.getProtectionCount());
    }

    /** What the person is told now, by language: the protection's notice, or that they may act again. */
    public Map<String, String> notice(AccountActivity activity) {
        return decisions.notice(activity);
    }

    /**
     * What this input does to the account: the one answer to "what can move an account?". An event
     * is counted first; then the table below, by state and kind of input.
     */
    public Outcome apply(String accountId, AccountActivity activity, LifecycleInput input, Allowlist allowlist) {
        Account account = new Account(accountId, activity, allowlist, rulesInForce.get());
        Event event = input instanceof Event e ? e : null;
        boolean breaksQuiet = event != null && count(account.rules, activity, event);
        // Rules see the windows that end at the account's latest event, so that is when they decide,
        // even when the event that tipped them arrived out of order.
        long decidedAt = activity.getLatestEventAtMillis();
        LifecycleState state = LifecycleState.of(activity, decidedAt);
        if (state == LifecycleState.QUIET && activity.getWatch() != null) {
            watchRanOut(account);
        }
        account.outcome.moveTo(state);
        switch (state) {
            case QUIET -> {
                switch (input.kind()) {
                    case EVENT -> protectOrWatch(account, decidedAt, event.nowMillis());
                    case COMMAND -> command(account, (Command) input, state);
                    case WAKE_UP -> { }
                }
            }
            case WATCHED -> {
                switch (input.kind()) {
                    case EVENT -> protectIfEscalated(account, event.event(), isForgiven(activity, event), decidedAt, event.nowMillis());
                    case COMMAND -> command(account, (Command) input, state);
                    case WAKE_UP -> { }
                }
            }
            case PROTECTED -> {
                switch (input.kind()) {
                    case EVENT -> releaseIfAllowlistedElsePushOut(account, decidedAt, event.nowMillis(), breaksQuiet);
                    case COMMAND -> command(account, (Command) input, state);
                    case WAKE_UP -> releaseIfAllowlistedOrDue(account, (WakeUp) input);
                }
            }
        }
        if (event != null) {
            reportShadowFindings(account, decidedAt, breaksQuiet, event.nowMillis());
        } else if (input instanceof WakeUp wakeUp && timeline.mayForget(activity, wakeUp.streamTimeMillis())) {
            if (activity.getWatch() != null) {
                watchRanOut(account);
            }
            account.outcome.forget();
        }
        return account.outcome;
    }

    /** A watch that ran out without escalating: the burst it watched was let through. */
    private static void watchRanOut(Account account) {
        account.activity.setWatch(null);
        account.outcome.note(Outcome.Note.WATCH_RAN_OUT);
    }

    /** Adds the event to the account's counts. True when it breaks a protected account's quiet period. */
    private static boolean count(RuleBook rules, AccountActivity activity, Event input) {
        activity.setLatestEventAtMillis(Math.max(activity.getLatestEventAtMillis(), input.eventMillis()));
        if (isForgiven(activity, input)) {
            return false;
        }
        rules.count(activity, input.event(), input.eventMillis());
        return breaksQuietPeriod(input.event());
    }

    /**
     * Activity from before an agent's release was judged already: counting it again (or letting it
     * escalate a watch) would protect the account again on it. A device registration is not activity
     * of that kind, and still counts: it is what tells a later sync is a phone migration.
     */
    private static boolean isForgiven(AccountActivity activity, Event input) {
        return breaksQuietPeriod(input.event()) && input.eventMillis() <= activity.getForgivenThroughMillis();
    }

    /** Protected, an event: released if the account has been allowlisted since; a suspicious event pushes the release out. */
    private void releaseIfAllowlistedElsePushOut(Account account, long decidedAt, long nowMillis, boolean breaksQuiet) {
        AllowlistEntry listed = account.allowlisted(nowMillis);
        if (listed != null) {
            releaseAllowlisted(account, listed, decidedAt, null);
        } else if (breaksQuiet) {
            pushOutRelease(account, decidedAt);
        }
    }

    /** Protected, a wake-up: released if allowlisted since, or if its release is due and may go. */
    private void releaseIfAllowlistedOrDue(Account account, WakeUp input) {
        long now = input.nowMillis();
        AllowlistEntry listed = account.allowlisted(now);
        if (listed != null) {
            releaseAllowlisted(account, listed, now, null);
        } else if (timeline.mayRelease(timeline.releaseDueAt(account.activity.getEpisode()), now, input.streamTimeMillis(),
                input.lastRecordAtMillis())) {
            release(account, ReleaseKind.AUTO, now, null, null, null, null);
        }
    }

    /** An operator's command, in any state; each ends with an audit entry saying what it did. */
    private void command(Account account, Command input, LifecycleState state) {
        OperatorCommand command = input.command();
        long now = input.nowMillis();
        String invalid = CommandCheck.problem(account.id, command);
        if (invalid != null) {
            account.audit(command, now, CommandResult.REJECTED, invalid);
            return;
        }
        switch (command.getAction()) {
            case RELEASE -> {
                if (state == LifecycleState.PROTECTED) {
                    // Forgiven first, so that the status the release sends shows the ladder as it now stands.
                    forgive(account.activity, now, command.getVerdict());
                    release(account, ReleaseKind.MANUAL, now, command.getOperator(), command.getReason(), command.getVerdict(),
                            command.getCommandId());
                    account.audit(command, now, CommandResult.APPLIED, "released (" + command.getVerdict().name().toLowerCase(Locale.ROOT)
                            + "); the activity judged before the release is forgiven");
                } else {
                    account.audit(command, now, CommandResult.NOT_PROTECTED,
                            "the account is not protected (" + state.name().toLowerCase(Locale.ROOT) + "); nothing changed");
                }
            }
            case ALLOW -> {
                AllowlistEntry entry = decisions.allowlistEntry(command, now);
                if (!timeline.allowlistInForce(entry, now)) {
                    account.audit(command, now, CommandResult.REJECTED, "allowUntil " + command.getAllowUntil() + " has passed; nothing changed");
                    return;
                }
                account.outcome.emit(entry, now);
                String released = "";
                if (state == LifecycleState.PROTECTED) {
                    // At once. The entry reaches the allowlist store a moment later, through its topic: the counts
                    // are forgiven too, so that no event in between protects the account again on them.
                    forgive(account.activity, now, null);
                    releaseAllowlisted(account, entry, now, command.getCommandId());
                    released = "; its protection is released";
                }
                account.audit(command, now, CommandResult.APPLIED, "put on the allowlist"
                        + (command.getAllowUntil() == null ? "" : " until " + command.getAllowUntil()) + released);
            }
            case DISALLOW -> {
                if (account.allowlist.entry(account.id) == null) {
                    account.audit(command, now, CommandResult.NOT_ALLOWLISTED, "the account is not on the allowlist; nothing changed");
                } else {
                    account.outcome.emit(new AllowlistRemoval(account.id), now);
                    account.audit(command, now, CommandResult.APPLIED, "taken off the allowlist");
                }
            }
        }
    }

    /** Quiet: protect at an enforced rule's threshold; watch a burst that only looks like a migration. */
    private void protectOrWatch(Account account, long decidedAt, long nowMillis) {
        AccountActivity activity = account.activity;
        RuleBook rules = account.rules;
        Rule atThreshold = rules.firstRuleAtThreshold(account.id, activity);
        if (atThreshold != null) {
            // Before any explanation is built: a busy allowlisted business would otherwise pay for one on every event.
            if (account.allowlisted(nowMillis) != null) {
                account.outcome.note(Outcome.Note.ALLOWLISTED_FINDING_SKIPPED);
                return;
            }
            protect(account, rules.explain(atThreshold, activity), decidedAt, null);
            return;
        }
        RuleFinding plausible = rules.watchFinding(account.id, activity);
        if (plausible != null && account.allowlisted(nowMillis) == null) {
            AccountWatch watch = new AccountWatch(plausible.rule().id(), plausible.rule().version(), plausible.reason(),
                    plausible.observedCount(), plausible.rule().threshold(), plausible.rule().window().toMillis(), decidedAt,
                    timeline.watchUntil(decidedAt), new HashMap<>(plausible.signals()));
            activity.setWatch(watch);
            account.outcome.moveTo(LifecycleState.WATCHED);
            account.outcome.emit(decisions.watched(account.id, plausible, watch, activity), decidedAt);
        }
    }

    /** Watched: protect when a rule reaches its threshold or abuse follows the burst. */
    private void protectIfEscalated(Account account, SpecificRecord event, boolean forgiven, long decidedAt, long nowMillis) {
        AccountActivity activity = account.activity;
        AccountWatch watch = activity.getWatch();
        RuleBook rules = account.rules;
        Rule atThreshold = rules.firstRuleAtThreshold(account.id, activity);
        RuleFinding escalation = atThreshold == null && !forgiven ? WatchEscalation.escalate(watch, event, activity) : null;
        if (atThreshold == null && escalation == null) {
            return;
        }
        if (account.allowlisted(nowMillis) != null) {
            account.outcome.note(Outcome.Note.ALLOWLISTED_FINDING_SKIPPED);
            return;
        }
        account.outcome.note(Outcome.Note.WATCH_ESCALATED);
        protect(account, escalation != null ? escalation : rules.explain(atThreshold, activity), decidedAt, watch.getStartedAtMillis());
        activity.setWatch(null);
    }

    private void protect(Account account, RuleFinding finding, long decidedAt, Long watchedSince) {
        AccountActivity activity = account.activity;
        if (timeline.historyExpired(activity, decidedAt)) {
            activity.setProtectionCount(0);
        }
        int protectionNumber = activity.getProtectionCount() + 1;
        long quietPeriod = timeline.quietPeriodMillis(protectionNumber);
        ProtectionEpisode episode = new ProtectionEpisode(finding.rule().id(), finding.rule().version(), finding.reason(),
                decidedAt, decidedAt, timeline.releaseEligibleAt(decidedAt, quietPeriod), quietPeriod);
        activity.setEpisode(episode);
        activity.setProtectionCount(protectionNumber);
        account.outcome.moveTo(LifecycleState.PROTECTED);
        account.outcome.emit(decisions.applied(account.id, activity, finding, episode, protectionNumber, watchedSince), decidedAt);
        account.status(decidedAt);
    }

    /** A suspicious event while protected moves the release to a quiet period after it. */
    private void pushOutRelease(Account account, long decidedAt) {
        ProtectionEpisode episode = account.activity.getEpisode();
        long lastSuspicious = Math.max(episode.getLastSuspiciousAtMillis(), decidedAt);
        episode.setLastSuspiciousAtMillis(lastSuspicious);
        long releaseAt = timeline.releaseEligibleAt(lastSuspicious, timeline.quietPeriodMillis(episode));
        if (releaseAt > episode.getReleaseEligibleAtMillis()) {
            episode.setReleaseEligibleAtMillis(releaseAt);
            account.status(decidedAt);
        }
    }

    /** An account on the allowlist while protected is released, as a manual release by whoever listed it. */
    private void releaseAllowlisted(Account account, AllowlistEntry listed, long atMillis, String commandId) {
        release(account, ReleaseKind.MANUAL, atMillis, listed.getAddedBy(), "allowlisted: " + listed.getReason(), null, commandId);
    }

    private void release(Account account, ReleaseKind kind, long atMillis, String releasedBy, String reason, ReleaseVerdict verdict,
                         String commandId) {
        AccountActivity activity = account.activity;
        ProtectionEpisode episode = activity.getEpisode();
        activity.setEpisode(null);
        activity.setLastReleasedAtMillis(atMillis);
        activity.setLastReleaseKind(kind);
        account.outcome.moveTo(LifecycleState.QUIET);
        account.outcome.emit(decisions.released(account.id, episode, kind, atMillis, releasedBy, reason, verdict, commandId), atMillis);
        account.status(atMillis, verdict);
    }

    /**
     * What an agent's release (or putting a protected account on the allowlist) forgives: every count
     * up to the release (the burst they judged), so the next ordinary event does not protect the
     * account again on old windows. Friend-adds, chatrooms and reports from before the release that
     * arrive later are not counted either; the horizon is the later of the account's latest event and
     * the wall clock at the release, since the agent judged everything that had happened by then. A
     * wrongful protection (verdict {@code WRONGFUL}) also comes off the escalation ladder: it was never
     * the account's doing.
     */
    private static void forgive(AccountActivity activity, long releasedAtMillis, ReleaseVerdict verdict) {
        activity.getBurstBuckets().clear();
        activity.getSustainedBuckets().clear();
        activity.getRecentReports().clear();
        activity.setWatch(null);
        activity.setForgivenThroughMillis(Math.max(activity.getLatestEventAtMillis(), releasedAtMillis));
        if (verdict == ReleaseVerdict.WRONGFUL) {
            activity.setProtectionCount(Math.max(0, activity.getProtectionCount() - 1));
        }
    }

    /**
     * Shadow rules at their thresholds say what they would have done, once per would-be protection.
     * A would-be protection lasts as a real one would: any friend-add, chatroom or report pushes its
     * end out by the (first-step) quiet period; the escalation ladder is not applied to it.
     */
    private void reportShadowFindings(Account account, long decidedAt, boolean breaksQuiet, long nowMillis) {
        AccountActivity activity = account.activity;
        Map<String, Long> wouldLastUntil = activity.getShadowFindingsUntil();
        if (!wouldLastUntil.isEmpty()) {
            wouldLastUntil.values().removeIf(until -> until < decidedAt);
            if (breaksQuiet) {
                long pushedTo = timeline.shadowProtectionUntil(decidedAt);
                wouldLastUntil.replaceAll((ruleId, until) -> Math.max(until, pushedTo));
            }
        }
        RuleBook rules = account.rules;
        for (Rule rule : rules.shadowRulesAtThreshold(account.id, activity)) {
            String ruleId = rule.parameters().id();
            if (!wouldLastUntil.containsKey(ruleId)) {
                boolean allowlisted = account.allowlisted(nowMillis) != null;
                account.outcome.emit(decisions.shadow(account.id, rules.explain(rule, activity), decidedAt, activity.getEpisode() != null,
                        allowlisted), decidedAt);
            }
            wouldLastUntil.merge(ruleId, timeline.shadowProtectionUntil(decidedAt), Math::max);
        }
    }

    /**
     * What breaks a protected account's quiet period: a friend-add, a chatroom or a spam report (what
     * a protection restricts, and what victims say); a device registration does not.
     */
    private static boolean breaksQuietPeriod(SpecificRecord event) {
        return event instanceof FriendAdded || event instanceof ChatroomCreated || event instanceof SpamReported;
    }

    /** The account being judged, and what is coming out of it. */
    private final class Account {
        final String id;
        final AccountActivity activity;
        final Allowlist allowlist;
        final RuleBook rules;
        final Outcome outcome = new Outcome(LifecycleState.QUIET);

        Account(String id, AccountActivity activity, Allowlist allowlist, RuleBook rules) {
            this.id = id;
            this.activity = activity;
            this.allowlist = allowlist;
            this.rules = rules;
        }

        /** The account's allowlist entry if it is in force now, else null. */
        AllowlistEntry allowlisted(long nowMillis) {
            AllowlistEntry entry = allowlist.entry(id);
            return entry != null && timeline.allowlistInForce(entry, nowMillis) ? entry : null;
        }

        void status(long atMillis) {
            status(atMillis, null);
        }

        void status(long atMillis, ReleaseVerdict releaseVerdict) {
            ProtectionEpisode episode = activity.getEpisode();
            long quietPeriod = episode == null ? 0 : timeline.quietPeriodMillis(episode);
            outcome.emit(decisions.status(id, activity, quietPeriod, atMillis, releaseVerdict), atMillis);
        }

        void audit(OperatorCommand command, long atMillis, CommandResult result, String detail) {
            outcome.emit(decisions.audit(command, atMillis, result, detail), atMillis);
        }
    }
}
