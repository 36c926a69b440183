package io.accountshield.streams.lifecycle;

import io.accountshield.schema.state.AccountActivity;

/** Where an account stands. Kept in {@code AccountActivity}: an episode while protected, a watch while watched. */
public enum LifecycleState {
    /** Counted, and judged by the rules at every event. */
    QUIET,
    /** A burst that looks like a phone migration: not restricted, but abuse that follows it escalates it to a protection. */
    WATCHED,
    /** Restricted until its quiet period passes, an agent releases it, or it is put on the allowlist. */
    PROTECTED;

    /** The account's state when judged at {@code atMillis}: a watch that has run out no longer counts. */
    public static LifecycleState of(AccountActivity activity, long atMillis) {
        if (activity.getEpisode() != null) {
            return PROTECTED;
        }
        return activity.getWatch() != null && atMillis <= activity.getWatch().getUntilMillis() ? WATCHED : QUIET;
    }
}
