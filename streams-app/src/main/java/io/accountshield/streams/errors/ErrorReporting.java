package io.accountshield.streams.errors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where every record that cannot be judged is accounted for: the dead-letter metric (by reason),
 * the processing-error metric (by exception class), and a rate-limited log. One instance per
 * application, handed to Kafka Streams' exception handlers and to the processor through the
 * Streams configuration (they are created by Kafka Streams, by class name).
 *
 * <p>Bad input (unreadable bytes, an invalid event) is a data error: it is dead-lettered, counted
 * and processing goes on. An exception thrown while deciding is a defect of ours: the event is
 * dead-lettered with the stack trace, counted by exception class, logged at ERROR, and the
 * account's state stays as it was before the event (the processor writes state and decisions only
 * after a decision is complete). A failure of Kafka Streams' own machinery (a state store, the
 * producer) is not about the record: it stops the stream thread, and the application, so that it
 * is restarted instead of deciding on a state it could not keep.
 */
public final class ErrorReporting {

    /** The Streams configuration key under which the instance travels to the handlers and the processor. */
    public static final String CONFIG_KEY = "account-shield.error-reporting";

    public static final String DEAD_LETTERS_METRIC = "account.shield.dead.letters";
    public static final String PROCESSING_ERRORS_METRIC = "account.shield.processing.errors";
    public static final String DEAD_LETTER_WRITE_FAILURES_METRIC = "account.shield.dead.letter.write.failures";

    /** Reason of an event that made the processor fail: a defect of ours, not bad input. */
    public static final String PROCESSING_DEFECT = "processing-defect";

    private static final Logger LOG = LoggerFactory.getLogger("io.accountshield.streams.errors");
    private static final long LOG_INTERVAL_MILLIS = 60_000;

    private final MeterRegistry registry;
    private final RateLimitedLog log;
    private final Counter deadLetterWriteFailures;

    public ErrorReporting(MeterRegistry registry) {
        this.registry = registry;
        // From the start, at zero: the one loss there is should be visible as a rise, not as a series appearing.
        this.deadLetterWriteFailures = Counter.builder(DEAD_LETTER_WRITE_FAILURES_METRIC)
                .description("Dead-letter records that could not be written (the exception is in the ERROR log)").register(registry);
        this.log = new RateLimitedLog(RateLimitedLog.Sink.of(LOG), LOG_INTERVAL_MILLIS, System::currentTimeMillis);
    }

    /** Puts this instance and the dead-letter exception handlers into Streams properties. */
    public Properties install(Properties streamsProperties) {
        streamsProperties.put(CONFIG_KEY, this);
        return streamsProperties;
    }

    /** The instance installed in a Streams configuration, or a private one when none was (its metrics go nowhere). */
    public static ErrorReporting from(Map<String, ?> configs) {
        Object installed = configs.get(CONFIG_KEY);
        return installed instanceof ErrorReporting reporting ? reporting : new ErrorReporting(new SimpleMeterRegistry());
    }

    public static String deadLetterTopic(Map<String, ?> configs) {
        Object topic = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        return topic == null ? null : topic.toString();
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Bad input set aside. */
    public void badInput(String reason, String where, String message) {
        deadLetterCounter(reason).increment();
        log.warn("bad-input:" + reason, "dead-lettered bad input (" + reason + ") from " + where + ": "
                + DeadLetterRecords.abbreviate(message, 500));
    }

    /** A defect hit while deciding: counted by exception class and logged at ERROR. */
    public void defect(String where, Throwable exception, boolean deadLettered) {
        processingErrorCounter(exception).increment();
        if (deadLettered) {
            deadLetterCounter(PROCESSING_DEFECT).increment();
        }
        log.error("defect:" + exception.getClass().getName() + ":" + where, "processing defect in " + where + ": " + exception
                + (deadLettered ? "; the record went to the dead-letter topic and the account's state was left as it was" : ""), exception);
    }

    /** A failure of Kafka Streams' own machinery: not the record's fault, so the application stops and is restarted. */
    public void fatal(String where, Throwable exception) {
        processingErrorCounter(exception).increment();
        LOG.error("Kafka Streams failed in {}; stopping so that the instance is restarted", where, exception);
    }

    /** A dead-letter record that could not be written: the one thing that is then lost, so it is loud. */
    public void deadLetterUnwritable(String topic, Exception exception) {
        deadLetterWriteFailures.increment();
        log.error("dead-letter-write:" + exception.getClass().getName(), "could not write a dead-letter record to " + topic + ": " + exception
                + "; processing goes on without it", null);
    }

    public double deadLetters(String reason) {
        Counter counter = registry.find(DEAD_LETTERS_METRIC).tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    public double processingErrors(String exceptionClass) {
        Counter counter = registry.find(PROCESSING_ERRORS_METRIC).tag("exception", exceptionClass).counter();
        return counter == null ? 0 : counter.count();
    }

    private Counter processingErrorCounter(Throwable exception) {
        return Counter.builder(PROCESSING_ERRORS_METRIC).description("Exceptions thrown while deciding, by exception class")
                .tag("exception", exception.getClass().getSimpleName()).register(registry);
    }

    private Counter deadLetterCounter(String reason) {
        return Counter.builder(DEAD_LETTERS_METRIC).description("Records sent to the dead-letter topic, by reason")
                .tag("reason", reason).register(registry);
    }
}
