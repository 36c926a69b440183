package io.accountshield.streams.it;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
 * The screenshot it takes is the one in the README.
 */
class SupportConsoleIT {

    private static final String AGENT = "console-agent-secret";
    static final Path SCREENSHOT = Path.of("target", "screenshots", "support-console.png");

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
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
                browser.get("http://localhost:" + instance.healthPort() + "/console/");
                browser.findElement(By.id("token")).sendKeys(AGENT);
                browser.findElement(By.id("sign-in")).click();
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("who"), "Signed in as agnes (agent)"));

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

    private static String text(WebDriver browser, String id) {
        WebElement element = browser.findElement(By.id(id));
        return element.getText();
    }
}
