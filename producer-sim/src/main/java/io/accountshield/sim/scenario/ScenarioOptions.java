package io.accountshield.sim.scenario;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options that choose a scenario, shared by the commands that play one. */
public final class ScenarioOptions {

    @Option(names = "--scenario", paramLabel = "FILE|NAME",
            description = "Scenario (a YAML or JSON file, or a built-in one by name: other-world) laid over the built-in default; "
                    + "see scenarios/default.yaml.")
    private String scenario;

    @Option(names = "--set", paramLabel = "PATH=VALUE",
            description = "Changes one scenario field, e.g. --set ordinary.accounts=500 (repeatable).")
    private Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--seed", paramLabel = "N",
            description = "Seed; the same seed gives the same traffic event for event (default: the scenario's).")
    private Long seed;

    /** The scenario: the default, then {@code base} (a command's own choices), the file, then --set and --seed. */
    public Scenario load(Map<String, String> base) {
        Map<String, String> all = new LinkedHashMap<>(overrides);
        if (seed != null) {
            all.put("seed", seed.toString());
        }
        return new ScenarioLoader().load(base, scenario, all);
    }
}
