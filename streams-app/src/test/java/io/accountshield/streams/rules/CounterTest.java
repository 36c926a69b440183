package io.accountshield.streams.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.accountshield.schema.state.ActivityBucket;
import org.junit.jupiter.api.Test;

/** The derived counters, from a bucket where every kind of add is present. */
class CounterTest {

    // 10 adds: 6 by contact sync (4 of them mutual), 4 chosen one by one (1 of them mutual).
    private final ActivityBucket bucket = new ActivityBucket(0L, 10, 5, 6, 4, 2, 7, 1);

    @Test
    void shouldCountTheAddsChosenOneByOneAndThoseOfThemToStrangers() {
        assertThat(Counter.ADDS_NOT_BY_CONTACT_SYNC.reader().applyAsInt(bucket)).isEqualTo(4);
        assertThat(Counter.STRANGER_ADDS.reader().applyAsInt(bucket)).as("chosen one by one and not mutual").isEqualTo(3);
        assertThat(Counter.UNINVITED_STRANGER_ADDS.reader().applyAsInt(bucket)).as("kept as it was counted").isEqualTo(1);
    }
}
