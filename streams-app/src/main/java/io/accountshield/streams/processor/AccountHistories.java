package io.accountshield.streams.processor;

import io.accountshield.schema.decisions.AccountWatched;
import io.accountshield.schema.decisions.ProtectionApplied;
import io.accountshield.schema.decisions.ProtectionReleased;
import io.accountshield.schema.decisions.ReleaseKind;
import io.accountshield.schema.operator.AuditEntry;
import io.accountshield.schema.operator.CommandResult;
import io.accountshield.schema.state.AccountHistory;
import io.accountshield.schema.state.HistoryEntry;
import io.accountshield.streams.lifecycle.Outcome;
import io.accountshield.streams.time.Durations;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Each account's recent decisions and operator commands, for the support view: the last
 * {@value #MAX_ENTRIES}, each summary at most {@value #MAX_SUMMARY_CHARS} characters, so an account
 * costs a bounded amount whatever happens to it. Written only when a decision is made (rare), and
 * forgotten with the account's state.
 */
public final class AccountHistories {

    public static final int MAX_ENTRIES = 20;
    static final int MAX_SUMMARY_CHARS = 1_000;

    private final KeyValueStore<String, AccountHistory> store;

    public AccountHistories(KeyValueStore<String, AccountHistory> store) {
        this.store = store;
    }

    void record(String accountId, List<Outcome.Decision> decisions) {
        List<HistoryEntry> added = new ArrayList<>(decisions.size());
        for (Outcome.Decision decision : decisions) {
            HistoryEntry entry = entryFor(decision.value(), decision.atMillis());
            if (entry != null) {
                added.add(entry);
            }
        }
        if (added.isEmpty()) {
            return;
        }
        AccountHistory history = store.get(accountId);
        List<HistoryEntry> entries = history == null ? new ArrayList<>() : new ArrayList<>(history.getEntries());
        entries.addAll(added);
        while (entries.size() > MAX_ENTRIES) {
            entries.remove(oldestToDrop(entries));
        }
        store.put(accountId, new AccountHistory(entries));
    }

    /**
     * Commands that changed nothing go first, oldest first, so that a burst of them (a race of agents,
     * or someone trying) cannot push the protections and releases out; the audit topic keeps them all.
     */
    private static int oldestToDrop(List<HistoryEntry> entries) {
        for (int i = 0; i < entries.size(); i++) {
            String result = entries.get(i).getResult();
            if (result != null && !result.equals(CommandResult.APPLIED.name())) {
                return i;
            }
        }
        return 0;
    }

    void forget(String accountId) {
        store.delete(accountId);
    }

    /** The history entry a decision makes; null for records that are not part of the story (status, shadow, allowlist). */
    static HistoryEntry entryFor(SpecificRecord decision, long atMillis) {
        if (decision instanceof ProtectionApplied applied) {
            return entry(atMillis, "protected", null, null, "protected by " + applied.getRuleId() + " v" + applied.getRuleVersion()
                    + " (protection number " + applied.getProtectionNumber() + "): " + applied.getReason());
        } else if (decision instanceof ProtectionReleased released) {
            String how = released.getKind() == ReleaseKind.AUTO
                    ? "released automatically"
                    : "released by " + released.getReleasedBy()
                            + (released.getVerdict() == null ? "" : " (" + released.getVerdict().name().toLowerCase(Locale.ROOT) + ")")
                            + ": " + released.getReleaseReason();
            return entry(atMillis, "released", released.getCommandId(), null, how + ", after " + Durations.roughly(released.getProtectedForMillis()));
        } else if (decision instanceof AccountWatched watched) {
            return entry(atMillis, "watched", null, null, watched.getReason());
        } else if (decision instanceof AuditEntry audit) {
            return entry(atMillis, "command", audit.getCommandId(), audit.getResult().name(), audit.getOperator() + " asked to " + audit.getAction().name().toLowerCase(Locale.ROOT)
                    + " (\"" + audit.getReason() + "\"): " + audit.getResult().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                    + ", " + audit.getDetail());
        }
        return null;
    }

    private static HistoryEntry entry(long atMillis, String kind, String commandId, String result, String summary) {
        String bounded = summary.length() <= MAX_SUMMARY_CHARS ? summary : summary.substring(0, MAX_SUMMARY_CHARS - 3) + "...";
        return new HistoryEntry(atMillis, kind, bounded, commandId, result);
    }
}
