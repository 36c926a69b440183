package io.accountshield.streams.replay;

/** A replay input line that cannot be turned into a valid event; the message says why. */
public final class InvalidLineException extends Exception {

    private static final long serialVersionUID = 1L;

    InvalidLineException(String reason) {
        super(reason, null, false, false);
    }
}
