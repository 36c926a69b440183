package io.accountshield.streams.replay;

import io.accountshield.schema.decisions.AccountWatched;
import io.accountshield.schema.decisions.ProtectionApplied;
import io.accountshield.schema.decisions.ProtectionReleased;
import io.accountshield.schema.decisions.ShadowProtection;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;

/**
 * What a replay runs its events through: the production topology under Kafka's test driver (the
 * reference), or the same processor and stores driven directly. Either way the replay around it
 * (parsing, the simulated clock, what is written and in which order) is the same code.
 */
interface ReplayEngine extends AutoCloseable {

    /**
     * One event into the topology, keyed by its account and stamped with its time, as a producer
     * writes it. {@code changesInTransit}: {@link #changesInTransit} of the event, worked out on the
     * parsing thread (it reads every string of the event, a sixth of the replaying thread's time).
     */
    void pipe(String accountId, SpecificRecord event, long occurredAtMillis, boolean changesInTransit);

    /** Moves the wall clock on to {@code millis} (never back), firing the punctuation due there. */
    void moveWallClockTo(long millis);

    /** Moves what the topology sent to the topics the replay reads, since the last call, into {@code emitted}. */
    void drainTo(Emitted emitted);

    @Override
    void close();

    /** Whether a string of the event holds a surrogate: only then can a serde round trip change it. */
    static boolean changesInTransit(SpecificRecord event) {
        Schema schema = event.getSchema();
        for (int field = 0; field < schema.getFields().size(); field++) {
            if (event.get(field) instanceof CharSequence text) {
                for (int i = 0; i < text.length(); i++) {
                    if (Character.isSurrogate(text.charAt(i))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** A record on the dead-letter topic, as the replay reads it: its key and the headers that say why. */
    record DeadLetter(byte[] key, Headers headers) {
    }

    /** The records of the topics the replay reads, each in the order it was sent; emptied after each write. */
    final class Emitted {
        final List<DeadLetter> deadLetters = new ArrayList<>();
        final List<ProtectionReleased> released = new ArrayList<>();
        final List<ProtectionApplied> applied = new ArrayList<>();
        final List<AccountWatched> watched = new ArrayList<>();
        final List<ShadowProtection> shadow = new ArrayList<>();

        void clear() {
            deadLetters.clear();
            released.clear();
            applied.clear();
            watched.clear();
            shadow.clear();
        }
    }
}
