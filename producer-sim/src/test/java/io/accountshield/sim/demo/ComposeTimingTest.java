package io.accountshield.sim.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.accountshield.streams.config.AppConfig;
import io.accountshield.streams.config.ConfigSources;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The compose stack plays the simulator at a compressed speed, like the demo; its pipeline must then
 * have the demo's time settings, or the rules meet traffic the demo never showed them. Both come from
 * {@link DemoTiming}: the compose env file is its output, checked here rather than copied by hand.
 */
class ComposeTimingTest {

    /** Tests run in producer-sim/. */
    private static final Path COMPOSE_DIR = Path.of("..", "deploy", "compose").toAbsolutePath().normalize();
    private static final Path COMPOSE = COMPOSE_DIR.resolve("compose.yaml");
    private static final Path TIMING_ENV = COMPOSE_DIR.resolve("demo-timing.env");

    @Test
    void shouldGiveTheComposePipelineTheDemosTimeSettingsForTheSimulatorsSpeed() throws IOException {
        double speed = Double.parseDouble(option(command(service("producer-sim")), "--speed"));

        String expected = DemoTiming.environmentFile(AppConfig.defaults(), speed);

        assertThat(Files.readString(TIMING_ENV, StandardCharsets.UTF_8))
                .as("deploy/compose/demo-timing.env must be DemoTiming's output for the compose simulator's --speed %s; replace it with:%n%s",
                        speed, expected)
                .isEqualTo(expected);
    }

    @Test
    void shouldReadTheTimeSettingsFromTheEnvFileWithoutOverridingAny() {
        JsonNode streamsApp = service("streams-app");
        List<String> envFiles = new ArrayList<>();
        streamsApp.path("env_file").forEach(file -> envFiles.add(file.isObject() ? file.path("path").asText() : file.asText()));
        if (streamsApp.path("env_file").isTextual()) {
            envFiles.add(streamsApp.path("env_file").asText());
        }
        assertThat(envFiles).as("env_file of the compose streams-app service").contains(TIMING_ENV.getFileName().toString());

        List<String> overridden = new ArrayList<>();
        DemoTiming.scaled(AppConfig.defaults(), 1).keySet().stream().map(ConfigSources::appVariable)
                .filter(streamsApp.path("environment")::has).forEach(overridden::add);
        assertThat(overridden).as("time settings that the streams-app service's environment: sets over the env file").isEmpty();
    }

    private static JsonNode service(String name) {
        try {
            JsonNode service = new YAMLMapper().readTree(COMPOSE.toFile()).path("services").path(name);
            assertThat(service.isObject()).as("compose service %s", name).isTrue();
            return service;
        } catch (IOException e) {
            throw new AssertionError("cannot read " + COMPOSE + ": " + e, e);
        }
    }

    private static List<String> command(JsonNode service) {
        List<String> arguments = new ArrayList<>();
        service.path("command").forEach(argument -> arguments.add(argument.asText()));
        return arguments;
    }

    private static String option(List<String> command, String name) {
        int at = command.indexOf(name);
        assertThat(at).as("%s in the simulator's command %s", name, command).isGreaterThanOrEqualTo(0).isLessThan(command.size() - 1);
        return command.get(at + 1);
    }
}
