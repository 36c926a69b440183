package io.accountshield.streams.it;

import static io.accountshield.streams.it.LivePipeline.api;
import static io.accountshield.streams.it.LivePipeline.chatrooms;
import static io.accountshield.streams.it.LivePipeline.friendAdds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.accountshield.schema.decisions.ProtectionState;
import io.accountshield.schema.decisions.ReleaseKind;
import io.accountshield.schema.operator.CommandResult;
import io.accountshield.schema.operator.ReleaseVerdict;
import io.accountshield.streams.api.OperatorTokens;
import io.accountshield.streams.api.Role;
import io.accountshield.streams.app.ProtectionService;
import io.accountshield.streams.config.AppConfig;
import io.accountshield.streams.rules.RolloutShare;
import io.accountshield.streams.rules.RuleCatalog;
import io.accountshield.streams.rules.RuleCounter;
import io.accountshield.streams.rules.RuleMode;
import io.accountshield.streams.rules.RuleParameters;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The support console in a real browser (Debian's chromium, driven by its chromedriver; nothing is
 * downloaded) against the live pipeline: an agent looks up a protected account, reads why and until
 * when, releases it, and the release shows in the console, the status topic and the audit topic.
 * A viewer reads the rules: each rule's version, mode, share and shadow decisions of the last hour.
 * The screenshots it takes are the ones in the README.
 */
class SupportConsoleIT {

    private static final String AGENT = "console-agent-secret";
    private static final String VIEWER = "console-viewer-secret";
    private static final String ADMIN = "console-admin-secret";
    static final Path SCREENSHOT = Path.of("target", "screenshots", "support-console.png");
    static final Path RULES_SCREENSHOT = Path.of("target", "screenshots", "support-console-rules.png");

    @RegisterExtension
    static final EmbeddedKafka.PerTestClass KAFKA = new EmbeddedKafka.PerTestClass(1);

    @TempDir
    Path dir;

    static WebDriver chromium(Path profile) {
        return HeadlessChromium.start(profile, 1280, 1100);
    }

    @Test
    void shouldLetAnAgentSeeWhyAnAccountIsProtectedAndReleaseItInTheBrowser() throws Exception {
        Map<String, String> settings = Map.of(AppConfig.API_TOKENS, OperatorTokens.entry("agnes", Role.AGENT, AGENT),
                "protection.quiet-period", "PT5M", "protection.repeat-quiet-periods", "PT10M");
        try (LivePipeline pipeline = new LivePipeline(KAFKA.cluster(), "console", dir, settings)) {
            ProtectionService instance = pipeline.startInstance(dir.resolve("instance"));
            pipeline.produce(friendAdds("shop-owner", 25, Instant.now(), Duration.ofMillis(20)));
            await().atMost(Duration.ofSeconds(60)).until(() -> pipeline.applied().size() == 1);

            WebDriver browser = chromium(Files.createDirectories(dir.resolve("chromium-profile")));
            try {
                WebDriverWait wait = signIn(browser, instance, AGENT, "agnes (agent)");

                browser.findElement(By.id("account-id")).sendKeys("shop-owner");
                browser.findElement(By.id("look-up")).click();
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("state"), "protected"));
                assertThat(text(browser, "notice-en")).contains("cannot add friends or start new chats");
                assertThat(text(browser, "notice-ko")).contains("친구 추가");
                assertThat(text(browser, "reason")).startsWith("friend-add-burst v4: ");
                assertThat(text(browser, "until")).contains("if nothing pushes it out");
                assertThat(text(browser, "pushed-out-by")).contains("moves the release");
                assertThat(browser.findElement(By.id("history")).getText()).contains("protected by friend-add-burst");
                Files.createDirectories(SCREENSHOT.getParent());
                Files.write(SCREENSHOT, ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES));

                browser.findElement(By.id("verdict-wrongful")).click();
                browser.findElement(By.id("release-reason")).sendKeys("moved to a new phone; confirmed by call");
                browser.findElement(By.id("release")).click();
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "Released"));
                assertThat(text(browser, "state")).isEqualTo("quiet");
                assertThat(browser.findElement(By.id("history")).getText())
                        .contains("agnes asked to release (\"moved to a new phone; confirmed by call\"): applied")
                        .contains("released by agnes (wrongful)");
                assertThat(browser.findElement(By.id("release-form")).isDisplayed()).isFalse();
            } finally {
                browser.quit();
            }

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(pipeline.released()).singleElement().satisfies(released -> {
                    assertThat(released.getKind()).isEqualTo(ReleaseKind.MANUAL);
                    assertThat(released.getVerdict()).isEqualTo(ReleaseVerdict.WRONGFUL);
                    assertThat(released.getReleaseReason()).isEqualTo("moved to a new phone; confirmed by call");
                });
                assertThat(pipeline.latestStatus("shop-owner").getState()).isEqualTo(ProtectionState.RELEASED);
                assertThat(pipeline.audit()).singleElement().satisfies(entry -> {
                    assertThat(entry.getOperator()).isEqualTo("agnes");
                    assertThat(entry.getResult()).isEqualTo(CommandResult.APPLIED);
                });
            });
        }
    }

    @Test
    void shouldShowAViewerEveryRuleWithItsVersionModeShareAndShadowDecisionsOfTheLastHour() throws Exception {
        String tokens = OperatorTokens.entry("vera", Role.VIEWER, VIEWER) + "," + OperatorTokens.entry("ada", Role.ADMIN, ADMIN);
        try (LivePipeline pipeline = new LivePipeline(KAFKA.cluster(), "console-rules", dir, Map.of(AppConfig.API_TOKENS, tokens))) {
            ProtectionService instance = pipeline.startInstance(dir.resolve("instance"));

            // Given a rule pushed in shadow, another promoted to enforce on a tenth of accounts, and a definition every instance rejects
            HttpResponse<String> pushed = api(instance, "POST", "/rules", ADMIN, "{\"id\":\"chatroom-blitz\",\"counter\":\"chatrooms-created\","
                    + "\"threshold\":\"3\",\"window\":\"PT5S\",\"reason\":\"chatroom floods of three rooms in seconds\"}");
            assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(200);
            HttpResponse<String> staged = api(instance, "POST", "/rules", ADMIN, "{\"id\":\"report-wave\",\"counter\":\"distinct-reporters\","
                    + "\"threshold\":\"5\",\"window\":\"PT20S\",\"reason\":\"waves of reports\"}");
            assertThat(staged.statusCode()).as(staged.body()).isEqualTo(200);
            HttpResponse<String> promoted = api(instance, "POST", "/rules/report-wave/promote", ADMIN, "{\"share\":\"10%\",\"reason\":\"a tenth first\"}");
            assertThat(promoted.statusCode()).as(promoted.body()).isEqualTo(200);
            pipeline.defineRule(new RuleParameters("chatroom-blitz", 7, true, 0, Duration.ofSeconds(5), RuleMode.SHADOW, RuleCounter.CHATROOMS_CREATED,
                    RolloutShare.ALL));

            // When three accounts flood chatrooms (one shadow decision each) and a fourth stays below the threshold
            for (String flooder : List.of("flood-a", "flood-b", "flood-c")) {
                pipeline.produce(chatrooms(flooder, 3));
            }
            pipeline.produce(chatrooms("calm", 2));
            pipeline.awaitAllConsumed();
            assertThat(pipeline.applied()).as("the shadow rule restricts nobody").isEmpty();

            WebDriver browser = chromium(Files.createDirectories(dir.resolve("chromium-profile")));
            try {
                WebDriverWait wait = signIn(browser, instance, VIEWER, "vera (viewer)");
                wait.until(ExpectedConditions.presenceOfElementLocated(ruleRow("chatroom-blitz")));
                // The rejection reaches the instance's rule table on its own thread: refresh until it is listed
                wait.pollingEvery(Duration.ofMillis(500)).until(driver -> {
                    if (driver.findElement(By.id("rejected")).getText().contains("chatroom-blitz/v7")) {
                        return true;
                    }
                    driver.findElement(By.id("refresh-rules")).click();
                    return false;
                });

                // Then the viewer sees every rule, each as GET /rules has it
                List<String> expected = new java.util.ArrayList<>(RuleCatalog.DEFAULTS.stream().map(RuleCatalog.RuleDefault::id).toList());
                expected.addAll(List.of("chatroom-blitz", "report-wave"));
                assertThat(browser.findElements(By.cssSelector("#rules-table tbody tr"))).extracting(row -> row.getDomAttribute("data-rule"))
                        .containsExactlyInAnyOrderElementsOf(expected);
                assertThat(cells(browser, "chatroom-blitz", "version", "mode", "enforced-on", "counter", "threshold", "window", "enabled",
                        "shadow-last-hour", "changed-by", "note")).containsExactly("v1", "shadow", "0% (shadow on every account)", "chatrooms-created",
                        "3", "PT5S", "yes", "3", "ada", "push: chatroom floods of three rooms in seconds");
                assertThat(cells(browser, "chatroom-blitz", "changed-at").get(0)).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");
                assertThat(cells(browser, "report-wave", "version", "mode", "enforced-on", "shadow-last-hour", "changed-by", "note"))
                        .containsExactly("v2", "enforce", "10% (shadow on the rest)", "0", "ada", "promote: a tenth first");
                assertThat(cells(browser, "friend-add-burst", "version", "mode", "enforced-on", "threshold", "window", "changed-by", "changed-at"))
                        .containsExactly("v4", "enforce", "100%", "20", "PT10S", "configuration", "");
                assertThat(cells(browser, "sustained-friend-adds", "enabled")).containsExactly("no");
                // The three shadow decisions sent, all chatroom-blitz's: no other rule shows one
                for (String rule : expected) {
                    assertThat(cells(browser, rule, "shadow-last-hour")).as(rule).containsExactly(rule.equals("chatroom-blitz") ? "3" : "0");
                }
                assertThat(text(browser, "rules-note")).contains("shadow decisions over the hour before").doesNotContain("+");
                assertThat(browser.findElements(By.cssSelector("#rejected tbody tr"))).singleElement().satisfies(row -> assertThat(row.getText())
                        .contains("chatroom-blitz/v7").contains("the threshold must be at least 1, not 0"));
                assertThat(browser.findElements(By.cssSelector("#rules button"))).as("read only: no button changes a rule")
                        .extracting(WebElement::getText).containsExactly("Refresh");
                Files.createDirectories(RULES_SCREENSHOT.getParent());
                Files.write(RULES_SCREENSHOT, browser.findElement(By.id("rules")).getScreenshotAs(OutputType.BYTES));

                // A token that stops being valid: the refresh says so in the status line, and no stale rules stay
                ((ChromeDriver) browser).executeScript("sessionStorage.setItem('account-shield-token', 'no-longer-valid')");
                browser.findElement(By.id("refresh-rules")).click();
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "Rules: the bearer token is not valid"));
                assertThat(browser.findElement(By.id("message")).getDomAttribute("class")).isEqualTo("error");
                assertThat(browser.findElements(By.cssSelector("#rules-table tbody tr"))).isEmpty();
            } finally {
                browser.quit();
            }
        }
    }

    /** Opens the console and signs in with the token; the wait, for what follows. */
    private static WebDriverWait signIn(WebDriver browser, ProtectionService instance, String token, String who) {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        browser.get("http://localhost:" + instance.healthPort() + "/console/");
        browser.findElement(By.id("token")).sendKeys(token);
        browser.findElement(By.id("sign-in")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("who"), "Signed in as " + who));
        return wait;
    }

    private static By ruleRow(String rule) {
        return By.cssSelector("#rules-table tr[data-rule='" + rule + "']");
    }

    /** The rule's row's cells, by field, as the browser shows them. */
    private static List<String> cells(WebDriver browser, String rule, String... fields) {
        WebElement row = browser.findElement(ruleRow(rule));
        return java.util.Arrays.stream(fields).map(field -> row.findElement(By.cssSelector("td[data-field='" + field + "']")).getText()).toList();
    }

    private static String text(WebDriver browser, String id) {
        WebElement element = browser.findElement(By.id(id));
        return element.getText();
    }
}
