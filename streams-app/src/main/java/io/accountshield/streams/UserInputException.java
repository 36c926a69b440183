package io.accountshield.streams;

/** A mistake in what the user asked for (a missing file, say): reported as a message, not a stack trace. */
public final class UserInputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UserInputException(String message) {
        super(message);
    }
}
