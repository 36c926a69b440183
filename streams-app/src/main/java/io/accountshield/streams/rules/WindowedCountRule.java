package io.accountshield.streams.rules;

import io.accountshield.schema.state.AccountActivity;
import io.accountshield.schema.state.ActivityBucket;
import io.accountshield.streams.time.BucketTier;
import java.util.List;
import java.util.function.Function;

/** Fires when one counter, summed over the rule's window, reaches the threshold. */
public final class WindowedCountRule implements Rule {

    private final RuleParameters parameters;
    private final BucketTier tier;
    private final Function<AccountActivity, List<ActivityBucket>> buckets;
    private final Counter counter;
    private final String countedWhat;

    public WindowedCountRule(RuleParameters parameters, BucketTier tier,
                             Function<AccountActivity, List<ActivityBucket>> buckets,
                             Counter counter, String countedWhat) {
        this.parameters = parameters;
        this.tier = tier;
        this.buckets = buckets;
        this.counter = counter;
        this.countedWhat = countedWhat;
    }

    @Override
    public RuleParameters parameters() {
        return parameters;
    }

    @Override
    public long observe(AccountActivity activity) {
        return tier.sum(buckets.apply(activity), activity.getLatestEventAtMillis(), parameters.window().toMillis(), counter.reader());
    }

    @Override
    public String countedWhat() {
        return countedWhat;
    }

    BucketTier tier() {
        return tier;
    }

    List<ActivityBucket> bucketsOf(AccountActivity activity) {
        return buckets.apply(activity);
    }
}
