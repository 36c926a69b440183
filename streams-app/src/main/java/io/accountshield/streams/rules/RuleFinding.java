package io.accountshield.streams.rules;

import java.util.Map;

/**
 * A rule at or over its threshold, with everything a support agent needs to explain it.
 *
 * @param signals every counter the rules look at, over the rule's window, by signal name
 */
public record RuleFinding(
        RuleParameters rule,
        long observedCount,
        String reason,
        Map<String, Long> signals) {
}
