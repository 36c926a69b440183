package io.accountshield.streams.api;

import io.accountshield.schema.allowlist.AllowlistEntry;
import io.accountshield.schema.state.AccountActivity;
import io.accountshield.schema.state.AccountHistory;
import io.accountshield.schema.state.AccountWatch;
import io.accountshield.schema.state.HistoryEntry;
import io.accountshield.schema.state.ProtectionEpisode;
import io.accountshield.streams.lifecycle.LifecycleState;
import io.accountshield.streams.lifecycle.ProtectionLifecycle;
import io.accountshield.streams.rules.RuleBook;
import io.accountshield.streams.rules.WatchEscalation;
import io.accountshield.streams.time.Durations;
import io.accountshield.streams.time.ProtectionTimeline;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Everything a support agent sees about one account, as the API's JSON: the state, why, until when
 * and what would push that out, the counts, the allowlist, and the recent decisions and commands.
 */
public record AccountView(
        String accountId,
        String state,
        Protection protection,
        Watch watch,
        int protectionCount,
        Instant lastReleasedAt,
        String lastReleaseKind,
        Map<String, String> notice,
        Map<String, Object> counts,
        Allowlisting allowlist,
        List<History> history,
        String servedBy) {

    public record Protection(String ruleId, int ruleVersion, String reason, Instant appliedAt, Instant lastSuspiciousAt,
                             Instant releaseEligibleAt, Instant releaseDueAt, String pushedOutBy, String quietPeriod, int protectionNumber) {
    }

    public record Watch(String ruleId, int ruleVersion, String reason, Instant startedAt, Instant until, String escalatesOn) {
    }

    public record Allowlisting(String reason, String addedBy, Instant addedAt, Instant expiresAt, boolean inForce) {
    }

    public record History(Instant at, String kind, String summary, String commandId, String result) {
    }

    /** How the view is read from the stores: the rules and timeline that explain the state. */
    public record Explainer(Supplier<RuleBook> rules, ProtectionTimeline timeline, ProtectionLifecycle lifecycle) {

        public AccountView view(String accountId, AccountActivity activity, AccountHistory history, AllowlistEntry listed,
                                long nowMillis, String servedBy) {
            Allowlisting allowlisting = listed == null ? null : new Allowlisting(listed.getReason(), listed.getAddedBy(),
                    listed.getAddedAt(), listed.getExpiresAt(), timeline.allowlistInForce(listed, nowMillis));
            List<History> entries = history == null ? List.of() : history.getEntries().stream()
                    .map(AccountView::history).toList();
            if (activity == null) {
                return new AccountView(accountId, "unknown", null, null, 0, null, null, Map.of(), Map.of(), allowlisting, entries, servedBy);
            }
            LifecycleState state = LifecycleState.of(activity, activity.getLatestEventAtMillis());
            ProtectionEpisode episode = activity.getEpisode();
            Protection protection = episode == null ? null : new Protection(episode.getRuleId(), episode.getRuleVersion(),
                    episode.getReason(), Instant.ofEpochMilli(episode.getAppliedAtMillis()),
                    Instant.ofEpochMilli(episode.getLastSuspiciousAtMillis()), Instant.ofEpochMilli(episode.getReleaseEligibleAtMillis()),
                    Instant.ofEpochMilli(timeline.releaseDueAt(episode)), lifecycle.releasePushedOutBy(activity),
                    Durations.inWords(timeline.quietPeriodMillis(episode)), activity.getProtectionCount());
            AccountWatch watching = state == LifecycleState.WATCHED ? activity.getWatch() : null;
            Watch watch = watching == null ? null : new Watch(watching.getRuleId(), watching.getRuleVersion(), watching.getReason(),
                    Instant.ofEpochMilli(watching.getStartedAtMillis()), Instant.ofEpochMilli(watching.getUntilMillis()),
                    WatchEscalation.escalatesOn(activity));
            return new AccountView(accountId, state.name().toLowerCase(Locale.ROOT), protection, watch, activity.getProtectionCount(),
                    activity.getLastReleasedAtMillis() == null ? null : Instant.ofEpochMilli(activity.getLastReleasedAtMillis()),
                    activity.getLastReleaseKind() == null ? null : activity.getLastReleaseKind().name(),
                    lifecycle.notice(activity), rules.get().countsNow(activity), allowlisting, entries, servedBy);
        }
    }

    private static History history(HistoryEntry entry) {
        return new History(Instant.ofEpochMilli(entry.getAtMillis()), entry.getKind(), entry.getSummary(), entry.getCommandId(),
                entry.getResult());
    }
}
