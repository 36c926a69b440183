package io.accountshield.streams.time;

import io.accountshield.schema.state.ActivityBucket;
import java.time.Duration;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Counts kept in fixed-width time buckets, so that a window of any whole number of buckets can be
 * summed as each event arrives, without waiting for a window to close and without one state entry
 * per window. A window of length W "ending at" a time t is the W / width buckets that end with the
 * bucket holding t: a hopping window that advances by one bucket.
 *
 * <p>Buckets live in a list on the account's state, oldest first, non-empty ones only; buckets that
 * no window can reach any more are dropped as new ones arrive.
 */
public final class BucketTier {

    private final long widthMillis;
    private final long retentionMillis;

    /**
     * @param width     bucket width
     * @param retention the longest window summed over this tier
     */
    public BucketTier(Duration width, Duration retention) {
        this.widthMillis = width.toMillis();
        this.retentionMillis = retention.toMillis();
    }

    public long retentionMillis() {
        return retentionMillis;
    }

    public long widthMillis() {
        return widthMillis;
    }

    /**
     * The bucket that an event at {@code eventMillis} counts in, created if needed; null when it is
     * older than every window ending at {@code headMillis} (the account's latest event time) can reach.
     * Drops buckets that have fallen out of reach.
     *
     * <p>A bucket already there is replaced by a copy of it, and the copy returned for counting: no
     * bucket in a list is ever changed in place, so copies of an account's state may share their
     * buckets ({@code ActivitySizes.copy} copies the lists, not the buckets).
     */
    public ActivityBucket bucketFor(List<ActivityBucket> buckets, long eventMillis, long headMillis) {
        long oldestReachable = bucketStart(headMillis) - retentionMillis + widthMillis;
        dropOlderThan(buckets, oldestReachable);
        long start = bucketStart(eventMillis);
        if (start < oldestReachable) {
            return null;
        }
        // Walk from the newest end: in-order events land in the last bucket or a new one after it.
        int i = buckets.size() - 1;
        while (i >= 0 && buckets.get(i).getStartMillis() > start) {
            i--;
        }
        if (i >= 0 && buckets.get(i).getStartMillis() == start) {
            ActivityBucket counted = copyOf(buckets.get(i));
            buckets.set(i, counted);
            return counted;
        }
        ActivityBucket bucket = new ActivityBucket(start, 0, 0, 0, 0, 0, 0, 0);
        buckets.add(i + 1, bucket);
        return bucket;
    }

    /** The sum of one counter over the window of {@code windowMillis} ending at {@code headMillis}. */
    public long sum(List<ActivityBucket> buckets, long headMillis, long windowMillis, ToIntFunction<ActivityBucket> counter) {
        long firstIncluded = bucketStart(headMillis) - windowMillis + widthMillis;
        long total = 0;
        for (int i = buckets.size() - 1; i >= 0; i--) {
            ActivityBucket bucket = buckets.get(i);
            if (bucket.getStartMillis() < firstIncluded) {
                break;
            }
            total += counter.applyAsInt(bucket);
        }
        return total;
    }

    private static ActivityBucket copyOf(ActivityBucket bucket) {
        return new ActivityBucket(bucket.getStartMillis(), bucket.getFriendAdds(), bucket.getMutualFriendAdds(), bucket.getContactSyncAdds(),
                bucket.getMutualContactSyncAdds(), bucket.getChatroomsCreated(), bucket.getNonFriendChatroomMembers(),
                bucket.getUninvitedStrangerAdds());
    }

    private long bucketStart(long millis) {
        return Math.floorDiv(millis, widthMillis) * widthMillis;
    }

    private static void dropOlderThan(List<ActivityBucket> buckets, long oldestKept) {
        int drop = 0;
        while (drop < buckets.size() && buckets.get(drop).getStartMillis() < oldestKept) {
            drop++;
        }
        if (drop > 0) {
            buckets.subList(0, drop).clear();
        }
    }
}
