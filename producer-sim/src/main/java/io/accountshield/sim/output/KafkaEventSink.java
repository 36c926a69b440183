package io.accountshield.sim.output;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.accountshield.schema.events.ChatroomCreated;
import io.accountshield.schema.events.DeviceRegistered;
import io.accountshield.schema.events.FriendAdded;
import io.accountshield.schema.events.SpamReported;
import io.accountshield.schema.serde.AvroSerdes;
import io.accountshield.sim.traffic.SimEvent;
import io.accountshield.streams.config.TopicNames;
import io.accountshield.streams.score.AccountLabel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Events to the application's input topics as Avro (single-object encoding), keyed by account id;
 * labels, when a topic is named, as JSON keyed by account id. Checks first that the broker answers
 * and the topics exist, so a wrong address fails in seconds with a message, not a hang.
 */
public final class KafkaEventSink implements EventSink {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final KafkaProducer<String, byte[]> producer;
    private final Serializer<SpecificRecord> avro = AvroSerdes.anyRecord().serializer();
    private final TopicNames topics;
    private final String labelsTopic;
    private final LabelFile labelFile;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final Duration reachTimeout;

    /**
     * @param clientProperties Kafka client settings (bootstrap servers, security)
     * @param labelsTopic      where labels go as JSON, or null
     * @param labelFile        where labels go as JSONL, or null
     * @param reachTimeout     how long to wait for the broker before giving up with a message
     */
    public KafkaEventSink(Properties clientProperties, TopicNames topics, String labelsTopic, LabelFile labelFile, Duration reachTimeout) {
        this.topics = topics;
        this.labelsTopic = labelsTopic;
        this.labelFile = labelFile;
        this.reachTimeout = reachTimeout;
        checkReachable(clientProperties, topics, labelsTopic);
        Properties producerProperties = producerProperties(clientProperties);
        producerProperties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(reachTimeout.toMillis()));
        this.producer = new KafkaProducer<>(producerProperties, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * How the simulator produces events: acks=all and idempotent always; linger, batch size and
     * compression (10 ms, 256 KiB, lz4) unless the client settings choose their own.
     */
    public static Properties producerProperties(Properties clientProperties) {
        Properties producerProperties = new Properties();
        producerProperties.putAll(clientProperties);
        producerProperties.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProperties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        producerProperties.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "10");
        producerProperties.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        producerProperties.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return producerProperties;
    }

    private void checkReachable(Properties clientProperties, TopicNames topics, String labelsTopic) {
        Properties adminProperties = new Properties();
        adminProperties.putAll(clientProperties);
        adminProperties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(reachTimeout.toMillis()));
        adminProperties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(reachTimeout.toMillis()));
        String servers = clientProperties.getProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG);
        try (Admin admin = Admin.create(adminProperties)) {
            Set<String> existing = admin.listTopics().names().get(reachTimeout.toMillis(), TimeUnit.MILLISECONDS);
            List<String> wanted = labelsTopic == null ? topics.inputs()
                    : java.util.stream.Stream.concat(topics.inputs().stream(), java.util.stream.Stream.of(labelsTopic)).toList();
            for (String topic : wanted) {
                if (!existing.contains(topic)) {
                    throw new SinkException("topic " + topic + " does not exist at " + servers
                            + "; create the topics first (streams-app.jar run --create-topics creates the application's)");
                }
            }
        } catch (TimeoutException | ExecutionException e) {
            throw new SinkException("cannot reach Kafka at " + servers + " within " + reachTimeout.toSeconds()
                    + " s; check --bootstrap-servers and that the broker is running");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SinkException("interrupted while connecting to Kafka at " + servers);
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new SinkException("cannot use Kafka at " + servers + ": " + e.getMessage());
        }
    }

    @Override
    public void event(SimEvent e, long occurredAt, long accountCreatedAt) throws IOException {
        Instant at = Instant.ofEpochMilli(occurredAt);
        SpecificRecord record;
        String topic;
        switch (e.type()) {
            case FRIEND_ADDED -> {
                record = new FriendAdded(e.eventId(), e.accountId(), at, e.otherId(), e.source(), e.mutual(), e.deviceId());
                topic = topics.friendAdded();
            }
            case CHATROOM_CREATED -> {
                record = new ChatroomCreated(e.eventId(), e.accountId(), at, e.otherId(), e.memberCount(), e.nonFriendMemberCount());
                topic = topics.chatroomCreated();
            }
            case DEVICE_REGISTERED -> {
                record = new DeviceRegistered(e.eventId(), e.accountId(), at, e.deviceId(), Instant.ofEpochMilli(accountCreatedAt));
                topic = topics.deviceRegistered();
            }
            case SPAM_REPORTED -> {
                record = new SpamReported(e.eventId(), e.accountId(), at, e.otherId());
                topic = topics.spamReported();
            }
            default -> throw new IllegalStateException("unknown event type " + e.type());
        }
        // No record timestamp: the producer stamps it with its own clock, as a real client would.
        send(new ProducerRecord<>(topic, e.accountId(), avro.serialize(topic, record)));
    }

    @Override
    public void label(AccountLabel label) throws IOException {
        if (labelFile != null) {
            labelFile.write(label);
        }
        if (labelsTopic != null) {
            send(new ProducerRecord<>(labelsTopic, label.accountId(), MAPPER.writeValueAsString(label).getBytes(StandardCharsets.UTF_8)));
        }
    }

    private void send(ProducerRecord<String, byte[]> record) {
        Exception failed = failure.get();
        if (failed != null) {
            throw new SinkException("producing to Kafka failed: " + failed.getMessage());
        }
        producer.send(record, (metadata, exception) -> {
            if (exception != null) {
                failure.compareAndSet(null, exception);
            }
        });
    }

    @Override
    public void close() throws IOException {
        producer.flush();
        producer.close(Duration.ofSeconds(30));
        if (labelFile != null) {
            labelFile.close();
        }
        Exception failed = failure.get();
        if (failed != null) {
            throw new SinkException("producing to Kafka failed: " + failed.getMessage());
        }
    }
}
