package io.accountshield.streams.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.accountshield.streams.StreamsApp;
import io.accountshield.streams.metrics.ProtectionMetrics;
import io.accountshield.streams.report.RunReport;
import io.accountshield.streams.report.RunReportWriter;
import io.accountshield.streams.report.RunSeries;
import io.accountshield.streams.report.TimeToDecision;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;
import picocli.CommandLine;

/**
 * The run report in a real browser (Debian's chromium, headless, offline): a replay writes it, the
 * browser opens the file, and the charts must have drawn their data (pixels of each series' colour
 * on its canvas, not just axes) without the page asking the network for anything. The screenshot
 * it takes (target/screenshots/run-report.png) is the one in the README, docs/images/run-report.png,
 * copied there by hand when the report changes, as the support console's is.
 */
class RunReportIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final Path SCREENSHOT = Path.of("target", "screenshots", "run-report.png");
    private static final long T0 = Instant.parse("2026-06-01T00:00:00Z").toEpochMilli();

    @TempDir
    Path dir;

    @Test
    void shouldDrawTheReplaysChartsInTheBrowserWithoutTheNetwork() throws Exception {
        Path events = dir.resolve("day-of-traffic.jsonl");
        Files.write(events, dayOfTraffic(), StandardCharsets.UTF_8);
        Path report = dir.resolve("replay-report.html");
        StringWriter terminal = new StringWriter();
        CommandLine replay = StreamsApp.commandLine();
        replay.setErr(new PrintWriter(terminal, true));

        int exit = replay.execute("replay", "--events", events.toString(), "--out", dir.resolve("decisions.jsonl").toString(),
                "--tail", "PT26H", "--report", report.toString());

        assertThat(exit).as(terminal.toString()).isZero();
        assertThat(terminal.toString()).contains("report: " + report.toAbsolutePath());
        ChromeDriver browser = HeadlessChromium.start(Files.createDirectories(dir.resolve("profile")), 1280, 1000);
        try {
            open(browser, report);

            assertThat(charts(browser)).containsExactly("chart-events", "chart-protections", "chart-rules");
            assertDrawn(browser, "chart-events", "#1f77b4");
            assertDrawn(browser, "chart-protections", "#d62728", "#ff7f0e", "#2ca02c");
            List<String> rules = strings(browser.executeScript(
                    "return window.reportCharts[2].series.slice(1).map(function (s) { return s.label; });"));
            assertThat(rules).contains("friend-add-burst", "new-account-list-sync", "chatroom-burst", "chatroom-strangers", "stranger-adds",
                    "spam-reports");
            assertDrawn(browser, "chart-rules", "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b");
            assertThat(browser.findElement(org.openqa.selenium.By.id("note-time-to-decision")).getText())
                    .startsWith("Not drawn for a replay");
            assertNoNetwork(browser, report);

            // The whole page, for the README: DevTools captures beyond the window.
            long width = (Long) browser.executeScript("return document.documentElement.scrollWidth;");
            long height = (Long) browser.executeScript("return document.documentElement.scrollHeight;");
            Map<String, Object> shot = browser.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true,
                    "clip", Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
            byte[] png = Base64.getDecoder().decode((String) shot.get("data"));
            Files.createDirectories(SCREENSHOT.getParent());
            Files.write(SCREENSHOT, png);
        } finally {
            browser.quit();
        }
    }

    /** The demo's page: a time-to-decision histogram and the scorecard besides the time series. */
    @Test
    void shouldDrawTheTimeToDecisionBarsAndShowTheScorecardAsTheDemoWritesThem() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Timer timer = Timer.builder(ProtectionMetrics.TIME_TO_DECISION).tag("rule", "friend-add-burst").publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(10)).maximumExpectedValue(Duration.ofHours(1)).register(registry);
        for (int i = 0; i < 40; i++) {
            timer.record(Duration.ofMillis(40 + 25L * i));
        }
        List<RunSeries.Sample> samples = new ArrayList<>();
        for (int i = 0; i <= 60; i++) {
            samples.add(new RunSeries.Sample(T0 + i * 2_000L, 500.0 * i, Math.min(i, 30), Math.max(0, i - 30), 0, 0,
                    Map.of("friend-add-burst", (double) Math.min(i, 40))));
        }
        RunReport demo = new RunReport("Account Shield demo", "a test page", RunReport.Clock.WALL,
                new RunSeries(samples, Duration.ofSeconds(2)), TimeToDecision.from(registry), "measured live",
                List.of(new RunReport.Fact("events produced", "30,000")),
                new RunReport.Table(List.of("population", "accounts", "protected"), List.of(List.of("spam (all kinds)", "50", "50")), List.of()),
                null);
        Path report = dir.resolve("demo-report.html");
        RunReportWriter.write(demo, report);
        ChromeDriver browser = HeadlessChromium.start(Files.createDirectories(dir.resolve("profile")), 1280, 1000);
        try {
            open(browser, report);

            assertThat(charts(browser)).containsExactly("chart-events", "chart-protections", "chart-rules", "chart-time-to-decision");
            assertDrawn(browser, "chart-time-to-decision", "#1f77b4");
            assertThat(browser.findElement(org.openqa.selenium.By.id("note-time-to-decision")).getText())
                    .startsWith("40 protections; median \u2264 ").contains(", all \u2264 1").endsWith("measured live");
            assertThat(browser.findElement(org.openqa.selenium.By.cssSelector("table.scorecard")).getText()).contains("spam (all kinds) 50 50");
            assertNoNetwork(browser, report);
        } finally {
            browser.quit();
        }
    }

    private static void open(ChromeDriver browser, Path report) {
        // Reading the log empties it: what the browser's own start page loaded is not the report's doing.
        browser.manage().logs().get(LogType.PERFORMANCE);
        browser.get(report.toUri().toString());
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(b -> Boolean.TRUE.equals(browser.executeScript("return window.reportDrawn === true;")));
    }

    private static List<String> charts(ChromeDriver browser) {
        return strings(browser.executeScript("return window.reportCharts.map(function (c) { return c.reportId; });"));
    }

    /** Each colour is a series' line: enough of its pixels on the chart's canvas means the data was drawn, not only the axes. */
    private static void assertDrawn(ChromeDriver browser, String chartId, String... colours) {
        Number points = (Number) browser.executeScript(
                "var c = window.reportCharts.find(function (c) { return c.reportId === arguments[0]; });"
                        .replace("arguments[0]", "'" + chartId + "'") + " return c.data[0].length;");
        assertThat(points.longValue()).as("points in %s", chartId).isGreaterThan(1);
        for (String colour : colours) {
            Number pixels = (Number) browser.executeScript(
                    "var canvas = document.querySelector('#' + arguments[0] + ' canvas');"
                            + "var px = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;"
                            + "var r = parseInt(arguments[1].substr(1, 2), 16), g = parseInt(arguments[1].substr(3, 2), 16),"
                            + "    b = parseInt(arguments[1].substr(5, 2), 16), n = 0;"
                            + "for (var i = 0; i < px.length; i += 4) {"
                            + "  if (px[i + 3] > 200 && Math.abs(px[i] - r) < 8 && Math.abs(px[i + 1] - g) < 8 && Math.abs(px[i + 2] - b) < 8) { n++; }"
                            + "}"
                            + "return n;", chartId, colour);
            assertThat(pixels.longValue()).as("pixels of %s in %s", colour, chartId).isGreaterThan(30);
        }
    }

    /**
     * The page asked for nothing but itself: of the requests DevTools saw, those the report's
     * document made are the page itself and inline data: URLs (listed as requests, fetching
     * nothing); and the page's own resource timing lists none.
     */
    private static void assertNoNetwork(ChromeDriver browser, Path report) throws Exception {
        String page = report.toUri().toString();
        List<String> requested = new ArrayList<>();
        for (LogEntry entry : browser.manage().logs().get(LogType.PERFORMANCE)) {
            JsonNode message = JSON.readTree(entry.getMessage()).path("message");
            JsonNode params = message.path("params");
            // The browser's own pages (its new-tab page) load in other documents; only the report's requests count.
            if (message.path("method").asText().equals("Network.requestWillBeSent") && params.path("documentURL").asText().equals(page)) {
                requested.add(params.path("request").path("url").asText());
            }
        }
        assertThat(requested).as("requests the page made").contains(page)
                .allSatisfy(url -> assertThat(url.equals(page) || url.startsWith("data:")).as(url).isTrue());
        assertThat((Number) browser.executeScript("return performance.getEntriesByType('resource').length;")).isEqualTo(0L);
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object list) {
        return (List<String>) list;
    }

    /**
     * A day of a small messenger, deterministic: ordinary people adding a few friends, phone
     * migrations syncing mostly mutual address books (left alone), and an abuse of another kind every
     * hour, so that every rule fires and protections are released a quiet period later.
     */
    static List<String> dayOfTraffic() {
        Random random = new Random(11);
        List<Object[]> events = new ArrayList<>();
        String[] sources = {"QR_CODE", "RECOMMENDATION", "PHONE_NUMBER", "INVITE_LINK"};
        for (int a = 0; a < 400; a++) {
            String account = "person-" + a;
            for (int i = random.nextInt(7); i > 0; i--) {
                long at = T0 + (long) (random.nextDouble() * Duration.ofHours(24).toMillis());
                events.add(line(at, "{\"type\":\"FriendAdded\",\"accountId\":\"%s\",\"occurredAt\":%d,\"friendAccountId\":\"f-%d\",\"source\":\"%s\","
                        + "\"mutual\":%b,\"deviceId\":\"d\"}", account, at, random.nextInt(100_000), sources[random.nextInt(sources.length)],
                        random.nextDouble() < 0.8));
            }
            if (random.nextInt(4) == 0) {
                long at = T0 + (long) (random.nextDouble() * Duration.ofHours(24).toMillis());
                events.add(line(at, "{\"type\":\"ChatroomCreated\",\"accountId\":\"%s\",\"occurredAt\":%d,\"chatroomId\":\"room-%d\","
                        + "\"memberCount\":4,\"nonFriendMemberCount\":0}", account, at, a));
            }
        }
        for (int m = 0; m < 10; m++) {
            String account = "migrating-" + m;
            long start = T0 + Duration.ofMinutes(50 + 140L * m).toMillis();
            events.add(line(start, "{\"type\":\"DeviceRegistered\",\"accountId\":\"%s\",\"occurredAt\":%d,\"deviceId\":\"new-phone\","
                    + "\"accountCreatedAt\":%d}", account, start, T0 - Duration.ofDays(700).toMillis()));
            for (int i = 0; i < 150; i++) {
                long at = start + 2_000 + 150L * i;
                events.add(line(at, "{\"type\":\"FriendAdded\",\"accountId\":\"%s\",\"occurredAt\":%d,\"friendAccountId\":\"c-%d-%d\","
                        + "\"source\":\"CONTACT_SYNC\",\"mutual\":%b,\"deviceId\":\"new-phone\"}", account, at, m, i, random.nextDouble() < 0.85));
            }
        }
        for (int hour = 1; hour <= 18; hour++) {
            String account = "abuser-" + hour;
            long start = T0 + Duration.ofHours(hour).plusMinutes(17).toMillis();
            switch (hour % 6) {
                case 0 -> { // a purchased number list from a days-old account: new-account-list-sync
                    events.add(line(start, "{\"type\":\"DeviceRegistered\",\"accountId\":\"%s\",\"occurredAt\":%d,\"deviceId\":\"burner\","
                            + "\"accountCreatedAt\":%d}", account, start, start - Duration.ofDays(3).toMillis()));
                    for (int i = 0; i < 40; i++) {
                        long at = start + 5_000 + 3_000L * i;
                        events.add(line(at, "{\"type\":\"FriendAdded\",\"accountId\":\"%s\",\"occurredAt\":%d,\"friendAccountId\":\"n-%d-%d\","
                                + "\"source\":\"CONTACT_SYNC\",\"mutual\":false,\"deviceId\":\"burner\"}", account, at, hour, i));
                    }
                }
                case 1 -> { // a synced list of strangers, fast: friend-add-burst
                    for (int i = 0; i < 120; i++) {
                        long at = start + 1_500L * i;
                        events.add(line(at, "{\"type\":\"FriendAdded\",\"accountId\":\"%s\",\"occurredAt\":%d,\"friendAccountId\":\"s-%d-%d\","
                                + "\"source\":\"CONTACT_SYNC\",\"mutual\":false,\"deviceId\":\"d\"}", account, at, hour, i));
                    }
                }
                case 2 -> { // group chats among friends, too many too fast: chatroom-burst
                    for (int i = 0; i < 12; i++) {
                        long at = start + 30_000L * i;
                        events.add(line(at, "{\"type\":\"ChatroomCreated\",\"accountId\":\"%s\",\"occurredAt\":%d,\"chatroomId\":\"b-%d-%d\","
                                + "\"memberCount\":5,\"nonFriendMemberCount\":0}", account, at, hour, i));
                    }
                }
                case 3 -> { // chatrooms full of strangers: chatroom-strangers
                    for (int i = 0; i < 6; i++) {
                        long at = start + Duration.ofMinutes(7L * i).toMillis();
                        events.add(line(at, "{\"type\":\"ChatroomCreated\",\"accountId\":\"%s\",\"occurredAt\":%d,\"chatroomId\":\"x-%d-%d\","
                                + "\"memberCount\":12,\"nonFriendMemberCount\":11}", account, at, hour, i));
                    }
                }
                case 4 -> { // adds by ID search to people who do not know the account, slowly: stranger-adds
                    // Five minutes apart: never five within stranger-add-streak's 20 minutes.
                    for (int i = 0; i < 15; i++) {
                        long at = start + Duration.ofMinutes(5L * i).toMillis();
                        events.add(line(at, "{\"type\":\"FriendAdded\",\"accountId\":\"%s\",\"occurredAt\":%d,\"friendAccountId\":\"q-%d-%d\","
                                + "\"source\":\"ID_SEARCH\",\"mutual\":false,\"deviceId\":\"d\"}", account, at, hour, i));
                    }
                }
                default -> { // reported by three people: spam-reports
                    for (int i = 0; i < 3; i++) {
                        long at = start + Duration.ofMinutes(20L * i).toMillis();
                        events.add(line(at, "{\"type\":\"SpamReported\",\"accountId\":\"%s\",\"occurredAt\":%d,\"reporterAccountId\":\"r-%d-%d\"}",
                                account, at, hour, i));
                    }
                }
            }
        }
        events.sort(Comparator.comparingLong(e -> (Long) e[0]));
        return events.stream().map(e -> (String) e[1]).toList();
    }

    private static Object[] line(long at, String format, Object... args) {
        return new Object[] {at, String.format(format, args)};
    }
}
