package io.accountshield.streams.rules;

import io.accountshield.schema.state.AccountActivity;
import io.accountshield.streams.time.BucketTier;

/**
 * Tells a purchased number list from a phone migration. Both upload an address book in a minute or
 * two; in a migration most of the people synced have this number saved too (mutual), in a bought
 * list almost none do. The rule counts the contact-sync adds in its window, but only while the
 * mutual share among them is below the configured maximum.
 */
public final class ContactSyncBurstRule implements Rule {

    private final RuleParameters parameters;
    private final BucketTier tier;
    private final double maxMutualShare;

    public ContactSyncBurstRule(RuleParameters parameters, BucketTier tier, double maxMutualShare) {
        this.parameters = parameters;
        this.tier = tier;
        this.maxMutualShare = maxMutualShare;
    }

    @Override
    public RuleParameters parameters() {
        return parameters;
    }

    @Override
    public long observe(AccountActivity activity) {
        long head = activity.getLatestEventAtMillis();
        long window = parameters.window().toMillis();
        long synced = tier.sum(activity.getBurstBuckets(), head, window, Counter.CONTACT_SYNC_ADDS.reader());
        if (synced == 0) {
            return 0;
        }
        long mutual = tier.sum(activity.getBurstBuckets(), head, window, Counter.MUTUAL_CONTACT_SYNC_ADDS.reader());
        return (double) mutual / synced < maxMutualShare ? synced : 0;
    }

    @Override
    public String countedWhat() {
        return String.format("contact-sync adds, under %.0f%% of them mutual,", 100 * maxMutualShare);
    }

    BucketTier tier() {
        return tier;
    }
}
