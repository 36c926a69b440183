package io.accountshield.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Options the live parts would only trip over after the backlog parts: refused at once, naming the option. */
class BenchOptionsTest {

    @Test
    void shouldRefuseAnUnknownCompressionBeforeStartingAnything() {
        // the option's own description names lz4 too, in the usage printed after the message: the message is what must be there
        assertThat(refused("--live-compression", "zip")).contains("--live-compression: Invalid value zip for configuration compression.type");
    }

    @Test
    void shouldRefuseAReleaseGraceOfZeroBeforeStartingAnything() {
        assertThat(refused("--release-grace", "PT0S")).contains("--release-* options must be positive");
    }

    /** Runs the harness with {@code args}, which it must refuse as a usage error; what it printed. */
    private static String refused(String... args) {
        StringWriter stderr = new StringWriter();
        CommandLine command = new CommandLine(new Bench());
        command.setErr(new PrintWriter(stderr, true));

        assertThat(command.execute(args)).isEqualTo(CommandLine.ExitCode.USAGE);
        return stderr.toString();
    }
}
