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
    private final ContactSyncPolicy policy = new ContactSyncPolicy(0.5, 0.2, Duration.ofDays(30), Duration.ofHours(1));

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
        // 30 of 100 mutual: a list for a young or unknown account, but not after a new device (only under 20%).
        assertThat(policy.syncCountsTowardProtection(account(400 * DAY, hour), 30, 100)).isFalse();
        assertThat(policy.syncCountsTowardProtection(account(400 * DAY, hour + 1), 30, 100)).isTrue();
    }

    @Test
    void shouldJudgeASyncAfterANewDeviceByThePlainListShare() {
        AccountActivity moved = account(400 * DAY, 0);
        assertThat(policy.syncCountsTowardProtection(moved, 19, 100)).isTrue();
        assertThat(policy.syncCountsTowardProtection(moved, 20, 100)).isFalse();
        assertThat(policy.isListShare(19, 100)).isTrue();
        assertThat(policy.isListShare(20, 100)).isFalse();
    }

    @Test
    void shouldNotTakeAHalfMutualBookForUnderHalfOnASampleThatDipsUnderIt() {
        AccountActivity young = account(10 * DAY, 0);
        // A hundred adds of a half-mutual book often show 46 mutual; it is not a list.
        assertThat(policy.syncCountsTowardProtection(young, 46, 100)).isFalse();
        assertThat(policy.syncCountsWithoutMigrationAllowance(46, 100)).isFalse();
        // A list a third mutual is judged one by its hundredth add.
        assertThat(policy.syncCountsTowardProtection(young, 33, 100)).isTrue();
        // The margin narrows as the sample grows: 46% of 3,000 is surely under half.
        assertThat(policy.syncCountsTowardProtection(young, 1_380, 3_000)).isTrue();
        assertThat(policy.syncCountsTowardProtection(young, 0, 0)).isFalse();
    }

    @Test
    void shouldPlaceTheSamplingBoundWhereTheWilsonUpperBoundCrossesTheShare() {
        // Upper 99% Wilson bounds: 38 of 100 about 0.497, 39 of 100 about 0.507.
        assertThat(ContactSyncPolicy.surelyUnder(38, 100, 0.5)).isTrue();
        assertThat(ContactSyncPolicy.surelyUnder(39, 100, 0.5)).isFalse();
        // No mutual adds at all: 0 of 6 is about 0.475, 0 of 5 about 0.52.
        assertThat(ContactSyncPolicy.surelyUnder(0, 6, 0.5)).isTrue();
        assertThat(ContactSyncPolicy.surelyUnder(0, 5, 0.5)).isFalse();
    }

    @Test
    void shouldNotCallAnAccountOfUnknownAgeYoungNorItsSyncAMigration() {
        AccountActivity unknown = ProtectionLifecycle.newActivity();
        unknown.setLatestEventAtMillis(HEAD);
        assertThat(policy.isYoung(unknown)).isFalse();
        assertThat(policy.looksLikeMigration(unknown)).isFalse();
    }
}
