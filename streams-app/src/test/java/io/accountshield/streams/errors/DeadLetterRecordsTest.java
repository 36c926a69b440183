package io.accountshield.streams.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.internals.ExceptionHandlerUtils;
import org.junit.jupiter.api.Test;

/** A dead-letter record stays small enough to send, whatever the record it copies. */
class DeadLetterRecordsTest {

    @Test
    void shouldKeepASmallRecordWholeWithItsCauseAndWhereItCameFrom() {
        RecordHeaders original = new RecordHeaders();
        original.add("trace-id", "abc".getBytes(StandardCharsets.UTF_8));

        ProducerRecord<byte[], byte[]> deadLetter = DeadLetterRecords.build("dlq", bytes(10), bytes(300),
                new DeadLetterRecords.Source("account-friend-added", 2, 41L, 1_000L, original), "not-avro",
                new IllegalArgumentException("not Avro"), false);

        assertThat(deadLetter.key()).isEqualTo(bytes(10));
        assertThat(deadLetter.value()).isEqualTo(bytes(300));
        assertThat(header(deadLetter, "trace-id")).isEqualTo("abc");
        assertThat(header(deadLetter, DeadLetterRecords.HEADER_REASON)).isEqualTo("not-avro");
        assertThat(header(deadLetter, ExceptionHandlerUtils.HEADER_ERRORS_TOPIC_NAME)).isEqualTo("account-friend-added");
        assertThat(header(deadLetter, ExceptionHandlerUtils.HEADER_ERRORS_PARTITION_NAME)).isEqualTo("2");
        assertThat(header(deadLetter, ExceptionHandlerUtils.HEADER_ERRORS_OFFSET_NAME)).isEqualTo("41");
        assertThat(header(deadLetter, ExceptionHandlerUtils.HEADER_ERRORS_STACKTRACE_NAME)).as("bad input needs no stack trace").isNull();
        assertThat(header(deadLetter, DeadLetterRecords.HEADER_KEY_BYTES)).isNull();
        assertThat(deadLetter.timestamp()).isEqualTo(1_000L);
    }

    @Test
    void shouldCutAHugeKeyValueMessageAndHeadersAndSaySo() {
        RecordHeaders flood = new RecordHeaders();
        for (int i = 0; i < 100; i++) {
            flood.add("h" + i, bytes(1_000));
        }
        String hugeMessage = "record key '" + "k".repeat(900_000) + "' differs";

        ProducerRecord<byte[], byte[]> deadLetter = DeadLetterRecords.build("dlq", bytes(900_000), bytes(2_000_000),
                new DeadLetterRecords.Source("t", 0, 7L, 1L, flood), "key-mismatch", new IllegalStateException(hugeMessage), true);

        assertThat(deadLetter.key()).hasSize(DeadLetterRecords.MAX_KEY_BYTES);
        assertThat(deadLetter.value()).hasSize(DeadLetterRecords.MAX_VALUE_BYTES);
        assertThat(header(deadLetter, DeadLetterRecords.HEADER_KEY_BYTES)).isEqualTo("900000");
        assertThat(header(deadLetter, DeadLetterRecords.HEADER_VALUE_BYTES)).isEqualTo("2000000");
        long copied = java.util.stream.StreamSupport.stream(deadLetter.headers().spliterator(), false)
                .filter(header -> header.key().matches("h\\d+")).count();
        assertThat(copied).as("original headers are copied while they fit").isBetween(1L, 16L);
        assertThat(header(deadLetter, DeadLetterRecords.HEADER_HEADERS_DROPPED)).isEqualTo(String.valueOf(100 - copied));
        assertThat(header(deadLetter, ExceptionHandlerUtils.HEADER_ERRORS_EXCEPTION_MESSAGE_NAME))
                .hasSizeLessThanOrEqualTo(DeadLetterRecords.MAX_MESSAGE_CHARS).endsWith("(" + hugeMessage.length() + " characters in all)");
        assertThat(sizeOf(deadLetter)).isLessThanOrEqualTo(DeadLetterRecords.MAX_RECORD_BYTES).isLessThan(1024 * 1024 / 4);
    }

    private static int sizeOf(ProducerRecord<byte[], byte[]> record) {
        int size = record.key().length + record.value().length;
        for (Header header : record.headers()) {
            size += header.key().length() + header.value().length;
        }
        return size;
    }

    private static byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) 'x');
        return bytes;
    }

    private static String header(ProducerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
