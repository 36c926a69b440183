package io.accountshield.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Issue 13's item 3: from the moment the firing event is sent to the moment its {@code
 * ProtectionApplied} is readable by a read_committed consumer, at a fixed load and near the maximum,
 * on one pipeline with its real configuration (exactly-once v2), after a warm-up.
 *
 * @param fixed       at {@code --live-rate}
 * @param liveMaximum events/s the pipeline read the live traffic at, sent as fast as the producer could
 * @param nearMax     at {@code --near-max-share} of {@code liveMaximum}
 * @param skipped     what the pipeline read but did not count, from its start to the end of the measurement
 */
record DecisionTime(Load fixed, double liveMaximum, Load nearMax, SkippedEvents skipped) {

    /** No rate can be offered faster: the load sends each event as soon as it can. */
    private static final double AS_FAST_AS_IT_CAN = 1e9;

    /**
     * One load as measured.
     *
     * @param decided         attackers whose protection was readable within the timeout
     * @param ordinaryProtected ordinary accounts protected while the pipeline ran (the load is built so there are none)
     * @param latencies       send of the firing event to its protection read, over the decided attackers
     * @param toAcked         send of the firing event to the broker's acknowledgement of it, over the same
     * @param toWritten       send of the firing event to its protection written (read uncommitted), over the same
     * @param writtenToReadable written to readable by a read_committed consumer (the commit), over the same
     * @param slowest         the slowest decision's timeline, when it took longer than {@link LiveTimeline#STALL}; else null
     */
    record Load(LiveLoad.Sent sent, int decided, int ordinaryProtected, Latencies latencies, Latencies toAcked, Latencies toWritten,
                Latencies writtenToReadable, LiveTimeline.Window slowest) {
        int fired() {
            return sent.attackers().size();
        }

        int missing() {
            return fired() - decided;
        }
    }

    /** @param catchUpTimeout how long the pipeline may take to read what a stretch sent before the next one starts */
    static DecisionTime measure(String name, Path configFile, Properties clients, Path work, LiveOptions options,
                                Duration catchUpTimeout) throws Exception {
        try (LiveInstance live = LiveInstance.start(name, configFile, Map.of(), clients, work, options)) {
            // Each stretch starts on a pipeline that has read everything before it, so a load it cannot keep up with
            // shows in that load's figures only.
            live.load.run(options.rate, options.warmup, true, () -> false);
            live.awaitCaughtUp(catchUpTimeout);
            LiveLoad.Sent fixed = live.load.run(options.rate, options.duration, true, () -> false);
            live.awaitCaughtUp(catchUpTimeout);
            // The maximum on this traffic: ordinary events as fast as the producer sends them, for as long as the warm-up,
            // until the pipeline has read them all. Not the rate over the backlog, whose busy accounts the decoded-state
            // cache favours: here almost every account comes back only after all the others.
            long burstStart = System.nanoTime();
            long burstEnd = burstStart + options.warmup.toNanos();
            LiveLoad.Sent burst = live.load.run(AS_FAST_AS_IT_CAN, options.warmup, false, () -> System.nanoTime() >= burstEnd);
            live.awaitCaughtUp(catchUpTimeout);
            double liveMaximum = burst.events() / ((System.nanoTime() - burstStart) / 1e9);
            LiveLoad.Sent nearMax = live.load.run(options.nearMaxShare * liveMaximum, options.duration, true, () -> false);
            List<String> measured = new ArrayList<>(fixed.attackers());
            measured.addAll(nearMax.attackers());
            awaitDecided(live, measured, options.timeout);
            int ordinary = (int) live.reader.applied().keySet().stream().filter(id -> !LiveLoad.isAttacker(id)).count();
            return new DecisionTime(load(live, fixed, ordinary, options.timeout), liveMaximum, load(live, nearMax, ordinary, options.timeout),
                    live.skipped());
        }
    }

    /** Until every attacker is protected or the last one fired a timeout ago; no load meanwhile, none is needed to decide. */
    private static void awaitDecided(LiveInstance live, List<String> attackers, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!live.reader.applied().keySet().containsAll(attackers) && System.nanoTime() < deadline && live.broken() == null) {
            Thread.sleep(20);
        }
    }

    private static Load load(LiveInstance live, LiveLoad.Sent sent, int ordinaryProtected, Duration timeout) {
        List<Double> millis = new ArrayList<>();
        List<Double> toAcked = new ArrayList<>();
        List<Double> toWritten = new ArrayList<>();
        List<Double> writtenToReadable = new ArrayList<>();
        String slowest = null;
        long slowestNanos = 0;
        for (String attacker : sent.attackers()) {
            DecisionReader.Applied applied = live.reader.applied().get(attacker);
            if (applied != null) {
                long firedNanos = live.load.fired().get(attacker);
                long nanos = applied.readNanos() - firedNanos;
                if (nanos <= timeout.toNanos()) {
                    millis.add(nanos / 1e6);
                    if (nanos > slowestNanos) {
                        slowest = attacker;
                        slowestNanos = nanos;
                    }
                    Long ackedNanos = live.load.firedAcked().get(attacker);
                    if (ackedNanos != null) {
                        toAcked.add((ackedNanos - firedNanos) / 1e6);
                    }
                    Long writtenNanos = live.reader.appliedWritten().get(attacker);
                    if (writtenNanos != null) {
                        // Both consumers poll on their own; one that is read committed before the other saw it written counts as 0.
                        long written = Math.min(writtenNanos, applied.readNanos());
                        toWritten.add((written - firedNanos) / 1e6);
                        writtenToReadable.add((applied.readNanos() - written) / 1e6);
                    }
                }
            }
        }
        LiveTimeline.Window window = null;
        if (slowest != null && slowestNanos > LiveTimeline.STALL.toNanos()) {
            window = live.timeline.window("protection", slowest, live.load.fired().get(slowest),
                    live.load.firedAcked().getOrDefault(slowest, -1L), live.reader.appliedWritten().getOrDefault(slowest, -1L),
                    live.reader.applied().get(slowest).readNanos());
        }
        return new Load(sent, millis.size(), ordinaryProtected, Latencies.ofMillis(millis), Latencies.ofMillis(toAcked),
                Latencies.ofMillis(toWritten), Latencies.ofMillis(writtenToReadable), window);
    }
}
