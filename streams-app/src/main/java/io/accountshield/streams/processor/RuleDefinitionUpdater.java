package io.accountshield.streams.processor;

import io.accountshield.schema.rules.RuleDefinition;
import io.accountshield.schema.serde.AvroSerdes;
import io.accountshield.streams.rules.LiveRules;
import io.accountshield.streams.rules.RuleDefinitions;
import io.accountshield.streams.rules.RuleParameters;
import java.time.Instant;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the protection-rules topic into this instance's rules: each definition is checked against
 * the version in force and, if it passes, swaps the rule book every stream thread judges by. Kafka
 * Streams runs it on restore too (the store is in memory, so every start reads the topic from its
 * beginning), so every instance folds the same records in the same order to the same rules. It reads
 * the topic as bytes and decodes them itself, so that a record that is not a readable definition is
 * rejected like any other bad definition (a failure in Kafka Streams' own decoding would stop the
 * instance, and again on every start). The store keeps every definition as written, used or not.
 */
public final class RuleDefinitionUpdater implements Processor<String, byte[], Void, Void> {

    private static final Logger LOG = LoggerFactory.getLogger(RuleDefinitionUpdater.class);
    private static final Deserializer<RuleDefinition> DEFINITIONS = AvroSerdes.of(RuleDefinition.class).deserializer();

    private final String storeName;
    private final LiveRules rules;
    private final String topic;
    private KeyValueStore<String, RuleDefinition> store;
    private ProcessorContext<Void, Void> context;

    public RuleDefinitionUpdater(String storeName, LiveRules rules, String topic) {
        this.storeName = storeName;
        this.rules = rules;
        this.topic = topic;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        Instant at = Instant.ofEpochMilli(record.timestamp());
        String key = record.key();
        if (key == null) {
            rejected("(no key)", rules.reject(source("(no key)", null), "a definition's key is <ruleId>/v<version>; this one has none", at));
            return;
        }
        if (record.value() == null) {
            // A tombstone takes a written version out of the topic; what is in force here does not go back (after a restart it
            // is as if never written: never tombstone a definition that was in force).
            store.delete(key);
            LOG.warn("rule definition {} deleted from {}; the rules in force here are unchanged", key, topic);
            return;
        }
        RuleDefinition definition;
        try {
            definition = DEFINITIONS.deserialize(topic, record.value());
        } catch (RuntimeException e) {
            rejected(key, rules.reject(source(key, null), "not a readable RuleDefinition: " + e.getMessage(), at));
            return;
        }
        store.put(key, definition);
        LiveRules.Source source = source(key, definition);
        String versionKey = RuleDefinitions.key(definition.getRuleId(), definition.getVersion());
        if (!RuleDefinitions.keyMatches(key, definition.getRuleId(), definition.getVersion())) {
            rejected(key, rules.reject(source, "the key must be " + versionKey + " (or " + versionKey
                    + "/<write id>), the definition's rule and version", at));
            return;
        }
        RuleParameters candidate;
        try {
            candidate = RuleDefinitions.toParameters(definition);
        } catch (IllegalArgumentException e) {
            rejected(key, rules.reject(source, e.getMessage(), at));
            return;
        }
        LiveRules.Verdict verdict = rules.offer(candidate, at, source);
        switch (verdict.outcome()) {
            case ACCEPTED -> LOG.info("rule {} v{} in force ({} by {}): {}{}", candidate.id(), candidate.version(), definition.getChangedAt(),
                    definition.getChangedBy(), RuleParameters.describeChange(null, candidate).replaceFirst("^new rule v\\d+: ", ""),
                    definition.getNote().isEmpty() ? "" : "; " + definition.getNote());
            case UNCHANGED -> LOG.debug("rule definition {}: {}", key, verdict.reason());
            case REJECTED -> rejected(key, verdict);
        }
    }

    /** Where the record being read is on the topic, which the audit of a rejection goes by (so each is audited once). */
    private LiveRules.Source source(String key, RuleDefinition definition) {
        return context.recordMetadata()
                .map(metadata -> new LiveRules.Source(key, metadata.partition(), metadata.offset(), definition))
                .orElseGet(() -> new LiveRules.Source(key, -1, -1, definition));
    }

    private static void rejected(String key, LiveRules.Verdict verdict) {
        LOG.warn("rule definition {} rejected, the version in force stays: {}", key, verdict.reason());
    }
}
