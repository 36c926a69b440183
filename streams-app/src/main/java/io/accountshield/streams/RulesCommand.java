package io.accountshield.streams;

import io.accountshield.streams.replay.RuleDiffCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code streams-app.jar rules}: rule changes, tried on recorded traffic before they ship. */
@Command(name = "rules", mixinStandardHelpOptions = true,
        description = "Rule changes: diff shows which accounts a change would protect or release, on recorded traffic.",
        subcommands = {RuleDiffCommand.class, CommandLine.HelpCommand.class})
final class RulesCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }
}
