package io.accountshield.streams.errors;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * One log line per cause and interval, not one per record: a bad producer sending a million
 * broken records, or a defect hit by every event of an account, would otherwise bury everything
 * else. The first occurrence of a cause is logged at once; later ones are counted and summed into
 * the next line for that cause, at most one per interval.
 */
final class RateLimitedLog {

    /** A cause this far back is forgotten, so a cause seen again after a quiet spell logs at once. */
    private static final int MAX_CAUSES = 1_000;

    /** Where lines go: the logger live, a list in tests. */
    interface Sink {
        void error(String line, Throwable stackTraceOrNull);

        void warn(String line);

        static Sink of(Logger logger) {
            return new Sink() {
                @Override
                public void error(String line, Throwable stackTraceOrNull) {
                    if (stackTraceOrNull == null) {
                        logger.error(line);
                    } else {
                        logger.error(line, stackTraceOrNull);
                    }
                }

                @Override
                public void warn(String line) {
                    logger.warn(line);
                }
            };
        }
    }

    private final Sink logger;
    private final long intervalMillis;
    private final LongSupplier clock;
    private final ConcurrentMap<String, Cause> causes = new ConcurrentHashMap<>();

    RateLimitedLog(Sink logger, long intervalMillis, LongSupplier clock) {
        this.logger = logger;
        this.intervalMillis = intervalMillis;
        this.clock = clock;
    }

    private static final class Cause {
        private long lastLoggedAt = Long.MIN_VALUE;
        private final AtomicLong suppressed = new AtomicLong();
    }

    /**
     * Logs at ERROR when the cause has not been logged within the interval, with how many were
     * suppressed since; the throwable (for its stack trace) only on the cause's first line.
     */
    void error(String cause, String message, Throwable stackTraceOrNull) {
        log(cause, message, stackTraceOrNull, true);
    }

    void warn(String cause, String message) {
        log(cause, message, null, false);
    }

    private void log(String causeKey, String message, Throwable throwable, boolean error) {
        if (causes.size() > MAX_CAUSES) {
            causes.clear();
        }
        Cause cause = causes.computeIfAbsent(causeKey, key -> new Cause());
        long now = clock.getAsLong();
        boolean first;
        long suppressed;
        synchronized (cause) {
            if (cause.lastLoggedAt != Long.MIN_VALUE && now - cause.lastLoggedAt < intervalMillis) {
                cause.suppressed.incrementAndGet();
                return;
            }
            first = cause.lastLoggedAt == Long.MIN_VALUE;
            cause.lastLoggedAt = now;
            suppressed = cause.suppressed.getAndSet(0);
        }
        String line = suppressed == 0 ? message
                : message + " (and " + suppressed + " more of this kind in the last " + (intervalMillis / 1000) + " s)";
        if (error) {
            logger.error(line, first ? throwable : null);
        } else {
            logger.warn(line);
        }
    }
}
