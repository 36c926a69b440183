package io.accountshield.streams.rules;

import io.accountshield.schema.state.AccountActivity;
import io.accountshield.schema.state.ActivityBucket;
import io.accountshield.streams.config.AppConfig;
import io.accountshield.streams.time.BucketTier;
import io.accountshield.streams.time.DistinctReporterWindow;
import io.accountshield.streams.time.Durations;
import io.accountshield.streams.time.TimeSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The configured rules, evaluated in catalog order, and the windows they count over. Evaluation is
 * allocation-free until a rule fires; only then is the explanation built.
 */
public final class RuleBook {

    private static final long MILLIS_PER_DAY = Duration.ofDays(1).toMillis();
    private static final long MILLIS_PER_MINUTE = Duration.ofMinutes(1).toMillis();

    private final List<Rule> enforcedRules;
    private final List<Rule> shadowRules;
    private final List<SuspiciousAddsRule> watchingRules;
    private final BucketTier burstTier;
    private final BucketTier sustainedTier;
    private final DistinctReporterWindow reportWindow;
    private final ContactSyncPolicy contactSync;

    private RuleBook(List<Rule> enabledRules, BucketTier burstTier, BucketTier sustainedTier, DistinctReporterWindow reportWindow,
                     ContactSyncPolicy contactSync) {
        this.enforcedRules = enabledRules.stream().filter(rule -> rule.parameters().mode() == RuleMode.ENFORCE).toList();
        this.shadowRules = enabledRules.stream().filter(rule -> rule.parameters().mode() == RuleMode.SHADOW).toList();
        this.watchingRules = enforcedRules.stream().filter(SuspiciousAddsRule.class::isInstance).map(SuspiciousAddsRule.class::cast).toList();
        this.burstTier = burstTier;
        this.sustainedTier = sustainedTier;
        this.reportWindow = reportWindow;
        this.contactSync = contactSync;
    }

    public static RuleBook from(AppConfig config) {
        TimeSettings time = config.time();
        Duration burstRetention = Duration.ZERO;
        Duration sustainedRetention = Duration.ZERO;
        for (RuleCatalog.RuleDefault rule : RuleCatalog.DEFAULTS) {
            Duration window = config.rule(rule.id()).window();
            if (rule.tier() == RuleCatalog.Tier.BURST) {
                burstRetention = max(burstRetention, window);
            } else if (rule.tier() == RuleCatalog.Tier.SUSTAINED) {
                sustainedRetention = max(sustainedRetention, window);
            }
        }
        BucketTier burst = new BucketTier(time.burstBucket(), burstRetention);
        BucketTier sustained = new BucketTier(time.sustainedBucket(), sustainedRetention);
        DistinctReporterWindow reports = new DistinctReporterWindow(config.rule(RuleCatalog.SPAM_REPORTS).window());

        List<Rule> rules = new ArrayList<>();
        ContactSyncPolicy contactSync = config.contactSyncPolicy();
        rules.add(new SuspiciousAddsRule(config.rule(RuleCatalog.FRIEND_ADD_BURST), burst, AccountActivity::getBurstBuckets, contactSync));
        rules.add(new NewAccountListSyncRule(config.rule(RuleCatalog.NEW_ACCOUNT_LIST_SYNC), burst, AccountActivity::getBurstBuckets, contactSync));
        rules.add(new WindowedCountRule(config.rule(RuleCatalog.CHATROOM_BURST), burst, AccountActivity::getBurstBuckets,
                Counter.CHATROOMS_CREATED, "chatrooms created"));
        rules.add(new SuspiciousAddsRule(config.rule(RuleCatalog.SUSTAINED_FRIEND_ADDS), sustained, AccountActivity::getSustainedBuckets,
                contactSync));
        rules.add(new WindowedCountRule(config.rule(RuleCatalog.STRANGER_ADDS), sustained, AccountActivity::getSustainedBuckets,
                Counter.STRANGER_ADDS, "friend-adds chosen one by one to people who do not know the account"));
        rules.add(new WindowedCountRule(config.rule(RuleCatalog.CHATROOM_STRANGERS), sustained, AccountActivity::getSustainedBuckets,
                Counter.NON_FRIEND_CHATROOM_MEMBERS, "chatroom members who are not friends"));
        rules.add(new DistinctReportersRule(config.rule(RuleCatalog.SPAM_REPORTS), reports));
        rules.removeIf(rule -> !rule.parameters().enabled());
        return new RuleBook(rules, burst, sustained, reports, contactSync);
    }

    public BucketTier burstTier() {
        return burstTier;
    }

    public BucketTier sustainedTier() {
        return sustainedTier;
    }

    public DistinctReporterWindow reportWindow() {
        return reportWindow;
    }

    /** How long after an account's latest event any window can still see it. */
    public Duration activityRetention() {
        return max(max(Duration.ofMillis(burstTier.retentionMillis()), Duration.ofMillis(sustainedTier.retentionMillis())),
                Duration.ofMillis(reportWindow.windowMillis()));
    }

    /** The first enforced rule at or over its threshold, or null. */
    public Rule firstRuleAtThreshold(AccountActivity activity) {
        for (Rule rule : enforcedRules) {
            if (rule.observe(activity) >= rule.parameters().threshold()) {
                return rule;
            }
        }
        return null;
    }

    /**
     * The first enforced friend-add rule that would be at its threshold had the account not looked
     * like a phone migration: a sync under half mutual right after a new device. Worth a watch, not a
     * protection. Null when there is none (call it only when no rule is at its threshold).
     */
    public RuleFinding watchFinding(AccountActivity activity) {
        if (!contactSync.looksLikeMigration(activity)) {
            return null;
        }
        for (SuspiciousAddsRule rule : watchingRules) {
            long observed = rule.observeWithoutMigrationAllowance(activity);
            if (observed >= rule.parameters().threshold()) {
                return finding(rule, activity, observed, "would have reached the threshold of %d had the account not just moved to a new device");
            }
        }
        return null;
    }

    /** The shadow rules at or over their thresholds; allocation-free unless one is. */
    public List<Rule> shadowRulesAtThreshold(AccountActivity activity) {
        List<Rule> atThreshold = List.of();
        for (Rule rule : shadowRules) {
            if (rule.observe(activity) >= rule.parameters().threshold()) {
                if (atThreshold.isEmpty()) {
                    atThreshold = new ArrayList<>(1);
                }
                atThreshold.add(rule);
            }
        }
        return atThreshold;
    }

    /** Why the rule fired: the count, the window, and every signal over that window. */
    public RuleFinding explain(Rule rule, AccountActivity activity) {
        return finding(rule, activity, rule.observe(activity), "reached the threshold of %d");
    }

    private RuleFinding finding(Rule rule, AccountActivity activity, long observed, String verdict) {
        RuleParameters p = rule.parameters();
        Map<String, Long> signals = signals(rule, activity);
        String reason = String.format("%s v%d: %d %s in %s " + verdict + "%s",
                p.id(), p.version(), observed, rule.countedWhat(activity), Durations.inWords(p.window().toMillis()),
                p.threshold(), context(signals));
        return new RuleFinding(p, observed, reason, signals);
    }

    /** Every signal as of the account's latest event, the counters over the rule's window (a reports rule's: the hours tier). */
    private Map<String, Long> signals(Rule rule, AccountActivity activity) {
        long head = activity.getLatestEventAtMillis();
        Map<String, Long> signals = new LinkedHashMap<>();
        if (rule instanceof BucketRule counted) {
            counted.putSignals(activity, signals);
        } else {
            for (Counter counter : Counter.values()) {
                signals.put(counter.signalName(), sustainedTier.sum(activity.getSustainedBuckets(), head, sustainedTier.retentionMillis(), counter.reader()));
            }
        }
        signals.put("distinctReporters", (long) reportWindow.distinctReporters(activity.getRecentReports(), head));
        if (activity.getAccountCreatedAtMillis() != null) {
            signals.put("accountAgeDays", (head - activity.getAccountCreatedAtMillis()) / MILLIS_PER_DAY);
        }
        if (activity.getLastDeviceRegisteredAtMillis() != null) {
            signals.put("minutesSinceNewDevice", (head - activity.getLastDeviceRegisteredAtMillis()) / MILLIS_PER_MINUTE);
        }
        return signals;
    }

    private static String context(Map<String, Long> signals) {
        List<String> parts = new ArrayList<>();
        long adds = signals.get(Counter.FRIEND_ADDS.signalName());
        if (adds > 0) {
            parts.add(String.format("%d of %d friend-adds mutual, %d by contact sync (%d of those mutual), %d chosen one by one to strangers",
                    signals.get(Counter.MUTUAL_FRIEND_ADDS.signalName()), adds, signals.get(Counter.CONTACT_SYNC_ADDS.signalName()),
                    signals.get(Counter.MUTUAL_CONTACT_SYNC_ADDS.signalName()), signals.get(Counter.STRANGER_ADDS.signalName())));
        }
        long chatrooms = signals.get(Counter.CHATROOMS_CREATED.signalName());
        if (chatrooms > 0) {
            parts.add(String.format("%d chatrooms with %d members who are not friends",
                    chatrooms, signals.get(Counter.NON_FRIEND_CHATROOM_MEMBERS.signalName())));
        }
        if (signals.containsKey("accountAgeDays")) {
            parts.add("account " + signals.get("accountAgeDays") + " days old");
        }
        if (signals.containsKey("minutesSinceNewDevice")) {
            parts.add("new device registered " + Durations.roughly(signals.get("minutesSinceNewDevice") * MILLIS_PER_MINUTE) + " before");
        }
        return parts.isEmpty() ? "" : " (" + String.join("; ", parts) + ")";
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
