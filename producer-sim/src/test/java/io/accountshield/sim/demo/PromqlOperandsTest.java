package io.accountshield.sim.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromqlOperandsTest {

    @Test
    void shouldGiveTheQueryOfASimpleThresholdAndDropTheNumber() {
        assertThat(PromqlOperands.of("max by (instance) (x{job=\"a\"}) > 300")).containsExactly("max by (instance) (x{job=\"a\"})");
        assertThat(PromqlOperands.of("up{job=\"a\"} == 0")).containsExactly("up{job=\"a\"}");
    }

    @Test
    void shouldSplitAtTopLevelSetOperatorsButNotInsideBracketsOrQuotes() {
        String expression = "sum(l{c=~\".*>.*\"}) > 10000\nand\nderiv(sum(l)[10m:15s]) > 0";
        assertThat(PromqlOperands.of(expression)).containsExactly("sum(l{c=~\".*>.*\"})", "deriv(sum(l)[10m:15s])");
    }

    @Test
    void shouldDropMatchingModifiersAndKeepAnOrInsideParentheses() {
        String expression = "sum by (rule) (rate(p[5m])) * 60\n  > on (rule)\n5 * (sum by (rule) (rate(p[1h] offset 5m)) or sum by (rule) (rate(p[5m])) * 0) + 20";
        assertThat(PromqlOperands.of(expression)).containsExactly("sum by (rule) (rate(p[5m])) * 60",
                "5 * (sum by (rule) (rate(p[1h] offset 5m)) or sum by (rule) (rate(p[5m])) * 0) + 20");
    }
}
