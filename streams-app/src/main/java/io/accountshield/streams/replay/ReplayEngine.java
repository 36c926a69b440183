package io.accountshield.streams.replay;

import io.accountshield.schema.decisions.AccountWatched;
import io.accountshield.schema.decisions.ProtectionApplied;
import io.accountshield.schema.decisions.ProtectionReleased;
import io.accountshield.schema.decisions.ShadowProtection;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;

/**
 * What a replay runs its events through: the production topology under Kafka's test driver (the
 * reference), or the same processor and stores driven directly. Either way the replay around it
 * (parsing, the simulated clock, what is written and in which order) is the same code.
 */
interface ReplayEngine extends AutoCloseable {

    /** One event into the topology, keyed by its account and stamped with its time, as a producer writes it. */
    void pipe(String accountId, SpecificRecord event, long occurredAtMillis);

    /** Moves the wall clock on to {@code millis} (never back), firing the punctuation due there. */
    void moveWallClockTo(long millis);

    /** Moves what the topology sent to the topics the replay reads, since the last call, into {@code emitted}. */
    void drainTo(Emitted emitted);

    @Override
    void close();

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
