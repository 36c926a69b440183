package io.accountshield.bench;

import io.accountshield.streams.replay.IsoDurationConverter;
import java.time.Duration;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigException;
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
            description = "time.release-check-interval of the release run. Default: ${DEFAULT-VALUE}.")
    Duration checkInterval;

    @Option(names = "--release-grace", paramLabel = "DURATION", defaultValue = "PT10S", converter = IsoDurationConverter.class,
            description = "time.grace of the release run (PT1M by default in the application). Not 1 s, its former value: running 1.5 s behind on two "
                    + "cores, the pipeline read some events over a second behind its stream time and skipped them as late, attackers' "
                    + "adds among them. Default: ${DEFAULT-VALUE}.")
    Duration releaseGrace;

    @Option(names = "--live-compression", paramLabel = "TYPE", defaultValue = "none",
            description = "compression.type of the live load's producer. With lz4, building a compressor for each new batch (about 2,000 "
                    + "a second over 24 partitions at a 10 ms linger) left the load up to 2.2 s behind its schedule on two cores after a "
                    + "short warm-up, so the fixed load was not fixed. Default: ${DEFAULT-VALUE}.")
    String compression;

    boolean valid() {
        return rate > 0 && accounts > 0 && nearMaxShare > 0 && !duration.isNegative() && !duration.isZero() && !warmup.isNegative()
                && !attackerEvery.isNegative() && !attackerEvery.isZero() && !quietPeriod.isZero() && !checkInterval.isZero()
                && !releaseGrace.isZero();
    }

    /** What the producer would say of {@code --live-compression}, said before the backlog parts have run; null when it is fine. */
    String compressionProblem() {
        try {
            ProducerConfig.configDef().configKeys().get(ProducerConfig.COMPRESSION_TYPE_CONFIG).validator
                    .ensureValid(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
            return null;
        } catch (ConfigException e) {
            return "--live-compression: " + e.getMessage();
        }
    }
}
