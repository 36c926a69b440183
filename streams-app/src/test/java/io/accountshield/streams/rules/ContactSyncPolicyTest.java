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
        assertThat(policy.protectBelowShare(account(400 * DAY, hour))).isEqualTo(0.2);
        assertThat(policy.protectBelowShare(account(400 * DAY, hour + 1))).isEqualTo(0.5);
    }

    @Test
    void shouldNotCallAnAccountOfUnknownAgeYoungNorItsSyncAMigration() {
        AccountActivity unknown = ProtectionLifecycle.newActivity();
        unknown.setLatestEventAtMillis(HEAD);
        assertThat(policy.isYoung(unknown)).isFalse();
        assertThat(policy.looksLikeMigration(unknown)).isFalse();
    }
}
