package io.accountshield.sim.traffic;

import io.accountshield.streams.score.AccountLabel;
import java.util.Comparator;
import java.util.List;

/** Everything one account does in the scenario, in time order, and the truth about it. */
public record AccountScript(AccountLabel label, List<SimEvent> events) {

    /** Sorts the events by time (stable, so same-time events keep the order they were made in) and numbers them. */
    static AccountScript of(AccountLabel label, List<SimEvent> unordered) {
        unordered.sort(Comparator.comparingLong(SimEvent::occurredAt));
        for (int i = 0; i < unordered.size(); i++) {
            unordered.set(i, unordered.get(i).withSequence(i));
        }
        return new AccountScript(label, unordered);
    }
}
