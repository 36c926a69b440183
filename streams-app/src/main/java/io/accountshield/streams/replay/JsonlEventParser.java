package io.accountshield.streams.replay;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.accountshield.schema.events.ChatroomCreated;
import io.accountshield.schema.events.DeviceRegistered;
import io.accountshield.schema.events.FriendAdded;
import io.accountshield.schema.events.SpamReported;
import io.accountshield.streams.processor.AccountEvents;
import io.accountshield.streams.processor.EventValidator;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;

/**
 * Turns one line of the replay format ({@code docs/replay-format.md}) into an event, or
 * says exactly what is wrong with it. Unknown fields are ignored; types are strict (a number where a
 * string belongs is an error, not coerced). The same validation as the live topology follows.
 * A line of the common flat shape is read without Jackson's tree ({@link FlatLineFields}); every
 * other line, and every line that is not an event, is read with it. Not thread-safe: one per thread.
 */
public final class JsonlEventParser {

    /*
     * Jackson refuses, by default, a line whose field names collide too often in its table of names
     * (a guard against hash flooding), and the table is shared from line to line, so whether it did
     * depended on the lines read before. Here a line's reading depends on the line alone: past too
     * many collisions Jackson stops sharing names instead.
     */
    private final ObjectMapper mapper = new ObjectMapper(JsonFactory.builder()
            .disable(JsonFactory.Feature.FAIL_ON_SYMBOL_HASH_OVERFLOW).build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private final FlatLineFields flat = new FlatLineFields();

    /** @param lineNumber 1-based, names the event when the line carries no eventId */
    public SpecificRecord parse(String line, long lineNumber) throws InvalidLineException {
        SpecificRecord event = flatEventOrNull(line, lineNumber);
        return validated(event != null ? event : event(tree(line), lineNumber));
    }

    /** {@link #parse} with Jackson's tree alone: the reference the flat reading is held to. */
    SpecificRecord parseWithTree(String line, long lineNumber) throws InvalidLineException {
        Objects.requireNonNull(line, "line");
        return validated(event(tree(line), lineNumber));
    }

    /** The event read without Jackson, not yet validated; null when the flat reader declines the line. */
    SpecificRecord flatEventOrNull(String line, long lineNumber) {
        Objects.requireNonNull(line, "line");
        if (!flat.read(line)) {
            return null;
        }
        try {
            return event(flat, lineNumber);
        } catch (FlatLineFields.Declined declined) {
            return null;
        }
    }

    private TreeLineFields tree(String line) throws InvalidLineException {
        JsonNode node;
        try {
            node = mapper.readTree(line);
        } catch (JsonProcessingException e) {
            throw new InvalidLineException("not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new InvalidLineException("not a JSON object");
        }
        return new TreeLineFields(node);
    }

    private static <E extends Exception> SpecificRecord event(EventFields<E> fields, long lineNumber) throws E {
        EventFields.Type type = fields.type();
        // eventId is not part of the contract: a producer's own id is kept when it is a string, else ignored.
        String givenId = fields.eventIdIfString();
        String eventId = givenId != null ? givenId : "line-" + lineNumber;
        return switch (type) {
            // Arguments are read left to right: the first field of the contract's that is wrong is the one named.
            case FRIEND_ADDED -> new FriendAdded(eventId, fields.string(EventField.ACCOUNT_ID), fields.timestamp(EventField.OCCURRED_AT),
                    fields.string(EventField.FRIEND_ACCOUNT_ID), fields.source(), fields.bool(EventField.MUTUAL),
                    fields.string(EventField.DEVICE_ID));
            case CHATROOM_CREATED -> new ChatroomCreated(eventId, fields.string(EventField.ACCOUNT_ID), fields.timestamp(EventField.OCCURRED_AT),
                    fields.string(EventField.CHATROOM_ID), fields.count(EventField.MEMBER_COUNT),
                    fields.count(EventField.NON_FRIEND_MEMBER_COUNT));
            case DEVICE_REGISTERED -> new DeviceRegistered(eventId, fields.string(EventField.ACCOUNT_ID), fields.timestamp(EventField.OCCURRED_AT),
                    fields.string(EventField.DEVICE_ID), fields.timestamp(EventField.ACCOUNT_CREATED_AT));
            case SPAM_REPORTED -> new SpamReported(eventId, fields.string(EventField.ACCOUNT_ID), fields.timestamp(EventField.OCCURRED_AT),
                    fields.string(EventField.REPORTER_ACCOUNT_ID));
        };
    }

    private static SpecificRecord validated(SpecificRecord event) throws InvalidLineException {
        EventValidator.Problem problem = EventValidator.problem(AccountEvents.accountId(event), event);
        if (problem != null) {
            throw new InvalidLineException(problem.message());
        }
        return event;
    }
}
