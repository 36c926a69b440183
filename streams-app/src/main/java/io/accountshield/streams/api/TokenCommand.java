package io.accountshield.streams.api;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code streams-app.jar token --name alice --role agent}: a new operator token and its {@code api.tokens} entry. */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Makes a new operator token. Give the token to the operator; put the entry (which holds only its hash) in api.tokens.")
public final class TokenCommand implements Callable<Integer> {

    @Option(names = "--name", required = true, description = "Who the token is for; it appears in the audit trail.")
    String name;

    @Option(names = "--role", required = true, description = "viewer (look up), agent (also release) or admin (also the allowlist).")
    String role;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        String token = OperatorTokens.newToken();
        String entry = OperatorTokens.entry(name, Role.parse(role), token);
        OperatorTokens.parse(java.util.List.of(entry));
        PrintWriter out = spec.commandLine().getOut();
        out.println("token (give it to " + name + "; it is not stored anywhere): " + token);
        out.println("api.tokens entry:  " + entry);
        out.flush();
        return 0;
    }
}
