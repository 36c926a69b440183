package io.accountshield.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LiveLoadTest {

    /** The ordinary load's promise: an account comes back only after every other one, so none collects enough events to fire a rule. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 10, 1_000_003, 2_000_000, 3_000_009})
    void shouldVisitEveryOrdinaryAccountExactlyOnceARound(int accounts) {
        long stride = LiveLoad.strideFor(accounts);

        BitSet visited = new BitSet(accounts);
        for (long event = 0; event < accounts; event++) {
            visited.set((int) Math.floorMod(event * stride, (long) accounts));
        }

        assertThat(visited.cardinality()).isEqualTo(accounts);
    }
}
