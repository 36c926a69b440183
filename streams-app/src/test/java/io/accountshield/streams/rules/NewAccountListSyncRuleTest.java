package io.accountshield.streams.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.accountshield.schema.state.AccountActivity;
import io.accountshield.schema.state.ActivityBucket;
import io.accountshield.streams.lifecycle.ProtectionLifecycle;
import io.accountshield.streams.time.BucketTier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A young account's list sync, at the mutual share that separates a list from an address book. */
class NewAccountListSyncRuleTest {

    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final long HEAD = 1_000 * DAY;

    private final ContactSyncPolicy policy = new ContactSyncPolicy(0.43, 0.2, Duration.ofDays(30), Duration.ofHours(24));
    private final NewAccountListSyncRule rule = new NewAccountListSyncRule(
            new RuleParameters(RuleCatalog.NEW_ACCOUNT_LIST_SYNC, 1, true, 20, Duration.ofMinutes(5), RuleCounter.NEW_ACCOUNT_LIST_SYNC_ADDS),
            new BucketTier(Duration.ofSeconds(10), Duration.ofMinutes(10)), AccountActivity::getBurstBuckets, policy);

    /** One bucket at the head: {@code synced} contact-sync adds, {@code mutual} of them mutual, from an account {@code ageDays} old. */
    private static AccountActivity account(long ageDays, int synced, int mutual) {
        AccountActivity activity = ProtectionLifecycle.newActivity();
        activity.setLatestEventAtMillis(HEAD);
        activity.setAccountCreatedAtMillis(HEAD - ageDays * DAY);
        List<ActivityBucket> buckets = new ArrayList<>();
        buckets.add(new ActivityBucket(HEAD, synced, mutual, synced, mutual, 0, 0, 0));
        activity.setBurstBuckets(buckets);
        return activity;
    }

    @Test
    void shouldCountAYoungAccountsSyncWhileSurelyUnderTheListShareIsMutualButNotWhenItMayBeABooksStart() {
        assertThat(rule.observe(account(3, 20, 0))).isEqualTo(20);
        assertThat(rule.observe(account(3, 20, 1))).as("5%: a list").isEqualTo(20);
        assertThat(rule.observe(account(3, 20, 2))).as("10% of twenty: how a book 45% mutual starts once in a thousand").isZero();
        assertThat(rule.observe(account(3, 40, 3))).as("7.5% of forty: a list").isEqualTo(40);
        assertThat(rule.observe(account(3, 20, 10))).isZero();
    }

    @Test
    void shouldLeaveAnEstablishedAccountsOrAnEmptySyncToTheOtherRules() {
        assertThat(rule.observe(account(30, 20, 0))).isZero();
        assertThat(rule.observe(account(3, 0, 0))).isZero();
    }

    @Test
    void shouldSayWhatItCountsWithTheAgeAndShareItUses() {
        assertThat(rule.countedWhat()).isEqualTo("contact-sync adds from an account younger than 30 days, surely under 20% of them mutual");
    }
}
