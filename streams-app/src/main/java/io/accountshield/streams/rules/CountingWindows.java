package io.accountshield.streams.rules;

import io.accountshield.streams.time.BucketTier;
import io.accountshield.streams.time.DistinctReporterWindow;
import io.accountshield.streams.time.Durations;
import io.accountshield.streams.time.TimeSettings;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;

/**
 * What the account state keeps for the rules: short and long activity buckets, each as long as its
 * longest configured window, and the report marks. Fixed by the configuration when the application
 * starts, since the stored state follows it; a rule changed live must fit inside.
 */
public record CountingWindows(BucketTier burst, BucketTier sustained, DistinctReporterWindow reports, ContactSyncPolicy contactSync) {

    /** No configuration keeps more than this; anything longer (and any overflowing milliseconds) is refused before arithmetic. */
    private static final Duration LONGEST_WINDOW = Duration.ofDays(3650);

    /** Each tier as long as the longest window a configured rule of it counts over (enabled or not: enabling one later must fit). */
    public static CountingWindows of(Function<String, RuleParameters> configured, ContactSyncPolicy contactSync, TimeSettings time) {
        Map<RuleCatalog.Tier, Duration> retention = new EnumMap<>(RuleCatalog.Tier.class);
        for (RuleCatalog.RuleDefault rule : RuleCatalog.DEFAULTS) {
            retention.merge(rule.tier(), configured.apply(rule.id()).window(), (a, b) -> a.compareTo(b) >= 0 ? a : b);
        }
        return new CountingWindows(
                new BucketTier(time.burstBucket(), retention.getOrDefault(RuleCatalog.Tier.BURST, Duration.ZERO)),
                new BucketTier(time.sustainedBucket(), retention.getOrDefault(RuleCatalog.Tier.SUSTAINED, Duration.ZERO)),
                new DistinctReporterWindow(retention.getOrDefault(RuleCatalog.Tier.REPORTS, Duration.ZERO)),
                contactSync);
    }

    /** How long after an account's latest event any window can still see it. */
    public Duration retention() {
        long longest = Math.max(Math.max(burst.retentionMillis(), sustained.retentionMillis()), reports.windowMillis());
        return Duration.ofMillis(longest);
    }

    /**
     * The tier a rule counting buckets uses for this window: the preferred one (a catalogue rule's
     * own, so its counts stay what they were) when it keeps the window in whole buckets, else the
     * short tier, else the long one; null when neither does.
     */
    public RuleCatalog.Tier tierFor(RuleCatalog.Tier preferred, Duration window) {
        if (preferred == RuleCatalog.Tier.SUSTAINED && fits(sustained, window)) {
            return RuleCatalog.Tier.SUSTAINED;
        }
        if (fits(burst, window)) {
            return RuleCatalog.Tier.BURST;
        }
        return fits(sustained, window) ? RuleCatalog.Tier.SUSTAINED : null;
    }

    BucketTier buckets(RuleCatalog.Tier tier) {
        return tier == RuleCatalog.Tier.SUSTAINED ? sustained : burst;
    }

    /** Why no part of the state can count this window for this counter, or null when one can. */
    public String windowProblem(RuleCounter counter, Duration window) {
        if (window.isZero() || window.isNegative()) {
            return "the window must be longer than zero, not " + window;
        }
        if (window.compareTo(LONGEST_WINDOW) > 0) {
            return "the window " + window + " is longer than any the state can keep (" + LONGEST_WINDOW + ")";
        }
        if (!counter.countsBuckets()) {
            return window.toMillis() <= reports.windowMillis() ? null
                    : "the window " + window + " is longer than the report marks the state keeps (" + Duration.ofMillis(reports.windowMillis()) + ")";
        }
        if (tierFor(RuleCatalog.Tier.BURST, window) != null) {
            return null;
        }
        return "the state keeps " + counter.configName() + " for " + Durations.inWords(burst.retentionMillis()) + " in buckets of "
                + Durations.inWords(burst.widthMillis()) + " and for " + Durations.inWords(sustained.retentionMillis()) + " in buckets of "
                + Durations.inWords(sustained.widthMillis()) + "; a window of " + window + " fits neither whole (the longest windows are set"
                + " by the configuration's rules when the application starts)";
    }

    private static boolean fits(BucketTier tier, Duration window) {
        long millis = window.toMillis();
        return millis > 0 && millis <= tier.retentionMillis() && tier.widthMillis() > 0 && millis % tier.widthMillis() == 0;
    }
}
