package io.accountshield.streams.it;

import static io.accountshield.streams.it.LivePipeline.chatrooms;
import static io.accountshield.streams.it.LivePipeline.friendAdds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.accountshield.schema.decisions.ProtectionState;
import io.accountshield.schema.decisions.ReleaseKind;
import io.accountshield.schema.operator.CommandAction;
import io.accountshield.schema.operator.CommandResult;
import io.accountshield.schema.operator.ReleaseVerdict;
import io.accountshield.streams.api.OperatorTokens;
import io.accountshield.streams.api.Role;
import io.accountshield.streams.app.ProtectionService;
import io.accountshield.streams.config.AppConfig;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator API on two instances of the live pipeline: any instance answers for any account
 * (asking its owner over {@code application.server}), and a release through one instance is applied
 * by the account's state machine on the other, exactly once, with its audit entry.
 */
class OperatorApiIT {

    private static final String VIEWER = "viewer-secret";
    private static final String AGENT = "agent-secret";

    @RegisterExtension
    static final EmbeddedKafka.PerTestClass KAFKA = new EmbeddedKafka.PerTestClass(1);

    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dir;

    private static HttpResponse<String> call(ProtectionService instance, String method, String path, String token, String body) throws Exception {
        return LivePipeline.api(instance, method, path, token, body);
    }

    @Test
    void shouldPushPromoteAndRollBackARuleForAnAdminOnlyAndAuditEveryStep() throws Exception {
        String admin = "admin-secret";
        String tokens = OperatorTokens.entry("vera", Role.VIEWER, VIEWER) + "," + OperatorTokens.entry("ada", Role.ADMIN, admin);
        try (LivePipeline pipeline = new LivePipeline(KAFKA.cluster(), "api-rules", dir, Map.of(AppConfig.API_TOKENS, tokens))) {
            ProtectionService instance = pipeline.startInstance(dir.resolve("instance"));
            String blitz = "{\"id\":\"chatroom-blitz\",\"counter\":\"chatrooms-created\",\"threshold\":\"3\",\"window\":\"PT5S\","
                    + "\"reason\":\"chatroom floods of three rooms in seconds\"}";

            // A viewer cannot change rules; a definition that fails the checks is refused, and both say why
            assertThat(call(instance, "POST", "/rules", VIEWER, blitz).statusCode()).isEqualTo(403);
            HttpResponse<String> zero = call(instance, "POST", "/rules", admin, blitz.replace("\"threshold\":\"3\"", "\"threshold\":\"0\""));
            assertThat(zero.statusCode()).isEqualTo(400);
            assertThat(json.readTree(zero.body()).path("error").asText()).startsWith("the threshold must be at least 1, not 0");

            // Pushed: in shadow, in force at once
            HttpResponse<String> pushed = call(instance, "POST", "/rules", admin, blitz);
            assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(200);
            assertThat(json.readTree(pushed.body()).path("rule").path("mode").asText()).isEqualTo("shadow");
            pipeline.produce(chatrooms("shadowed", 3));
            pipeline.awaitAllConsumed();
            assertThat(pipeline.applied()).isEmpty();

            // Promoted to every account: the next flood is protected by version 2
            HttpResponse<String> promoted = call(instance, "POST", "/rules/chatroom-blitz/promote", admin,
                    "{\"share\":\"100%\",\"reason\":\"its shadow decisions were all floods\"}");
            assertThat(promoted.statusCode()).as(promoted.body()).isEqualTo(200);
            pipeline.produce(chatrooms("blitzer", 3));
            await().atMost(Duration.ofSeconds(30)).until(() -> !pipeline.applied().isEmpty());
            assertThat(pipeline.applied()).singleElement().satisfies(applied -> {
                assertThat(applied.getAccountId()).isEqualTo("blitzer");
                assertThat(applied.getRuleId()).isEqualTo("chatroom-blitz");
                assertThat(applied.getRuleVersion()).isEqualTo(2);
            });

            // Rolled back: version 3 is version 1 again, in shadow
            HttpResponse<String> rolledBack = call(instance, "POST", "/rules/chatroom-blitz/rollback", admin, "{\"reason\":\"too many support tickets\"}");
            assertThat(rolledBack.statusCode()).as(rolledBack.body()).isEqualTo(200);
            JsonNode listed = json.readTree(call(instance, "GET", "/rules", VIEWER, null).body());
            assertThat(listed.path("rules").findValues("id").stream().map(JsonNode::asText)).contains("friend-add-burst", "chatroom-blitz");
            JsonNode rule = java.util.stream.StreamSupport.stream(listed.path("rules").spliterator(), false)
                    .filter(node -> node.path("id").asText().equals("chatroom-blitz")).findFirst().orElseThrow();
            assertThat(rule.path("version").asInt()).isEqualTo(3);
            assertThat(rule.path("mode").asText()).isEqualTo("shadow");
            assertThat(rule.path("changedBy").asText()).isEqualTo("ada");
            // What it did in shadow over the last hour: the one flood it saw in shadow (version 1), not the one it enforced on
            assertThat(rule.path("shadowLastHour").asLong()).isEqualTo(1);
            assertThat(listed.path("shadowLastHourCapped").asBoolean()).isFalse();

            // Every step on the audit topic, the refusal included
            assertThat(pipeline.ruleChanges()).extracting(change -> change.getAction() + " " + change.getResult() + " v" + change.getToVersion()
                    + " by " + change.getOperator()).containsExactly("push refused vnull by ada", "push written v1 by ada",
                    "promote written v2 by ada", "rollback written v3 by ada");
        }
    }

    @Test
    void shouldAnswerForEveryAccountFromEitherInstanceAndReleaseThroughTheOwnersStateMachine() throws Exception {
        String tokens = OperatorTokens.entry("vera", Role.VIEWER, VIEWER) + "," + OperatorTokens.entry("agnes", Role.AGENT, AGENT);
        // Protections that last minutes, so that only the agent releases them here.
        Map<String, String> settings = Map.of(AppConfig.API_TOKENS, tokens, "protection.quiet-period", "PT5M",
                "protection.repeat-quiet-periods", "PT10M");
        try (LivePipeline pipeline = new LivePipeline(KAFKA.cluster(), "api", dir, settings)) {
            ProtectionService first = pipeline.startInstance(dir.resolve("first"));
            ProtectionService second = pipeline.startInstance(dir.resolve("second"));
            List<String> accounts = List.of("spammer-a", "spammer-b", "spammer-c", "spammer-d", "spammer-e", "spammer-f");
            Instant now = Instant.now();
            for (String account : accounts) {
                pipeline.produce(friendAdds(account, 25, now, Duration.ofMillis(20)));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> pipeline.applied().size() == accounts.size());

            // Every account from the first instance: those the second owns are fetched from it.
            Set<String> servedBy = new HashSet<>();
            for (String account : accounts) {
                JsonNode view = await().atMost(Duration.ofSeconds(30)).until(() -> {
                    HttpResponse<String> response = call(first, "GET", "/accounts/" + account, VIEWER, null);
                    return response.statusCode() == 200 ? json.readTree(response.body()) : null;
                }, java.util.Objects::nonNull);
                assertThat(view.path("state").asText()).isEqualTo("protected");
                assertThat(view.path("protection").path("ruleId").asText()).isEqualTo("friend-add-burst");
                assertThat(view.path("protection").path("pushedOutBy").asText()).contains("moves the release");
                assertThat(view.path("notice").path("en").asText()).contains("cannot add friends");
                assertThat(view.path("history").get(0).path("kind").asText()).isEqualTo("protected");
                servedBy.add(view.path("servedBy").asText());
            }
            assertThat(servedBy).as("both instances own some of the six accounts").hasSize(2);

            // A viewer may not release; an agent may, through either instance.
            String release = "{\"verdict\":\"wrongful\",\"reason\":\"moved to a new phone, confirmed by call\"}";
            assertThat(call(second, "POST", "/accounts/spammer-a/release", VIEWER, release).statusCode()).isEqualTo(403);
            HttpResponse<String> released = call(second, "POST", "/accounts/spammer-a/release", AGENT, release);
            assertThat(released.statusCode()).as(released.body()).isEqualTo(200);
            JsonNode answer = json.readTree(released.body());
            assertThat(answer.path("outcome").asText()).contains("agnes asked to release").contains("applied");
            assertThat(answer.path("account").path("state").asText()).isEqualTo("quiet");

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(pipeline.released()).singleElement().satisfies(r -> {
                    assertThat(r.getKind()).isEqualTo(ReleaseKind.MANUAL);
                    assertThat(r.getReleasedBy()).isEqualTo("agnes");
                    assertThat(r.getVerdict()).isEqualTo(ReleaseVerdict.WRONGFUL);
                });
                assertThat(pipeline.latestStatus("spammer-a").getState()).isEqualTo(ProtectionState.RELEASED);
                assertThat(pipeline.audit()).singleElement().satisfies(entry -> {
                    assertThat(entry.getAction()).isEqualTo(CommandAction.RELEASE);
                    assertThat(entry.getResult()).isEqualTo(CommandResult.APPLIED);
                    assertThat(entry.getOperator()).isEqualTo("agnes");
                    assertThat(entry.getCommandId()).isEqualTo(answer.path("commandId").asText());
                });
            });

            // Once released, a second release answers clearly and sends nothing.
            HttpResponse<String> again = call(first, "POST", "/accounts/spammer-a/release", AGENT, release);
            assertThat(again.statusCode()).isEqualTo(409);
            assertThat(json.readTree(again.body()).path("error").asText()).contains("is not protected");
            assertThat(pipeline.audit()).hasSize(1);
        }
    }
}
