package io.accountshield.streams.time;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * An index of one busy account's recent event ids, kept beside the bytes they live in, so that a new
 * event is checked in constant time instead of by a scan of up to {@value RecentEventIds#MAX_IDS}
 * ids (the scan was the pipeline's largest single cost after the state's coding). Never stored: it
 * is built from the bytes and kept only while the bytes are (the decoded-state cache keeps a busy
 * account's state between its events), so what it says is always what a scan would say.
 *
 * <p>It covers the ids between {@link #viewStart} and {@link #viewEnd} of its array: a hash table
 * from id hash to where it is, and the times in a queue that gives their minimum, for the expiry
 * check. Ids only ever go in after the end of the array's last view, so the index grows with its
 * view; a view that ends elsewhere (a copy whose event failed after its id went in) is indexed
 * afresh.
 */
final class RecentIdIndex {

    static final int ENTRY_BYTES = 16;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    final byte[] array;
    private int viewStart;
    private int viewEnd;
    /** Open addressing, hash to entry offset + 1 (0: empty); never removes, as the array holds at most its capacity of entries. */
    private final long[] hashes;
    private final int[] offsets;
    private final int mask;
    /** Entry offsets whose times rise from front to back: the front is the oldest time from {@link #viewStart} on. */
    private final int[] minimumQueue;
    private int queueFront;
    private int queueBack;

    private RecentIdIndex(byte[] array) {
        this.array = array;
        int entries = array.length / ENTRY_BYTES;
        int slots = Integer.highestOneBit(Math.max(4, entries) * 2 - 1) << 1;
        this.hashes = new long[slots];
        this.offsets = new int[slots];
        this.mask = slots - 1;
        this.minimumQueue = new int[entries];
    }

    /** The index of the ids between {@code start} and {@code end}; null when two of them share a hash (a scan then decides). */
    static RecentIdIndex of(byte[] array, int start, int end) {
        RecentIdIndex index = new RecentIdIndex(array);
        index.viewStart = start;
        index.viewEnd = start;
        for (int at = start; at < end; at += ENTRY_BYTES) {
            if (index.find(hashAt(array, at)) >= start) {
                return null;
            }
            index.add(at);
        }
        return index;
    }

    /** Whether it holds exactly the ids of this view (or of a view that ends there and started before it). */
    boolean covers(int start, int end) {
        return end == viewEnd && start >= viewStart;
    }

    /** Where this hash is within the view from {@code start}, or -1. */
    int offsetOf(long hash, int start) {
        int at = find(hash);
        return at >= start && at < viewEnd ? at : -1;
    }

    /** The oldest time of the ids from {@code start} on (Long.MAX_VALUE for none); the view starts there from now on. */
    long oldestFrom(int start) {
        viewStart = start;
        while (queueFront < queueBack && minimumQueue[queueFront] < start) {
            queueFront++;
        }
        return queueFront < queueBack ? timeAt(array, minimumQueue[queueFront]) : Long.MAX_VALUE;
    }

    /** Takes in the id just written at the view's end. */
    void appended() {
        add(viewEnd);
    }

    private void add(int at) {
        long hash = hashAt(array, at);
        int slot = slot(hash);
        while (offsets[slot] != 0 && hashes[slot] != hash) {
            slot = (slot + 1) & mask;
        }
        hashes[slot] = hash;
        offsets[slot] = at + 1;
        long time = timeAt(array, at);
        while (queueBack > queueFront && timeAt(array, minimumQueue[queueBack - 1]) >= time) {
            queueBack--;
        }
        minimumQueue[queueBack++] = at;
        viewEnd = at + ENTRY_BYTES;
    }

    /** The offset of the latest entry with this hash, or -1. */
    private int find(long hash) {
        int slot = slot(hash);
        while (offsets[slot] != 0) {
            if (hashes[slot] == hash) {
                return offsets[slot] - 1;
            }
            slot = (slot + 1) & mask;
        }
        return -1;
    }

    private int slot(long hash) {
        return (int) (hash ^ (hash >>> 29) ^ (hash >>> 47)) & mask;
    }

    static long hashAt(byte[] array, int at) {
        return (long) LONGS.get(array, at);
    }

    static long timeAt(byte[] array, int at) {
        return (long) LONGS.get(array, at + 8);
    }
}
