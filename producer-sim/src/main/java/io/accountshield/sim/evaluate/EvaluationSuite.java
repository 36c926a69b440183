package io.accountshield.sim.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import io.accountshield.sim.scenario.ScenarioException;
import io.accountshield.sim.scenario.StrictYaml;
import io.accountshield.streams.UserInputException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Named evaluation cases, read from a YAML file ({@code evaluation/suite.yaml} is the built-in one and
 * shows the format). Every case's scenario is checked when the suite is read, so a mistake anywhere
 * in the file stops the run before any case starts.
 */
public final class EvaluationSuite {

    private static final String BUILT_IN = "/evaluation/suite.yaml";

    /** The file's shape. */
    private record SuiteFile(List<EvaluationCase> cases) {
    }

    private final String source;
    private final List<EvaluationCase> cases;

    private EvaluationSuite(String source, List<EvaluationCase> cases) {
        this.source = source;
        this.cases = cases;
    }

    /** @param file a suite file, or null for the built-in suite */
    public static EvaluationSuite load(Path file) {
        StrictYaml yaml = new StrictYaml();
        String source = file == null ? "the built-in suite" : file.toString();
        JsonNode tree = file == null ? yaml.readResource(BUILT_IN) : yaml.readFile(file, "suite");
        List<EvaluationCase> cases = yaml.bind(tree, SuiteFile.class, source).cases();
        if (cases == null || cases.isEmpty()) {
            throw new ScenarioException(source + ": no cases; a suite is 'cases:' followed by a list of cases, each with a name");
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < cases.size(); i++) {
            check(source, i, cases.get(i), names);
        }
        return new EvaluationSuite(source, List.copyOf(cases));
    }

    private static void check(String source, int index, EvaluationCase evaluationCase, Set<String> names) {
        String name = evaluationCase.name();
        if (name == null || name.isBlank()) {
            throw new ScenarioException(source + ": cases[" + index + "] has no name");
        }
        String where = source + ", case '" + name + "': ";
        if (!names.add(name)) {
            throw new ScenarioException(where + "the name is used twice");
        }
        if (evaluationCase.targetsRequired() == null) {
            throw new ScenarioException(where + "targetsRequired is missing: true when the issue's targets must hold for it, else false");
        }
        for (String change : evaluationCase.set()) {
            if (change == null || change.indexOf('=') < 1) {
                throw new ScenarioException(where + "set entry '" + change + "' is not PATH=VALUE");
            }
        }
        try {
            evaluationCase.loadScenario();
        } catch (ScenarioException e) {
            throw new ScenarioException(where + e.getMessage());
        }
    }

    public String source() {
        return source;
    }

    /** @param names case names to keep, in the suite's order; empty for all */
    public List<EvaluationCase> select(List<String> names) {
        Set<String> known = cases.stream().map(EvaluationCase::name).collect(Collectors.toSet());
        for (String name : names) {
            if (!known.contains(name)) {
                throw new UserInputException("no case named '" + name + "' in " + source + "; its cases are: "
                        + cases.stream().map(c -> "'" + c.name() + "'").collect(Collectors.joining(", ")));
            }
        }
        return names.isEmpty() ? cases : cases.stream().filter(c -> names.contains(c.name())).toList();
    }
}
