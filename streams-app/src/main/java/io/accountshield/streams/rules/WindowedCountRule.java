package io.accountshield.streams.rules;

import io.accountshield.schema.state.AccountActivity;
import io.accountshield.schema.state.ActivityBucket;
import io.accountshield.streams.time.BucketTier;
import java.util.List;
import java.util.function.Function;

/** Fires when one counter, summed over the rule's window, reaches the threshold. */
public final class WindowedCountRule extends BucketRule {

    private final Counter counter;
    private final String countedWhat;

    public WindowedCountRule(RuleParameters parameters, BucketTier tier,
                             Function<AccountActivity, List<ActivityBucket>> buckets,
                             Counter counter, String countedWhat) {
        super(parameters, tier, buckets);
        this.counter = counter;
        this.countedWhat = countedWhat;
    }

    @Override
    public long observe(AccountActivity activity) {
        return sum(activity, counter);
    }

    @Override
    public String countedWhat() {
        return countedWhat;
    }
}
