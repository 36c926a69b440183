package io.accountshield.streams.rules;

/** Whether a rule restricts accounts or only says what it would have done, so a new rule can be tried on live traffic. */
public enum RuleMode {
    /** At its threshold the rule protects the account. */
    ENFORCE,
    /** At its threshold the rule emits a ShadowProtection and counts it; nothing is restricted or pushed out. */
    SHADOW;

    public String configValue() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
