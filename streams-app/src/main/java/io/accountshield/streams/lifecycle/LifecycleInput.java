package io.accountshield.streams.lifecycle;

import io.accountshield.schema.operator.OperatorCommand;
import org.apache.avro.specific.SpecificRecord;

/** What can move an account: one of its events, an operator's command, or a wake-up at a time. */
public sealed interface LifecycleInput {

    enum Kind { EVENT, COMMAND, WAKE_UP }

    Kind kind();

    /** A valid, not-too-late account event, at its event time, judged at wall-clock {@code nowMillis}. */
    record Event(SpecificRecord event, long eventMillis, long nowMillis) implements LifecycleInput {
        @Override
        public Kind kind() {
            return Kind.EVENT;
        }
    }

    /** An operator's command, applied at the wall-clock time {@code nowMillis}. */
    record Command(OperatorCommand command, long nowMillis) implements LifecycleInput {
        @Override
        public Kind kind() {
            return Kind.COMMAND;
        }
    }

    /**
     * A release check at wall-clock {@code nowMillis}, with what tells whether a due release may go:
     * the partition's stream time and when it last delivered an event.
     */
    record WakeUp(long nowMillis, long streamTimeMillis, long lastRecordAtMillis) implements LifecycleInput {
        @Override
        public Kind kind() {
            return Kind.WAKE_UP;
        }
    }
}
