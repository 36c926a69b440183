package io.accountshield.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatenciesTest {

    @Test
    void shouldTakeNearestRankPercentilesSoThatP99OfFewerThanAHundredIsTheMaximum() {
        // Given 80 delays of 1..80 ms in no order
        List<Double> millis = new ArrayList<>();
        for (int i = 80; i >= 1; i--) {
            millis.add((double) i);
        }

        // When their distribution is taken
        Latencies latencies = Latencies.ofMillis(millis);

        // Then p50 is the 40th, p99 the 80th (never a value between two measured ones)
        assertThat(latencies.count()).isEqualTo(80);
        assertThat(latencies.p50Millis()).isEqualTo(40.0);
        assertThat(latencies.p99Millis()).isEqualTo(80.0);
        assertThat(latencies.maxMillis()).isEqualTo(80.0);
    }

    @Test
    void shouldTakeTheNinetyNinthOfTwoHundredAsP99() {
        List<Double> millis = new ArrayList<>();
        for (int i = 1; i <= 200; i++) {
            millis.add((double) i);
        }

        Latencies latencies = Latencies.ofMillis(millis);

        assertThat(latencies.p99Millis()).isEqualTo(198.0);
        assertThat(latencies.maxMillis()).isEqualTo(200.0);
    }

    @Test
    void shouldReportNoFigureWhenNothingWasMeasured() {
        Latencies latencies = Latencies.ofMillis(List.of());

        assertThat(latencies.count()).isZero();
        assertThat(latencies.p50Millis()).isNaN();
    }
}
