package io.accountshield.sim.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import io.accountshield.streams.score.AccountLabel;
import io.accountshield.streams.score.Decision;
import io.accountshield.streams.score.Scorecard;
import io.accountshield.streams.score.Scorecard.Row;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each kind of target judged on scorecards made by hand: met at its limit, missed just past it. */
class DetectionTargetsTest {

    private static final long SECOND = 1_000;

    /** A scorecard that meets every target, each share at its limit. */
    private static Scorecard.Result atTheLimits() {
        List<Row> rows = new ArrayList<>();
        for (String kind : Scorecard.SPAM_KINDS) {
            rows.add(new Row(Scorecard.spamGroup(kind), 200, 199, 10 * SECOND, 60 * SECOND, 0, 0, 0));
        }
        rows.add(new Row(Scorecard.SPAM_ALL, 800, 796, 10 * SECOND, 60 * SECOND, 0, 0, 0));
        rows.add(new Row(Scorecard.MIGRATIONS_ALL, 1000, 2, null, null, 0, 0, 0));
        rows.add(new Row(Scorecard.MIGRATIONS_BUSINESS, 200, 1, null, null, 0, 0, 0));
        rows.add(new Row(Scorecard.ORDINARY, 20_000, 0, null, null, 0, 0, 0));
        rows.add(new Row(Scorecard.ORDINARY_NEWCOMERS, 1_000, 0, null, null, 0, 0, 0));
        return new Scorecard.Result(rows, 0);
    }

    /** {@link #atTheLimits()} with one row replaced by another of the same group. */
    private static List<String> missesWith(Row replacement) {
        List<Row> rows = atTheLimits().rows().stream().map(row -> row.group().equals(replacement.group()) ? replacement : row).toList();
        return DetectionTargets.misses(DetectionTargets.ISSUE, new Scorecard.Result(rows, 0));
    }

    private static Row spam(String kind, int protectedAccounts, Long p95Millis) {
        return new Row(Scorecard.spamGroup(kind), 200, protectedAccounts, p95Millis == null ? null : SECOND, p95Millis, 0, 0, 0);
    }

    @Test
    void shouldMeetEveryTargetAtItsLimit() {
        assertThat(DetectionTargets.misses(DetectionTargets.ISSUE, atTheLimits())).isEmpty();
    }

    @Test
    void shouldMissRecallUnder99Point5Percent() {
        assertThat(missesWith(spam(AccountLabel.LOW_AND_SLOW, 198, 60 * SECOND)))
                .containsExactly("low-and-slow: recall 99.00% (target ≥ 99.50%)");
    }

    @Test
    void shouldMissATimeToDetectAtOrOverItsLimit() {
        assertThat(missesWith(spam(AccountLabel.PURCHASED_LIST, 199, 2 * 60 * SECOND - 1))).isEmpty();
        assertThat(missesWith(spam(AccountLabel.PURCHASED_LIST, 199, 2 * 60 * SECOND)))
                .containsExactly("purchased-list: detect p95 2m00s (target < 2 min)");
        assertThat(missesWith(spam(AccountLabel.FRIEND_ADD_FLOOD, 199, 5 * 60 * SECOND)))
                .containsExactly("friend-add-flood: detect p95 5m00s (target < 5 min)");
        assertThat(missesWith(spam(AccountLabel.CHATROOM_FLOOD, 199, 10 * 60 * SECOND)))
                .containsExactly("chatroom-flood: detect p95 10m00s (target < 10 min)");
        assertThat(missesWith(spam(AccountLabel.LOW_AND_SLOW, 199, 3_600 * SECOND)))
                .containsExactly("low-and-slow: detect p95 1h00m (target < 60 min)");
    }

    @Test
    void shouldMissRecallAndTimeToDetectWhenNoneOfAKindIsCaught() {
        assertThat(missesWith(spam(AccountLabel.CHATROOM_FLOOD, 0, null))).containsExactly(
                "chatroom-flood: recall 0.00% (target ≥ 99.50%)", "chatroom-flood: detect p95 - (none caught) (target < 10 min)");
    }

    @Test
    void shouldMissAnySpamAccountReleasedEarly() {
        assertThat(missesWith(new Row(Scorecard.SPAM_ALL, 800, 796, 10 * SECOND, 60 * SECOND, 1, 0, 0)))
                .containsExactly("spam (all kinds): released early 1 (target none)");
    }

    @Test
    void shouldMissFalsePositivesOverTheirLimits() {
        assertThat(missesWith(new Row(Scorecard.MIGRATIONS_ALL, 1000, 3, null, null, 0, 0, 0)))
                .containsExactly("migrations (all): protected 3, 0.30% (target ≤ 0.20%)");
        assertThat(missesWith(new Row(Scorecard.MIGRATIONS_BUSINESS, 200, 2, null, null, 0, 0, 0)))
                .containsExactly("migrations (business tail): protected 2, 1.00% (target ≤ 0.50%)");
        assertThat(missesWith(new Row(Scorecard.ORDINARY, 20_000, 1, null, null, 0, 0, 0)))
                .containsExactly("ordinary users: protected 1, 0.01% (target none)");
    }

    @Test
    void shouldMissTheOrdinaryTargetWhenANewcomerIsProtected() {
        List<AccountLabel> labels = List.of(new AccountLabel("o", AccountLabel.ORDINARY, AccountLabel.ORDINARY, 0, 0, 0),
                new AccountLabel("n", AccountLabel.ORDINARY, AccountLabel.NEWCOMER, 0, 600_000, 0));
        Scorecard.Result scorecard = Scorecard.score(labels, List.of(new Decision(Decision.Type.APPLIED, "n", 300_000)), Duration.ofHours(24));

        assertThat(DetectionTargets.misses(DetectionTargets.ISSUE, scorecard)).containsExactly("ordinary users: protected 1, 50.00% (target none)");
        assertThat(DetectionTargets.misses(DetectionTargets.ISSUE, Scorecard.score(labels, List.of(), Duration.ofHours(24)))).isEmpty();
    }

    @Test
    void shouldNotJudgeAPopulationTheCaseLeavesOut() {
        assertThat(missesWith(new Row(Scorecard.spamGroup(AccountLabel.LOW_AND_SLOW), 0, 0, null, null, 0, 0, 0))).isEmpty();
    }

    @Test
    void shouldDescribeEachTargetAsTheDocsStateIt() {
        assertThat(DetectionTargets.ISSUE).extracting(DetectionTargets.Target::description).contains(
                "purchased-list: recall ≥ 99.50%", "purchased-list: detect p95 < 2 min", "spam (all kinds): released early none",
                "migrations (all): protected ≤ 0.20%", "ordinary users: protected none");
    }

    @Test
    void shouldStateARecallAndATimeToDetectTargetForEverySpamKind() {
        for (String kind : Scorecard.SPAM_KINDS) {
            assertThat(DetectionTargets.ISSUE).as(kind).anyMatch(t -> t instanceof DetectionTargets.MinRecall r && r.kind().equals(kind))
                    .anyMatch(t -> t instanceof DetectionTargets.MaxDetectP95 p && p.kind().equals(kind));
        }
    }
}
