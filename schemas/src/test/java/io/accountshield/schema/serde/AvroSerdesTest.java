package io.accountshield.schema.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.accountshield.schema.decisions.ProtectionReleased;
import io.accountshield.schema.decisions.ReleaseKind;
import io.accountshield.schema.events.ChatroomCreated;
import io.accountshield.schema.events.FriendAdded;
import io.accountshield.schema.events.FriendSource;
import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class AvroSerdesTest {

    private static final String TOPIC = "account-friend-added";

    private final Serde<FriendAdded> friendAddedSerde = AvroSerdes.of(FriendAdded.class);

    @Test
    void shouldRoundTripARecordWithASingleObjectHeader() {
        FriendAdded event = friendAdded();

        byte[] bytes = friendAddedSerde.serializer().serialize(TOPIC, event);

        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
        assertThat(friendAddedSerde.deserializer().deserialize(TOPIC, bytes)).isEqualTo(event);
    }

    @Test
    void shouldDecodeAnyRegisteredTypeByItsFingerprint() {
        Serde<SpecificRecord> any = AvroSerdes.anyRecord();
        ProtectionReleased released = ProtectionReleased.newBuilder()
                .setAccountId("a1").setReleasedAt(Instant.ofEpochMilli(2_000)).setKind(ReleaseKind.MANUAL)
                .setRuleId("friend-add-burst").setAppliedAt(Instant.ofEpochMilli(1_000)).setProtectedForMillis(1_000)
                .setReleasedBy("agent-7").setReleaseReason("verified phone migration").build();

        assertThat(any.deserializer().deserialize(TOPIC, any.serializer().serialize(TOPIC, friendAdded())))
                .isEqualTo(friendAdded());
        assertThat(any.deserializer().deserialize("protection-released", any.serializer().serialize("t", released)))
                .isEqualTo(released);
    }

    @Test
    void shouldNameBothTypesWhenAMessageHoldsAnotherType() {
        ChatroomCreated chatroom = ChatroomCreated.newBuilder().setEventId("e2").setAccountId("a1")
                .setOccurredAt(Instant.ofEpochMilli(1_000)).setChatroomId("c1").setMemberCount(3)
                .setNonFriendMemberCount(1).build();
        byte[] bytes = AvroSerdes.of(ChatroomCreated.class).serializer().serialize(TOPIC, chatroom);

        assertThatThrownBy(() -> friendAddedSerde.deserializer().deserialize(TOPIC, bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("holds ChatroomCreated where FriendAdded was expected")
                .hasMessageContaining(TOPIC);
    }

    @Test
    void shouldRejectAnUnknownSchemaFingerprintClearly() {
        byte[] bytes = friendAddedSerde.serializer().serialize(TOPIC, friendAdded());
        bytes[5] ^= 0x5A;

        assertThatThrownBy(() -> friendAddedSerde.deserializer().deserialize(TOPIC, bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("unknown schema fingerprint");
    }

    @Test
    void shouldRejectBytesThatAreNotSingleObjectEncoded() {
        byte[] json = "{\"accountId\":\"a1\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

        assertThatThrownBy(() -> friendAddedSerde.deserializer().deserialize(TOPIC, json))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("not Avro single-object encoded");
    }

    @Test
    void shouldReportATruncatedBodyAsADecodingError() {
        byte[] bytes = friendAddedSerde.serializer().serialize(TOPIC, friendAdded());
        byte[] truncated = java.util.Arrays.copyOf(bytes, 14);

        assertThatThrownBy(() -> friendAddedSerde.deserializer().deserialize(TOPIC, truncated))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("cannot decode FriendAdded");
    }

    @Test
    void shouldPassNullsThroughForTombstones() {
        assertThat(friendAddedSerde.serializer().serialize(TOPIC, null)).isNull();
        assertThat(friendAddedSerde.deserializer().deserialize(TOPIC, null)).isNull();
    }

    private static FriendAdded friendAdded() {
        return FriendAdded.newBuilder().setEventId("e1").setAccountId("a1").setOccurredAt(Instant.ofEpochMilli(1_000))
                .setFriendAccountId("u2").setSource(FriendSource.CONTACT_SYNC).setMutual(true).setDeviceId("d1").build();
    }
}
