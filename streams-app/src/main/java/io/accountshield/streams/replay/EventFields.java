package io.accountshield.streams.replay;

import io.accountshield.schema.events.FriendSource;
import java.time.Instant;

/**
 * One line's fields, read by type: what {@link JsonlEventParser} builds an event from. A field that
 * is missing or cannot be read as asked is refused with {@code E}.
 */
interface EventFields<E extends Exception> {

    /** The event types of the format. */
    enum Type { FRIEND_ADDED, CHATROOM_CREATED, DEVICE_REGISTERED, SPAM_REPORTED }

    Type type() throws E;

    /** The producer's own event id when it is a string, else null: it is not part of the contract. */
    String eventIdIfString() throws E;

    String string(EventField field) throws E;

    boolean bool(EventField field) throws E;

    /** A positive epoch-millisecond time. */
    Instant timestamp(EventField field) throws E;

    /** A whole number, not negative, that fits an int. */
    int count(EventField field) throws E;

    FriendSource source() throws E;
}
