package io.accountshield.sim;

import io.accountshield.sim.demo.BrokerCommand;
import io.accountshield.sim.demo.DemoCommand;
import io.accountshield.sim.evaluate.EvaluateCommand;
import io.accountshield.sim.output.SinkException;
import io.accountshield.sim.scenario.ScenarioException;
import io.accountshield.sim.score.ScoreCommand;
import io.accountshield.streams.StreamsApp;
import io.accountshield.streams.app.StartupException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar producer-sim.jar COMMAND}: the traffic simulator and its scorecard. */
@Command(name = "producer-sim.jar", mixinStandardHelpOptions = true, version = "Account Shield producer-sim",
        description = "Simulates a messenger's traffic (ordinary life, phone migrations, spam campaigns) with ground truth, "
                + "and scores the pipeline's decisions against it.",
        subcommands = {DemoCommand.class, GenerateCommand.class, ScoreCommand.class, EvaluateCommand.class, BrokerCommand.class, CommandLine.HelpCommand.class})
public final class ProducerSim implements Callable<Integer> {

    public static final int EXIT_USAGE = StreamsApp.EXIT_USAGE;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        return StreamsApp.withUserErrors(new CommandLine(new ProducerSim()), ScenarioException.class, SinkException.class,
                StartupException.class);
    }

    @Override
    public Integer call() {
        new CommandLine(this).usage(System.err);
        return EXIT_USAGE;
    }
}
