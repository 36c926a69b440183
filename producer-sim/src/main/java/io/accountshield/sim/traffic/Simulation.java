package io.accountshield.sim.traffic;

import io.accountshield.sim.metrics.SimulatorMetrics;
import io.accountshield.sim.output.EventSink;
import io.accountshield.sim.output.TimeMapping;
import io.accountshield.sim.scenario.Scenario;
import io.accountshield.streams.score.AccountLabel;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * Plays a scenario into a sink: events in the order they are delivered (time order but for the
 * scenario's delivery disorder, see {@link DeliveryOrder}), each account's label as it starts, times
 * mapped by the clock mode, and (unless as fast as possible) paced so that events leave when their
 * mapped delivery time comes.
 */
public final class Simulation {

    /**
     * What a run produced.
     *
     * @param lateEvents how many of the events were delivered late, behind whatever happened meanwhile
     */
    public record Summary(long events, long lateEvents, Map<String, Long> accountsByKind, Duration elapsed) {
        public double eventsPerSecond() {
            return events / Math.max(elapsed.toNanos() / 1e9, 1e-9);
        }
    }

    /** Reports progress now and then; called from the generating thread. */
    public interface ProgressListener {
        void progress(long events, double scenarioFraction, Duration elapsed, boolean finished);
    }

    private static final int PROGRESS_EVERY_EVENTS = 4096;
    private static final long PROGRESS_INTERVAL_NANOS = 1_000_000_000L;

    private Simulation() {
    }

    /** @param paced false: as fast as possible; true: each event waits until its mapped time */
    public static Summary run(Scenario scenario, EventSink sink, TimeMapping time, boolean paced, ProgressListener progress)
            throws IOException {
        return run(scenario, sink, time, paced, progress, SimulatorMetrics.none());
    }

    /** As {@link #run(Scenario, EventSink, TimeMapping, boolean, ProgressListener)}, counting what is produced in {@code metrics}. */
    public static Summary run(Scenario scenario, EventSink sink, TimeMapping time, boolean paced, ProgressListener progress,
                              SimulatorMetrics metrics) throws IOException {
        long started = System.nanoTime();
        long scenarioStart = scenario.start().toEpochMilli();
        double scenarioLength = scenario.duration().toMillis();
        Map<String, Long> accountsByKind = new TreeMap<>();
        IOException[] labelFailure = new IOException[1];
        TrafficGenerator traffic = new TrafficGenerator(scenario, label -> {
            accountsByKind.merge(label.population() + "/" + label.kind(), 1L, Long::sum);
            metrics.accountStarted(label);
            try {
                sink.label(new AccountLabel(label.accountId(), label.population(), label.kind(),
                        label.campaignStart() == 0 ? 0 : time.map(label.campaignStart()),
                        label.campaignEnd() == 0 ? 0 : time.map(label.campaignEnd()),
                        label.addressBookSize()));
            } catch (IOException e) {
                labelFailure[0] = e;
            }
        });
        DeliveryOrder delivery = new DeliveryOrder(scenario, traffic);
        long events = 0;
        long late = 0;
        long lastReport = started;
        while (delivery.hasNext()) {
            DeliveryOrder.Delivered delivered = delivery.next();
            if (labelFailure[0] != null) {
                throw labelFailure[0];
            }
            SimEvent event = delivered.event();
            long occurredAt = time.map(event.occurredAt());
            if (paced) {
                // A late event leaves late; it still says when it happened.
                waitUntil(time.map(delivered.deliveredAt()));
            }
            long accountCreatedAt = event.type() == SimEvent.EventType.DEVICE_REGISTERED ? occurredAt - event.accountAgeMillis() : 0;
            sink.event(event, occurredAt, accountCreatedAt);
            metrics.produced(delivered.label(), event);
            events++;
            if (delivered.late()) {
                late++;
            }
            if (events % PROGRESS_EVERY_EVENTS == 0 || paced) {
                long now = System.nanoTime();
                if (now - lastReport >= PROGRESS_INTERVAL_NANOS) {
                    lastReport = now;
                    // Delivery time, which runs on while events are late: a few seconds past the end at most.
                    double fraction = Math.min(1.0, (delivered.deliveredAt() - scenarioStart) / scenarioLength);
                    metrics.progress(fraction);
                    progress.progress(events, fraction, Duration.ofNanos(now - started), false);
                }
            }
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        metrics.progress(1.0);
        progress.progress(events, 1.0, elapsed, true);
        return new Summary(events, late, accountsByKind, elapsed);
    }

    private static void waitUntil(long epochMillis) {
        long wait = epochMillis - System.currentTimeMillis();
        if (wait > 1) {
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while pacing events", e);
            }
        }
    }
}
