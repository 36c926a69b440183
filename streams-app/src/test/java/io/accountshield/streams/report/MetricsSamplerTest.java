package io.accountshield.streams.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.accountshield.streams.metrics.ProtectionMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading the business meters at regular instants of whichever clock the caller moves. */
class MetricsSamplerTest {

    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final ProtectionMetrics metrics = new ProtectionMetrics(registry, () -> Instant.EPOCH);

    private void events(int n) {
        Counter.builder(ProtectionMetrics.EVENTS).tag("type", "FriendAdded").tag("source", "qr_code").register(registry).increment(n);
    }

    private void applied(String rule) {
        Counter.builder(ProtectionMetrics.PROTECTIONS_APPLIED).tag("rule", rule).register(registry).increment();
    }

    @Test
    void shouldSampleAtEveryIntervalWhatHappenedBeforeIt() {
        MetricsSampler sampler = new MetricsSampler(registry, Duration.ofSeconds(60), 100);

        sampler.advanceTo(0);
        events(5);
        sampler.advanceTo(59_000);
        events(3);
        sampler.advanceTo(60_000);
        events(2);
        sampler.advanceTo(130_000);

        List<RunSeries.Sample> samples = sampler.series().samples();
        assertThat(samples).extracting(RunSeries.Sample::atMillis).containsExactly(0L, 60_000L, 120_000L);
        assertThat(samples).extracting(RunSeries.Sample::events).containsExactly(0.0, 8.0, 10.0);
    }

    @Test
    void shouldRepeatTheValuesThroughAGapWithoutEvents() {
        MetricsSampler sampler = new MetricsSampler(registry, Duration.ofSeconds(10), 100);
        sampler.advanceTo(0);
        events(4);

        sampler.advanceTo(35_000);

        assertThat(sampler.series().samples()).extracting(RunSeries.Sample::events).containsExactly(0.0, 4.0, 4.0, 4.0);
    }

    @Test
    void shouldCountProtectionsByRuleAndReadTheActiveGauge() {
        MetricsSampler sampler = new MetricsSampler(registry, Duration.ofSeconds(1), 100);
        applied("friend-add-burst");
        applied("friend-add-burst");
        applied("spam-reports");
        try (ProtectionMetrics.TaskGauges task = metrics.task("0_0")) {
            task.protectedAccounts(2);
            sampler.advanceTo(1_000);
        }

        RunSeries series = sampler.series();
        RunSeries.Sample sample = series.samples().get(0);
        assertThat(sample.appliedByRule()).containsEntry("friend-add-burst", 2.0).containsEntry("spam-reports", 1.0);
        assertThat(sample.applied()).isEqualTo(3.0);
        assertThat(sample.active()).isEqualTo(2.0);
        assertThat(series.rules()).containsExactly("friend-add-burst", "spam-reports");
    }

    @Test
    void shouldIgnoreTimeGoingBack() {
        MetricsSampler sampler = new MetricsSampler(registry, Duration.ofSeconds(10), 100);
        sampler.advanceTo(20_000);
        events(1);

        sampler.advanceTo(5_000);

        assertThat(sampler.series().samples()).extracting(RunSeries.Sample::atMillis).containsExactly(20_000L);
    }

    @Test
    void shouldKeepALongRunWithinItsBoundByDoublingTheInterval() {
        MetricsSampler sampler = new MetricsSampler(registry, Duration.ofSeconds(1), 10);
        for (long t = 0; t <= 100_000; t += 1_000) {
            sampler.advanceTo(t);
            events(1);
        }

        RunSeries series = sampler.series();
        assertThat(series.samples()).hasSizeLessThanOrEqualTo(10);
        assertThat(series.interval()).isGreaterThan(Duration.ofSeconds(8));
        assertThat(series.samples().get(0).atMillis()).isZero();
        // The counters are cumulative: what is kept is still exact.
        assertThat(series.samples()).allSatisfy(sample -> assertThat(sample.events()).isEqualTo(sample.atMillis() / 1000.0));
    }

    @Test
    void shouldEndWithTheMetersAsTheyAreAtTheEndOfTheRun() {
        MetricsSampler sampler = new MetricsSampler(registry, Duration.ofMinutes(1), 100);
        sampler.advanceTo(0);
        events(7);

        sampler.finish(30_000);

        assertThat(sampler.series().samples()).extracting(RunSeries.Sample::atMillis).containsExactly(0L, 30_000L);
        assertThat(sampler.series().samples().get(1).events()).isEqualTo(7.0);
    }

    @Test
    void shouldRefuseAnIntervalOfNothing() {
        assertThatThrownBy(() -> new MetricsSampler(registry, Duration.ZERO, 100)).isInstanceOf(IllegalArgumentException.class);
    }
}
