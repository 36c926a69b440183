package io.accountshield.streams.app;

/** The application cannot start as configured; the message says what to fix. */
public final class StartupException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StartupException(String message) {
        super(message);
    }
}
