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

    /** The mutual share under which this account's contact-sync adds count toward protection. */
    public double protectBelowShare(AccountActivity activity) {
        return looksLikeMigration(activity) ? listMaxMutualShare : maxMutualShare;
    }
}
