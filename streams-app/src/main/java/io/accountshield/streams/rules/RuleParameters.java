package io.accountshield.streams.rules;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One version of one rule, from the configuration or the protection-rules topic.
 *
 * @param id        stable name, carried by every decision the rule makes
 * @param version   bumped whenever the rule's logic or parameters change, so decisions say which variant fired
 * @param enabled   a disabled rule is not evaluated
 * @param threshold the count at which the rule fires
 * @param window    the span the count is taken over, ending with the event being evaluated
 * @param mode      whether reaching the threshold protects the account or is only reported (shadow)
 * @param counter   what is counted
 * @param rollout   with mode enforce, the accounts it enforces on; the others see it in shadow
 */
public record RuleParameters(String id, int version, boolean enabled, long threshold, Duration window, RuleMode mode, RuleCounter counter,
                             RolloutShare rollout) {

    /** An enforced rule on every account, as every rule ships. */
    public RuleParameters(String id, int version, boolean enabled, long threshold, Duration window, RuleCounter counter) {
        this(id, version, enabled, threshold, window, RuleMode.ENFORCE, counter, RolloutShare.ALL);
    }

    /** Whether the rule protects this account at its threshold (else, if enabled, it is in shadow for it). */
    public boolean enforcesOn(String accountId) {
        return mode == RuleMode.ENFORCE && rollout.covers(accountId);
    }

    /** Enforced on some accounts only: the rest see it in shadow. */
    public boolean isStaged() {
        return mode == RuleMode.ENFORCE && !rollout.isAll();
    }

    /** Everything but the version: two definitions that differ only in it say the same. */
    public boolean sameRuleAs(RuleParameters other) {
        return id.equals(other.id) && enabled == other.enabled && threshold == other.threshold && window.equals(other.window)
                && mode == other.mode && counter == other.counter && rollout.equals(other.rollout);
    }

    /** What a change does, field by field: "v1 -> v2: threshold 10 -> 6", or for a new rule what it is. */
    public static String describeChange(RuleParameters before, RuleParameters after) {
        if (before == null) {
            return String.format("new rule v%d: %s %s at %d over %s, %s", after.version(), after.enabled() ? after.mode().configValue() : "disabled",
                    after.counter().configName(), after.threshold(), after.window(),
                    after.isStaged() ? "enforced on " + after.rollout() + " of accounts" : "every account");
        }
        List<String> fields = new ArrayList<>();
        changed(fields, "enabled", before.enabled(), after.enabled());
        changed(fields, "counter", before.counter().configName(), after.counter().configName());
        changed(fields, "threshold", before.threshold(), after.threshold());
        changed(fields, "window", before.window(), after.window());
        changed(fields, "mode", before.mode().configValue(), after.mode().configValue());
        changed(fields, "rollout", before.rollout(), after.rollout());
        return "v" + before.version() + " -> v" + after.version() + ": " + (fields.isEmpty() ? "no change but the version" : String.join("; ", fields));
    }

    private static void changed(List<String> fields, String name, Object before, Object after) {
        if (!before.equals(after)) {
            fields.add(name + " " + before + " -> " + after);
        }
    }

    /** The next version, in shadow on every account: what a demotion writes. */
    public RuleParameters inShadow() {
        return new RuleParameters(id, version + 1, enabled, threshold, window, RuleMode.SHADOW, counter, RolloutShare.ALL);
    }

    public RuleParameters withVersion(int newVersion) {
        return new RuleParameters(id, newVersion, enabled, threshold, window, mode, counter, rollout);
    }
}
