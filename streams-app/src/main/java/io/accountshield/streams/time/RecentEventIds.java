package io.accountshield.streams.time;

import io.accountshield.schema.state.AccountActivity;
import java.nio.ByteBuffer;

/**
 * The events an account has sent within the longest rule window, so that an event a producer
 * retried or the messenger sent twice counts once. Kept in the account's state as 16 bytes per event
 * (a 64-bit FNV-1a hash of the event's identity, and its time), at most {@value #MAX_IDS} per account:
 * 16 KiB for the busiest. Two different events of one account share a hash with a chance of about
 * n²/2⁶⁵ (one in 35 trillion at the cap). An account that sends more than {@value #MAX_IDS} events within the
 * window forgets the oldest: a redelivery of one of those counts again (a spammer's or a huge
 * migration's, far past every threshold by then). The bytes a state sees are never changed: copies
 * of a state share them ({@code ActivitySizes.copy}). A new id goes after their end, in room the
 * buffer has to spare, or into a new buffer with room. From {@value #MIN_INDEXED} ids on, where the
 * buffer has room (the state stayed decoded since its last event), a {@link RecentIdIndex} answers
 * without the scan, exactly as the scan would ({@code RecentEventIdsPropertiesTest}).
 */
public final class RecentEventIds {

    public static final int MAX_IDS = 1_024;
    private static final int ENTRY_BYTES = RecentIdIndex.ENTRY_BYTES;

    /** From this many ids on, an account's ids are checked through an index instead of a scan. */
    static final int MIN_INDEXED = 64;

    /**
     * The indexes of the busiest accounts' ids, per thread (each stream thread, and a replay's), by the
     * array that holds them: 256 at most, up to 120 KiB each with the array they keep alive.
     */
    private static final ThreadLocal<RecentIdIndex[]> INDEXES = ThreadLocal.withInitial(() -> new RecentIdIndex[256]);

    private final long windowMillis;

    /** @param window the longest window any rule counts over */
    public RecentEventIds(java.time.Duration window) {
        this.windowMillis = window.toMillis();
    }

    /**
     * True when the account sent this event (its identity: type, id, time, other party) within the
     * window already (a redelivery, to be skipped); otherwise it is remembered and false returned. Ids older than the window, as of
     * the account's latest event, are dropped.
     */
    public boolean seenBefore(AccountActivity activity, String identity, long eventMillis) {
        long hash = hash(identity);
        long horizon = Math.max(activity.getLatestEventAtMillis(), eventMillis) - windowMillis;
        ByteBuffer stored = activity.getRecentEventIds();
        int start = stored.position();
        int end = stored.limit();
        int count = (end - start) / ENTRY_BYTES;
        if (count >= MIN_INDEXED && !stored.isReadOnly() && stored.hasArray() && stored.arrayOffset() == 0) {
            Boolean seen = seenBeforeIndexed(activity, stored, hash, horizon, eventMillis);
            if (seen != null) {
                return seen;
            }
        }
        // One pass: a redelivery ends it; otherwise it counts those still inside the window.
        int inWindow = 0;
        for (int at = start; at < end; at += ENTRY_BYTES) {
            if (stored.getLong(at + 8) >= horizon) {
                if (stored.getLong(at) == hash) {
                    return true;
                }
                inWindow++;
            }
        }
        // Those still inside the window, then the newest of them up to the cap.
        int skip = Math.max(0, inWindow - (MAX_IDS - 1));
        if (inWindow == count && !stored.isReadOnly() && stored.hasArray() && stored.capacity() - end >= ENTRY_BYTES) {
            // Nothing expired (the usual case) and room after the last: appended in place, past the end of
            // every other view of these bytes, so no copy of the state sees it.
            ByteBuffer grown = stored.duplicate().limit(end + ENTRY_BYTES);
            grown.putLong(end, hash).putLong(end + 8, eventMillis);
            activity.setRecentEventIds(grown.position(start + skip * ENTRY_BYTES));
            return false;
        }
        int kept = inWindow - skip + 1;
        // Twice the room needed: appends stay in place until it fills, so a busy account copies its ids
        // once per that many events, not on every one.
        ByteBuffer fresh = ByteBuffer.allocate(Math.min(2 * MAX_IDS, 2 * kept) * ENTRY_BYTES);
        for (int at = start; at < end; at += ENTRY_BYTES) {
            long seenAt = stored.getLong(at + 8);
            if (seenAt >= horizon && skip-- <= 0) {
                fresh.putLong(stored.getLong(at)).putLong(seenAt);
            }
        }
        fresh.putLong(hash).putLong(eventMillis);
        activity.setRecentEventIds(fresh.flip());
        return false;
    }

    /**
     * The same answer and the same bytes as the scan below, from the array's index: null when this
     * case needs the scan (an id that expired is not among the oldest, or the array has no room).
     */
    private static Boolean seenBeforeIndexed(AccountActivity activity, ByteBuffer stored, long hash, long horizon, long eventMillis) {
        byte[] array = stored.array();
        int start = stored.position();
        int end = stored.limit();
        if (array.length - end < ENTRY_BYTES) {
            // Just read from the store, or full: the scan makes a new array with room, which the next event indexes.
            return null;
        }
        RecentIdIndex[] indexes = INDEXES.get();
        int slot = System.identityHashCode(array) & (indexes.length - 1);
        RecentIdIndex index = indexes[slot];
        if (index == null || index.array != array || !index.covers(start, end)) {
            index = RecentIdIndex.of(array, start, end);
            indexes[slot] = index;
            if (index == null) {
                return null;
            }
        }
        int seenAt = index.offsetOf(hash, start);
        if (seenAt >= 0 && RecentIdIndex.timeAt(array, seenAt) >= horizon) {
            return true;
        }
        // The ids that expired, if they are the oldest (events come roughly in time order): the view starts after them.
        int kept = start;
        while (kept < end && RecentIdIndex.timeAt(array, kept) < horizon) {
            kept += ENTRY_BYTES;
        }
        if (index.oldestFrom(kept) < horizon) {
            indexes[slot] = null;
            return null;
        }
        int inWindow = (end - kept) / ENTRY_BYTES;
        kept += Math.max(0, inWindow - (MAX_IDS - 1)) * ENTRY_BYTES;
        index.oldestFrom(kept);
        ByteBuffer grown = stored.duplicate().limit(end + ENTRY_BYTES);
        grown.putLong(end, hash).putLong(end + 8, eventMillis);
        index.appended();
        activity.setRecentEventIds(grown.position(kept));
        return false;
    }

    /** 64-bit FNV-1a over the identity's UTF-16 characters: fast, and well spread for ids that differ in a few characters. */
    static long hash(String identity) {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < identity.length(); i++) {
            char c = identity.charAt(i);
            hash = (hash ^ (c & 0xff)) * 0x100000001b3L;
            hash = (hash ^ (c >>> 8)) * 0x100000001b3L;
        }
        return hash;
    }
}
