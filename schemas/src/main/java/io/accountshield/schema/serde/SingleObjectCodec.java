package io.accountshield.schema.serde;

import io.accountshield.schema.serde.AvroTypes.AvroType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;

/** Encodes and decodes Avro single-object messages, with errors that say what was wrong. */
final class SingleObjectCodec {

    private SingleObjectCodec() {
    }

    @SuppressWarnings("unchecked")
    static byte[] encode(SpecificRecord record) {
        AvroType<SpecificRecord> type = (AvroType<SpecificRecord>) AvroTypes.of(record.getClass());
        try {
            return toArray(type.encoder().encode(record));
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot encode " + type.name() + ": " + e.getMessage(), e);
        }
    }

    /** Decodes a message of any registered type. */
    static SpecificRecord decodeAny(String topic, byte[] message) {
        return decode(topic, message, typeOf(topic, message));
    }

    /** Decodes a message that must be of the expected type. */
    static <T extends SpecificRecord> T decode(String topic, byte[] message, AvroType<T> expected) {
        AvroType<?> actual = typeOf(topic, message);
        if (actual != expected) {
            throw new UnreadableMessageException(UnreadableMessageException.WRONG_TYPE, "message on topic " + topic + " holds " + actual.name()
                    + " where " + expected.name() + " was expected", null);
        }
        try {
            return expected.decoder().decode(message);
        } catch (IOException | RuntimeException e) {
            throw new UnreadableMessageException(UnreadableMessageException.CORRUPT, "cannot decode " + expected.name() + " on topic " + topic
                    + ": " + e.getMessage(), e);
        }
    }

    private static AvroType<?> typeOf(String topic, byte[] message) {
        if (!AvroTypes.hasSingleObjectHeader(message)) {
            throw new UnreadableMessageException(UnreadableMessageException.NOT_AVRO, "message on topic " + topic
                    + " is not Avro single-object encoded (it must start with bytes C3 01 and an 8-byte schema fingerprint)", null);
        }
        AvroType<?> type = AvroTypes.ofMessage(message);
        if (type == null) {
            throw new UnreadableMessageException(UnreadableMessageException.UNKNOWN_SCHEMA, String.format(
                    "message on topic %s was written with unknown schema fingerprint %016x; known types: %s",
                    topic, AvroTypes.fingerprint(message),
                    AvroTypes.all().stream().map(AvroType::name).toList()), null);
        }
        return type;
    }

    private static byte[] toArray(ByteBuffer buffer) {
        if (buffer.hasArray() && buffer.arrayOffset() == 0 && buffer.position() == 0
                && buffer.remaining() == buffer.array().length) {
            return buffer.array();
        }
        return Arrays.copyOfRange(buffer.array(), buffer.arrayOffset() + buffer.position(),
                buffer.arrayOffset() + buffer.limit());
    }
}
