package io.accountshield.streams.lifecycle;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;

/** What one input did to an account: its state afterwards, the decisions to send, and what to count. */
public final class Outcome {

    /** A decision record and the time it is stamped with. */
    public record Decision(SpecificRecord value, long atMillis) {
    }

    /** Things worth counting that leave no decision of their own. */
    public enum Note {
        /** A watch turned into a protection. */
        WATCH_ESCALATED,
        /** A watch ran out without escalating: the burst that looked like a migration was let through. */
        WATCH_RAN_OUT,
        /** An enforced rule stood at its threshold for an allowlisted account: what the allowlist prevented. */
        ALLOWLISTED_FINDING_SKIPPED
    }

    private final List<Decision> decisions = new ArrayList<>(2);
    private final Set<Note> notes = EnumSet.noneOf(Note.class);
    private LifecycleState state;
    private boolean forget;

    Outcome(LifecycleState state) {
        this.state = state;
    }

    void emit(SpecificRecord decision, long atMillis) {
        decisions.add(new Decision(decision, atMillis));
    }

    void note(Note note) {
        notes.add(note);
    }

    void moveTo(LifecycleState next) {
        state = next;
    }

    void forget() {
        forget = true;
    }

    public LifecycleState state() {
        return state;
    }

    public List<Decision> decisions() {
        return decisions;
    }

    public Set<Note> notes() {
        return notes;
    }

    /** The account is idle and unprotected, and no window can see it: its state may be deleted. */
    public boolean forgotten() {
        return forget;
    }
}
