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
 * mutual often show 45 mutual. So a sync is taken for "not a person's address book" only when its
 * share is under {@code maxMutualShare} beyond sampling doubt ({@link #surelyUnder}); a young
 * account's half-mutual book is then not protected by chance, while a list a third mutual still is.
 * The list share needs no such margin: books sit far above it, and a list must be caught early.
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
     * How far above a window's share the book's share may plausibly be: the z-score of the one-sided
     * 99% Wilson bound. Large enough that repeated looks at a half-mutual book during its sync
     * rarely see it as under half; small enough that a list a third mutual is judged by its 100th add.
     */
    static final double SAMPLING_Z = 2.33;

    /**
     * Whether this account's contact-sync adds count toward protection, given how many of the
     * window's {@code synced} adds were {@code mutual}: under the list share after a new device on an
     * established account, otherwise surely under {@code maxMutualShare}.
     */
    public boolean syncCountsTowardProtection(AccountActivity activity, long mutual, long synced) {
        return looksLikeMigration(activity) ? isListShare(mutual, synced) : surelyUnder(mutual, synced, maxMutualShare);
    }

    /** Whether the sync would count had the account not looked like a migration: what a watch is judged on. */
    public boolean syncCountsWithoutMigrationAllowance(long mutual, long synced) {
        return surelyUnder(mutual, synced, maxMutualShare);
    }

    /** Whether {@code mutual} of {@code synced} adds is a list by the plain share: under the list share. */
    public boolean isListShare(long mutual, long synced) {
        return (double) mutual / synced < listMaxMutualShare;
    }

    /**
     * Whether the book behind {@code mutual} of {@code synced} adds is under {@code share} mutual even
     * at the upper end of what that sample allows: the upper Wilson score bound at {@link #SAMPLING_Z}.
     */
    static boolean surelyUnder(long mutual, long synced, double share) {
        if (synced <= 0) {
            return false;
        }
        double n = synced;
        double observed = mutual / n;
        double z2 = SAMPLING_Z * SAMPLING_Z;
        double centre = observed + z2 / (2 * n);
        double margin = SAMPLING_Z * Math.sqrt(observed * (1 - observed) / n + z2 / (4 * n * n));
        return (centre + margin) / (1 + z2 / n) < share;
    }
}
