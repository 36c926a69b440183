package io.accountshield.streams.rules;

import io.accountshield.schema.state.AccountActivity;
import io.accountshield.schema.state.ActivityBucket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The rules this pipeline knows, each declared once: its id, defaults, the counts it reads (its
 * tier) and how it is built. The configuration table, the window checks, the state retention and
 * the rule book all follow from these entries.
 */
public final class RuleCatalog {

    public static final String FRIEND_ADD_BURST = "friend-add-burst";
    public static final String NEW_ACCOUNT_LIST_SYNC = "new-account-list-sync";
    public static final String CHATROOM_BURST = "chatroom-burst";
    public static final String SUSTAINED_FRIEND_ADDS = "sustained-friend-adds";
    public static final String STRANGER_ADDS = "stranger-adds";
    public static final String STRANGER_ADD_STREAK = "stranger-add-streak";
    public static final String CHATROOM_STRANGERS = "chatroom-strangers";
    public static final String SPAM_REPORTS = "spam-reports";

    /** Where a rule's counts are kept: short buckets, long buckets, or exact report times. */
    public enum Tier {
        BURST(AccountActivity::getBurstBuckets),
        SUSTAINED(AccountActivity::getSustainedBuckets),
        REPORTS(activity -> List.of());

        private final Function<AccountActivity, List<ActivityBucket>> buckets;

        Tier(Function<AccountActivity, List<ActivityBucket>> buckets) {
            this.buckets = buckets;
        }

        Function<AccountActivity, List<ActivityBucket>> buckets() {
            return buckets;
        }
    }

    /** A rule's defaults (its counter among them), what it means (for the configuration table) and the tier it counts in. */
    public record RuleDefault(RuleParameters parameters, Tier tier, String meaning, String thresholdUnit) {
        public String id() {
            return parameters.id();
        }
    }

    /** In evaluation order: the first enforced rule at its threshold is the one that protects. */
    public static final List<RuleDefault> DEFAULTS = List.of(
            new RuleDefault(new RuleParameters(FRIEND_ADD_BURST, 4, true, 100, Duration.ofMinutes(5), RuleCounter.SUSPICIOUS_FRIEND_ADDS), Tier.BURST,
                    "a burst of friend-adds that phone migrations do not explain", "such friend-adds (see rule.contact-sync.max-mutual-share)"),
            new RuleDefault(new RuleParameters(NEW_ACCOUNT_LIST_SYNC, 2, true, 20, Duration.ofMinutes(5), RuleCounter.NEW_ACCOUNT_LIST_SYNC_ADDS), Tier.BURST,
                    "a days-old account syncing contacts who do not know it: a purchased list, even one synced too slowly for friend-add-burst",
                    "contact-sync adds from an account younger than rule.contact-sync.established-account-age, while surely under rule.contact-sync.list-max-mutual-share of them are mutual"),
            new RuleDefault(new RuleParameters(CHATROOM_BURST, 1, true, 10, Duration.ofMinutes(10), RuleCounter.CHATROOMS_CREATED), Tier.BURST,
                    "a burst of chatroom creations", "chatrooms created"),
            new RuleDefault(new RuleParameters(SUSTAINED_FRIEND_ADDS, 4, true, 200, Duration.ofHours(6), RuleCounter.SUSPICIOUS_FRIEND_ADDS), Tier.SUSTAINED,
                    "friend-adds that phone migrations do not explain, under the burst threshold for hours", "such friend-adds"),
            new RuleDefault(new RuleParameters(STRANGER_ADDS, 2, true, 12, Duration.ofHours(1), RuleCounter.SOUGHT_OUT_STRANGERS), Tier.SUSTAINED,
                    "strangers the account sought out while they are nearly all it adds (ordinary people add about one a day, and people who know them too; a QR code or link is handed over by the other person, as at a meetup, so does not count; nor, on an account's first day, its first 30, a newcomer's onboarding)",
                    "friend-adds to people who are not mutual, by ID search, phone number or recommendation"),
            new RuleDefault(new RuleParameters(STRANGER_ADD_STREAK, 1, true, 5, Duration.ofMinutes(20), RuleCounter.SOUGHT_OUT_STRANGERS), Tier.SUSTAINED,
                    "strangers the account sought out one after another while they are nearly all it adds, a low-and-slow campaign's pace (a QR code or link is handed over by the other person, as at a meetup; a newcomer or an active person also adds people who know them; on an account's first day its first 30 do not count)",
                    "friend-adds to people who are not mutual, by ID search, phone number or recommendation"),
            new RuleDefault(new RuleParameters(CHATROOM_STRANGERS, 1, true, 40, Duration.ofHours(1), RuleCounter.NON_FRIEND_CHATROOM_MEMBERS), Tier.SUSTAINED,
                    "chatrooms filled with people who are not the creator's friends (ordinary group chats hold one or two at most)",
                    "members who are not friends, summed over the chatrooms created"),
            new RuleDefault(new RuleParameters(SPAM_REPORTS, 1, true, 3, Duration.ofDays(1), RuleCounter.DISTINCT_REPORTERS), Tier.REPORTS,
                    "spam reports from distinct reporters", "distinct reporters"));

    private RuleCatalog() {
    }

    public static Optional<RuleDefault> find(String ruleId) {
        return DEFAULTS.stream().filter(rule -> rule.id().equals(ruleId)).findFirst();
    }

    /** Its place in evaluation order; a rule not in the catalogue comes after every one that is. */
    static int position(String ruleId) {
        for (int i = 0; i < DEFAULTS.size(); i++) {
            if (DEFAULTS.get(i).id().equals(ruleId)) {
                return i;
            }
        }
        return DEFAULTS.size();
    }

    public static RuleDefault get(String ruleId) {
        return DEFAULTS.stream().filter(rule -> rule.id().equals(ruleId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no rule " + ruleId));
    }
}
