package io.accountshield.streams.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.accountshield.streams.metrics.ProtectionMetrics;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The distribution of time to decision, from the histogram the live application publishes. */
class TimeToDecisionTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    private Timer timer(String rule) {
        // As ProtectionMetrics registers it.
        return Timer.builder(ProtectionMetrics.TIME_TO_DECISION).tag("rule", rule).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(10)).maximumExpectedValue(Duration.ofHours(1)).register(registry);
    }

    @Test
    void shouldCountTheDecisionsOfEveryRuleInEachBucketNotCumulatively() {
        timer("friend-add-burst").record(Duration.ofMillis(50));
        timer("friend-add-burst").record(Duration.ofMillis(50));
        timer("spam-reports").record(Duration.ofMillis(50));
        timer("spam-reports").record(Duration.ofSeconds(3));

        TimeToDecision ttd = TimeToDecision.from(registry);

        assertThat(ttd.count()).isEqualTo(4);
        assertThat(ttd.buckets().stream().mapToLong(TimeToDecision.Bucket::count).sum()).isEqualTo(4);
        assertThat(ttd.buckets().get(0).count()).isEqualTo(3);
        assertThat(ttd.buckets().get(0).upToSeconds()).isBetween(0.05, 0.1);
        assertThat(ttd.buckets().get(ttd.buckets().size() - 1).count()).isEqualTo(1);
        assertThat(ttd.buckets().get(ttd.buckets().size() - 1).upToSeconds()).isBetween(3.0, 4.0);
        assertThat(ttd.meanSeconds()).isCloseTo((0.15 + 3) / 4, within(1e-9));
    }

    @Test
    void shouldBoundTheMedianAndThe95thPercentileByTheirBuckets() {
        for (int i = 0; i < 19; i++) {
            timer("friend-add-burst").record(Duration.ofMillis(50));
        }
        timer("friend-add-burst").record(Duration.ofSeconds(30));

        TimeToDecision ttd = TimeToDecision.from(registry);

        assertThat(ttd.quantileUpperBound(0.5)).isBetween(0.05, 0.1);
        assertThat(ttd.quantileUpperBound(0.95)).isBetween(0.05, 0.1);
        assertThat(ttd.quantileUpperBound(1.0)).isBetween(30.0, 40.0);
    }

    @Test
    void shouldCountWhatIsSlowerThanTheLargestBoundInAnOpenEndedBucket() {
        timer("friend-add-burst").record(Duration.ofMillis(50));
        timer("friend-add-burst").record(Duration.ofHours(3));

        TimeToDecision ttd = TimeToDecision.from(registry);

        assertThat(ttd.buckets().get(ttd.buckets().size() - 1)).isEqualTo(new TimeToDecision.Bucket(Double.POSITIVE_INFINITY, 1));
        assertThat(ttd.quantileUpperBound(1.0)).isInfinite();
        assertThat(ttd.quantileUpperBound(0.5)).isBetween(0.05, 0.1);
    }

    @Test
    void shouldHaveNoBucketsWhenNothingWasDecided() {
        timer("friend-add-burst");

        TimeToDecision ttd = TimeToDecision.from(registry);

        assertThat(ttd.count()).isZero();
        assertThat(ttd.buckets()).isEmpty();
        assertThat(ttd.quantileUpperBound(0.5)).isZero();
    }
}
