package io.accountshield.streams.time;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One wake-up time per account (a due release, or the time its idle state may be forgotten), kept
 * in a store ordered by time: the key is the 8-byte big-endian wake-up time followed by the account
 * id, so a range scan from the start yields exactly the accounts that are due. Wall-clock
 * punctuation reads it, so releases happen even when no event arrives for the account or its partition.
 */
public final class AccountTimers {

    private static final byte[] MARK = new byte[0];

    /** An account whose timer is due. */
    public record Due(String accountId, long wakeAtMillis) {
    }

    private final KeyValueStore<Bytes, byte[]> store;

    public AccountTimers(KeyValueStore<Bytes, byte[]> store) {
        this.store = store;
    }

    public void set(String accountId, long wakeAtMillis) {
        store.put(key(wakeAtMillis, accountId), MARK);
    }

    public void cancel(String accountId, long wakeAtMillis) {
        store.delete(key(wakeAtMillis, accountId));
    }

    /** Timers at or before {@code nowMillis}, earliest first, at most {@code limit} of them. */
    public List<Due> dueBy(long nowMillis, int limit) {
        List<Due> due = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = store.range(key(0, ""), key(nowMillis + 1, ""))) {
            while (it.hasNext() && due.size() < limit) {
                byte[] key = it.next().key.get();
                ByteBuffer buffer = ByteBuffer.wrap(key);
                long wakeAt = buffer.getLong();
                due.add(new Due(new String(key, Long.BYTES, key.length - Long.BYTES, StandardCharsets.UTF_8), wakeAt));
            }
        }
        return due;
    }

    /** The earliest wake-up set, or null when there is none. */
    public Long earliest() {
        try (KeyValueIterator<Bytes, byte[]> it = store.all()) {
            return it.hasNext() ? ByteBuffer.wrap(it.next().key.get()).getLong() : null;
        }
    }

    static Bytes key(long wakeAtMillis, String accountId) {
        byte[] account = accountId.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(Long.BYTES + account.length).putLong(wakeAtMillis).put(account).array());
    }
}
