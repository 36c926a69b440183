package io.accountshield.streams.rules;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Stops a bad rule by itself: one task's guard counts the protections each rule makes, by event time,
 * and when a rule's count over the guard's window passes both a floor and a multiple of its own rate
 * over the hours before (a threshold typed one digit short), it demotes the rule's version to shadow
 * in this task at once and asks for the demotion to be written to the protection-rules topic, which
 * puts it in shadow on every instance. So a task makes at most the floor (or the multiple of the
 * rule's usual rate) of protections by a bad version; the whole pipeline, that many per task.
 *
 * <p>One per task, on its stream thread; in memory (a restarted task starts counting again, with
 * the topic's demotion, if any, in force).
 */
public final class RuleGuard {

    private static final long MINUTE_MILLIS = Duration.ofMinutes(1).toMillis();

    /**
     * @param window         the span protections are counted over, in whole minutes
     * @param baseline       the span before it that gives the rule's usual rate, in whole minutes
     * @param factor         how many times the usual rate (scaled to the window) the window's count must pass
     * @param minProtections the count over the window at which the guard trips when the rule had no usual rate
     */
    public record Settings(boolean enabled, Duration window, Duration baseline, double factor, int minProtections) {
        public Settings {
            if (window.toMillis() % MINUTE_MILLIS != 0 || baseline.toMillis() % MINUTE_MILLIS != 0 || window.isZero() || baseline.isZero()) {
                throw new IllegalArgumentException("the guard's window and baseline are whole minutes, not " + window + " and " + baseline);
            }
        }

        long windowMinutes() {
            return window.toMinutes();
        }

        long baselineMinutes() {
            return baseline.toMinutes();
        }
    }

    /**
     * A version the guard demoted: the shadow version to write, and why.
     *
     * @param shadowVersion the demoted rule as its next version, in shadow
     */
    public record Demotion(RuleParameters demoted, RuleParameters shadowVersion, String reason) {
    }

    private final Supplier<RuleBook> live;
    private final Settings settings;
    /** Protections by rule id, then version. */
    private final Map<String, Map<Integer, MinuteCounts>> protections = new HashMap<>();
    /** The latest event minute a protection was counted at, in this task. */
    private long latestMinute = Long.MIN_VALUE;
    /** Versions demoted in this task, as id/vN: in shadow here whatever the topic says, until a later version is in force. */
    private final Set<String> demoted = new HashSet<>();
    private RuleBook source;
    private RuleBook guarded;

    public RuleGuard(Supplier<RuleBook> live, Settings settings) {
        this.live = live;
        this.settings = settings;
    }

    /** The rules in force, with the versions this task demoted in shadow. */
    public RuleBook book() {
        RuleBook current = live.get();
        if (current != source) {
            source = current;
            guarded = demoted.isEmpty() ? current : current.withShadow(demoted);
        }
        return guarded;
    }

    /**
     * Counts a protection by the rule's version at this event time; a demotion when it takes the
     * version over the guard's limit, else null. The window counts this version's protections only,
     * so a version that follows a demoted one starts from nothing; the usual rate is the rule's, over
     * its versions that were not demoted.
     */
    public Demotion protectedBy(String ruleId, int version, long atMillis) {
        if (!settings.enabled()) {
            return null;
        }
        String key = RuleDefinitions.key(ruleId, version);
        long minute = atMillis / MINUTE_MILLIS;
        latestMinute = Math.max(latestMinute, minute);
        protections.computeIfAbsent(ruleId, id -> new HashMap<>())
                .computeIfAbsent(version, v -> new MinuteCounts((int) (settings.windowMinutes() + settings.baselineMinutes())))
                .add(minute);
        if (demoted.contains(key)) {
            return null;
        }
        long windowStart = latestMinute - settings.windowMinutes();
        long inWindow = protections.get(ruleId).get(version).between(windowStart, latestMinute);
        long before = 0;
        for (Map.Entry<Integer, MinuteCounts> other : protections.get(ruleId).entrySet()) {
            if (!demoted.contains(RuleDefinitions.key(ruleId, other.getKey()))) {
                before += other.getValue().between(windowStart - settings.baselineMinutes(), windowStart);
            }
        }
        double usualInWindow = (double) before * settings.windowMinutes() / settings.baselineMinutes();
        double limit = Math.max(settings.minProtections(), settings.factor() * usualInWindow);
        if (inWindow < limit) {
            return null;
        }
        RuleParameters rule = inForce(ruleId, version);
        if (rule == null || rule.mode() != RuleMode.ENFORCE) {
            return null;
        }
        demoted.add(key);
        source = null;
        String reason = String.format(Locale.ROOT, "the guard: %d protections in %s in one task, at its limit of %.0f (at least %d, and %.0f times"
                        + " the %.1f the rule made in a usual %s over the %s before)", inWindow, settings.window(), limit, settings.minProtections(),
                settings.factor(), usualInWindow, settings.window(), settings.baseline());
        return new Demotion(rule, rule.inShadow(), reason);
    }

    private RuleParameters inForce(String ruleId, int version) {
        List<RuleParameters> enabled = live.get().enabledRules();
        for (RuleParameters rule : enabled) {
            if (rule.id().equals(ruleId) && rule.version() == version) {
                return rule;
            }
        }
        return null;
    }

    /** Counts per minute in a ring, each slot knowing its minute, so that sums are by minute whatever was counted last. */
    private static final class MinuteCounts {
        private final long[] counts;
        private final long[] minutes;

        MinuteCounts(int size) {
            this.counts = new long[size];
            this.minutes = new long[size];
            Arrays.fill(minutes, Long.MIN_VALUE);
        }

        void add(long minute) {
            int slot = (int) Math.floorMod(minute, (long) counts.length);
            if (minutes[slot] == minute) {
                counts[slot]++;
            } else if (minutes[slot] < minute) {
                minutes[slot] = minute;
                counts[slot] = 1;
            }
            // Older than what the slot holds now: beyond every span the guard sums.
        }

        /** The count over the minutes after {@code fromExclusive} up to {@code toInclusive}. */
        long between(long fromExclusive, long toInclusive) {
            long sum = 0;
            for (int slot = 0; slot < counts.length; slot++) {
                if (minutes[slot] > fromExclusive && minutes[slot] <= toInclusive) {
                    sum += counts[slot];
                }
            }
            return sum;
        }
    }
}
