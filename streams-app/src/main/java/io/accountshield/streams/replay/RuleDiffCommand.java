package io.accountshield.streams.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.accountshield.streams.CommandFiles;
import io.accountshield.streams.UserInputException;
import io.accountshield.streams.config.AppConfig;
import io.accountshield.streams.rules.LiveRules;
import io.accountshield.streams.rules.RuleFile;
import io.accountshield.streams.rules.RuleParameters;
import io.accountshield.streams.score.AccountLabel;
import io.accountshield.streams.score.MarkdownTable;
import io.accountshield.streams.score.ScorecardReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code streams-app.jar rules diff}: which accounts a rule change would protect or release, on recorded traffic, before it ships. */
@Command(name = "diff", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Replays recorded events twice through the production topology, with today's rules and with the proposed ones, and prints "
                + "the accounts whose outcome changes: newly protected, no longer protected, protected earlier or later; with --labels, "
                + "the totals by population and the scorecard of both sides.",
            "Today's rules are the configuration's, with --current laid over them (what the protection-rules topic holds, if it differs)."})
public final class RuleDiffCommand implements Callable<Integer> {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Spec
    private CommandSpec spec;

    @Option(names = "--events", required = true, paramLabel = "RECORDED.jsonl", description = "Recorded events, in the replay format (a file: it is read twice).")
    private Path events;

    @Option(names = "--rules", required = true, paramLabel = "PROPOSED.yaml",
            description = "The proposed changes: a list under rules, each with its id and what changes (README, \"Changing rules while it runs\").")
    private Path rules;

    @Option(names = "--labels", paramLabel = "LABELS.jsonl", description = "Ground truth (as producer-sim generate writes it): totals by population and both scorecards.")
    private Path labels;

    @Option(names = "--config", paramLabel = "FILE", description = "The configuration file the live application reads.")
    private Path config;

    @Option(names = "--current", paramLabel = "CURRENT.yaml", description = "Today's rules where they differ from the configuration's, in the same format as --rules.")
    private Path current;

    @Option(names = "--changes", paramLabel = "FILE.jsonl", description = "Also write every changed account, one JSON object per line.")
    private Path changesFile;

    @Option(names = "--show", paramLabel = "N", defaultValue = "20", description = "Accounts listed per kind of change. Default: ${DEFAULT-VALUE}.")
    private int show;

    @Option(names = "--guard", description = "Keep the guard on (guard.*). Off by default: a replay runs as one task, so the guard would count "
            + "all the traffic against a limit that live applies per task, and stop a rule live would not.")
    private boolean guard;

    @Option(names = "--engine", paramLabel = "ENGINE", defaultValue = "direct", converter = ReplayCommand.EngineConverter.class,
            description = "direct (default) or driver, as for replay.")
    private Replay.Engine engine;

    @Override
    public Integer call() throws Exception {
        if (events.toString().equals("-") || !Files.isRegularFile(events)) {
            throw new UserInputException("--events must be a file (it is replayed twice): " + events);
        }
        AppConfig loaded = AppConfig.load(config, System.getenv(), Map.of());
        AppConfig appConfig = guard ? loaded : loaded.withOverrides(Map.of(AppConfig.GUARD_ENABLED, "false"));
        Configurator.setLevel("org.apache.kafka.streams.processor.internals.StateDirectory", Level.ERROR);
        LiveRules configured = appConfig.liveRules();
        List<RuleParameters> today = current == null ? configured.inForce() : RuleDiff.propose(configured, RuleFile.read(current), appConfig);
        LiveRules todayRules = new LiveRules(appConfig.countingWindows(), appConfig.time().quietPeriod(), today);
        List<RuleParameters> proposed = RuleDiff.propose(todayRules, RuleFile.read(rules), appConfig);
        Map<String, AccountLabel> labelled = labels == null ? Map.of()
                : ScorecardReport.readLabels(labels).stream().collect(Collectors.toMap(AccountLabel::accountId, Function.identity(), (a, b) -> b));

        PrintWriter out = spec.commandLine().getOut();
        PrintWriter terminal = spec.commandLine().getErr();
        out.printf("rules diff: %s, today's rules (%s) against %s%n", events, current == null ? "the configuration's" : current, rules);
        printRuleChanges(today, proposed, out);
        terminal.println("replaying twice, today's rules and the proposal side by side ...");
        terminal.flush();
        Path work = Files.createTempDirectory("account-shield-rules-diff-");
        try {
            RuleDiff.Sides sides = RuleDiff.run(appConfig, today, proposed, events, work, engine);
            List<RuleDiff.Change> changes = RuleDiff.compare(RuleDiff.outcomes(sides.todayDecisions()), RuleDiff.outcomes(sides.proposedDecisions()));
            out.printf("%,d events replayed; protections applied: %,d today, %,d proposed%n", sides.todaySummary().events(),
                    sides.todaySummary().applied(), sides.proposedSummary().applied());
            printChanges(changes, labelled, out);
            if (labels != null) {
                printByPopulation(changes, labelled, out);
                out.println();
                out.println("scorecard, today's rules:");
                ScorecardReport.print(ScorecardReport.score(labels, sides.todayDecisions(), appConfig.time().quietPeriod()), out);
                out.println();
                out.println("scorecard, proposed rules:");
                ScorecardReport.print(ScorecardReport.score(labels, sides.proposedDecisions(), appConfig.time().quietPeriod()), out);
            }
            if (changesFile != null) {
                writeChanges(changes, labelled);
                out.printf("every changed account: %s%n", changesFile);
            }
            out.flush();
            boolean clean = sides.todaySummary().clean() && sides.proposedSummary().clean();
            if (!clean) {
                terminal.printf("NOT CLEAN: events failed inside the topology in a replay (a defect); their accounts may differ for that reason%n");
            }
            terminal.flush();
            return clean ? 0 : ReplayCommand.EXIT_PROCESSING_FAILED;
        } finally {
            CommandFiles.deleteRecursively(work);
        }
    }

    /** Each rule the proposal changes, field by field. */
    static void printRuleChanges(List<RuleParameters> today, List<RuleParameters> proposed, PrintWriter out) {
        Map<String, RuleParameters> before = today.stream().collect(Collectors.toMap(RuleParameters::id, Function.identity()));
        out.println("rules changed:");
        for (RuleParameters after : proposed) {
            RuleParameters was = before.get(after.id());
            if (was == null || !was.sameRuleAs(after) || was.version() != after.version()) {
                out.printf("  %s %s%n", after.id(), RuleParameters.describeChange(was, after));
            }
        }
    }

    private void printChanges(List<RuleDiff.Change> changes, Map<String, AccountLabel> labelled, PrintWriter out) {
        Map<RuleDiff.Kind, List<RuleDiff.Change>> byKind = new EnumMap<>(RuleDiff.Kind.class);
        changes.forEach(change -> byKind.computeIfAbsent(change.kind(), k -> new ArrayList<>()).add(change));
        out.printf("accounts whose outcome changes: %,d (%s)%n", changes.size(), Arrays.stream(RuleDiff.Kind.values())
                .map(kind -> String.format("%s %,d", kind.words(), byKind.getOrDefault(kind, List.of()).size())).collect(Collectors.joining(", ")));
        for (Map.Entry<RuleDiff.Kind, List<RuleDiff.Change>> kind : byKind.entrySet()) {
            List<RuleDiff.Change> all = kind.getValue();
            out.printf("%n%s (%,d%s):%n", kind.getKey().words(), all.size(), all.size() > show ? ", the first " + show + " by account id" : "");
            for (RuleDiff.Change change : all.subList(0, Math.min(show, all.size()))) {
                AccountLabel label = labelled.get(change.accountId());
                out.printf("  %s%s: today %s; proposed %s%n", change.accountId(), label == null ? "" : " (" + population(label) + ")",
                        outcome(change.today()), outcome(change.proposed()));
            }
        }
    }

    private static String outcome(RuleDiff.Outcome outcome) {
        return outcome == null ? "not protected"
                : String.format("%s v%d at %s%s", outcome.rule(), outcome.ruleVersion(), Instant.ofEpochMilli(outcome.firstAppliedAt()),
                        outcome.protections() > 1 ? " (" + outcome.protections() + " protections)" : "");
    }

    private static void printByPopulation(List<RuleDiff.Change> changes, Map<String, AccountLabel> labelled, PrintWriter out) {
        Map<String, Map<RuleDiff.Kind, Integer>> counts = new TreeMap<>();
        Map<String, Integer> accounts = new HashMap<>();
        labelled.values().forEach(label -> accounts.merge(population(label), 1, Integer::sum));
        accounts.keySet().forEach(population -> counts.put(population, new EnumMap<>(RuleDiff.Kind.class)));
        for (RuleDiff.Change change : changes) {
            AccountLabel label = labelled.get(change.accountId());
            counts.computeIfAbsent(label == null ? "unlabelled" : population(label), p -> new EnumMap<>(RuleDiff.Kind.class))
                    .merge(change.kind(), 1, Integer::sum);
        }
        List<String> columns = new ArrayList<>(List.of("population", "accounts"));
        Arrays.stream(RuleDiff.Kind.values()).map(RuleDiff.Kind::words).forEach(columns::add);
        List<List<String>> rows = new ArrayList<>();
        counts.forEach((population, byKind) -> {
            List<String> row = new ArrayList<>(List.of(population, ScorecardReport.count(accounts.getOrDefault(population, 0))));
            for (RuleDiff.Kind kind : RuleDiff.Kind.values()) {
                row.add(ScorecardReport.count(byKind.getOrDefault(kind, 0)));
            }
            rows.add(row);
        });
        out.println();
        out.println("changes by population:");
        MarkdownTable.print(columns, rows, out);
    }

    /** spam: friend-add-flood, migration: business, ordinary: newcomer. */
    private static String population(AccountLabel label) {
        return label.population() + ": " + label.kind();
    }

    private void writeChanges(List<RuleDiff.Change> changes, Map<String, AccountLabel> labelled) throws IOException {
        try (Writer writer = CommandFiles.openOutput(changesFile)) {
            for (RuleDiff.Change change : changes) {
                ObjectNode line = MAPPER.createObjectNode();
                line.put("accountId", change.accountId());
                line.put("change", change.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'));
                AccountLabel label = labelled.get(change.accountId());
                if (label != null) {
                    line.put("population", population(label));
                }
                side(line, "today", change.today());
                side(line, "proposed", change.proposed());
                writer.write(MAPPER.writeValueAsString(line));
                writer.write('\n');
            }
        }
    }

    private static void side(ObjectNode line, String name, RuleDiff.Outcome outcome) {
        if (outcome == null) {
            line.putNull(name);
            return;
        }
        ObjectNode side = line.putObject(name);
        side.put("firstAppliedAt", outcome.firstAppliedAt());
        side.put("ruleId", outcome.rule());
        side.put("ruleVersion", outcome.ruleVersion());
        side.put("protections", outcome.protections());
        side.put("reason", outcome.reason());
    }
}
