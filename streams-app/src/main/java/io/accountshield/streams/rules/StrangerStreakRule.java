package io.accountshield.streams.rules;

import io.accountshield.schema.state.AccountActivity;
import io.accountshield.schema.state.ActivityBucket;
import io.accountshield.streams.time.BucketTier;
import io.accountshield.streams.time.Durations;
import java.util.List;
import java.util.function.Function;

/**
 * Strangers the account sought out one after another (by search, number or recommendation), while
 * they are what it mostly adds: a low-and-slow campaign at its pace. A newcomer working through
 * "people you may know" right after syncing its address book also adds strangers quickly, but next to
 * the friends it just synced, who know it; so the streak counts only while under half of the account's
 * adds over its tier's longest window are mutual.
 */
public final class StrangerStreakRule extends BucketRule {

    private final BucketTier tier;

    public StrangerStreakRule(RuleParameters parameters, BucketTier tier, Function<AccountActivity, List<ActivityBucket>> buckets) {
        super(parameters, tier, buckets);
        this.tier = tier;
    }

    @Override
    public long observe(AccountActivity activity) {
        long streak = sum(activity, Counter.UNINVITED_STRANGER_ADDS);
        if (streak == 0) {
            return 0;
        }
        long adds = sumOverTier(activity, Counter.FRIEND_ADDS);
        long mutual = sumOverTier(activity, Counter.MUTUAL_FRIEND_ADDS);
        return 2 * mutual < adds ? streak : 0;
    }

    @Override
    public String countedWhat() {
        return "friend-adds by search, number or recommendation to people who do not know the account, while under half of its adds in "
                + Durations.inWords(tier.retentionMillis()) + " were to people who know it";
    }
}
