package io.accountshield.streams.rules;

import io.accountshield.schema.state.AccountActivity;
import java.time.Duration;

/**
 * When contact-sync adds look like a phone migration and when like a purchased list. A migration
 * syncs people who have the number saved, so a sync that is mostly mutual is never counted. An
 * established account that has just registered a new device is given more room: its sync counts
 * only while it is far from mutual, like a list (even a list synced from a bought aged account), and
 * between the two shares it is watched, not protected. A days-old account syncing a list is the
 * purchased-list campaign itself.
 *
 * <p>A window's mutual share is a sample of the book's: a hundred adds from a book that is half
 * mutual often show 45 mutual, and a book's first twenty may hold only two. So each share is judged
 * beyond sampling doubt ({@link #surelyUnder}). The list share with a light doubt ({@link #LIST_SAMPLING_Z}):
 * lists are about 2% mutual, a tenth of it, so twenty adds with one mutual are a list, with two
 * they wait for more, and a list synced slowly is still caught within two minutes. The book share
 * with a heavy doubt ({@link #BOOK_SAMPLING_Z}), and only on a sample of {@link #BOOK_SHARE_SAMPLE}
 * adds or more: a list a third mutual and a book 45% mutual are a few points apart, and the early
 * looks at a sync, repeated with every add, are where a book dips by chance.
 *
 * @param maxMutualShare        contact-sync adds count while fewer than this share are mutual
 * @param listMaxMutualShare    a sync with fewer than this share mutual is far from any address book: a list
 * @param establishedAccountAge an account at least this old (at its latest event) is established
 * @param newDeviceWindow       how long after a device registration a sync is judged as a migration
 */
public record ContactSyncPolicy(double maxMutualShare, double listMaxMutualShare,
                                Duration establishedAccountAge, Duration newDeviceWindow) {

    /** Whether the account is established and registered a new device within the window: a migration's start. */
    public boolean looksLikeMigration(AccountActivity activity) {
        Long createdAt = activity.getAccountCreatedAtMillis();
        Long deviceAt = activity.getLastDeviceRegisteredAtMillis();
        if (createdAt == null || deviceAt == null) {
            return false;
        }
        long head = activity.getLatestEventAtMillis();
        return head - createdAt >= establishedAccountAge.toMillis() && head - deviceAt <= newDeviceWindow.toMillis();
    }

    /** Whether the account is known to be younger than an established one (unknown age is not young). */
    public boolean isYoung(AccountActivity activity) {
        Long createdAt = activity.getAccountCreatedAtMillis();
        return createdAt != null && activity.getLatestEventAtMillis() - createdAt < establishedAccountAge.toMillis();
    }

    /**
     * How far above a window's share a book's share may plausibly be, against the book share: the
     * z-score of the one-sided 99% Wilson bound. Large enough that repeated looks at a book 45% mutual
     * rarely see it as a list; small enough that a list a third mutual is judged one within its first
     * few hundred adds.
     */
    static final double BOOK_SAMPLING_Z = 2.33;

    /** The same against the list share: one-sided 95%, because lists sit far under it. */
    static final double LIST_SAMPLING_Z = 1.64;

    /** Synced adds in the window before the book share is judged at all (the list share is judged from the first). */
    static final long BOOK_SHARE_SAMPLE = 150;

    /**
     * Whether this account's contact-sync adds count toward protection, given how many of the
     * window's {@code synced} adds were {@code mutual}: a list after a new device on an established
     * account, otherwise a list or surely under the book share.
     */
    public boolean syncCountsTowardProtection(AccountActivity activity, long mutual, long synced) {
        return looksLikeMigration(activity) ? isListShare(mutual, synced) : syncCountsWithoutMigrationAllowance(mutual, synced);
    }

    /** Whether the sync would count had the account not looked like a migration: what a watch is judged on. */
    public boolean syncCountsWithoutMigrationAllowance(long mutual, long synced) {
        return isListShare(mutual, synced)
                || synced >= BOOK_SHARE_SAMPLE && surelyUnder(mutual, synced, maxMutualShare, BOOK_SAMPLING_Z);
    }

    /** Whether {@code mutual} of {@code synced} adds is a list: surely under the list share. */
    public boolean isListShare(long mutual, long synced) {
        return surelyUnder(mutual, synced, listMaxMutualShare, LIST_SAMPLING_Z);
    }

    /**
     * Whether the book behind {@code mutual} of {@code synced} adds is under {@code share} mutual even
     * at the upper end of what that sample allows: the upper Wilson score bound at {@code z}.
     */
    static boolean surelyUnder(long mutual, long synced, double share, double z) {
        if (synced <= 0) {
            return false;
        }
        double n = synced;
        double observed = mutual / n;
        double z2 = z * z;
        double centre = observed + z2 / (2 * n);
        double margin = z * Math.sqrt(observed * (1 - observed) / n + z2 / (4 * n * n));
        return (centre + margin) / (1 + z2 / n) < share;
    }
}
