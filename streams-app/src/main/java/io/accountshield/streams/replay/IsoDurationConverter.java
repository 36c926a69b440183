package io.accountshield.streams.replay;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Command-line durations in ISO-8601 (PT30M, PT25H, P2D), the form the replay contract names. */
public final class IsoDurationConverter implements ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        try {
            Duration duration = Duration.parse(value);
            if (duration.isNegative()) {
                throw new TypeConversionException("'" + value + "' is negative; a duration such as PT25H is expected");
            }
            return duration;
        } catch (DateTimeParseException e) {
            throw new TypeConversionException("'" + value + "' is not an ISO-8601 duration such as PT30M, PT25H or P2D");
        }
    }
}
