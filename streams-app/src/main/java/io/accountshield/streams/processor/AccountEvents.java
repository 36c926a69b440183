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
