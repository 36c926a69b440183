package io.accountshield.streams.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.accountshield.streams.UserInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report page: one file, the library and the data inline, nothing to fetch, text escaped. */
class RunReportWriterTest {

    @TempDir
    Path dir;

    private static RunReport report(String title, TimeToDecision ttd, RunReport.Table scorecard) {
        RunSeries series = new RunSeries(List.of(
                new RunSeries.Sample(60_000, 0, 0, 0, 0, 0, Map.of()),
                new RunSeries.Sample(120_000, 600, 1, 0, 0, 0, Map.of("friend-add-burst", 1.0)),
                new RunSeries.Sample(180_000, 1200, 1, 1, 2, 0, Map.of("friend-add-burst", 1.0, "spam-reports", 1.0))),
                Duration.ofMinutes(1));
        return new RunReport(title, "a subtitle", RunReport.Clock.EVENT_TIME, series, ttd, "why time to decision is what it is",
                List.of(new RunReport.Fact("events replayed", "1,200")), scorecard, "a note on the scorecard");
    }

    @Test
    void shouldInlineTheChartingLibraryAndFetchNothing() {
        String html = RunReportWriter.html(report("run", null, null));

        assertThat(html).contains("var uPlot=function()").contains(".uplot").contains("window.reportDrawn = true");
        assertThat(html).contains("Content-Security-Policy\" content=\"default-src 'none';");
        assertThat(html).doesNotContainPattern(Pattern.compile("<script[^>]+src=", Pattern.CASE_INSENSITIVE))
                .doesNotContainPattern(Pattern.compile("<link", Pattern.CASE_INSENSITIVE))
                .doesNotContain("{{").doesNotContain("/*{{");
    }

    @Test
    void shouldCarryTheSeriesAsJsonInSecondsWithEveryRuleAlignedToTheSamples() {
        String data = RunReportWriter.data(report("run", null, null));

        assertThat(data).contains("\"clock\":\"event\"").contains("\"t\":[60.0,120.0,180.0]").contains("\"events\":[0.0,600.0,1200.0]")
                .contains("\"applied\":[0.0,1.0,2.0]").contains("\"friend-add-burst\":[0.0,1.0,1.0]").contains("\"spam-reports\":[0.0,0.0,1.0]")
                .doesNotContain("timeToDecision");
    }

    @Test
    void shouldCarryTheTimeToDecisionBucketsWithTheOpenEndedOneAsNull() {
        TimeToDecision ttd = new TimeToDecision(3, 1.0, List.of(new TimeToDecision.Bucket(0.1, 2),
                new TimeToDecision.Bucket(Double.POSITIVE_INFINITY, 1)));

        String data = RunReportWriter.data(report("run", ttd, null));

        assertThat(data).contains("\"upToSeconds\":[0.1,null]").contains("\"counts\":[2,1]").contains("\"p50Seconds\":0.1")
                .contains("\"p95Seconds\":null").contains("\"allSeconds\":null");
    }

    @Test
    void shouldEscapeTheRunsTextAndKeepTheDataFromEndingItsScriptElement() {
        RunReport.Table scorecard = new RunReport.Table(List.of("population", "accounts"), List.of(List.of("<b>spam</b>", "5")), List.of("a & b"));
        RunReport hostile = new RunReport("events </script><script>alert(1)</script>.jsonl", "s", RunReport.Clock.WALL,
                new RunSeries(List.of(new RunSeries.Sample(0, 0, 0, 0, 0, 0, Map.of("</script><script>alert(2)</script>", 1.0))), Duration.ofSeconds(1)),
                null, "n", List.of(new RunReport.Fact("file", "{{data}}")), scorecard, null);

        String html = RunReportWriter.html(hostile);

        assertThat(html).contains("events &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;.jsonl")
                .contains("\\u003c/script>\\u003cscript>alert(2)\\u003c/script>")
                .contains("<td>&lt;b&gt;spam&lt;/b&gt;</td>").contains("a &amp; b")
                .doesNotContain("alert(1)</script>").doesNotContain("alert(2)</script>");
        // What the run put in is not read for placeholders.
        assertThat(html).contains("<td>{{data}}</td>");
    }

    @Test
    void shouldShowTheScorecardTableAndItsNotes() {
        RunReport.Table scorecard = new RunReport.Table(List.of("population", "protected"),
                List.of(List.of("spam (all kinds)", "50"), List.of("migrations (all)", "0")), List.of("share: recall for spam"));

        String html = RunReportWriter.html(report("demo", null, scorecard));

        assertThat(html).contains("<th>population</th><th>protected</th>").contains("<td>spam (all kinds)</td><td>50</td>")
                .contains("share: recall for spam").contains("a note on the scorecard");
    }

    @Test
    void shouldWriteTheFileAndRefuseAMissingDirectoryWithAMessage() throws IOException {
        Path file = dir.resolve("report.html");

        RunReportWriter.write(report("run", null, null), file);

        assertThat(Files.readString(file, StandardCharsets.UTF_8)).startsWith("<!DOCTYPE html>").contains("<title>run</title>");
        assertThatThrownBy(() -> RunReportWriter.write(report("run", null, null), dir.resolve("nope").resolve("report.html")))
                .isInstanceOf(UserInputException.class).hasMessageContaining("directory").hasMessageContaining("does not exist");
    }
}
