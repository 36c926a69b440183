package io.accountshield.streams.it;

import static io.accountshield.streams.it.LivePipeline.friendAdds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.accountshield.schema.decisions.ProtectionApplied;
import io.accountshield.schema.events.ChatroomCreated;
import io.accountshield.schema.events.FriendAdded;
import io.accountshield.schema.events.FriendSource;
import io.accountshield.schema.serde.UnreadableMessageException;
import io.accountshield.streams.app.ProtectionService;
import io.accountshield.streams.errors.DeadLetterRecords;
import io.accountshield.streams.processor.EventValidator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.internals.ExceptionHandlerUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The catalogue of bad input, each entry on the real broker between good records: it reaches the
 * dead-letter topic with its original bytes, source topic, partition, offset and reason; the metric
 * counts it by reason; the good records after it are still judged; the application stays RUNNING.
 * One pipeline serves the whole catalogue, as one production instance would see it all.
 */
class BadInputCatalogueIT {

    @RegisterExtension
    static final EmbeddedKafka.PerTestClass KAFKA = new EmbeddedKafka.PerTestClass(1);

    @TempDir
    static Path dir;

    private static LivePipeline pipeline;
    private static ProtectionService service;

    /** One bad record: what to send (given the pipeline, for its topics and encoder) and the reason it must be set aside for. */
    record BadRecord(String name, String reason, Function<LivePipeline, Sent> send) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** What was sent: topic, key, value bytes, record timestamp. */
    record Sent(String topic, String key, byte[] value, Instant timestamp) {
    }

    private static FriendAdded add(String account, Instant at) {
        return new FriendAdded("bad-" + account, account, at, "friend", FriendSource.ID_SEARCH, true, "device-1");
    }

    private static Sent friendTopic(LivePipeline pipeline, String key, byte[] value) {
        return new Sent(pipeline.config().topics().friendAdded(), key, value, Instant.now());
    }

    static Stream<BadRecord> catalogue() {
        Instant now = Instant.now();
        byte[] unknownFingerprint = new byte[] {(byte) 0xC3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 0x02, 0x61};
        return Stream.of(
                new BadRecord("bytes that are not Avro", UnreadableMessageException.NOT_AVRO,
                        p -> friendTopic(p, "plain-text", "hello, I am not Avro".getBytes(StandardCharsets.UTF_8))),
                new BadRecord("the single-object header with an unknown fingerprint", UnreadableMessageException.UNKNOWN_SCHEMA,
                        p -> friendTopic(p, "unknown-schema", unknownFingerprint)),
                new BadRecord("a valid record that is no account event", EventValidator.NOT_AN_ACCOUNT_EVENT,
                        p -> friendTopic(p, "applied", p.avro(ProtectionApplied.newBuilder().setAccountId("applied").setAppliedAt(now)
                                .setRuleId("r").setRuleVersion(1).setReason("r").setObservedCount(1).setThreshold(1).setWindowMillis(1)
                                .setSignals(Map.of()).setReleaseEligibleAt(now).setProtectionNumber(1).setQuietPeriodMillis(1).build()))),
                new BadRecord("no value (a tombstone on an event topic)", EventValidator.NO_VALUE, p -> friendTopic(p, "tombstone", null)),
                new BadRecord("a null key", EventValidator.MISSING_KEY, p -> friendTopic(p, null, p.avro(add("null-key", now)))),
                new BadRecord("an empty key", EventValidator.MISSING_KEY, p -> friendTopic(p, "", p.avro(add("empty-key", now)))),
                new BadRecord("a key that is not the value's account id", EventValidator.KEY_MISMATCH,
                        p -> friendTopic(p, "someone-else", p.avro(add("mismatch", now)))),
                new BadRecord("an empty required string", EventValidator.BAD_ID,
                        p -> friendTopic(p, "empty-friend", p.avro(new FriendAdded("e", "empty-friend", now, "", FriendSource.ID_SEARCH, true, "d")))),
                new BadRecord("an id with a control character", EventValidator.BAD_ID,
                        p -> friendTopic(p, "bell\u0007", p.avro(add("bell\u0007", now)))),
                new BadRecord("a zero timestamp", EventValidator.BAD_TIMESTAMP,
                        p -> friendTopic(p, "zero-time", p.avro(add("zero-time", Instant.EPOCH)))),
                new BadRecord("a negative timestamp", EventValidator.BAD_TIMESTAMP,
                        p -> friendTopic(p, "negative-time", p.avro(add("negative-time", Instant.ofEpochMilli(-5_000))))),
                new BadRecord("a far-past timestamp (1990)", EventValidator.BAD_TIMESTAMP,
                        p -> friendTopic(p, "far-past", p.avro(add("far-past", Instant.parse("1990-01-01T00:00:00Z"))))),
                new BadRecord("a far-future timestamp (microseconds for milliseconds)", EventValidator.BAD_TIMESTAMP,
                        p -> friendTopic(p, "far-future", p.avro(add("far-future", Instant.ofEpochMilli(now.toEpochMilli() * 1000))))),
                new BadRecord("a chatroom of a million members", EventValidator.BAD_COUNT,
                        p -> new Sent(p.config().topics().chatroomCreated(), "huge-room",
                                p.avro(new ChatroomCreated("e", "huge-room", now, "room", 1_000_000, 10)), now)),
                new BadRecord("more strangers than members", EventValidator.BAD_COUNT,
                        p -> new Sent(p.config().topics().chatroomCreated(), "odd-room",
                                p.avro(new ChatroomCreated("e", "odd-room", now, "room", 5, 9)), now)),
                new BadRecord("an oversized record (a 900 KB id in the value)", EventValidator.BAD_ID,
                        p -> friendTopic(p, "oversized", p.avro(new FriendAdded("e", "oversized", now, "f".repeat(900_000),
                                FriendSource.ID_SEARCH, true, "d")))));
    }

    @BeforeAll
    static void startPipeline() throws Exception {
        // One partition: every bad record and the good ones after it share one task, the harshest case.
        pipeline = new LivePipeline(KAFKA.cluster(), "catalogue", dir, Map.of("topic.partitions", "1"));
        service = pipeline.startInstance(dir.resolve("instance"));
    }

    @AfterAll
    static void stopPipeline() {
        pipeline.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalogue")
    void shouldDeadLetterItWithItsOriginAndCauseAndJudgeTheGoodRecordsAfterIt(BadRecord bad) {
        double countedBefore = service.errorReporting().deadLetters(bad.reason());
        int deadLettersBefore = pipeline.deadLetters().size();
        String goodAccount = "good-after-" + Integer.toHexString(bad.name().hashCode());

        Sent sent = bad.send().apply(pipeline);
        pipeline.produceRaw(sent.topic(), sent.key(), sent.value(), sent.timestamp());
        pipeline.produce(friendAdds(goodAccount, 25, Instant.now(), Duration.ofMillis(20)));

        await().atMost(Duration.ofSeconds(30))
                .until(() -> pipeline.applied().stream().anyMatch(applied -> applied.getAccountId().equals(goodAccount)));
        List<ConsumerRecord<byte[], byte[]>> deadLetters = pipeline.deadLetters();
        assertThat(deadLetters).hasSize(deadLettersBefore + 1);
        ConsumerRecord<byte[], byte[]> deadLetter = deadLetters.get(deadLetters.size() - 1);
        assertThat(header(deadLetter, DeadLetterRecords.HEADER_REASON)).isEqualTo(bad.reason());
        assertThat(header(deadLetter, ExceptionHandlerUtils.HEADER_ERRORS_TOPIC_NAME)).isEqualTo(sent.topic());
        assertThat(header(deadLetter, ExceptionHandlerUtils.HEADER_ERRORS_PARTITION_NAME)).isEqualTo("0");
        assertThat(header(deadLetter, ExceptionHandlerUtils.HEADER_ERRORS_OFFSET_NAME)).matches("\\d+");
        assertThat(header(deadLetter, ExceptionHandlerUtils.HEADER_ERRORS_EXCEPTION_MESSAGE_NAME)).isNotBlank();
        if (sent.value() == null) {
            assertThat(deadLetter.value()).isNull();
        } else {
            byte[] expected = Arrays.copyOf(sent.value(), Math.min(sent.value().length, DeadLetterRecords.MAX_VALUE_BYTES));
            assertThat(deadLetter.value()).as("the original bytes (at most %d)", DeadLetterRecords.MAX_VALUE_BYTES).isEqualTo(expected);
            assertThat(header(deadLetter, DeadLetterRecords.HEADER_VALUE_BYTES)).as("the original length, when cut")
                    .isEqualTo(sent.value().length > DeadLetterRecords.MAX_VALUE_BYTES ? String.valueOf(sent.value().length) : null);
        }
        assertThat(service.errorReporting().deadLetters(bad.reason())).isEqualTo(countedBefore + 1);
        assertThat(service.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
