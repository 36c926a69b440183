package io.accountshield.streams.processor;

import io.accountshield.schema.allowlist.AllowlistEntry;
import io.accountshield.schema.allowlist.AllowlistRemoval;
import io.accountshield.schema.decisions.ProtectionApplied;
import io.accountshield.schema.decisions.ProtectionReleased;
import io.accountshield.schema.operator.OperatorCommand;
import io.accountshield.schema.rules.RuleChange;
import io.accountshield.schema.state.AccountActivity;
import io.accountshield.schema.state.AccountHistory;
import io.accountshield.streams.errors.DeadLetterRecords;
import io.accountshield.streams.errors.ErrorReporting;
import io.accountshield.streams.lifecycle.LifecycleInput;
import io.accountshield.streams.lifecycle.Outcome;
import io.accountshield.streams.lifecycle.ProtectionLifecycle;
import io.accountshield.streams.metrics.ProtectionMetrics;
import io.accountshield.streams.rules.LiveRules;
import io.accountshield.streams.rules.RuleDefinitions;
import io.accountshield.streams.rules.RuleGuard;
import io.accountshield.streams.rules.RuleParameters;
import io.accountshield.streams.time.AccountTimers;
import io.accountshield.streams.time.HeldReleases;
import io.accountshield.streams.time.ProtectionTimeline;
import io.accountshield.streams.time.RecentEventIds;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shell around {@link ProtectionLifecycle} for the accounts of one partition: it checks each
 * input, reads the account's state, hands the input to the lifecycle, stores the state, keeps the
 * account's timer, records the account's history, counts and forwards the decisions. Wall-clock
 * punctuation wakes the accounts whose timers are due, whether or not any event arrives; a release
 * held until stream time reaches it goes out with the record that moves stream time there. It knows
 * nothing about why.
 *
 * <p>Emits {@code ProtectionApplied}, {@code ProtectionReleased}, {@code AccountProtectionStatus},
 * {@code AccountWatched}, {@code ShadowProtection}, {@code AuditEntry}, {@code AllowlistEntry} and
 * {@code AllowlistRemoval} records keyed by account id, and an account's state when waking it
 * failed; a rule's shadow {@code RuleDefinition} and its {@code RuleChange} when the guard demotes
 * it, and (in the task of partition 0) a {@code RuleChange} for each rule definition the checks
 * rejected; the topology routes them to their topics.
 */
public final class AccountProtectionProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {

    private static final Logger LOG = LoggerFactory.getLogger(AccountProtectionProcessor.class);

    /** Releases per punctuation at most, so a backlog after downtime cannot stall the stream thread. */
    static final int MAX_TIMERS_PER_CHECK = 50_000;

    /** Held releases remembered per task, and released per record at most; the rest wait for their timers. */
    static final int MAX_HELD_RELEASES = 100_000;
    static final int MAX_HELD_RELEASES_PER_RECORD = 1_000;

    /** How often the task of partition 0 looks for rule definitions rejected and not yet audited. */
    static final Duration REJECTION_AUDIT_INTERVAL = Duration.ofSeconds(1);

    /** The key of the count of protected accounts in the task's count store. */
    static final String PROTECTED_ACCOUNTS = "protected-accounts";

    /** The names of the stores and topics the shell works with. */
    public record Wiring(String activityStore, String timerStore, String allowlistStore, String historyStore, String countStore,
                         String commandsTopic) {
    }

    private final ProtectionLifecycle lifecycle;
    private final RuleGuard guard;
    private final ProtectionTimeline timeline;
    private final RecentEventIds recentEventIds;
    private final Wiring wiring;
    private final LiveRules rules;
    /** Only in the task of partition 0, which writes the audit entries of rejected rule definitions for the whole application. */
    private RejectedDefinitionAudit rejectedDefinitions;

    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, AccountActivity> activities;
    private AccountTimers timers;
    private KeyValueStore<String, AllowlistEntry> allowlist;
    private AccountHistories histories;
    /** This task's count of protected accounts, kept in a store so that it moves with the task. */
    private KeyValueStore<String, Long> counts;
    private long protectedAccounts;
    private ProtectionMetrics metrics;
    private ProtectionMetrics.TaskGauges gauges;
    private ErrorReporting errors;
    /** Wall-clock time this task last processed a record: a lagging task is never idle for long. */
    private long lastRecordAtMillis;
    private final HeldReleases heldReleases = new HeldReleases(MAX_HELD_RELEASES);

    /**
     * @param lifecycle judges by {@code guard}'s rules: each task has its own of both
     * @param rules     the instance's rules, whose rejected definitions the task of partition 0 audits
     */
    public AccountProtectionProcessor(ProtectionLifecycle lifecycle, RuleGuard guard, ProtectionTimeline timeline, RecentEventIds recentEventIds,
                                      Wiring wiring, LiveRules rules) {
        this.lifecycle = lifecycle;
        this.guard = guard;
        this.timeline = timeline;
        this.recentEventIds = recentEventIds;
        this.wiring = wiring;
        this.rules = rules;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.activities = context.getStateStore(wiring.activityStore());
        KeyValueStore<Bytes, byte[]> timerStore = context.getStateStore(wiring.timerStore());
        this.timers = new AccountTimers(timerStore);
        this.allowlist = context.getStateStore(wiring.allowlistStore());
        KeyValueStore<String, AccountHistory> historyStore = context.getStateStore(wiring.historyStore());
        this.histories = new AccountHistories(historyStore);
        this.counts = context.getStateStore(wiring.countStore());
        this.metrics = ProtectionMetrics.from(context.appConfigs());
        this.gauges = metrics.task(context.taskId());
        Long counted = counts.get(PROTECTED_ACCOUNTS);
        this.protectedAccounts = counted != null ? counted : countProtectedAccounts();
        gauges.protectedAccounts(protectedAccounts);
        this.errors = ErrorReporting.from(context.appConfigs());
        this.lastRecordAtMillis = context.currentSystemTimeMs();
        // A task initialised again (after an aborted transaction, or moved back) starts from its stores.
        heldReleases.clear();
        context.schedule(timeline.firstCheckAfter(context.currentSystemTimeMs()), timeline.checkInterval(),
                PunctuationType.WALL_CLOCK_TIME, this::wakeDueAccounts);
        if (context.taskId().partition() == 0) {
            rejectedDefinitions = new RejectedDefinitionAudit(rules, counts);
            context.schedule(REJECTION_AUDIT_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::auditRejectedDefinitions);
        }
    }

    /** Writes to rule-changes the rule definitions on the topic that were rejected since the last time (task of partition 0 only). */
    private void auditRejectedDefinitions(long nowMillis) {
        for (RuleChange entry : rejectedDefinitions.due(nowMillis)) {
            context.forward(new Record<>(entry.getRuleId(), entry, nowMillis));
        }
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        boolean fromCommandsTopic = context.recordMetadata().map(meta -> wiring.commandsTopic().equals(meta.topic())).orElse(false);
        if (fromCommandsTopic) {
            processCommand(record);
        } else {
            processEvent(record);
        }
        releaseHeldReachedByStreamTime();
    }

    /**
     * Releases the held-back protections that stream time has now reached: the moment the events
     * that could have pushed them out have all been read. Without this they would wait for the next
     * release check after it; their timers still stand behind them.
     */
    private void releaseHeldReachedByStreamTime() {
        long streamTimeMillis = context.currentStreamTimeMs();
        if (!heldReleases.anyReachedBy(streamTimeMillis)) {
            return;
        }
        long nowMillis = context.currentSystemTimeMs();
        for (HeldReleases.Held held : heldReleases.takeReachedBy(streamTimeMillis, MAX_HELD_RELEASES_PER_RECORD)) {
            AccountActivity activity = activities.get(held.accountId());
            if (activity == null || activity.getEpisode() == null || timeline.releaseDueAt(activity.getEpisode()) != held.dueAtMillis()) {
                // Released by its timer, pushed out by an event, or released by an agent since it was held.
                continue;
            }
            timers.cancel(held.accountId(), activity.getTimerAtMillis());
            wakeUp(held.accountId(), activity, nowMillis, true);
        }
    }

    private void processEvent(Record<String, SpecificRecord> record) {
        SpecificRecord event = record.value();
        EventValidator.Problem problem = EventValidator.problem(record.key(), event);
        if (problem == null) {
            problem = EventValidator.implausibleTime(event);
        }
        if (problem != null) {
            throw new InvalidEventException(problem);
        }
        long eventMillis = record.timestamp();
        long occurredAt = AccountEvents.occurredAt(event).toEpochMilli();
        if (occurredAt != eventMillis) {
            // The timestamp extractor would not trust the event's time: it claims to be from the future.
            throw new InvalidEventException(new EventValidator.Problem(EventValidator.FUTURE_EVENT, String.format(
                    "occurredAt %s is more than %d s ahead of both the record's timestamp and this instance's clock; "
                            + "one event this far ahead would move stream time on and make every later event on its partition late",
                    Instant.ofEpochMilli(occurredAt), timeline.maxFutureSkewMillis() / 1000)));
        }
        metrics.eventRead(event);
        if (timeline.isTooLate(eventMillis, context.currentStreamTimeMs())) {
            metrics.lateEventSkipped();
            return;
        }
        // Only events that count show that this partition is still being read; late or invalid ones do not.
        lastRecordAtMillis = context.currentSystemTimeMs();
        String accountId = record.key();
        AccountActivity activity = activities.get(accountId);
        if (activity == null) {
            activity = ProtectionLifecycle.newActivity();
        }
        // A retried or doubled event was judged already: it changes nothing, and is only counted.
        if (recentEventIds.seenBefore(activity, AccountEvents.identity(event), eventMillis)) {
            metrics.redeliveredEventSkipped();
            return;
        }
        Outcome outcome = lifecycle.apply(accountId, activity,
                new LifecycleInput.Event(event, eventMillis, context.currentSystemTimeMs()), allowlist::get);
        keepTimer(accountId, activity);
        activities.put(accountId, activity);
        send(accountId, outcome, true, eventMillis);
    }

    /**
     * An operator's command, from the commands topic only: anything else there is invalid, and a
     * command on an event topic is not an event. An account with no state gets none from a command.
     */
    private void processCommand(Record<String, SpecificRecord> record) {
        if (!(record.value() instanceof OperatorCommand command) || record.key() == null) {
            throw new InvalidEventException(new EventValidator.Problem(EventValidator.NOT_A_COMMAND,
                    "the commands topic takes OperatorCommand records keyed by account id, not "
                            + (record.value() == null ? "an empty value" : record.value().getSchema().getName())
                            + (record.key() == null ? " without a key" : "")));
        }
        String accountId = record.key();
        AccountActivity stored = activities.get(accountId);
        AccountActivity activity = stored != null ? stored : ProtectionLifecycle.newActivity();
        Outcome outcome = lifecycle.apply(accountId, activity, new LifecycleInput.Command(command, context.currentSystemTimeMs()),
                allowlist::get);
        if (stored != null) {
            keepTimer(accountId, activity);
            activities.put(accountId, activity);
        }
        // An account with no state keeps history only of what changed it (the allowlist), so that commands
        // about arbitrary ids (rejected, or nothing to do) cannot grow the store; the audit topic has them all.
        boolean changedSomething = outcome.decisions().stream()
                .anyMatch(d -> d.value() instanceof AllowlistEntry || d.value() instanceof AllowlistRemoval);
        send(accountId, outcome, stored != null || changedSomething, -1);
    }

    /**
     * Sends the decisions of a judgement whose state is stored, keeps them in the account's history,
     * keeps the task's count of protected accounts, and counts them. {@code firingEventMillis} is
     * the time of the event judged, negative for a command or a wake-up.
     */
    private void send(String accountId, Outcome outcome, boolean keepHistory, long firingEventMillis) {
        long protectedChange = 0;
        for (Outcome.Decision decision : outcome.decisions()) {
            context.forward(new Record<>(accountId, decision.value(), decision.atMillis()));
            if (decision.value() instanceof ProtectionApplied applied) {
                protectedChange++;
                demoteIfGuardTrips(guard.protectedBy(applied.getRuleId(), applied.getRuleVersion(), decision.atMillis()));
            } else if (decision.value() instanceof ProtectionReleased) {
                protectedChange--;
            }
        }
        if (keepHistory) {
            histories.record(accountId, outcome.decisions());
        }
        if (protectedChange != 0) {
            protectedAccounts = Math.max(0, protectedAccounts + protectedChange);
            counts.put(PROTECTED_ACCOUNTS, protectedAccounts);
            gauges.protectedAccounts(protectedAccounts);
        }
        metrics.decided(outcome, firingEventMillis, context.currentSystemTimeMs());
    }

    /**
     * A rule the guard stopped in this task: its shadow version goes to the protection-rules topic (in
     * this task's transaction), which puts it in shadow on every instance, with its audit entry.
     */
    private void demoteIfGuardTrips(RuleGuard.Demotion demotion) {
        if (demotion == null) {
            return;
        }
        RuleParameters to = demotion.shadowVersion();
        Instant at = Instant.ofEpochMilli(context.currentSystemTimeMs());
        String changeId = UUID.randomUUID().toString();
        context.forward(new Record<>(RuleDefinitions.writeKey(to.id(), to.version(), changeId),
                RuleDefinitions.toDefinition(to, "guard", at, demotion.reason()), context.currentSystemTimeMs()));
        context.forward(new Record<>(to.id(), new RuleChange(changeId, to.id(), "guard-demotion", "written",
                demotion.demoted().version(), to.version(), "guard", demotion.reason(), at,
                RuleParameters.describeChange(demotion.demoted(), to) + " (task " + context.taskId() + ")"), context.currentSystemTimeMs()));
        metrics.ruleDemoted(to.id());
        LOG.warn("rule {} v{} demoted to shadow in task {}: {}", to.id(), demotion.demoted().version(), context.taskId(), demotion.reason());
    }

    /**
     * Counts the protected accounts of a task that has no count yet (new, or its state kept from
     * before the count was), and stores the count, zero included, so that the scan happens once.
     */
    private long countProtectedAccounts() {
        long found = 0;
        try (KeyValueIterator<String, AccountActivity> all = activities.all()) {
            while (all.hasNext()) {
                if (all.next().value.getEpisode() != null) {
                    found++;
                }
            }
        }
        counts.put(PROTECTED_ACCOUNTS, found);
        return found;
    }

    /**
     * Keeps the account's one timer no later than the first thing due for it. Events only ever move
     * due times later, except a new protection, so most events write no timer at all; a timer that
     * wakes early is simply set again.
     */
    private void keepTimer(String accountId, AccountActivity activity) {
        long wanted = timeline.nextWakeAt(activity, context.currentSystemTimeMs(), context.currentStreamTimeMs(), lastRecordAtMillis);
        long current = activity.getTimerAtMillis();
        if (current == 0 || wanted < current) {
            if (current != 0) {
                timers.cancel(accountId, current);
            }
            timers.set(accountId, wanted);
            activity.setTimerAtMillis(wanted);
        }
    }

    private void wakeDueAccounts(long nowMillis) {
        wakeAllowlistedAccounts(nowMillis);
        for (AccountTimers.Due due : timers.dueBy(nowMillis, MAX_TIMERS_PER_CHECK)) {
            timers.cancel(due.accountId(), due.wakeAtMillis());
            AccountActivity activity = activities.get(due.accountId());
            if (activity == null || activity.getTimerAtMillis() != due.wakeAtMillis()) {
                continue;
            }
            wakeUp(due.accountId(), activity, nowMillis, true);
        }
        gauges.earliestWakeUp(timers.earliest());
    }

    /**
     * Wakes this task's protected accounts that have been put on the allowlist since, without
     * waiting for an event from them (a protected account may send none). The allowlist is short
     * (verified businesses), so reading it whole once per release check costs little.
     */
    private void wakeAllowlistedAccounts(long nowMillis) {
        try (KeyValueIterator<String, AllowlistEntry> listed = allowlist.all()) {
            while (listed.hasNext()) {
                KeyValue<String, AllowlistEntry> entry = listed.next();
                AccountActivity activity = activities.get(entry.key);
                if (activity != null && activity.getEpisode() != null && timeline.allowlistInForce(entry.value, nowMillis)) {
                    wakeUp(entry.key, activity, nowMillis, false);
                }
            }
        }
    }

    /**
     * Wakes one account: the lifecycle decides, then the account is forgotten or its next wake-up is
     * set (by its timer, which fired; an allowlist wake-up leaves the timer as it is). A defect is
     * handled for this account alone; Kafka Streams' own failures propagate.
     */
    private void wakeUp(String accountId, AccountActivity activity, long nowMillis, boolean timerFired) {
        Outcome outcome;
        try {
            outcome = lifecycle.apply(accountId, activity,
                    new LifecycleInput.WakeUp(nowMillis, context.currentStreamTimeMs(), lastRecordAtMillis), allowlist::get);
            if (timerFired && outcome.forgotten()) {
                activities.delete(accountId);
                histories.forget(accountId);
            } else {
                if (timerFired) {
                    long next = timeline.nextWakeAt(activity, nowMillis, context.currentStreamTimeMs(), lastRecordAtMillis);
                    if (next <= nowMillis) {
                        // Held back until stream time reaches it: released by the record that moves it
                        // there, or else by the timer when it may pass (the partition idle, the hold used up).
                        heldReleases.hold(accountId, next);
                        next = timeline.heldReleaseRecheckAt(next, nowMillis, context.currentStreamTimeMs(), lastRecordAtMillis);
                    }
                    timers.set(accountId, next);
                    activity.setTimerAtMillis(next);
                }
                activities.put(accountId, activity);
            }
        } catch (StreamsException storeFailure) {
            throw storeFailure;
        } catch (RuntimeException defect) {
            wakeUpFailed(accountId, activity, defect, nowMillis);
            return;
        }
        send(accountId, outcome, true, -1);
    }

    /**
     * A defect while waking one account must not stop the others' releases, nor lose this one's: it
     * is counted and logged, the account's state as it was goes to the dead-letter topic (there is
     * no input record behind a wake-up), and the account is woken again at the next check.
     */
    private void wakeUpFailed(String accountId, AccountActivity stored, RuntimeException defect, long nowMillis) {
        errors.defect("the release check of an account (task " + context.taskId() + ")", defect, true);
        long retryAt = nowMillis + timeline.heldReleaseRecheckMillis();
        AccountActivity untouched = activities.get(accountId);
        if (untouched != null) {
            timers.set(accountId, retryAt);
            untouched.setTimerAtMillis(retryAt);
            activities.put(accountId, untouched);
        }
        context.forward(new Record<>(accountId, untouched != null ? untouched : stored, nowMillis,
                DeadLetterRecords.defectHeaders(defect, DeadLetterRecords.RELEASE_CHECK)));
    }

    @Override
    public void close() {
        if (gauges != null) {
            gauges.close();
        }
    }
}
