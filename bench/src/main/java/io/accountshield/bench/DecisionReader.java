package io.accountshield.bench;

import io.accountshield.schema.decisions.ProtectionApplied;
import io.accountshield.schema.decisions.ProtectionReleased;
import io.accountshield.schema.decisions.ReleaseKind;
import io.accountshield.schema.serde.AvroSerdes;
import io.accountshield.streams.config.TopicNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What a downstream service sees: a read_committed consumer of the protection-applied and
 * protection-released topics, on a thread of its own, noting when each account's decision became
 * readable (the moment the poll that returned it came back). Beside it a read_uncommitted consumer
 * notes when each decision was written, before its transaction committed, so that a slow decision
 * can be told apart: slow to be written (the pipeline's reading and judging) or slow to become
 * readable (the commit, and any transaction still open that holds the last stable offset back).
 */
final class DecisionReader implements AutoCloseable {

    /** A protection as read: when (System.nanoTime) and when it falls due for release (epoch millis, as the pipeline wrote it). */
    record Applied(long readNanos, long releaseEligibleAtMillis) {
    }

    private final Map<String, Applied> applied = new ConcurrentHashMap<>();
    /** Automatic releases by account id: when they became readable (epoch millis, to compare with the due time). */
    private final Map<String, Long> released = new ConcurrentHashMap<>();
    /** Protections by account id: when they were written (System.nanoTime), committed or not. */
    private final Map<String, Long> appliedWritten = new ConcurrentHashMap<>();
    /** Automatic releases by account id: when they were written (epoch millis), committed or not. */
    private final Map<String, Long> releasedWritten = new ConcurrentHashMap<>();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final Reading committed;
    private final Reading uncommitted;
    private volatile boolean closing;

    DecisionReader(Properties clients, TopicNames topics) {
        committed = new Reading(clients, topics, "read_committed", "bench-decision-reader", (p, nanos) ->
                applied.putIfAbsent(p.getAccountId(), new Applied(nanos, p.getReleaseEligibleAt().toEpochMilli())), released);
        uncommitted = new Reading(clients, topics, "read_uncommitted", "bench-decision-writes-reader",
                (p, nanos) -> appliedWritten.putIfAbsent(p.getAccountId(), nanos),
                releasedWritten);
    }

    /** One consumer of both decision topics, on a thread of its own. */
    private final class Reading {
        private final KafkaConsumer<String, SpecificRecord> consumer;
        private final Thread thread;
        /** Decisions (protections and releases of any kind) read so far. */
        private final AtomicLong decisionsRead = new AtomicLong();

        Reading(Properties clients, TopicNames topics, String isolation, String threadName,
                BiConsumer<ProtectionApplied, Long> onApplied, Map<String, Long> onReleased) {
            Properties properties = new Properties();
            properties.putAll(clients);
            properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
            properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            this.consumer = new KafkaConsumer<>(properties, new StringDeserializer(), AvroSerdes.anyRecord().deserializer());
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(topics.protectionApplied(), topics.protectionReleased())) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            this.thread = new Thread(() -> read(onApplied, onReleased), threadName);
            thread.setDaemon(true);
            thread.start();
        }

        private void read(BiConsumer<ProtectionApplied, Long> onApplied, Map<String, Long> onReleased) {
            try {
                while (!closing) {
                    ConsumerRecords<String, SpecificRecord> records = consumer.poll(Duration.ofMillis(100));
                    long readNanos = System.nanoTime();
                    long readMillis = System.currentTimeMillis();
                    decisionsRead.addAndGet(records.count());
                    for (ConsumerRecord<String, SpecificRecord> record : records) {
                        if (record.value() instanceof ProtectionApplied p) {
                            onApplied.accept(p, readNanos);
                        } else if (record.value() instanceof ProtectionReleased r && r.getKind() == ReleaseKind.AUTO) {
                            onReleased.putIfAbsent(r.getAccountId(), readMillis);
                        }
                    }
                }
            } catch (WakeupException e) {
                // closing
            } catch (Exception e) {
                failure.set(e);
            } finally {
                consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
            }
        }
    }

    Map<String, Applied> applied() {
        check();
        return applied;
    }

    Map<String, Long> released() {
        check();
        return released;
    }

    /** When each protection was written (System.nanoTime), read by the read_uncommitted consumer. */
    Map<String, Long> appliedWritten() {
        check();
        return appliedWritten;
    }

    /** When each automatic release was written (epoch millis), read by the read_uncommitted consumer. */
    Map<String, Long> releasedWritten() {
        check();
        return releasedWritten;
    }

    /** Protections and releases written so far, committed or not (read_uncommitted). */
    long decisionsWritten() {
        return uncommitted.decisionsRead.get();
    }

    /** Protections and releases readable so far (read_committed). */
    long decisionsReadable() {
        return committed.decisionsRead.get();
    }

    private void check() {
        if (failure.get() != null) {
            throw new IllegalStateException("reading the decisions failed", failure.get());
        }
    }

    @Override
    public void close() {
        closing = true;
        List<Reading> readings = List.of(committed, uncommitted);
        readings.forEach(reading -> reading.consumer.wakeup());
        try {
            for (Reading reading : readings) {
                reading.thread.join(10_000);
            }
        } catch (InterruptedException e) {
            // Whoever interrupted the close is stopping too; the reading threads close their consumers on their own after the wakeup.
            Thread.currentThread().interrupt();
        }
    }
}
