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
        StringWriter stderr = new StringWriter();
        CommandLine command = new CommandLine(new Bench());
        command.setErr(new PrintWriter(stderr, true));

        int exit = command.execute("--live-compression", "zip");

        assertThat(exit).isEqualTo(CommandLine.ExitCode.USAGE);
        // the option's own description names lz4 too, in the usage printed after the message: the message is what must be there
        assertThat(stderr.toString()).contains("--live-compression: Invalid value zip for configuration compression.type");
    }

    @Test
    void shouldRefuseAReleaseGraceOfZeroBeforeStartingAnything() {
        StringWriter stderr = new StringWriter();
        CommandLine command = new CommandLine(new Bench());
        command.setErr(new PrintWriter(stderr, true));

        int exit = command.execute("--release-grace", "PT0S");

        assertThat(exit).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(stderr.toString()).contains("--release-* options must be positive");
    }
}
