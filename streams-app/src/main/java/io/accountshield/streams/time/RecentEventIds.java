package io.accountshield.streams.time;

import io.accountshield.schema.state.AccountActivity;
import java.nio.ByteBuffer;

/**
 * The event ids an account has sent within the longest rule window, so that an event a producer
 * retried or the messenger sent twice counts once. Kept in the account's state as 16 bytes per event
 * (a 64-bit FNV-1a hash of the id and the event time), at most {@value #MAX_IDS} per account: 16 KiB
 * for the busiest. Two different ids of one account share a hash with a chance of about n²/2⁶⁵ (one
 * in 35 billion at the cap). An account that sends more than {@value #MAX_IDS} events within the
 * window forgets the oldest: a redelivery of one of those counts again (a spammer's or a huge
 * migration's, far past every threshold by then).
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
     * True when the account sent this event id within the window already (a redelivery, to be
     * skipped); otherwise the id is remembered and false returned. Ids older than the window, as of
     * the account's latest event, are dropped.
     */
    public boolean seenBefore(AccountActivity activity, String eventId, long eventMillis) {
        long hash = hash(eventId);
        long horizon = Math.max(activity.getLatestEventAtMillis(), eventMillis) - windowMillis;
        ByteBuffer stored = activity.getRecentEventIds().duplicate();
        int count = stored.remaining() / ENTRY_BYTES;
        int start = stored.position();
        for (int i = 0; i < count; i++) {
            int at = start + i * ENTRY_BYTES;
            if (stored.getLong(at) == hash && stored.getLong(at + 8) >= horizon) {
                return true;
            }
        }
        ByteBuffer kept = ByteBuffer.allocate((Math.min(count, MAX_IDS - 1) + 1) * ENTRY_BYTES);
        int skip = Math.max(0, count - (MAX_IDS - 1));
        for (int i = skip; i < count; i++) {
            int at = start + i * ENTRY_BYTES;
            long seenAt = stored.getLong(at + 8);
            if (seenAt >= horizon) {
                kept.putLong(stored.getLong(at)).putLong(seenAt);
            }
        }
        kept.putLong(hash).putLong(eventMillis);
        kept.flip();
        activity.setRecentEventIds(kept);
        return false;
    }

    /** 64-bit FNV-1a over the id's UTF-16 characters: fast, and well spread for ids that differ in a few characters. */
    static long hash(String eventId) {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < eventId.length(); i++) {
            char c = eventId.charAt(i);
            hash = (hash ^ (c & 0xff)) * 0x100000001b3L;
            hash = (hash ^ (c >>> 8)) * 0x100000001b3L;
        }
        return hash;
    }
}
