package io.accountshield.streams.processor;

/**
 * Thrown for an event that fails validation: bad input, not a defect. The processing exception
 * handler sends the record, with this message and reason in its headers, to the dead-letter topic,
 * counts it by reason, and processing goes on.
 */
public final class InvalidEventException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String reason;

    public InvalidEventException(EventValidator.Problem problem) {
        super(problem.message(), null, false, false);
        this.reason = problem.reason();
    }

    /** A short code: what kind of problem (the dead-letter metric's label). */
    public String reason() {
        return reason;
    }
}
