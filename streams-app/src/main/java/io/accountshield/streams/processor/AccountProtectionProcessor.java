package io.accountshield.streams.processor;

import io.accountshield.schema.decisions.ReleaseKind;
import io.accountshield.schema.events.ChatroomCreated;
import io.accountshield.schema.events.DeviceRegistered;
import io.accountshield.schema.events.FriendAdded;
import io.accountshield.schema.events.FriendSource;
import io.accountshield.schema.events.SpamReported;
import io.accountshield.schema.state.AccountActivity;
import io.accountshield.schema.state.ActivityBucket;
import io.accountshield.schema.state.ProtectionEpisode;
import io.accountshield.streams.rules.Rule;
import io.accountshield.streams.rules.RuleBook;
import io.accountshield.streams.rules.RuleFinding;
import io.accountshield.streams.time.AccountTimers;
import io.accountshield.streams.time.BucketTier;
import io.accountshield.streams.time.ProtectionTimeline;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The protection state machine for the accounts of one partition. Each event updates the account's
 * counts and is checked against the rules: an unprotected account at a threshold is protected (one
 * {@code ProtectionApplied} per episode); a protected one has its release pushed out. Wall-clock
 * punctuation releases accounts whose quiet period has passed, whether or not any event arrives.
 *
 * <p>Emits {@code ProtectionApplied}, {@code ProtectionReleased} and {@code AccountProtectionStatus}
 * records, keyed by account id; the topology routes them to their topics.
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

    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, AccountActivity> activities;
    private AccountTimers timers;
    private Sensor lateEventsSkipped;
    private Sensor protectionsApplied;
    private Sensor protectionsReleased;
    /** Wall-clock time this task last processed a record: a lagging task is never idle for long. */
    private long lastRecordAtMillis;

    public AccountProtectionProcessor(RuleBook rules, ProtectionTimeline timeline, String activityStoreName, String timerStoreName) {
        this.rules = rules;
        this.timeline = timeline;
        this.decisions = new Decisions(timeline.quietPeriodMillis());
        this.activityStoreName = activityStoreName;
        this.timerStoreName = timerStoreName;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.activities = context.getStateStore(activityStoreName);
        KeyValueStore<Bytes, byte[]> timerStore = context.getStateStore(timerStoreName);
        this.timers = new AccountTimers(timerStore);
        this.lateEventsSkipped = sensor("late-events-skipped");
        this.protectionsApplied = sensor("protections-applied");
        this.protectionsReleased = sensor("protections-released");
        this.lastRecordAtMillis = context.currentSystemTimeMs();
        context.schedule(timeline.firstCheckAfter(context.currentSystemTimeMs()), timeline.checkInterval(),
                PunctuationType.WALL_CLOCK_TIME, this::wakeDueAccounts);
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        SpecificRecord event = record.value();
        String problem = EventValidator.problem(record.key(), event);
        if (problem != null) {
            throw new InvalidEventException(problem);
        }
        long eventMillis = record.timestamp();
        long occurredAt = AccountEvents.occurredAt(event).toEpochMilli();
        if (occurredAt != eventMillis) {
            // The timestamp extractor kept the record's own time: the event claims a time after it was produced.
            throw new InvalidEventException(String.format("occurredAt %s is %d s after the record was produced (%s); at most %d s are accepted",
                    Instant.ofEpochMilli(occurredAt), (occurredAt - eventMillis) / 1000, Instant.ofEpochMilli(eventMillis),
                    timeline.maxFutureSkewMillis() / 1000));
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
        activity.setLatestEventAtMillis(Math.max(activity.getLatestEventAtMillis(), eventMillis));
        boolean reported = count(activity, event, eventMillis);

        // Rules see the windows that end at the account's latest event, so that is when they decide,
        // even when the event that tipped them arrived out of order.
        long decidedAt = activity.getLatestEventAtMillis();
        Rule atThreshold = rules.firstRuleAtThreshold(activity);
        ProtectionEpisode episode = activity.getEpisode();
        if (episode == null && atThreshold != null) {
            protect(accountId, activity, rules.explain(atThreshold, activity), decidedAt);
        } else if (episode != null && (atThreshold != null || reported)) {
            pushOutRelease(accountId, activity, episode, decidedAt);
        }
        keepTimer(accountId, activity);
        activities.put(accountId, activity);
    }

    /** Adds the event to the account's counts; true when it is a spam report. */
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
        } else if (event instanceof ChatroomCreated created) {
            for (ActivityBucket bucket : buckets(activity, eventMillis, head)) {
                bucket.setChatroomsCreated(bucket.getChatroomsCreated() + 1);
                bucket.setNonFriendChatroomMembers(bucket.getNonFriendChatroomMembers() + created.getNonFriendMemberCount());
            }
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

    private void protect(String accountId, AccountActivity activity, RuleFinding finding, long decidedAt) {
        ProtectionEpisode episode = new ProtectionEpisode(finding.rule().id(), finding.rule().version(), finding.reason(),
                decidedAt, decidedAt, timeline.releaseEligibleAt(decidedAt));
        activity.setEpisode(episode);
        activity.setProtectionCount(activity.getProtectionCount() + 1);
        context.forward(new Record<>(accountId, decisions.applied(accountId, finding, episode, activity.getProtectionCount()), decidedAt));
        context.forward(new Record<>(accountId, decisions.status(accountId, activity, decidedAt), decidedAt));
        protectionsApplied.record();
    }

    private void pushOutRelease(String accountId, AccountActivity activity, ProtectionEpisode episode, long decidedAt) {
        long lastSuspicious = Math.max(episode.getLastSuspiciousAtMillis(), decidedAt);
        episode.setLastSuspiciousAtMillis(lastSuspicious);
        long releaseAt = timeline.releaseEligibleAt(lastSuspicious);
        if (releaseAt > episode.getReleaseEligibleAtMillis()) {
            episode.setReleaseEligibleAtMillis(releaseAt);
            context.forward(new Record<>(accountId, decisions.status(accountId, activity, decidedAt), decidedAt));
        }
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
        for (AccountTimers.Due due : timers.dueBy(nowMillis, MAX_TIMERS_PER_CHECK)) {
            timers.cancel(due.accountId(), due.wakeAtMillis());
            AccountActivity activity = activities.get(due.accountId());
            if (activity == null || activity.getTimerAtMillis() != due.wakeAtMillis()) {
                continue;
            }
            ProtectionEpisode episode = activity.getEpisode();
            long streamTime = context.currentStreamTimeMs();
            if (episode != null && timeline.mayRelease(timeline.releaseDueAt(episode), nowMillis, streamTime, lastRecordAtMillis)) {
                release(due.accountId(), activity, ReleaseKind.AUTO, nowMillis, null, null);
            }
            if (timeline.mayForget(activity, streamTime)) {
                activities.delete(due.accountId());
                continue;
            }
            // A release held back while the partition's backlog is read is checked again a little later.
            long next = timeline.nextWakeAt(activity, nowMillis, streamTime);
            if (next <= nowMillis) {
                next = nowMillis + timeline.heldReleaseRecheckMillis();
            }
            timers.set(due.accountId(), next);
            activity.setTimerAtMillis(next);
            activities.put(due.accountId(), activity);
        }
    }

    private void release(String accountId, AccountActivity activity, ReleaseKind kind, long nowMillis,
                         String releasedBy, String releaseReason) {
        ProtectionEpisode episode = activity.getEpisode();
        activity.setEpisode(null);
        activity.setLastReleasedAtMillis(nowMillis);
        activity.setLastReleaseKind(kind);
        context.forward(new Record<>(accountId, decisions.released(accountId, episode, kind, nowMillis, releasedBy, releaseReason), nowMillis));
        context.forward(new Record<>(accountId, decisions.status(accountId, activity, nowMillis), nowMillis));
        protectionsReleased.record();
    }

    private static AccountActivity newActivity() {
        return new AccountActivity(0L, new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), null, null, null, 0, null, null, 0L);
    }

    private Sensor sensor(String operation) {
        return context.metrics().addRateTotalSensor(METRICS_SCOPE, "protection", operation, Sensor.RecordingLevel.INFO);
    }
}
