package io.accountshield.streams.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.accountshield.schema.events.ChatroomCreated;
import io.accountshield.schema.events.FriendAdded;
import io.accountshield.schema.events.FriendSource;
import io.accountshield.schema.state.AccountWatch;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What escalates a watch: a chatroom escalates it once more than half its members are strangers, not at half. */
class WatchEscalationTest {

    private static final Instant AT = Instant.parse("2026-03-02T09:00:00Z");
    private final AccountWatch watch = new AccountWatch(RuleCatalog.FRIEND_ADD_BURST, 2, "friend-add-burst v2: 100 friend-adds", 100L, 100L,
            300_000L, AT.toEpochMilli(), AT.toEpochMilli() + 86_400_000L, Map.of("contactSyncAdds", 100L));

    private static ChatroomCreated chatroom(int members, int strangers) {
        return ChatroomCreated.newBuilder().setEventId("c").setAccountId("a").setChatroomId("room").setMemberCount(members)
                .setNonFriendMemberCount(strangers).setOccurredAt(AT).build();
    }

    @Test
    void shouldEscalateOnAChatroomOfMoreThanHalfStrangersButNotOfExactlyHalf() {
        assertThat(WatchEscalation.escalate(watch, chatroom(6, 3))).isNull();
        assertThat(WatchEscalation.escalate(watch, chatroom(7, 4))).isNotNull();
        RuleFinding escalated = WatchEscalation.escalate(watch, chatroom(6, 4));
        assertThat(escalated.reason()).endsWith("then a chatroom in which 4 of 6 members are not friends");
        assertThat(escalated.observedCount()).isEqualTo(100L);
        assertThat(escalated.signals()).containsEntry("contactSyncAdds", 100L);
    }

    @Test
    void shouldNotEscalateOnAFriendAdd() {
        FriendAdded added = FriendAdded.newBuilder().setEventId("e").setAccountId("a").setFriendAccountId("f").setSource(FriendSource.ID_SEARCH)
                .setMutual(false).setDeviceId("d").setOccurredAt(AT).build();
        assertThat(WatchEscalation.escalate(watch, added)).isNull();
    }
}
