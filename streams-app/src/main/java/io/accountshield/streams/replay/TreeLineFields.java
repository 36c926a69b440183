package io.accountshield.streams.replay;

import com.fasterxml.jackson.databind.JsonNode;
import io.accountshield.schema.events.FriendSource;
import java.time.Instant;
import java.util.Arrays;

/**
 * A line's fields read from Jackson's tree of it: any line at all, and for a line that is not an
 * event, the exact reason. Types are strict: a number where a string belongs is refused, not coerced.
 */
final class TreeLineFields implements EventFields<InvalidLineException> {

    private final JsonNode node;

    TreeLineFields(JsonNode node) {
        this.node = node;
    }

    @Override
    public Type type() throws InvalidLineException {
        String type = string(EventField.TYPE);
        return switch (type) {
            case "FriendAdded" -> Type.FRIEND_ADDED;
            case "ChatroomCreated" -> Type.CHATROOM_CREATED;
            case "DeviceRegistered" -> Type.DEVICE_REGISTERED;
            case "SpamReported" -> Type.SPAM_REPORTED;
            default -> throw new InvalidLineException("unknown type '" + type
                    + "'; expected FriendAdded, ChatroomCreated, DeviceRegistered or SpamReported");
        };
    }

    @Override
    public String eventIdIfString() {
        JsonNode givenId = node.get(EventField.EVENT_ID.jsonName());
        return givenId != null && givenId.isTextual() ? givenId.textValue() : null;
    }

    @Override
    public String string(EventField field) throws InvalidLineException {
        JsonNode value = required(field);
        if (!value.isTextual()) {
            throw new InvalidLineException(wrongType(field, "a string", value));
        }
        return value.textValue();
    }

    @Override
    public boolean bool(EventField field) throws InvalidLineException {
        JsonNode value = required(field);
        if (!value.isBoolean()) {
            throw new InvalidLineException(wrongType(field, "true or false", value));
        }
        return value.booleanValue();
    }

    @Override
    public Instant timestamp(EventField field) throws InvalidLineException {
        JsonNode value = required(field);
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new InvalidLineException(wrongType(field, "an integer of epoch milliseconds", value));
        }
        long millis = value.longValue();
        if (millis <= 0) {
            throw new InvalidLineException("field '" + field.jsonName() + "' must be a positive epoch-millisecond timestamp, was " + millis);
        }
        return Instant.ofEpochMilli(millis);
    }

    @Override
    public int count(EventField field) throws InvalidLineException {
        JsonNode value = required(field);
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new InvalidLineException(wrongType(field, "a whole number", value));
        }
        if (value.intValue() < 0) {
            throw new InvalidLineException("field '" + field.jsonName() + "' must not be negative, was " + value.intValue());
        }
        return value.intValue();
    }

    @Override
    public FriendSource source() throws InvalidLineException {
        String source = string(EventField.SOURCE);
        try {
            return FriendSource.valueOf(source);
        } catch (IllegalArgumentException e) {
            throw new InvalidLineException("field 'source' has unknown value '" + source + "'; expected one of "
                    + Arrays.toString(FriendSource.values()));
        }
    }

    private JsonNode required(EventField field) throws InvalidLineException {
        JsonNode value = node.get(field.jsonName());
        if (value == null || value.isNull()) {
            throw new InvalidLineException("missing required field '" + field.jsonName() + "'");
        }
        return value;
    }

    private static String wrongType(EventField field, String expected, JsonNode value) {
        return "field '" + field.jsonName() + "' must be " + expected + ", was " + value.getNodeType().toString().toLowerCase()
                + " " + abbreviate(value.toString());
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }
}
