package io.accountshield.streams.replay;

import io.accountshield.streams.report.RunReport;
import io.accountshield.streams.report.RunSeries;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** What {@code replay --report} shows: the business metrics over event time, and the replay's summary. */
final class ReplayReport {

    /**
     * Time to decision is not drawn for a replay, and the reader is told why rather than shown a
     * chart of zeros: the replay's clock is event time, so a protection is decided at the time of
     * the event that fired it.
     */
    static final String TIME_TO_DECISION_NOTE = "Not drawn for a replay: its clock is the events' own time, so every protection is "
            + "decided at the time of the event that fired it, and time to decision is 0 by construction. The demo and the live "
            + "application measure it (account_shield_time_to_decision_seconds on /metrics).";

    static final String NO_SCORECARD = "A replay has no ground truth, so no scorecard here. To score these decisions against the "
            + "simulator's labels: java -jar producer-sim/target/producer-sim.jar score --labels LABELS.jsonl --decisions %s "
            + "(the scorecard lives in the simulator, which builds on this application, not the other way round; "
            + "producer-sim.jar evaluate generates, replays and scores in one command).";

    /** The files and settings of the run, as the reader gave them. */
    record Inputs(Path events, Path out, Path config, Path deadLetter, Duration tail) {
    }

    private ReplayReport() {
    }

    static RunReport of(Replay.Summary summary, RunSeries series, Inputs inputs) {
        double seconds = summary.elapsed().toNanos() / 1e9;
        List<RunReport.Fact> facts = new ArrayList<>();
        facts.add(new RunReport.Fact("events file", inputs.events().toString()));
        facts.add(new RunReport.Fact("decisions file", inputs.out().toString()));
        facts.add(new RunReport.Fact("configuration", inputs.config() == null ? "the defaults" : inputs.config().toString()));
        facts.add(new RunReport.Fact("lines read", count(summary.lines())));
        facts.add(new RunReport.Fact("events replayed", count(summary.events())));
        facts.add(new RunReport.Fact("replay took", String.format("%.1f s (%,.0f events/s)", seconds, summary.events() / Math.max(seconds, 1e-9))));
        facts.add(new RunReport.Fact("protections applied", count(summary.applied())));
        facts.add(new RunReport.Fact("protections released", count(summary.released())));
        facts.add(new RunReport.Fact("watches started", count(summary.watched())));
        facts.add(new RunReport.Fact("shadow protections", count(summary.shadowProtections())));
        facts.add(new RunReport.Fact("lines rejected", count(summary.rejected())));
        facts.add(new RunReport.Fact("events dead-lettered as invalid", count(summary.deadLettered())));
        facts.add(new RunReport.Fact("events failed in processing", count(summary.failed()) + (summary.clean() ? ""
                : " (NOT CLEAN: the decisions for their accounts may be wrong)")));
        facts.add(new RunReport.Fact("events later than the grace period, skipped", count(summary.late())));
        if (inputs.deadLetter() != null) {
            facts.add(new RunReport.Fact("dead-letter file", inputs.deadLetter().toString()));
        }
        facts.add(new RunReport.Fact("clock ran on after the last event", inputs.tail().toString()));
        List<RunSeries.Sample> samples = series.samples();
        if (!samples.isEmpty()) {
            facts.add(new RunReport.Fact("samples", String.format("%,d, every %s of event time", samples.size(), series.interval())));
        }
        String eventsName = inputs.events().getFileName() == null ? inputs.events().toString() : inputs.events().getFileName().toString();
        return new RunReport("Account Shield replay: " + eventsName,
                String.format("%,d events through the production topology, on event time (UTC); %,d protections applied, %,d released.",
                        summary.events(), summary.applied(), summary.released()),
                RunReport.Clock.EVENT_TIME, series, null, TIME_TO_DECISION_NOTE, facts, null,
                String.format(NO_SCORECARD, inputs.out()));
    }

    private static String count(long n) {
        return String.format("%,d", n);
    }
}
