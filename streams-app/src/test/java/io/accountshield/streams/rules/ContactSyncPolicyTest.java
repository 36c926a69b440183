package io.accountshield.streams.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.accountshield.schema.state.AccountActivity;
import io.accountshield.streams.lifecycle.ProtectionLifecycle;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What a migration's start is, at each edge: the account's age and the time since its new device. */
class ContactSyncPolicyTest {

    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final long HEAD = 1_000 * DAY;
    private final ContactSyncPolicy policy = new ContactSyncPolicy(0.43, 0.2, Duration.ofDays(30), Duration.ofHours(1));

    private static AccountActivity account(long ageMillis, long sinceNewDeviceMillis) {
        AccountActivity activity = ProtectionLifecycle.newActivity();
        activity.setLatestEventAtMillis(HEAD);
        activity.setAccountCreatedAtMillis(HEAD - ageMillis);
        activity.setLastDeviceRegisteredAtMillis(HEAD - sinceNewDeviceMillis);
        return activity;
    }

    @Test
    void shouldCountAnAccountAsEstablishedFromExactlyTheEstablishedAge() {
        assertThat(policy.looksLikeMigration(account(30 * DAY, 0))).isTrue();
        assertThat(policy.looksLikeMigration(account(30 * DAY - 1, 0))).isFalse();
        assertThat(policy.isYoung(account(30 * DAY - 1, 0))).isTrue();
        assertThat(policy.isYoung(account(30 * DAY, 0))).isFalse();
    }

    @Test
    void shouldJudgeASyncAsAMigrationUntilExactlyTheNewDeviceWindowHasPassed() {
        long hour = Duration.ofHours(1).toMillis();
        assertThat(policy.looksLikeMigration(account(400 * DAY, hour))).isTrue();
        assertThat(policy.looksLikeMigration(account(400 * DAY, hour + 1))).isFalse();
        // 30 of 150 mutual: a list for a young or unknown account, but not after a new device (only under 20%).
        assertThat(policy.syncCountsTowardProtection(account(400 * DAY, hour), 30, 150)).isFalse();
        assertThat(policy.syncCountsTowardProtection(account(400 * DAY, hour + 1), 30, 150)).isTrue();
    }

    @Test
    void shouldJudgeASyncAfterANewDeviceByTheListShareBeyondALightDoubt() {
        AccountActivity moved = account(400 * DAY, 0);
        // Upper 95% Wilson bounds: 13 of 100 about 0.195, 14 of 100 about 0.206.
        assertThat(policy.syncCountsTowardProtection(moved, 13, 100)).isTrue();
        assertThat(policy.syncCountsTowardProtection(moved, 14, 100)).isFalse();
        assertThat(policy.isListShare(13, 100)).isTrue();
        assertThat(policy.isListShare(14, 100)).isFalse();
    }

    @Test
    void shouldTakeTwentyAddsForAListOnlyWhenAtMostOneIsMutual() {
        AccountActivity young = account(10 * DAY, 0);
        // A list 2% mutual shows none or one in twenty; a book 45% mutual starts with two in twenty about once in a thousand.
        assertThat(policy.syncCountsTowardProtection(young, 1, 20)).isTrue();
        assertThat(policy.syncCountsTowardProtection(young, 2, 20)).isFalse();
        assertThat(policy.syncCountsTowardProtection(young, 0, 0)).isFalse();
    }

    @Test
    void shouldJudgeTheBookShareOnlyFromItsSampleSizeAndBeyondAHeavyDoubt() {
        AccountActivity young = account(10 * DAY, 0);
        // Under the sample size, a window a fifth mutual is neither a list nor judged against the book share.
        assertThat(policy.syncCountsTowardProtection(young, 30, ContactSyncPolicy.BOOK_SHARE_SAMPLE - 1)).isFalse();
        assertThat(policy.syncCountsWithoutMigrationAllowance(30, ContactSyncPolicy.BOOK_SHARE_SAMPLE - 1)).isFalse();
        assertThat(policy.syncCountsTowardProtection(young, 30, ContactSyncPolicy.BOOK_SHARE_SAMPLE)).isTrue();
        // Upper 99% Wilson bounds: 50 of 150 about 0.427, 51 of 150 about 0.434 (a list a third mutual; books sit at 45% or more).
        assertThat(policy.syncCountsTowardProtection(young, 50, 150)).isTrue();
        assertThat(policy.syncCountsTowardProtection(young, 51, 150)).isFalse();
        // The margin narrows as the sample grows: 40% of 3,000 is surely under 43%, 42% is not.
        assertThat(policy.syncCountsTowardProtection(young, 1_200, 3_000)).isTrue();
        assertThat(policy.syncCountsTowardProtection(young, 1_260, 3_000)).isFalse();
    }

    @Test
    void shouldPlaceTheSamplingBoundWhereTheWilsonUpperBoundCrossesTheShare() {
        // Upper 99% Wilson bounds: 38 of 100 about 0.497, 39 of 100 about 0.507.
        assertThat(ContactSyncPolicy.surelyUnder(38, 100, 0.5, ContactSyncPolicy.BOOK_SAMPLING_Z)).isTrue();
        assertThat(ContactSyncPolicy.surelyUnder(39, 100, 0.5, ContactSyncPolicy.BOOK_SAMPLING_Z)).isFalse();
        // No mutual adds at all: 0 of 6 is about 0.475, 0 of 5 about 0.52.
        assertThat(ContactSyncPolicy.surelyUnder(0, 6, 0.5, ContactSyncPolicy.BOOK_SAMPLING_Z)).isTrue();
        assertThat(ContactSyncPolicy.surelyUnder(0, 5, 0.5, ContactSyncPolicy.BOOK_SAMPLING_Z)).isFalse();
        // The lighter doubt: 0 of 11 about 0.196 against the list share, 0 of 10 about 0.212.
        assertThat(ContactSyncPolicy.surelyUnder(0, 11, 0.2, ContactSyncPolicy.LIST_SAMPLING_Z)).isTrue();
        assertThat(ContactSyncPolicy.surelyUnder(0, 10, 0.2, ContactSyncPolicy.LIST_SAMPLING_Z)).isFalse();
    }

    @Test
    void shouldNotCallAnAccountOfUnknownAgeYoungNorItsSyncAMigration() {
        AccountActivity unknown = ProtectionLifecycle.newActivity();
        unknown.setLatestEventAtMillis(HEAD);
        assertThat(policy.isYoung(unknown)).isFalse();
        assertThat(policy.looksLikeMigration(unknown)).isFalse();
    }
}
