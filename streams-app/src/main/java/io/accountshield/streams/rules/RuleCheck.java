package io.accountshield.streams.rules;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Whether a rule definition may be used, before it is: the checks every instance makes on a definition
 * read from the protection-rules topic, and the operator API makes before writing one. A definition
 * that fails leaves the version in force as it was.
 */
public final class RuleCheck {

    private static final Pattern RULE_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    private RuleCheck() {
    }

    /** 1 to 64 lower-case letters, digits and hyphens, starting with a letter or digit. */
    public static boolean isRuleId(String id) {
        return RULE_ID.matcher(id).matches();
    }

    /**
     * Why this definition cannot replace the one in force, or null when it can.
     *
     * @param inForce     the rule's version in force, or null for a new rule
     * @param quietPeriod the first protection's quiet period, which must cover every enabled rule's window
     */
    public static String problem(RuleParameters candidate, RuleParameters inForce, CountingWindows windows, Duration quietPeriod) {
        if (!isRuleId(candidate.id())) {
            return "a rule id is 1 to 64 lower-case letters, digits and hyphens, not '" + candidate.id() + "'";
        }
        if (candidate.version() < 1) {
            return "the version must be at least 1, not " + candidate.version();
        }
        if (candidate.version() == Integer.MAX_VALUE) {
            return "version " + candidate.version() + " leaves no room for a next one";
        }
        if (inForce != null && candidate.version() <= inForce.version()) {
            return "version " + candidate.version() + " does not increase: version " + inForce.version() + " is in force";
        }
        if (candidate.threshold() < 1) {
            return "the threshold must be at least 1, not " + candidate.threshold() + " (at 0 every account would be protected)";
        }
        String window = windows.windowProblem(candidate.counter(), candidate.window());
        if (window != null) {
            return window;
        }
        if (candidate.enabled() && candidate.window().compareTo(quietPeriod) > 0) {
            return "the window " + candidate.window() + " is longer than the quiet period (" + quietPeriod + "): a released account"
                    + " would be protected again on the counts that protected it";
        }
        return null;
    }
}
