package io.accountshield.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.accountshield.streams.errors.ErrorReporting;
import io.accountshield.streams.metrics.ProtectionMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

/** The report's "read but not counted" line reads the counters the pipeline writes, by their real names. */
class SkippedEventsTest {

    @Test
    void shouldCountWhatThePipelineSkippedOverEveryTag() {
        // Given the pipeline's own metrics and error reporting on one registry
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ProtectionMetrics metrics = new ProtectionMetrics(registry, InstantSource.system());
        ErrorReporting errors = new ErrorReporting(registry);

        // When it skips a late event and a redelivered one, sets aside two bad inputs of different reasons,
        // and dead-letters an event on a defect
        metrics.lateEventSkipped();
        metrics.redeliveredEventSkipped();
        errors.badInput("unreadable", "test", "not Avro");
        errors.badInput("invalid-event", "test", "no account id");
        errors.defect("test", new IllegalStateException("planted"), true);

        // Then each is counted once, a defect both as a processing error and as a dead letter
        assertThat(SkippedEvents.from(registry)).isEqualTo(new SkippedEvents(1, 1, 3, 1));
    }

    @Test
    void shouldCountNothingOnAFreshPipeline() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new ProtectionMetrics(registry, InstantSource.system());
        new ErrorReporting(registry);

        assertThat(SkippedEvents.from(registry)).isEqualTo(new SkippedEvents(0, 0, 0, 0));
    }
}
