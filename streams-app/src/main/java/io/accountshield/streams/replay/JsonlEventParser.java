package io.accountshield.streams.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.accountshield.schema.events.ChatroomCreated;
import io.accountshield.schema.events.DeviceRegistered;
import io.accountshield.schema.events.FriendAdded;
import io.accountshield.schema.events.FriendSource;
import io.accountshield.schema.events.SpamReported;
import io.accountshield.streams.processor.AccountEvents;
import io.accountshield.streams.processor.EventValidator;
import java.time.Instant;
import java.util.Arrays;
import org.apache.avro.specific.SpecificRecord;

/**
 * Turns one line of the replay format ({@code docs/replay-format.md}) into an event, or
 * says exactly what is wrong with it. Unknown fields are ignored; types are strict (a number where a
 * string belongs is an error, not coerced). The same validation as the live topology follows.
 */
public final class JsonlEventParser {

    private final ObjectMapper mapper = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** @param lineNumber 1-based, names the event when the line carries no eventId */
    public SpecificRecord parse(String line, long lineNumber) throws InvalidLineException {
        JsonNode node;
        try {
            node = mapper.readTree(line);
        } catch (JsonProcessingException e) {
            throw new InvalidLineException("not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new InvalidLineException("not a JSON object");
        }
        String type = string(node, "type");
        // eventId is not part of the contract: a producer's own id is kept when it is a string, else ignored.
        JsonNode givenId = node.get("eventId");
        String eventId = givenId != null && givenId.isTextual() ? givenId.textValue() : "line-" + lineNumber;
        SpecificRecord event = switch (type) {
            case "FriendAdded" -> FriendAdded.newBuilder()
                    .setEventId(eventId)
                    .setAccountId(string(node, "accountId"))
                    .setOccurredAt(timestamp(node, "occurredAt"))
                    .setFriendAccountId(string(node, "friendAccountId"))
                    .setSource(source(node))
                    .setMutual(bool(node, "mutual"))
                    .setDeviceId(string(node, "deviceId"))
                    .build();
            case "ChatroomCreated" -> ChatroomCreated.newBuilder()
                    .setEventId(eventId)
                    .setAccountId(string(node, "accountId"))
                    .setOccurredAt(timestamp(node, "occurredAt"))
                    .setChatroomId(string(node, "chatroomId"))
                    .setMemberCount(count(node, "memberCount"))
                    .setNonFriendMemberCount(count(node, "nonFriendMemberCount"))
                    .build();
            case "DeviceRegistered" -> DeviceRegistered.newBuilder()
                    .setEventId(eventId)
                    .setAccountId(string(node, "accountId"))
                    .setOccurredAt(timestamp(node, "occurredAt"))
                    .setDeviceId(string(node, "deviceId"))
                    .setAccountCreatedAt(timestamp(node, "accountCreatedAt"))
                    .build();
            case "SpamReported" -> SpamReported.newBuilder()
                    .setEventId(eventId)
                    .setAccountId(string(node, "accountId"))
                    .setOccurredAt(timestamp(node, "occurredAt"))
                    .setReporterAccountId(string(node, "reporterAccountId"))
                    .build();
            default -> throw new InvalidLineException("unknown type '" + type
                    + "'; expected FriendAdded, ChatroomCreated, DeviceRegistered or SpamReported");
        };
        EventValidator.Problem problem = EventValidator.problem(AccountEvents.accountId(event), event);
        if (problem != null) {
            throw new InvalidLineException(problem.message());
        }
        return event;
    }

    private static JsonNode required(JsonNode node, String field) throws InvalidLineException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new InvalidLineException("missing required field '" + field + "'");
        }
        return value;
    }

    private static String string(JsonNode node, String field) throws InvalidLineException {
        JsonNode value = required(node, field);
        if (!value.isTextual()) {
            throw new InvalidLineException(wrongType(field, "a string", value));
        }
        return value.textValue();
    }

    private static boolean bool(JsonNode node, String field) throws InvalidLineException {
        JsonNode value = required(node, field);
        if (!value.isBoolean()) {
            throw new InvalidLineException(wrongType(field, "true or false", value));
        }
        return value.booleanValue();
    }

    private static Instant timestamp(JsonNode node, String field) throws InvalidLineException {
        JsonNode value = required(node, field);
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new InvalidLineException(wrongType(field, "an integer of epoch milliseconds", value));
        }
        long millis = value.longValue();
        if (millis <= 0) {
            throw new InvalidLineException("field '" + field + "' must be a positive epoch-millisecond timestamp, was " + millis);
        }
        return Instant.ofEpochMilli(millis);
    }

    private static int count(JsonNode node, String field) throws InvalidLineException {
        JsonNode value = required(node, field);
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new InvalidLineException(wrongType(field, "a whole number", value));
        }
        if (value.intValue() < 0) {
            throw new InvalidLineException("field '" + field + "' must not be negative, was " + value.intValue());
        }
        return value.intValue();
    }

    private static FriendSource source(JsonNode node) throws InvalidLineException {
        String source = string(node, "source");
        try {
            return FriendSource.valueOf(source);
        } catch (IllegalArgumentException e) {
            throw new InvalidLineException("field 'source' has unknown value '" + source + "'; expected one of "
                    + Arrays.toString(FriendSource.values()));
        }
    }

    private static String wrongType(String field, String expected, JsonNode value) {
        return "field '" + field + "' must be " + expected + ", was " + value.getNodeType().toString().toLowerCase()
                + " " + abbreviate(value.toString());
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }
}
