package io.accountshield.streams.time;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeldReleasesTest {

    @Test
    void shouldHandOutTheReleasesStreamTimeHasReachedEarliestFirstAndKeepTheRest() {
        HeldReleases held = new HeldReleases(10);
        held.hold("c", 3_000);
        held.hold("a", 1_000);
        held.hold("b", 2_000);

        assertThat(held.anyReachedBy(999)).isFalse();
        assertThat(held.takeReachedBy(999, 10)).isEmpty();
        assertThat(held.takeReachedBy(2_000, 10)).extracting(HeldReleases.Held::accountId).containsExactly("a", "b");
        assertThat(held.size()).isEqualTo(1);
        assertThat(held.anyReachedBy(3_000)).isTrue();
    }

    @Test
    void shouldHandOutAtMostTheLimitPerCallSoOneRecordCannotStallTheThread() {
        HeldReleases held = new HeldReleases(10);
        for (int i = 0; i < 5; i++) {
            held.hold("account-" + i, 1_000 + i);
        }
        assertThat(held.takeReachedBy(10_000, 2)).extracting(HeldReleases.Held::accountId).containsExactly("account-0", "account-1");
        assertThat(held.takeReachedBy(10_000, 2)).extracting(HeldReleases.Held::accountId).containsExactly("account-2", "account-3");
        assertThat(held.size()).isEqualTo(1);
    }

    @Test
    void shouldRememberNoMoreThanItsCapacityAndForgetEverythingWhenCleared() {
        HeldReleases held = new HeldReleases(2);
        held.hold("a", 1_000);
        held.hold("b", 2_000);
        held.hold("c", 500);
        assertThat(held.size()).as("the third is left to its timer").isEqualTo(2);
        assertThat(held.takeReachedBy(600, 10)).isEmpty();

        held.clear();
        assertThat(held.anyReachedBy(Long.MAX_VALUE)).isFalse();
    }
}
