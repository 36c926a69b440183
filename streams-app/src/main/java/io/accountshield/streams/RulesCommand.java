package io.accountshield.streams;

import io.accountshield.streams.api.RuleCommands;
import io.accountshield.streams.replay.RuleDiffCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code streams-app.jar rules}: rule changes, tried on recorded traffic before they ship, then rolled out through the operator API. */
@Command(name = "rules", mixinStandardHelpOptions = true,
        description = {"Rules changed without a redeploy: diff shows which accounts a change would protect or release, on recorded "
                + "traffic; push puts a rule in shadow, promote enforces it on a share of accounts and then all, rollback puts the version "
                + "before back. list, push, promote and rollback go through the operator API (push, promote, rollback: admin role).",
            "The token comes from --token-file or ACCOUNT_SHIELD_TOKEN, the API's address from --url or ACCOUNT_SHIELD_URL."},
        subcommands = {RuleDiffCommand.class, RuleCommands.ListRules.class, RuleCommands.Push.class, RuleCommands.Promote.class,
            RuleCommands.Rollback.class, CommandLine.HelpCommand.class})
final class RulesCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }
}
