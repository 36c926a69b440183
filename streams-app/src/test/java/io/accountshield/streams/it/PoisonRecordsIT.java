package io.accountshield.streams.it;

import static io.accountshield.streams.it.LivePipeline.friendAdds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.accountshield.schema.decisions.ProtectionApplied;
import io.accountshield.schema.events.FriendAdded;
import io.accountshield.schema.events.FriendSource;
import io.accountshield.streams.app.ProtectionService;
import io.accountshield.streams.errors.DeadLetterRecords;
import io.accountshield.streams.processor.EventValidator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Single records that took the pipeline down before, on a real broker with exactly-once: a record
 * whose dead-letter copy was too large to send (the application died, and died again on restart),
 * and an event from a producer whose clock runs fast (stream time jumped, and every event after it
 * on the partition was skipped as late).
 */
class PoisonRecordsIT {

    @RegisterExtension
    static final EmbeddedKafka.PerTestClass KAFKA = new EmbeddedKafka.PerTestClass(1);

    @TempDir
    Path dir;

    @Test
    void shouldDeadLetterARecordWithA900KilobyteKeyAndKeepRunningAcrossARestart() throws Exception {
        try (LivePipeline pipeline = new LivePipeline(KAFKA.cluster(), "huge-key", dir, Map.of())) {
            ProtectionService first = pipeline.startInstance(dir.resolve("instance"));
            Instant now = Instant.now();
            String hugeKey = "k".repeat(900_000);
            FriendAdded event = new FriendAdded("e-1", "spammer", now, "friend", FriendSource.ID_SEARCH, true, "device-1");

            pipeline.produceRaw(pipeline.config().topics().friendAdded(), hugeKey, pipeline.avro(event), now);
            pipeline.produce(friendAdds("spammer", 25, now, Duration.ofMillis(50)));

            await().atMost(Duration.ofSeconds(30)).until(() -> !pipeline.applied().isEmpty());
            pipeline.awaitAllConsumed();
            assertThat(first.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
            assertThat(pipeline.deadLetters()).singleElement().satisfies(deadLetter -> {
                assertThat(deadLetter.key()).hasSize(DeadLetterRecords.MAX_KEY_BYTES);
                assertThat(header(deadLetter, DeadLetterRecords.HEADER_KEY_BYTES)).isEqualTo("900000");
                assertThat(header(deadLetter, DeadLetterRecords.HEADER_REASON)).isEqualTo(EventValidator.KEY_MISMATCH);
                assertThat(deadLetter.value()).isEqualTo(pipeline.avro(event));
            });
            assertThat(first.errorReporting().deadLetters(EventValidator.KEY_MISMATCH)).isEqualTo(1.0);

            // Restarted on the same state, it neither reads the record again nor dies on it.
            pipeline.stopInstance(first);
            ProtectionService second = pipeline.startInstance(dir.resolve("instance"));
            pipeline.produce(friendAdds("second-spammer", 25, Instant.now(), Duration.ofMillis(50)));
            await().atMost(Duration.ofSeconds(30)).until(() -> pipeline.applied().size() == 2);
            pipeline.awaitAllConsumed();
            assertThat(second.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
            assertThat(pipeline.applied()).extracting(ProtectionApplied::getAccountId).containsExactly("spammer", "second-spammer");
            assertThat(pipeline.deadLetters()).hasSize(1);
        }
    }

    @Test
    void shouldDeadLetterAnEventFromAFastClockAndStillJudgeTheEventsAfterIt() throws Exception {
        // One partition, so the fast event and the flood share one stream time.
        try (LivePipeline pipeline = new LivePipeline(KAFKA.cluster(), "fast-clock", dir, Map.of("topic.partitions", "1"))) {
            ProtectionService service = pipeline.startInstance(dir.resolve("instance"));
            Instant now = Instant.now();
            Instant fast = now.plus(Duration.ofMinutes(55));
            FriendAdded fromTheFuture = new FriendAdded("e-fast", "clock-fast", fast, "friend", FriendSource.ID_SEARCH, true, "device-1");

            pipeline.produceRaw(pipeline.config().topics().friendAdded(), "clock-fast", pipeline.avro(fromTheFuture), fast);
            pipeline.produce(friendAdds("spammer", 25, now.plusMillis(100), Duration.ofMillis(50)));

            await().atMost(Duration.ofSeconds(30)).until(() -> !pipeline.applied().isEmpty());
            pipeline.awaitAllConsumed();
            assertThat(pipeline.applied()).extracting(ProtectionApplied::getAccountId).containsExactly("spammer");
            assertThat(pipeline.deadLetters()).singleElement().satisfies(deadLetter ->
                    assertThat(header(deadLetter, DeadLetterRecords.HEADER_REASON)).isEqualTo(EventValidator.FUTURE_EVENT));
            assertThat(service.errorReporting().deadLetters(EventValidator.FUTURE_EVENT)).isEqualTo(1.0);
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
