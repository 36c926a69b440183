package io.accountshield.streams.topology;

import io.accountshield.schema.allowlist.AllowlistEntry;
import io.accountshield.schema.allowlist.AllowlistRemoval;
import io.accountshield.schema.decisions.AccountProtectionStatus;
import io.accountshield.schema.decisions.AccountWatched;
import io.accountshield.schema.decisions.ProtectionApplied;
import io.accountshield.schema.decisions.ProtectionReleased;
import io.accountshield.schema.decisions.ShadowProtection;
import io.accountshield.schema.operator.AuditEntry;
import io.accountshield.schema.rules.RuleChange;
import io.accountshield.schema.rules.RuleDefinition;
import io.accountshield.schema.serde.AvroSerdes;
import io.accountshield.schema.state.AccountActivity;
import io.accountshield.schema.state.AccountHistory;
import io.accountshield.streams.config.AppConfig;
import io.accountshield.streams.config.TopicNames;
import io.accountshield.streams.lifecycle.ProtectionLifecycle;
import io.accountshield.streams.processor.AccountProtectionProcessor;
import io.accountshield.streams.processor.AllowlistUpdater;
import io.accountshield.streams.processor.OccurredAtTimestampExtractor;
import io.accountshield.streams.processor.RuleDefinitionUpdater;
import io.accountshield.streams.rules.CountingWindows;
import io.accountshield.streams.rules.LiveRules;
import io.accountshield.streams.rules.RuleGuard;
import io.accountshield.streams.state.ActivitySizes;
import io.accountshield.streams.state.DecodedStateCacheBuilder;
import io.accountshield.streams.state.LastCommitPositionStore;
import io.accountshield.streams.time.ProtectionTimeline;
import io.accountshield.streams.time.RecentEventIds;
import java.time.InstantSource;
import java.util.List;
import java.util.Properties;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.DslStoreFormat;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.DslKeyValueParams;
import org.apache.kafka.streams.state.DslStoreSuppliers;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds the protection topology: the four account-event topics and the operator-commands topic
 * into one stateful processor, its decisions out to their topics; the allowlist as a global store
 * the processor reads (and writes through its topic, on an operator's command). No I/O; topic names
 * come from the configuration. The store engine follows {@code dsl.store.suppliers.class} (RocksDB
 * by default).
 *
 * <pre>
 *   account-friend-added ──────┐                                  ┌─► protection-applied
 *   account-chatroom-created ──┤                                  ├─► protection-released
 *   account-device-registered ─┼─► evaluate-account-activity ─────┼─► account-protection-status
 *   account-spam-reported ─────┤   (account-activity-store,       ├─► account-watches
 *   operator-commands ─────────┘    account-timer-store,          ├─► shadow-protections
 *                                   account-history-store,        ├─► operator-audit
 *                                   account-count-store)          ├─► account-allowlist (allow; disallow as a tombstone)
 *                                                                 └─► protection-rules, rule-changes (the guard's demotion of a rule; in the task of
 *                                                                     partition 0, the audit of rule definitions the checks rejected)
 *   account-allowlist ─► update-account-allowlist (global account-allowlist-store, read by the processor)
 *   protection-rules ──► update-protection-rules (global protection-rules-store; the definitions that pass the checks
 *                        become the instance's LiveRules, which the processor judges by)
 *   unreadable or invalid events, and events a defect failed on ─► account-events-dead-letter (by the exception handlers;
 *   a failed release check by the processor itself, with the account's state)
 * </pre>
 */
public final class ProtectionTopology {

    public static final String READ_EVENTS = "read-account-events";
    public static final String EVALUATE = "evaluate-account-activity";
    public static final String ACTIVITY_STORE = "account-activity-store";
    public static final String TIMER_STORE = "account-timer-store";
    public static final String ROUTE_DECISIONS = "route-decisions";
    public static final String WRITE_APPLIED = "write-protection-applied";
    public static final String WRITE_RELEASED = "write-protection-released";
    public static final String WRITE_STATUS = "write-protection-status";
    public static final String WRITE_WATCHES = "write-account-watches";
    public static final String WRITE_SHADOW = "write-shadow-protections";
    /** Where the processor's own dead letters leave: an account's state when waking it failed (no input record to send). */
    public static final String WRITE_DEAD_LETTERS = "write-dead-letters";
    public static final String READ_ALLOWLIST = "read-account-allowlist";
    public static final String UPDATE_ALLOWLIST = "update-account-allowlist";
    public static final String ALLOWLIST_STORE = "account-allowlist-store";
    /** Each account's recent decisions and commands, for the operator API. */
    public static final String HISTORY_STORE = "account-history-store";
    /** Each task's count of protected accounts, for the active-protections gauge. */
    public static final String COUNT_STORE = "account-count-store";
    public static final String WRITE_AUDIT = "write-operator-audit";
    public static final String WRITE_ALLOWLIST = "write-account-allowlist";
    public static final String TO_TOMBSTONE = "allowlist-removal-to-tombstone";
    public static final String WRITE_ALLOWLIST_REMOVALS = "write-account-allowlist-removals";
    public static final String READ_RULES = "read-protection-rules";
    /** The guard's demotions of a rule to shadow, and their audit entries. */
    public static final String WRITE_RULE_DEMOTIONS = "write-rule-demotions";
    public static final String WRITE_RULE_CHANGES = "write-rule-changes";
    public static final String UPDATE_RULES = "update-protection-rules";
    /** Every rule definition read from the protection-rules topic, by key; what is in force is the instance's {@link LiveRules}. */
    public static final String RULES_STORE = "protection-rules-store";

    private ProtectionTopology() {
    }

    public static Topology build(AppConfig config) {
        return build(config, InstantSource.system(), config.liveRules());
    }

    /**
     * @param processingClock the clock that tells how far ahead of now an event may claim to be: the
     *                        system clock live; the replay's simulated clock in a replay
     * @param rules           the rules in force on this instance, which the protection-rules topic changes
     */
    public static Topology build(AppConfig config, InstantSource processingClock, LiveRules rules) {
        Properties streamsProperties = config.streamsProperties();
        TopicNames topics = config.topics();
        DslStoreSuppliers storeEngine = new StreamsConfig(streamsProperties)
                .getConfiguredInstance(StreamsConfig.DSL_STORE_SUPPLIERS_CLASS_CONFIG, DslStoreSuppliers.class);
        Function<String, KeyValueBytesStoreSupplier> engine = name -> storeEngine.keyValueStore(new DslKeyValueParams(name, DslStoreFormat.PLAIN));
        // The task stores are change-logged, and their logging layer would copy the store's position on every write.
        Function<String, KeyValueBytesStoreSupplier> taskEngine = engine.andThen(LastCommitPositionStore::supplier);

        // Topology-level settings (a processor wrapper among them) take effect only through the builder's TopologyConfig.
        StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(streamsProperties)));
        for (StoreBuilder<?> store : taskStores(taskEngine)) {
            builder.addStateStore(store.name().equals(ACTIVITY_STORE)
                    ? new DecodedStateCacheBuilder<>(activityStore(taskEngine), ActivitySizes::copy, ActivitySizes::heapBytes,
                            config.decodedStateCacheBytes()).withCachingEnabled()
                    : store.withCachingEnabled());
        }

        // A global store: every instance sees the whole allowlist, whatever the topic's partition count,
        // and it is restored from the compacted topic itself (no changelog of its own).
        builder.addGlobalStore(allowlistStore(engine),
                topics.allowlist(),
                // Bytes: the updater decodes them, so that a record no one can read is skipped, not fatal (AllowlistUpdater).
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName(READ_ALLOWLIST),
                () -> new AllowlistUpdater(ALLOWLIST_STORE, topics.allowlist()));

        Serde<SpecificRecord> anyRecord = AvroSerdes.anyRecord();
        KStream<String, SpecificRecord> decisions = builder
                .stream(topics.processorInputs(), Consumed.with(Serdes.String(), anyRecord)
                        .withTimestampExtractor(new OccurredAtTimestampExtractor(config.time().maxFutureSkew().toMillis(), processingClock))
                        .withName(READ_EVENTS))
                .process(processors(config, rules), Named.as(EVALUATE), ACTIVITY_STORE, TIMER_STORE, HISTORY_STORE, COUNT_STORE);

        decisions.split(Named.as(ROUTE_DECISIONS))
                .branch((accountId, decision) -> decision instanceof ProtectionApplied,
                        Branched.withConsumer(applied -> applied.to(topics.protectionApplied(),
                                Produced.with(Serdes.String(), anyRecord).withName(WRITE_APPLIED)), "-applied"))
                .branch((accountId, decision) -> decision instanceof ProtectionReleased,
                        Branched.withConsumer(released -> released.to(topics.protectionReleased(),
                                Produced.with(Serdes.String(), anyRecord).withName(WRITE_RELEASED)), "-released"))
                .branch((accountId, decision) -> decision instanceof AccountProtectionStatus,
                        Branched.withConsumer(status -> status.to(topics.protectionStatus(),
                                Produced.with(Serdes.String(), anyRecord).withName(WRITE_STATUS)), "-status"))
                .branch((accountId, decision) -> decision instanceof AccountWatched,
                        Branched.withConsumer(watched -> watched.to(topics.accountWatches(),
                                Produced.with(Serdes.String(), anyRecord).withName(WRITE_WATCHES)), "-watches"))
                .branch((accountId, decision) -> decision instanceof ShadowProtection,
                        Branched.withConsumer(shadow -> shadow.to(topics.shadowProtections(),
                                Produced.with(Serdes.String(), anyRecord).withName(WRITE_SHADOW)), "-shadow"))
                .branch((accountId, decision) -> decision instanceof AccountActivity,
                        Branched.withConsumer(failed -> failed.to(topics.deadLetter(),
                                Produced.with(Serdes.String(), anyRecord).withName(WRITE_DEAD_LETTERS)), "-dead-letters"))
                .branch((key, change) -> change instanceof RuleDefinition,
                        Branched.withConsumer(demotions -> demotions.to(topics.protectionRules(),
                                Produced.with(Serdes.String(), anyRecord).withName(WRITE_RULE_DEMOTIONS)), "-rule-demotions"))
                .branch((ruleId, change) -> change instanceof RuleChange,
                        Branched.withConsumer(changes -> changes.to(topics.ruleChanges(),
                                Produced.with(Serdes.String(), anyRecord).withName(WRITE_RULE_CHANGES)), "-rule-changes"))
                .branch((accountId, decision) -> decision instanceof AuditEntry,
                        Branched.withConsumer(audit -> audit.to(topics.operatorAudit(),
                                Produced.with(Serdes.String(), anyRecord).withName(WRITE_AUDIT)), "-audit"))
                .branch((accountId, decision) -> decision instanceof AllowlistEntry,
                        Branched.withConsumer(allowed -> allowed.to(topics.allowlist(),
                                Produced.with(Serdes.String(), anyRecord).withName(WRITE_ALLOWLIST)), "-allowlist"))
                // A removal is a tombstone on the compacted allowlist topic; the processor cannot forward a null to one branch.
                .branch((accountId, decision) -> decision instanceof AllowlistRemoval,
                        Branched.withConsumer(removed -> removed.mapValues(removal -> (SpecificRecord) null, Named.as(TO_TOMBSTONE))
                                .to(topics.allowlist(), Produced.with(Serdes.String(), anyRecord).withName(WRITE_ALLOWLIST_REMOVALS)),
                                "-allowlist-removals"));

        // Added last, so that the processor's sub-topology keeps its number (its tasks' state directories are named by it).
        // In memory, so that every start reads the topic from its beginning through the updater and folds it to the same rules.
        builder.addGlobalStore(rulesStore(),
                topics.protectionRules(),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName(READ_RULES),
                () -> new RuleDefinitionUpdater(RULES_STORE, rules, topics.protectionRules()));

        return builder.build(streamsProperties);
    }

    /**
     * The protection processor as the topology runs it. The replay's direct engine drives the same
     * one, so the two cannot drift apart.
     */
    public static ProcessorSupplier<String, SpecificRecord, String, SpecificRecord> processors(AppConfig config, LiveRules rules) {
        CountingWindows windows = rules.get().windows();
        ProtectionTimeline timeline = config.timeline(windows);
        RecentEventIds recentEventIds = new RecentEventIds(windows.retention());
        AccountProtectionProcessor.Wiring wiring = new AccountProtectionProcessor.Wiring(ACTIVITY_STORE, TIMER_STORE, ALLOWLIST_STORE,
                HISTORY_STORE, COUNT_STORE, config.topics().operatorCommands());
        RuleGuard.Settings guardSettings = config.guardSettings();
        // Each task its own guard, and a lifecycle that judges by the rules as its guard leaves them.
        return () -> {
            RuleGuard guard = new RuleGuard(rules, guardSettings);
            return new AccountProtectionProcessor(new ProtectionLifecycle(guard::book, timeline), guard, timeline, recentEventIds, wiring, rules);
        };
    }

    /** The processor's own stores, with their serdes, on the given store engine (the caller decides caching and logging). */
    public static List<StoreBuilder<?>> taskStores(Function<String, KeyValueBytesStoreSupplier> engine) {
        return List.of(
                activityStore(engine),
                Stores.keyValueStoreBuilder(engine.apply(TIMER_STORE), Serdes.Bytes(), Serdes.ByteArray()),
                Stores.keyValueStoreBuilder(engine.apply(HISTORY_STORE), Serdes.String(), AvroSerdes.of(AccountHistory.class)),
                Stores.keyValueStoreBuilder(engine.apply(COUNT_STORE), Serdes.String(), Serdes.Long()));
    }

    private static StoreBuilder<KeyValueStore<String, AccountActivity>> activityStore(Function<String, KeyValueBytesStoreSupplier> engine) {
        return Stores.keyValueStoreBuilder(engine.apply(ACTIVITY_STORE), Serdes.String(), AvroSerdes.of(AccountActivity.class));
    }

    /** The global rules store: in memory (a few records), rebuilt from the topic at every start. */
    public static StoreBuilder<KeyValueStore<String, RuleDefinition>> rulesStore() {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(RULES_STORE), Serdes.String(), AvroSerdes.of(RuleDefinition.class))
                .withLoggingDisabled();
    }

    /** The global allowlist store, with its serdes, on the given store engine. */
    public static StoreBuilder<KeyValueStore<String, AllowlistEntry>> allowlistStore(Function<String, KeyValueBytesStoreSupplier> engine) {
        return Stores.keyValueStoreBuilder(engine.apply(ALLOWLIST_STORE), Serdes.String(), AvroSerdes.of(AllowlistEntry.class))
                .withLoggingDisabled();
    }
}
