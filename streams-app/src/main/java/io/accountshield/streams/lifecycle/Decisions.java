package io.accountshield.streams.lifecycle;

import io.accountshield.schema.decisions.AccountProtectionStatus;
import io.accountshield.schema.decisions.AccountWatched;
import io.accountshield.schema.decisions.ProtectionApplied;
import io.accountshield.schema.decisions.ProtectionReleased;
import io.accountshield.schema.decisions.ProtectionState;
import io.accountshield.schema.decisions.ReleaseKind;
import io.accountshield.schema.decisions.ShadowProtection;
import io.accountshield.schema.state.AccountActivity;
import io.accountshield.schema.state.AccountWatch;
import io.accountshield.schema.state.ProtectionEpisode;
import io.accountshield.schema.allowlist.AllowlistEntry;
import io.accountshield.schema.operator.AuditEntry;
import io.accountshield.schema.operator.CommandResult;
import io.accountshield.schema.operator.OperatorCommand;
import io.accountshield.schema.operator.ReleaseVerdict;
import io.accountshield.streams.notice.Notices;
import io.accountshield.streams.rules.ContactSyncPolicy;
import io.accountshield.streams.rules.RuleFinding;
import io.accountshield.streams.rules.WatchEscalation;
import io.accountshield.streams.time.Durations;
import java.time.Instant;
import java.util.Map;

/** Builds the records the pipeline emits, so every decision explains itself the same way. */
final class Decisions {

    private final long firstQuietPeriodMillis;
    private final ContactSyncPolicy contactSync;

    Decisions(long firstQuietPeriodMillis, ContactSyncPolicy contactSync) {
        this.firstQuietPeriodMillis = firstQuietPeriodMillis;
        this.contactSync = contactSync;
    }

    ProtectionApplied applied(String accountId, AccountActivity activity, RuleFinding finding, ProtectionEpisode episode, int protectionNumber,
                              Long watchedSince) {
        return ProtectionApplied.newBuilder()
                .setAccountId(accountId)
                .setAppliedAt(Instant.ofEpochMilli(episode.getAppliedAtMillis()))
                .setRuleId(finding.rule().id())
                .setRuleVersion(finding.rule().version())
                .setReason(finding.reason())
                .setObservedCount(finding.observedCount())
                .setThreshold(finding.rule().threshold())
                .setWindowMillis(finding.rule().window().toMillis())
                .setSignals(finding.signals())
                .setReleaseEligibleAt(Instant.ofEpochMilli(episode.getReleaseEligibleAtMillis()))
                .setProtectionNumber(protectionNumber)
                .setQuietPeriodMillis(episode.getQuietPeriodMillis())
                .setWatchedSince(watchedSince == null ? null : Instant.ofEpochMilli(watchedSince))
                .setNotice(protectedNotice(activity, episode))
                .build();
    }

    ProtectionReleased released(String accountId, ProtectionEpisode episode, ReleaseKind kind, long releasedAtMillis,
                                String releasedBy, String releaseReason, ReleaseVerdict verdict, String commandId) {
        return ProtectionReleased.newBuilder()
                .setAccountId(accountId)
                .setReleasedAt(Instant.ofEpochMilli(releasedAtMillis))
                .setKind(kind)
                .setRuleId(episode.getRuleId())
                .setAppliedAt(Instant.ofEpochMilli(episode.getAppliedAtMillis()))
                .setProtectedForMillis(releasedAtMillis - episode.getAppliedAtMillis())
                .setReleasedBy(releasedBy)
                .setReleaseReason(releaseReason)
                .setVerdict(verdict)
                .setCommandId(commandId)
                .setNotice(Notices.releasedNotice(verdict))
                .build();
    }

    AccountWatched watched(String accountId, RuleFinding finding, AccountWatch watch, AccountActivity activity) {
        return AccountWatched.newBuilder()
                .setAccountId(accountId)
                .setWatchedAt(Instant.ofEpochMilli(watch.getStartedAtMillis()))
                .setRuleId(finding.rule().id())
                .setRuleVersion(finding.rule().version())
                .setReason(finding.reason())
                .setObservedCount(finding.observedCount())
                .setThreshold(finding.rule().threshold())
                .setWindowMillis(finding.rule().window().toMillis())
                .setSignals(finding.signals())
                .setWatchUntil(Instant.ofEpochMilli(watch.getUntilMillis()))
                .setEscalatesOn(WatchEscalation.escalatesOn(activity))
                .build();
    }

    ShadowProtection shadow(String accountId, RuleFinding finding, long atMillis, boolean alreadyProtected, boolean allowlisted) {
        return ShadowProtection.newBuilder()
                .setAccountId(accountId)
                .setWouldApplyAt(Instant.ofEpochMilli(atMillis))
                .setRuleId(finding.rule().id())
                .setRuleVersion(finding.rule().version())
                .setReason(finding.reason())
                .setObservedCount(finding.observedCount())
                .setThreshold(finding.rule().threshold())
                .setWindowMillis(finding.rule().window().toMillis())
                .setSignals(finding.signals())
                .setAlreadyProtected(alreadyProtected)
                .setAllowlisted(allowlisted)
                .build();
    }

    /** @param releaseVerdict set when this status follows an agent's release: the person's notice says so */
    AccountProtectionStatus status(String accountId, AccountActivity activity, long quietPeriodMillis, long updatedAtMillis,
                                   ReleaseVerdict releaseVerdict) {
        ProtectionEpisode episode = activity.getEpisode();
        AccountProtectionStatus.Builder status = AccountProtectionStatus.newBuilder()
                .setAccountId(accountId)
                .setUpdatedAt(Instant.ofEpochMilli(updatedAtMillis))
                .setProtectionCount(activity.getProtectionCount())
                .setLastReleasedAt(instant(activity.getLastReleasedAtMillis()))
                .setLastReleaseKind(activity.getLastReleaseKind());
        if (episode == null) {
            return status.setState(ProtectionState.RELEASED).setNotice(Notices.releasedNotice(releaseVerdict)).build();
        }
        return status.setState(ProtectionState.PROTECTED)
                .setRuleId(episode.getRuleId())
                .setRuleVersion(episode.getRuleVersion())
                .setReason(episode.getReason())
                .setAppliedAt(Instant.ofEpochMilli(episode.getAppliedAtMillis()))
                .setLastSuspiciousAt(Instant.ofEpochMilli(episode.getLastSuspiciousAtMillis()))
                .setReleaseEligibleAt(Instant.ofEpochMilli(episode.getReleaseEligibleAtMillis()))
                .setReleasePushedOutBy(pushedOutBy(quietPeriodMillis, activity.getProtectionCount()))
                .setQuietPeriodMillis(quietPeriodMillis)
                .setNotice(protectedNotice(activity, episode))
                .build();
    }

    AuditEntry audit(OperatorCommand command, long appliedAtMillis, CommandResult result, String detail) {
        return AuditEntry.newBuilder()
                .setCommandId(command.getCommandId())
                .setAccountId(command.getAccountId())
                .setAction(command.getAction())
                .setOperator(command.getOperator())
                .setReason(command.getReason())
                .setVerdict(command.getVerdict())
                .setAllowUntil(command.getAllowUntil())
                .setIssuedAt(command.getIssuedAt())
                .setAppliedAt(Instant.ofEpochMilli(appliedAtMillis))
                .setResult(result)
                .setDetail(detail)
                .build();
    }

    AllowlistEntry allowlistEntry(OperatorCommand command, long atMillis) {
        return AllowlistEntry.newBuilder()
                .setAccountId(command.getAccountId())
                .setReason(command.getReason())
                .setAddedBy(command.getOperator())
                .setAddedAt(Instant.ofEpochMilli(atMillis))
                .setExpiresAt(command.getAllowUntil())
                .build();
    }

    Map<String, String> notice(AccountActivity activity) {
        return activity.getEpisode() == null ? Notices.releasedNotice(null) : protectedNotice(activity, activity.getEpisode());
    }

    /** The notice while protected: it ends at the current release time; a migration needs nothing from the person. */
    private Map<String, String> protectedNotice(AccountActivity activity, ProtectionEpisode episode) {
        return Notices.protectedNotice(episode.getRuleId(), Instant.ofEpochMilli(episode.getReleaseEligibleAtMillis()),
                contactSync.looksLikeMigration(activity), episode.getQuietPeriodMillis() > firstQuietPeriodMillis);
    }

    /** What a support agent reads out: what moves the release, and why the wait is what it is. */
    String pushedOutBy(long quietPeriodMillis, int protectionNumber) {
        String ladder = quietPeriodMillis > firstQuietPeriodMillis
                ? " (protection number " + protectionNumber + ": repeat offenders wait longer)"
                : "";
        return "any friend-add, chatroom creation or spam report moves the release to " + Durations.inWords(quietPeriodMillis)
                + " after it" + ladder;
    }

    private static Instant instant(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }
}
