package io.accountshield.streams;

import io.accountshield.streams.api.AccountCommand;
import io.accountshield.streams.api.TokenCommand;
import io.accountshield.streams.app.LeaveGroupCommand;
import io.accountshield.streams.app.RunCommand;
import io.accountshield.streams.config.AppConfig;
import io.accountshield.streams.replay.ReplayCommand;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar streams-app.jar COMMAND}: the account-protection pipeline's entry point. */
@Command(name = "streams-app.jar", mixinStandardHelpOptions = true, versionProvider = StreamsApp.Version.class,
        description = "Account Shield: restricts accounts that behave like spammers, leaves phone migrations alone.",
        subcommands = {RunCommand.class, LeaveGroupCommand.class, ReplayCommand.class, RulesCommand.class, AccountCommand.class, TokenCommand.class, StreamsApp.ConfigTableCommand.class,
                CommandLine.HelpCommand.class})
public final class StreamsApp implements Callable<Integer> {

    public static final int EXIT_USAGE = 2;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns the exit code; the exit itself is left to main. */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    public static CommandLine commandLine() {
        return withUserErrors(new CommandLine(new StreamsApp()));
    }

    /**
     * Mistakes in what the user asked for (a configuration value, a missing file, and the given kinds)
     * end the program with "error: " and the message, exit code 2, and no stack trace; anything else
     * is a bug and keeps its stack trace.
     */
    @SafeVarargs
    @SuppressWarnings("varargs") // the array is only read, by the handler below
    public static CommandLine withUserErrors(CommandLine commandLine, Class<? extends Exception>... userErrors) {
        commandLine.setExecutionExceptionHandler((exception, cmd, parseResult) -> {
            boolean userError = exception instanceof ConfigException || exception instanceof UserInputException
                    || java.util.Arrays.stream(userErrors).anyMatch(type -> type.isInstance(exception));
            if (userError) {
                cmd.getErr().println("error: " + exception.getMessage());
                cmd.getErr().flush();
                return EXIT_USAGE;
            }
            throw exception;
        });
        return commandLine;
    }

    @Override
    public Integer call() {
        new CommandLine(this).usage(System.err);
        return EXIT_USAGE;
    }

    /** Prints the configuration table that the README shows, from the definitions in code. */
    @Command(name = "config-table", mixinStandardHelpOptions = true,
            description = "Prints every setting with its default and meaning, as a Markdown table.")
    static final class ConfigTableCommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            out.print(AppConfig.markdownTable());
            out.flush();
            return 0;
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = StreamsApp.class.getPackage().getImplementationVersion();
            return new String[] {"Account Shield streams-app " + (version == null ? "(development build)" : version)};
        }
    }
}
