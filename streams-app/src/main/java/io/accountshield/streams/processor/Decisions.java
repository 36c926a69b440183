package io.accountshield.streams.processor;

import io.accountshield.schema.decisions.AccountProtectionStatus;
import io.accountshield.schema.decisions.ProtectionApplied;
import io.accountshield.schema.decisions.ProtectionReleased;
import io.accountshield.schema.decisions.ProtectionState;
import io.accountshield.schema.decisions.ReleaseKind;
import io.accountshield.schema.state.AccountActivity;
import io.accountshield.schema.state.ProtectionEpisode;
import io.accountshield.streams.rules.RuleFinding;
import io.accountshield.streams.time.Durations;
import java.time.Instant;

/** Builds the records the pipeline emits, so every decision explains itself the same way. */
final class Decisions {

    private final String pushedOutBy;

    Decisions(long quietPeriodMillis) {
        this.pushedOutBy = "any rule reaching its threshold again, or a new spam report, moves the release to "
                + Durations.inWords(quietPeriodMillis) + " after it";
    }

    ProtectionApplied applied(String accountId, RuleFinding finding, ProtectionEpisode episode, int protectionNumber) {
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
                .build();
    }

    ProtectionReleased released(String accountId, ProtectionEpisode episode, ReleaseKind kind, long releasedAtMillis,
                                String releasedBy, String releaseReason) {
        return ProtectionReleased.newBuilder()
                .setAccountId(accountId)
                .setReleasedAt(Instant.ofEpochMilli(releasedAtMillis))
                .setKind(kind)
                .setRuleId(episode.getRuleId())
                .setAppliedAt(Instant.ofEpochMilli(episode.getAppliedAtMillis()))
                .setProtectedForMillis(releasedAtMillis - episode.getAppliedAtMillis())
                .setReleasedBy(releasedBy)
                .setReleaseReason(releaseReason)
                .build();
    }

    AccountProtectionStatus status(String accountId, AccountActivity activity, long updatedAtMillis) {
        ProtectionEpisode episode = activity.getEpisode();
        AccountProtectionStatus.Builder status = AccountProtectionStatus.newBuilder()
                .setAccountId(accountId)
                .setUpdatedAt(Instant.ofEpochMilli(updatedAtMillis))
                .setProtectionCount(activity.getProtectionCount())
                .setLastReleasedAt(instant(activity.getLastReleasedAtMillis()))
                .setLastReleaseKind(activity.getLastReleaseKind());
        if (episode == null) {
            return status.setState(ProtectionState.RELEASED).build();
        }
        return status.setState(ProtectionState.PROTECTED)
                .setRuleId(episode.getRuleId())
                .setRuleVersion(episode.getRuleVersion())
                .setReason(episode.getReason())
                .setAppliedAt(Instant.ofEpochMilli(episode.getAppliedAtMillis()))
                .setLastSuspiciousAt(Instant.ofEpochMilli(episode.getLastSuspiciousAtMillis()))
                .setReleaseEligibleAt(Instant.ofEpochMilli(episode.getReleaseEligibleAtMillis()))
                .setReleasePushedOutBy(pushedOutBy)
                .build();
    }

    private static Instant instant(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }
}
