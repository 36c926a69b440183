package io.accountshield.streams.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.accountshield.streams.UserInputException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code streams-app.jar account show|release|allow|disallow}: the operator API from the command line. */
@Command(name = "account", mixinStandardHelpOptions = true,
        description = "Look up, release or allowlist an account through the operator API.",
        subcommands = {AccountCommand.Show.class, AccountCommand.Release.class, AccountCommand.Allow.class, AccountCommand.Disallow.class})
public final class AccountCommand implements Callable<Integer> {

    public static final int EXIT_REFUSED = 3;
    public static final int EXIT_UNAVAILABLE = 4;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    /** Where the API is and who is calling: the token comes from a file or the environment, never the command line. */
    static class Connection {
        @Option(names = "--url", defaultValue = "${env:ACCOUNT_SHIELD_URL:-http://localhost:8080}",
                description = "The API's base URL (env ACCOUNT_SHIELD_URL; default ${DEFAULT-VALUE}).")
        URI url;

        @Option(names = "--token-file", description = "A file holding the operator token (else env ACCOUNT_SHIELD_TOKEN).")
        Path tokenFile;

        String token() {
            try {
                String token = tokenFile != null ? Files.readString(tokenFile).trim() : System.getenv("ACCOUNT_SHIELD_TOKEN");
                if (token == null || token.isBlank()) {
                    throw new UserInputException("no operator token: pass --token-file FILE or set ACCOUNT_SHIELD_TOKEN");
                }
                return token;
            } catch (IOException e) {
                throw new UserInputException("cannot read the token file " + tokenFile + ": " + e.getMessage());
            }
        }
    }

    /** An answer of the API: its status and JSON body. */
    record Response(int status, JsonNode body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request to the API at {@code path}, with the operator's token; a body is sent as JSON. */
    static Response exchange(Connection connection, String method, String path, ObjectNode body) throws IOException, InterruptedException {
        URI uri = URI.create(connection.url.toString().replaceAll("/+$", "") + path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + connection.token());
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        }
        HttpResponse<String> response;
        try {
            response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new UserInputException("cannot reach the operator API at " + connection.url + " (is streams-app running? set --url)");
        }
        return new Response(response.statusCode(), response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body()));
    }

    /** Says what went wrong and gives the exit code: 2 for a bad request, 4 when unavailable, 3 when refused. */
    static int failed(PrintWriter err, Response response) {
        int status = response.status();
        err.println("error: " + response.body().path("error").asText(response.body().path("outcome").asText("HTTP " + status)) + " (HTTP " + status + ")");
        err.flush();
        return switch (status) {
            case 400 -> 2;
            case 503 -> EXIT_UNAVAILABLE;
            default -> EXIT_REFUSED;
        };
    }

    abstract static class ApiCall implements Callable<Integer> {
        @CommandLine.Mixin
        Connection connection = new Connection();

        @Parameters(index = "0", paramLabel = "ACCOUNT_ID", description = "The account.")
        String accountId;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        final ObjectMapper json = new ObjectMapper();

        int send(String method, String suffix, ObjectNode body) throws IOException, InterruptedException {
            Response response = exchange(connection, method, "/accounts/" + URLEncoder.encode(accountId, StandardCharsets.UTF_8).replace("+", "%20")
                    + suffix, body);
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            JsonNode answer = response.body();
            int status = response.status();
            if (status == 200 || status == 202) {
                print(out, answer);
                out.flush();
                return 0;
            }
            return failed(err, response);
        }

        void print(PrintWriter out, JsonNode answer) {
            if (answer.has("outcome")) {
                out.println(answer.path("outcome").asText());
            }
            JsonNode account = answer.has("account") ? answer.get("account") : answer;
            if (account.has("state")) {
                describe(out, account);
            }
        }

        static void describe(PrintWriter out, JsonNode account) {
            out.println(account.path("accountId").asText() + ": " + account.path("state").asText());
            JsonNode protection = account.path("protection");
            if (protection.isObject()) {
                out.println("  why:            " + protection.path("reason").asText());
                out.println("  applied at:     " + protection.path("appliedAt").asText());
                out.println("  released at:    " + protection.path("releaseEligibleAt").asText() + " unless pushed out");
                out.println("  pushed out by:  " + protection.path("pushedOutBy").asText());
                out.println("  protection no.: " + protection.path("protectionNumber").asText());
            }
            JsonNode watch = account.path("watch");
            if (watch.isObject()) {
                out.println("  watched:        " + watch.path("reason").asText() + " (until " + watch.path("until").asText() + ")");
            }
            JsonNode allowlist = account.path("allowlist");
            out.println("  allowlist:      " + (allowlist.isObject()
                    ? (allowlist.path("inForce").asBoolean() ? "yes" : "expired") + ": " + allowlist.path("reason").asText()
                    : "no"));
            if (account.path("notice").has("en")) {
                out.println("  the person is told: " + account.path("notice").path("en").asText());
            }
            if (account.path("history").size() > 0) {
                out.println("  history:");
                for (JsonNode entry : account.path("history")) {
                    out.println("    " + entry.path("at").asText() + "  " + entry.path("kind").asText() + "  " + entry.path("summary").asText());
                }
            }
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Why the account is (or is not) restricted, until when, and its history.")
    static final class Show extends ApiCall {
        @Option(names = "--json", description = "Print the API's JSON as is.")
        boolean raw;

        @Override
        public Integer call() throws Exception {
            return send("GET", "", null);
        }

        @Override
        void print(PrintWriter out, JsonNode answer) {
            if (raw) {
                out.println(answer.toPrettyString());
            } else {
                super.print(out, answer);
            }
        }
    }

    @Command(name = "release", mixinStandardHelpOptions = true, description = "Release a protected account (role agent).")
    static final class Release extends ApiCall {
        @Option(names = "--verdict", required = true, description = "wrongful (a mistake; not counted against the account) or lifted.")
        String verdict;

        @Option(names = "--reason", required = true, description = "Why, for the audit trail.")
        String reason;

        @Override
        public Integer call() throws Exception {
            return send("POST", "/release", json.createObjectNode().put("verdict", verdict).put("reason", reason));
        }
    }

    @Command(name = "allow", mixinStandardHelpOptions = true, description = "Put the account on the allowlist (role admin).")
    static final class Allow extends ApiCall {
        @Option(names = "--reason", required = true, description = "Why, for the audit trail.")
        String reason;

        @Option(names = "--until", description = "When the entry expires, as an ISO-8601 instant (default: never).")
        String until;

        @Override
        public Integer call() throws Exception {
            ObjectNode body = json.createObjectNode().put("reason", reason);
            if (until != null) {
                body.put("until", until);
            }
            return send("POST", "/allowlist", body);
        }
    }

    @Command(name = "disallow", mixinStandardHelpOptions = true, description = "Take the account off the allowlist (role admin).")
    static final class Disallow extends ApiCall {
        @Option(names = "--reason", required = true, description = "Why, for the audit trail.")
        String reason;

        @Override
        public Integer call() throws Exception {
            return send("DELETE", "/allowlist", json.createObjectNode().put("reason", reason));
        }
    }
}
