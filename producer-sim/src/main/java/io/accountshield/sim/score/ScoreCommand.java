package io.accountshield.sim.score;

import io.accountshield.streams.config.AppConfig;
import io.accountshield.streams.score.Scorecard;
import io.accountshield.streams.score.ScorecardReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code producer-sim.jar score}: ground truth and decisions in, the scorecard out. */
@Command(name = "score", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Compares the pipeline's decisions (a replay's output) with the simulator's ground truth: per population "
                + "and spam kind, protected accounts, recall or false-positive rate, time to detect, early releases and open "
                + "protections; ends with a one-line JSON summary.")
public final class ScoreCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--labels", required = true, paramLabel = "LABELS.jsonl", description = "The ground truth the simulator wrote.")
    private Path labels;

    @Option(names = "--decisions", required = true, paramLabel = "DECISIONS.jsonl", description = "Decisions, as the replay writes them.")
    private Path decisions;

    @Option(names = "--config", paramLabel = "FILE",
            description = "The pipeline's configuration: its quiet period decides what counts as an early release.")
    private Path config;

    @Option(names = "--markdown", description = "Print the table in Markdown, to paste into docs.")
    private boolean markdown;

    @Override
    public Integer call() throws IOException {
        Duration quietPeriod = AppConfig.load(config, System.getenv(), Map.of()).time().quietPeriod();
        Scorecard.Result result = ScorecardReport.score(labels, decisions, quietPeriod);
        PrintWriter out = spec.commandLine().getOut();
        if (markdown) {
            ScorecardReport.printMarkdown(result, out);
        } else {
            ScorecardReport.print(result, out);
        }
        out.println(ScorecardReport.summaryJson(result));
        out.flush();
        return 0;
    }
}
