package io.accountshield.streams.api;

import io.accountshield.schema.operator.OperatorCommand;
import io.accountshield.schema.serde.AvroSerdes;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.StringSerializer;

/** Writes operators' commands to the commands topic, keyed by account id, and waits until the broker has them. */
public final class CommandSender implements OperatorApi.Commands, AutoCloseable {

    private final KafkaProducer<String, SpecificRecord> producer;
    private final String topic;
    private final Duration timeout;

    /** @param clientProperties the application's Kafka client settings (bootstrap servers, security) */
    public CommandSender(Properties clientProperties, String topic, Duration timeout) {
        Properties properties = new Properties();
        properties.putAll(clientProperties);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) (timeout.toMillis() / 2));
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
        this.producer = new KafkaProducer<>(properties, new StringSerializer(), AvroSerdes.anyRecord().serializer());
        this.topic = topic;
        this.timeout = timeout;
    }

    /** @throws CommandNotSent when the broker does not take it in time; the caller answers 503 and the operator retries */
    @Override
    public void send(OperatorCommand command) {
        try {
            producer.send(new ProducerRecord<>(topic, command.getAccountId(), command)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandNotSent(e);
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            // The broker did not take it; anything else (a record that cannot be serialised) is a defect, not a retry.
            if (e instanceof SerializationException) {
                throw (SerializationException) e;
            }
            throw new CommandNotSent(e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }

    public static final class CommandNotSent extends RuntimeException {
        CommandNotSent(Throwable cause) {
            super("the command could not be written to Kafka: " + (cause.getCause() != null ? cause.getCause() : cause), cause);
        }
    }
}
