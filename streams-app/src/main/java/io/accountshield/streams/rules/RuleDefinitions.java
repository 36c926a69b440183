package io.accountshield.streams.rules;

import io.accountshield.schema.rules.RuleDefinition;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Rule definitions as the protection-rules topic carries them, to and from the parameters the rules are built from. */
public final class RuleDefinitions {

    private RuleDefinitions() {
    }

    /** The key of one version of one rule; a write adds its own id ({@link #writeKey}). */
    public static String key(String ruleId, int version) {
        return ruleId + "/v" + version;
    }

    /**
     * The topic's key for one write: every write is its own record, so compaction drops none, and two
     * writes of one version (two admins at once, an admin and the guard) both stay in topic order, where
     * every instance, restarted or not, takes the first.
     */
    public static String writeKey(String ruleId, int version, String writeId) {
        return key(ruleId, version) + "/" + writeId;
    }

    /** The rule and version a topic key names. */
    public record VersionKey(String ruleId, int version) {
    }

    private static final Pattern VERSION_KEY = Pattern.compile("(.+?)/v(\\d{1,9})(/.*)?");

    /** The rule and version of a topic key, {@code id/vN} or {@code id/vN/<write id>}; null when it is neither. */
    public static VersionKey parseKey(String key) {
        Matcher versionKey = VERSION_KEY.matcher(key);
        return versionKey.matches() ? new VersionKey(versionKey.group(1), Integer.parseInt(versionKey.group(2))) : null;
    }

    /** Whether a topic key belongs to this rule and version: {@code id/vN}, or {@code id/vN/<write id>}. */
    public static boolean keyMatches(String key, String ruleId, int version) {
        String versionKey = key(ruleId, version);
        return key.equals(versionKey) || key.startsWith(versionKey + "/") && key.length() > versionKey.length() + 1;
    }

    /**
     * The definition as parameters.
     *
     * @throws IllegalArgumentException naming what cannot be read: an unknown counter or mode, a share out of range
     */
    public static RuleParameters toParameters(RuleDefinition definition) {
        RuleCounter counter = RuleCounter.fromConfigName(definition.getCounter());
        RuleMode mode = parseMode(definition.getMode());
        return new RuleParameters(definition.getRuleId(), definition.getVersion(), definition.getEnabled(), definition.getThreshold(),
                Duration.ofMillis(definition.getWindowMillis()), mode, counter, new RolloutShare(definition.getRolloutBasisPoints()));
    }

    public static RuleDefinition toDefinition(RuleParameters rule, String changedBy, Instant changedAt, String note) {
        return RuleDefinition.newBuilder()
                .setRuleId(rule.id())
                .setVersion(rule.version())
                .setCounter(rule.counter().configName())
                .setThreshold(rule.threshold())
                .setWindowMillis(rule.window().toMillis())
                .setMode(rule.mode().configValue())
                .setRolloutBasisPoints(rule.rollout().basisPoints())
                .setEnabled(rule.enabled())
                .setChangedBy(changedBy)
                .setChangedAt(changedAt)
                .setNote(note)
                .build();
    }

    public static RuleMode parseMode(String mode) {
        for (RuleMode candidate : RuleMode.values()) {
            if (candidate.configValue().equals(mode.toLowerCase(Locale.ROOT))) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("unknown mode '" + mode + "'; a rule is enforce or shadow");
    }
}
