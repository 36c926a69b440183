package io.accountshield.bench;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** The report's live sections: time to decision and release punctuality, each figure the median (min–max) over the runs. */
final class LiveReport {

    static final String DECISION_TIME = "## Time to decision";
    static final String RELEASE_PUNCTUALITY = "## Release punctuality";

    private LiveReport() {
    }

    static void decisionTime(StringBuilder md, List<DecisionTime> runs, LiveOptions options, long commitIntervalMs) {
        md.append(DECISION_TIME).append("\n\n");
        md.append(String.format(Locale.ROOT, "Attackers among live traffic. Ordinary events (friend-adds to people who know the account, "
                        + "chatrooms of friends, new phones, a report) from %,d accounts visited in turn, so an account comes back only after "
                        + "every other one had an event; every %s a new attacker, an account with no device registration that adds %d "
                        + "strangers by ID search, one every %s (`stranger-add-streak`'s threshold); its last add is the firing event. One "
                        + "pipeline as `streams-app.jar run` starts it (as configured: exactly-once v2, `commit.interval.ms=%d`) on topics of its own, a warm-up "
                        + "of %s at the fixed load, then %s at each load, each begun once the pipeline had read all that was sent "
                        + "before it. Events are produced as the simulator produces them (acks=all, idempotent, 10 ms linger), compression: %s, on an "
                        + "open-loop schedule, with occurredAt the moment they are sent; a producer behind schedule sends the overdue "
                        + "events at once and counts them, it never "
                        + "slows the schedule down. Time to decision: from the firing event's `send()` (before the broker acknowledged it) "
                        + "to the return of the poll in which a read_committed consumer got its `ProtectionApplied`; an attacker not "
                        + "decided within %s is missing. Producer, consumer, broker and pipeline share this JVM's cores.%n%n",
                options.accounts, seconds(options.attackerEvery), LiveLoad.ATTACKER_ADDS, seconds(options.attackerEvery),
                commitIntervalMs, seconds(options.warmup), seconds(options.duration), options.compression, seconds(options.timeout)));
        md.append("| load | offered events/s | achieved events/s | behind schedule at most | events > 10 ms late | attackers fired "
                + "| decided | missing | ordinary accounts protected | p50 | p99 | max |\n"
                + "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        String nearMaxName = String.format(Locale.ROOT, "near the maximum (%.0f%% of the live maximum)", 100 * options.nearMaxShare);
        decisionRow(md, "fixed", runs, DecisionTime::fixed);
        decisionRow(md, nearMaxName, runs, DecisionTime::nearMax);
        md.append("\nWhere the time went: from the firing event's `send()` to the broker's acknowledgement of it (the load's "
                + "producer and the broker), to the `ProtectionApplied` written (a read_uncommitted consumer beside the read_committed "
                + "one saw it: the pipeline had read, judged and sent it), then from written to readable (the transaction's commit, "
                + "and any transaction left open on the partition, which holds a read_committed consumer back).\n\n"
                + "| load | to acknowledged: p50 | p99 | max | to written: p50 | p99 | max | written to readable: p50 | p99 | max |\n"
                + "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        splitRow(md, "fixed", runs.stream().map(DecisionTime::fixed).toList());
        splitRow(md, nearMaxName, runs.stream().map(DecisionTime::nearMax).toList());
        md.append(String.format(Locale.ROOT, "%nThe live maximum: %s events/s, the rate at which the pipeline read ordinary events of the "
                        + "same traffic sent as fast as the producer could for %s (from the first send until the pipeline had read the "
                        + "last), after the fixed load and before the near-maximum one.%n%n",
                Figures.rate(runs, DecisionTime::liveMaximum), seconds(options.warmup)));
        skipped(md, runs.stream().map(DecisionTime::skipped).toList());
        for (int run = 0; run < runs.size(); run++) {
            // Near the maximum a queue of seconds is what the load is for; at the fixed load it is a stall.
            stall(md, run, runs.size(), "the fixed load", runs.get(run).fixed().slowest());
        }
    }

    /** A decision slower than a stall's worth, with what every part of the machinery did meanwhile. */
    private static void stall(StringBuilder md, int run, int runs, String where, LiveTimeline.Window window) {
        if (window != null) {
            String heading = String.format(Locale.ROOT, "**A stall%s, %s**", runs > 1 ? " in run " + (run + 1) : "", where);
            LiveTimeline.render(md, heading + " (longer than " + seconds(LiveTimeline.STALL) + ")", window);
        }
    }

    /** A missing attacker is explained by these, or by nothing the pipeline counted. */
    private static void skipped(StringBuilder md, List<SkippedEvents> runs) {
        md.append(String.format(Locale.ROOT, "Read but not counted, from the warm-up to the end of the measurement: %s skipped as later than "
                        + "the grace period allows, %s skipped as redelivered, %s dead-lettered (processing defects among them), %s "
                        + "processing errors.%n%n",
                Figures.rate(runs, SkippedEvents::late), Figures.rate(runs, SkippedEvents::redelivered),
                Figures.rate(runs, SkippedEvents::deadLettered), Figures.rate(runs, SkippedEvents::processingErrors)));
    }

    private static void decisionRow(StringBuilder md, String name, List<DecisionTime> runs, Function<DecisionTime, DecisionTime.Load> which) {
        List<DecisionTime.Load> loads = runs.stream().map(which).toList();
        md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", name,
                Figures.rate(loads, l -> l.sent().offeredRate()), Figures.rate(loads, l -> l.sent().achievedRate()),
                Figures.millis(loads, l -> l.sent().maxBehindNanos() / 1e6), Figures.rate(loads, l -> l.sent().late()),
                Figures.rate(loads, DecisionTime.Load::fired), Figures.rate(loads, DecisionTime.Load::decided),
                Figures.rate(loads, DecisionTime.Load::missing), Figures.rate(loads, DecisionTime.Load::ordinaryProtected),
                Figures.millis(loads, l -> l.latencies().p50Millis()), Figures.millis(loads, l -> l.latencies().p99Millis()),
                Figures.millis(loads, l -> l.latencies().maxMillis())));
    }

    private static void splitRow(StringBuilder md, String name, List<DecisionTime.Load> loads) {
        md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", name,
                Figures.millis(loads, l -> l.toAcked().p50Millis()), Figures.millis(loads, l -> l.toAcked().p99Millis()),
                Figures.millis(loads, l -> l.toAcked().maxMillis()), Figures.millis(loads, l -> l.toWritten().p50Millis()), Figures.millis(loads, l -> l.toWritten().p99Millis()),
                Figures.millis(loads, l -> l.toWritten().maxMillis()), Figures.millis(loads, l -> l.writtenToReadable().p50Millis()),
                Figures.millis(loads, l -> l.writtenToReadable().p99Millis()), Figures.millis(loads, l -> l.writtenToReadable().maxMillis())));
    }

    static void releasePunctuality(StringBuilder md, List<ReleasePunctuality> runs, LiveOptions options) {
        md.append(RELEASE_PUNCTUALITY).append("\n\n");
        md.append(String.format(Locale.ROOT, "The same live load at %,.0f events/s on a second pipeline whose configuration differs only where "
                        + "a quiet period of %s requires it: `protection.quiet-period` and `protection.repeat-quiet-periods` %s, "
                        + "`time.release-check-interval` %s, `time.grace` %s, `time.sustained-bucket` PT1S, `stranger-add-streak`'s window "
                        + "%s and every other rule disabled (a quiet period must be at least every enabled rule's window). Each attacker of "
                        + "the measured %s is protected, then, with nothing more from it, released; the ordinary load goes on until every "
                        + "release has been read (a release also waits for stream time, which only traffic moves). Lateness: when a "
                        + "read_committed consumer read the `ProtectionReleased`, minus when it was due (`releaseEligibleAt` on the "
                        + "`ProtectionApplied` plus the grace period: the pipeline's own release moment). Missing: an attacker not protected by the "
                        + "end of the run, or whose release was not read within %s of its due time.%n%n",
                options.rate, seconds(options.quietPeriod), options.quietPeriod, options.checkInterval, options.releaseGrace, options.quietPeriod,
                seconds(options.duration), seconds(options.timeout)));
        md.append("| attackers fired | protected | released | missing | p50 late | p99 late | max late | within the target "
                + "| the issue's target |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | no later than the release check interval plus one "
                        + "second: %s |%n", Figures.rate(runs, ReleasePunctuality::fired),
                Figures.rate(runs, ReleasePunctuality::decided), Figures.rate(runs, ReleasePunctuality::released),
                Figures.rate(runs, ReleasePunctuality::missing), Figures.millis(runs, r -> r.lateness().p50Millis()),
                Figures.millis(runs, r -> r.lateness().p99Millis()), Figures.millis(runs, r -> r.lateness().maxMillis()),
                Figures.rate(runs, ReleasePunctuality::withinTarget), seconds(ReleasePunctuality.target(options))));
        md.append(String.format(Locale.ROOT, "%nThe part before the commit: the `ProtectionReleased` written (seen by a read_uncommitted "
                        + "consumer) minus when it was due: p50 %s, p99 %s, max %s; the rest of the lateness is the commit's.%n%n",
                Figures.millis(runs, r -> r.writtenLateness().p50Millis()), Figures.millis(runs, r -> r.writtenLateness().p99Millis()),
                Figures.millis(runs, r -> r.writtenLateness().maxMillis())));
        skipped(md, runs.stream().map(ReleasePunctuality::skipped).toList());
        for (int run = 0; run < runs.size(); run++) {
            stall(md, run, runs.size(), "the latest release", runs.get(run).latest());
        }
    }

    private static String seconds(java.time.Duration duration) {
        return String.format(Locale.ROOT, "%.2f s", duration.toNanos() / 1e9).replace(".00 s", " s");
    }
}
