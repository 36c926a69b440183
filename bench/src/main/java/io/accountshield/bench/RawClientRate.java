package io.accountshield.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The broker's raw rate as plain Kafka clients in this JVM see it, with the clients' default settings
 * (as Kafka's ProducerPerformance and ConsumerPerformance use them): 100-byte records produced
 * without keys, and the input backlog read back from the start. Not Kafka's own tools: kafka-tools
 * 4.4.0 is not in the offline Maven cache (TODO in the report).
 */
final class RawClientRate {

    static final int RECORD_BYTES = 100;

    private RawClientRate() {
    }

    /** @return records per second, send of the first to acknowledgement of the last */
    static double produce(Properties clients, String topic, long records) {
        byte[][] payloads = new byte[64][RECORD_BYTES];
        SplittableRandom random = new SplittableRandom(42);
        for (byte[] payload : payloads) {
            for (int i = 0; i < payload.length; i++) {
                payload[i] = (byte) ('a' + random.nextInt(26));
            }
        }
        AtomicReference<Exception> failure = new AtomicReference<>();
        long started = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(clients, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (long i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(topic, payloads[(int) (i & 63)]), (metadata, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
            }
            producer.flush();
        }
        long took = System.nanoTime() - started;
        if (failure.get() != null) {
            throw new IllegalStateException("producing to " + topic + " failed", failure.get());
        }
        return records / (took / 1e9);
    }

    /** @return records per second reading the partitions from their start to {@code expected} records */
    static double consume(Properties clients, Collection<TopicPartition> partitions, long expected) {
        Properties properties = new Properties();
        properties.putAll(clients);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        long started = System.nanoTime();
        long read = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> assigned = new ArrayList<>(partitions);
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (read < expected) {
                read += consumer.poll(Duration.ofMillis(200)).count();
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("read " + read + " of " + expected + " records in 5 minutes");
                }
            }
        }
        return read / ((System.nanoTime() - started) / 1e9);
    }
}
