package io.accountshield.sim.evaluate;

import io.accountshield.streams.score.MarkdownTable;
import io.accountshield.streams.score.Scorecard;
import io.accountshield.streams.score.ScorecardReport;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** What {@code evaluate} prints, in Markdown to paste into docs: each case's scorecard, then a summary row per case. */
final class EvaluationReport {

    private EvaluationReport() {
    }

    /** @param replayedWith how the replay was configured, for people: "the default configuration" */
    static void print(List<CaseResult> results, String replayedWith, PrintWriter out) {
        for (CaseResult result : results) {
            EvaluationCase evaluationCase = result.evaluationCase();
            out.printf("## %s%n%n", evaluationCase.name());
            out.printf("Traffic: `generate %s`, %,d events; replayed with %s.%n%n", evaluationCase.generateFlags(), result.events(), replayedWith);
            ScorecardReport.printMarkdown(result.scorecard(), out);
            out.println();
        }
        out.printf("## Summary%n%n");
        out.printf("Replayed with %s. Targets (issue \"quality\"): %s. "
                        + "`--check` fails only on the cases whose targets are required.%n%n",
                replayedWith, DetectionTargets.ISSUE.stream().map(DetectionTargets.Target::description).collect(Collectors.joining("; ")));
        List<String> header = new ArrayList<>(List.of("case", "flags"));
        Scorecard.SPAM_KINDS.forEach(kind -> header.add(kind + " recall, p95"));
        header.addAll(List.of("released early", "migrations", "business tail", "ordinary", "newcomers", "migrations watched", "targets required", "misses"));
        MarkdownTable.print(header, results.stream().map(EvaluationReport::summaryRow).toList(), out);
        out.flush();
    }

    private static List<String> summaryRow(CaseResult result) {
        Scorecard.Result scorecard = result.scorecard();
        List<String> cells = new ArrayList<>();
        cells.add(result.evaluationCase().name());
        String flags = result.evaluationCase().generateFlags();
        cells.add(flags.isEmpty() ? "(none)" : "`" + flags + "`");
        for (String kind : Scorecard.SPAM_KINDS) {
            Scorecard.Row row = scorecard.row(Scorecard.spamGroup(kind));
            cells.add(row.accounts() == 0 ? "-" : ScorecardReport.percent(row.protectedShare()) + ", " + ScorecardReport.duration(row.detectP95Millis()));
        }
        cells.add(ScorecardReport.count(scorecard.row(Scorecard.SPAM_ALL).releasedEarly()));
        cells.add(ScorecardReport.percent(scorecard.row(Scorecard.MIGRATIONS_ALL).protectedShare()));
        cells.add(ScorecardReport.percent(scorecard.row(Scorecard.MIGRATIONS_BUSINESS).protectedShare()));
        cells.add(ScorecardReport.percent(scorecard.row(Scorecard.ORDINARY).protectedShare()));
        Scorecard.Row newcomers = scorecard.row(Scorecard.ORDINARY_NEWCOMERS);
        cells.add(newcomers.accounts() == 0 ? "-" : ScorecardReport.percent(newcomers.protectedShare()));
        cells.add(ScorecardReport.count(scorecard.row(Scorecard.MIGRATIONS_ALL).watchedAccounts()));
        cells.add(result.evaluationCase().targetsRequired() ? "yes" : "no");
        List<String> misses = result.misses();
        cells.add(misses.isEmpty() ? "all met" : String.join("; ", misses));
        return cells;
    }
}
