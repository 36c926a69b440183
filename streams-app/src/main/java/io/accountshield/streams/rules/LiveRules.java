package io.accountshield.streams.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
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

    /** A definition that was not used, and why. */
    public record Rejection(String definitionKey, String reason, Instant at) {
    }

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
     * @param from the topic key it was read from, or null
     */
    public synchronized Verdict offer(RuleParameters candidate, Instant at, String from) {
        RuleParameters current = inForce.get(candidate.id());
        if (current != null && candidate.version() == current.version() && candidate.sameRuleAs(current)) {
            return new Verdict(Outcome.UNCHANGED, "version " + current.version() + " is in force already");
        }
        String problem = RuleCheck.problem(candidate, current, windows, quietPeriod);
        if (problem != null) {
            return reject(candidate.id() + "/v" + candidate.version(), problem, at);
        }
        inForce.put(candidate.id(), candidate);
        if (from != null) {
            inForceFrom.put(candidate.id(), from);
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
    public synchronized Verdict reject(String definitionKey, String reason, Instant at) {
        rejections.addLast(new Rejection(definitionKey, reason, at));
        while (rejections.size() > REJECTIONS_KEPT) {
            rejections.removeFirst();
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

    public synchronized long rejectedTotal() {
        return rejectedTotal;
    }

    public synchronized long acceptedTotal() {
        return acceptedTotal;
    }
}
