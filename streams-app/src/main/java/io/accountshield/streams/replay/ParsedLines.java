package io.accountshield.streams.replay;

import io.accountshield.streams.processor.EventValidator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;

/**
 * The input's lines, read and parsed on a thread of their own while the replaying thread runs the
 * topology: parsing is a third of a replay's work, and a second core takes it. The replaying
 * thread takes them strictly in file order, so the output does not depend on the threads' timing.
 */
final class ParsedLines implements AutoCloseable {

    /**
     * One non-blank line: an event, or why it is not one ({@code implausible}: a time the clock must
     * not run to). {@code changesInTransit}: {@link ReplayEngine#changesInTransit} of the event.
     */
    record Parsed(long lineNumber, String line, SpecificRecord event, boolean changesInTransit, String problem, boolean implausible) {
    }

    private static final int BATCH = 512;
    /** Batches read ahead at most: bounds memory whatever the file's size. */
    private static final int BATCHES_AHEAD = 16;

    private final BlockingQueue<List<Parsed>> batches = new ArrayBlockingQueue<>(BATCHES_AHEAD);
    private final Thread reader;
    private volatile boolean closed;
    private volatile Throwable failure;
    /** Every line read, blank ones included; final once {@link #next()} has returned null. */
    private volatile long lines;
    private List<Parsed> current = List.of();
    private int position;
    private boolean ended;

    ParsedLines(BufferedReader input) {
        this.reader = new Thread(() -> read(input), "replay-parser");
        reader.setDaemon(true);
        reader.start();
    }

    /** The next non-blank line, or null after the last. */
    Parsed next() throws IOException {
        while (position == current.size()) {
            if (ended) {
                return null;
            }
            try {
                current = batches.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while reading the events", e);
            }
            position = 0;
            if (current.isEmpty()) {
                ended = true;
                if (failure instanceof IOException io) {
                    throw io;
                } else if (failure instanceof RuntimeException runtime) {
                    throw runtime;
                } else if (failure != null) {
                    throw new IllegalStateException("reading the events failed", failure);
                }
            }
        }
        return current.get(position++);
    }

    long lines() {
        return lines;
    }

    private void read(BufferedReader input) {
        JsonlEventParser parser = new JsonlEventParser();
        long lineNumber = 0;
        List<Parsed> batch = new ArrayList<>(BATCH);
        try {
            String line;
            while (!closed && (line = input.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                batch.add(parse(parser, line, lineNumber));
                if (batch.size() == BATCH) {
                    hand(batch);
                    batch = new ArrayList<>(BATCH);
                }
            }
            if (!batch.isEmpty()) {
                hand(batch);
            }
        } catch (IOException | RuntimeException | Error e) {
            failure = e;
        } finally {
            lines = lineNumber;
            hand(List.of());
        }
    }

    private static Parsed parse(JsonlEventParser parser, String line, long lineNumber) {
        SpecificRecord event;
        try {
            event = parser.parse(line, lineNumber);
        } catch (InvalidLineException e) {
            return new Parsed(lineNumber, line, null, false, e.getMessage(), false);
        }
        EventValidator.Problem implausible = EventValidator.implausibleTime(event);
        return implausible != null ? new Parsed(lineNumber, line, null, false, implausible.message(), true)
                : new Parsed(lineNumber, line, event, ReplayEngine.changesInTransit(event), null, false);
    }

    private void hand(List<Parsed> batch) {
        try {
            while (!batches.offer(batch, 100, TimeUnit.MILLISECONDS)) {
                if (closed) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted while handing over parsed lines", e));
        }
    }

    /** Stops the reading thread, also when the replay ends early on a failure. */
    @Override
    public void close() {
        closed = true;
        batches.clear();
        try {
            reader.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
