package io.accountshield.streams.rules;

import io.accountshield.schema.state.AccountActivity;

/** A condition on one account's recent activity that, when met, protects the account. */
public interface Rule {

    RuleParameters parameters();

    /** The count this rule compares with its threshold, over its window ending at the latest event. */
    long observe(AccountActivity activity);

    /** What is counted, in words: "friend-adds", "distinct reporters". */
    String countedWhat();

    /** What was counted for this account, where that depends on the account (the mutual share that applied to it). */
    default String countedWhat(AccountActivity activity) {
        return countedWhat();
    }
}
