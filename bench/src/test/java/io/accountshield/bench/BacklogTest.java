package io.accountshield.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;

class BacklogTest {

    @Test
    void shouldScaleEveryPopulationInProportionUpToAMillionAccounts() {
        // Given the default scenario (20,000 ordinary of 23,150 accounts) scaled to ten and to a million times as many
        Map<String, String> tenThousand = Backlog.scaledScenario(10_000, 1);
        Map<String, String> million = Backlog.scaledScenario(1_000_000, 1);

        // Then each population is the same share of the total (a product in ints overflowed at a million)
        assertThat(Integer.parseInt(million.get("ordinary.accounts"))).isBetween(863_000, 865_000);
        assertThat(Integer.parseInt(million.get("migrations.accounts"))).isBetween(86_000, 87_000);
        assertThat(Integer.parseInt(million.get("ordinary.accounts")))
                .isCloseTo(100 * Integer.parseInt(tenThousand.get("ordinary.accounts")), Percentage.withPercentage(0.1));
        int total = million.entrySet().stream().filter(e -> e.getKey().endsWith(".accounts")).mapToInt(e -> Integer.parseInt(e.getValue())).sum();
        assertThat(total).isBetween(999_990, 1_000_010);
    }
}
