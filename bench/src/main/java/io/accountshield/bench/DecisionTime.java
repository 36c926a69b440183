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
 * @param fixed   at {@code --live-rate}
 * @param nearMax at {@code --near-max-share} of the pipeline's events/s over the backlog
 */
record DecisionTime(Load fixed, Load nearMax) {

    /**
     * One load as measured.
     *
     * @param decided         attackers whose protection was readable within the timeout
     * @param ordinaryProtected ordinary accounts protected while the pipeline ran (the load is built so there are none)
     * @param latencies       send of the firing event to its protection read, over the decided attackers
     */
    record Load(LiveLoad.Sent sent, int decided, int ordinaryProtected, Latencies latencies) {
        int fired() {
            return sent.attackers().size();
        }

        int missing() {
            return fired() - decided;
        }
    }

    /** @param catchUpTimeout how long the pipeline may take to read what a stretch sent before the next one starts */
    static DecisionTime measure(String name, Path configFile, Properties clients, Path work, LiveOptions options, double nearMaxRate,
                                Duration catchUpTimeout) throws Exception {
        try (LiveInstance live = LiveInstance.start(name, configFile, Map.of(), clients, work, options)) {
            // Each stretch starts on a pipeline that has read everything before it, so a load it cannot keep up with
            // shows in that load's figures only.
            live.load.run(options.rate, options.warmup, true, () -> false);
            live.awaitCaughtUp(catchUpTimeout);
            LiveLoad.Sent fixed = live.load.run(options.rate, options.duration, true, () -> false);
            live.awaitCaughtUp(catchUpTimeout);
            LiveLoad.Sent nearMax = live.load.run(nearMaxRate, options.duration, true, () -> false);
            List<String> measured = new ArrayList<>(fixed.attackers());
            measured.addAll(nearMax.attackers());
            awaitDecided(live, measured, options.timeout);
            int ordinary = (int) live.reader.applied().keySet().stream().filter(id -> !LiveLoad.isAttacker(id)).count();
            return new DecisionTime(load(live, fixed, ordinary, options.timeout), load(live, nearMax, ordinary, options.timeout));
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
        for (String attacker : sent.attackers()) {
            DecisionReader.Applied applied = live.reader.applied().get(attacker);
            if (applied != null) {
                long nanos = applied.readNanos() - live.load.fired().get(attacker);
                if (nanos <= timeout.toNanos()) {
                    millis.add(nanos / 1e6);
                }
            }
        }
        return new Load(sent, millis.size(), ordinaryProtected, Latencies.ofMillis(millis));
    }
}
