package io.accountshield.streams.rules;

import java.time.Duration;
import java.util.List;

/** The rules this pipeline knows, each with its documented default parameters. */
public final class RuleCatalog {

    public static final String FRIEND_ADD_BURST = "friend-add-burst";
    public static final String CHATROOM_BURST = "chatroom-burst";
    public static final String SUSTAINED_FRIEND_ADDS = "sustained-friend-adds";
    public static final String SPAM_REPORTS = "spam-reports";

    /** A rule's defaults and what it means, for the configuration table. */
    public record RuleDefault(RuleParameters parameters, String meaning, String thresholdUnit) {
        public String id() {
            return parameters.id();
        }
    }

    public static final List<RuleDefault> DEFAULTS = List.of(
            new RuleDefault(new RuleParameters(FRIEND_ADD_BURST, 1, true, 100, Duration.ofMinutes(5)),
                    "a burst of friend-adds", "friend-adds"),
            new RuleDefault(new RuleParameters(CHATROOM_BURST, 1, true, 10, Duration.ofMinutes(10)),
                    "a burst of chatroom creations", "chatrooms created"),
            new RuleDefault(new RuleParameters(SUSTAINED_FRIEND_ADDS, 1, true, 200, Duration.ofHours(6)),
                    "friend-adds that stay under the burst threshold for hours", "friend-adds"),
            new RuleDefault(new RuleParameters(SPAM_REPORTS, 1, true, 3, Duration.ofDays(1)),
                    "spam reports from distinct reporters", "distinct reporters"));

    private RuleCatalog() {
    }
}
