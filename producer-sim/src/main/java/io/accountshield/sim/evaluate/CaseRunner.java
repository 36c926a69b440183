package io.accountshield.sim.evaluate;

import io.accountshield.sim.output.EventSink;
import io.accountshield.sim.output.JsonlEventSink;
import io.accountshield.sim.output.LabelFile;
import io.accountshield.sim.output.TimeMapping;
import io.accountshield.sim.scenario.Scenario;
import io.accountshield.sim.traffic.Simulation;
import io.accountshield.streams.CommandFiles;
import io.accountshield.streams.StreamsApp;
import io.accountshield.streams.replay.Replay;
import io.accountshield.streams.replay.ReplayCommand;
import io.accountshield.streams.score.Scorecard;
import io.accountshield.streams.score.ScorecardReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import picocli.CommandLine;

/**
 * Plays one case as a reader of docs/detection.md would by hand: generate its traffic, replay it
 * through the production topology, score the decisions against the ground truth. The files live in
 * a temporary directory of the case's own, removed afterwards, so cases can run side by side.
 */
final class CaseRunner {

    private final Path config;
    private final Duration quietPeriod;

    /**
     * @param config      the streams application's configuration file to replay with, or null for its defaults
     * @param quietPeriod that configuration's quiet period, which decides what counts as an early release
     */
    CaseRunner(Path config, Duration quietPeriod) {
        this.config = config;
        this.quietPeriod = quietPeriod;
    }

    /** @param progress gets one line when the case is done */
    CaseResult run(EvaluationCase evaluationCase, Consumer<String> progress) throws IOException {
        return run(evaluationCase, progress, EvaluationProgress.CaseProgress.NONE);
    }

    /**
     * @param progress gets one line when the case is done
     * @param steps    told how far the generating and the replay are, as they go
     */
    CaseResult run(EvaluationCase evaluationCase, Consumer<String> progress, EvaluationProgress.CaseProgress steps) throws IOException {
        long started = System.nanoTime();
        Scenario scenario = evaluationCase.loadScenario();
        Path work = Files.createTempDirectory("account-shield-evaluate-");
        try {
            Path events = work.resolve("events.jsonl");
            Path labels = work.resolve("labels.jsonl");
            Path decisions = work.resolve("decisions.jsonl");
            Simulation.Summary generated;
            try (EventSink sink = new JsonlEventSink(CommandFiles.openOutput(events), new LabelFile(CommandFiles.openOutput(labels)))) {
                generated = Simulation.run(scenario, sink, TimeMapping.unchanged(scenario.start().toEpochMilli()), false,
                        (count, fraction, elapsed, finished) -> steps.generating(fraction));
            }
            long replayStarted = System.nanoTime();
            long total = generated.events();
            replay(evaluationCase, events, decisions, (lines, replayed, elapsed, finished) -> steps.replaying(replayed, total));
            long replayed = System.nanoTime();
            Scorecard.Result scorecard = ScorecardReport.score(labels, decisions, quietPeriod);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            progress.accept(String.format("%s: %,d events, generated in %.1f s, replayed in %.1f s; %.1f s in all",
                    evaluationCase.name(), generated.events(), generated.elapsed().toNanos() / 1e9,
                    (replayed - replayStarted) / 1e9, elapsed.toNanos() / 1e9));
            return new CaseResult(evaluationCase, scorecard, generated.events(), elapsed);
        } finally {
            CommandFiles.deleteRecursively(work);
        }
    }

    /**
     * Runs streams-app's {@code replay} command in this process, exactly as a reader would run it:
     * {@code Replay.run} itself takes a decision writer and a rejected-lines handler that its package
     * keeps to itself. Its progress comes here rather than to the terminal.
     */
    private void replay(EvaluationCase evaluationCase, Path events, Path decisions, Replay.Progress replayProgress) {
        List<String> args = new ArrayList<>(List.of("--events", events.toString(), "--out", decisions.toString()));
        if (config != null) {
            args.addAll(List.of("--config", config.toString()));
        }
        StringWriter messages = new StringWriter();
        CommandLine replay = StreamsApp.withUserErrors(new CommandLine(new ReplayCommand(replayProgress)));
        replay.setOut(new PrintWriter(messages, true));
        replay.setErr(new PrintWriter(messages, true));
        int exit = replay.execute(args.toArray(String[]::new));
        if (exit != 0) {
            throw new IllegalStateException("case '" + evaluationCase.name() + "': the replay failed (exit " + exit + "): "
                    + messages.toString().strip());
        }
    }
}
