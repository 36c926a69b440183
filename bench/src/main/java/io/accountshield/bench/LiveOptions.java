package io.accountshield.bench;

import io.accountshield.streams.replay.IsoDurationConverter;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The options of the live parts: time to decision and release punctuality. */
final class LiveOptions {

    @Option(names = "--live-rate", paramLabel = "N", defaultValue = "20000",
            description = "Events/s offered in the live parts (the fixed load of time to decision, and the release run). Default: ${DEFAULT-VALUE}.")
    double rate;

    @Option(names = "--live-accounts", paramLabel = "N", defaultValue = "2000000",
            description = "Ordinary accounts the live load visits in turn, so most events touch an account not seen for a while. Default: ${DEFAULT-VALUE}.")
    int accounts;

    @Option(names = "--live-duration", paramLabel = "DURATION", defaultValue = "PT60S", converter = IsoDurationConverter.class,
            description = "How long each live load is measured (ISO-8601), after the warm-up. Default: ${DEFAULT-VALUE}.")
    Duration duration;

    @Option(names = "--live-warmup", paramLabel = "DURATION", defaultValue = "PT10S", converter = IsoDurationConverter.class,
            description = "Load at --live-rate before anything is measured. Default: ${DEFAULT-VALUE}.")
    Duration warmup;

    @Option(names = "--attacker-every", paramLabel = "DURATION", defaultValue = "PT0.05S", converter = IsoDurationConverter.class,
            description = "A new attacker starts this often. Default: ${DEFAULT-VALUE}.")
    Duration attackerEvery;

    @Option(names = "--near-max-share", paramLabel = "SHARE", defaultValue = "0.9",
            description = "The second load of time to decision: this share of the live maximum, the rate at which the pipeline reads the same traffic sent as fast as the producer can, measured just before. Default: ${DEFAULT-VALUE}.")
    double nearMaxShare;

    @Option(names = "--decision-timeout", paramLabel = "DURATION", defaultValue = "PT30S", converter = IsoDurationConverter.class,
            description = "An attacker not protected (or a protection not released) this long after it was due counts as missing. Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Option(names = "--release-quiet-period", paramLabel = "DURATION", defaultValue = "PT5S", converter = IsoDurationConverter.class,
            description = "protection.quiet-period of the release run (whole seconds). Default: ${DEFAULT-VALUE}.")
    Duration quietPeriod;

    @Option(names = "--release-check-interval", paramLabel = "DURATION", defaultValue = "PT1S", converter = IsoDurationConverter.class,
            description = "time.release-check-interval (and time.grace) of the release run. Default: ${DEFAULT-VALUE}.")
    Duration checkInterval;

    boolean valid() {
        return rate > 0 && accounts > 0 && nearMaxShare > 0 && !duration.isNegative() && !duration.isZero() && !warmup.isNegative()
                && !attackerEvery.isNegative() && !attackerEvery.isZero() && !quietPeriod.isZero() && !checkInterval.isZero();
    }
}
