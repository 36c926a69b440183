package io.accountshield.sim.evaluate;

import io.accountshield.streams.score.AccountLabel;
import io.accountshield.streams.score.Scorecard;
import io.accountshield.streams.score.ScorecardReport;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** The detection targets of issue "quality", stated once; each one judges one row of a scorecard. */
public final class DetectionTargets {

    /** One target: a measure of one scorecard row, and the limit it must keep. */
    public sealed interface Target permits SpamKindTarget, MaxProtectedShare, MaxReleasedEarly {

        /** The scorecard row it judges. */
        String group();

        /** Whom it is about, as people say it: the spam kind, or the row. */
        default String subject() {
            return group();
        }

        /** What it measures: "recall", "detect p95". */
        String measure();

        /** The limit, as people say it: "≥ 99.50%", "< 2 min", "none". */
        String limit();

        boolean isMet(Scorecard.Row row);

        /** The row's value of the measure: "80.00%", "5h29m". */
        String measured(Scorecard.Row row);

        /** For people: {@code purchased-list: detect p95 < 2 min}. */
        default String description() {
            return subject() + ": " + measure() + " " + limit();
        }

        /**
         * Null when met, else what was measured against what was asked. A row without accounts is not
         * judged: a case may leave a population out.
         */
        default String miss(Scorecard.Result result) {
            Scorecard.Row row = Objects.requireNonNull(result.row(group()), () -> "the scorecard has no row " + group());
            return row.accounts() == 0 || isMet(row) ? null
                    : subject() + ": " + measure() + " " + measured(row) + " (target " + limit() + ")";
        }
    }

    /** A target for one spam kind: it judges the kind's row. */
    public sealed interface SpamKindTarget extends Target permits MinRecall, MaxDetectP95 {

        String kind();

        @Override
        default String group() {
            return Scorecard.spamGroup(kind());
        }

        @Override
        default String subject() {
            return kind();
        }
    }

    /** At least this share of a spam kind's accounts protected. */
    public record MinRecall(String kind, double minShare) implements SpamKindTarget {
        @Override
        public String measure() {
            return "recall";
        }

        @Override
        public String limit() {
            return "≥ " + ScorecardReport.percent(minShare);
        }

        @Override
        public boolean isMet(Scorecard.Row row) {
            return row.protectedShare() >= minShare;
        }

        @Override
        public String measured(Scorecard.Row row) {
            return ScorecardReport.percent(row.protectedShare());
        }
    }

    /** A spam kind's 95th percentile time to detect under this; a kind none of whose accounts was caught misses it. */
    public record MaxDetectP95(String kind, Duration under) implements SpamKindTarget {
        @Override
        public String measure() {
            return "detect p95";
        }

        @Override
        public String limit() {
            return "< " + under.toMinutes() + " min";
        }

        @Override
        public boolean isMet(Scorecard.Row row) {
            return row.detectP95Millis() != null && row.detectP95Millis() < under.toMillis();
        }

        @Override
        public String measured(Scorecard.Row row) {
            return row.detectP95Millis() == null ? "- (none caught)" : ScorecardReport.duration(row.detectP95Millis());
        }
    }

    /** At most this share of a population protected (0: none at all). */
    public record MaxProtectedShare(String group, double maxShare) implements Target {
        @Override
        public String measure() {
            return "protected";
        }

        @Override
        public String limit() {
            return maxShare == 0 ? "none" : "≤ " + ScorecardReport.percent(maxShare);
        }

        @Override
        public boolean isMet(Scorecard.Row row) {
            return row.protectedShare() <= maxShare;
        }

        @Override
        public String measured(Scorecard.Row row) {
            return ScorecardReport.count(row.protectedAccounts()) + ", " + ScorecardReport.percent(row.protectedShare());
        }
    }

    /** At most this many spam accounts released before the quiet period after their campaign's last event. */
    public record MaxReleasedEarly(String group, int max) implements Target {
        @Override
        public String measure() {
            return "released early";
        }

        @Override
        public String limit() {
            return max == 0 ? "none" : "≤ " + max;
        }

        @Override
        public boolean isMet(Scorecard.Row row) {
            return row.releasedEarly() <= max;
        }

        @Override
        public String measured(Scorecard.Row row) {
            return ScorecardReport.count(row.releasedEarly());
        }
    }

    private static final double MIN_SPAM_RECALL = 0.995;

    /** The issue's targets, in the order a summary lists misses. */
    public static final List<Target> ISSUE = List.of(
            new MinRecall(AccountLabel.FRIEND_ADD_FLOOD, MIN_SPAM_RECALL),
            new MaxDetectP95(AccountLabel.FRIEND_ADD_FLOOD, Duration.ofMinutes(5)),
            new MinRecall(AccountLabel.PURCHASED_LIST, MIN_SPAM_RECALL),
            new MaxDetectP95(AccountLabel.PURCHASED_LIST, Duration.ofMinutes(2)),
            new MinRecall(AccountLabel.LOW_AND_SLOW, MIN_SPAM_RECALL),
            new MaxDetectP95(AccountLabel.LOW_AND_SLOW, Duration.ofMinutes(60)),
            new MinRecall(AccountLabel.CHATROOM_FLOOD, MIN_SPAM_RECALL),
            new MaxDetectP95(AccountLabel.CHATROOM_FLOOD, Duration.ofMinutes(10)),
            new MaxReleasedEarly(Scorecard.SPAM_ALL, 0),
            new MaxProtectedShare(Scorecard.MIGRATIONS_ALL, 0.002),
            new MaxProtectedShare(Scorecard.MIGRATIONS_BUSINESS, 0.005),
            new MaxProtectedShare(Scorecard.ORDINARY, 0));

    private DetectionTargets() {
    }

    /** What a scorecard misses of {@code targets}; empty when it meets them all. */
    public static List<String> misses(List<Target> targets, Scorecard.Result result) {
        return targets.stream().map(target -> target.miss(result)).filter(Objects::nonNull).toList();
    }
}
