package io.accountshield.streams.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.accountshield.schema.operator.CommandAction;
import io.accountshield.schema.operator.OperatorCommand;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The API's own rules, with the application behind it replaced by a stand-in: who may do what, what
 * is a valid request, and what a caller hears when the stores cannot answer. Kafka behind it is
 * covered by {@code OperatorApiIT}.
 */
class OperatorApiTest {

    private static final String VIEWER = "viewer-token";
    private static final String AGENT = "agent-token";
    private static final String ADMIN = "admin-token";

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<OperatorCommand> sent = new CopyOnWriteArrayList<>();
    private volatile AccountLookup.Result lookupResult = new AccountLookup.Unavailable("restoring");
    private OperatorApi api;

    @BeforeEach
    void start() {
        OperatorTokens tokens = OperatorTokens.parse(List.of(OperatorTokens.entry("vera", Role.VIEWER, VIEWER),
                OperatorTokens.entry("agnes", Role.AGENT, AGENT), OperatorTokens.entry("adam", Role.ADMIN, ADMIN)));
        OperatorApi.Backend backend = new OperatorApi.Backend() {
            @Override
            public KafkaStreams.State state() {
                return KafkaStreams.State.RUNNING;
            }

            @Override
            public OperatorApi.Lookup lookup() {
                return new OperatorApi.Lookup() {
                    @Override
                    public AccountLookup.Result find(String accountId) {
                        return lookupResult;
                    }

                    @Override
                    public HostInfo self() {
                        return new HostInfo("localhost", api.port());
                    }
                };
            }

            @Override
            public OperatorApi.Commands commands() {
                return sent::add;
            }
        };
        api = new OperatorApi("127.0.0.1", 0, tokens, backend, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), () -> Instant.now(),
                java.time.Duration.ofMillis(300));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode bodyOf(HttpResponse<String> response) throws Exception {
        return json.readTree(response.body());
    }

    private static AccountView view(String accountId, boolean isProtected) {
        AccountView.Protection protection = isProtected ? new AccountView.Protection("friend-add-burst", 2, "a burst", Instant.EPOCH,
                Instant.EPOCH, Instant.EPOCH, Instant.EPOCH, "any friend-add", "24 hours", 1) : null;
        return new AccountView(accountId, isProtected ? "protected" : "quiet", protection, null, isProtected ? 1 : 0, null, null, Map.of(),
                Map.of(), null, List.of(), "localhost:1");
    }

    @Test
    void shouldAnswer401WithoutAValidTokenAnd403WithTooSmallARole() throws Exception {
        lookupResult = new AccountLookup.Found(view("acct-1", true));

        HttpResponse<String> none = call("GET", "/accounts/acct-1", null, null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(value -> assertThat(value).startsWith("Bearer"));
        assertThat(call("GET", "/accounts/acct-1", "not-a-token", null).statusCode()).isEqualTo(401);

        HttpResponse<String> viewerReleases = call("POST", "/accounts/acct-1/release", VIEWER, "{\"verdict\":\"lifted\",\"reason\":\"x\"}");
        assertThat(viewerReleases.statusCode()).isEqualTo(403);
        assertThat(bodyOf(viewerReleases).path("error").asText()).isEqualTo("vera has the viewer role; this needs the agent role");
        assertThat(call("POST", "/accounts/acct-1/allowlist", AGENT, "{\"reason\":\"x\"}").statusCode()).isEqualTo(403);
        assertThat(sent).isEmpty();

        assertThat(call("GET", "/accounts/acct-1", VIEWER, null).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/whoami", ADMIN, null).body()).contains("\"role\":\"admin\"");
    }

    @Test
    void shouldKeepHealthAndMetricsOpen() throws Exception {
        assertThat(call("GET", "/health/ready", null, null).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/metrics", null, null).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/console/", null, null).body()).contains("support console");
    }

    @Test
    void shouldNameTheFieldOfEveryInvalidParameter() throws Exception {
        lookupResult = new AccountLookup.Found(view("acct-1", true));

        assertThat(field(call("GET", "/accounts/bad%07id", VIEWER, null))).isEqualTo("id");
        assertThat(field(call("GET", "/accounts/" + "x".repeat(600), VIEWER, null))).isEqualTo("id");
        assertThat(field(call("POST", "/accounts/acct-1/release", AGENT, "{\"verdict\":\"lifted\"}"))).isEqualTo("reason");
        assertThat(field(call("POST", "/accounts/acct-1/release", AGENT, "{\"verdict\":\"lifted\",\"reason\":\"" + "r".repeat(501) + "\"}")))
                .isEqualTo("reason");
        assertThat(field(call("POST", "/accounts/acct-1/release", AGENT, "{\"reason\":\"why\"}"))).isEqualTo("verdict");
        assertThat(field(call("POST", "/accounts/acct-1/release", AGENT, "{\"verdict\":\"lifted\",\"reason\":\"ok\\u001b[2J\"}")))
                .isEqualTo("reason");
        assertThat(field(call("POST", "/accounts/acct-1/release", AGENT, "{\"verdict\":\"maybe\",\"reason\":\"why\"}"))).isEqualTo("verdict");
        assertThat(field(call("POST", "/accounts/acct-1/release", AGENT, "{\"verdict\":\"lifted\",\"reason\":\"why\",\"admin\":\"yes\"}")))
                .isEqualTo("admin");
        assertThat(field(call("POST", "/accounts/acct-1/release", AGENT, "not json"))).isEqualTo("body");
        assertThat(field(call("POST", "/accounts/acct-1/release", AGENT, "{\"reason\":\"" + "r".repeat(5000) + "\"}"))).isEqualTo("body");
        assertThat(field(call("POST", "/accounts/acct-1/allowlist", ADMIN, "{\"reason\":\"ok\",\"until\":\"tomorrow\"}"))).isEqualTo("until");
        assertThat(field(call("POST", "/accounts/acct-1/allowlist", ADMIN, "{\"reason\":\"ok\",\"until\":\"2001-01-01T00:00:00Z\"}")))
                .isEqualTo("until");
        assertThat(sent).isEmpty();
    }

    private String field(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode body = bodyOf(response);
        assertThat(body.path("error").asText()).isNotBlank();
        return body.path("field").asText();
    }

    @Test
    void shouldAnswer503WithRetryAfterWhileTheStoresCannotAnswer() throws Exception {
        lookupResult = new AccountLookup.Unavailable("the group is rebalancing");

        HttpResponse<String> response = call("GET", "/accounts/acct-1", VIEWER, null);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        assertThat(bodyOf(response).path("error").asText()).isEqualTo("the group is rebalancing");
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("at io.");
    }

    @Test
    void shouldRefuseToReleaseAnAccountThatIsNotProtectedAndSendNothing() throws Exception {
        lookupResult = new AccountLookup.Found(view("acct-1", false));

        HttpResponse<String> response = call("POST", "/accounts/acct-1/release", AGENT, "{\"verdict\":\"lifted\",\"reason\":\"asked\"}");

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(bodyOf(response).path("error").asText()).isEqualTo("account acct-1 is not protected (it is quiet); nothing was changed");
        assertThat(sent).isEmpty();
    }

    @Test
    void shouldSendAReleaseCommandNamingTheOperatorAndAnswer202WhenTheResultIsNotInYet() throws Exception {
        lookupResult = new AccountLookup.Found(view("acct-1", true));

        HttpResponse<String> response = call("POST", "/accounts/acct-1/release", AGENT, "{\"verdict\":\"Wrongful\",\"reason\":\" moved phones \"}");

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(sent).singleElement().satisfies(command -> {
            assertThat(command.getAction()).isEqualTo(CommandAction.RELEASE);
            assertThat(command.getOperator()).isEqualTo("agnes");
            assertThat(command.getReason()).isEqualTo("moved phones");
            assertThat(command.getCommandId()).isEqualTo(bodyOf(response).path("commandId").asText());
        });
    }

    @Test
    void shouldLookUpAndReleaseFromTheCommandLineWithTheTokenFromAFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        lookupResult = new AccountLookup.Found(view("acct-1", true));
        java.nio.file.Path tokenFile = java.nio.file.Files.writeString(dir.resolve("token"), AGENT + "\n");
        String url = "http://127.0.0.1:" + api.port();

        java.io.StringWriter shown = new java.io.StringWriter();
        picocli.CommandLine show = io.accountshield.streams.StreamsApp.commandLine();
        show.setOut(new java.io.PrintWriter(shown));
        assertThat(show.execute("account", "show", "acct-1", "--url", url, "--token-file", tokenFile.toString())).isZero();
        assertThat(shown.toString()).contains("acct-1: protected").contains("why:            a burst").contains("pushed out by:  any friend-add");

        java.io.StringWriter refused = new java.io.StringWriter();
        picocli.CommandLine allow = io.accountshield.streams.StreamsApp.commandLine();
        allow.setErr(new java.io.PrintWriter(refused));
        assertThat(allow.execute("account", "allow", "acct-1", "--reason", "verified", "--url", url, "--token-file", tokenFile.toString()))
                .isEqualTo(AccountCommand.EXIT_REFUSED);
        assertThat(refused.toString()).contains("error: agnes has the agent role; this needs the admin role (HTTP 403)");

        picocli.CommandLine release = io.accountshield.streams.StreamsApp.commandLine();
        release.setOut(new java.io.PrintWriter(new java.io.StringWriter()));
        assertThat(release.execute("account", "release", "acct-1", "--verdict", "lifted", "--reason", "served", "--url", url,
                "--token-file", tokenFile.toString())).isZero();
        assertThat(sent).singleElement().satisfies(command -> assertThat(command.getOperator()).isEqualTo("agnes"));
    }

    @Test
    void shouldRefuseWhatABrowserOrProxyMightSlipPast() throws Exception {
        lookupResult = new AccountLookup.Found(view("acct-1", true));

        HttpResponse<String> head = call("HEAD", "/whoami", null, null);
        assertThat(head.statusCode()).as("HEAD runs no handler: no token check, no readiness").isEqualTo(405);
        assertThat(call("HEAD", "/health/ready", null, null).statusCode()).isEqualTo(405);
        assertThat(call("PUT", "/accounts/acct-1", VIEWER, "{}").statusCode()).isEqualTo(405);
        assertThat(field(call("POST", "/accounts/acct-1/release", AGENT, "{\"verdict\":\"lifted\",\"reason\":\"x\",\"verdict\":\"wrongful\"}")))
                .isEqualTo("body");
        assertThat(field(call("POST", "/accounts/acct-1/release", AGENT, "{\"verdict\":\"lifted\",\"reason\":\"x\"} trailing")))
                .isEqualTo("body");
        assertThat(field(call("POST", "/accounts/acct-1/allowlist", ADMIN, "{\"reason\":\"t\",\"until\":\"+1000000000-12-31T23:59:59Z\"}")))
                .isEqualTo("until");
        assertThat(field(call("POST", "/accounts/acct-1/release", AGENT, "{\"verdict\":\"lifted\",\"reason\":\"\\u200b\"}")))
                .isEqualTo("reason");

        HttpRequest form = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/accounts/acct-1/release"))
                .header("Authorization", "Bearer " + AGENT).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("{\"verdict\":\"lifted\",\"reason\":\"x\"}")).build();
        assertThat(http.send(form, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(415);
        assertThat(sent).isEmpty();
    }

    @Test
    void shouldAcceptEveryAccountIdThePipelineAcceptsAndLabelMetricsByRouteNotAccount() throws Exception {
        lookupResult = new AccountLookup.Found(view("shop owner", false));

        assertThat(call("GET", "/accounts/shop%20owner", VIEWER, null).statusCode()).isEqualTo(200);
        assertThat(OperatorApi.route("/accounts/acct-9/release")).isEqualTo("/accounts/{id}/release");
        assertThat(OperatorApi.route("/accounts/acct-9")).isEqualTo("/accounts/{id}");
        assertThat(OperatorApi.route("/console/console.js")).isEqualTo("/console");
        assertThat(OperatorApi.route("/anything-else")).isEqualTo("other");
    }

    @Test
    void shouldNeverQuoteAMisconfiguredTokenEntry() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> OperatorTokens.parse(List.of("s3cret-token-value:viewer")))
                .hasMessage("entry 1 of 1 is not name:role:sha256-hex-of-token (names are letters, digits and ._@-; "
                        + "print an entry with `streams-app.jar token --name NAME --role ROLE`)");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> OperatorTokens.parse(List.of("ann:s3cret:" + "a".repeat(64))))
                .hasMessageNotContaining("s3cret");
    }
}
