package io.accountshield.streams.config;

import io.accountshield.streams.errors.DeadLetterDeserializationHandler;
import io.accountshield.streams.errors.DeadLetterProcessingHandler;
import io.accountshield.streams.errors.DeadLetterProductionHandler;
import io.accountshield.streams.rules.ContactSyncPolicy;
import io.accountshield.streams.rules.CountingWindows;
import io.accountshield.streams.rules.LiveRules;
import io.accountshield.streams.rules.RolloutShare;
import io.accountshield.streams.rules.RuleBook;
import io.accountshield.streams.rules.RuleCatalog;
import io.accountshield.streams.rules.RuleCatalog.RuleDefault;
import io.accountshield.streams.rules.RuleGuard;
import io.accountshield.streams.rules.RuleMode;
import io.accountshield.streams.rules.RuleParameters;
import io.accountshield.streams.state.BoundedMemoryRocksDBConfig;
import io.accountshield.streams.time.ProtectionTimeline;
import io.accountshield.streams.time.TimeSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The whole configuration: this application's settings (topics, rules, time), checked and typed,
 * plus every other key passed through to Kafka Streams and its clients unchanged (security
 * settings included).
 */
public final class AppConfig {

    public static final String TOPIC_FRIEND_ADDED = "topic.friend-added";
    public static final String TOPIC_CHATROOM_CREATED = "topic.chatroom-created";
    public static final String TOPIC_DEVICE_REGISTERED = "topic.device-registered";
    public static final String TOPIC_SPAM_REPORTED = "topic.spam-reported";
    public static final String TOPIC_PROTECTION_APPLIED = "topic.protection-applied";
    public static final String TOPIC_PROTECTION_RELEASED = "topic.protection-released";
    public static final String TOPIC_PROTECTION_STATUS = "topic.protection-status";
    public static final String TOPIC_ACCOUNT_WATCHES = "topic.account-watches";
    public static final String TOPIC_SHADOW_PROTECTIONS = "topic.shadow-protections";
    public static final String TOPIC_ALLOWLIST = "topic.allowlist";
    public static final String TOPIC_DEAD_LETTER = "topic.dead-letter";
    public static final String TOPIC_OPERATOR_COMMANDS = "topic.operator-commands";
    public static final String TOPIC_OPERATOR_AUDIT = "topic.operator-audit";
    public static final String TOPIC_PROTECTION_RULES = "topic.protection-rules";
    public static final String TOPIC_RULE_CHANGES = "topic.rule-changes";
    public static final String TOPIC_PARTITIONS = "topic.partitions";
    public static final String TOPIC_REPLICATION_FACTOR = "topic.replication-factor";
    public static final String HTTP_PORT = "http.port";
    public static final String API_TOKENS = "api.tokens";
    public static final String INSTANCE_ID = "instance.id";
    public static final String INSTANCE_LEAVE_GROUP_ON_CLOSE = "instance.leave-group-on-close";

    public static final String TIME_GRACE = "time.grace";
    public static final String TIME_BURST_BUCKET = "time.burst-bucket";
    public static final String TIME_SUSTAINED_BUCKET = "time.sustained-bucket";
    public static final String TIME_RELEASE_CHECK_INTERVAL = "time.release-check-interval";
    public static final String TIME_MAX_FUTURE_SKEW = "time.max-future-skew";
    public static final String TIME_IDLE_PARTITION = "time.idle-partition";
    public static final String TIME_MAX_RELEASE_HOLD = "time.max-release-hold";
    public static final String PROTECTION_QUIET_PERIOD = "protection.quiet-period";
    public static final String GUARD_ENABLED = "guard.enabled";
    public static final String GUARD_WINDOW = "guard.window";
    public static final String GUARD_BASELINE = "guard.baseline";
    public static final String GUARD_FACTOR = "guard.factor";
    public static final String GUARD_MIN_PROTECTIONS = "guard.min-protections";
    public static final String CONTACT_SYNC_MAX_MUTUAL_SHARE = "rule.contact-sync.max-mutual-share";
    public static final String CONTACT_SYNC_LIST_MAX_MUTUAL_SHARE = "rule.contact-sync.list-max-mutual-share";
    public static final String CONTACT_SYNC_ESTABLISHED_ACCOUNT_AGE = "rule.contact-sync.established-account-age";
    public static final String CONTACT_SYNC_NEW_DEVICE_WINDOW = "rule.contact-sync.new-device-window";
    public static final String PROTECTION_REPEAT_QUIET_PERIODS = "protection.repeat-quiet-periods";
    public static final String PROTECTION_WATCH_PERIOD = "protection.watch-period";
    public static final String PROTECTION_HISTORY_RETENTION = "protection.history-retention";
    public static final String DECODED_STATE_CACHE_BYTES = "memory.decoded-state-cache-bytes";

    /** Keys under these prefixes belong to this application; anything else goes to Kafka. */
    private static final List<String> APP_PREFIXES = List.of("topic.", "rule.", "guard.", "time.", "protection.", "http.", "api.", "instance.",
            "memory.");

    /**
     * With static membership a stopped member keeps its partitions until this runs out: long enough for a
     * pod to stop, be rescheduled, restore from its volume and rejoin (a rolling update's step), short enough
     * that a member that is gone for good does not hold its partitions for long.
     */
    static final Duration STATIC_MEMBER_SESSION_TIMEOUT = Duration.ofMinutes(3);

    /** Where Kafka Streams reads a consumer setting for the main consumer, in rising precedence. */
    private static List<String> mainConsumerKeys(String consumerSetting) {
        return List.of(consumerSetting, StreamsConfig.consumerPrefix(consumerSetting), StreamsConfig.mainConsumerPrefix(consumerSetting));
    }

    /**
     * Under exactly-once a decision is readable only after the commit that follows it, so the commit
     * interval is the largest fixed part of the time to decision: at Kafka's 100 ms its p99 at 20,000
     * events/s was 334–366 ms on the benchmark's machine, at 50 ms under 250 (docs/benchmarks.md).
     */
    private static final String COMMIT_INTERVAL_MS = "50";

    /** Why this application's default differs from Kafka's, where the README's table should say so. */
    private static final Map<String, String> STREAMS_DEFAULT_REASONS = Map.of(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG,
            "Half of Kafka's 100 ms under exactly-once, for the time to decision: a decision"
            + " becomes readable to read_committed consumers at the commit after it. The cost: twice the transactions, and a busy account's"
            + " state written up to twice as often (docs/benchmarks.md measures the pipeline at both intervals).");

    /** Streams settings this application chooses; a file or environment may override each. */
    static final Map<String, String> STREAMS_DEFAULTS = streamsDefaults();

    private static final ConfigDef DEFINITION = definition();

    private final Map<String, String> settings;
    private final AbstractConfig appSettings;
    private final Map<String, String> kafkaSettings;

    private AppConfig(Map<String, String> settings, AbstractConfig appSettings, Map<String, String> kafkaSettings) {
        this.settings = Map.copyOf(settings);
        this.appSettings = appSettings;
        this.kafkaSettings = kafkaSettings;
    }

    /** Defaults, then the file (when given), then the environment, then explicit overrides. */
    public static AppConfig load(Path file, Map<String, String> environment, Map<String, String> overrides) {
        Map<String, String> settings = new TreeMap<>();
        if (file != null) {
            settings.putAll(ConfigSources.readPropertiesFile(file));
        }
        settings.putAll(ConfigSources.fromEnvironment(environment, DEFINITION.names()));
        settings.putAll(overrides);
        return of(settings);
    }

    public static AppConfig of(Map<String, String> settings) {
        Map<String, String> app = new TreeMap<>();
        Map<String, String> kafka = new TreeMap<>(STREAMS_DEFAULTS);
        for (Map.Entry<String, String> setting : settings.entrySet()) {
            String key = setting.getKey();
            if (isAppSetting(key)) {
                if (!DEFINITION.names().contains(key)) {
                    throw new ConfigException("unknown setting " + key + "; the settings under "
                            + APP_PREFIXES + " and " + RocksDbMemory.PREFIX + " are listed in the README's configuration table");
                }
                app.put(key, setting.getValue());
            } else {
                kafka.put(key, setting.getValue());
            }
        }
        AppConfig config = new AppConfig(settings, new AbstractConfig(DEFINITION, app, false), kafka);
        config.kafkaSettings.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, config.topics().deadLetter());
        config.applyInternalTopicMinInsyncReplicas();
        config.applyMembership();
        // Kafka Streams creates the config setter by class name and hands it only the Streams properties: the checked sizes go there.
        config.kafkaSettings.putAll(config.rocksDbMemory().streamsSettings());
        config.checkRuleWindows();
        config.checkTimeSettings();
        return config;
    }

    /**
     * A majority of the replicas must acknowledge a write (acks=all, which exactly-once uses), but never
     * all of them: 1 of 1 or 2, 2 of 3, 3 of 4 or 5. With three replicas a write survives the loss of one
     * broker and one broker can restart without stopping the pipeline; requiring all replicas would stop it
     * at every broker restart. Empty for the broker's default replication factor (-1): the broker's own
     * min.insync.replicas then applies, as it was set for that default.
     */
    public static OptionalInt minInsyncReplicas(short replicationFactor) {
        if (replicationFactor < 1) {
            return OptionalInt.empty();
        }
        int majority = replicationFactor / 2 + 1;
        return OptionalInt.of(Math.max(1, Math.min(majority, replicationFactor - 1)));
    }

    /**
     * Kafka Streams' own topics (the changelogs) get the same min.insync.replicas for their replication
     * factor as ours: {@code topic.min.insync.replicas}, which cannot be set from the configuration because
     * {@code topic.} is this application's prefix. Without it a changelog with three replicas takes the
     * broker's default, often 1, and exactly-once would commit state that one broker alone holds.
     */
    private void applyInternalTopicMinInsyncReplicas() {
        String replication = kafkaSettings.get(StreamsConfig.REPLICATION_FACTOR_CONFIG);
        if (replication == null) {
            return;
        }
        short replicationFactor;
        try {
            replicationFactor = Short.parseShort(replication.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(StreamsConfig.REPLICATION_FACTOR_CONFIG, replication, "must be a whole number (-1 for the broker's default)");
        }
        minInsyncReplicas(replicationFactor).ifPresent(min ->
                kafkaSettings.put(StreamsConfig.topicPrefix(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG), String.valueOf(min)));
    }

    /** Ours: under our prefixes, or under {@code rocksdb.} unless Kafka Streams defines the key ({@code rocksdb.config.setter}). */
    private static boolean isAppSetting(String key) {
        return APP_PREFIXES.stream().anyMatch(key::startsWith)
                || key.startsWith(RocksDbMemory.PREFIX) && !StreamsConfig.configDef().names().contains(key);
    }

    /** This configuration with some settings replaced. */
    public AppConfig withOverrides(Map<String, String> overrides) {
        Map<String, String> merged = new TreeMap<>(settings);
        merged.putAll(overrides);
        return of(merged);
    }

    /** This configuration with every topic's name prefixed: another pipeline's topics on the same cluster. */
    public AppConfig withTopicPrefix(String prefix) {
        Map<String, String> topics = new TreeMap<>();
        for (ConfigDef.ConfigKey key : DEFINITION.configKeys().values()) {
            if (key.name.startsWith("topic.") && key.type == Type.STRING) {
                topics.put(key.name, prefix + appSettings.getString(key.name));
            }
        }
        return withOverrides(topics);
    }

    public static AppConfig defaults() {
        return of(Map.of());
    }

    public static Set<String> appSettingNames() {
        return DEFINITION.names();
    }

    public TopicNames topics() {
        return new TopicNames(
                appSettings.getString(TOPIC_FRIEND_ADDED),
                appSettings.getString(TOPIC_CHATROOM_CREATED),
                appSettings.getString(TOPIC_DEVICE_REGISTERED),
                appSettings.getString(TOPIC_SPAM_REPORTED),
                appSettings.getString(TOPIC_PROTECTION_APPLIED),
                appSettings.getString(TOPIC_PROTECTION_RELEASED),
                appSettings.getString(TOPIC_PROTECTION_STATUS),
                appSettings.getString(TOPIC_ACCOUNT_WATCHES),
                appSettings.getString(TOPIC_SHADOW_PROTECTIONS),
                appSettings.getString(TOPIC_ALLOWLIST),
                appSettings.getString(TOPIC_DEAD_LETTER),
                appSettings.getString(TOPIC_OPERATOR_COMMANDS),
                appSettings.getString(TOPIC_OPERATOR_AUDIT),
                appSettings.getString(TOPIC_PROTECTION_RULES),
                appSettings.getString(TOPIC_RULE_CHANGES));
    }

    public TimeSettings time() {
        return new TimeSettings(
                duration(TIME_GRACE),
                duration(TIME_BURST_BUCKET),
                duration(TIME_SUSTAINED_BUCKET),
                duration(PROTECTION_QUIET_PERIOD),
                durations(PROTECTION_REPEAT_QUIET_PERIODS),
                duration(PROTECTION_WATCH_PERIOD),
                duration(TIME_RELEASE_CHECK_INTERVAL),
                duration(TIME_MAX_FUTURE_SKEW),
                duration(TIME_IDLE_PARTITION),
                duration(TIME_MAX_RELEASE_HOLD));
    }

    public int topicPartitions() {
        return appSettings.getInt(TOPIC_PARTITIONS);
    }

    public short topicReplicationFactor() {
        return appSettings.getShort(TOPIC_REPLICATION_FACTOR);
    }

    public int httpPort() {
        return appSettings.getInt(HTTP_PORT);
    }

    public ContactSyncPolicy contactSyncPolicy() {
        return new ContactSyncPolicy(appSettings.getDouble(CONTACT_SYNC_MAX_MUTUAL_SHARE),
                appSettings.getDouble(CONTACT_SYNC_LIST_MAX_MUTUAL_SHARE),
                duration(CONTACT_SYNC_ESTABLISHED_ACCOUNT_AGE), duration(CONTACT_SYNC_NEW_DEVICE_WINDOW));
    }

    /** Per task, the heap for decoded account states (0 for none). */
    public long decodedStateCacheBytes() {
        return appSettings.getLong(DECODED_STATE_CACHE_BYTES);
    }

    /** The bound on RocksDB's memory that the default {@code rocksdb.config.setter} applies. */
    public RocksDbMemory rocksDbMemory() {
        return RocksDbMemory.of(appSettings);
    }

    /** The guard that demotes a rule whose protections jump (one per task). */
    public RuleGuard.Settings guardSettings() {
        try {
            return new RuleGuard.Settings(appSettings.getBoolean(GUARD_ENABLED), duration(GUARD_WINDOW), duration(GUARD_BASELINE),
                    appSettings.getDouble(GUARD_FACTOR), appSettings.getInt(GUARD_MIN_PROTECTIONS));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(GUARD_WINDOW, appSettings.getString(GUARD_WINDOW), e.getMessage());
        }
    }

    public Duration historyRetention() {
        return duration(PROTECTION_HISTORY_RETENTION);
    }

    /** Who may use the operator API. */
    public List<String> apiTokens() {
        return appSettings.getList(API_TOKENS);
    }

    /** This instance's stable member id (static membership), when configured. */
    public Optional<String> instanceId() {
        String id = appSettings.getString(INSTANCE_ID).trim();
        return id.isEmpty() ? Optional.empty() : Optional.of(id);
    }

    /**
     * Whether a planned stop leaves the consumer group. A static member that stays in the group gets its
     * partitions back on its return without a rebalance (a restart); a dynamic member that stayed would only
     * hold its partitions idle until the session timeout, so it leaves and the others take over at once.
     */
    public CloseOptions.GroupMembershipOperation membershipOnClose() {
        return instanceId().isEmpty() || appSettings.getBoolean(INSTANCE_LEAVE_GROUP_ON_CLOSE)
                ? CloseOptions.GroupMembershipOperation.LEAVE_GROUP
                : CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP;
    }

    /** When things happen to accounts, for the windows the state keeps. */
    public ProtectionTimeline timeline(CountingWindows windows) {
        return new ProtectionTimeline(time(), windows.retention(), historyRetention());
    }

    /** What the account state keeps for the rules, from the configuration's rule windows. */
    public CountingWindows countingWindows() {
        return CountingWindows.of(this::rule, contactSyncPolicy(), time());
    }

    /** The catalogue's rules with their configured parameters. */
    public RuleBook ruleBook() {
        return RuleBook.from(this::rule, contactSyncPolicy(), time());
    }

    /**
     * The rules in force, starting from the configuration's; the protection-rules topic changes them
     * while the application runs. One per application instance.
     */
    public LiveRules liveRules() {
        return new LiveRules(countingWindows(), time().quietPeriod(), RuleCatalog.DEFAULTS.stream().map(rule -> rule(rule.id())).toList());
    }

    public RuleParameters rule(String ruleId) {
        return new RuleParameters(
                ruleId,
                appSettings.getInt(ruleKey(ruleId, "version")),
                appSettings.getBoolean(ruleKey(ruleId, "enabled")),
                appSettings.getLong(ruleKey(ruleId, "threshold")),
                duration(ruleKey(ruleId, "window")),
                RuleMode.valueOf(appSettings.getString(ruleKey(ruleId, "mode")).toUpperCase(java.util.Locale.ROOT)),
                RuleCatalog.get(ruleId).parameters().counter(),
                RolloutShare.ALL);
    }

    /** Kafka Streams and client properties: our defaults, overridden by anything configured. */
    public Properties streamsProperties() {
        Properties properties = new Properties();
        properties.putAll(kafkaSettings);
        return properties;
    }

    /** Every setting's name, default and meaning, as the README's configuration table shows it. */
    public static String markdownTable() {
        StringBuilder table = new StringBuilder("| setting | default | meaning |\n| --- | --- | --- |\n");
        for (ConfigDef.ConfigKey key : DEFINITION.configKeys().values()) {
            table.append("| `").append(key.name).append("` | `").append(key.defaultValue).append("` | ")
                    .append(key.documentation).append(" |\n");
        }
        for (Map.Entry<String, String> streamsDefault : STREAMS_DEFAULTS.entrySet()) {
            table.append("| `").append(streamsDefault.getKey()).append("` | `").append(streamsDefault.getValue())
                    .append("` | Kafka Streams setting; this application's default.")
                    .append(STREAMS_DEFAULT_REASONS.containsKey(streamsDefault.getKey()) ? " " + STREAMS_DEFAULT_REASONS.get(streamsDefault.getKey()) : "")
                    .append(" |\n");
        }
        table.append("| `").append(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG).append("` | the value of `").append(INSTANCE_ID)
                .append("` | Kafka consumer setting; always follows `").append(INSTANCE_ID)
                .append("` (Kafka Streams adds `-1`, `-2`, ... per stream thread); setting it directly is refused. |\n");
        table.append("| `").append(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG).append("` | `")
                .append(STATIC_MEMBER_SESSION_TIMEOUT.toMillis()).append("` with `").append(INSTANCE_ID)
                .append("`, else Kafka's `45000` | Kafka consumer setting; how long a member that stopped without leaving keeps its partitions."
                        + " With static membership it must cover a restart; a member that is gone for good holds its partitions that long. |\n");
        table.append("| `").append(StreamsConfig.topicPrefix(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG))
                .append("` | a majority of `").append(StreamsConfig.REPLICATION_FACTOR_CONFIG)
                .append("`, never all: 2 of 3 | Kafka Streams setting for its own topics (the changelogs); always follows `")
                .append(StreamsConfig.REPLICATION_FACTOR_CONFIG).append("`, as `min.insync.replicas` of the topics `--create-topics` creates"
                        + " follows `").append(TOPIC_REPLICATION_FACTOR).append("`; the broker's default with `-1`. |\n");
        table.append("| `").append(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG)
                .append("` | the value of `").append(TOPIC_DEAD_LETTER)
                .append("` | Kafka Streams setting; always follows `").append(TOPIC_DEAD_LETTER).append("`. |\n");
        return table.toString();
    }

    static String ruleKey(String ruleId, String parameter) {
        return "rule." + ruleId + "." + parameter;
    }

    private Duration duration(String name) {
        return DurationValidator.parse(name, appSettings.getString(name));
    }

    private List<Duration> durations(String name) {
        return appSettings.getList(name).stream().map(value -> DurationValidator.parse(name, value.trim())).toList();
    }

    /** Burst rules count short buckets, the sustained rule long ones: a window must be whole buckets. */
    private void checkRuleWindows() {
        TimeSettings time = time();
        for (RuleDefault rule : RuleCatalog.DEFAULTS) {
            if (rule.tier() == RuleCatalog.Tier.BURST) {
                requireWholeBuckets(rule.id(), TIME_BURST_BUCKET, time.burstBucket());
            } else if (rule.tier() == RuleCatalog.Tier.SUSTAINED) {
                requireWholeBuckets(rule.id(), TIME_SUSTAINED_BUCKET, time.sustainedBucket());
            }
        }
    }

    /**
     * A quiet period shorter than a rule's window would release an account while the window still
     * holds the abuse, so one ordinary event would protect it again on old counts.
     */
    private void checkTimeSettings() {
        TimeSettings time = time();
        for (RuleDefault rule : RuleCatalog.DEFAULTS) {
            RuleParameters parameters = rule(rule.id());
            if (parameters.enabled() && parameters.window().compareTo(time.quietPeriod()) > 0) {
                throw new ConfigException(PROTECTION_QUIET_PERIOD, time.quietPeriod().toString(),
                        "must be at least as long as every enabled rule's window; " + ruleKey(rule.id(), "window")
                                + " is " + parameters.window());
            }
        }
        Duration previous = time.quietPeriod();
        for (Duration repeat : time.repeatQuietPeriods()) {
            if (repeat.compareTo(previous) < 0) {
                throw new ConfigException(PROTECTION_REPEAT_QUIET_PERIODS, String.join(",", appSettings.getList(PROTECTION_REPEAT_QUIET_PERIODS)),
                        "every step must be at least " + PROTECTION_QUIET_PERIOD + " (" + time.quietPeriod()
                                + ") and at least the step before it: a repeat offender never gets a shorter quiet period");
            }
            previous = repeat;
        }
        ContactSyncPolicy contactSync = contactSyncPolicy();
        if (contactSync.listMaxMutualShare() > contactSync.maxMutualShare()) {
            throw new ConfigException(CONTACT_SYNC_LIST_MAX_MUTUAL_SHARE, contactSync.listMaxMutualShare(),
                    "must be at most " + CONTACT_SYNC_MAX_MUTUAL_SHARE + " (" + contactSync.maxMutualShare()
                            + "): a migration's start is judged more leniently than other syncs, not more strictly");
        }
    }

    /**
     * Static membership from instance.id only, so the close behaviour and the session timeout follow from
     * one setting. The id goes to the main consumer alone (Kafka Streams suffixes it per stream thread; the
     * restore and global consumers are in no group).
     */
    private void applyMembership() {
        for (String key : mainConsumerKeys(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG)) {
            if (kafkaSettings.containsKey(key)) {
                throw new ConfigException(key, kafkaSettings.get(key), "set " + INSTANCE_ID + " (APP_INSTANCE_ID) instead:"
                        + " it also chooses the session timeout and whether a stop leaves the group");
            }
        }
        Optional<String> id = instanceId();
        if (id.isEmpty()) {
            return;
        }
        kafkaSettings.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), id.get());
        if (mainConsumerKeys(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG).stream().noneMatch(kafkaSettings::containsKey)) {
            kafkaSettings.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, String.valueOf(STATIC_MEMBER_SESSION_TIMEOUT.toMillis()));
        }
    }

    private void requireWholeBuckets(String ruleId, String bucketSetting, Duration bucket) {
        String windowKey = ruleKey(ruleId, "window");
        Duration window = duration(windowKey);
        if (window.toMillis() % bucket.toMillis() != 0) {
            throw new ConfigException(windowKey, window.toString(),
                    "must be a whole multiple of " + bucketSetting + " (" + bucket + ")");
        }
    }

    private static ConfigDef definition() {
        ConfigDef def = new ConfigDef();
        topic(def, TOPIC_FRIEND_ADDED, "account-friend-added", "Input: FriendAdded events, keyed by account id.");
        topic(def, TOPIC_CHATROOM_CREATED, "account-chatroom-created", "Input: ChatroomCreated events, keyed by account id.");
        topic(def, TOPIC_DEVICE_REGISTERED, "account-device-registered", "Input: DeviceRegistered events, keyed by account id.");
        topic(def, TOPIC_SPAM_REPORTED, "account-spam-reported", "Input: SpamReported events, keyed by the reported account id.");
        topic(def, TOPIC_PROTECTION_APPLIED, "protection-applied", "Output: one ProtectionApplied per protection episode.");
        topic(def, TOPIC_PROTECTION_RELEASED, "protection-released", "Output: one ProtectionReleased per protection episode.");
        topic(def, TOPIC_PROTECTION_STATUS, "account-protection-status", "Output (compacted): the current AccountProtectionStatus of every account ever protected.");
        topic(def, TOPIC_ACCOUNT_WATCHES, "account-watches", "Output: AccountWatched, when a plausible but suspicious burst starts a watch instead of a protection.");
        topic(def, TOPIC_SHADOW_PROTECTIONS, "shadow-protections", "Output: ShadowProtection, what a rule in shadow mode would have done; nothing is restricted.");
        topic(def, TOPIC_ALLOWLIST, "account-allowlist", "Input (compacted, any partition count): AllowlistEntry per account the rules never protect; a tombstone removes it. Read as a global table.");
        topic(def, TOPIC_DEAD_LETTER, "account-events-dead-letter", "Output: input records that could not be read or are invalid, with the cause in headers.");
        topic(def, TOPIC_OPERATOR_COMMANDS, "operator-commands", "Input: OperatorCommand (release, allow, disallow) from the operator API, keyed by account id; same partition count as the event topics, so a command is ordered with the account's events.");
        topic(def, TOPIC_OPERATOR_AUDIT, "operator-audit", "Output: AuditEntry per operator command and what it did (who, what, when, why, result). Set its retention to your audit policy.");
        topic(def, TOPIC_PROTECTION_RULES, "protection-rules", "Input and output (compacted, exactly one partition, so that every instance reads the changes in one order): RuleDefinition per version of a rule, key <ruleId>/v<version>. Read as a global table; a definition that passes the checks is in force on every instance within seconds. The configuration's rules are in force until it holds a higher version; each instance writes them there at start where it holds none.");
        topic(def, TOPIC_RULE_CHANGES, "rule-changes", "Output: RuleChange per rule change made through the operator API (push, promote, rollback; written with its definition in one transaction, or refused with the reason), per demotion by the guard, and per definition on the protection-rules topic that the checks rejected. Set its retention to your audit policy.");
        def.define(TOPIC_PARTITIONS, Type.INT, 6, Range.atLeast(1), Importance.MEDIUM,
                "Partitions of every topic that run --create-topics creates; the input topics must all have the same count.");
        def.define(TOPIC_REPLICATION_FACTOR, Type.SHORT, (short) -1, Importance.MEDIUM,
                "Replication factor of the topics that run --create-topics creates; -1 for the broker's default.");
        for (RuleDefault rule : RuleCatalog.DEFAULTS) {
            RuleParameters p = rule.parameters();
            def.define(ruleKey(p.id(), "enabled"), Type.BOOLEAN, p.enabled(), Importance.MEDIUM,
                    "Rule " + p.id() + " (" + rule.meaning() + "): whether it is evaluated.");
            def.define(ruleKey(p.id(), "threshold"), Type.LONG, p.threshold(), Range.atLeast(1), Importance.HIGH,
                    "Rule " + p.id() + ": protect when this many " + rule.thresholdUnit() + " fall inside the window.");
            def.define(ruleKey(p.id(), "window"), Type.STRING, p.window().toString(), new DurationValidator(), Importance.HIGH,
                    "Rule " + p.id() + ": the window the count is taken over, ending with the latest event.");
            def.define(ruleKey(p.id(), "mode"), Type.STRING, p.mode().configValue(),
                    ConfigDef.CaseInsensitiveValidString.in(RuleMode.ENFORCE.configValue(), RuleMode.SHADOW.configValue()), Importance.MEDIUM,
                    "Rule " + p.id() + ": enforce (protect at the threshold) or shadow (emit a ShadowProtection to the shadow-protections topic and count it in a metric; nothing is restricted). Shadow is how a new rule or threshold is tried on live traffic.");
            def.define(ruleKey(p.id(), "version"), Type.INT, p.version(), Range.atLeast(1), Importance.LOW,
                    "Rule " + p.id() + ": version carried by its decisions; bump it when you change the rule's parameters.");
        }
        def.define(CONTACT_SYNC_MAX_MUTUAL_SHARE, Type.DOUBLE, 0.43, Range.between(0.01, 1.0), Importance.HIGH,
                "Rules friend-add-burst and sustained-friend-adds: contact-sync adds count only while fewer than this share of those in the window are mutual, beyond sampling doubt and judged only from 150 synced adds in the window (the window's adds are a sample of the book: the default 0.43 sits between books, 45% mutual or more, and lists, a third or less: 50 of 150 is surely under 0.43, 51 of 150 is not; 109 of 300). A sync surely under rule.contact-sync.list-max-mutual-share counts from its first adds. Bump both rules' versions when you change any rule.contact-sync setting.");
        def.define(CONTACT_SYNC_LIST_MAX_MUTUAL_SHARE, Type.DOUBLE, 0.2, Range.between(0.01, 1.0), Importance.HIGH,
                "A contact sync with fewer than this share mutual is far from any address book: a list. An established account syncing after a new device (a migration's start) counts toward friend-add-burst and sustained-friend-adds only under this share, and between it and rule.contact-sync.max-mutual-share is watched instead of protected; rule new-account-list-sync counts a young account's syncs under it.");
        def.define(CONTACT_SYNC_ESTABLISHED_ACCOUNT_AGE, Type.STRING, "P30D", new DurationValidator(), Importance.MEDIUM,
                "An account at least this old (from its DeviceRegistered accountCreatedAt) is established; purchased lists come from accounts days old.");
        def.define(CONTACT_SYNC_NEW_DEVICE_WINDOW, Type.STRING, "PT24H", new DurationValidator(), Importance.MEDIUM,
                "How long after a device registration an established account's contact syncs are judged as a migration (resyncs after a reinstall included).");
        def.define(HTTP_PORT, Type.INT, 8080, Range.between(0, 65535), Importance.MEDIUM,
                "Port of the HTTP endpoint (/health/live, /health/ready and /metrics, open; the operator API and the support console at /console/); 0 picks a free port. Unless application.server is set, it is advertised with this host's address to the other instances for the operator API.");
        def.define(API_TOKENS, Type.LIST, "", Importance.HIGH,
                "Who may use the operator API: name:role:sha256-hex-of-token entries, comma-separated (roles viewer, agent, admin). Only hashes are configured; `streams-app.jar token --name NAME --role ROLE` makes a token and its entry. Empty: the API answers 401.");
        def.define(INSTANCE_ID, Type.STRING, "", Importance.HIGH,
                "This instance's stable member id in the consumer group (static membership): unique per instance and the same across its restarts;"
                        + " in Kubernetes the pod name (APP_INSTANCE_ID from the downward API's metadata.name). Set: a stop does not leave the group,"
                        + " and an instance back within session.timeout.ms takes its own partitions back without a rebalance."
                        + " Empty: a stop leaves the group, so the others take over at once. Set application.server to a stable name with it:"
                        + " without a rebalance the others keep the address they learned before the restart.");
        def.define(INSTANCE_LEAVE_GROUP_ON_CLOSE, Type.BOOLEAN, false, Importance.MEDIUM,
                "With instance.id: whether a stop leaves the group anyway. Set it for a stop that is not a restart (a scale-down, taking an instance"
                        + " away for good), so the others take its partitions at once instead of after session.timeout.ms (where all instances share settings,"
                        + " as in a StatefulSet, run streams-app.jar leave-group for the stopped ones instead). Without instance.id a stop always leaves.");
        def.define(GUARD_ENABLED, Type.BOOLEAN, true, Importance.MEDIUM,
                "Whether the guard demotes a rule to shadow, by itself, when its protections jump far above its own usual rate (a threshold typed one digit short): in each task, a rule version that makes guard.min-protections protections, and guard.factor times the rule's usual number, within guard.window is demoted at once there and, through the protection-rules topic, everywhere; audited on rule-changes and counted (account_shield_rule_guard_demotions_total).");
        def.define(GUARD_WINDOW, Type.STRING, "PT10M", new DurationValidator(), Importance.LOW,
                "The guard counts each rule's protections over this much event time (whole minutes).");
        def.define(GUARD_BASELINE, Type.STRING, "PT6H", new DurationValidator(), Importance.LOW,
                "The guard takes a rule's usual rate from its protections over this much event time before its window (whole minutes).");
        def.define(GUARD_FACTOR, Type.DOUBLE, 10.0, Range.atLeast(1), Importance.LOW,
                "The guard demotes a rule whose protections within guard.window reach this many times its usual number for such a span.");
        def.define(GUARD_MIN_PROTECTIONS, Type.INT, 100, Range.atLeast(1), Importance.MEDIUM,
                "Protections by one rule version within guard.window in one task at which the guard trips when the rule had no usual rate (above it, at guard.factor times the usual number): the most a bad rule restricts per task, times the partitions for the pipeline. Size it above the largest campaign wave a task sees in guard.window (a campaign's accounts are protected too), and below what a threshold one digit short would protect there.");
        def.define(PROTECTION_QUIET_PERIOD, Type.STRING, "PT24H", new DurationValidator(), Importance.HIGH,
                "A first protection lifts once this long has passed with no friend-add, chatroom creation or spam report (at the first release check one grace period later). At least the longest rule window.");
        def.define(PROTECTION_REPEAT_QUIET_PERIODS, Type.LIST, "P3D,P7D", new DurationValidator.DurationListValidator(), Importance.HIGH,
                "The escalation ladder: quiet periods of an account's second, third, ... protection (the last repeats), each at least protection.quiet-period. An account counts as a repeat offender while its history is kept (protection.history-retention after its last release). Empty: every protection gets protection.quiet-period.");
        def.define(PROTECTION_WATCH_PERIOD, Type.STRING, "PT24H", new DurationValidator(), Importance.MEDIUM,
                "How long a watch lasts (a contact sync between rule.contact-sync.list-max-mutual-share and rule.contact-sync.max-mutual-share mutual right after a new device on an established account). Spam reports from two different people (one, for an account protected before), a chatroom where most members, and at least five, are not friends, or any rule at its threshold within it turns the watch into a protection.");
        def.define(PROTECTION_HISTORY_RETENTION, Type.STRING, "P90D", new DurationValidator(), Importance.LOW,
                "How long an account's protection history (how often it was protected, when it was last released) is kept after its last release; a protection after that counts as the account's first again (first step of the escalation ladder).");
        def.define(TIME_GRACE, Type.STRING, "PT1M", new DurationValidator(), Importance.MEDIUM,
                "Events this far out of order are still counted in their windows; older ones are skipped and counted in a metric."
                        + " Out of order also means one input topic read ahead of another: running behind, Kafka Streams goes on with"
                        + " the partitions it has records for, and a second ahead was seen (docs/benchmarks.md). Keep it at several seconds or more.");
        def.define(TIME_BURST_BUCKET, Type.STRING, "PT10S", new DurationValidator(), Importance.LOW,
                "Resolution of the burst windows: counts are kept per bucket of this width.");
        def.define(TIME_SUSTAINED_BUCKET, Type.STRING, "PT5M", new DurationValidator(), Importance.LOW,
                "Resolution of the hours-long windows.");
        def.define(TIME_RELEASE_CHECK_INTERVAL, Type.STRING, "PT1M", new DurationValidator(), Importance.LOW,
                "How often wall-clock punctuation looks for due releases; release times are rounded up to a multiple of it.");
        def.define(TIME_MAX_RELEASE_HOLD, Type.STRING, "PT6H", new DurationValidator(), Importance.LOW,
                "A release held back for a lagging partition goes out this long after it was due even if stream time has not reached it, so no one stays restricted because a partition never catches up.");
        def.define(TIME_IDLE_PARTITION, Type.STRING, "PT1M", new DurationValidator(), Importance.LOW,
                "A release waits until stream time reaches it, so a lagging instance does not release on the wall clock what its backlog would extend; a partition that has delivered nothing for this long counts as read to its end, and its due releases go out.");
        def.define(TIME_MAX_FUTURE_SKEW, Type.STRING, "PT5M", new DurationValidator(), Importance.LOW,
                "An event whose occurredAt is this much later than its record's timestamp (when it was produced) goes to the dead-letter topic: one would move stream time ahead and make later events late.");
        def.define(DECODED_STATE_CACHE_BYTES, Type.LONG, 8L << 20, Range.atLeast(0), Importance.LOW,
                "Heap for accounts' states kept decoded between their events, per task (an estimate of their size on the heap): a busy account's"
                        + " later events then cost no decoding and encoding. An account is kept from its second recent write; its first goes"
                        + " straight to the store, so that accounts seen once do not fill it (the recent writes are remembered in a table of"
                        + " a sixteenth of this bound, at most 32 MiB, beside it). What changed is written to the store and its changelog at each commit;"
                        + " past the bound the least recently used are written back and dropped. It replaces Kafka's record cache"
                        + " (statestore.cache.max.bytes) for the activity store. 0: none kept, the activity store decoded on every read and encoded"
                        + " on every write, through Kafka's record cache.");
        RocksDbMemory.define(def);
        return def;
    }

    private static void topic(ConfigDef def, String name, String defaultTopic, String doc) {
        def.define(name, Type.STRING, defaultTopic, new ConfigDef.NonEmptyString(), Importance.HIGH, doc);
    }

    // The global-handler switch is deprecated because Kafka Streams 5.0 turns it on for good; until then it must be said.
    @SuppressWarnings("deprecation")
    private static Map<String, String> streamsDefaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put(StreamsConfig.APPLICATION_ID_CONFIG, "account-shield");
        defaults.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
        defaults.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        defaults.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, "1");
        defaults.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, COMMIT_INTERVAL_MS);
        defaults.put(StreamsConfig.STATE_DIR_CONFIG, "/var/lib/account-shield");
        defaults.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class.getName());
        defaults.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingHandler.class.getName());
        defaults.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProductionHandler.class.getName());
        defaults.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true");
        // Kafka Streams 4.4's partition assignor checks that setting again on the consumer's settings alone, where it is
        // absent, and warns at every start that the global handler is off when it is on; the consumer's copy silences it.
        defaults.put(StreamsConfig.mainConsumerPrefix(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG), "true");
        defaults.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, "true");
        // Said, not inherited: static membership and the close behaviour above are built and tested on the classic protocol.
        defaults.put(StreamsConfig.GROUP_PROTOCOL_CONFIG, "classic");
        defaults.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedMemoryRocksDBConfig.class.getName());
        return defaults;
    }
}
