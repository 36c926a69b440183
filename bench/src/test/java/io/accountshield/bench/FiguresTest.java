package io.accountshield.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FiguresTest {

    @Test
    void shouldGiveTheMedianThenTheSpreadOverTheRuns() {
        assertThat(Figures.millis(List.of(300.0, 100.0, 200.0), Double::doubleValue)).isEqualTo("200 ms (100–300)");
        assertThat(Figures.millis(List.of(120.0), Double::doubleValue)).isEqualTo("120 ms");
    }

    @Test
    void shouldLeaveOutARunWithoutTheFigureAndSaySo() {
        // A latency of a load where nothing was decided is NaN: no figure, not "NaN ms".
        assertThat(Figures.millis(List.of(Double.NaN, 100.0, 300.0), Double::doubleValue)).isEqualTo("200 ms (100–300, 2 of 3 runs)");
        assertThat(Figures.millis(List.of(Double.NaN, 100.0), Double::doubleValue)).isEqualTo("100 ms (1 of 2 runs)");
        assertThat(Figures.millis(List.of(Double.NaN, Double.NaN), Double::doubleValue)).isEqualTo("–");
    }
}
