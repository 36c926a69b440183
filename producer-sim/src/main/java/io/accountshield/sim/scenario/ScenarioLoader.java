package io.accountshield.sim.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Reads a scenario: the built-in default, with a file (YAML or JSON; JSON is YAML) or another built-in
 * scenario laid over it, then {@code path=value} overrides. Every mistake is reported with the field's
 * path and what was expected.
 */
public final class ScenarioLoader {

    private static final String DEFAULT_RESOURCE = "/scenarios/default.yaml";

    /** The scenarios that ship in {@code scenarios/}, by the name {@code --scenario} and a suite's {@code scenario:} take. */
    public static final List<String> BUILT_IN = List.of("default", "other-world");

    private final StrictYaml yaml = new StrictYaml();

    /**
     * @param file      a scenario file, or null for the default alone
     * @param overrides dotted paths to values, such as {@code ordinary.accounts=500}
     */
    public Scenario load(Path file, Map<String, String> overrides) {
        return load(Map.of(), file, overrides);
    }

    /**
     * @param base      a command's own changes to the default, under the scenario
     * @param scenario  a scenario file, or the name of a built-in scenario ({@link #BUILT_IN}), or null
     * @param overrides dotted paths to values, over everything else
     */
    public Scenario load(Map<String, String> base, String scenario, Map<String, String> overrides) {
        if (scenario == null) {
            return load(base, (Path) null, overrides);
        }
        Path file = Path.of(scenario);
        if (Files.exists(file)) {
            // A file wins over a built-in of the same name: it is what the user has in front of them.
            return load(base, file, overrides);
        }
        if (!BUILT_IN.contains(scenario)) {
            throw new ScenarioException("scenario file " + scenario + " does not exist, and no built-in scenario has that name (the built-in ones: "
                    + String.join(", ", BUILT_IN) + ")");
        }
        return load(base, yaml.readResource(resource(scenario)), "the built-in scenario " + scenario, overrides);
    }

    private static String resource(String builtIn) {
        return "/scenarios/" + builtIn + ".yaml";
    }

    /**
     * @param base      a command's own changes to the default, under the file: the demo's smaller population, say
     * @param file      a scenario file, or null
     * @param overrides dotted paths to values, over everything else
     */
    public Scenario load(Map<String, String> base, Path file, Map<String, String> overrides) {
        return file == null ? load(base, null, "the default scenario", overrides)
                : load(base, yaml.readFile(file, "scenario"), file.toString(), overrides);
    }

    /** @param given what is laid over the default, or null for nothing; {@code source} names it in messages */
    private Scenario load(Map<String, String> base, JsonNode given, String source, Map<String, String> overrides) {
        ObjectNode tree = readDefault();
        for (Map.Entry<String, String> change : base.entrySet()) {
            set(tree, change.getKey(), change.getValue());
        }
        if (given != null) {
            if (!given.isObject()) {
                throw new ScenarioException(source + ": a scenario must be a mapping of fields, such as 'ordinary: {accounts: 100}'");
            }
            merge(tree, (ObjectNode) given, "");
        }
        for (Map.Entry<String, String> override : overrides.entrySet()) {
            set(tree, override.getKey(), override.getValue());
        }
        Scenario scenario = yaml.bind(tree, Scenario.class, source);
        ScenarioValidator.validate(scenario, source);
        return scenario;
    }

    private ObjectNode readDefault() {
        return (ObjectNode) yaml.readResource(DEFAULT_RESOURCE);
    }

    /** Lays {@code given} over {@code base}; a field the default does not have is kept, so binding names it. */
    private static void merge(ObjectNode base, ObjectNode given, String path) {
        for (Map.Entry<String, JsonNode> field : given.properties()) {
            JsonNode existing = base.get(field.getKey());
            if (existing instanceof ObjectNode existingObject && field.getValue() instanceof ObjectNode givenObject) {
                merge(existingObject, givenObject, path + field.getKey() + ".");
            } else {
                base.set(field.getKey(), field.getValue());
            }
        }
    }

    private void set(ObjectNode tree, String path, String value) {
        String[] parts = path.split("\\.");
        ObjectNode parent = tree;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = parent.get(parts[i]);
            if (!(child instanceof ObjectNode childObject)) {
                throw new ScenarioException("--set " + path + ": the scenario has no section '"
                        + String.join(".", List.of(parts).subList(0, i + 1)) + "'");
            }
            parent = childObject;
        }
        String leaf = parts[parts.length - 1];
        if (!parent.has(leaf)) {
            throw new ScenarioException("--set " + path + ": the scenario has no field '" + leaf + "'");
        }
        try {
            parent.set(leaf, yaml.readValue(value));
        } catch (JsonProcessingException e) {
            parent.put(leaf, value);
        }
    }
}
