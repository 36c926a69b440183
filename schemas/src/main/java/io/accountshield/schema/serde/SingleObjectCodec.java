package io.accountshield.schema.serde;

import io.accountshield.schema.serde.AvroTypes.AvroType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Encodes and decodes Avro single-object messages, with errors that say what was wrong. Avro's own
 * message encoder writes byte by byte into a synchronised stream; here the body goes through a
 * buffered encoder into a buffer each thread reuses, which the profile showed matters for the
 * account state written on every event.
 */
final class SingleObjectCodec {

    private static final int INITIAL_BUFFER_BYTES = 4096;
    /** A thread does not keep a buffer larger than this after one unusually large message. */
    private static final int KEPT_BUFFER_BYTES = 1 << 20;

    /** One thread's output buffer and encoder, reused for every message it writes. */
    private static final class Output {
        private final ExposedBuffer buffer = new ExposedBuffer();
        private BinaryEncoder encoder;
    }

    /** A byte stream whose contents can be copied out without the extra copy {@code toByteArray} would make before it. */
    private static final class ExposedBuffer extends ByteArrayOutputStream {
        ExposedBuffer() {
            super(INITIAL_BUFFER_BYTES);
        }

        byte[] copy() {
            return Arrays.copyOf(buf, count);
        }

        boolean oversized() {
            return buf.length > KEPT_BUFFER_BYTES;
        }
    }

    private static final ThreadLocal<Output> OUTPUT = ThreadLocal.withInitial(Output::new);
    private static final ThreadLocal<BinaryDecoder> INPUT = new ThreadLocal<>();

    private SingleObjectCodec() {
    }

    @SuppressWarnings("unchecked")
    static byte[] encode(SpecificRecord record) {
        AvroType<SpecificRecord> type = (AvroType<SpecificRecord>) AvroTypes.of(record.getClass());
        Output output = OUTPUT.get();
        output.buffer.reset();
        writeHeader(output.buffer, type.fingerprint());
        try {
            output.encoder = EncoderFactory.get().binaryEncoder(output.buffer, output.encoder);
            type.writer().write(record, output.encoder);
            output.encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot encode " + type.name() + ": " + e.getMessage(), e);
        }
        byte[] message = output.buffer.copy();
        if (output.buffer.oversized()) {
            OUTPUT.remove();
        }
        return message;
    }

    private static void writeHeader(ByteArrayOutputStream out, long fingerprint) {
        out.write(0xC3);
        out.write(0x01);
        for (int shift = 0; shift < Long.SIZE; shift += Byte.SIZE) {
            out.write((int) (fingerprint >>> shift) & 0xFF);
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
            BinaryDecoder in = DecoderFactory.get().binaryDecoder(message, AvroTypes.HEADER_LENGTH,
                    message.length - AvroTypes.HEADER_LENGTH, INPUT.get());
            INPUT.set(in);
            return expected.readersByWriterFingerprint().get(AvroTypes.fingerprint(message)).read(null, in);
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
}
