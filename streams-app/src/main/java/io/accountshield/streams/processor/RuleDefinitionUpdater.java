package io.accountshield.streams.processor;

import io.accountshield.schema.rules.RuleDefinition;
import io.accountshield.streams.rules.LiveRules;
import io.accountshield.streams.rules.RuleDefinitions;
import io.accountshield.streams.rules.RuleParameters;
import java.time.Instant;
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
 * beginning), so every instance folds the same records in the same order to the same rules. The
 * store keeps every definition as written, used or not; what is in force is {@link LiveRules}'s.
 */
public final class RuleDefinitionUpdater implements Processor<String, RuleDefinition, Void, Void> {

    private static final Logger LOG = LoggerFactory.getLogger(RuleDefinitionUpdater.class);

    private final String storeName;
    private final LiveRules rules;
    private KeyValueStore<String, RuleDefinition> store;

    public RuleDefinitionUpdater(String storeName, LiveRules rules) {
        this.storeName = storeName;
        this.rules = rules;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, RuleDefinition> record) {
        Instant at = Instant.ofEpochMilli(record.timestamp());
        String key = record.key();
        RuleDefinition definition = record.value();
        if (key == null) {
            rejected("(no key)", rules.reject("(no key)", "a definition's key is <ruleId>/v<version>; this one has none", at));
            return;
        }
        if (definition == null) {
            // A version's history is taken out of the topic; what is in force does not go back.
            store.delete(key);
            LOG.info("rule definition {} deleted from the topic; the rules in force are unchanged", key);
            return;
        }
        store.put(key, definition);
        String expectedKey = RuleDefinitions.key(definition.getRuleId(), definition.getVersion());
        if (!key.equals(expectedKey)) {
            rejected(key, rules.reject(key, "the key must be " + expectedKey + ", the definition's rule and version", at));
            return;
        }
        RuleParameters candidate;
        try {
            candidate = RuleDefinitions.toParameters(definition);
        } catch (IllegalArgumentException e) {
            rejected(key, rules.reject(key, e.getMessage(), at));
            return;
        }
        LiveRules.Verdict verdict = rules.offer(candidate, at);
        switch (verdict.outcome()) {
            case ACCEPTED -> LOG.info("rule {} v{} in force ({} by {}): {} {} at {} over {}, {}{}", candidate.id(), candidate.version(),
                    definition.getChangedAt(), definition.getChangedBy(), candidate.enabled() ? candidate.mode().configValue() : "disabled",
                    candidate.counter().configName(), candidate.threshold(), candidate.window(),
                    candidate.isStaged() ? "on " + candidate.rollout() + " of accounts" : "on every account",
                    definition.getNote().isEmpty() ? "" : "; " + definition.getNote());
            case UNCHANGED -> LOG.debug("rule definition {}: {}", key, verdict.reason());
            case REJECTED -> rejected(key, verdict);
        }
    }

    private static void rejected(String key, LiveRules.Verdict verdict) {
        LOG.warn("rule definition {} rejected, the version in force stays: {}", key, verdict.reason());
    }
}
