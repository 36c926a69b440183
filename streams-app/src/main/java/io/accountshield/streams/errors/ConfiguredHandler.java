package io.accountshield.streams.errors;

import java.util.Map;
import org.apache.kafka.common.Configurable;

/** What every exception handler of the application reads from the Streams configuration it is created with. */
abstract class ConfiguredHandler implements Configurable {

    protected ErrorReporting reporting;
    /** Null when no dead-letter topic is configured. */
    protected String deadLetterTopic;

    @Override
    public void configure(Map<String, ?> configs) {
        reporting = ErrorReporting.from(configs);
        deadLetterTopic = ErrorReporting.deadLetterTopic(configs);
    }
}
