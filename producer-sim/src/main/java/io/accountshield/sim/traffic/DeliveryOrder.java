package io.accountshield.sim.traffic;

import io.accountshield.sim.scenario.Scenario;
import io.accountshield.streams.score.AccountLabel;
import java.util.Comparator;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * The traffic in the order it reaches the pipeline. Events come from many phones, through four
 * topics and many partitions, so some arrive late: a share of them ({@code delivery.disorderShare})
 * is delivered up to {@code delivery.maxDisorderMillis} after it happened, behind events of other
 * accounts, of other types and of its own account that happened after it. Each keeps its
 * {@code occurredAt}; only the order changes.
 *
 * <p>A small reorder buffer holds the events whose delivery time has not come yet: an event leaves
 * once every later event can only be delivered after it, because the traffic comes in time order
 * and nothing is delivered before it happens. It holds about as many events as happen within the
 * longest delay.
 *
 * <p>The delays draw from a generator of their own, seeded from the scenario's seed, so the events
 * are the same whatever the delivery settings, and the same seed delivers them in the same order.
 */
public final class DeliveryOrder implements Iterator<DeliveryOrder.Delivered> {

    /**
     * One event as delivered.
     *
     * @param label       the ground truth of its account
     * @param deliveredAt when it reaches the pipeline, in scenario time: its occurredAt, or later when late
     */
    public record Delivered(SimEvent event, AccountLabel label, long deliveredAt) {

        public boolean late() {
            return deliveredAt > event.occurredAt();
        }
    }

    /** "delivery" in ASCII: the delays' generator is the seed's, but a stream no account draws from. */
    private static final long DELIVERY_STREAM = 0x64656C6976657279L;

    /** @param arrival the order events came from the traffic: of two delivered at once, the earlier goes first */
    private record Pending(Delivered delivered, long arrival) {
    }

    private static final Comparator<Pending> BY_DELIVERY = Comparator.<Pending>comparingLong(p -> p.delivered().deliveredAt())
            .thenComparingLong(Pending::arrival);

    private final TrafficGenerator traffic;
    private final double disorderShare;
    private final long maxDisorderMillis;
    private final SplittableRandom rng;
    private final PriorityQueue<Pending> buffer = new PriorityQueue<>(BY_DELIVERY);
    private long arrivals;
    /** The occurredAt of the latest event taken from the traffic: no event still to come is delivered before it. */
    private long latestOccurredAt = Long.MIN_VALUE;

    public DeliveryOrder(Scenario scenario, TrafficGenerator traffic) {
        this.traffic = traffic;
        this.disorderShare = scenario.delivery().disorderShare();
        this.maxDisorderMillis = scenario.delivery().maxDisorderMillis();
        this.rng = new SplittableRandom(scenario.seed() ^ DELIVERY_STREAM);
    }

    @Override
    public boolean hasNext() {
        fill();
        return !buffer.isEmpty();
    }

    @Override
    public Delivered next() {
        fill();
        Pending head = buffer.poll();
        if (head == null) {
            throw new NoSuchElementException();
        }
        return head.delivered();
    }

    /** Takes events from the traffic until the earliest delivery in the buffer can no longer be overtaken. */
    private void fill() {
        while (traffic.hasNext() && (buffer.isEmpty() || buffer.peek().delivered().deliveredAt() > latestOccurredAt)) {
            SimEvent event = traffic.next();
            latestOccurredAt = event.occurredAt();
            buffer.add(new Pending(new Delivered(event, traffic.lastLabel(), event.occurredAt() + delay()), arrivals++));
        }
    }

    private long delay() {
        if (disorderShare == 0 || maxDisorderMillis == 0) {
            return 0;
        }
        return rng.nextDouble() < disorderShare ? rng.nextLong(1, maxDisorderMillis + 1) : 0;
    }
}
