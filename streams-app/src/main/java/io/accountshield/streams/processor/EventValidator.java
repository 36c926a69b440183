package io.accountshield.streams.processor;

import io.accountshield.schema.events.ChatroomCreated;
import io.accountshield.schema.events.DeviceRegistered;
import io.accountshield.schema.events.FriendAdded;
import io.accountshield.schema.events.SpamReported;
import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;

/**
 * The checks a well-typed event must still pass: values that the schema cannot rule out but that
 * no real producer sends. The live topology and the replay use the same checks.
 */
public final class EventValidator {

    /** Account ids are opaque; anything non-empty up to this many characters is accepted. */
    public static final int MAX_ID_LENGTH = 512;

    private EventValidator() {
    }

    /** What is wrong with the event and its record key, or null when both are valid. */
    public static String problem(String key, SpecificRecord event) {
        if (event == null) {
            return "record has no value";
        }
        String accountId = AccountEvents.accountId(event);
        if (accountId == null) {
            return "value is a " + event.getSchema().getName() + ", which is not an account event";
        }
        String idProblem = idProblem("accountId", accountId);
        if (idProblem != null) {
            return idProblem;
        }
        if (key == null) {
            return "record has no key; events must be keyed by account id";
        }
        if (!key.equals(accountId)) {
            return "record key '" + key + "' differs from accountId '" + accountId + "'; events must be keyed by account id";
        }
        String timeProblem = timeProblem("occurredAt", AccountEvents.occurredAt(event));
        if (timeProblem != null) {
            return timeProblem;
        }
        if (event instanceof FriendAdded e) {
            return firstProblem(idProblem("friendAccountId", e.getFriendAccountId()), idProblem("deviceId", e.getDeviceId()));
        } else if (event instanceof ChatroomCreated e) {
            if (e.getMemberCount() < 0) {
                return "memberCount must not be negative, was " + e.getMemberCount();
            }
            if (e.getNonFriendMemberCount() < 0) {
                return "nonFriendMemberCount must not be negative, was " + e.getNonFriendMemberCount();
            }
            if (e.getNonFriendMemberCount() > e.getMemberCount()) {
                return "nonFriendMemberCount (" + e.getNonFriendMemberCount() + ") exceeds memberCount (" + e.getMemberCount() + ")";
            }
            return idProblem("chatroomId", e.getChatroomId());
        } else if (event instanceof DeviceRegistered e) {
            return firstProblem(idProblem("deviceId", e.getDeviceId()), timeProblem("accountCreatedAt", e.getAccountCreatedAt()));
        } else if (event instanceof SpamReported e) {
            return idProblem("reporterAccountId", e.getReporterAccountId());
        }
        return null;
    }

    private static String idProblem(String field, String value) {
        if (value == null || value.isEmpty()) {
            return field + " must not be empty";
        }
        if (value.length() > MAX_ID_LENGTH) {
            return field + " is " + value.length() + " characters long; at most " + MAX_ID_LENGTH + " are accepted";
        }
        return null;
    }

    private static String timeProblem(String field, Instant value) {
        if (value == null || value.toEpochMilli() <= 0) {
            return field + " must be a positive epoch-millisecond timestamp, was " + (value == null ? "missing" : value.toEpochMilli());
        }
        return null;
    }

    private static String firstProblem(String... problems) {
        for (String problem : problems) {
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }
}
