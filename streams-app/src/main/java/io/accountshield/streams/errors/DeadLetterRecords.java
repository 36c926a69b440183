package io.accountshield.streams.errors;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.internals.ExceptionHandlerUtils;

/**
 * Builds dead-letter records whose size is bounded whatever the input: a 900 KB key, a value near
 * the broker's limit or a flood of headers would otherwise make a dead-letter copy (original bytes
 * plus a message and stack trace that quote them) larger than the producer may send, and a failed
 * dead-letter write aborts the transaction and stops the application, on the same record after
 * every restart. What is cut says so in a header, and the source topic, partition and offset always
 * point at the original.
 *
 * <p>Headers: Kafka's own {@code __streams.errors.*} (exception, message, topic, partition, offset;
 * the stack trace only for defects, not for bad input), and {@code account-shield.dead-letter.*}:
 * {@code reason} (a short code, as in the metric), {@code key-bytes}/{@code value-bytes} (the
 * original size, present only when the copy was cut), {@code headers-dropped} (how many of the
 * original headers were left out).
 */
public final class DeadLetterRecords {

    public static final String HEADER_PREFIX = "account-shield.dead-letter.";
    public static final String HEADER_REASON = HEADER_PREFIX + "reason";
    public static final String HEADER_KEY_BYTES = HEADER_PREFIX + "key-bytes";
    public static final String HEADER_VALUE_BYTES = HEADER_PREFIX + "value-bytes";
    public static final String HEADER_HEADERS_DROPPED = HEADER_PREFIX + "headers-dropped";
    public static final String HEADER_ORIGIN = HEADER_PREFIX + "origin";
    /** Origin of a dead letter written when waking an account (for its release) failed. */
    public static final String RELEASE_CHECK = "release-check";

    /** Account ids are at most 512 characters (2 KiB in UTF-8): any real key fits whole. */
    public static final int MAX_KEY_BYTES = 4 * 1024;
    /** Real events are well under 1 KiB; a bigger value is kept in part, for a look at what it was. */
    public static final int MAX_VALUE_BYTES = 64 * 1024;
    public static final int MAX_MESSAGE_CHARS = 2 * 1024;
    public static final int MAX_STACK_TRACE_CHARS = 16 * 1024;
    /** Original headers are copied while they fit in this many bytes, names and values together. */
    public static final int MAX_ORIGINAL_HEADER_BYTES = 16 * 1024;
    /** The most a dead-letter record can weigh: far under the 1 MiB producer and broker defaults. */
    public static final int MAX_RECORD_BYTES = MAX_KEY_BYTES + MAX_VALUE_BYTES + 4 * MAX_MESSAGE_CHARS + 4 * MAX_STACK_TRACE_CHARS
            + MAX_ORIGINAL_HEADER_BYTES + 4 * 1024;

    private DeadLetterRecords() {
    }

    /** Where a dead-lettered record came from. */
    public record Source(String topic, int partition, long offset, long timestamp, Headers headers) {
    }

    /**
     * @param withStackTrace a defect's stack trace helps whoever fixes it; bad input's would only repeat the message
     */
    public static ProducerRecord<byte[], byte[]> build(String deadLetterTopic, byte[] key, byte[] value, Source source, String reason,
                                                       Throwable cause, boolean withStackTrace) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(deadLetterTopic, null,
                source.timestamp() >= 0 ? source.timestamp() : null, cut(key, MAX_KEY_BYTES), cut(value, MAX_VALUE_BYTES));
        Headers headers = record.headers();
        copyOriginalHeaders(source.headers(), headers);
        headers.add(ExceptionHandlerUtils.HEADER_ERRORS_EXCEPTION_NAME, utf8(cause.getClass().getName()));
        headers.add(ExceptionHandlerUtils.HEADER_ERRORS_EXCEPTION_MESSAGE_NAME, utf8(abbreviate(String.valueOf(cause.getMessage()), MAX_MESSAGE_CHARS)));
        if (withStackTrace) {
            headers.add(ExceptionHandlerUtils.HEADER_ERRORS_STACKTRACE_NAME, utf8(abbreviate(stackTrace(cause), MAX_STACK_TRACE_CHARS)));
        }
        if (source.topic() != null) {
            headers.add(ExceptionHandlerUtils.HEADER_ERRORS_TOPIC_NAME, utf8(source.topic()));
            headers.add(ExceptionHandlerUtils.HEADER_ERRORS_PARTITION_NAME, utf8(String.valueOf(source.partition())));
            headers.add(ExceptionHandlerUtils.HEADER_ERRORS_OFFSET_NAME, utf8(String.valueOf(source.offset())));
        }
        headers.add(HEADER_REASON, utf8(reason));
        if (key != null && key.length > MAX_KEY_BYTES) {
            headers.add(HEADER_KEY_BYTES, utf8(String.valueOf(key.length)));
        }
        if (value != null && value.length > MAX_VALUE_BYTES) {
            headers.add(HEADER_VALUE_BYTES, utf8(String.valueOf(value.length)));
        }
        return record;
    }

    /**
     * Headers for a dead letter with no input record behind it (a defect during a release check):
     * the record is the account's state as it was, and these say what failed and where.
     */
    public static Headers defectHeaders(Throwable defect, String origin) {
        Headers headers = new RecordHeaders();
        headers.add(ExceptionHandlerUtils.HEADER_ERRORS_EXCEPTION_NAME, utf8(defect.getClass().getName()));
        headers.add(ExceptionHandlerUtils.HEADER_ERRORS_EXCEPTION_MESSAGE_NAME, utf8(abbreviate(String.valueOf(defect.getMessage()), MAX_MESSAGE_CHARS)));
        headers.add(ExceptionHandlerUtils.HEADER_ERRORS_STACKTRACE_NAME, utf8(abbreviate(stackTrace(defect), MAX_STACK_TRACE_CHARS)));
        headers.add(HEADER_REASON, utf8(ErrorReporting.PROCESSING_DEFECT));
        headers.add(HEADER_ORIGIN, utf8(origin));
        return headers;
    }

    /** Text cut to at most {@code maxChars}, saying how long it was. */
    public static String abbreviate(String text, int maxChars) {
        if (text == null || text.length() <= maxChars) {
            return text;
        }
        String note = "... (" + text.length() + " characters in all)";
        return text.substring(0, Math.max(0, maxChars - note.length())) + note;
    }

    private static void copyOriginalHeaders(Headers original, Headers copy) {
        if (original == null) {
            return;
        }
        int bytes = 0;
        int dropped = 0;
        for (Header header : original) {
            int size = header.key().length() * 4 + (header.value() == null ? 0 : header.value().length);
            if (header.key().startsWith(HEADER_PREFIX) || header.key().startsWith("__streams.errors.") || bytes + size > MAX_ORIGINAL_HEADER_BYTES) {
                dropped++;
            } else {
                copy.add(header);
                bytes += size;
            }
        }
        if (dropped > 0) {
            copy.add(HEADER_HEADERS_DROPPED, utf8(String.valueOf(dropped)));
        }
    }

    private static byte[] cut(byte[] bytes, int max) {
        return bytes == null || bytes.length <= max ? bytes : Arrays.copyOf(bytes, max);
    }

    private static String stackTrace(Throwable cause) {
        StringWriter text = new StringWriter();
        cause.printStackTrace(new PrintWriter(text));
        return text.toString();
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
