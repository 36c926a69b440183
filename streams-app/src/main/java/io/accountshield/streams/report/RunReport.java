package io.accountshield.streams.report;

import java.util.List;

/**
 * What a run's report shows: its meters over time, the time to decision, a summary and (when the
 * run has ground truth) the scorecard. {@link RunReportWriter} turns it into one HTML file.
 *
 * @param title              the page's heading
 * @param subtitle           one line under it: what ran, on what
 * @param clock              which clock the time axis follows
 * @param series             the business meters over time
 * @param timeToDecision     the measured distribution, or null where it was not measured
 * @param timeToDecisionNote what the reader should know about the time to decision (shown with the chart, or instead of it)
 * @param facts              the run's summary, in order
 * @param scorecard          the scorecard, or null when the run has none
 * @param scorecardNote      under the scorecard, or in its place when there is none
 */
public record RunReport(String title, String subtitle, Clock clock, RunSeries series, TimeToDecision timeToDecision,
                        String timeToDecisionNote, List<Fact> facts, Table scorecard, String scorecardNote) {

    /** The clock of the time axis. */
    public enum Clock {
        /** The wall clock: rates are per second of the run. */
        WALL,
        /** The events' own time (a replay): rates are per second of event time. */
        EVENT_TIME
    }

    /** One line of the summary. */
    public record Fact(String label, String value) {
    }

    /** A table of text cells, with notes under it. */
    public record Table(List<String> columns, List<List<String>> rows, List<String> notes) {
        public Table {
            columns = List.copyOf(columns);
            rows = rows.stream().map(List::copyOf).toList();
            notes = List.copyOf(notes);
        }
    }

    public RunReport {
        facts = List.copyOf(facts);
    }
}
