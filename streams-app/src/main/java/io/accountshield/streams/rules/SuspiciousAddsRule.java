package io.accountshield.streams.rules;

import io.accountshield.schema.state.AccountActivity;
import io.accountshield.schema.state.ActivityBucket;
import io.accountshield.streams.time.BucketTier;
import java.util.List;
import java.util.function.Function;

/**
 * Counts the friend-adds that phone migrations do not explain: every add the person chose one by
 * one (search, number, recommendation, QR code, link), plus contact-sync adds, but only while fewer
 * than the configured share of the synced people in the window have this number saved too. A
 * migration syncs an address book of people who know the account (about 85% mutual); a purchased
 * list syncs people who do not (about 2%). Counting both kinds together means splitting a campaign
 * across sources does not halve what the rule sees.
 */
public final class SuspiciousAddsRule implements Rule {

    private final RuleParameters parameters;
    private final BucketTier tier;
    private final Function<AccountActivity, List<ActivityBucket>> buckets;
    private final double maxMutualShare;

    public SuspiciousAddsRule(RuleParameters parameters, BucketTier tier,
                              Function<AccountActivity, List<ActivityBucket>> buckets, double maxMutualShare) {
        this.parameters = parameters;
        this.tier = tier;
        this.buckets = buckets;
        this.maxMutualShare = maxMutualShare;
    }

    @Override
    public RuleParameters parameters() {
        return parameters;
    }

    @Override
    public long observe(AccountActivity activity) {
        List<ActivityBucket> counted = buckets.apply(activity);
        long head = activity.getLatestEventAtMillis();
        long window = parameters.window().toMillis();
        long chosen = tier.sum(counted, head, window, Counter.ADDS_NOT_BY_CONTACT_SYNC.reader());
        long synced = tier.sum(counted, head, window, Counter.CONTACT_SYNC_ADDS.reader());
        if (synced == 0) {
            return chosen;
        }
        long mutual = tier.sum(counted, head, window, Counter.MUTUAL_CONTACT_SYNC_ADDS.reader());
        return (double) mutual / synced < maxMutualShare ? chosen + synced : chosen;
    }

    @Override
    public String countedWhat() {
        return String.format("friend-adds (contact-sync adds counted only while under %.0f%% of them are mutual)", 100 * maxMutualShare);
    }

    BucketTier tier() {
        return tier;
    }

    List<ActivityBucket> bucketsOf(AccountActivity activity) {
        return buckets.apply(activity);
    }
}
