package io.accountshield.streams.rules;

import java.time.Duration;
import java.util.List;

/** The rules this pipeline knows, each with its documented default parameters and the counts it reads. */
public final class RuleCatalog {

    public static final String FRIEND_ADD_BURST = "friend-add-burst";
    public static final String NEW_ACCOUNT_LIST_SYNC = "new-account-list-sync";
    public static final String CHATROOM_BURST = "chatroom-burst";
    public static final String SUSTAINED_FRIEND_ADDS = "sustained-friend-adds";
    public static final String STRANGER_ADDS = "stranger-adds";
    public static final String CHATROOM_STRANGERS = "chatroom-strangers";
    public static final String SPAM_REPORTS = "spam-reports";

    /** Where a rule's counts are kept: short buckets, long buckets, or exact report times. */
    public enum Tier { BURST, SUSTAINED, REPORTS }

    /** A rule's defaults and what it means, for the configuration table. */
    public record RuleDefault(RuleParameters parameters, Tier tier, String meaning, String thresholdUnit) {
        public String id() {
            return parameters.id();
        }
    }

    public static final List<RuleDefault> DEFAULTS = List.of(
            new RuleDefault(new RuleParameters(FRIEND_ADD_BURST, 2, true, 100, Duration.ofMinutes(5)), Tier.BURST,
                    "a burst of friend-adds that phone migrations do not explain", "such friend-adds (see rule.contact-sync.max-mutual-share)"),
            new RuleDefault(new RuleParameters(NEW_ACCOUNT_LIST_SYNC, 1, true, 20, Duration.ofMinutes(5)), Tier.BURST,
                    "a days-old account syncing contacts who do not know it: a purchased list, even one synced too slowly for friend-add-burst",
                    "contact-sync adds from an account younger than rule.contact-sync.established-account-age, while under rule.contact-sync.list-max-mutual-share of them are mutual"),
            new RuleDefault(new RuleParameters(CHATROOM_BURST, 1, true, 10, Duration.ofMinutes(10)), Tier.BURST,
                    "a burst of chatroom creations", "chatrooms created"),
            new RuleDefault(new RuleParameters(SUSTAINED_FRIEND_ADDS, 2, true, 200, Duration.ofHours(6)), Tier.SUSTAINED,
                    "friend-adds that phone migrations do not explain, under the burst threshold for hours", "such friend-adds"),
            new RuleDefault(new RuleParameters(STRANGER_ADDS, 1, true, 12, Duration.ofHours(1)), Tier.SUSTAINED,
                    "friend-adds chosen one by one to people who do not know the account (ordinary people add about one a day)",
                    "friend-adds to people who are not mutual, by search, number, recommendation, QR code or link"),
            new RuleDefault(new RuleParameters(CHATROOM_STRANGERS, 1, true, 40, Duration.ofHours(1)), Tier.SUSTAINED,
                    "chatrooms filled with people who are not the creator's friends (ordinary group chats hold one or two at most)",
                    "members who are not friends, summed over the chatrooms created"),
            new RuleDefault(new RuleParameters(SPAM_REPORTS, 1, true, 3, Duration.ofDays(1)), Tier.REPORTS,
                    "spam reports from distinct reporters", "distinct reporters"));

    private RuleCatalog() {
    }

    public static RuleDefault get(String ruleId) {
        return DEFAULTS.stream().filter(rule -> rule.id().equals(ruleId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no rule " + ruleId));
    }
}
