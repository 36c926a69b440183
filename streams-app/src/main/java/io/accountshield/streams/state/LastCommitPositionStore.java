package io.accountshield.streams.state;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * A task store whose {@link #getPosition()} copies the inner store's position once per commit, not
 * once per write. Kafka Streams' changelog layer asks for the position on every write it logs, and
 * Kafka's RocksDB store answers with a deep copy each time, yet the changelog layer uses it only
 * when the internal offset-vector consistency setting is on (off unless set). Those copies took
 * 17.6% of the benchmark's stream thread (docs/benchmarks.md). With the setting off, the position
 * answered is the one first asked for after the last commit; with it on, every answer is the inner
 * store's own, so the changelog's headers stay exact.
 *
 * <p>An earlier position is a lower bound of the current one: an interactive query with a position
 * bound may wait for the next commit, never be answered by a store that is behind. Queries
 * themselves go to the inner store, which checks bounds against its own position.
 */
public final class LastCommitPositionStore implements KeyValueStore<Bytes, byte[]> {

    private final KeyValueStore<Bytes, byte[]> inner;
    private boolean consistencyVectorsLogged;
    /** Null until first asked for after a commit; read by query threads too, where a stale read is an older lower bound. */
    private volatile Position committedPosition;

    public LastCommitPositionStore(KeyValueStore<Bytes, byte[]> inner) {
        this.inner = inner;
    }

    /** The given engine's stores, each behind this one; the metrics scope stays the engine's. */
    public static KeyValueBytesStoreSupplier supplier(KeyValueBytesStoreSupplier engine) {
        return new KeyValueBytesStoreSupplier() {
            @Override
            public String name() {
                return engine.name();
            }

            @Override
            public KeyValueStore<Bytes, byte[]> get() {
                return new LastCommitPositionStore(engine.get());
            }

            @Override
            public String metricsScope() {
                return engine.metricsScope();
            }
        };
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        consistencyVectorsLogged = StreamsConfig.InternalConfig.getBoolean(context.appConfigs(),
                StreamsConfig.InternalConfig.IQ_CONSISTENCY_OFFSET_VECTOR_ENABLED, false);
        committedPosition = null;
        inner.init(context, root);
    }

    @Override
    public Position getPosition() {
        if (consistencyVectorsLogged) {
            return inner.getPosition();
        }
        Position position = committedPosition;
        if (position == null) {
            position = inner.getPosition();
            committedPosition = position;
        }
        return position;
    }

    @Override
    public void commit(Map<TopicPartition, Long> changelogOffsets) {
        inner.commit(changelogOffsets);
        committedPosition = null;
    }

    // Deprecated for commit(Map); kept so that a caller of the older method reaches the inner store.
    @SuppressWarnings("deprecation")
    @Override
    public void flush() {
        inner.flush();
        committedPosition = null;
    }

    @Override
    public void put(Bytes key, byte[] value) {
        inner.put(key, value);
    }

    @Override
    public byte[] putIfAbsent(Bytes key, byte[] value) {
        return inner.putIfAbsent(key, value);
    }

    @Override
    public void putAll(List<KeyValue<Bytes, byte[]>> entries) {
        inner.putAll(entries);
    }

    @Override
    public byte[] delete(Bytes key) {
        return inner.delete(key);
    }

    @Override
    public byte[] get(Bytes key) {
        return inner.get(key);
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
        return inner.range(from, to);
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> reverseRange(Bytes from, Bytes to) {
        return inner.reverseRange(from, to);
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> all() {
        return inner.all();
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> reverseAll() {
        return inner.reverseAll();
    }

    @Override
    public <PS extends Serializer<P>, P> KeyValueIterator<Bytes, byte[]> prefixScan(P prefix, PS prefixKeySerializer) {
        return inner.prefixScan(prefix, prefixKeySerializer);
    }

    @Override
    public long approximateNumEntries() {
        return inner.approximateNumEntries();
    }

    @Override
    public ReadOnlyKeyValueStore<Bytes, byte[]> readOnly(IsolationLevel isolationLevel) {
        return inner.readOnly(isolationLevel);
    }

    @Override
    public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
        return inner.query(query, positionBound, config);
    }

    @Override
    public String name() {
        return inner.name();
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
        committedPosition = null;
        inner.close();
    }

    @Override
    public boolean persistent() {
        return inner.persistent();
    }

    @Override
    public boolean isOpen() {
        return inner.isOpen();
    }
}
