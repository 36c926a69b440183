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
 * buffer has to spare, or into a new buffer with room.
 */
public final class RecentEventIds {

    public static final int MAX_IDS = 1_024;
    private static final int ENTRY_BYTES = 16;

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
