package io.accountshield.streams.score;

/** A protection applied or released, as the scorecard needs it. */
public record Decision(Type type, String accountId, long at) {

    public enum Type { APPLIED, RELEASED, WATCHED }
}
