package io.accountshield.streams.app;

import io.accountshield.schema.rules.RuleDefinition;
import io.accountshield.schema.serde.AvroSerdes;
import io.accountshield.streams.rules.LiveRules;
import io.accountshield.streams.rules.RuleDefinitions;
import io.accountshield.streams.rules.RuleParameters;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The configuration's rules are the defaults that seed the protection-rules topic: once the global
 * rules store has read the topic, every configured rule whose version is in force, and was not read
 * from the topic, is written there, so the topic shows every rule in force. Two instances starting at once write
 * the same definition; the second reads as unchanged.
 */
final class RuleSeeding {

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    private RuleSeeding() {
    }

    /** @return the keys written */
    static List<String> seed(LiveRules rules, Properties producerProperties, String topic, String writer) throws Exception {
        List<RuleParameters> missing = new ArrayList<>();
        for (RuleParameters inForce : rules.inForce()) {
            RuleParameters configured = rules.configured(inForce.id());
            boolean configurationsVersion = configured != null && configured.version() == inForce.version() && configured.sameRuleAs(inForce);
            if (configurationsVersion && rules.inForceFrom(inForce.id()) == null) {
                missing.add(inForce);
            }
        }
        if (missing.isEmpty()) {
            return List.of();
        }
        Properties properties = new Properties();
        properties.putAll(producerProperties);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        List<String> written = new ArrayList<>();
        try (KafkaProducer<String, RuleDefinition> producer = new KafkaProducer<>(properties, new StringSerializer(),
                AvroSerdes.of(RuleDefinition.class).serializer())) {
            Instant now = Instant.now();
            for (RuleParameters rule : missing) {
                String key = RuleDefinitions.writeKey(rule.id(), rule.version(), "configuration");
                producer.send(new ProducerRecord<>(topic, key,
                        RuleDefinitions.toDefinition(rule, "configuration", now, "the configuration's rule, written by " + writer + " at its start")))
                        .get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                written.add(key);
            }
        }
        return written;
    }
}
