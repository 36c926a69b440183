package io.accountshield.streams.time;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Releases that were due on the wall clock but held back until stream time reaches them (see
 * {@link ProtectionTimeline#mayRelease}), by due time, so that the event which moves stream time
 * past one can release it at once instead of waiting for the next release check. Kept in memory
 * only, and bounded: each held release also has its timer, which releases it if this is lost (a
 * restart, a task moving) or full.
 */
public final class HeldReleases {

    /** One held release: the account and the due time its protection had when it was held. */
    public record Held(String accountId, long dueAtMillis) {
    }

    private final int capacity;
    private final PriorityQueue<Held> byDueTime = new PriorityQueue<>((a, b) -> Long.compare(a.dueAtMillis(), b.dueAtMillis()));

    public HeldReleases(int capacity) {
        this.capacity = capacity;
    }

    /** Remembers a held release, unless as many are remembered already (its timer will release it). */
    public void hold(String accountId, long dueAtMillis) {
        if (byDueTime.size() < capacity) {
            byDueTime.add(new Held(accountId, dueAtMillis));
        }
    }

    /** Whether any held release is due at or before this stream time. */
    public boolean anyReachedBy(long streamTimeMillis) {
        Held earliest = byDueTime.peek();
        return earliest != null && earliest.dueAtMillis() <= streamTimeMillis;
    }

    /** Removes and returns the held releases due at or before this stream time, earliest first, at most {@code limit}. */
    public List<Held> takeReachedBy(long streamTimeMillis, int limit) {
        List<Held> reached = new ArrayList<>();
        while (reached.size() < limit && anyReachedBy(streamTimeMillis)) {
            reached.add(byDueTime.poll());
        }
        return reached;
    }

    public int size() {
        return byDueTime.size();
    }

    public void clear() {
        byDueTime.clear();
    }
}
