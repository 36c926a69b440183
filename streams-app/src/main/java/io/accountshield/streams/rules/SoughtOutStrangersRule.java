package io.accountshield.streams.rules;

import io.accountshield.schema.state.AccountActivity;
import io.accountshield.schema.state.ActivityBucket;
import io.accountshield.streams.time.BucketTier;
import io.accountshield.streams.time.Durations;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * Strangers the account sought out (by search, number or recommendation), while they are nearly all
 * it adds: a low-and-slow campaign, whose targets almost never know it. A QR code or an invitation
 * link is handed over by the other person, as at a meetup, so it is not counted. People who add many,
 * however fast, add people who know them too: a newcomer works through "people you may know" right
 * after syncing its address book, an active person's adds are about half mutual. So strangers count
 * only while under {@value #MAX_MUTUAL_PERCENT}% of the account's adds over its tier's longest window
 * are mutual. A newcomer without a synced address book finds its first friends by recommendation and
 * by number, nearly all strangers (a new number is saved by nobody yet): a burst of a dozen or two,
 * then ordinary life. A campaign goes on. So on an account's first day its first
 * {@value #NEWCOMER_STRANGERS} strangers over the tier's window are its onboarding and count toward
 * neither rule. Both stranger rules are this rule: an hour's count and a quicker streak.
 */
public final class SoughtOutStrangersRule extends BucketRule {

    /** A campaign's targets are 2-8% mutual in every simulated world; an ordinary person's adds about half. */
    static final int MAX_MUTUAL_PERCENT = 20;

    /** How long after its creation an account may still be onboarding. */
    static final Duration NEWCOMER_DAY = Duration.ofDays(1);
    /** Strangers a newcomer may seek out on its first day before they count: above the dozen or two of an onboarding. */
    static final int NEWCOMER_STRANGERS = 30;

    private final BucketTier tier;

    public SoughtOutStrangersRule(RuleParameters parameters, BucketTier tier, Function<AccountActivity, List<ActivityBucket>> buckets) {
        super(parameters, tier, buckets);
        this.tier = tier;
    }

    @Override
    public long observe(AccountActivity activity) {
        long strangers = sum(activity, Counter.UNINVITED_STRANGER_ADDS);
        if (isOnItsFirstDay(activity) && sumOverTier(activity, Counter.UNINVITED_STRANGER_ADDS) <= NEWCOMER_STRANGERS) {
            return 0;
        }
        if (strangers == 0) {
            return 0;
        }
        long adds = sumOverTier(activity, Counter.FRIEND_ADDS);
        long mutual = sumOverTier(activity, Counter.MUTUAL_FRIEND_ADDS);
        return 100 * mutual < MAX_MUTUAL_PERCENT * adds ? strangers : 0;
    }

    /** Whether the account was created less than a day before its latest event (unknown age: no). */
    static boolean isOnItsFirstDay(AccountActivity activity) {
        Long createdAt = activity.getAccountCreatedAtMillis();
        return createdAt != null && activity.getLatestEventAtMillis() - createdAt < NEWCOMER_DAY.toMillis();
    }

    @Override
    public String countedWhat() {
        return "friend-adds by search, number or recommendation to people who do not know the account (counted only while under "
                + MAX_MUTUAL_PERCENT + "% of its adds in " + Durations.inWords(tier.retentionMillis()) + " were to people who know it, and on its first day once it had sought out more than "
                + NEWCOMER_STRANGERS + ")";
    }
}
