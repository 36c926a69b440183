package io.accountshield.streams.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** Accepts ISO-8601 durations (PT5M, PT24H, P1D) that are strictly positive. */
final class DurationValidator implements ConfigDef.Validator {

    static Duration parse(String name, Object value) {
        String text = String.valueOf(value).trim();
        try {
            Duration duration = Duration.parse(text);
            if (duration.isNegative() || duration.isZero()) {
                throw new ConfigException(name, value, "must be a positive duration");
            }
            return duration;
        } catch (DateTimeParseException e) {
            throw new ConfigException(name, value, "must be an ISO-8601 duration such as PT30S, PT5M, PT24H or P1D");
        }
    }

    @Override
    public void ensureValid(String name, Object value) {
        parse(name, value);
    }

    @Override
    public String toString() {
        return "ISO-8601 duration";
    }

    /** A comma-separated list of such durations; empty is allowed. */
    static final class DurationListValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value instanceof java.util.List<?> values) {
                values.forEach(each -> parse(name, each));
            }
        }

        @Override
        public String toString() {
            return "comma-separated ISO-8601 durations";
        }
    }
}
