package io.accountshield.streams.metrics;

import io.accountshield.schema.decisions.AccountWatched;
import io.accountshield.schema.decisions.ProtectionApplied;
import io.accountshield.schema.decisions.ProtectionReleased;
import io.accountshield.schema.decisions.ReleaseKind;
import io.accountshield.schema.decisions.ShadowProtection;
import io.accountshield.schema.events.ChatroomCreated;
import io.accountshield.schema.events.DeviceRegistered;
import io.accountshield.schema.events.FriendAdded;
import io.accountshield.schema.events.FriendSource;
import io.accountshield.schema.events.SpamReported;
import io.accountshield.schema.operator.AuditEntry;
import io.accountshield.streams.lifecycle.Outcome;
import io.accountshield.streams.rules.LiveRules;
import io.accountshield.streams.rules.RuleParameters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.InstantSource;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * What the pipeline decided and why, as operators read it on a dashboard: events in, protections
 * and releases, watches, time to decision, protections active now, and whether account wake-ups
 * (releases) are keeping up. One instance per application, handed to the processors through the
 * Streams configuration, like {@link io.accountshield.streams.errors.ErrorReporting}.
 *
 * <p>Every label is bounded: an event type, a friend-add source, a rule id from the configuration,
 * a release kind, a command action and result. Never an account id.
 */
public final class ProtectionMetrics {

    /** The Streams configuration key under which the instance travels to the processors. */
    public static final String CONFIG_KEY = "account-shield.protection-metrics";

    public static final String EVENTS = "account.shield.events";
    public static final String LATE_EVENTS_SKIPPED = "account.shield.late.events.skipped";
    public static final String REDELIVERED_EVENTS_SKIPPED = "account.shield.redelivered.events.skipped";
    public static final String PROTECTIONS_APPLIED = "account.shield.protections.applied";
    public static final String SHADOW_PROTECTIONS = "account.shield.shadow.protections";
    public static final String PROTECTIONS_RELEASED = "account.shield.protections.released";
    public static final String PROTECTIONS_ACTIVE = "account.shield.protections.active";
    public static final String PROTECTION_DURATION = "account.shield.protection.duration";
    public static final String TIME_TO_DECISION = "account.shield.time.to.decision";
    public static final String WATCHES_STARTED = "account.shield.watches.started";
    public static final String WATCHES_ENDED = "account.shield.watches.ended";
    public static final String ALLOWLISTED_FINDINGS_SKIPPED = "account.shield.allowlisted.findings.skipped";
    public static final String OPERATOR_COMMANDS = "account.shield.operator.commands";
    public static final String WAKE_UPS_OVERDUE = "account.shield.wake.ups.overdue";
    public static final String RULE_DEFINITIONS = "account.shield.rule.definitions";
    public static final String RULE_THRESHOLD = "account.shield.rule.threshold";
    public static final String RULE_GUARD_DEMOTIONS = "account.shield.rule.guard.demotions";

    /** The {@code outcome} of a watch that turned into a protection. */
    public static final String ESCALATED = "escalated";
    /** The {@code outcome} of a watch that ran out: the burst was let through as the migration it looked like. */
    public static final String LET_THROUGH = "let-through";

    /** The {@code source} of events that have none (all but friend-adds). */
    public static final String NO_SOURCE = "none";

    private final MeterRegistry registry;
    private final InstantSource clock;
    private final Map<Object, Long> protectedByTask = new ConcurrentHashMap<>();
    private final Map<Object, Long> earliestWakeUpByTask = new ConcurrentHashMap<>();
    /** Events read: friend-adds by source, the other types by their schema name (every series registered up front). */
    private final Map<FriendSource, Counter> friendAddsRead = new EnumMap<>(FriendSource.class);
    private final Map<String, Counter> otherEventsRead = new HashMap<>();
    private final Counter lateEventsSkipped;
    private final Counter redeliveredEventsSkipped;
    private final Counter allowlistedFindingsSkipped;

    /**
     * The rules in force on this instance, one series per rule with its version, mode and rollout share
     * as labels and its threshold as the value (a disabled rule has none); and the definitions read
     * from the protection-rules topic, by outcome. A rejected definition is one an operator must see.
     */
    /** The guard demoted a rule to shadow in one task (each task that saw the jump counts once). */
    public void ruleDemoted(String ruleId) {
        demotions(ruleId).increment();
    }

    private Counter demotions(String ruleId) {
        return Counter.builder(RULE_GUARD_DEMOTIONS).description("Rules the guard demoted to shadow because their protections jumped, by task that saw it")
                .tag("rule", ruleId).register(registry);
    }

    public void watch(LiveRules rules) {
        FunctionCounter.builder(RULE_DEFINITIONS, rules, LiveRules::acceptedTotal).tag("outcome", "accepted")
                .description("Rule definitions read from the protection-rules topic and put in force").register(registry);
        FunctionCounter.builder(RULE_DEFINITIONS, rules, LiveRules::rejectedTotal).tag("outcome", "rejected")
                .description("Rule definitions read from the protection-rules topic that failed their checks; the version in force stayed")
                .register(registry);
        MultiGauge inForce = MultiGauge.builder(RULE_THRESHOLD)
                .description("The threshold of each enabled rule in force, labelled with its version, mode and rollout share").register(registry);
        Runnable refresh = () -> {
            // Each rule's demotion count exists from the start, at zero, so that an alert over it has data.
            rules.inForce().forEach(rule -> demotions(rule.id()));
            inForce.register(rules.inForce().stream().filter(RuleParameters::enabled)
                .map(rule -> MultiGauge.Row.of(Tags.of("rule", rule.id(), "version", String.valueOf(rule.version()),
                        "mode", rule.mode().configValue(), "rollout", rule.rollout().toString()), rule.threshold()))
                .toList(), true);
        };
        rules.onChange(refresh);
        refresh.run();
    }

    public ProtectionMetrics(MeterRegistry registry, InstantSource clock) {
        this.registry = registry;
        this.clock = clock;
        Gauge.builder(PROTECTIONS_ACTIVE, protectedByTask, counts -> counts.values().stream().mapToLong(Long::longValue).sum())
                .description("Accounts protected now, in the tasks this instance runs (sum over instances for the whole pipeline)")
                .baseUnit("accounts").strongReference(true).register(registry);
        Gauge.builder(WAKE_UPS_OVERDUE, this, ProtectionMetrics::wakeUpsOverdueSeconds)
                .description("How far past due the earliest account wake-up (a release, or forgetting an idle account) is: "
                        + "grows when release checks stop")
                .baseUnit("seconds").strongReference(true).register(registry);
        for (FriendSource source : FriendSource.values()) {
            friendAddsRead.put(source, eventsCounter(FriendAdded.getClassSchema().getName(), source.name().toLowerCase(Locale.ROOT)));
        }
        for (Schema type : List.of(ChatroomCreated.getClassSchema(), DeviceRegistered.getClassSchema(), SpamReported.getClassSchema())) {
            otherEventsRead.put(type.getName(), eventsCounter(type.getName(), NO_SOURCE));
        }
        lateEventsSkipped = Counter.builder(LATE_EVENTS_SKIPPED).description("Events older than the grace period allows, skipped")
                .register(registry);
        redeliveredEventsSkipped = Counter.builder(REDELIVERED_EVENTS_SKIPPED)
                .description("Events seen before (a producer's retry, a double send), skipped").register(registry);
        // Series with fixed labels exist from the start, at zero, so that a rate over them is 0 rather than no data.
        for (ReleaseKind kind : ReleaseKind.values()) {
            releasedCounter(kind.name().toLowerCase(Locale.ROOT));
        }
        watchesEndedCounter(ESCALATED);
        watchesEndedCounter(LET_THROUGH);
        allowlistedFindingsSkipped = Counter.builder(ALLOWLISTED_FINDINGS_SKIPPED)
                .description("Enforced rules at their thresholds for allowlisted accounts: what the allowlist prevented").register(registry);
    }

    /** Puts this instance into Streams properties, for the processors. */
    public Properties install(Properties streamsProperties) {
        streamsProperties.put(CONFIG_KEY, this);
        return streamsProperties;
    }

    /** The instance installed in a Streams configuration, or a private one when none was (its metrics go nowhere). */
    public static ProtectionMetrics from(Map<String, ?> configs) {
        Object installed = configs.get(CONFIG_KEY);
        return installed instanceof ProtectionMetrics metrics ? metrics : new ProtectionMetrics(new SimpleMeterRegistry(), InstantSource.system());
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** A valid event read, before anything else happens to it. */
    public void eventRead(SpecificRecord event) {
        // Once per event: a lookup, nothing built.
        (event instanceof FriendAdded added ? friendAddsRead.get(added.getSource()) : otherEventsRead.get(event.getSchema().getName())).increment();
    }

    private Counter eventsCounter(String type, String source) {
        return Counter.builder(EVENTS).description("Valid account events read, by type and (friend-adds) source")
                .tag("type", type).tag("source", source).register(registry);
    }

    public void lateEventSkipped() {
        lateEventsSkipped.increment();
    }

    public void redeliveredEventSkipped() {
        redeliveredEventsSkipped.increment();
    }

    /**
     * Counts what one input did. {@code firingEventMillis} is the time of the event judged, or
     * negative for a command or a wake-up: a protection's time to decision runs from it to now.
     */
    public void decided(Outcome outcome, long firingEventMillis, long nowMillis) {
        for (Outcome.Decision decision : outcome.decisions()) {
            SpecificRecord value = decision.value();
            if (value instanceof ProtectionApplied applied) {
                Counter.builder(PROTECTIONS_APPLIED).description("Protections applied, by rule")
                        .tag("rule", applied.getRuleId()).register(registry).increment();
                if (firingEventMillis >= 0) {
                    timeToDecision(applied.getRuleId()).record(Duration.ofMillis(Math.max(0, nowMillis - firingEventMillis)));
                }
            } else if (value instanceof ProtectionReleased released) {
                String kind = released.getKind().name().toLowerCase(Locale.ROOT);
                releasedCounter(kind).increment();
                Timer.builder(PROTECTION_DURATION).description("How long protections lasted, from applied to released, by release kind")
                        .tag("kind", kind).publishPercentileHistogram().minimumExpectedValue(Duration.ofSeconds(1))
                        .maximumExpectedValue(Duration.ofDays(30)).register(registry).record(Duration.ofMillis(released.getProtectedForMillis()));
            } else if (value instanceof AccountWatched watched) {
                Counter.builder(WATCHES_STARTED).description("Bursts that look like a phone migration, watched instead of protected, by rule")
                        .tag("rule", watched.getRuleId()).register(registry).increment();
            } else if (value instanceof ShadowProtection shadow) {
                Counter.builder(SHADOW_PROTECTIONS).description("What shadow rules would have protected (nobody was), by rule")
                        .tag("rule", shadow.getRuleId()).register(registry).increment();
            } else if (value instanceof AuditEntry audit) {
                Counter.builder(OPERATOR_COMMANDS).description("Operators' commands, by action and result")
                        .tag("action", audit.getAction().name().toLowerCase(Locale.ROOT))
                        .tag("result", audit.getResult().name().toLowerCase(Locale.ROOT).replace('_', '-')).register(registry).increment();
            }
        }
        if (outcome.notes().contains(Outcome.Note.WATCH_ESCALATED)) {
            watchesEndedCounter(ESCALATED).increment();
        }
        if (outcome.notes().contains(Outcome.Note.WATCH_RAN_OUT)) {
            watchesEndedCounter(LET_THROUGH).increment();
        }
        if (outcome.notes().contains(Outcome.Note.ALLOWLISTED_FINDING_SKIPPED)) {
            allowlistedFindingsSkipped.increment();
        }
    }

    private Counter releasedCounter(String kind) {
        return Counter.builder(PROTECTIONS_RELEASED).description("Protections released, by kind (auto: the quiet period passed; manual: an agent)")
                .tag("kind", kind).register(registry);
    }

    private Counter watchesEndedCounter(String outcome) {
        return Counter.builder(WATCHES_ENDED).description("Watches ended: escalated into a protection, or run out with the burst let through")
                .tag("outcome", outcome).register(registry);
    }

    private Timer timeToDecision(String ruleId) {
        return Timer.builder(TIME_TO_DECISION)
                .description("From the time of the event that fired a rule to the protection being sent, by rule")
                .tag("rule", ruleId).publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(Duration.ofHours(1)).register(registry);
    }

    /** The gauges one task feeds; closed when the task closes (or moves to another instance). */
    public TaskGauges task(Object taskId) {
        return new TaskGauges(taskId);
    }

    private double wakeUpsOverdueSeconds() {
        long earliest = earliestWakeUpByTask.values().stream().mapToLong(Long::longValue).min().orElse(Long.MAX_VALUE);
        long now = clock.millis();
        return earliest < now ? (now - earliest) / 1000.0 : 0.0;
    }

    /** One task's share of the instance-wide gauges. */
    public final class TaskGauges implements AutoCloseable {
        private final Object taskId;

        private TaskGauges(Object taskId) {
            this.taskId = taskId;
        }

        public void protectedAccounts(long count) {
            protectedByTask.put(taskId, count);
        }

        /** The task's earliest pending wake-up after a release check, or none. */
        public void earliestWakeUp(Long wakeAtMillis) {
            if (wakeAtMillis == null) {
                earliestWakeUpByTask.remove(taskId);
            } else {
                earliestWakeUpByTask.put(taskId, wakeAtMillis);
            }
        }

        @Override
        public void close() {
            protectedByTask.remove(taskId);
            earliestWakeUpByTask.remove(taskId);
        }
    }
}
