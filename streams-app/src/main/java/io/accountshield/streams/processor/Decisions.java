package io.accountshield.streams.processor;

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
import io.accountshield.streams.rules.RuleFinding;
import io.accountshield.streams.time.Durations;
import java.time.Instant;

/** Builds the records the pipeline emits, so every decision explains itself the same way. */
final class Decisions {

    /** What turns a watch into a protection, in words; the processor's {@code escalatesWatch} is its code. */
    static final String WATCH_ESCALATES_ON = "a spam report, or a chatroom in which most members are not the account's friends, "
            + "or any rule reaching its threshold";

    private final long firstQuietPeriodMillis;

    Decisions(long firstQuietPeriodMillis) {
        this.firstQuietPeriodMillis = firstQuietPeriodMillis;
    }

    ProtectionApplied applied(String accountId, RuleFinding finding, ProtectionEpisode episode, int protectionNumber, Long watchedSince) {
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

    AccountWatched watched(String accountId, RuleFinding finding, AccountWatch watch) {
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
                .setEscalatesOn(WATCH_ESCALATES_ON)
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

    AccountProtectionStatus status(String accountId, AccountActivity activity, long quietPeriodMillis, long updatedAtMillis) {
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
                .setReleasePushedOutBy(pushedOutBy(quietPeriodMillis, activity.getProtectionCount()))
                .setQuietPeriodMillis(quietPeriodMillis)
                .build();
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
