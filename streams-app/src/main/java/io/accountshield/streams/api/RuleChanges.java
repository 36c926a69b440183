package io.accountshield.streams.api;

import io.accountshield.schema.rules.RuleChange;
import io.accountshield.schema.rules.RuleDefinition;
import io.accountshield.schema.serde.AvroSerdes;
import io.accountshield.streams.config.TopicNames;
import io.accountshield.streams.rules.LiveRules;
import io.accountshield.streams.rules.RolloutShare;
import io.accountshield.streams.rules.RuleDefinitions;
import io.accountshield.streams.rules.RuleFile;
import io.accountshield.streams.rules.RuleMode;
import io.accountshield.streams.rules.RuleParameters;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * An admin's rule changes, as the operator API takes them: push (a new or changed rule, in shadow
 * first), promote (enforce it on a share of accounts, then all), rollback (the version before, as a
 * new version). Each is checked as every instance will check it, then written to protection-rules
 * together with its entry on the rule-changes audit topic, in one transaction; a refused one is
 * audited too. The caller waits until this instance has it in force.
 */
public final class RuleChanges implements AutoCloseable {

    /** What became of a change. */
    public record Outcome(boolean written, String changeId, Integer fromVersion, RuleParameters rule, String detail) {
    }

    /** The change cannot be made as asked (the rule is unknown, or an enforced rule would lose its enforcement). */
    public static final class Refused extends RuntimeException {
        private final Outcome outcome;
        private final boolean invalid;

        Refused(Outcome outcome, boolean invalid) {
            super(outcome.detail(), null, false, false);
            this.outcome = outcome;
            this.invalid = invalid;
        }

        public Outcome outcome() {
            return outcome;
        }

        /** The definition it would write fails the checks every instance makes (else: the rule's state does not allow the step). */
        public boolean invalid() {
            return invalid;
        }
    }

    private final LiveRules rules;
    private final TopicNames topics;
    private final InstantSource clock;
    private final Properties producerProperties;
    private KafkaProducer<String, byte[]> producer;
    private boolean transactionsReady;
    /** The latest version this instance wrote of each rule: a change waits until it is in force here, so it builds on it. */
    private final Map<String, Integer> lastWritten = new HashMap<>();
    /** How long a change waits for this instance's previous write of the rule to be in force here. */
    private static final Duration READ_BACK_WAIT = Duration.ofSeconds(10);

    /** @param transactionalId unique to this instance: two instances writing under one id would fence each other */
    public RuleChanges(LiveRules rules, Properties producerProperties, TopicNames topics, String transactionalId, InstantSource clock) {
        this.rules = rules;
        this.topics = topics;
        this.clock = clock;
        Properties properties = new Properties();
        properties.putAll(producerProperties);
        properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        this.producerProperties = properties;
        this.producer = newProducer();
    }

    private KafkaProducer<String, byte[]> newProducer() {
        transactionsReady = false;
        return new KafkaProducer<>(producerProperties, new StringSerializer(), new ByteArraySerializer());
    }

    /** The rule change, or its refusal, could not be written: nothing changed; try again. */
    public static final class NotWritten extends RuntimeException {
        NotWritten(String message) {
            super(message, null, false, false);
        }
    }

    /** Once, before the first transaction: it registers this instance's transactional id with the broker. */
    private void beginTransaction() {
        if (!transactionsReady) {
            producer.initTransactions();
            transactionsReady = true;
        }
        producer.beginTransaction();
    }

    /**
     * A new rule, or a change to one not enforced now, in shadow: what it would do is reported, nobody
     * is restricted. A push that only disables a rule is taken for any rule.
     */
    public synchronized Outcome push(RuleFile.ProposedRule proposal, String operator, String reason) {
        awaitOwnWrites(proposal.id());
        RuleParameters current = rules.inForce(proposal.id());
        boolean onlyDisables = current != null && Boolean.FALSE.equals(proposal.enabled()) && proposal.counter() == null
                && proposal.threshold() == null && proposal.window() == null;
        if (current != null && current.enabled() && current.mode() == RuleMode.ENFORCE && !onlyDisables) {
            return refuse("push", proposal.id(), current, operator, reason, proposal.id() + " v" + current.version()
                    + " is enforced; a push puts a rule in shadow, which would stop that. Push the change under a new id (its shadow runs beside"
                    + " the enforced rule), promote it, then disable the old one", false);
        }
        RuleParameters candidate;
        try {
            candidate = new RuleFile.ProposedRule(proposal.id(), null, proposal.counter(), proposal.threshold(), proposal.window(),
                    onlyDisables ? null : RuleMode.SHADOW, onlyDisables ? null : RolloutShare.ALL, proposal.enabled()).over(current);
        } catch (RuntimeException e) {
            return refuse("push", proposal.id(), current, operator, reason, e.getMessage(), true);
        }
        return write("push", current, candidate, operator, reason);
    }

    /** Waits until the latest version this instance wrote of the rule is in force here, so that a change builds on it. */
    private void awaitOwnWrites(String ruleId) {
        Integer written = lastWritten.get(ruleId);
        long deadline = System.nanoTime() + READ_BACK_WAIT.toNanos();
        while (written != null && (rules.inForce(ruleId) == null || rules.inForce(ruleId).version() < written)) {
            if (System.nanoTime() > deadline) {
                throw new NotWritten("version " + written + " of " + ruleId + ", written a moment ago, is not in force here yet; try again shortly");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NotWritten("interrupted while waiting for the previous change of " + ruleId);
            }
        }
    }

    /** Enforces the rule on this share of accounts (100%: all); the rest see it in shadow. */
    public synchronized Outcome promote(String ruleId, RolloutShare share, String operator, String reason) {
        awaitOwnWrites(ruleId);
        RuleParameters current = rules.inForce(ruleId);
        if (current == null) {
            return refuse("promote", ruleId, null, operator, reason, "there is no rule " + ruleId, false);
        }
        if (!current.enabled()) {
            return refuse("promote", ruleId, current, operator, reason, ruleId + " v" + current.version() + " is disabled; push it enabled first", false);
        }
        RuleParameters candidate = new RuleParameters(ruleId, current.version() + 1, true, current.threshold(), current.window(), RuleMode.ENFORCE,
                current.counter(), share);
        return write("promote", current, candidate, operator, reason);
    }

    /** Puts the version before the one in force back, as the next version. */
    public synchronized Outcome rollback(String ruleId, String operator, String reason) {
        awaitOwnWrites(ruleId);
        RuleParameters current = rules.inForce(ruleId);
        RuleParameters previous = rules.previous(ruleId);
        if (current == null || previous == null) {
            return refuse("rollback", ruleId, current, operator, reason, current == null ? "there is no rule " + ruleId
                    : ruleId + " v" + current.version() + " is the only version this instance has had in force; there is nothing to roll back to", false);
        }
        return write("rollback", current, previous.withVersion(current.version() + 1), operator, reason);
    }

    private Outcome write(String action, RuleParameters current, RuleParameters candidate, String operator, String reason) {
        String problem = rules.problemWith(candidate);
        if (problem != null) {
            return refuse(action, candidate.id(), current, operator, reason, problem, true);
        }
        String changeId = UUID.randomUUID().toString();
        String detail = RuleParameters.describeChange(current, candidate);
        RuleDefinition definition = RuleDefinitions.toDefinition(candidate, operator, clock.instant(), action + ": " + reason);
        RuleChange audit = new RuleChange(changeId, candidate.id(), action, "written", current == null ? null : current.version(), candidate.version(),
                operator, reason, clock.instant(), detail);
        transact(List.of(
                new ProducerRecord<>(topics.protectionRules(), RuleDefinitions.writeKey(candidate.id(), candidate.version(), changeId),
                        AvroSerdes.of(RuleDefinition.class).serializer().serialize(topics.protectionRules(), definition)),
                new ProducerRecord<>(topics.ruleChanges(), candidate.id(),
                        AvroSerdes.of(RuleChange.class).serializer().serialize(topics.ruleChanges(), audit))),
                "the rule change");
        lastWritten.merge(candidate.id(), candidate.version(), Math::max);
        return new Outcome(true, changeId, current == null ? null : current.version(), candidate, detail);
    }

    private Outcome refuse(String action, String ruleId, RuleParameters current, String operator, String reason, String why, boolean invalid) {
        String changeId = UUID.randomUUID().toString();
        RuleChange audit = new RuleChange(changeId, ruleId, action, "refused", current == null ? null : current.version(), null, operator, reason,
                clock.instant(), why);
        transact(List.of(new ProducerRecord<>(topics.ruleChanges(), ruleId,
                AvroSerdes.of(RuleChange.class).serializer().serialize(topics.ruleChanges(), audit))), "the refusal's audit entry");
        throw new Refused(new Outcome(false, changeId, current == null ? null : current.version(), current, why), invalid);
    }

    /** Waits until this instance has the rule's version in force; false when another change took that version first, or time ran out. */
    public boolean awaitInForce(RuleParameters written, Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (System.nanoTime() < deadline) {
            RuleParameters now = rules.inForce(written.id());
            if (now != null && now.version() >= written.version()) {
                return now.version() == written.version() && now.sameRuleAs(written);
            }
            Thread.sleep(50);
        }
        return false;
    }

    /**
     * Writes the records in one transaction. A failure of any kind leaves this writer with a new
     * producer (a fenced or failed one cannot be used again); a commit that timed out may still have
     * happened, so the caller is told to look before trying again.
     */
    private void transact(List<ProducerRecord<String, byte[]>> records, String what) {
        try {
            beginTransaction();
            records.forEach(producer::send);
            producer.commitTransaction();
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            replaceProducer();
            throw new NotWritten(what + " may or may not have been written (the commit timed out): GET /rules shows whether it is in force;"
                    + " look before trying again");
        } catch (RuntimeException e) {
            replaceProducer();
            throw new NotWritten(what + " could not be written, nothing changed: " + e.getMessage());
        }
    }

    private void replaceProducer() {
        try {
            producer.abortTransaction();
        } catch (RuntimeException ignored) {
            // Fenced, failed or never begun: the broker times the transaction out.
        }
        producer.close(Duration.ofSeconds(5));
        producer = newProducer();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
