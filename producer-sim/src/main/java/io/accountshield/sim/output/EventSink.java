package io.accountshield.sim.output;

import io.accountshield.sim.traffic.SimEvent;
import io.accountshield.streams.score.AccountLabel;
import java.io.IOException;

/** Where generated events and ground-truth labels go. Times have already been mapped. */
public interface EventSink extends AutoCloseable {

    void event(SimEvent event, long occurredAt, long accountCreatedAt) throws IOException;

    void label(AccountLabel label) throws IOException;

    @Override
    void close() throws IOException;
}
