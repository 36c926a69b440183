package io.accountshield.sim.output;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TimeMappingTest {

    @Test
    void shouldKeepScenarioTimeWhenAsFastAsPossible() {
        assertThat(TimeMapping.unchanged(1_000).map(86_401_000)).isEqualTo(86_401_000);
    }

    @Test
    void shouldStartAtTheOriginAndRunFactorTimesFaster() {
        TimeMapping compressed = new TimeMapping(1_000, 5_000_000, 720);

        assertThat(compressed.map(1_000)).isEqualTo(5_000_000);
        // Three days of scenario time in six minutes.
        assertThat(compressed.map(1_000 + 3 * 86_400_000L)).isEqualTo(5_000_000 + 360_000);
    }
}
