package io.accountshield.bench;

import io.accountshield.schema.serde.AvroSerdes;
import io.accountshield.streams.config.TopicNames;
import io.accountshield.streams.processor.OccurredAtTimestampExtractor;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.WindowStore;

/** The two baselines the pipeline is measured against, each a pure function of its settings (no I/O). */
final class BaselineTopologies {

    static final String PASS_THROUGH_OUTPUT = "bench-pass-through";
    static final String WINDOWED_COUNT_OUTPUT = "bench-windowed-count-detections";
    static final String COUNT_STORE = "bench-event-count-store";

    private BaselineTopologies() {
    }

    /** The ceiling: every input event decoded and written again with the pipeline's serdes, nothing else. */
    static Topology passThrough(TopicNames topics, Properties properties) {
        Serde<SpecificRecord> anyRecord = AvroSerdes.anyRecord();
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(topics.inputs(), Consumed.with(Serdes.String(), anyRecord).withName("read-account-events"))
                .to(PASS_THROUGH_OUTPUT, Produced.with(Serdes.String(), anyRecord).withName("write-pass-through"));
        return builder.build(properties);
    }

    /**
     * The textbook detector: every event of an account counted in tumbling windows (the pipeline's
     * event time, its grace), the counts at or over the threshold written out. No repartition: the
     * input is keyed by account already.
     */
    static Topology windowedCount(TopicNames topics, Duration window, Duration grace, long threshold, Duration maxFutureSkew,
                                  Properties properties) {
        Serde<SpecificRecord> anyRecord = AvroSerdes.anyRecord();
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(topics.inputs(), Consumed.with(Serdes.String(), anyRecord)
                        .withTimestampExtractor(new OccurredAtTimestampExtractor(maxFutureSkew.toMillis(), InstantSource.system()))
                        .withName("read-account-events"))
                .groupByKey(Grouped.with("group-by-account", Serdes.String(), anyRecord))
                .windowedBy(TimeWindows.ofSizeAndGrace(window, grace))
                .count(Named.as("count-events"), Materialized.<String, Long, WindowStore<Bytes, byte[]>>as(COUNT_STORE)
                        .withKeySerde(Serdes.String()).withValueSerde(Serdes.Long()))
                .toStream(Named.as("count-updates"))
                .filter((windowed, count) -> count != null && count >= threshold, Named.as("at-threshold"))
                .map((windowed, count) -> KeyValue.pair(windowed.key(), count), Named.as("key-by-account"))
                .to(WINDOWED_COUNT_OUTPUT, Produced.with(Serdes.String(), Serdes.Long()).withName("write-detections"));
        return builder.build(properties);
    }
}
