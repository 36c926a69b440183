package io.accountshield.streams.rules;

import io.accountshield.schema.events.ChatroomCreated;
import io.accountshield.schema.events.DeviceRegistered;
import io.accountshield.schema.events.FriendAdded;
import io.accountshield.schema.events.FriendSource;
import io.accountshield.schema.events.SpamReported;
import io.accountshield.schema.state.AccountActivity;
import io.accountshield.schema.state.ActivityBucket;
import io.accountshield.streams.time.BucketTier;
import io.accountshield.streams.time.DistinctReporterWindow;
import io.accountshield.streams.time.Durations;
import io.accountshield.streams.time.TimeSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;

/**
 * The configured rules, evaluated in catalog order, and the windows they count over. Evaluation is
 * allocation-free until a rule fires; only then is the explanation built.
 */
public final class RuleBook {

    private static final long MILLIS_PER_DAY = Duration.ofDays(1).toMillis();
    private static final long MILLIS_PER_MINUTE = Duration.ofMinutes(1).toMillis();

    /** Enabled rules in evaluation order: the catalogue's in its order, then new ones by id. */
    private final List<Rule> enabledRules;
    private final List<Rule> enforcedRules;
    /** Rules in shadow for every account, or staged (in shadow for the accounts outside their rollout share). */
    private final List<Rule> shadowedRules;
    private final List<SuspiciousAddsRule> watchingRules;
    private final CountingWindows windows;
    private final BucketTier burstTier;
    private final BucketTier sustainedTier;
    private final DistinctReporterWindow reportWindow;
    private final ContactSyncPolicy contactSync;

    private RuleBook(List<Rule> enabledRules, CountingWindows windows) {
        this.enabledRules = List.copyOf(enabledRules);
        this.enforcedRules = enabledRules.stream().filter(rule -> rule.parameters().mode() == RuleMode.ENFORCE).toList();
        this.shadowedRules = enabledRules.stream()
                .filter(rule -> rule.parameters().mode() == RuleMode.SHADOW || rule.parameters().isStaged()).toList();
        this.watchingRules = enforcedRules.stream().filter(SuspiciousAddsRule.class::isInstance).map(SuspiciousAddsRule.class::cast).toList();
        this.windows = windows;
        this.burstTier = windows.burst();
        this.sustainedTier = windows.sustained();
        this.reportWindow = windows.reports();
        this.contactSync = windows.contactSync();
    }

    /**
     * The catalogue's rules with their configured parameters, and the windows they count over: each
     * tier keeps its counts as long as its longest rule's window.
     */
    public static RuleBook from(Function<String, RuleParameters> configured, ContactSyncPolicy contactSync, TimeSettings time) {
        return of(CountingWindows.of(configured, contactSync, time),
                RuleCatalog.DEFAULTS.stream().map(rule -> configured.apply(rule.id())).toList());
    }

    /**
     * These rules over these windows, each already checked to fit them ({@link RuleCheck}). A
     * catalogue rule counts in its own tier where the window allows; others prefer the short one.
     */
    public static RuleBook of(CountingWindows windows, Collection<RuleParameters> rules) {
        RuleCounter.Counts counts = new RuleCounter.Counts(windows.reports(), windows.contactSync());
        List<Rule> built = new ArrayList<>();
        for (RuleParameters parameters : inEvaluationOrder(rules)) {
            if (!parameters.enabled()) {
                continue;
            }
            RuleCatalog.Tier preferred = RuleCatalog.find(parameters.id()).map(RuleCatalog.RuleDefault::tier).orElse(RuleCatalog.Tier.BURST);
            RuleCatalog.Tier tier = parameters.counter().countsBuckets() ? windows.tierFor(preferred, parameters.window()) : RuleCatalog.Tier.REPORTS;
            if (tier == null) {
                throw new IllegalArgumentException(parameters.id() + ": " + windows.windowProblem(parameters.counter(), parameters.window()));
            }
            built.add(parameters.counter().build(parameters, windows.buckets(tier), tier.buckets(), counts));
        }
        return new RuleBook(built, windows);
    }

    /** The catalogue's rules in its order, then the others by id. */
    static List<RuleParameters> inEvaluationOrder(Collection<RuleParameters> rules) {
        Comparator<RuleParameters> order = Comparator.comparingInt((RuleParameters p) -> RuleCatalog.position(p.id()))
                .thenComparing(RuleParameters::id);
        return rules.stream().sorted(order).toList();
    }

    /** The same rules, with these versions (id/vN) in shadow: the ones a task's guard demoted. */
    public RuleBook withShadow(Set<String> shadowed) {
        List<RuleParameters> rules = new ArrayList<>();
        for (Rule rule : enabledRules) {
            RuleParameters p = rule.parameters();
            rules.add(shadowed.contains(RuleDefinitions.key(p.id(), p.version())) ? p.inShadow().withVersion(p.version()) : p);
        }
        return of(windows, rules);
    }

    public CountingWindows windows() {
        return windows;
    }

    /** The enabled rules' parameters, in evaluation order. */
    public List<RuleParameters> enabledRules() {
        return enabledRules.stream().map(Rule::parameters).toList();
    }

    public ContactSyncPolicy contactSync() {
        return contactSync;
    }

    /** Adds the event to the account's counts: its buckets in every tier that can still see it, or its reporter. */
    public void count(AccountActivity activity, SpecificRecord event, long eventMillis) {
        long head = activity.getLatestEventAtMillis();
        if (event instanceof FriendAdded added) {
            for (ActivityBucket bucket : buckets(activity, eventMillis, head)) {
                bucket.setFriendAdds(bucket.getFriendAdds() + 1);
                if (added.getMutual()) {
                    bucket.setMutualFriendAdds(bucket.getMutualFriendAdds() + 1);
                }
                if (!added.getMutual() && isUninvited(added.getSource())) {
                    bucket.setUninvitedStrangerAdds(bucket.getUninvitedStrangerAdds() + 1);
                }
                if (added.getSource() == FriendSource.CONTACT_SYNC) {
                    bucket.setContactSyncAdds(bucket.getContactSyncAdds() + 1);
                    if (added.getMutual()) {
                        bucket.setMutualContactSyncAdds(bucket.getMutualContactSyncAdds() + 1);
                    }
                }
            }
        } else if (event instanceof ChatroomCreated created) {
            for (ActivityBucket bucket : buckets(activity, eventMillis, head)) {
                bucket.setChatroomsCreated(bucket.getChatroomsCreated() + 1);
                bucket.setNonFriendChatroomMembers(bucket.getNonFriendChatroomMembers() + created.getNonFriendMemberCount());
            }
        } else if (event instanceof DeviceRegistered registered) {
            Long previous = activity.getLastDeviceRegisteredAtMillis();
            activity.setLastDeviceRegisteredAtMillis(previous == null ? eventMillis : Math.max(previous, eventMillis));
            activity.setAccountCreatedAtMillis(registered.getAccountCreatedAt().toEpochMilli());
        } else if (event instanceof SpamReported report) {
            reportWindow.add(activity.getRecentReports(), report.getReporterAccountId(), eventMillis, head);
        }
    }

    /** Whether the account found the person itself, rather than being handed a QR code or a link, or syncing its book. */
    private static boolean isUninvited(FriendSource source) {
        return source == FriendSource.ID_SEARCH || source == FriendSource.PHONE_NUMBER || source == FriendSource.RECOMMENDATION;
    }

    /** The burst and sustained buckets an event at this time counts in (none that are out of reach). */
    private List<ActivityBucket> buckets(AccountActivity activity, long eventMillis, long head) {
        List<ActivityBucket> hit = new ArrayList<>(2);
        addIfReachable(hit, burstTier, activity.getBurstBuckets(), eventMillis, head);
        addIfReachable(hit, sustainedTier, activity.getSustainedBuckets(), eventMillis, head);
        return hit;
    }

    private static void addIfReachable(List<ActivityBucket> hit, BucketTier tier, List<ActivityBucket> buckets, long eventMillis, long head) {
        ActivityBucket bucket = tier.bucketFor(buckets, eventMillis, head);
        if (bucket != null) {
            hit.add(bucket);
        }
    }

    /** How long after an account's latest event any window can still see it. */
    public Duration activityRetention() {
        return windows.retention();
    }

    /** The first rule enforced on this account at or over its threshold, or null. */
    public Rule firstRuleAtThreshold(String accountId, AccountActivity activity) {
        int point = -1;
        for (Rule rule : enforcedRules) {
            RuleParameters p = rule.parameters();
            if (!p.rollout().isAll()) {
                point = point < 0 ? RolloutShare.pointOf(accountId) : point;
                if (!p.rollout().coversPoint(point)) {
                    continue;
                }
            }
            if (rule.observe(activity) >= p.threshold()) {
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
    public RuleFinding watchFinding(String accountId, AccountActivity activity) {
        if (!contactSync.looksLikeMigration(activity)) {
            return null;
        }
        for (SuspiciousAddsRule rule : watchingRules) {
            if (!rule.parameters().rollout().covers(accountId)) {
                continue;
            }
            long observed = rule.observeWithoutMigrationAllowance(activity);
            if (observed >= rule.parameters().threshold()) {
                return finding(rule, activity, observed, "would have reached the threshold of %d had the account not just moved to a new device");
            }
        }
        return null;
    }

    /**
     * The rules in shadow for this account (shadow rules, and staged ones outside their share) at or
     * over their thresholds; allocation-free unless one is.
     */
    public List<Rule> shadowRulesAtThreshold(String accountId, AccountActivity activity) {
        List<Rule> atThreshold = List.of();
        for (Rule rule : shadowedRules) {
            if (rule.parameters().mode() == RuleMode.ENFORCE && rule.parameters().rollout().covers(accountId)) {
                continue;
            }
            if (rule.observe(activity) >= rule.parameters().threshold()) {
                if (atThreshold.isEmpty()) {
                    atThreshold = new ArrayList<>(1);
                }
                atThreshold.add(rule);
            }
        }
        return atThreshold;
    }

    /**
     * What the account's windows hold now, for a support agent: every counter over the burst tier's
     * and the sustained tier's longest window, ending at the account's latest event, and the other signals.
     */
    public Map<String, Object> countsNow(AccountActivity activity) {
        long head = activity.getLatestEventAtMillis();
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("short window: " + Durations.inWords(burstTier.retentionMillis()), tierCounts(burstTier, activity.getBurstBuckets(), head));
        counts.put("long window: " + Durations.inWords(sustainedTier.retentionMillis()),
                tierCounts(sustainedTier, activity.getSustainedBuckets(), head));
        Map<String, Long> other = new LinkedHashMap<>();
        other.put("distinctReporters", (long) reportWindow.distinctReporters(activity.getRecentReports(), head));
        if (activity.getAccountCreatedAtMillis() != null) {
            other.put("accountAgeDays", (head - activity.getAccountCreatedAtMillis()) / MILLIS_PER_DAY);
        }
        if (activity.getLastDeviceRegisteredAtMillis() != null) {
            other.put("minutesSinceNewDevice", (head - activity.getLastDeviceRegisteredAtMillis()) / MILLIS_PER_MINUTE);
        }
        counts.put("signals", other);
        return counts;
    }

    private static Map<String, Long> tierCounts(BucketTier tier, List<ActivityBucket> buckets, long head) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Counter counter : Counter.values()) {
            counts.put(counter.signalName(), tier.sum(buckets, head, tier.retentionMillis(), counter.reader()));
        }
        return counts;
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
}
