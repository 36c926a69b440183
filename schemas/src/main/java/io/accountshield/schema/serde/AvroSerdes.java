package io.accountshield.schema.serde;

import io.accountshield.schema.serde.AvroTypes.AvroType;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serdes over Avro single-object encoding: each message names its writer schema by
 * fingerprint, so no schema registry is needed and an unknown schema fails with a clear message.
 */
public final class AvroSerdes {

    private AvroSerdes() {
    }

    /** A serde for one type; decoding a message of another type fails naming both. */
    public static <T extends SpecificRecord> Serde<T> of(Class<T> javaClass) {
        AvroType<T> type = AvroTypes.of(javaClass);
        Serializer<T> serializer = (topic, record) -> record == null ? null : SingleObjectCodec.encode(record);
        Deserializer<T> deserializer = (topic, bytes) -> bytes == null ? null : SingleObjectCodec.decode(topic, bytes, type);
        return Serdes.serdeFrom(serializer, deserializer);
    }

    /** A serde for any registered type, told apart by the fingerprint in each message. */
    public static Serde<SpecificRecord> anyRecord() {
        Serializer<SpecificRecord> serializer = (topic, record) -> record == null ? null : SingleObjectCodec.encode(record);
        Deserializer<SpecificRecord> deserializer = (topic, bytes) -> bytes == null ? null : SingleObjectCodec.decodeAny(topic, bytes);
        return Serdes.serdeFrom(serializer, deserializer);
    }
}
