package io.accountshield.sim.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import io.accountshield.sim.ProducerSim;
import io.accountshield.streams.rules.RuleCatalog;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code producer-sim.jar evaluate} in this process, on a suite of two tiny cases (test resources). */
class EvaluateCommandTest {

    private static final String SCORECARD_HEADER =
            "| population | accounts | protected | share | detect p50 | detect p95 | released early | still open | watched |";

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** {@code evaluate --suite tiny-suite.yaml ARGS}. */
    private int evaluate(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("evaluate", "--suite", tinySuite().toString()));
        all.addAll(List.of(args));
        return execute(out, err, all.toArray(String[]::new));
    }

    private static int execute(StringWriter out, StringWriter err, String... args) {
        CommandLine commandLine = ProducerSim.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    private static Path tinySuite() throws Exception {
        return Path.of(EvaluateCommandTest.class.getResource("/evaluation/tiny-suite.yaml").toURI());
    }

    /** A configuration with every rule the pipeline knows turned off: no spam account can be caught. */
    private Path everyRuleDisabled() throws Exception {
        return Files.writeString(dir.resolve("no-rules.properties"), RuleCatalog.DEFAULTS.stream()
                .map(rule -> "rule." + rule.id() + ".enabled=false\n").collect(Collectors.joining()));
    }

    private List<String> summaryRows() {
        String markdown = out.toString();
        return markdown.substring(markdown.indexOf("## Summary")).lines()
                .filter(line -> line.startsWith("| ") && !line.startsWith("| case |") && !line.startsWith("| --- |")).toList();
    }

    @Test
    void shouldPrintEachCasesScorecardAndOneSummaryRowPerCase() throws Exception {
        Path markdownFile = dir.resolve("evaluation.md");

        int exit = evaluate("--parallel", "2", "--out", markdownFile.toString());

        assertThat(exit).isZero();
        String markdown = out.toString();
        assertThat(markdown).contains("## floods-and-lists", "## slow-chatroom-floods")
                .contains("Traffic: `generate --seed 7 --set ordinary.accounts=300")
                .contains("--set 'campaigns.chatroomFlood.chatroomsPerHour={min: 4, max: 12}'")
                .containsPattern("\\| spam: friend-add-flood \\| 5 \\| \\d \\| [0-9.]+% \\|")
                .containsPattern("\\| ordinary users \\| 300 \\| \\d+ \\|");
        assertThat(markdown.split(Pattern.quote(SCORECARD_HEADER), -1)).as("one scorecard per case").hasSize(3);
        assertThat(markdown.indexOf("## floods-and-lists")).as("the suite's order").isLessThan(markdown.indexOf("## slow-chatroom-floods"));
        assertThat(summaryRows()).hasSize(2);
        assertThat(markdown).contains("| released early | migrations | business tail | ordinary | newcomers | migrations watched |");
        assertThat(summaryRows().get(0)).startsWith("| floods-and-lists | `--seed 7 --set ordinary.accounts=300").contains(" | yes | ")
                .as("no newcomers in the case: nothing to judge").contains(" | 0.00% | - | ");
        assertThat(summaryRows().get(1)).startsWith("| slow-chatroom-floods | `--set ordinary.accounts=300").contains(" | - | - | - | ")
                .contains(" | no | ");
        assertThat(Files.readString(markdownFile)).isEqualTo(markdown);
        assertThat(err.toString()).contains("[1/2] floods-and-lists: ").contains("[2/2] slow-chatroom-floods: ")
                .containsPattern("floods-and-lists: [0-9,]+ events, generated in [0-9.]+ s, replayed in [0-9.]+ s");
    }

    @Test
    void shouldRunOnlyTheNamedCases() throws Exception {
        int exit = evaluate("--case", "slow-chatroom-floods");

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("## slow-chatroom-floods").doesNotContain("floods-and-lists");
        assertThat(summaryRows()).hasSize(1);
        assertThat(err.toString()).contains("[1/1] slow-chatroom-floods");
    }

    @Test
    void shouldFailTheCheckWhenACaseWhoseTargetsAreRequiredMissesOne() throws Exception {
        int exit = evaluate("--case", "floods-and-lists", "--config", everyRuleDisabled().toString(), "--check");

        assertThat(exit).isEqualTo(EvaluateCommand.EXIT_TARGETS_MISSED);
        assertThat(out.toString()).contains("Replayed with `--config ").contains("| spam: friend-add-flood | 5 | 0 | 0.00% |");
        assertThat(summaryRows().get(0)).contains("friend-add-flood: recall 0.00% (target ≥ 99.50%)")
                .contains("purchased-list: detect p95 - (none caught) (target < 2 min)");
    }

    @Test
    void shouldReportButNotFailOnMissesOfACaseWhoseTargetsAreNotRequired() throws Exception {
        int exit = evaluate("--case", "slow-chatroom-floods", "--config", everyRuleDisabled().toString(), "--check");

        assertThat(exit).isZero();
        assertThat(summaryRows().get(0)).contains(" | no | chatroom-flood: recall 0.00% (target ≥ 99.50%)");
    }

    @Test
    void shouldNameAnUnknownCaseAndTheCasesThereAre() throws Exception {
        int exit = evaluate("--case", "floods-and-lists", "--case", "nope");

        assertThat(exit).isEqualTo(ProducerSim.EXIT_USAGE);
        assertThat(err.toString()).startsWith("error: no case named 'nope' in ").contains("tiny-suite.yaml; its cases are: "
                + "'floods-and-lists', 'slow-chatroom-floods'").doesNotContain("\tat ");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void shouldSayWhatIsWrongWithASuiteInOneLine() throws Exception {
        Path badSet = Files.writeString(dir.resolve("bad-set.yaml"), "cases:\n  - name: typo\n    targetsRequired: true\n"
                + "    set: [ordinary.acounts=5]\n");
        Path noFlag = Files.writeString(dir.resolve("no-flag.yaml"), "cases:\n  - name: undecided\n");
        Path unknownField = Files.writeString(dir.resolve("unknown.yaml"), "cases:\n  - name: a\n    targetsRequired: true\n    sed: 4\n");
        Path unknownScenario = Files.writeString(dir.resolve("unknown-scenario.yaml"),
                "cases:\n  - name: elsewhere\n    scenario: another-world\n    targetsRequired: true\n");

        assertThat(run("evaluate", "--suite", dir.resolve("missing.yaml").toString()))
                .isEqualTo("error: suite file " + dir.resolve("missing.yaml") + " does not exist");
        assertThat(run("evaluate", "--suite", badSet.toString()))
                .isEqualTo("error: " + badSet + ", case 'typo': --set ordinary.acounts: the scenario has no field 'acounts'");
        assertThat(run("evaluate", "--suite", noFlag.toString()))
                .isEqualTo("error: " + noFlag + ", case 'undecided': targetsRequired is missing: true when the issue's targets must hold for it, else false");
        assertThat(run("evaluate", "--suite", unknownField.toString()))
                .startsWith("error: " + unknownField + ": unknown field 'sed' in cases[0]; expected one of: name, scenario, seed, set, targetsRequired");
        assertThat(run("evaluate", "--suite", unknownScenario.toString())).isEqualTo("error: " + unknownScenario + ", case 'elsewhere': "
                + "scenario file another-world does not exist, and no built-in scenario has that name (the built-in ones: default, other-world)");
        assertThat(run("evaluate", "--parallel", "0")).isEqualTo("error: --parallel must be at least 1, was 0");
    }

    /** The one line a failing command prints; asserts it fails as a user's mistake. */
    private static String run(String... args) {
        StringWriter messages = new StringWriter();
        assertThat(execute(messages, messages, args)).as(String.join(" ", args)).isEqualTo(ProducerSim.EXIT_USAGE);
        return messages.toString().strip();
    }
}
