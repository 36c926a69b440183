package io.accountshield.streams.time;

import static org.assertj.core.api.Assertions.assertThat;

import io.accountshield.schema.state.ActivityBucket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Buckets of 10 s kept for 60 s: which bucket an event lands in, which are kept, and what a window sums. */
class BucketTierTest {

    private static final long S = 1_000;
    private final BucketTier tier = new BucketTier(Duration.ofSeconds(10), Duration.ofSeconds(60));

    @Test
    void shouldPutAnEventInTheBucketOfItsStartAndOrderLateOnesIn() {
        List<ActivityBucket> buckets = new ArrayList<>();
        ActivityBucket at100 = tier.bucketFor(buckets, 100 * S, 100 * S);
        assertThat(at100.getStartMillis()).isEqualTo(100 * S);
        at100.setFriendAdds(1);
        ActivityBucket again = tier.bucketFor(buckets, 109 * S + 999, 109 * S + 999);
        assertThat(again).as("the same 10 s").isEqualTo(at100);
        again.setFriendAdds(2);
        assertThat(buckets).as("a copy in its place, the bucket handed out before left as it was").hasSize(1)
                .allSatisfy(bucket -> assertThat(bucket).isSameAs(again));
        assertThat(at100.getFriendAdds()).isEqualTo(1);
        ActivityBucket at110 = tier.bucketFor(buckets, 110 * S, 110 * S);
        assertThat(at110.getStartMillis()).isEqualTo(110 * S);
        ActivityBucket late = tier.bucketFor(buckets, 95 * S, 110 * S);
        assertThat(buckets).extracting(ActivityBucket::getStartMillis).containsExactly(90 * S, 100 * S, 110 * S);
        assertThat(late.getStartMillis()).isEqualTo(90 * S);
    }

    @Test
    void shouldReachBackExactlyTheRetentionAndDropWhatFallsOutOfIt() {
        List<ActivityBucket> buckets = new ArrayList<>();
        long head = 200 * S;
        // The window ending at 200 s spans the buckets from 150 s: six buckets of 10 s.
        assertThat(tier.bucketFor(buckets, 150 * S, head)).as("the oldest bucket in reach").isNotNull();
        assertThat(tier.bucketFor(buckets, 149 * S + 999, head)).as("a millisecond before it").isNull();
        tier.bucketFor(buckets, 200 * S, head);

        tier.bucketFor(buckets, 210 * S, 210 * S);
        assertThat(buckets).extracting(ActivityBucket::getStartMillis).as("150 s fell out of reach").containsExactly(200 * S, 210 * S);
        tier.bucketFor(buckets, 300 * S, 300 * S);
        assertThat(buckets).extracting(ActivityBucket::getStartMillis).containsExactly(300 * S);
        assertThat(tier.retentionMillis()).isEqualTo(60 * S);
    }

    @Test
    void shouldSumExactlyTheBucketsOfTheWindowEndingAtTheHead() {
        List<ActivityBucket> buckets = new ArrayList<>();
        for (long t = 150; t <= 200; t += 10) {
            tier.bucketFor(buckets, t * S, t * S).setFriendAdds((int) (t / 10));
        }
        // 30 s ending at 200 s: the buckets of 180, 190 and 200 s.
        assertThat(tier.sum(buckets, 200 * S, 30 * S, ActivityBucket::getFriendAdds)).isEqualTo(18 + 19 + 20);
        assertThat(tier.sum(buckets, 200 * S, 60 * S, ActivityBucket::getFriendAdds)).isEqualTo(15 + 16 + 17 + 18 + 19 + 20);
    }
}
