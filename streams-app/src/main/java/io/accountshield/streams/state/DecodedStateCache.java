package io.accountshield.streams.state;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.KeyQuery;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * Values kept decoded between the reads and writes of one task, in front of its Kafka store: a
 * busy account's third and later events in a commit interval (its second reads the state its first
 * wrote to the store, below), and its events in later intervals
 * while it stays cached, cost no decoding and no encoding. It replaces Kafka's record cache for
 * this store (which keeps encoded bytes, so every read decodes and every write encodes) and is
 * written behind in the same way: what changed since the last commit is written to the inner store,
 * and so to its changelog, when Kafka Streams flushes caches before committing the task's
 * transaction ({@link #flushCache()}).
 *
 * <p>Every read returns a copy, so that a processor that changes the value it read and then fails
 * (a defect, dead-lettered while processing goes on) leaves the cached value as it was, exactly as
 * a store that decodes on every read would. A value written is handed over: the caller must not
 * change it afterwards. Cached values are therefore never changed, which is what lets interactive
 * queries from other threads read them (and see the newest value, as Kafka's record cache shows it).
 * Range reads from the task's own thread write the changes through first; from any other thread
 * they read the inner store: the last commit, and the first writes and write-backs since.
 *
 * <p>A key is cached from its second write while it is remembered as recently written: its first
 * write goes straight through to the inner store. On a messenger's traffic most events are from an
 * account not seen for a while; caching each such state would only fill the cache with values no
 * one reads again, and keep them alive just long enough to be copied by every young collection.
 * The keys written are remembered by a fingerprint in a fixed table, sized from the bound, where a
 * newer key takes an older one's slot.
 *
 * <p>Bounded by an estimate of the values' size on the heap: past it, the least recently used
 * values are written back if changed and dropped. A bound of 0 keeps nothing, and every read and
 * write goes to the inner store. {@link CachedStateStore} is Kafka Streams' internal interface for
 * the flush before a commit; no public one exists.
 */
public final class DecodedStateCache<V> implements KeyValueStore<String, V>, CachedStateStore<String, V> {

    /** Evictions take the cache down to this share of its bound, so that they come in batches. */
    static final double EVICT_TO_SHARE = 0.75;
    /**
     * Keys remembered as recently written, per byte of the bound: an account's state is a few hundred
     * bytes on the heap, so this remembers two or three times as many keys as the cache holds.
     */
    static final long BOUND_BYTES_PER_REMEMBERED_WRITE = 128;
    private static final int MIN_REMEMBERED_WRITES = 1 << 10;
    private static final int MAX_REMEMBERED_WRITES = 1 << 22;

    private final KeyValueStore<String, V> inner;
    private final UnaryOperator<V> copy;
    private final ToLongFunction<V> weight;
    private final long maxBytes;

    /** Read by query threads; changed only by the task's thread. */
    private final Map<String, Cached<V>> cached = new ConcurrentHashMap<>();
    /**
     * The cached keys from least to most recently used, kept by the task's thread alone: an eviction
     * takes the eldest in order instead of sorting every entry (which, on traffic where nearly every
     * event is another account's, took a quarter of the stream thread).
     */
    private final LinkedHashMap<String, Boolean> recency = new LinkedHashMap<>(16, 0.75f, true);
    /** Keys written since the last flush, in order; a key may be listed after it was evicted or deleted. */
    private final List<String> changed = new ArrayList<>();
    /** Fingerprints of keys written recently, cached or not, one per slot; 0 marks an empty slot. Task thread only. */
    private final long[] recentWrites;
    private final int recentWriteSlotShift;
    private long bytes;
    private volatile Thread taskThread;

    /** One value as cached: never changed, replaced on every write. */
    private record Cached<V>(V value, long weight, boolean changed) {
    }

    /**
     * @param inner    the Kafka store underneath, without a record cache of its own
     * @param copy     a copy of a value that shares nothing its reader may change in place
     * @param weight   an estimate of a value's bytes on the heap
     * @param maxBytes the bound on the cached values' estimated bytes, 0 for none cached
     */
    public DecodedStateCache(KeyValueStore<String, V> inner, UnaryOperator<V> copy, ToLongFunction<V> weight, long maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("the bound must not be negative: " + maxBytes);
        }
        this.inner = inner;
        this.copy = copy;
        this.weight = weight;
        this.maxBytes = maxBytes;
        int slots = Integer.highestOneBit((int) Math.max(MIN_REMEMBERED_WRITES,
                Math.min(MAX_REMEMBERED_WRITES, maxBytes / BOUND_BYTES_PER_REMEMBERED_WRITE)));
        this.recentWrites = new long[maxBytes == 0 ? 0 : slots];
        this.recentWriteSlotShift = Long.SIZE - Integer.numberOfTrailingZeros(slots);
    }

    @Override
    public V get(String key) {
        Cached<V> hit = cached.get(key);
        if (hit != null) {
            if (Thread.currentThread() == taskThread) {
                recency.get(key);
            }
            return copy.apply(hit.value());
        }
        return inner.get(key);
    }

    @Override
    public void put(String key, V value) {
        if (value == null) {
            delete(key);
            return;
        }
        taskThread = Thread.currentThread();
        if (maxBytes == 0) {
            inner.put(key, value);
            return;
        }
        if (!cached.containsKey(key) && isFirstRecentWrite(key)) {
            inner.put(key, value);
            return;
        }
        long valueWeight = weight.applyAsLong(value);
        Cached<V> previous = cached.put(key, new Cached<>(value, valueWeight, true));
        recency.put(key, Boolean.TRUE);
        if (previous != null) {
            bytes -= previous.weight();
        }
        if (previous == null || !previous.changed()) {
            changed.add(key);
        }
        bytes += valueWeight;
        if (bytes > maxBytes) {
            evictLeastRecentlyUsed();
        }
    }

    @Override
    public V putIfAbsent(String key, V value) {
        V present = get(key);
        if (present == null) {
            put(key, value);
        }
        return present;
    }

    @Override
    public void putAll(List<KeyValue<String, V>> entries) {
        for (KeyValue<String, V> entry : entries) {
            put(entry.key, entry.value);
        }
    }

    @Override
    public V delete(String key) {
        Cached<V> removed = cached.remove(key);
        recency.remove(key);
        V deleted = inner.delete(key);
        if (removed != null) {
            bytes -= removed.weight();
            return removed.value();
        }
        return deleted;
    }

    /** Writes what changed since the last flush to the inner store (and its changelog), and keeps it cached. */
    @Override
    public void flushCache() {
        for (String key : changed) {
            Cached<V> entry = cached.get(key);
            if (entry != null && entry.changed()) {
                inner.put(key, entry.value());
                cached.put(key, new Cached<>(entry.value(), entry.weight(), false));
            }
        }
        changed.clear();
        if (inner instanceof CachedStateStore<?, ?> innerCache) {
            innerCache.flushCache();
        }
    }

    /** Kafka Streams drops the cache without writing it when a task's state is recycled or closed dirty. */
    @Override
    public void clearCache() {
        dropAll();
        if (inner instanceof CachedStateStore<?, ?> innerCache) {
            innerCache.clearCache();
        }
    }

    @Override
    public boolean setFlushListener(CacheFlushListener<String, V> listener, boolean sendOldValues) {
        return false;
    }

    /**
     * Whether this is the key's first write as far as the table remembers; it is remembered either way.
     * Two keys with the same hash code share a fingerprint: one of them may then be cached from its
     * first write, which costs only heap.
     */
    private boolean isFirstRecentWrite(String key) {
        long fingerprint = fingerprint(key);
        int slot = recentWriteSlot(fingerprint);
        if (recentWrites[slot] == fingerprint) {
            return false;
        }
        recentWrites[slot] = fingerprint;
        return true;
    }

    private static long fingerprint(String key) {
        // Multiplying by an odd constant is one-to-one: distinct hash codes keep distinct fingerprints, spread into the top bits.
        long fingerprint = key.hashCode() * 0x9E3779B97F4A7C15L;
        return fingerprint == 0 ? 1 : fingerprint;
    }

    private int recentWriteSlot(long fingerprint) {
        return (int) (fingerprint >>> recentWriteSlotShift);
    }

    private void evictLeastRecentlyUsed() {
        long target = (long) (maxBytes * EVICT_TO_SHARE);
        Iterator<String> eldestFirst = recency.keySet().iterator();
        while (bytes > target && eldestFirst.hasNext()) {
            String key = eldestFirst.next();
            eldestFirst.remove();
            Cached<V> evicted = cached.get(key);
            // Written back before it leaves the cache, so that a query from another thread never reads the older value in between.
            if (evicted.changed()) {
                inner.put(key, evicted.value());
            }
            cached.remove(key);
            bytes -= evicted.weight();
        }
    }

    /** Range reads see the inner store: from the task's thread after writing the changes through. */
    private KeyValueStore<String, V> innerForRange() {
        if (Thread.currentThread() == taskThread) {
            flushCache();
        }
        return inner;
    }

    @Override
    public KeyValueIterator<String, V> range(String from, String to) {
        return innerForRange().range(from, to);
    }

    @Override
    public KeyValueIterator<String, V> reverseRange(String from, String to) {
        return innerForRange().reverseRange(from, to);
    }

    @Override
    public KeyValueIterator<String, V> all() {
        return innerForRange().all();
    }

    @Override
    public KeyValueIterator<String, V> reverseAll() {
        return innerForRange().reverseAll();
    }

    @Override
    public <PS extends Serializer<P>, P> KeyValueIterator<String, V> prefixScan(P prefix, PS prefixKeySerializer) {
        return innerForRange().prefixScan(prefix, prefixKeySerializer);
    }

    @Override
    public long approximateNumEntries() {
        return inner.approximateNumEntries();
    }

    /** A key query is answered from the cache when the value is there (the newest); anything else by the inner store. */
    @Override
    @SuppressWarnings("unchecked")
    public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
        if (query instanceof KeyQuery<?, ?> keyQuery && keyQuery.getKey() instanceof String key) {
            Cached<V> hit = cached.get(key);
            if (hit != null) {
                QueryResult<R> result = QueryResult.forResult((R) copy.apply(hit.value()));
                result.setPosition(inner.getPosition());
                return result;
            }
        }
        return inner.query(query, positionBound, config);
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        clearCache();
        inner.init(context, root);
    }

    // Deprecated for commit(Map), which Kafka Streams 4.4 calls; kept so that a caller of the older method still writes the
    // cached states back instead of reaching StateStore's empty default.
    @SuppressWarnings("deprecation")
    @Override
    public void flush() {
        flushCache();
        inner.flush();
    }

    @Override
    public void commit(Map<TopicPartition, Long> changelogOffsets) {
        flushCache();
        inner.commit(changelogOffsets);
    }

    @SuppressWarnings("deprecation") // deprecated as flush() is; the inner store's answer for as long as anything asks
    @Override
    public boolean managesOffsets() {
        return inner.managesOffsets();
    }

    @Override
    public Long committedOffset(TopicPartition partition) {
        return inner.committedOffset(partition);
    }

    @Override
    public long approximateNumUncommittedBytes() {
        return inner.approximateNumUncommittedBytes();
    }

    @Override
    public void close() {
        dropAll();
        inner.close();
    }

    private void dropAll() {
        cached.clear();
        recency.clear();
        changed.clear();
        Arrays.fill(recentWrites, 0);
        bytes = 0;
    }

    @Override
    public boolean persistent() {
        return inner.persistent();
    }

    @Override
    public boolean isOpen() {
        return inner.isOpen();
    }

    @Override
    public Position getPosition() {
        return inner.getPosition();
    }

    /** Estimated bytes of the values cached now (for tests and metrics). */
    long cachedBytes() {
        return bytes;
    }

    int cachedValues() {
        return cached.size();
    }

    /** Slots of the table of recent writes (for tests). */
    int rememberedWriteSlots() {
        return recentWrites.length;
    }

    /** The slot a key's fingerprint takes in the table of recent writes (for tests). */
    int rememberedWriteSlot(String key) {
        return recentWriteSlot(fingerprint(key));
    }
}
