package io.accountshield.streams.processor;

import io.accountshield.schema.events.ChatroomCreated;
import io.accountshield.schema.events.DeviceRegistered;
import io.accountshield.schema.events.FriendAdded;
import io.accountshield.schema.events.SpamReported;
import io.accountshield.streams.lifecycle.Ids;
import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;

/**
 * The checks a well-typed event must still pass: values that the schema cannot rule out but that
 * no real producer sends. The live topology and the replay use the same checks. Each problem has a
 * short reason code (the dead-letter metric's label) and a message that names the field; a message
 * never quotes more than a few dozen characters of a value, however long the value is.
 */
public final class EventValidator {

    /** Ids are opaque: anything non-empty up to this many characters, without control characters, is accepted. */
    public static final int MAX_ID_LENGTH = Ids.MAX_LENGTH;

    /** A chatroom larger than any messenger allows (the largest open chats hold tens of thousands). */
    public static final int MAX_CHATROOM_MEMBERS = 100_000;

    /** Before this, no account event can have happened; a timestamp this early is a unit or clock mistake. */
    public static final Instant EARLIEST_EVENT = Instant.parse("2000-01-01T00:00:00Z");

    /** After this, a timestamp is a unit mistake (microseconds) or garbage; a replay must not run its clock there. */
    public static final Instant LATEST_EVENT = Instant.parse("2100-01-01T00:00:00Z");

    /** How many characters of a bad value a message quotes. */
    private static final int QUOTED_CHARS = 40;

    public static final String NO_VALUE = "no-value";
    public static final String NOT_AN_ACCOUNT_EVENT = "not-an-account-event";
    public static final String MISSING_KEY = "missing-key";
    public static final String KEY_MISMATCH = "key-mismatch";
    public static final String BAD_ID = "bad-id";
    public static final String BAD_TIMESTAMP = "bad-timestamp";
    public static final String BAD_COUNT = "bad-count";
    public static final String FUTURE_EVENT = "future-event";
    public static final String NOT_A_COMMAND = "not-a-command";

    /** What is wrong with an event: a reason code and a message that names the field. */
    public record Problem(String reason, String message) {
    }

    private EventValidator() {
    }

    /** What is wrong with the event and its record key, or null when both are valid. */
    public static Problem problem(String key, SpecificRecord event) {
        if (event == null) {
            return new Problem(NO_VALUE, "record has no value");
        }
        String accountId = AccountEvents.accountId(event);
        if (accountId == null) {
            return new Problem(NOT_AN_ACCOUNT_EVENT, "value is a " + event.getSchema().getName() + ", which is not an account event");
        }
        Problem idProblem = idProblem("accountId", accountId);
        if (idProblem != null) {
            return idProblem;
        }
        if (key == null || key.isEmpty()) {
            return new Problem(MISSING_KEY, "record has " + (key == null ? "no" : "an empty") + " key; events must be keyed by account id");
        }
        if (!key.equals(accountId)) {
            return new Problem(KEY_MISMATCH, "record key " + quote(key) + " differs from accountId " + quote(accountId)
                    + "; events must be keyed by account id");
        }
        Problem timeProblem = timeProblem("occurredAt", AccountEvents.occurredAt(event));
        if (timeProblem != null) {
            return timeProblem;
        }
        // Redeliveries are recognised by it: an empty one would make every later event look like one.
        Problem eventIdProblem = idProblem("eventId", AccountEvents.eventId(event));
        if (eventIdProblem != null) {
            return eventIdProblem;
        }
        if (event instanceof FriendAdded e) {
            return firstProblem(idProblem("friendAccountId", e.getFriendAccountId()), idProblem("deviceId", e.getDeviceId()));
        } else if (event instanceof ChatroomCreated e) {
            if (e.getMemberCount() < 0) {
                return new Problem(BAD_COUNT, "memberCount must not be negative, was " + e.getMemberCount());
            }
            if (e.getMemberCount() > MAX_CHATROOM_MEMBERS) {
                return new Problem(BAD_COUNT, "memberCount " + e.getMemberCount() + " is more than any chatroom holds; at most "
                        + MAX_CHATROOM_MEMBERS + " are accepted");
            }
            if (e.getNonFriendMemberCount() < 0) {
                return new Problem(BAD_COUNT, "nonFriendMemberCount must not be negative, was " + e.getNonFriendMemberCount());
            }
            if (e.getNonFriendMemberCount() > e.getMemberCount()) {
                return new Problem(BAD_COUNT, "nonFriendMemberCount (" + e.getNonFriendMemberCount() + ") exceeds memberCount (" + e.getMemberCount() + ")");
            }
            return idProblem("chatroomId", e.getChatroomId());
        } else if (event instanceof DeviceRegistered e) {
            return firstProblem(idProblem("deviceId", e.getDeviceId()), timeProblem("accountCreatedAt", e.getAccountCreatedAt()));
        } else if (event instanceof SpamReported e) {
            return idProblem("reporterAccountId", e.getReporterAccountId());
        }
        return null;
    }

    /** At most a few dozen characters of a value, in quotes, with its length when it was cut. */
    static String quote(String value) {
        if (value.length() <= QUOTED_CHARS) {
            return "'" + value + "'";
        }
        return "'" + value.substring(0, QUOTED_CHARS) + "...' (" + value.length() + " characters)";
    }

    private static Problem idProblem(String field, String value) {
        String problem = Ids.problem(field, value);
        return problem == null ? null : new Problem(BAD_ID, problem);
    }



    private static Problem timeProblem(String field, Instant value) {
        if (value == null || value.toEpochMilli() <= 0) {
            return new Problem(BAD_TIMESTAMP, field + " must be a positive epoch-millisecond timestamp, was "
                    + (value == null ? "missing" : value.toEpochMilli()));
        }
        return null;
    }

    /**
     * An occurredAt outside the years any account event can have: before 2000 it would pull a
     * partition's first stream time back to 1970; after 2100 it would run a replay's clock on for
     * centuries. Checked live by the processor and in a replay before its clock moves (where the
     * line goes to the dead-letter file), not by the replay's line parser, whose format accepts any
     * positive time.
     */
    public static Problem implausibleTime(SpecificRecord event) {
        Instant occurredAt = AccountEvents.occurredAt(event);
        if (occurredAt.isBefore(EARLIEST_EVENT)) {
            return new Problem(BAD_TIMESTAMP, "occurredAt " + occurredAt + " is before " + EARLIEST_EVENT
                    + "; a timestamp this early is in seconds instead of milliseconds, or from a clock that was never set");
        }
        if (!occurredAt.isBefore(LATEST_EVENT)) {
            return new Problem(BAD_TIMESTAMP, "occurredAt " + occurredAt + " is after " + LATEST_EVENT
                    + "; a timestamp this late is in microseconds instead of milliseconds, or garbage");
        }
        return null;
    }

    private static Problem firstProblem(Problem... problems) {
        for (Problem problem : problems) {
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }
}
