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

    private final List<Rule> enabledRules;
    private final BucketTier burstTier;
    private final BucketTier sustainedTier;
    private final DistinctReporterWindow reportWindow;

    private RuleBook(List<Rule> enabledRules, BucketTier burstTier, BucketTier sustainedTier, DistinctReporterWindow reportWindow) {
        this.enabledRules = List.copyOf(enabledRules);
        this.burstTier = burstTier;
        this.sustainedTier = sustainedTier;
        this.reportWindow = reportWindow;
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
        double maxMutualShare = config.contactSyncMaxMutualShare();
        rules.add(new SuspiciousAddsRule(config.rule(RuleCatalog.FRIEND_ADD_BURST), burst, AccountActivity::getBurstBuckets, maxMutualShare));
        rules.add(new WindowedCountRule(config.rule(RuleCatalog.CHATROOM_BURST), burst, AccountActivity::getBurstBuckets,
                Counter.CHATROOMS_CREATED, "chatrooms created"));
        rules.add(new SuspiciousAddsRule(config.rule(RuleCatalog.SUSTAINED_FRIEND_ADDS), sustained, AccountActivity::getSustainedBuckets,
                maxMutualShare));
        rules.add(new DistinctReportersRule(config.rule(RuleCatalog.SPAM_REPORTS), reports));
        rules.removeIf(rule -> !rule.parameters().enabled());
        return new RuleBook(rules, burst, sustained, reports);
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

    /** The first enabled rule at or over its threshold, or null. */
    public Rule firstRuleAtThreshold(AccountActivity activity) {
        for (Rule rule : enabledRules) {
            if (rule.observe(activity) >= rule.parameters().threshold()) {
                return rule;
            }
        }
        return null;
    }

    /** Why the rule fired: the count, the window, and every signal over that window. */
    public RuleFinding explain(Rule rule, AccountActivity activity) {
        RuleParameters p = rule.parameters();
        long observed = rule.observe(activity);
        Map<String, Long> signals = signals(rule, activity);
        String reason = String.format("%s v%d: %d %s in %s reached the threshold of %d%s",
                p.id(), p.version(), observed, rule.countedWhat(), Durations.inWords(p.window().toMillis()),
                p.threshold(), context(signals));
        return new RuleFinding(p, observed, reason, signals);
    }

    private Map<String, Long> signals(Rule rule, AccountActivity activity) {
        BucketTier tier = sustainedTier;
        List<ActivityBucket> buckets = activity.getSustainedBuckets();
        long windowMillis = sustainedTier.retentionMillis();
        if (rule instanceof WindowedCountRule counted) {
            tier = counted.tier();
            buckets = counted.bucketsOf(activity);
            windowMillis = rule.parameters().window().toMillis();
        } else if (rule instanceof SuspiciousAddsRule adds) {
            tier = adds.tier();
            buckets = adds.bucketsOf(activity);
            windowMillis = rule.parameters().window().toMillis();
        }
        long head = activity.getLatestEventAtMillis();
        Map<String, Long> signals = new LinkedHashMap<>();
        for (Counter counter : Counter.values()) {
            signals.put(counter.signalName(), tier.sum(buckets, head, windowMillis, counter.reader()));
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
            parts.add(String.format("%d of %d friend-adds mutual, %d by contact sync (%d of those mutual)",
                    signals.get(Counter.MUTUAL_FRIEND_ADDS.signalName()), adds, signals.get(Counter.CONTACT_SYNC_ADDS.signalName()),
                    signals.get(Counter.MUTUAL_CONTACT_SYNC_ADDS.signalName())));
        }
        long chatrooms = signals.get(Counter.CHATROOMS_CREATED.signalName());
        if (chatrooms > 0) {
            parts.add(String.format("%d chatrooms with %d members who are not friends",
                    chatrooms, signals.get(Counter.NON_FRIEND_CHATROOM_MEMBERS.signalName())));
        }
        if (signals.containsKey("accountAgeDays")) {
            parts.add("account " + signals.get("accountAgeDays") + " days old");
        }
        return parts.isEmpty() ? "" : " (" + String.join("; ", parts) + ")";
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
