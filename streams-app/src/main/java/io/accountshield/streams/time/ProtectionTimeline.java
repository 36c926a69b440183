package io.accountshield.streams.time;

import io.accountshield.schema.allowlist.AllowlistEntry;
import io.accountshield.schema.state.AccountActivity;
import io.accountshield.schema.state.ProtectionEpisode;
import java.time.Duration;
import java.time.Instant;

/**
 * When things happen to an account: whether an event is too late to count, when a protection may
 * be released, when the account's idle state may be forgotten, and when its timer should next wake.
 */
public final class ProtectionTimeline {

    private final long graceMillis;
    private final long maxFutureSkewMillis;
    private final long idlePartitionMillis;
    private final long maxReleaseHoldMillis;
    private final TimeSettings time;
    private final long quietPeriodMillis;
    private final long watchPeriodMillis;
    private final long checkIntervalMillis;
    private final long activityRetentionMillis;
    private final long historyRetentionMillis;

    /**
     * @param activityRetention how long after its latest event an account's windows can still matter
     * @param historyRetention  how long a released account's protection history is kept
     */
    public ProtectionTimeline(TimeSettings time, Duration activityRetention, Duration historyRetention) {
        this.graceMillis = time.grace().toMillis();
        this.maxFutureSkewMillis = time.maxFutureSkew().toMillis();
        this.idlePartitionMillis = time.idlePartition().toMillis();
        this.maxReleaseHoldMillis = time.maxReleaseHold().toMillis();
        this.time = time;
        this.quietPeriodMillis = time.quietPeriod().toMillis();
        this.watchPeriodMillis = time.watchPeriod().toMillis();
        this.checkIntervalMillis = time.releaseCheckInterval().toMillis();
        this.activityRetentionMillis = activityRetention.toMillis() + graceMillis;
        this.historyRetentionMillis = historyRetention.toMillis();
    }

    /** An event older than the partition's stream time by more than the grace period is not counted. */
    public boolean isTooLate(long eventMillis, long streamTimeMillis) {
        return eventMillis < streamTimeMillis - graceMillis;
    }

    public long maxFutureSkewMillis() {
        return maxFutureSkewMillis;
    }

    /**
     * The end of the quiet period after the last suspicious event, rounded up to the release check
     * interval: never early, and a protection that is pushed out by a stream of events changes its
     * release time (and so its status record) at most once per interval.
     */
    public long releaseEligibleAt(long lastSuspiciousMillis, long quietPeriodMillis) {
        long quietUntil = lastSuspiciousMillis + quietPeriodMillis;
        return Math.floorDiv(quietUntil + checkIntervalMillis - 1, checkIntervalMillis) * checkIntervalMillis;
    }

    /** The escalation ladder's quiet period for an account's n-th protection (1 for the first). */
    public long quietPeriodMillis(int protectionNumber) {
        return time.quietPeriodOf(protectionNumber).toMillis();
    }

    /** An episode's own quiet period; state from before the ladder has none recorded and gets the first step's. */
    public long quietPeriodMillis(ProtectionEpisode episode) {
        return episode.getQuietPeriodMillis() > 0 ? episode.getQuietPeriodMillis() : quietPeriodMillis;
    }

    /**
     * Whether the account's protection history has run out by then: its last release is older than
     * the history retention. A quiet account is forgotten by then; an active one starts the ladder again.
     */
    public boolean historyExpired(AccountActivity activity, long atMillis) {
        Long lastReleased = activity.getLastReleasedAtMillis();
        return lastReleased != null && atMillis - lastReleased >= historyRetentionMillis;
    }

    /** An allowlist entry counts until it expires (wall-clock time: operators set it by the calendar). */
    public boolean allowlistInForce(AllowlistEntry entry, long nowMillis) {
        return entry.getExpiresAt() == null || entry.getExpiresAt().toEpochMilli() > nowMillis;
    }

    /** A watch started at this time lasts until then. */
    public long watchUntil(long startedAtMillis) {
        return startedAtMillis + watchPeriodMillis;
    }

    /** A shadow rule's would-be protection, last at its threshold then, would have lasted until then. */
    public long shadowProtectionUntil(long lastAtThresholdMillis) {
        return lastAtThresholdMillis + quietPeriodMillis;
    }

    /** Wall-clock punctuation starts at the next multiple of the check interval, so checks land on release times. */
    public Instant firstCheckAfter(long nowMillis) {
        return Instant.ofEpochMilli(Math.floorDiv(nowMillis, checkIntervalMillis) * checkIntervalMillis + checkIntervalMillis);
    }

    public Duration checkInterval() {
        return Duration.ofMillis(checkIntervalMillis);
    }

    /**
     * When a protection is actually released: one grace period after it became eligible, so that a
     * suspicious event from just before that moment, arriving out of order, still pushes it out
     * instead of starting a second episode.
     */
    public long releaseDueAt(ProtectionEpisode episode) {
        return episode.getReleaseEligibleAtMillis() + graceMillis;
    }

    /**
     * Whether a protection due at {@code dueAt} may be released now. The wall clock must have reached
     * it, and so must what has been read: stream time, unless the partition has delivered nothing for
     * a while (it has been read to its end, so nothing unread can push the release out). Without the
     * second condition an instance that lags behind, after an outage say, would release protections
     * on the wall clock that the events in its backlog extend, and protect the accounts again. A
     * partition that cannot be fetched also looks idle, so the idle period should be longer than a
     * broker's usual fail-over; and no release is held longer than the maximum hold, so a partition
     * that never catches up (a trickle of old events) cannot keep anyone restricted for good.
     */
    public boolean mayRelease(long dueAt, long nowMillis, long streamTimeMillis, long lastRecordAtMillis) {
        return dueAt <= nowMillis && (dueAt <= streamTimeMillis
                || partitionIdle(nowMillis, lastRecordAtMillis)
                || nowMillis - dueAt >= maxReleaseHoldMillis);
    }

    /** Whether the partition has delivered nothing for the idle period: read to its end, its stream time standing still. */
    private boolean partitionIdle(long nowMillis, long lastRecordAtMillis) {
        return nowMillis - lastRecordAtMillis >= idlePartitionMillis;
    }

    /** The longest a release held back waits for its next check; also how soon a failed wake-up is retried. */
    public long heldReleaseRecheckMillis() {
        return Math.max(checkIntervalMillis, Math.min(idlePartitionMillis, maxReleaseHoldMillis) / 4);
    }

    /**
     * When a release that {@link #mayRelease} held back is checked again: at the first moment it may
     * pass, as far as can be known now, and no sooner than the next check. Stream time trails the
     * wall clock by the pipeline's lag; read as fast as events are written, it reaches the due time
     * that lag from now, so a pipeline that keeps up releases at the next check. A lagging one (a
     * backlog after downtime) reads faster than real time, so the wait is capped; and the partition
     * counting as idle or the hold running out are known times.
     */
    public long heldReleaseRecheckAt(long dueAt, long nowMillis, long streamTimeMillis, long lastRecordAtMillis) {
        long streamReachesDue = nowMillis + Math.max(0, dueAt - streamTimeMillis);
        long partitionIdle = lastRecordAtMillis + idlePartitionMillis;
        long holdUsedUp = dueAt + maxReleaseHoldMillis;
        long latest = nowMillis + heldReleaseRecheckMillis();
        long soonest = Math.min(Math.min(streamReachesDue, partitionIdle), Math.min(holdUsedUp, latest));
        return Math.max(nowMillis + checkIntervalMillis, soonest);
    }

    /**
     * When the account's timer must wake next (a wall-clock time). A protected account wakes for its
     * release. An unprotected one wakes when it may be forgotten, which is decided in event time: the
     * wake is set as far ahead of now as its forget time is ahead of stream time, so a consumer that
     * lags behind does not forget accounts whose events it has yet to read. While the partition is
     * idle its stream time stands still, and a wake would find the account as it was: the wait is
     * then at least as long as the partition has been idle, so an idle partition's accounts wake a
     * few times over hours instead of once a check, and one forgotten late is forgotten at most that
     * long after its time (an event from it moves its timer in as usual).
     */
    public long nextWakeAt(AccountActivity activity, long nowMillis, long streamTimeMillis, long lastRecordAtMillis) {
        ProtectionEpisode episode = activity.getEpisode();
        if (episode != null) {
            return releaseDueAt(episode);
        }
        long idleBackOff = partitionIdle(nowMillis, lastRecordAtMillis) ? nowMillis - lastRecordAtMillis : 0;
        return nowMillis + Math.max(Math.max(forgetAt(activity) - streamTimeMillis, checkIntervalMillis), idleBackOff);
    }

    /** Whether the account may be forgotten now: unprotected, and no window at stream time can see it. */
    public boolean mayForget(AccountActivity activity, long streamTimeMillis) {
        return activity.getEpisode() == null && forgetAt(activity) <= streamTimeMillis;
    }

    /**
     * An unprotected account is forgotten once no window can see its activity any more and no watch
     * is running; one that was protected is remembered longer, so its history (how often it was
     * protected, which sets its next quiet period) survives.
     */
    public long forgetAt(AccountActivity activity) {
        long idle = activity.getLatestEventAtMillis() + activityRetentionMillis;
        if (activity.getWatch() != null) {
            idle = Math.max(idle, activity.getWatch().getUntilMillis());
        }
        Long lastReleased = activity.getLastReleasedAtMillis();
        return lastReleased == null ? idle : Math.max(idle, lastReleased + historyRetentionMillis);
    }
}
