package io.accountshield.bench;

import io.accountshield.streams.errors.ErrorReporting;
import io.accountshield.streams.metrics.ProtectionMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What a live pipeline read but did not count, from its start to when it is asked: an attacker
 * missing from a live part is explained by these, or by nothing the pipeline knows of.
 *
 * @param late             skipped as older than the grace period allows ({@code account_shield_late_events_skipped_total})
 * @param redelivered      skipped as seen before
 * @param deadLettered     sent to the dead-letter topic, every reason (processing defects dead-lettered among them)
 * @param processingErrors exceptions while deciding, every class
 */
record SkippedEvents(long late, long redelivered, long deadLettered, long processingErrors) {

    static SkippedEvents from(MeterRegistry registry) {
        return new SkippedEvents(sum(registry, ProtectionMetrics.LATE_EVENTS_SKIPPED), sum(registry, ProtectionMetrics.REDELIVERED_EVENTS_SKIPPED),
                sum(registry, ErrorReporting.DEAD_LETTERS_METRIC), sum(registry, ErrorReporting.PROCESSING_ERRORS_METRIC));
    }

    /** Over every tag of the counter; 0 when no series was registered (a reason or exception that never happened). */
    private static long sum(MeterRegistry registry, String counter) {
        return Math.round(registry.find(counter).counters().stream().mapToDouble(Counter::count).sum());
    }
}
