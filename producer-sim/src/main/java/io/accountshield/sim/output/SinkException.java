package io.accountshield.sim.output;

/** Events cannot be delivered where they were asked to go; the message says where and why. */
public final class SinkException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SinkException(String message) {
        super(message);
    }
}
