package io.accountshield.streams.rules;

import io.accountshield.schema.state.AccountActivity;
import io.accountshield.schema.state.ActivityBucket;
import io.accountshield.streams.time.BucketTier;
import io.accountshield.streams.time.Durations;
import java.util.List;
import java.util.function.Function;

/**
 * A days-old account syncing contacts that almost none of whom know it: a purchased list, whatever
 * its pace. A real new user's address book is people who have the number saved, so it is mostly
 * mutual; this rule fires long before the burst rule's threshold, on a list synced too slowly for it.
 * Accounts of unknown age (no device registration seen) are left to the other rules.
 */
public final class NewAccountListSyncRule extends BucketRule {

    private final ContactSyncPolicy contactSync;

    public NewAccountListSyncRule(RuleParameters parameters, BucketTier tier,
                                  Function<AccountActivity, List<ActivityBucket>> buckets, ContactSyncPolicy contactSync) {
        super(parameters, tier, buckets);
        this.contactSync = contactSync;
    }

    @Override
    public long observe(AccountActivity activity) {
        if (!contactSync.isYoung(activity)) {
            return 0;
        }
        long synced = sum(activity, Counter.CONTACT_SYNC_ADDS);
        if (synced == 0) {
            return 0;
        }
        long mutual = sum(activity, Counter.MUTUAL_CONTACT_SYNC_ADDS);
        return contactSync.isListShare(mutual, synced) ? synced : 0;
    }

    @Override
    public String countedWhat() {
        return String.format("contact-sync adds from an account younger than %s, surely under %.0f%% of them mutual",
                Durations.inWords(contactSync.establishedAccountAge().toMillis()), 100 * contactSync.listMaxMutualShare());
    }
}
