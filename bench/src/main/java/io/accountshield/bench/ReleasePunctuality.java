package io.accountshield.bench;

import io.accountshield.streams.config.AppConfig;
import io.accountshield.streams.rules.RuleCatalog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Issue 13's item 4: how late automatic releases become readable (read_committed) after they are due,
 * with a quiet period of seconds so that each attacker of the live load is released within the run.
 * Due is the protection's {@code releaseEligibleAt} plus the grace period: the pipeline releases at
 * the first release check one grace period after the quiet period ends, so that an out-of-order
 * event from just before it can still extend it.
 *
 * <p>A quiet period must be at least every enabled rule's window, so this run enables only
 * {@code stranger-add-streak} (what the attackers fire), with its window equal to the quiet period
 * on one-second buckets; the grace is {@code --release-grace}. The ordinary load goes on
 * until every release is read: a release also waits for stream time, which only traffic moves.
 *
 * @param sent     the measured stretch (attackers fired in it)
 * @param decided  attackers of that stretch protected by the end of the run
 * @param released of those, the ones whose release was readable within the timeout after due
 * @param lateness readable minus due, over the released
 * @param writtenLateness written (read uncommitted) minus due, over the same: the part before the commit
 * @param withinTarget released no later than the check interval plus one second after due (the target)
 * @param skipped  what the pipeline read but did not count, from its start to the end of the measurement
 * @param latest   the latest release's timeline, when it came later than {@link LiveTimeline#STALL}; else null
 */
record ReleasePunctuality(LiveLoad.Sent sent, int decided, int released, Latencies lateness, Latencies writtenLateness, int withinTarget,
                          SkippedEvents skipped, LiveTimeline.Window latest) {

    int fired() {
        return sent.attackers().size();
    }

    /** Fired but not released in time: not protected by the end of the run, or released too late or not at all. */
    int missing() {
        return fired() - released;
    }

    static Duration target(LiveOptions options) {
        return options.checkInterval.plusSeconds(1);
    }

    /** What the release run changes in the configuration, and nothing else. */
    static Map<String, String> settings(LiveOptions options) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(AppConfig.PROTECTION_QUIET_PERIOD, options.quietPeriod.toString());
        settings.put(AppConfig.PROTECTION_REPEAT_QUIET_PERIODS, options.quietPeriod.toString());
        settings.put(AppConfig.TIME_RELEASE_CHECK_INTERVAL, options.checkInterval.toString());
        settings.put(AppConfig.TIME_GRACE, options.releaseGrace.toString());
        settings.put(AppConfig.TIME_SUSTAINED_BUCKET, "PT1S");
        for (RuleCatalog.RuleDefault rule : RuleCatalog.DEFAULTS) {
            if (!rule.id().equals(RuleCatalog.STRANGER_ADD_STREAK)) {
                settings.put("rule." + rule.id() + ".enabled", "false");
            }
        }
        settings.put("rule." + RuleCatalog.STRANGER_ADD_STREAK + ".window", options.quietPeriod.toString());
        return settings;
    }

    /** @param catchUpTimeout how long the pipeline may take to read what the warm-up sent */
    static ReleasePunctuality measure(String name, Path configFile, Properties clients, Path work, LiveOptions options,
                                      Duration catchUpTimeout) throws Exception {
        try (LiveInstance live = LiveInstance.start(name, configFile, settings(options), clients, work, options)) {
            long graceMillis = live.config.time().grace().toMillis();
            live.load.run(options.rate, options.warmup, true, () -> false);
            live.awaitCaughtUp(catchUpTimeout);
            LiveLoad.Sent sent = live.load.run(options.rate, options.duration, true, () -> false);
            // Ordinary traffic until every protection of the stretch is released, or the last one is a timeout overdue.
            Duration tail = options.quietPeriod.plus(live.config.time().grace()).plus(options.checkInterval).plus(options.timeout);
            live.load.run(options.rate, tail, false, () -> live.broken() != null
                    || live.reader.released().keySet().containsAll(sent.attackers()));
            List<Double> lateness = new ArrayList<>();
            List<Double> writtenLateness = new ArrayList<>();
            int decided = 0;
            long target = target(options).toMillis();
            int withinTarget = 0;
            String latest = null;
            long latestLate = 0;
            for (String attacker : sent.attackers()) {
                DecisionReader.Applied applied = live.reader.applied().get(attacker);
                if (applied == null) {
                    continue;
                }
                decided++;
                Long readAt = live.reader.released().get(attacker);
                long late = readAt == null ? Long.MAX_VALUE : readAt - (applied.releaseEligibleAtMillis() + graceMillis);
                if (late <= options.timeout.toMillis()) {
                    lateness.add((double) late);
                    if (late > latestLate) {
                        latest = attacker;
                        latestLate = late;
                    }
                    withinTarget += late <= target ? 1 : 0;
                    Long writtenAt = live.reader.releasedWritten().get(attacker);
                    if (writtenAt != null) {
                        writtenLateness.add((double) Math.min(writtenAt, readAt) - (applied.releaseEligibleAtMillis() + graceMillis));
                    }
                }
            }
            return new ReleasePunctuality(sent, decided, lateness.size(), Latencies.ofMillis(lateness), Latencies.ofMillis(writtenLateness),
                    withinTarget, live.skipped(), latestWindow(live, latest, latestLate, graceMillis));
        }
    }

    /** The latest release's timeline, from its due time to its release read, when it came later than a stall's worth. */
    private static LiveTimeline.Window latestWindow(LiveInstance live, String attacker, long lateMillis, long graceMillis) {
        if (attacker == null || lateMillis <= LiveTimeline.STALL.toMillis()) {
            return null;
        }
        long dueAt = live.reader.applied().get(attacker).releaseEligibleAtMillis() + graceMillis;
        Long writtenAt = live.reader.releasedWritten().get(attacker);
        return live.timeline.window("release", attacker, live.timeline.nanosAt(dueAt), -1,
                writtenAt == null ? -1 : live.timeline.nanosAt(writtenAt), live.timeline.nanosAt(live.reader.released().get(attacker)));
    }
}
