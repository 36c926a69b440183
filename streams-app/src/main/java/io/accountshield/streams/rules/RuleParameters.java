package io.accountshield.streams.rules;

import java.time.Duration;

/**
 * The configured form of one rule.
 *
 * @param id        stable name, carried by every decision the rule makes
 * @param version   bumped whenever the rule's logic or parameters change, so decisions say which variant fired
 * @param enabled   a disabled rule is not evaluated
 * @param threshold the count at which the rule fires
 * @param window    the span the count is taken over, ending with the event being evaluated
 * @param mode      whether reaching the threshold protects the account or is only reported (shadow)
 */
public record RuleParameters(String id, int version, boolean enabled, long threshold, Duration window, RuleMode mode) {

    /** An enforced rule, as every rule ships. */
    public RuleParameters(String id, int version, boolean enabled, long threshold, Duration window) {
        this(id, version, enabled, threshold, window, RuleMode.ENFORCE);
    }
}
