package io.accountshield.streams.it;

import static io.accountshield.streams.it.LivePipeline.friendAdds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.accountshield.streams.api.OperatorTokens;
import io.accountshield.streams.api.Role;
import io.accountshield.streams.app.ProtectionService;
import io.accountshield.streams.config.AppConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** docs/topics.md's contract, held by its example consumer: protection, manual release and automatic release. */
class RestrictedAccountsViewIT {

    private static final String AGENT = "view-agent-secret";

    @RegisterExtension
    static final EmbeddedKafka.PerTestClass KAFKA = new EmbeddedKafka.PerTestClass(1);

    @TempDir
    Path dir;

    @Test
    void shouldShowADownstreamServiceWhoIsRestrictedThroughProtectionManualReleaseAndAutomaticRelease() throws Exception {
        Map<String, String> settings = Map.of(AppConfig.API_TOKENS, OperatorTokens.entry("agnes", Role.AGENT, AGENT));
        try (LivePipeline pipeline = new LivePipeline(KAFKA.cluster(), "view", dir, settings)) {
            ProtectionService instance = pipeline.startInstance(dir.resolve("instance"));
            pipeline.produce(friendAdds("burst-spammer", 25, Instant.now(), Duration.ofMillis(20)));
            pipeline.produce(friendAdds("wrongly-protected", 25, Instant.now(), Duration.ofMillis(20)));

            try (RestrictedAccountsView view = new RestrictedAccountsView(KAFKA.bootstrapServers(), pipeline.config().topics().protectionStatus())) {
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    view.refresh();
                    return view.isRestricted("burst-spammer") && view.isRestricted("wrongly-protected");
                });
                assertThat(view.notice("wrongly-protected", "en")).contains("cannot add friends");
                assertThat(view.isRestricted("never-seen")).isFalse();

                HttpResponse<String> released = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                                URI.create("http://localhost:" + instance.healthPort() + "/accounts/wrongly-protected/release"))
                        .header("Authorization", "Bearer " + AGENT).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"verdict\":\"wrongful\",\"reason\":\"a family event\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(released.statusCode()).as(released.body()).isEqualTo(200);
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    view.refresh();
                    return !view.isRestricted("wrongly-protected");
                });
                assertThat(view.isRestricted("burst-spammer")).as("the other account is still restricted").isTrue();
                assertThat(view.notice("wrongly-protected", "en")).contains("our mistake");

                // The quiet period here is 20 s: the release comes with no further input.
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    view.refresh();
                    return !view.isRestricted("burst-spammer");
                });
            }
        }
    }
}
