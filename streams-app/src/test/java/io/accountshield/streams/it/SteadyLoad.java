package io.accountshield.streams.it;

import io.accountshield.streams.processor.AccountEvents;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.specific.SpecificRecord;

/** Produces each event when its time comes, on its own thread, until stopped. */
final class SteadyLoad implements AutoCloseable {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<SpecificRecord> produced = Collections.synchronizedList(new ArrayList<>());
    private final Thread thread;

    SteadyLoad(LivePipeline pipeline, List<SpecificRecord> events) {
        thread = new Thread(() -> {
            for (SpecificRecord event : events) {
                while (running.get() && AccountEvents.occurredAt(event).isAfter(Instant.now())) {
                    sleepBriefly();
                }
                if (!running.get()) {
                    return;
                }
                pipeline.produce(List.of(event));
                produced.add(event);
            }
        }, "steady-load");
        thread.setDaemon(true);
        thread.start();
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops producing and returns what was produced. */
    List<SpecificRecord> stop() throws InterruptedException {
        running.set(false);
        thread.join();
        return new ArrayList<>(produced);
    }

    /** As {@link #stop}, but an interrupt while waiting is kept on the thread rather than thrown (javac -Xlint:try warns of a close() that throws InterruptedException). */
    @Override
    public void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
