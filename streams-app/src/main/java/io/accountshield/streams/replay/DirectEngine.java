package io.accountshield.streams.replay;

import io.accountshield.schema.allowlist.AllowlistEntry;
import io.accountshield.schema.allowlist.AllowlistRemoval;
import io.accountshield.schema.decisions.AccountWatched;
import io.accountshield.schema.decisions.ProtectionApplied;
import io.accountshield.schema.decisions.ProtectionReleased;
import io.accountshield.schema.decisions.ShadowProtection;
import io.accountshield.schema.rules.RuleDefinition;
import io.accountshield.schema.serde.AvroSerdes;
import io.accountshield.schema.state.AccountActivity;
import io.accountshield.streams.config.AppConfig;
import io.accountshield.streams.processor.AllowlistUpdater;
import io.accountshield.streams.processor.OccurredAtTimestampExtractor;
import io.accountshield.streams.rules.LiveRules;
import io.accountshield.streams.rules.RuleDefinitions;
import io.accountshield.streams.topology.ProtectionTopology;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.Punctuator;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The fast engine: the topology's own processor ({@link ProtectionTopology#processors}), with its
 * stores built by the topology's own store builders (same serdes, in memory, no changelog, no
 * cache), driven through a {@link MockProcessorContext} without the test driver's per-record
 * serialisation, commit, cache flush and output capture. It reproduces, record by record, what the
 * driver does around the processor: the timestamp extractor and partition (stream) time, the record
 * metadata, the wall clock the processor reads, wall-clock punctuation with Kafka's schedule
 * arithmetic, the configured processing-exception handler and its dead letters, the allowlist's
 * global store, and the serde round trip of what goes in and what comes out where it can change a
 * value. {@code ReplayEnginesIdentityTest} holds the two engines to byte-identical output.
 */
final class DirectEngine implements ReplayEngine {

    /** The test driver runs the topology's one task as task 0_0 and reads partition 0 of each input topic. */
    private static final TaskId TASK = new TaskId(0, 0);
    private static final int PARTITION = 0;
    /** Kafka's "no record yet" partition time, handed to the extractor for the first record. */
    private static final long UNKNOWN_TIME = -1;

    private final String deadLetterTopic;
    private final MockProcessorContext<String, SpecificRecord> context;
    private final Processor<String, SpecificRecord, String, SpecificRecord> processor;
    private final OccurredAtTimestampExtractor extractor;
    private final ProcessingExceptionHandler exceptionHandler;
    private final Serde<SpecificRecord> anyRecord = AvroSerdes.anyRecord();
    private final List<StateStore> stores = new ArrayList<>();
    private final AllowlistUpdater allowlistUpdater;
    private final List<DeadLetter> deadLetters = new ArrayList<>();
    private final List<Schedule> schedules = new ArrayList<>();
    private long partitionTime = UNKNOWN_TIME;
    private long offset;

    /** One wall-clock punctuation as Kafka's PunctuationSchedule keeps it: the next time due and the interval. */
    private static final class Schedule {
        private final Punctuator punctuator;
        private final long intervalMillis;
        private long dueMillis;

        Schedule(Punctuator punctuator, long startMillis, long intervalMillis) {
            this.punctuator = punctuator;
            this.dueMillis = startMillis;
            this.intervalMillis = intervalMillis;
        }

        /** As {@code PunctuationSchedule.next}: missed intervals are skipped, never fired in a burst. */
        void advancePast(long nowMillis) {
            long next = dueMillis + intervalMillis;
            if (nowMillis >= next) {
                next = dueMillis + ((nowMillis - dueMillis) / intervalMillis + 1) * intervalMillis;
            }
            dueMillis = next;
        }
    }

    /** The rules in force in the replay, which the guard's demotions change. */
    private final LiveRules rules;

    DirectEngine(AppConfig config, LiveRules rules, Properties streamsProperties, InstantSource processingClock, long startMillis,
                 List<String> allowlisted) {
        StreamsConfig streamsConfig = new StreamsConfig(streamsProperties);
        this.deadLetterTopic = config.topics().deadLetter();
        this.context = new MockProcessorContext<>(streamsProperties, TASK, null);
        context.setCurrentSystemTimeMs(startMillis);
        context.setCurrentStreamTimeMs(UNKNOWN_TIME);
        this.extractor = new OccurredAtTimestampExtractor(config.time().maxFutureSkew().toMillis(), processingClock);
        this.exceptionHandler = streamsConfig.getConfiguredInstance(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
                ProcessingExceptionHandler.class, streamsConfig.originals());

        for (StoreBuilder<?> builder : ProtectionTopology.taskStores(LiveSortedStore::supplier)) {
            if (builder.name().equals(ProtectionTopology.ACTIVITY_STORE)) {
                // Read and written on every event: kept as objects, not encoded and decoded each time.
                add(new ObjectStore<AccountActivity>(ProtectionTopology.ACTIVITY_STORE));
            } else {
                add(builder.withCachingDisabled().withLoggingDisabled().build());
            }
        }
        // The allowlist is short and read whole once per release check: Kafka's own in-memory store, as the driver's global store.
        add(ProtectionTopology.allowlistStore(Stores::inMemoryKeyValueStore).build());
        MockProcessorContext<Void, Void> globalContext = new MockProcessorContext<>(streamsProperties, TASK, null);
        globalContext.addStateStore(context.getStateStore(ProtectionTopology.ALLOWLIST_STORE));
        this.allowlistUpdater = new AllowlistUpdater(ProtectionTopology.ALLOWLIST_STORE, config.topics().allowlist());
        allowlistUpdater.init(globalContext);
        for (String accountId : allowlisted) {
            allowlistUpdater.process(new Record<>(accountId, anyRecord.serializer().serialize(deadLetterTopic,
                    Replay.allowlistEntry(accountId, startMillis)), startMillis));
        }

        this.rules = rules;
        this.processor = ProtectionTopology.processors(config, rules).get();
        processor.init(context);
        for (MockProcessorContext.CapturedPunctuator punctuator : context.scheduledPunctuators()) {
            if (punctuator.getType() != PunctuationType.WALL_CLOCK_TIME) {
                throw new IllegalStateException("the direct replay engine fires wall-clock punctuation only; the processor scheduled "
                        + punctuator.getType() + ": replay with --engine driver");
            }
            long start = punctuator.getStartTime() != null ? punctuator.getStartTime().toEpochMilli()
                    : startMillis + punctuator.getInterval().toMillis();
            schedules.add(new Schedule(punctuator.getPunctuator(), start, punctuator.getInterval().toMillis()));
        }
    }

    private void add(StateStore store) {
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        stores.add(store);
    }

    @Override
    public void pipe(String accountId, SpecificRecord event, long occurredAtMillis, boolean changesInTransit) {
        String key = accountId;
        SpecificRecord value = event;
        if (changesInTransit) {
            // What the driver's serialisers do to a string that is not well-formed UTF-16 (it becomes '?'), done here too.
            key = new String(accountId.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
            value = roundTrip(Replay.REPLAY_INPUT_TOPIC, event);
        }
        long recordOffset = offset++;
        ConsumerRecord<Object, Object> consumed = new ConsumerRecord<>(Replay.REPLAY_INPUT_TOPIC, PARTITION, recordOffset, occurredAtMillis,
                TimestampType.CREATE_TIME, -1, -1, key, value, new RecordHeaders(), Optional.empty());
        long timestamp = extractor.extract(consumed, partitionTime);
        if (timestamp < 0) {
            // Kafka drops a record with a negative timestamp before any processor sees it.
            return;
        }
        partitionTime = Math.max(partitionTime, timestamp);
        context.setCurrentStreamTimeMs(partitionTime);
        context.setRecordMetadata(Replay.REPLAY_INPUT_TOPIC, PARTITION, recordOffset);
        Record<String, SpecificRecord> record = new Record<>(key, value, timestamp);
        try {
            processor.process(record);
        } catch (RuntimeException failure) {
            handle(failure, record, new Source(Replay.REPLAY_INPUT_TOPIC, recordOffset, timestamp, key, value));
        }
    }

    @Override
    public void moveWallClockTo(long millis) {
        context.setCurrentSystemTimeMs(millis);
        for (Schedule schedule : schedules) {
            if (schedule.dueMillis <= millis) {
                schedule.advancePast(millis);
                try {
                    schedule.punctuator.punctuate(millis);
                } catch (RuntimeException failure) {
                    handle(failure, null, null);
                }
            }
        }
    }

    /** As Kafka does with an exception from a processor or a punctuator: the configured handler decides, its dead letters are sent. */
    private void handle(RuntimeException failure, Record<String, SpecificRecord> record, Source source) {
        if (failure instanceof StreamsException streamsFailure && record == null) {
            throw streamsFailure;
        }
        ProcessingExceptionHandler.Response response = exceptionHandler.handleError(new HandlerContext(source, this), record, failure);
        for (ProducerRecord<byte[], byte[]> deadLetter : response.deadLetterQueueRecords()) {
            deadLetters.add(new DeadLetter(deadLetter.key(), deadLetter.headers()));
        }
        if (response.result() == ProcessingExceptionHandler.Result.FAIL) {
            throw new StreamsException("the processing-exception handler chose to fail on " + failure, failure, TASK);
        }
    }

    @Override
    public void drainTo(Emitted emitted) {
        emitted.deadLetters.addAll(deadLetters);
        deadLetters.clear();
        for (MockProcessorContext.CapturedForward<? extends String, ? extends SpecificRecord> forward : context.forwarded()) {
            Record<? extends String, ? extends SpecificRecord> record = forward.record();
            SpecificRecord value = record.value();
            if (value instanceof ProtectionReleased) {
                emitted.released.add((ProtectionReleased) roundTrip(deadLetterTopic, value));
            } else if (value instanceof ProtectionApplied) {
                emitted.applied.add((ProtectionApplied) roundTrip(deadLetterTopic, value));
            } else if (value instanceof AccountWatched) {
                emitted.watched.add((AccountWatched) roundTrip(deadLetterTopic, value));
            } else if (value instanceof ShadowProtection) {
                emitted.shadow.add((ShadowProtection) roundTrip(deadLetterTopic, value));
            } else if (value instanceof AccountActivity) {
                // The processor's own dead letter (a failed release check), routed to the dead-letter topic by the topology.
                emitted.deadLetters.add(new DeadLetter(new StringSerializer().serialize(deadLetterTopic, record.key()), record.headers()));
            } else if (value instanceof AllowlistEntry || value instanceof AllowlistRemoval) {
                // The allowlist topic feeds the global store back, as the driver does with a global store's topic.
                allowlistUpdater.process(new Record<>(record.key(),
                        value instanceof AllowlistEntry ? anyRecord.serializer().serialize(deadLetterTopic, value) : null, record.timestamp()));
            } else if (value instanceof RuleDefinition definition) {
                // The guard's demotion of a rule reaches the rules in force through its topic, as the rules' global store reads it live.
                rules.offer(RuleDefinitions.toParameters(definition), Instant.ofEpochMilli(record.timestamp()), LiveRules.Source.unplaced(record.key()));
            }
            // Status, audit and rule-change records go to topics the replay does not read.
        }
        context.resetForwards();
    }

    /** Serialised and read back, as every record crossing a topic is. */
    private SpecificRecord roundTrip(String topic, SpecificRecord value) {
        return anyRecord.deserializer().deserialize(topic, anyRecord.serializer().serialize(topic, value));
    }

    @Override
    public void close() {
        processor.close();
        for (StateStore store : stores) {
            store.close();
        }
    }

    /** The input record behind a failure; none for a punctuation. */
    private record Source(String topic, long offset, long timestamp, String key, SpecificRecord value) {
    }

    /** What Kafka tells the exception handler about where a failure happened. */
    private record HandlerContext(Source source, DirectEngine engine) implements ErrorHandlerContext {
        @Override
        public String topic() {
            return source == null ? null : source.topic();
        }

        @Override
        public int partition() {
            return source == null ? -1 : PARTITION;
        }

        @Override
        public long offset() {
            return source == null ? -1 : source.offset();
        }

        @Override
        public Headers headers() {
            return new RecordHeaders();
        }

        @Override
        public String processorNodeId() {
            return ProtectionTopology.EVALUATE;
        }

        @Override
        public TaskId taskId() {
            return TASK;
        }

        @Override
        public long timestamp() {
            return source == null ? engine.context.currentSystemTimeMs() : source.timestamp();
        }

        @Override
        public byte[] sourceRawKey() {
            return source == null ? null : new StringSerializer().serialize(source.topic(), source.key());
        }

        @Override
        public byte[] sourceRawValue() {
            return source == null ? null : engine.anyRecord.serializer().serialize(source.topic(), source.value());
        }
    }
}
