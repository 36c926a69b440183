package io.accountshield.streams.rules;

import io.accountshield.schema.state.AccountActivity;
import io.accountshield.schema.state.ActivityBucket;
import io.accountshield.streams.time.BucketTier;
import java.util.List;
import java.util.function.Function;

/**
 * Counts the friend-adds that phone migrations do not explain: every add the person chose one by
 * one (search, number, recommendation, QR code, link), plus contact-sync adds, but only while the
 * synced people in the window look like a list rather than an address book by how few have this
 * number saved too (the {@link ContactSyncPolicy}, beyond sampling doubt). A migration syncs an
 * address book of people who know the account (about 85% mutual); a purchased list syncs people who
 * do not (about 2%). Counting both kinds together means splitting a
 * campaign across sources does not halve what the rule sees.
 */
public final class SuspiciousAddsRule extends BucketRule {

    private final ContactSyncPolicy contactSync;

    public SuspiciousAddsRule(RuleParameters parameters, BucketTier tier,
                              Function<AccountActivity, List<ActivityBucket>> buckets, ContactSyncPolicy contactSync) {
        super(parameters, tier, buckets);
        this.contactSync = contactSync;
    }

    @Override
    public long observe(AccountActivity activity) {
        return count(activity, true);
    }

    /**
     * What the rule would count if the account did not look like a migration: at the threshold, while
     * {@link #observe} is under it, the sync is plausible but suspicious enough to watch.
     */
    public long observeWithoutMigrationAllowance(AccountActivity activity) {
        return count(activity, false);
    }

    private long count(AccountActivity activity, boolean migrationAllowance) {
        long chosen = sum(activity, Counter.ADDS_NOT_BY_CONTACT_SYNC);
        long synced = sum(activity, Counter.CONTACT_SYNC_ADDS);
        if (synced == 0) {
            return chosen;
        }
        long mutual = sum(activity, Counter.MUTUAL_CONTACT_SYNC_ADDS);
        boolean syncCounts = migrationAllowance ? contactSync.syncCountsTowardProtection(activity, mutual, synced)
                : contactSync.syncCountsWithoutMigrationAllowance(mutual, synced);
        return syncCounts ? chosen + synced : chosen;
    }

    @Override
    public String countedWhat() {
        return String.format("friend-adds (contact-sync adds counted only while surely under %.0f%% of them are mutual, or from %d of them surely under %.0f%%; after a new device on an established account only the former)",
                100 * contactSync.listMaxMutualShare(), ContactSyncPolicy.BOOK_SHARE_SAMPLE, 100 * contactSync.maxMutualShare());
    }

    @Override
    public String countedWhat(AccountActivity activity) {
        return contactSync.looksLikeMigration(activity)
                ? String.format("friend-adds (contact-sync adds counted only while surely under %.0f%% of them are mutual, as after a new device on an established account)",
                        100 * contactSync.listMaxMutualShare())
                : String.format("friend-adds (contact-sync adds counted only while surely under %.0f%% of them are mutual, or from %d of them surely under %.0f%%)",
                        100 * contactSync.listMaxMutualShare(), ContactSyncPolicy.BOOK_SHARE_SAMPLE, 100 * contactSync.maxMutualShare());
    }
}
