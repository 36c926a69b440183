package io.accountshield.streams.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RolloutShareTest {

    @Test
    void shouldReadPercentagesToTheHundredthAndRefuseAnythingElse() {
        assertThat(RolloutShare.parse("10%").basisPoints()).isEqualTo(1_000);
        assertThat(RolloutShare.parse("0.5%").basisPoints()).isEqualTo(50);
        assertThat(RolloutShare.parse("12.34%").basisPoints()).isEqualTo(1_234);
        assertThat(RolloutShare.parse("100%")).isEqualTo(RolloutShare.ALL);
        assertThat(RolloutShare.parse("0.5%")).hasToString("0.5%");
        assertThat(RolloutShare.parse("10%")).hasToString("10%");
        assertThatThrownBy(() -> RolloutShare.parse("110%")).hasMessageContaining("between 0% and 100%");
        assertThatThrownBy(() -> RolloutShare.parse("10")).hasMessageContaining("a percentage such as 10%");
        assertThatThrownBy(() -> RolloutShare.parse("0.125%")).hasMessageContaining("a percentage such as 10%");
    }

    @Test
    void shouldPickAboutTheShareOfAccountsAndKeepANarrowerShareInsideAWiderOne() {
        RolloutShare tenth = RolloutShare.parse("10%");
        RolloutShare half = RolloutShare.parse("50%");
        long inTenth = IntStream.range(0, 100_000).mapToObj(i -> "u" + Long.toHexString(i * 0x9E3779B97F4A7C15L)).filter(tenth::covers).count();
        assertThat(inTenth).isBetween(9_500L, 10_500L);
        assertThat(IntStream.range(0, 10_000).mapToObj(i -> "account-" + i).filter(tenth::covers)).allMatch(half::covers);
    }

    @Test
    void shouldPlaceAnAccountByItsIdAloneAsTheDocumentedHashSays() {
        // FNV-1a 64 of "a" is 0xaf63dc4c8601ec8c; unsigned, modulo 10,000
        assertThat(RolloutShare.pointOf("a")).isEqualTo((int) Long.remainderUnsigned(0xaf63dc4c8601ec8cL, 10_000));
        assertThat(RolloutShare.pointOf("account-42")).isEqualTo(RolloutShare.pointOf("account-42"));
    }
}
