package io.accountshield.streams.time;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/** The wake-up timers, through a real (in-memory) store: due ones earliest first, up to the limit and the time asked. */
class AccountTimersTest {

    private final AccountTimers timers = timers();

    private static AccountTimers timers() {
        KeyValueStore<Bytes, byte[]> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("timers"), Serdes.Bytes(),
                Serdes.ByteArray()).withLoggingDisabled().build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        return new AccountTimers(store);
    }

    @Test
    void shouldTellTheEarliestWakeUpOrNoneForTheOverdueGauge() {
        assertThat(timers.earliest()).as("no timers").isNull();
        timers.set("b", 7_000);
        timers.set("a", 4_000);
        assertThat(timers.earliest()).isEqualTo(4_000L);

        timers.cancel("a", 4_000);
        assertThat(timers.earliest()).isEqualTo(7_000L);
    }

    @Test
    void shouldHandOutAtMostTheLimitOfDueTimersEarliestFirst() {
        timers.set("c", 3_000);
        timers.set("a", 1_000);
        timers.set("b", 2_000);

        assertThat(timers.dueBy(5_000, 2)).containsExactly(new AccountTimers.Due("a", 1_000), new AccountTimers.Due("b", 2_000));
        assertThat(timers.dueBy(5_000, 3)).hasSize(3);
    }

    @Test
    void shouldHandOutATimerFromTheMillisecondItIsDueAndNotOneCancelled() {
        timers.set("konto-ü", 1_000);
        timers.set("b", 1_001);

        assertThat(timers.dueBy(999, 10)).isEmpty();
        assertThat(timers.dueBy(1_000, 10)).containsExactly(new AccountTimers.Due("konto-ü", 1_000));

        timers.cancel("konto-ü", 1_000);
        assertThat(timers.dueBy(1_001, 10)).containsExactly(new AccountTimers.Due("b", 1_001));
    }
}
