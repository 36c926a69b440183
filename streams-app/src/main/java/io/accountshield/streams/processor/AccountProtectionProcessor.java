package io.accountshield.streams.processor;

import io.accountshield.schema.allowlist.AllowlistEntry;
import io.accountshield.schema.decisions.ReleaseKind;
import io.accountshield.schema.events.ChatroomCreated;
import io.accountshield.schema.events.DeviceRegistered;
import io.accountshield.schema.events.FriendAdded;
import io.accountshield.schema.events.FriendSource;
import io.accountshield.schema.events.SpamReported;
import io.accountshield.schema.state.AccountActivity;
import io.accountshield.schema.state.AccountWatch;
import io.accountshield.schema.state.ActivityBucket;
import io.accountshield.schema.state.ProtectionEpisode;
import io.accountshield.schema.decisions.AccountWatched;
import io.accountshield.schema.decisions.ProtectionApplied;
import io.accountshield.schema.decisions.ProtectionReleased;
import io.accountshield.schema.decisions.ShadowProtection;
import io.accountshield.streams.errors.DeadLetterRecords;
import io.accountshield.streams.errors.ErrorReporting;
import io.accountshield.streams.rules.Rule;
import io.accountshield.streams.rules.RuleBook;
import io.accountshield.streams.rules.RuleFinding;
import io.accountshield.streams.rules.RuleParameters;
import io.accountshield.streams.time.AccountTimers;
import io.accountshield.streams.time.BucketTier;
import io.accountshield.streams.time.ProtectionTimeline;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The protection state machine for the accounts of one partition. Each event updates the account's
 * counts and is checked against the rules: an unprotected account at an enforced rule's threshold is
 * protected (one {@code ProtectionApplied} per episode), unless it is on the allowlist; a sync that
 * only looks like a phone migration starts a watch, which abuse turns into a protection; a protected
 * account's release is pushed out by any further friend-add, chatroom or report. Rules in shadow
 * mode only say what they would have done. Wall-clock punctuation releases accounts whose quiet
 * period (longer for repeat offenders) has passed, whether or not any event arrives.
 *
 * <p>Emits {@code ProtectionApplied}, {@code ProtectionReleased}, {@code AccountProtectionStatus},
 * {@code AccountWatched} and {@code ShadowProtection} records, keyed by account id; the topology routes
 * them to their topics.
 */
public final class AccountProtectionProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {

    /** Releases per punctuation at most, so a backlog after downtime cannot stall the stream thread. */
    static final int MAX_TIMERS_PER_CHECK = 50_000;

    static final String METRICS_SCOPE = "account-shield";

    private final RuleBook rules;
    private final ProtectionTimeline timeline;
    private final Decisions decisions;
    private final String activityStoreName;
    private final String timerStoreName;
    private final String allowlistStoreName;

    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, AccountActivity> activities;
    private AccountTimers timers;
    private KeyValueStore<String, AllowlistEntry> allowlist;
    private Sensor lateEventsSkipped;
    private Sensor protectionsApplied;
    private Sensor protectionsReleased;
    private Sensor watchesStarted;
    private Sensor watchesEscalated;
    /** Events at which a rule stood at its threshold for an allowlisted account: what the allowlist prevented. */
    private Sensor allowlistedFindingsSkipped;
    private final Map<String, Sensor> shadowProtections = new HashMap<>();
    /**
     * Decisions made for the account being judged, sent only once its state is stored: an exception
     * half-way leaves neither a decision without its state nor a state without its decision.
     */
    private final List<Record<String, SpecificRecord>> pending = new ArrayList<>();
    private ErrorReporting errors;
    /** Wall-clock time this task last processed a record: a lagging task is never idle for long. */
    private long lastRecordAtMillis;

    public AccountProtectionProcessor(RuleBook rules, ProtectionTimeline timeline, String activityStoreName, String timerStoreName,
                                      String allowlistStoreName) {
        this.rules = rules;
        this.timeline = timeline;
        this.decisions = new Decisions(timeline.quietPeriodMillis(1));
        this.activityStoreName = activityStoreName;
        this.timerStoreName = timerStoreName;
        this.allowlistStoreName = allowlistStoreName;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.activities = context.getStateStore(activityStoreName);
        KeyValueStore<Bytes, byte[]> timerStore = context.getStateStore(timerStoreName);
        this.timers = new AccountTimers(timerStore);
        this.allowlist = context.getStateStore(allowlistStoreName);
        this.lateEventsSkipped = sensor("late-events-skipped");
        this.protectionsApplied = sensor("protections-applied");
        this.protectionsReleased = sensor("protections-released");
        this.watchesStarted = sensor("watches-started");
        this.watchesEscalated = sensor("watches-escalated");
        this.allowlistedFindingsSkipped = sensor("allowlisted-findings-skipped");
        this.errors = ErrorReporting.from(context.appConfigs());
        this.lastRecordAtMillis = context.currentSystemTimeMs();
        context.schedule(timeline.firstCheckAfter(context.currentSystemTimeMs()), timeline.checkInterval(),
                PunctuationType.WALL_CLOCK_TIME, this::wakeDueAccounts);
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        SpecificRecord event = record.value();
        EventValidator.Problem problem = EventValidator.problem(record.key(), event);
        if (problem == null) {
            problem = EventValidator.implausibleTime(event);
        }
        if (problem != null) {
            throw new InvalidEventException(problem);
        }
        long eventMillis = record.timestamp();
        long occurredAt = AccountEvents.occurredAt(event).toEpochMilli();
        if (occurredAt != eventMillis) {
            // The timestamp extractor would not trust the event's time: it claims to be from the future.
            throw new InvalidEventException(new EventValidator.Problem(EventValidator.FUTURE_EVENT, String.format(
                    "occurredAt %s is more than %d s ahead of both the record's timestamp and this instance's clock; "
                            + "one event this far ahead would move stream time on and make every later event on its partition late",
                    Instant.ofEpochMilli(occurredAt), timeline.maxFutureSkewMillis() / 1000)));
        }
        if (timeline.isTooLate(eventMillis, context.currentStreamTimeMs())) {
            lateEventsSkipped.record();
            return;
        }
        // Only events that count show that this partition is still being read; late or invalid ones do not.
        lastRecordAtMillis = context.currentSystemTimeMs();
        String accountId = record.key();
        AccountActivity activity = activities.get(accountId);
        if (activity == null) {
            activity = newActivity();
        }
        pending.clear();
        judge(accountId, activity, event, eventMillis);
        keepTimer(accountId, activity);
        activities.put(accountId, activity);
        sendPending();
    }

    /** Everything an event does to its account's state (a copy, written back only after this returns). */
    private void judge(String accountId, AccountActivity activity, SpecificRecord event, long eventMillis) {
        activity.setLatestEventAtMillis(Math.max(activity.getLatestEventAtMillis(), eventMillis));
        boolean notQuiet = count(activity, event, eventMillis);

        // Rules see the windows that end at the account's latest event, so that is when they decide,
        // even when the event that tipped them arrived out of order.
        long decidedAt = activity.getLatestEventAtMillis();
        if (activity.getEpisode() == null) {
            judgeUnprotected(accountId, activity, event, decidedAt);
        } else {
            // Read once: the global store changes under us, on its own thread.
            AllowlistEntry listed = allowlist.get(accountId);
            if (listed != null) {
                releaseAllowlisted(accountId, activity, listed, decidedAt);
            } else if (notQuiet) {
                pushOutRelease(accountId, activity, activity.getEpisode(), decidedAt);
            }
        }
        reportShadowFindings(accountId, activity, decidedAt, notQuiet);
    }

    private void emit(String accountId, SpecificRecord decision, long atMillis) {
        pending.add(new Record<>(accountId, decision, atMillis));
    }

    /** Sends the decisions of a judgement whose state is stored, and counts them. */
    private void sendPending() {
        for (Record<String, SpecificRecord> decision : pending) {
            context.forward(decision);
            SpecificRecord value = decision.value();
            if (value instanceof ProtectionApplied) {
                protectionsApplied.record();
            } else if (value instanceof ProtectionReleased) {
                protectionsReleased.record();
            } else if (value instanceof AccountWatched) {
                watchesStarted.record();
            } else if (value instanceof ShadowProtection shadow) {
                shadowProtections.computeIfAbsent(shadow.getRuleId(), this::shadowSensor).record();
            }
        }
        pending.clear();
    }

    /** Protect at an enforced rule's threshold or when a watch is escalated; watch a sync that looks like a migration. */
    private void judgeUnprotected(String accountId, AccountActivity activity, SpecificRecord event, long decidedAt) {
        AccountWatch watch = activity.getWatch();
        if (watch != null && decidedAt > watch.getUntilMillis()) {
            activity.setWatch(null);
            watch = null;
        }
        Rule atThreshold = rules.firstRuleAtThreshold(activity);
        boolean escalated = atThreshold == null && watch != null && escalatesWatch(event);
        if (atThreshold != null || escalated) {
            // Before any explanation is built: a busy allowlisted business would otherwise pay for one on every event.
            if (allowlist.get(accountId) != null) {
                allowlistedFindingsSkipped.record();
                return;
            }
            RuleFinding finding = escalated ? escalation(watch, event) : rules.explain(atThreshold, activity);
            if (watch != null) {
                watchesEscalated.record();
            }
            protect(accountId, activity, finding, decidedAt, watch == null ? null : watch.getStartedAtMillis());
            activity.setWatch(null);
            return;
        }
        if (watch == null) {
            RuleFinding plausible = rules.watchFinding(activity);
            if (plausible != null && allowlist.get(accountId) == null) {
                startWatch(accountId, activity, plausible, decidedAt);
            }
        }
    }

    /** What abuse after a plausible burst looks like: victims reporting it, or chatrooms full of strangers. */
    private static boolean escalatesWatch(SpecificRecord event) {
        if (event instanceof SpamReported) {
            return true;
        }
        return event instanceof ChatroomCreated created && 2 * created.getNonFriendMemberCount() > created.getMemberCount();
    }

    /** The watched burst's own finding (its counts and signals from when the watch started), and what followed it. */
    private static RuleFinding escalation(AccountWatch watch, SpecificRecord event) {
        String what = event instanceof SpamReported report
                ? "a spam report from " + report.getReporterAccountId()
                : "a chatroom in which " + ((ChatroomCreated) event).getNonFriendMemberCount() + " of "
                        + ((ChatroomCreated) event).getMemberCount() + " members are not friends";
        RuleParameters rule = new RuleParameters(watch.getRuleId(), watch.getRuleVersion(), true, watch.getThreshold(),
                Duration.ofMillis(watch.getWindowMillis()));
        String reason = watch.getReason() + "; watched since " + Instant.ofEpochMilli(watch.getStartedAtMillis()) + ", then " + what;
        return new RuleFinding(rule, watch.getObservedCount(), reason, watch.getSignals());
    }

    private void startWatch(String accountId, AccountActivity activity, RuleFinding finding, long decidedAt) {
        AccountWatch watch = new AccountWatch(finding.rule().id(), finding.rule().version(), finding.reason(), finding.observedCount(),
                finding.rule().threshold(), finding.rule().window().toMillis(), decidedAt, timeline.watchUntil(decidedAt),
                new HashMap<>(finding.signals()));
        activity.setWatch(watch);
        emit(accountId, decisions.watched(accountId, finding, watch), decidedAt);
    }

    /**
     * Shadow rules at their thresholds say what they would have done, once per would-be protection.
     * A would-be protection lasts as a real one would: any friend-add, chatroom or report pushes its
     * end out by the (first-step) quiet period; the escalation ladder is not applied to it.
     */
    private void reportShadowFindings(String accountId, AccountActivity activity, long decidedAt, boolean notQuiet) {
        Map<String, Long> wouldLastUntil = activity.getShadowFindingsUntil();
        if (!wouldLastUntil.isEmpty()) {
            wouldLastUntil.values().removeIf(until -> until < decidedAt);
            if (notQuiet) {
                long pushedTo = timeline.shadowProtectionUntil(decidedAt);
                wouldLastUntil.replaceAll((ruleId, until) -> Math.max(until, pushedTo));
            }
        }
        for (Rule rule : rules.shadowRulesAtThreshold(activity)) {
            String ruleId = rule.parameters().id();
            if (!wouldLastUntil.containsKey(ruleId)) {
                boolean allowlisted = allowlist.get(accountId) != null;
                emit(accountId, decisions.shadow(accountId, rules.explain(rule, activity), decidedAt, activity.getEpisode() != null, allowlisted),
                        decidedAt);
            }
            wouldLastUntil.merge(ruleId, timeline.shadowProtectionUntil(decidedAt), Math::max);
        }
    }

    /**
     * Adds the event to the account's counts. True when it breaks a protected account's quiet period:
     * a friend-add, a chatroom or a spam report (what a protection restricts, and what victims say);
     * a device registration does not.
     */
    private boolean count(AccountActivity activity, SpecificRecord event, long eventMillis) {
        long head = activity.getLatestEventAtMillis();
        if (event instanceof FriendAdded added) {
            for (ActivityBucket bucket : buckets(activity, eventMillis, head)) {
                bucket.setFriendAdds(bucket.getFriendAdds() + 1);
                if (added.getMutual()) {
                    bucket.setMutualFriendAdds(bucket.getMutualFriendAdds() + 1);
                }
                if (added.getSource() == FriendSource.CONTACT_SYNC) {
                    bucket.setContactSyncAdds(bucket.getContactSyncAdds() + 1);
                    if (added.getMutual()) {
                        bucket.setMutualContactSyncAdds(bucket.getMutualContactSyncAdds() + 1);
                    }
                }
            }
            return true;
        } else if (event instanceof ChatroomCreated created) {
            for (ActivityBucket bucket : buckets(activity, eventMillis, head)) {
                bucket.setChatroomsCreated(bucket.getChatroomsCreated() + 1);
                bucket.setNonFriendChatroomMembers(bucket.getNonFriendChatroomMembers() + created.getNonFriendMemberCount());
            }
            return true;
        } else if (event instanceof DeviceRegistered registered) {
            Long previous = activity.getLastDeviceRegisteredAtMillis();
            activity.setLastDeviceRegisteredAtMillis(previous == null ? eventMillis : Math.max(previous, eventMillis));
            activity.setAccountCreatedAtMillis(registered.getAccountCreatedAt().toEpochMilli());
        } else if (event instanceof SpamReported report) {
            rules.reportWindow().add(activity.getRecentReports(), report.getReporterAccountId(), eventMillis, head);
            return true;
        }
        return false;
    }

    /** The burst and sustained buckets an event at this time counts in (none that are out of reach). */
    private List<ActivityBucket> buckets(AccountActivity activity, long eventMillis, long head) {
        List<ActivityBucket> hit = new ArrayList<>(2);
        addIfReachable(hit, rules.burstTier(), activity.getBurstBuckets(), eventMillis, head);
        addIfReachable(hit, rules.sustainedTier(), activity.getSustainedBuckets(), eventMillis, head);
        return hit;
    }

    private static void addIfReachable(List<ActivityBucket> hit, BucketTier tier, List<ActivityBucket> buckets, long eventMillis, long head) {
        ActivityBucket bucket = tier.bucketFor(buckets, eventMillis, head);
        if (bucket != null) {
            hit.add(bucket);
        }
    }

    private void protect(String accountId, AccountActivity activity, RuleFinding finding, long decidedAt, Long watchedSince) {
        if (timeline.historyExpired(activity, decidedAt)) {
            activity.setProtectionCount(0);
        }
        int protectionNumber = activity.getProtectionCount() + 1;
        long quietPeriod = timeline.quietPeriodMillis(protectionNumber);
        ProtectionEpisode episode = new ProtectionEpisode(finding.rule().id(), finding.rule().version(), finding.reason(),
                decidedAt, decidedAt, timeline.releaseEligibleAt(decidedAt, quietPeriod), quietPeriod);
        activity.setEpisode(episode);
        activity.setProtectionCount(protectionNumber);
        emit(accountId, decisions.applied(accountId, finding, episode, protectionNumber, watchedSince), decidedAt);
        forwardStatus(accountId, activity, decidedAt);
    }

    private void pushOutRelease(String accountId, AccountActivity activity, ProtectionEpisode episode, long decidedAt) {
        long lastSuspicious = Math.max(episode.getLastSuspiciousAtMillis(), decidedAt);
        episode.setLastSuspiciousAtMillis(lastSuspicious);
        long releaseAt = timeline.releaseEligibleAt(lastSuspicious, timeline.quietPeriodMillis(episode));
        if (releaseAt > episode.getReleaseEligibleAtMillis()) {
            episode.setReleaseEligibleAtMillis(releaseAt);
            forwardStatus(accountId, activity, decidedAt);
        }
    }

    /** An account put on the allowlist while protected is released, as a manual release by whoever listed it. */
    private void releaseAllowlisted(String accountId, AccountActivity activity, AllowlistEntry listed, long atMillis) {
        release(accountId, activity, ReleaseKind.MANUAL, atMillis, listed.getAddedBy(), "allowlisted: " + listed.getReason());
    }

    /**
     * Releases this task's protected accounts that have been put on the allowlist since, without
     * waiting for an event from them (a protected account may send none). The allowlist is short
     * (verified businesses), so reading it whole once per release check costs little.
     */
    private void releaseAllowlistedAccounts(long nowMillis) {
        try (KeyValueIterator<String, AllowlistEntry> listed = allowlist.all()) {
            while (listed.hasNext()) {
                KeyValue<String, AllowlistEntry> entry = listed.next();
                AccountActivity activity = activities.get(entry.key);
                if (activity != null && activity.getEpisode() != null) {
                    wakeUp(entry.key, activity, nowMillis, () -> {
                        releaseAllowlisted(entry.key, activity, entry.value, nowMillis);
                        activities.put(entry.key, activity);
                    });
                }
            }
        }
    }

    private void forwardStatus(String accountId, AccountActivity activity, long atMillis) {
        ProtectionEpisode episode = activity.getEpisode();
        long quietPeriod = episode == null ? 0 : timeline.quietPeriodMillis(episode);
        emit(accountId, decisions.status(accountId, activity, quietPeriod, atMillis), atMillis);
    }

    /**
     * Keeps the account's one timer no later than the first thing due for it. Events only ever move
     * due times later, except a new protection, so most events write no timer at all; a timer that
     * wakes early is simply set again.
     */
    private void keepTimer(String accountId, AccountActivity activity) {
        long wanted = timeline.nextWakeAt(activity, context.currentSystemTimeMs(), context.currentStreamTimeMs());
        long current = activity.getTimerAtMillis();
        if (current == 0 || wanted < current) {
            if (current != 0) {
                timers.cancel(accountId, current);
            }
            timers.set(accountId, wanted);
            activity.setTimerAtMillis(wanted);
        }
    }

    private void wakeDueAccounts(long nowMillis) {
        releaseAllowlistedAccounts(nowMillis);
        for (AccountTimers.Due due : timers.dueBy(nowMillis, MAX_TIMERS_PER_CHECK)) {
            timers.cancel(due.accountId(), due.wakeAtMillis());
            AccountActivity activity = activities.get(due.accountId());
            if (activity == null || activity.getTimerAtMillis() != due.wakeAtMillis()) {
                continue;
            }
            wakeUp(due.accountId(), activity, nowMillis, () -> wake(due.accountId(), activity, nowMillis));
        }
    }

    /**
     * Runs what a wake-up does to one account (its store writes included) and sends its decisions;
     * a defect in it is handled for this account alone. Kafka Streams' own failures propagate.
     */
    private void wakeUp(String accountId, AccountActivity activity, long nowMillis, Runnable judgement) {
        pending.clear();
        try {
            judgement.run();
        } catch (StreamsException storeFailure) {
            throw storeFailure;
        } catch (RuntimeException defect) {
            wakeUpFailed(accountId, activity, defect, nowMillis);
            return;
        }
        sendPending();
    }

    /** Releases the account if its release is due, and forgets it or sets its next wake-up. */
    private void wake(String accountId, AccountActivity activity, long nowMillis) {
        ProtectionEpisode episode = activity.getEpisode();
        long streamTime = context.currentStreamTimeMs();
        if (episode != null && timeline.mayRelease(timeline.releaseDueAt(episode), nowMillis, streamTime, lastRecordAtMillis)) {
            release(accountId, activity, ReleaseKind.AUTO, nowMillis, null, null);
        }
        if (timeline.mayForget(activity, streamTime)) {
            activities.delete(accountId);
            return;
        }
        // A release held back while the partition's backlog is read is checked again a little later.
        long next = timeline.nextWakeAt(activity, nowMillis, streamTime);
        if (next <= nowMillis) {
            next = nowMillis + timeline.heldReleaseRecheckMillis();
        }
        timers.set(accountId, next);
        activity.setTimerAtMillis(next);
        activities.put(accountId, activity);
    }

    /**
     * A defect while waking one account must not stop the others' releases, nor lose this one's: it
     * is counted and logged, the account's state as it was goes to the dead-letter topic (there is
     * no input record behind a wake-up), and the account is woken again at the next check.
     */
    private void wakeUpFailed(String accountId, AccountActivity stored, RuntimeException defect, long nowMillis) {
        pending.clear();
        errors.defect("the release check of an account (task " + context.taskId() + ")", defect, true);
        long retryAt = nowMillis + timeline.heldReleaseRecheckMillis();
        AccountActivity untouched = activities.get(accountId);
        if (untouched != null) {
            timers.set(accountId, retryAt);
            untouched.setTimerAtMillis(retryAt);
            activities.put(accountId, untouched);
        }
        context.forward(new Record<>(accountId, untouched != null ? untouched : stored, nowMillis,
                DeadLetterRecords.defectHeaders(defect, DeadLetterRecords.RELEASE_CHECK)));
    }

    private void release(String accountId, AccountActivity activity, ReleaseKind kind, long nowMillis,
                         String releasedBy, String releaseReason) {
        ProtectionEpisode episode = activity.getEpisode();
        activity.setEpisode(null);
        activity.setLastReleasedAtMillis(nowMillis);
        activity.setLastReleaseKind(kind);
        emit(accountId, decisions.released(accountId, episode, kind, nowMillis, releasedBy, releaseReason), nowMillis);
        forwardStatus(accountId, activity, nowMillis);
    }

    private static AccountActivity newActivity() {
        return new AccountActivity(0L, new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), null, null, null, 0, null, null, null, 0L,
                new HashMap<>());
    }

    private Sensor sensor(String operation) {
        return context.metrics().addRateTotalSensor(METRICS_SCOPE, "protection", operation, Sensor.RecordingLevel.INFO);
    }

    /** One per shadow rule, so a dashboard compares what each would have done. */
    private Sensor shadowSensor(String ruleId) {
        return context.metrics().addRateTotalSensor(METRICS_SCOPE, "rule-" + ruleId, "shadow-protections", Sensor.RecordingLevel.INFO);
    }
}
