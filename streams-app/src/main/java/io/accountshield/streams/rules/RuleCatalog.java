package io.accountshield.streams.rules;

import io.accountshield.schema.state.AccountActivity;
import io.accountshield.schema.state.ActivityBucket;
import io.accountshield.streams.time.BucketTier;
import io.accountshield.streams.time.DistinctReporterWindow;
import java.time.Duration;
import java.util.List;
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
    }

    /** What a rule is built from: its tier's buckets, the report window and the contact-sync policy. */
    public record Counts(BucketTier tier, Function<AccountActivity, List<ActivityBucket>> buckets, DistinctReporterWindow reports,
                         ContactSyncPolicy contactSync) {
    }

    /** Builds a rule from its configured parameters and the counts of its tier. */
    @FunctionalInterface
    public interface RuleConstructor {
        Rule build(RuleParameters parameters, Counts counts);
    }

    /** A rule's defaults, what it means (for the configuration table), its tier and how it is built. */
    public record RuleDefault(RuleParameters parameters, Tier tier, String meaning, String thresholdUnit, RuleConstructor constructor) {
        public String id() {
            return parameters.id();
        }

        Rule build(RuleParameters configured, BucketTier tierBuckets, DistinctReporterWindow reports, ContactSyncPolicy contactSync) {
            return constructor.build(configured, new Counts(tierBuckets, tier.buckets, reports, contactSync));
        }
    }

    /** In evaluation order: the first enforced rule at its threshold is the one that protects. */
    public static final List<RuleDefault> DEFAULTS = List.of(
            new RuleDefault(new RuleParameters(FRIEND_ADD_BURST, 4, true, 100, Duration.ofMinutes(5)), Tier.BURST,
                    "a burst of friend-adds that phone migrations do not explain", "such friend-adds (see rule.contact-sync.max-mutual-share)",
                    (p, counts) -> new SuspiciousAddsRule(p, counts.tier(), counts.buckets(), counts.contactSync())),
            new RuleDefault(new RuleParameters(NEW_ACCOUNT_LIST_SYNC, 2, true, 20, Duration.ofMinutes(5)), Tier.BURST,
                    "a days-old account syncing contacts who do not know it: a purchased list, even one synced too slowly for friend-add-burst",
                    "contact-sync adds from an account younger than rule.contact-sync.established-account-age, while surely under rule.contact-sync.list-max-mutual-share of them are mutual",
                    (p, counts) -> new NewAccountListSyncRule(p, counts.tier(), counts.buckets(), counts.contactSync())),
            new RuleDefault(new RuleParameters(CHATROOM_BURST, 1, true, 10, Duration.ofMinutes(10)), Tier.BURST,
                    "a burst of chatroom creations", "chatrooms created",
                    (p, counts) -> new WindowedCountRule(p, counts.tier(), counts.buckets(), Counter.CHATROOMS_CREATED, "chatrooms created")),
            new RuleDefault(new RuleParameters(SUSTAINED_FRIEND_ADDS, 4, true, 200, Duration.ofHours(6)), Tier.SUSTAINED,
                    "friend-adds that phone migrations do not explain, under the burst threshold for hours", "such friend-adds",
                    (p, counts) -> new SuspiciousAddsRule(p, counts.tier(), counts.buckets(), counts.contactSync())),
            new RuleDefault(new RuleParameters(STRANGER_ADDS, 2, true, 12, Duration.ofHours(1)), Tier.SUSTAINED,
                    "strangers the account sought out while they are nearly all it adds (ordinary people add about one a day, and people who know them too; a QR code or link is handed over by the other person, as at a meetup, so does not count; nor, on an account's first day, its first 30, a newcomer's onboarding)",
                    "friend-adds to people who are not mutual, by ID search, phone number or recommendation",
                    (p, counts) -> new SoughtOutStrangersRule(p, counts.tier(), counts.buckets())),
            new RuleDefault(new RuleParameters(STRANGER_ADD_STREAK, 1, true, 5, Duration.ofMinutes(20)), Tier.SUSTAINED,
                    "strangers the account sought out one after another while they are nearly all it adds, a low-and-slow campaign's pace (a QR code or link is handed over by the other person, as at a meetup; a newcomer or an active person also adds people who know them; on an account's first day its first 30 do not count)",
                    "friend-adds to people who are not mutual, by ID search, phone number or recommendation",
                    (p, counts) -> new SoughtOutStrangersRule(p, counts.tier(), counts.buckets())),
            new RuleDefault(new RuleParameters(CHATROOM_STRANGERS, 1, true, 40, Duration.ofHours(1)), Tier.SUSTAINED,
                    "chatrooms filled with people who are not the creator's friends (ordinary group chats hold one or two at most)",
                    "members who are not friends, summed over the chatrooms created",
                    (p, counts) -> new WindowedCountRule(p, counts.tier(), counts.buckets(), Counter.NON_FRIEND_CHATROOM_MEMBERS,
                            "chatroom members who are not friends")),
            new RuleDefault(new RuleParameters(SPAM_REPORTS, 1, true, 3, Duration.ofDays(1)), Tier.REPORTS,
                    "spam reports from distinct reporters", "distinct reporters",
                    (p, counts) -> new DistinctReportersRule(p, counts.reports())));

    private RuleCatalog() {
    }

    public static RuleDefault get(String ruleId) {
        return DEFAULTS.stream().filter(rule -> rule.id().equals(ruleId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no rule " + ruleId));
    }
}
