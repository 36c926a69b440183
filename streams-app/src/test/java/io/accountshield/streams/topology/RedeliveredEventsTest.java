package io.accountshield.streams.topology;

import static io.accountshield.streams.topology.TopologyHarness.T0;
import static io.accountshield.streams.topology.TopologyHarness.friendAdded;
import static io.accountshield.streams.topology.TopologyHarness.chatroomCreated;
import static org.assertj.core.api.Assertions.assertThat;

import io.accountshield.streams.metrics.ProtectionMetrics;
import io.accountshield.schema.events.FriendAdded;
import io.accountshield.schema.events.ChatroomCreated;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A producer's retry or the messenger's double send: an event id counts once per account. */
class RedeliveredEventsTest {

    @TempDir
    Path tempDir;

    private TopologyHarness harness;

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void shouldNotProtectOnNinetyNineEventsAndARedeliveryButOnTheHundredthDistinctOne() {
        harness = new TopologyHarness(tempDir);
        FriendAdded first = null;
        for (int i = 0; i < 99; i++) {
            FriendAdded added = friendAdded("retrying-client", T0.plusMillis(i * 100L));
            first = first == null ? added : first;
            harness.send(added);
        }
        // The first add again, as a producer retry delivers it: same id, same time, later in the log.
        harness.sendWithoutMovingClock(first);
        assertThat(harness.applied()).as("99 distinct adds and a redelivery").isEmpty();
        assertThat(harness.metric(ProtectionMetrics.REDELIVERED_EVENTS_SKIPPED)).isEqualTo(1.0);

        harness.send(friendAdded("retrying-client", T0.plusMillis(9_950)));
        assertThat(harness.applied()).singleElement().satisfies(applied -> assertThat(applied.getObservedCount()).isEqualTo(100));
    }

    @Test
    void shouldCountARedeliveredChatroomOnce() {
        harness = new TopologyHarness(tempDir);
        ChatroomCreated first = null;
        for (int i = 0; i < 9; i++) {
            ChatroomCreated created = chatroomCreated("room-maker", T0.plusSeconds(i * 5L), 3, 0);
            first = first == null ? created : first;
            harness.send(created);
        }
        harness.sendWithoutMovingClock(first);
        assertThat(harness.applied()).as("nine chatrooms and a redelivery are not the ten of chatroom-burst").isEmpty();
        assertThat(harness.metric(ProtectionMetrics.REDELIVERED_EVENTS_SKIPPED)).isEqualTo(1.0);

        harness.send(chatroomCreated("room-maker", T0.plusSeconds(50), 3, 0));
        assertThat(harness.applied()).singleElement().satisfies(applied -> assertThat(applied.getRuleId()).isEqualTo("chatroom-burst"));
    }

    @Test
    void shouldCountNewEventsThatReuseAnIdAsTheNewEventsTheyAre() {
        harness = new TopologyHarness(tempDir);
        // A producer that stamps every event with one id (or an abuser hoping to be counted once) is not deduplicated away.
        for (int i = 0; i < 100; i++) {
            FriendAdded added = friendAdded("one-id-for-all", T0.plusMillis(i * 100L));
            added.setEventId("the-same-id");
            harness.send(added);
        }
        assertThat(harness.applied()).singleElement().satisfies(applied -> assertThat(applied.getObservedCount()).isEqualTo(100));
        assertThat(harness.metric(ProtectionMetrics.REDELIVERED_EVENTS_SKIPPED)).isZero();
    }
}
