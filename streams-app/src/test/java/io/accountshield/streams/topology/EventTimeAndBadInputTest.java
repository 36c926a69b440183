package io.accountshield.streams.topology;

import static io.accountshield.streams.topology.TopologyHarness.T0;
import static io.accountshield.streams.topology.TopologyHarness.chatroomCreated;
import static io.accountshield.streams.topology.TopologyHarness.friendAdded;
import static org.assertj.core.api.Assertions.assertThat;

import io.accountshield.streams.metrics.ProtectionMetrics;
import io.accountshield.schema.events.FriendAdded;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import io.accountshield.streams.errors.DeadLetterRecords;
import io.accountshield.streams.errors.ErrorReporting;
import io.accountshield.streams.processor.EventValidator;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.errors.internals.ExceptionHandlerUtils;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Out-of-order events land in their own windows; late and malformed ones are counted and set aside, never fatal. */
class EventTimeAndBadInputTest {

    @TempDir
    Path stateDir;

    private TopologyHarness harness;

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void shouldCountAnOutOfOrderEventWithinGraceInItsWindow() {
        harness = new TopologyHarness(stateDir);
        harness.friendAdds("spammer", 99, T0.plus(Duration.ofMinutes(4)), Duration.ofMillis(300));

        // 50 s behind stream time (grace is 1 minute), and inside the 5-minute window.
        harness.send(friendAdded("spammer", T0.plus(Duration.ofMinutes(3)).plusSeconds(40)));

        assertThat(harness.applied()).singleElement()
                .satisfies(applied -> assertThat(applied.getObservedCount()).isEqualTo(100));
        assertThat(harness.metric(ProtectionMetrics.LATE_EVENTS_SKIPPED)).isZero();
    }

    @Test
    void shouldNotCountAnOutOfOrderEventWhoseBucketIsOutsideTheWindow() {
        harness = new TopologyHarness(Map.of("time.grace", "PT10M"), stateDir, T0);
        harness.friendAdds("spammer", 99, T0.plus(Duration.ofMinutes(10)), Duration.ofMillis(100));

        // Within grace, but more than 5 minutes before the burst: it belongs to an earlier window.
        harness.send(friendAdded("spammer", T0.plus(Duration.ofMinutes(4))));
        assertThat(harness.applied()).isEmpty();

        // Within grace and inside the window that ends with the burst.
        harness.send(friendAdded("spammer", T0.plus(Duration.ofMinutes(6))));
        assertThat(harness.applied()).singleElement()
                .satisfies(applied -> assertThat(applied.getObservedCount()).isEqualTo(100));
    }

    @Test
    void shouldSkipAndCountEventsOlderThanGraceWithoutFailing() {
        harness = new TopologyHarness(stateDir);
        harness.friendAdds("spammer", 99, T0.plus(Duration.ofMinutes(4)), Duration.ofMillis(300));

        harness.send(friendAdded("spammer", T0.plus(Duration.ofMinutes(2))));

        assertThat(harness.applied()).isEmpty();
        assertThat(harness.metric(ProtectionMetrics.LATE_EVENTS_SKIPPED)).isEqualTo(1.0);

        harness.send(friendAdded("spammer", T0.plus(Duration.ofMinutes(4)).plusSeconds(31)));
        assertThat(harness.applied()).as("processing goes on after a late event").hasSize(1);
    }

    @Test
    void shouldSendAnInvalidEventToTheDeadLetterTopicWithItsCauseAndGoOn() {
        harness = new TopologyHarness(stateDir);

        harness.send(chatroomCreated("broken", T0, 3, -1));
        harness.friendAdds("spammer", 100, T0.plusSeconds(1), Duration.ofMillis(100));

        assertThat(harness.deadLetters()).singleElement().satisfies(deadLetter -> {
            assertThat(header(deadLetter, ExceptionHandlerUtils.HEADER_ERRORS_EXCEPTION_MESSAGE_NAME))
                    .isEqualTo("nonFriendMemberCount must not be negative, was -1");
            assertThat(header(deadLetter, ExceptionHandlerUtils.HEADER_ERRORS_TOPIC_NAME)).isEqualTo("account-chatroom-created");
            assertThat(deadLetter.value()).as("the original bytes are kept").isNotEmpty();
        });
        assertThat(harness.applied()).hasSize(1);
    }

    @Test
    void shouldSendAnEventKeyedByAnotherAccountToTheDeadLetterTopic() {
        harness = new TopologyHarness(stateDir);

        harness.sendKeyed("someone-else", friendAdded("spammer", T0));

        assertThat(harness.deadLetters()).singleElement().satisfies(deadLetter ->
                assertThat(header(deadLetter, ExceptionHandlerUtils.HEADER_ERRORS_EXCEPTION_MESSAGE_NAME))
                        .contains("record key 'someone-else' differs from accountId 'spammer'"));
    }

    @Test
    void shouldSendUnreadableBytesToTheDeadLetterTopicAndGoOn() {
        harness = new TopologyHarness(stateDir);

        harness.sendRawFriendAdded("spammer", "{\"not\":\"avro\"}".getBytes(StandardCharsets.UTF_8), T0);
        harness.friendAdds("spammer", 100, T0.plusSeconds(1), Duration.ofMillis(100));

        assertThat(harness.deadLetters()).singleElement().satisfies(deadLetter -> {
            assertThat(header(deadLetter, ExceptionHandlerUtils.HEADER_ERRORS_EXCEPTION_MESSAGE_NAME))
                    .contains("not Avro single-object encoded");
            assertThat(new String(deadLetter.value(), StandardCharsets.UTF_8)).isEqualTo("{\"not\":\"avro\"}");
        });
        assertThat(harness.applied()).hasSize(1);
    }

    @Test
    void shouldSendAnEventFromTheFutureToTheDeadLetterTopicSoLaterEventsAreNotMadeLate() {
        harness = new TopologyHarness(stateDir);
        harness.friendAdds("spammer", 50, T0, Duration.ofMillis(100));

        // A device with its clock a day fast: produced now, claiming to have happened tomorrow.
        harness.sendProducedAt(friendAdded("clock-skewed", T0.plus(Duration.ofDays(1))), T0.plusSeconds(5));
        harness.friendAdds("spammer", 50, T0.plusSeconds(6), Duration.ofMillis(100));

        assertThat(harness.deadLetters()).singleElement().satisfies(deadLetter ->
                assertThat(header(deadLetter, ExceptionHandlerUtils.HEADER_ERRORS_EXCEPTION_MESSAGE_NAME))
                        .contains("more than 300 s ahead of both the record's timestamp and this instance's clock"));
        assertThat(harness.metric(ProtectionMetrics.LATE_EVENTS_SKIPPED)).isZero();
        assertThat(harness.applied()).hasSize(1);
    }

    @Test
    void shouldDeadLetterAnEventFromAProducerWhoseClockRunsFastSoTheEventsAfterItAreStillJudged() {
        harness = new TopologyHarness(stateDir);
        harness.send(friendAdded("someone", T0));

        // The producer's clock is 55 minutes fast: the record's timestamp and occurredAt agree with each other, not with ours.
        Instant fast = T0.plusSeconds(1).plus(Duration.ofMinutes(55));
        harness.sendProducedAt(friendAdded("clock-fast", fast), fast);
        harness.friendAdds("spammer", 100, T0.plusSeconds(2), Duration.ofMillis(100));

        assertThat(harness.deadLetters()).singleElement().satisfies(deadLetter -> {
            assertThat(header(deadLetter, DeadLetterRecords.HEADER_REASON)).isEqualTo(EventValidator.FUTURE_EVENT);
            assertThat(header(deadLetter, ExceptionHandlerUtils.HEADER_ERRORS_EXCEPTION_MESSAGE_NAME)).contains(fast.toString());
        });
        assertThat(harness.metric(ProtectionMetrics.LATE_EVENTS_SKIPPED)).as("stream time did not jump ahead").isZero();
        assertThat(harness.applied()).singleElement().satisfies(applied -> assertThat(applied.getAccountId()).isEqualTo("spammer"));
        assertThat(harness.errorReporting().deadLetters(EventValidator.FUTURE_EVENT)).isEqualTo(1.0);
    }

    @Test
    void shouldAcceptAnEventFromAProducerWhoseClockIsAFewMinutesFast() {
        harness = new TopologyHarness(stateDir);

        Instant fast = T0.plus(Duration.ofMinutes(4));
        harness.sendProducedAt(friendAdded("clock-a-little-fast", fast), fast);

        assertThat(harness.deadLetters()).isEmpty();
    }

    @Test
    void shouldDeadLetterARecordWithAHugeKeyInABoundedCopyAndGoOn() {
        harness = new TopologyHarness(stateDir);
        String hugeKey = "k".repeat(900_000);

        harness.sendKeyed(hugeKey, friendAdded("spammer", T0));
        harness.friendAdds("spammer", 100, T0.plusSeconds(1), Duration.ofMillis(100));

        assertThat(harness.deadLetters()).singleElement().satisfies(deadLetter -> {
            assertThat(deadLetter.key()).hasSize(DeadLetterRecords.MAX_KEY_BYTES);
            assertThat(header(deadLetter, DeadLetterRecords.HEADER_KEY_BYTES)).isEqualTo("900000");
            assertThat(header(deadLetter, DeadLetterRecords.HEADER_REASON)).isEqualTo(EventValidator.KEY_MISMATCH);
            assertThat(header(deadLetter, ExceptionHandlerUtils.HEADER_ERRORS_EXCEPTION_MESSAGE_NAME))
                    .contains("(900000 characters)").hasSizeLessThan(300);
        });
        assertThat(harness.applied()).hasSize(1);
    }

    @Test
    void shouldCountDeadLettersByReason() {
        harness = new TopologyHarness(stateDir);

        harness.sendRawFriendAdded("a", "{\"not\":\"avro\"}".getBytes(StandardCharsets.UTF_8), T0);
        harness.sendRawFriendAdded("a", new byte[] {(byte) 0xC3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 9}, T0);
        harness.send(chatroomCreated("a", T0, 3, -1));
        harness.send(chatroomCreated("a", T0, 1_000_000, 10));
        harness.sendKeyed("", friendAdded("a", T0));
        harness.send(friendAdded("a", Instant.parse("1999-12-31T23:59:59Z")));

        assertThat(harness.deadLetters()).extracting(deadLetter -> header(deadLetter, DeadLetterRecords.HEADER_REASON))
                .containsExactly("not-avro", "unknown-schema", EventValidator.BAD_COUNT, EventValidator.BAD_COUNT, EventValidator.MISSING_KEY,
                        EventValidator.BAD_TIMESTAMP);
        ErrorReporting counted = harness.errorReporting();
        assertThat(counted.deadLetters("not-avro")).isEqualTo(1.0);
        assertThat(counted.deadLetters("unknown-schema")).isEqualTo(1.0);
        assertThat(counted.deadLetters(EventValidator.BAD_COUNT)).isEqualTo(2.0);
        assertThat(counted.deadLetters(ErrorReporting.PROCESSING_DEFECT)).isZero();
    }

    @Test
    void shouldNotCountInvalidEventsTowardsAnyRule() {
        harness = new TopologyHarness(stateDir);
        harness.friendAdds("spammer", 99, T0, Duration.ofMillis(100));

        FriendAdded noFriend = friendAdded("spammer", T0.plusSeconds(20));
        noFriend.setFriendAccountId("");
        harness.send(noFriend);

        assertThat(harness.applied()).isEmpty();
        assertThat(harness.deadLetters()).hasSize(1);
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
