package io.accountshield.sim.score;

import io.accountshield.streams.score.AccountLabel;
import io.accountshield.streams.score.Decision;
import io.accountshield.streams.score.Scorecard;
import io.accountshield.streams.score.ScorecardReport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

/** The scorecard's arithmetic on cases worked out by hand. */
class ScorecardTest {

    private static final long HOUR = 3_600_000;
    private static final Duration QUIET = Duration.ofHours(24);

    @Test
    void shouldCountRecallTimeToDetectEarlyReleasesAndOpenProtectionsForSpam() {
        List<AccountLabel> labels = new ArrayList<>();
        List<Decision> decisions = new ArrayList<>();
        // Four floods starting at 0 and ending at 1 h; detected after 10 s, 20 s, 30 s; the fourth never.
        for (int i = 1; i <= 4; i++) {
            labels.add(new AccountLabel("f" + i, AccountLabel.SPAM, AccountLabel.FRIEND_ADD_FLOOD, 0, HOUR, 0));
        }
        decisions.add(new Decision(Decision.Type.APPLIED, "f1", 10_000));
        decisions.add(new Decision(Decision.Type.APPLIED, "f2", 20_000));
        decisions.add(new Decision(Decision.Type.APPLIED, "f3", 30_000));
        // f1 released 24 h after its campaign ended (on time); f2 released 1 ms too early; f3 still open.
        decisions.add(new Decision(Decision.Type.RELEASED, "f1", HOUR + QUIET.toMillis()));
        decisions.add(new Decision(Decision.Type.RELEASED, "f2", HOUR + QUIET.toMillis() - 1));

        Scorecard.Row floods = Scorecard.score(labels, decisions, QUIET).row("spam: friend-add-flood");

        assertThat(floods.accounts()).isEqualTo(4);
        assertThat(floods.protectedAccounts()).isEqualTo(3);
        assertThat(floods.protectedShare()).isEqualTo(0.75);
        assertThat(floods.detectP50Millis()).as("nearest rank: ceil(0.5 * 3) = 2nd of 10, 20, 30 s").isEqualTo(20_000);
        assertThat(floods.detectP95Millis()).as("ceil(0.95 * 3) = 3rd").isEqualTo(30_000);
        assertThat(floods.releasedEarly()).isEqualTo(1);
        assertThat(floods.stillOpen()).isEqualTo(1);
    }

    @Test
    void shouldCountWatchedAccountsApartFromProtectedOnes() {
        List<AccountLabel> labels = List.of(
                new AccountLabel("m1", AccountLabel.MIGRATION, AccountLabel.PERSONAL, 0, 60_000, 150),
                new AccountLabel("m2", AccountLabel.MIGRATION, AccountLabel.PERSONAL, 0, 60_000, 150),
                new AccountLabel("m3", AccountLabel.MIGRATION, AccountLabel.PERSONAL, 0, 60_000, 150));
        List<Decision> decisions = List.of(new Decision(Decision.Type.WATCHED, "m1", 30_000), new Decision(Decision.Type.WATCHED, "m2", 40_000),
                new Decision(Decision.Type.APPLIED, "m2", 50_000));

        Scorecard.Row migrations = Scorecard.score(labels, decisions, QUIET).row(Scorecard.MIGRATIONS_ALL);

        assertThat(migrations.watchedAccounts()).isEqualTo(2);
        assertThat(migrations.protectedAccounts()).as("a watch restricts nothing; only m2's escalation counts").isEqualTo(1);
    }

    @Test
    void shouldCountAProtectionBeforeTheCampaignAsDetectedAtOnce() {
        List<AccountLabel> labels = List.of(new AccountLabel("s", AccountLabel.SPAM, AccountLabel.LOW_AND_SLOW, 5 * HOUR, 20 * HOUR, 0));
        List<Decision> decisions = List.of(new Decision(Decision.Type.APPLIED, "s", 4 * HOUR));

        assertThat(Scorecard.score(labels, decisions, QUIET).row("spam: low-and-slow").detectP50Millis()).isZero();
    }

    @Test
    void shouldGiveFalsePositiveRatesForMigrationsWithTheBusinessTailApartAndForOrdinaryUsers() {
        List<AccountLabel> labels = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            labels.add(new AccountLabel("p" + i, AccountLabel.MIGRATION, AccountLabel.PERSONAL, 0, 60_000, 150));
        }
        labels.add(new AccountLabel("b0", AccountLabel.MIGRATION, AccountLabel.BUSINESS, 0, 60_000, 3000));
        labels.add(new AccountLabel("b1", AccountLabel.MIGRATION, AccountLabel.BUSINESS, 0, 60_000, 4000));
        for (int i = 0; i < 10; i++) {
            labels.add(new AccountLabel("o" + i, AccountLabel.ORDINARY, AccountLabel.ORDINARY, 0, 0, 0));
        }
        List<Decision> decisions = List.of(
                new Decision(Decision.Type.APPLIED, "p3", 1_000),
                new Decision(Decision.Type.APPLIED, "b1", 1_000),
                new Decision(Decision.Type.RELEASED, "b1", 90_000_000),
                new Decision(Decision.Type.APPLIED, "stranger", 1_000));

        Scorecard.Result result = Scorecard.score(labels, decisions, QUIET);

        assertThat(result.row(Scorecard.MIGRATIONS_ALL).protectedShare()).isEqualTo(0.2);
        assertThat(result.row(Scorecard.MIGRATIONS_BUSINESS).protectedShare()).isEqualTo(0.5);
        assertThat(result.row(Scorecard.MIGRATIONS_ALL).stillOpen()).isEqualTo(1);
        assertThat(result.row(Scorecard.ORDINARY).protectedShare()).isZero();
        assertThat(result.row(Scorecard.MIGRATIONS_ALL).detectP50Millis()).as("time to detect is for spam only").isNull();
        assertThat(result.unlabelledAccounts()).isEqualTo(1);
    }

    @Test
    void shouldCountAProtectedNewcomerAsAProtectedOrdinaryUserAndShowNewcomersApart() {
        List<AccountLabel> labels = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            labels.add(new AccountLabel("o" + i, AccountLabel.ORDINARY, AccountLabel.ORDINARY, 0, 0, 0));
        }
        labels.add(new AccountLabel("power", AccountLabel.ORDINARY, AccountLabel.POWER_USER, 0, 0, 0));
        for (int i = 0; i < 3; i++) {
            labels.add(new AccountLabel("n" + i, AccountLabel.ORDINARY, AccountLabel.NEWCOMER, 1_000, 40 * 60_000, i == 0 ? 0 : 80));
        }
        List<Decision> decisions = List.of(new Decision(Decision.Type.APPLIED, "n0", 20 * 60_000),
                new Decision(Decision.Type.WATCHED, "n1", 60_000));

        Scorecard.Result result = Scorecard.score(labels, decisions, QUIET);

        Scorecard.Row ordinary = result.row(Scorecard.ORDINARY);
        assertThat(ordinary.accounts()).as("everyone ordinary, newcomers and power users included").isEqualTo(10);
        assertThat(ordinary.protectedAccounts()).isEqualTo(1);
        assertThat(ordinary.stillOpen()).isEqualTo(1);
        Scorecard.Row newcomers = result.row(Scorecard.ORDINARY_NEWCOMERS);
        assertThat(newcomers.accounts()).isEqualTo(3);
        assertThat(newcomers.protectedAccounts()).isEqualTo(1);
        assertThat(newcomers.watchedAccounts()).isEqualTo(1);
        assertThat(newcomers.detectP50Millis()).as("time to detect is for spam only").isNull();
        assertThat(result.rows()).extracting(Scorecard.Row::group).containsSubsequence(Scorecard.ORDINARY, Scorecard.ORDINARY_NEWCOMERS);
        assertThat(result.unlabelledAccounts()).isZero();
    }

    @Test
    void shouldSummariseOnOneLineOfJson() {
        List<AccountLabel> labels = List.of(new AccountLabel("f", AccountLabel.SPAM, AccountLabel.PURCHASED_LIST, 0, HOUR, 500));
        List<Decision> decisions = List.of(new Decision(Decision.Type.APPLIED, "f", 14_500));

        String json = ScorecardReport.summaryJson(Scorecard.score(labels, decisions, QUIET));

        assertThat(json).doesNotContain("\n")
                .contains("\"spam: purchased-list\":{\"accounts\":1,\"protected\":1,\"share\":1.0,\"detectP50Seconds\":14.5,\"detectP95Seconds\":14.5,\"releasedEarly\":0,\"stillOpen\":1,\"watched\":0}");
    }

    @Test
    void shouldPrintTheTableInMarkdownWithTheSameCells() {
        List<AccountLabel> labels = List.of(new AccountLabel("f", AccountLabel.SPAM, AccountLabel.PURCHASED_LIST, 0, HOUR, 500),
                new AccountLabel("m", AccountLabel.MIGRATION, AccountLabel.PERSONAL, 0, 60_000, 150));
        List<Decision> decisions = List.of(new Decision(Decision.Type.APPLIED, "f", 14_500));
        StringWriter markdown = new StringWriter();

        ScorecardReport.printMarkdown(Scorecard.score(labels, decisions, QUIET), new PrintWriter(markdown, true));

        assertThat(markdown.toString().lines().limit(2)).containsExactly(
                "| population | accounts | protected | share | detect p50 | detect p95 | released early | still open | watched |",
                "| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        assertThat(markdown.toString()).contains("| spam: purchased-list | 1 | 1 | 100.00% | 14s | 14s | 0 | 1 | 0 |")
                .contains("| migrations (all) | 1 | 0 | 0.00% | - | - | - | 0 | 0 |")
                .contains("| ordinary users (newcomers) | 0 | 0 | 0.00% | - | - | - | 0 | 0 |");
    }
}
