package io.accountshield.streams.rules;

import io.accountshield.schema.state.AccountActivity;
import io.accountshield.schema.state.ActivityBucket;
import io.accountshield.streams.time.BucketTier;
import java.util.List;
import java.util.function.Function;

/** A rule over one tier of an account's activity buckets: sums counters over its window, ending at the latest event. */
abstract class BucketRule implements Rule {

    private final RuleParameters parameters;
    private final BucketTier tier;
    private final Function<AccountActivity, List<ActivityBucket>> buckets;

    BucketRule(RuleParameters parameters, BucketTier tier, Function<AccountActivity, List<ActivityBucket>> buckets) {
        this.parameters = parameters;
        this.tier = tier;
        this.buckets = buckets;
    }

    @Override
    public final RuleParameters parameters() {
        return parameters;
    }

    /** The counter summed over this rule's window. */
    final long sum(AccountActivity activity, Counter counter) {
        return tier.sum(buckets.apply(activity), activity.getLatestEventAtMillis(), parameters.window().toMillis(), counter.reader());
    }

    /** The counter summed over the longest window its tier keeps, ending at the latest event. */
    final long sumOverTier(AccountActivity activity, Counter counter) {
        return tier.sum(buckets.apply(activity), activity.getLatestEventAtMillis(), tier.retentionMillis(), counter.reader());
    }

    /** Every counter over this rule's window, for the decision's signals. */
    final void putSignals(AccountActivity activity, java.util.Map<String, Long> signals) {
        for (Counter counter : Counter.values()) {
            signals.put(counter.signalName(), sum(activity, counter));
        }
    }
}
