package io.accountshield.streams.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.accountshield.streams.rules.RuleFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code streams-app.jar rules list|push|promote|rollback}: the rules in force and their changes, through the operator API. */
public final class RuleCommands {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RuleCommands() {
    }

    /** One call to the API; prints what it answered. */
    abstract static class RuleCall implements Callable<Integer> {
        @CommandLine.Mixin
        AccountCommand.Connection connection = new AccountCommand.Connection();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        int call(String method, String path, ObjectNode body) throws IOException, InterruptedException {
            AccountCommand.Response response = AccountCommand.exchange(connection, method, path, body);
            PrintWriter out = spec.commandLine().getOut();
            if (response.status() != 200 && response.status() != 202) {
                return AccountCommand.failed(spec.commandLine().getErr(), response);
            }
            print(out, response.body());
            out.flush();
            return 0;
        }

        void print(PrintWriter out, JsonNode answer) {
            out.println(answer.path("rule").path("id").asText() + ": " + answer.path("detail").asText());
            out.println("  " + answer.path("outcome").asText() + " (change " + answer.path("changeId").asText() + ")");
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The rules in force on the instance the API runs on, and definitions it rejected.")
    public static final class ListRules extends RuleCall {
        @Override
        public Integer call() throws Exception {
            return call("GET", "/rules", null);
        }

        @Override
        void print(PrintWriter out, JsonNode answer) {
            String row = "%-26s %7s %-9s %-30s %9s %-8s %-8s %14s  %s%n";
            out.printf(row, "rule", "version", "mode", "counter", "threshold", "window", "rollout", "shadow last 1h", "changed by");
            for (JsonNode rule : answer.path("rules")) {
                out.printf(row, rule.path("id").asText(), "v" + rule.path("version").asText(),
                        rule.path("enabled").asBoolean() ? rule.path("mode").asText() : "disabled", rule.path("counter").asText(),
                        rule.path("threshold").asText(), rule.path("window").asText(), rule.path("rollout").asText(),
                        rule.path("shadowLastHour").asText() + (answer.path("shadowLastHourCapped").asBoolean() ? "+" : ""), rule.path("changedBy").asText());
            }
            for (JsonNode rejected : answer.path("rejected")) {
                out.println("rejected " + rejected.path("definition").asText() + " at " + rejected.path("at").asText() + ": " + rejected.path("reason").asText());
            }
        }
    }

    @Command(name = "push", mixinStandardHelpOptions = true,
            description = "Each rule in the file, in shadow: new rules, or changes to rules not enforced now (admin role). Promote it once its "
                    + "shadow decisions look right.")
    public static final class Push extends RuleCall {
        @Option(names = "--rules", required = true, paramLabel = "PROPOSED.yaml", description = "The rules, as rules diff takes them (mode, rollout and version are set by push).")
        Path rules;

        @Option(names = "--reason", required = true, description = "Why, for the audit topic.")
        String reason;

        @Override
        public Integer call() throws Exception {
            int worst = 0;
            for (RuleFile.ProposedRule proposed : RuleFile.read(rules)) {
                if (proposed.mode() != null || proposed.rollout() != null || proposed.version() != null) {
                    spec.commandLine().getErr().println("note: " + proposed.id() + ": push sets mode, rollout and version itself; those in the file are ignored");
                }
                ObjectNode body = JSON.createObjectNode().put("id", proposed.id()).put("reason", reason);
                if (proposed.counter() != null) {
                    body.put("counter", proposed.counter().configName());
                }
                if (proposed.threshold() != null) {
                    body.put("threshold", proposed.threshold().toString());
                }
                if (proposed.window() != null) {
                    body.put("window", proposed.window().toString());
                }
                if (proposed.enabled() != null) {
                    body.put("enabled", proposed.enabled().toString());
                }
                worst = Math.max(worst, call("POST", "/rules", body));
            }
            return worst;
        }
    }

    @Command(name = "promote", mixinStandardHelpOptions = true,
            description = "Enforce the rule on a share of accounts (a stable hash of the account id picks them; the rest see it in shadow), then on all (admin role).")
    public static final class Promote extends RuleCall {
        @Parameters(index = "0", paramLabel = "RULE_ID")
        String ruleId;

        @Option(names = "--share", required = true, description = "The share of accounts to enforce on: 10%%, then 100%%.")
        String share;

        @Option(names = "--reason", required = true, description = "Why, for the audit topic.")
        String reason;

        @Override
        public Integer call() throws Exception {
            return call("POST", "/rules/" + ruleId + "/promote", JSON.createObjectNode().put("share", share).put("reason", reason));
        }
    }

    @Command(name = "rollback", mixinStandardHelpOptions = true, description = "Put back the version in force before this one, as a new version (admin role).")
    public static final class Rollback extends RuleCall {
        @Parameters(index = "0", paramLabel = "RULE_ID")
        String ruleId;

        @Option(names = "--reason", required = true, description = "Why, for the audit topic.")
        String reason;

        @Override
        public Integer call() throws Exception {
            return call("POST", "/rules/" + ruleId + "/rollback", JSON.createObjectNode().put("reason", reason));
        }
    }
}
