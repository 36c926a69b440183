package io.accountshield.streams.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.query.KeyQuery;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On Kafka's own RocksDB store, which tracks the position of every write it takes. */
class LastCommitPositionStoreTest {

    private static final String INPUT = "account-events";

    @TempDir
    Path stateDir;

    private MockProcessorContext<Object, Object> context;
    private KeyValueStore<Bytes, byte[]> rocksDb;
    private LastCommitPositionStore store;

    @AfterEach
    void closeStore() {
        if (store != null && store.isOpen()) {
            store.close();
        }
    }

    private void open(boolean consistencyVectorsLogged) {
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "last-commit-position-test");
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9");
        if (consistencyVectorsLogged) {
            properties.put(StreamsConfig.InternalConfig.IQ_CONSISTENCY_OFFSET_VECTOR_ENABLED, true);
        }
        context = new MockProcessorContext<>(properties, new TaskId(0, 0), stateDir.toFile());
        KeyValueBytesStoreSupplier supplier = LastCommitPositionStore.supplier(Stores.persistentKeyValueStore("timers"));
        store = (LastCommitPositionStore) supplier.get();
        store.init(context.getStateStoreContext(), store);
    }

    /** A write as the task's processor makes it: while processing the input record at this offset. */
    private void putAt(long offset, String key) {
        context.setRecordMetadata(INPUT, 0, offset);
        store.put(Bytes.wrap(key.getBytes(StandardCharsets.UTF_8)), key.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<Integer, Long> offsets(Position position) {
        return position.getPartitionPositions(INPUT);
    }

    @Test
    void shouldAnswerOnePositionBetweenCommitsAndANewOneAfterEach() {
        open(false);
        putAt(1, "a");
        Position first = store.getPosition();
        putAt(5, "b");

        assertThat(store.getPosition()).isSameAs(first);
        assertThat(offsets(first)).containsExactly(Map.entry(0, 1L));

        store.commit(Map.of());
        assertThat(offsets(store.getPosition())).containsExactly(Map.entry(0, 5L));
    }

    @Test
    void shouldAnswerTheInnerStoresCurrentPositionWhenTheChangelogCarriesPositions() {
        open(true);
        putAt(1, "a");
        Position first = store.getPosition();
        putAt(5, "b");

        assertThat(offsets(first)).containsExactly(Map.entry(0, 1L));
        assertThat(offsets(store.getPosition())).containsExactly(Map.entry(0, 5L));
    }

    @Test
    void shouldAnswerABoundedQueryFromTheInnerStoresOwnPositionBeforeTheCommit() {
        open(false);
        putAt(1, "a");
        store.getPosition();
        putAt(5, "b");

        QueryResult<byte[]> answer = store.query(KeyQuery.withKey(Bytes.wrap("b".getBytes(StandardCharsets.UTF_8))),
                PositionBound.at(Position.emptyPosition().withComponent(INPUT, 0, 5L)), new QueryConfig(false));

        assertThat(answer.isSuccess()).as("%s", answer).isTrue();
        assertThat(answer.getResult()).isEqualTo("b".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldPassReadsWritesAndTheEnginesNamesThrough() {
        KeyValueBytesStoreSupplier engine = Stores.persistentKeyValueStore("timers");
        KeyValueBytesStoreSupplier wrapped = LastCommitPositionStore.supplier(engine);
        assertThat(wrapped.name()).isEqualTo("timers");
        assertThat(wrapped.metricsScope()).isEqualTo(engine.metricsScope());

        open(false);
        putAt(1, "a");
        putAt(2, "b");
        store.delete(Bytes.wrap("a".getBytes(StandardCharsets.UTF_8)));

        assertThat(store.get(Bytes.wrap("a".getBytes(StandardCharsets.UTF_8)))).isNull();
        assertThat(store.get(Bytes.wrap("b".getBytes(StandardCharsets.UTF_8)))).isEqualTo("b".getBytes(StandardCharsets.UTF_8));
        assertThat(store.approximateNumEntries()).isEqualTo(1);
        assertThat(store.persistent()).isTrue();
    }
}
