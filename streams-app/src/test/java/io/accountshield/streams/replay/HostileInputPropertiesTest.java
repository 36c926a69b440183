package io.accountshield.streams.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.accountshield.schema.events.FriendAdded;
import io.accountshield.schema.events.FriendSource;
import io.accountshield.schema.serde.AvroSerdes;
import io.accountshield.schema.serde.UnreadableMessageException;
import io.accountshield.streams.processor.EventValidator;
import java.time.Instant;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Whatever arrives, bytes on a topic or a line in a replay file, is either read into an event or
 * refused with a reason: never an exception of another kind (which would be a defect, or stop the
 * run), and nothing read unvalidated reaches the rules.
 */
class HostileInputPropertiesTest {

    private static final Deserializer<SpecificRecord> DESERIALIZER = AvroSerdes.anyRecord().deserializer();
    private final JsonlEventParser parser = new JsonlEventParser();

    @Property(tries = 500)
    void shouldReadOrRefuseAnyBytesOnATopic(@ForAll("bytes") byte[] value) {
        Throwable thrown = catchThrowable(() -> DESERIALIZER.deserialize("account-friend-added", value));
        assertThat(thrown).as("only a refusal with a reason").satisfiesAnyOf(
                t -> assertThat(t).isNull(), t -> assertThat(t).isInstanceOf(UnreadableMessageException.class));
    }

    /** A real event's bytes with some of them changed: the header stays plausible, the body is corrupt. */
    @Property(tries = 500)
    void shouldReadOrRefuseACorruptedEvent(@ForAll("corruptions") int[] positionsAndValues) {
        byte[] value = AvroSerdes.anyRecord().serializer().serialize("t", new FriendAdded("e-1", "account", Instant.parse("2026-03-02T09:00:00Z"),
                "friend", FriendSource.CONTACT_SYNC, true, "device"));
        byte[] corrupted = Arrays.copyOf(value, value.length);
        for (int i = 0; i + 1 < positionsAndValues.length; i += 2) {
            corrupted[10 + Math.floorMod(positionsAndValues[i], corrupted.length - 10)] = (byte) positionsAndValues[i + 1];
        }
        Throwable thrown = catchThrowable(() -> {
            SpecificRecord read = DESERIALIZER.deserialize("t", corrupted);
            // Read: the validator still has the last word before the rules.
            EventValidator.problem(read instanceof FriendAdded added ? added.getAccountId() : "account", read);
        });
        assertThat(thrown).satisfiesAnyOf(t -> assertThat(t).isNull(), t -> assertThat(t).isInstanceOf(UnreadableMessageException.class));
    }

    @Property(tries = 500)
    void shouldParseOrRejectAnyLineWithItsNumber(@ForAll("lines") String line) {
        Throwable thrown = catchThrowable(() -> parser.parse(line, 7));
        assertThat(thrown).satisfiesAnyOf(t -> assertThat(t).isNull(), t -> assertThat(t).isInstanceOf(InvalidLineException.class));
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        Arbitrary<byte[]> withHeader = random.map(body -> {
            byte[] value = new byte[body.length + 2];
            value[0] = (byte) 0xC3;
            value[1] = 0x01;
            System.arraycopy(body, 0, value, 2, body.length);
            return value;
        });
        return Arbitraries.oneOf(random, withHeader);
    }

    @Provide
    Arbitrary<int[]> corruptions() {
        return Arbitraries.integers().array(int[].class).ofMinSize(2).ofMaxSize(12);
    }

    /** Lines that look like events, with every field a random JSON value, and lines that are anything at all. */
    @Provide
    Arbitrary<String> lines() {
        Arbitrary<String> jsonValue = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(30).map(s -> "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\""),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.doubles().map(String::valueOf),
                Arbitraries.of("true", "false", "null", "[]", "{}", "\"CONTACT_SYNC\"", "-1", "1e308", "99999999999999999999"));
        Arbitrary<String> type = Arbitraries.of("FriendAdded", "ChatroomCreated", "DeviceRegistered", "SpamReported", "FriendRemoved", "");
        Arbitrary<String> eventLike = Combinators.combine(type, jsonValue, jsonValue, jsonValue, jsonValue, jsonValue, jsonValue, jsonValue)
                .as((t, eventId, occurredAt, other, source, mutual, members, strangers) -> "{\"type\":\"" + t + "\",\"eventId\":" + eventId
                        + ",\"accountId\":\"a\",\"occurredAt\":" + occurredAt + ",\"friendAccountId\":" + other + ",\"chatroomId\":" + other
                        + ",\"reporterAccountId\":" + other + ",\"deviceId\":" + other + ",\"source\":" + source + ",\"mutual\":" + mutual
                        + ",\"memberCount\":" + members + ",\"nonFriendMemberCount\":" + strangers + ",\"accountCreatedAt\":" + occurredAt + "}");
        return Arbitraries.oneOf(eventLike, Arbitraries.strings().ofMaxLength(200));
    }
}
