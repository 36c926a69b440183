package io.accountshield.streams.processor;

import static org.assertj.core.api.Assertions.assertThat;

import io.accountshield.schema.operator.AuditEntry;
import io.accountshield.schema.operator.CommandAction;
import io.accountshield.schema.operator.CommandResult;
import io.accountshield.schema.operator.ReleaseVerdict;
import io.accountshield.schema.state.AccountHistory;
import io.accountshield.schema.state.HistoryEntry;
import io.accountshield.schema.decisions.AccountWatched;
import io.accountshield.streams.lifecycle.Outcome;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.junit.jupiter.api.Test;

class AccountHistoriesTest {

    @Test
    void shouldKeepTheDecisionsWhenCommandsThatChangedNothingOverflowTheHistory() {
        KeyValueStore<String, AccountHistory> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("history"), Serdes.String(),
                io.accountshield.schema.serde.AvroSerdes.of(AccountHistory.class)).withLoggingDisabled().build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        AccountHistories histories = new AccountHistories(store);
        AccountWatched watched = AccountWatched.newBuilder().setAccountId("a").setWatchedAt(Instant.EPOCH).setRuleId("friend-add-burst")
                .setRuleVersion(2).setReason("a burst").setObservedCount(120).setThreshold(100).setWindowMillis(300_000)
                .setSignals(Map.of()).setWatchUntil(Instant.EPOCH).setEscalatesOn("x").build();
        histories.record("a", List.of(new Outcome.Decision(watched, 1)));
        for (int i = 0; i < 30; i++) {
            AuditEntry noop = new AuditEntry("c" + i, "a", CommandAction.RELEASE, "agent", "race " + i, ReleaseVerdict.LIFTED, null,
                    Instant.EPOCH, Instant.EPOCH, CommandResult.NOT_PROTECTED, "the account is not protected (quiet); nothing changed");
            histories.record("a", List.of(new Outcome.Decision(noop, 2 + i)));
        }

        List<HistoryEntry> entries = store.get("a").getEntries();
        assertThat(entries).hasSize(AccountHistories.MAX_ENTRIES);
        assertThat(entries.get(0).getKind()).isEqualTo("watched");
        assertThat(entries.get(entries.size() - 1).getCommandId()).isEqualTo("c29");
    }
}
