package io.accountshield.sim.evaluate;

import io.accountshield.streams.CommandFiles;
import io.accountshield.streams.TerminalProgress;
import io.accountshield.streams.UserInputException;
import io.accountshield.streams.config.AppConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code producer-sim.jar evaluate}: every case of a suite generated, replayed and scored, in one command. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "For each case of an evaluation suite: generates the case's traffic, replays it through the production topology "
                + "in this process, and scores the decisions against the ground truth, as generate, replay and score would.",
            "Prints each case's scorecard and a summary against the issue's detection targets, in Markdown; progress goes "
                + "to standard error."})
public final class EvaluateCommand implements Callable<Integer> {

    /** The exit code of {@code --check} when a case misses a target that must hold for it. */
    public static final int EXIT_TARGETS_MISSED = 1;

    @Spec
    private CommandSpec spec;

    @Option(names = "--suite", paramLabel = "FILE",
            description = "The cases (YAML); default: the built-in suite, evaluation/suite.yaml, which shows the format.")
    private Path suiteFile;

    @Option(names = "--case", paramLabel = "NAME", description = "Run only this case (repeatable).")
    private List<String> caseNames = new ArrayList<>();

    @Option(names = "--config", paramLabel = "FILE", description = "The streams application's configuration to replay with.")
    private Path config;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "1",
            description = "How many cases run at once (each replay takes a core). Default: ${DEFAULT-VALUE}.")
    private int parallel;

    @Option(names = "--out", paramLabel = "FILE", description = "Also write the Markdown to this file.")
    private Path out;

    @Option(names = "--check", description = "Exit with " + EXIT_TARGETS_MISSED + " when a case whose targets are required misses one.")
    private boolean check;

    @Option(names = "--quiet", description = "No progress line on the terminal (cases done, events replayed, rate, time left); "
            + "the line for each finished case stays.")
    private boolean quiet;

    @Override
    public Integer call() throws Exception {
        if (parallel < 1) {
            throw new UserInputException("--parallel must be at least 1, was " + parallel);
        }
        EvaluationSuite suite = EvaluationSuite.load(suiteFile);
        List<EvaluationCase> cases = suite.select(caseNames);
        Duration quietPeriod = AppConfig.load(config, System.getenv(), Map.of()).time().quietPeriod();
        String replayedWith = config == null ? "the default configuration" : "`--config " + config + "`";
        // Opened before the cases run, so that a wrong path does not cost a whole run.
        try (Writer outFile = out == null ? null : CommandFiles.openOutput(out)) {
            List<CaseResult> results = runAll(cases, new CaseRunner(config, quietPeriod));
            StringWriter markdown = new StringWriter();
            EvaluationReport.print(results, replayedWith, new PrintWriter(markdown));
            PrintWriter stdout = spec.commandLine().getOut();
            stdout.print(markdown);
            stdout.flush();
            if (outFile != null) {
                outFile.write(markdown.toString());
            }
            return check && results.stream().anyMatch(CaseResult::failsCheck) ? EXIT_TARGETS_MISSED : 0;
        }
    }

    /** The results in the cases' order, however many ran at once. */
    private List<CaseResult> runAll(List<EvaluationCase> cases, CaseRunner runner) throws Exception {
        EvaluationProgress progress = new EvaluationProgress(new TerminalProgress(spec.commandLine().getErr(), quiet), cases.size(), System::nanoTime);
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallel, cases.size()));
        try {
            List<Future<CaseResult>> running = new ArrayList<>();
            for (int i = 0; i < cases.size(); i++) {
                EvaluationCase evaluationCase = cases.get(i);
                int index = i;
                String position = "[" + (i + 1) + "/" + cases.size() + "] ";
                running.add(pool.submit(() -> {
                    progress.println(position + evaluationCase.name() + ": generating, replaying and scoring ...");
                    long[] events = {0};
                    CaseResult result = runner.run(evaluationCase, line -> progress.caseDone(index, events[0], position + line),
                            new EvaluationProgress.CaseProgress() {
                                private final EvaluationProgress.CaseProgress inner = progress.forCase(index);

                                @Override
                                public void generating(double fraction) {
                                    inner.generating(fraction);
                                }

                                @Override
                                public void replaying(long replayed, long total) {
                                    events[0] = replayed;
                                    inner.replaying(replayed, total);
                                }
                            });
                    return result;
                }));
            }
            List<CaseResult> results = new ArrayList<>();
            for (Future<CaseResult> result : running) {
                results.add(result.get());
            }
            progress.finish();
            return results;
        } catch (ExecutionException e) {
            progress.finish();
            // The case's own exception, so that a user's mistake still ends as a one-line message.
            throw e.getCause() instanceof Exception cause ? cause : e;
        } finally {
            pool.shutdownNow();
            // Let interrupted cases remove their temporary files before the process exits.
            pool.awaitTermination(1, TimeUnit.MINUTES);
        }
    }
}
