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
 * migration's, far past every threshold by then). The stored bytes are replaced, never changed in
 * place: copies of a state share them ({@code ActivitySizes.copy}).
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
        ByteBuffer stored = activity.getRecentEventIds().duplicate();
        int count = stored.remaining() / ENTRY_BYTES;
        int start = stored.position();
        // One pass: a redelivery ends it; otherwise it counts those still inside the window.
        int inWindow = 0;
        for (int i = 0; i < count; i++) {
            int at = start + i * ENTRY_BYTES;
            if (stored.getLong(at + 8) >= horizon) {
                if (stored.getLong(at) == hash) {
                    return true;
                }
                inWindow++;
            }
        }
        // Those still inside the window, then the newest of them up to the cap.
        int skip = Math.max(0, inWindow - (MAX_IDS - 1));
        ByteBuffer kept = ByteBuffer.allocate((inWindow - skip + 1) * ENTRY_BYTES);
        if (inWindow == count) {
            // Nothing expired (the usual case): the kept ones are one run of bytes, copied at once.
            kept.put(stored.position(start + skip * ENTRY_BYTES).limit(start + count * ENTRY_BYTES));
        } else {
            for (int i = 0; i < count; i++) {
                int at = start + i * ENTRY_BYTES;
                long seenAt = stored.getLong(at + 8);
                if (seenAt >= horizon && skip-- <= 0) {
                    kept.putLong(stored.getLong(at)).putLong(seenAt);
                }
            }
        }
        kept.putLong(hash).putLong(eventMillis);
        kept.flip();
        activity.setRecentEventIds(kept);
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
