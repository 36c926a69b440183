package io.accountshield.schema.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A message that cannot be read, with a short reason code (bounded, fit for a metric label) beside
 * the message that says what exactly was wrong.
 */
public final class UnreadableMessageException extends SerializationException {

    private static final long serialVersionUID = 1L;

    /** Not single-object encoded: it does not start with C3 01 and a fingerprint. */
    public static final String NOT_AVRO = "not-avro";
    /** Single-object encoded, but with a schema fingerprint this build does not know. */
    public static final String UNKNOWN_SCHEMA = "unknown-schema";
    /** A known type, but not the one this topic carries. */
    public static final String WRONG_TYPE = "wrong-type";
    /** A known schema whose body does not decode (truncated or corrupt). */
    public static final String CORRUPT = "corrupt";

    private final String reason;

    public UnreadableMessageException(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
