package io.accountshield.streams.processor;

/**
 * Thrown for an event that fails validation. The processing exception handler sends the record,
 * with this message in its headers, to the dead-letter topic, and processing goes on.
 */
public final class InvalidEventException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidEventException(String problem) {
        super(problem, null, false, false);
    }
}
