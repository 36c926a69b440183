package io.accountshield.streams.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.accountshield.schema.events.ChatroomCreated;
import io.accountshield.schema.events.DeviceRegistered;
import io.accountshield.schema.events.FriendAdded;
import io.accountshield.schema.events.FriendSource;
import io.accountshield.schema.events.SpamReported;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonlEventParserTest {

    private static final String FRIEND_ADDED = "{\"type\":\"FriendAdded\",\"accountId\":\"a1\",\"occurredAt\":1780000004210,"
            + "\"friendAccountId\":\"u77\",\"source\":\"CONTACT_SYNC\",\"mutual\":true,\"deviceId\":\"d2\"}";

    private final JsonlEventParser parser = new JsonlEventParser();

    @Test
    void shouldReadEveryTypeOfTheContract() throws InvalidLineException {
        assertThat(parser.parse(FRIEND_ADDED, 1)).isEqualTo(new FriendAdded("line-1", "a1", Instant.ofEpochMilli(1780000004210L),
                "u77", FriendSource.CONTACT_SYNC, true, "d2"));
        assertThat(parser.parse("{\"type\":\"ChatroomCreated\",\"accountId\":\"a1\",\"occurredAt\":5,\"chatroomId\":\"r\",\"memberCount\":4,\"nonFriendMemberCount\":2}", 2))
                .isEqualTo(new ChatroomCreated("line-2", "a1", Instant.ofEpochMilli(5), "r", 4, 2));
        assertThat(parser.parse("{\"type\":\"DeviceRegistered\",\"accountId\":\"a1\",\"occurredAt\":5,\"deviceId\":\"d\",\"accountCreatedAt\":3}", 3))
                .isEqualTo(new DeviceRegistered("line-3", "a1", Instant.ofEpochMilli(5), "d", Instant.ofEpochMilli(3)));
        assertThat(parser.parse("{\"type\":\"SpamReported\",\"accountId\":\"a1\",\"occurredAt\":5,\"reporterAccountId\":\"r9\"}", 4))
                .isEqualTo(new SpamReported("line-4", "a1", Instant.ofEpochMilli(5), "r9"));
    }

    @Test
    void shouldIgnoreUnknownFieldsAndKeepAProducersStringEventId() throws InvalidLineException {
        String line = FRIEND_ADDED.replace("{", "{\"eventId\":\"e-17\",\"region\":\"eu\",");

        assertThat(((FriendAdded) parser.parse(line, 9)).getEventId()).isEqualTo("e-17");
    }

    @Test
    void shouldIgnoreAnEventIdThatIsNotAString() throws InvalidLineException {
        assertThat(((FriendAdded) parser.parse(FRIEND_ADDED.replace("{", "{\"eventId\":42,"), 9)).getEventId()).isEqualTo("line-9");
        assertThat(((FriendAdded) parser.parse(FRIEND_ADDED.replace("{", "{\"eventId\":null,"), 9)).getEventId()).isEqualTo("line-9");
    }

    @Test
    void shouldAcceptAccountIdsInAnyAlphabet() throws InvalidLineException {
        assertThat(((FriendAdded) parser.parse(FRIEND_ADDED.replace("\"a1\"", "\"Ωmega-账户-🙂\""), 1)).getAccountId()).isEqualTo("Ωmega-账户-🙂");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        FRIEND_ADDED + " trailing garbage|not valid JSON",
        FRIEND_ADDED + "{\"x\":1}|not valid JSON",
        "[1,2]|not a JSON object",
        "\"FriendAdded\"|not a JSON object",
        "{\"accountId\":\"a1\"}|missing required field 'type'",
        "{\"type\":\"FriendAdded\",\"accountId\":\"a1\",\"occurredAt\":1.5e12,\"friendAccountId\":\"u\",\"source\":\"QR_CODE\",\"mutual\":true,\"deviceId\":\"d\"}|field 'occurredAt' must be an integer of epoch milliseconds, was number 1.5E12",
        "{\"type\":\"FriendAdded\",\"accountId\":\"a1\",\"occurredAt\":0,\"friendAccountId\":\"u\",\"source\":\"QR_CODE\",\"mutual\":true,\"deviceId\":\"d\"}|field 'occurredAt' must be a positive epoch-millisecond timestamp, was 0",
        "{\"type\":\"FriendAdded\",\"accountId\":7,\"occurredAt\":5,\"friendAccountId\":\"u\",\"source\":\"QR_CODE\",\"mutual\":true,\"deviceId\":\"d\"}|field 'accountId' must be a string, was number 7",
        "{\"type\":\"FriendAdded\",\"accountId\":\"a1\",\"occurredAt\":5,\"friendAccountId\":\"u\",\"source\":\"QR_CODE\",\"mutual\":\"yes\",\"deviceId\":\"d\"}|field 'mutual' must be true or false, was string \"yes\"",
        "{\"type\":\"ChatroomCreated\",\"accountId\":\"a1\",\"occurredAt\":5,\"chatroomId\":\"r\",\"memberCount\":3,\"nonFriendMemberCount\":4}|nonFriendMemberCount (4) exceeds memberCount (3)",
        "{\"type\":\"ChatroomCreated\",\"accountId\":\"a1\",\"occurredAt\":5,\"chatroomId\":\"r\",\"memberCount\":99999999999,\"nonFriendMemberCount\":4}|field 'memberCount' must be a whole number, was number 99999999999",
    })
    void shouldSayWhatIsWrongWithABadLine(String line, String reason) {
        assertThatThrownBy(() -> parser.parse(line, 1)).isInstanceOf(InvalidLineException.class).hasMessageStartingWith(reason);
    }
}
