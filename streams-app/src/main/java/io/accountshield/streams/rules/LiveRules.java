package io.accountshield.streams.rules;

import io.accountshield.schema.rules.RuleDefinition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The rules in force on this instance: the configuration's, then each definition read from the
 * protection-rules topic that passes {@link RuleCheck}. One instance per application instance, fed by
 * the global store's updater and read by every stream thread: a change swaps the whole rule book at
 * once, so one event is judged by one book.
 */
public final class LiveRules implements Supplier<RuleBook> {

    /** What became of a definition offered. */
    public enum Outcome {
        /** Now in force. */
        ACCEPTED,
        /** The version in force already says the same (a second instance seeding, a replayed record). */
        UNCHANGED,
        /** Failed a check; the version in force stays. */
        REJECTED
    }

    public record Verdict(Outcome outcome, String reason) {
        static Verdict accepted() {
            return new Verdict(Outcome.ACCEPTED, "");
        }
    }

    /**
     * Where a definition offered was read: its key, its place on the protection-rules topic (partition
     * -1 when it was not read from the topic, as a replay's guard demotion), and the definition as far
     * as it could be read (null when it could not).
     */
    public record Source(String key, int partition, long offset, RuleDefinition definition) {

        /** A definition not read from the topic. */
        public static Source unplaced(String key) {
            return new Source(key, -1, -1, null);
        }

        public boolean placed() {
            return partition >= 0;
        }

        /** The rule it is a definition of: its own id if readable, else its key's, else the key itself. */
        public String ruleId() {
            if (definition != null) {
                return definition.getRuleId();
            }
            RuleDefinitions.VersionKey versionKey = RuleDefinitions.parseKey(key);
            return versionKey != null ? versionKey.ruleId() : key;
        }

        /** The version it claims: its own if readable, else its key's; null when neither says. */
        public Integer version() {
            if (definition != null) {
                return definition.getVersion();
            }
            RuleDefinitions.VersionKey versionKey = RuleDefinitions.parseKey(key);
            return versionKey != null ? versionKey.version() : null;
        }
    }

    /**
     * A definition that was not used, and why.
     *
     * @param versionInForce the rule's version in force when it was rejected, which stayed; null when there was none
     */
    public record Rejection(Source source, String reason, Instant at, Integer versionInForce) {
        public String definitionKey() {
            return source.key();
        }
    }

    /** Rejections kept to list and to audit: the audit reads them every second, so this many in one second are audited. */
    private static final int REJECTIONS_KEPT = 100;

    private final CountingWindows windows;
    private final Duration quietPeriod;
    private final Map<String, RuleParameters> configured = new LinkedHashMap<>();
    private final Map<String, RuleParameters> inForce = new LinkedHashMap<>();
    /** The topic key each rule's version in force was read from; none for the configuration's. */
    private final Map<String, String> inForceFrom = new LinkedHashMap<>();
    /** False while the topic is read again at a start: rejections already counted before are listed, not counted again. */
    private boolean countingRejections = true;
    /** Every version each rule had in force here, oldest first: what a rollback goes back to. */
    private final Map<String, List<RuleParameters>> history = new LinkedHashMap<>();
    private final Deque<Rejection> rejections = new ArrayDeque<>();
    /** By partition of the topic, the offset of the latest rejection dropped from {@link #rejections} to keep it bounded. */
    private final Map<Integer, Long> droppedThrough = new HashMap<>();
    private long rejectedTotal;
    private long acceptedTotal;
    private volatile RuleBook book;
    private final List<Runnable> changeListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** @param configured the configuration's rules, in force until the topic says otherwise */
    public LiveRules(CountingWindows windows, Duration quietPeriod, Collection<RuleParameters> configured) {
        this.windows = windows;
        this.quietPeriod = quietPeriod;
        for (RuleParameters rule : configured) {
            this.configured.put(rule.id(), rule);
            this.inForce.put(rule.id(), rule);
            this.history.computeIfAbsent(rule.id(), id -> new ArrayList<>()).add(rule);
        }
        this.book = RuleBook.of(windows, inForce.values());
    }

    /** Called after each change of the rules in force (on the thread that read it). */
    public void onChange(Runnable listener) {
        changeListeners.add(listener);
    }

    /** The rule book in force now. */
    @Override
    public RuleBook get() {
        return book;
    }

    public CountingWindows windows() {
        return windows;
    }

    /**
     * Puts the definition in force if it passes the checks against the version in force.
     *
     * @param from where it was read, or null when not read from the topic
     */
    public synchronized Verdict offer(RuleParameters candidate, Instant at, Source from) {
        RuleParameters current = inForce.get(candidate.id());
        if (current != null && candidate.version() == current.version() && candidate.sameRuleAs(current)) {
            return new Verdict(Outcome.UNCHANGED, "version " + current.version() + " is in force already");
        }
        String problem = RuleCheck.problem(candidate, current, windows, quietPeriod);
        if (problem != null) {
            return reject(from != null ? from : Source.unplaced(RuleDefinitions.key(candidate.id(), candidate.version())), problem, at);
        }
        inForce.put(candidate.id(), candidate);
        if (from != null) {
            inForceFrom.put(candidate.id(), from.key());
        } else {
            inForceFrom.remove(candidate.id());
        }
        history.computeIfAbsent(candidate.id(), id -> new ArrayList<>()).add(candidate);
        book = RuleBook.of(windows, inForce.values());
        acceptedTotal++;
        changeListeners.forEach(Runnable::run);
        return Verdict.accepted();
    }

    /** A definition that could not even be read as one (an unknown counter or mode); nothing changes. */
    public synchronized Verdict reject(Source from, String reason, Instant at) {
        RuleParameters current = inForce.get(from.ruleId());
        rejections.addLast(new Rejection(from, reason, at, current == null ? null : current.version()));
        while (rejections.size() > REJECTIONS_KEPT) {
            Source dropped = rejections.removeFirst().source();
            if (dropped.placed()) {
                droppedThrough.merge(dropped.partition(), dropped.offset(), Math::max);
            }
        }
        if (countingRejections) {
            rejectedTotal++;
        }
        return new Verdict(Outcome.REJECTED, reason);
    }

    /** Why this definition could not replace the one in force now, or null: what the operator API asks before writing one. */
    public synchronized String problemWith(RuleParameters candidate) {
        return RuleCheck.problem(candidate, inForce.get(candidate.id()), windows, quietPeriod);
    }

    /**
     * Whether rejections count towards {@link #rejectedTotal()}: off while an instance reads the topic
     * from its beginning at a start (the rejections there were counted when they were written), on once
     * it runs.
     */
    public synchronized void countRejections(boolean counting) {
        this.countingRejections = counting;
    }

    /** The topic key the rule's version in force was read from; null for the configuration's version. */
    public synchronized String inForceFrom(String ruleId) {
        return inForceFrom.get(ruleId);
    }

    /** The rule's version in force, or null when there is none. */
    public synchronized RuleParameters inForce(String ruleId) {
        return inForce.get(ruleId);
    }

    /** The version that was in force before the one in force now, or null when there was none: what a rollback restores. */
    public synchronized RuleParameters previous(String ruleId) {
        List<RuleParameters> versions = history.getOrDefault(ruleId, List.of());
        return versions.size() < 2 ? null : versions.get(versions.size() - 2);
    }

    /** Every rule's version in force, enabled or not, in evaluation order. */
    public synchronized List<RuleParameters> inForce() {
        return RuleBook.inEvaluationOrder(inForce.values());
    }

    /** The configuration's version of a rule, or null when the configuration does not know it. */
    public RuleParameters configured(String ruleId) {
        return configured.get(ruleId);
    }

    /** The latest definitions not used, oldest first (at most {@value #REJECTIONS_KEPT}). */
    public synchronized List<Rejection> recentRejections() {
        return new ArrayList<>(rejections);
    }

    /**
     * The rejections kept, oldest first, and by partition of the topic the offset of the latest one
     * no longer kept (more came in than are kept), read together: what the rule-changes audit goes by.
     */
    public synchronized Rejections rejections() {
        return new Rejections(new ArrayList<>(rejections), new HashMap<>(droppedThrough));
    }

    public record Rejections(List<Rejection> kept, Map<Integer, Long> droppedThrough) {
    }

    public synchronized long rejectedTotal() {
        return rejectedTotal;
    }

    public synchronized long acceptedTotal() {
        return acceptedTotal;
    }
}
