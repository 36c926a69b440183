package io.accountshield.streams.processor;

import io.accountshield.schema.events.ChatroomCreated;
import io.accountshield.schema.events.DeviceRegistered;
import io.accountshield.schema.events.FriendAdded;
import io.accountshield.schema.events.SpamReported;
import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;

/** The fields every input event has, read without reflection. */
public final class AccountEvents {

    private AccountEvents() {
    }

    /** The event's account id, or null when the value is not an input event. */
    public static String accountId(SpecificRecord event) {
        if (event instanceof FriendAdded e) {
            return e.getAccountId();
        } else if (event instanceof ChatroomCreated e) {
            return e.getAccountId();
        } else if (event instanceof DeviceRegistered e) {
            return e.getAccountId();
        } else if (event instanceof SpamReported e) {
            return e.getAccountId();
        }
        return null;
    }

    /** The event's producer-assigned id (the same on every redelivery), or null when the value is not an input event. */
    public static String eventId(SpecificRecord event) {
        if (event instanceof FriendAdded e) {
            return e.getEventId();
        } else if (event instanceof ChatroomCreated e) {
            return e.getEventId();
        } else if (event instanceof DeviceRegistered e) {
            return e.getEventId();
        } else if (event instanceof SpamReported e) {
            return e.getEventId();
        }
        return null;
    }

    /**
     * What makes a delivery the same event: its type, id, time and the other party (friend, chatroom,
     * reporter, device). A producer's retry repeats all of them; a producer that reuses an id for new
     * events does not, so those still count.
     */
    public static String identity(SpecificRecord event) {
        String other;
        if (event instanceof FriendAdded e) {
            other = e.getFriendAccountId();
        } else if (event instanceof ChatroomCreated e) {
            other = e.getChatroomId();
        } else if (event instanceof DeviceRegistered e) {
            other = e.getDeviceId();
        } else if (event instanceof SpamReported e) {
            other = e.getReporterAccountId();
        } else {
            return null;
        }
        return event.getSchema().getName() + '\u0000' + eventId(event) + '\u0000' + occurredAt(event).toEpochMilli() + '\u0000' + other;
    }

    /** The event's occurredAt, or null when the value is not an input event. */
    public static Instant occurredAt(SpecificRecord event) {
        if (event instanceof FriendAdded e) {
            return e.getOccurredAt();
        } else if (event instanceof ChatroomCreated e) {
            return e.getOccurredAt();
        } else if (event instanceof DeviceRegistered e) {
            return e.getOccurredAt();
        } else if (event instanceof SpamReported e) {
            return e.getOccurredAt();
        }
        return null;
    }
}
