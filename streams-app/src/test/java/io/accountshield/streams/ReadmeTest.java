package io.accountshield.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.accountshield.streams.config.AppConfig;
import io.accountshield.streams.config.TopicNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The README's configuration and topics tables must say what the code does. */
class ReadmeTest {

    private static final Path README = Path.of("..", "README.md");

    @Test
    void configurationTableShouldEqualTheDefinitionsInCode() throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        String start = "<!-- config-table:start -->\n";
        String table = readme.substring(readme.indexOf(start) + start.length(), readme.indexOf("<!-- config-table:end -->"));

        assertThat(table)
                .as("README.md's configuration table is stale: replace it with the output of `java -jar streams-app/target/streams-app.jar config-table`")
                .isEqualTo(AppConfig.markdownTable());
    }

    @Test
    void topicsTableShouldNameEveryDefaultTopic() throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        TopicNames topics = AppConfig.defaults().topics();

        Stream.concat(topics.inputs().stream(), topics.outputs().stream())
                .forEach(topic -> assertThat(readme).as("topics table row for %s", topic).contains("| `" + topic + "` |"));
    }
}
