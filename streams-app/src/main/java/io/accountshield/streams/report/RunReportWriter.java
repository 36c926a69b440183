package io.accountshield.streams.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.accountshield.streams.UserInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes a {@link RunReport} as one self-contained HTML file: the charting library (uPlot, MIT,
 * vendored in {@code src/main/resources/report/}), the page's script and the run's data are all
 * inline, and the page's Content-Security-Policy forbids fetching anything, so it opens the same
 * offline, from an e-mail attachment or a CI artifact, with no network at view time. Text is
 * escaped; the data travels as JSON in a non-executable script element.
 */
public final class RunReportWriter {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String RESOURCES = "/report/";

    private RunReportWriter() {
    }

    /** Writes the report to {@code file}, replacing it. */
    public static void write(RunReport report, Path file) throws IOException {
        checkWritable(file);
        Files.writeString(file, html(report), StandardCharsets.UTF_8);
    }

    /** Refuses, before a long run, a report file that could not be written at its end. */
    public static void checkWritable(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new UserInputException("cannot write the report " + file + ": directory " + parent + " does not exist");
        }
        if (Files.isDirectory(file)) {
            throw new UserInputException("cannot write the report " + file + ": it is a directory");
        }
    }

    /** Placeholders in the page's template: {{name}}, or the same in a block comment where a script or style goes. */
    private static final Pattern PLACEHOLDER = Pattern.compile("(?:/\\*)?\\{\\{([a-zA-Z.-]+)}}(?:\\*/)?");

    /** The page. */
    public static String html(RunReport report) {
        Map<String, String> parts = new HashMap<>();
        parts.put("title", escape(report.title()));
        parts.put("subtitle", escape(report.subtitle()));
        parts.put("facts", facts(report.facts()));
        parts.put("time-to-decision-note", escape(report.timeToDecisionNote()));
        parts.put("scorecard", report.scorecard() == null ? "" : table(report.scorecard()));
        parts.put("scorecard-note", report.scorecardNote() == null ? "" : "<p class=\"note\">" + escape(report.scorecardNote()) + "</p>");
        parts.put("data", scriptSafe(data(report)));
        parts.put("report.js", resource("report.js"));
        parts.put("uPlot.css", resource("uPlot.min.css"));
        parts.put("uPlot.js", resource("uPlot.iife.min.js"));
        // One pass over the template: what is put in (the run's text, the library) is never read for placeholders.
        Matcher placeholder = PLACEHOLDER.matcher(resource("report.html"));
        StringBuilder page = new StringBuilder();
        while (placeholder.find()) {
            String part = parts.get(placeholder.group(1));
            if (part == null) {
                throw new IllegalStateException("report.html names an unknown part " + placeholder.group());
            }
            placeholder.appendReplacement(page, Matcher.quoteReplacement(part));
        }
        placeholder.appendTail(page);
        return page.toString();
    }

    /** The series as the page's script reads them: times in seconds (uPlot's unit), one array per line. */
    static String data(RunReport report) {
        ObjectNode data = MAPPER.createObjectNode();
        data.put("clock", report.clock() == RunReport.Clock.WALL ? "wall" : "event");
        List<RunSeries.Sample> samples = report.series().samples();
        ArrayNode t = data.putArray("t");
        ArrayNode events = data.putArray("events");
        ArrayNode active = data.putArray("active");
        ArrayNode applied = data.putArray("applied");
        ArrayNode released = data.putArray("released");
        ArrayNode watches = data.putArray("watches");
        ArrayNode shadow = data.putArray("shadow");
        for (RunSeries.Sample sample : samples) {
            t.add(sample.atMillis() / 1000.0);
            events.add(sample.events());
            active.add(sample.active());
            applied.add(sample.applied());
            released.add(sample.released());
            watches.add(sample.watches());
            shadow.add(sample.shadow());
        }
        ObjectNode rules = data.putObject("rules");
        for (String rule : report.series().rules()) {
            ArrayNode counts = rules.putArray(rule);
            samples.forEach(sample -> counts.add(sample.appliedByRule().getOrDefault(rule, 0.0)));
        }
        TimeToDecision timeToDecision = report.timeToDecision();
        if (timeToDecision != null && timeToDecision.count() > 0) {
            ObjectNode ttd = data.putObject("timeToDecision");
            ttd.put("count", timeToDecision.count());
            ttd.put("meanSeconds", timeToDecision.meanSeconds());
            // JSON has no infinity: null stands for the open-ended bucket beyond the largest bound.
            putBound(ttd, "p50Seconds", timeToDecision.quantileUpperBound(0.5));
            putBound(ttd, "p95Seconds", timeToDecision.quantileUpperBound(0.95));
            putBound(ttd, "allSeconds", timeToDecision.quantileUpperBound(1.0));
            ArrayNode bounds = ttd.putArray("upToSeconds");
            ArrayNode counts = ttd.putArray("counts");
            for (TimeToDecision.Bucket bucket : timeToDecision.buckets()) {
                // JSON has no infinity: the slowest bucket is open-ended.
                if (Double.isInfinite(bucket.upToSeconds())) {
                    bounds.addNull();
                } else {
                    bounds.add(bucket.upToSeconds());
                }
                counts.add(bucket.count());
            }
        }
        try {
            return MAPPER.writeValueAsString(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void putBound(ObjectNode node, String field, double seconds) {
        if (Double.isInfinite(seconds)) {
            node.putNull(field);
        } else {
            node.put(field, seconds);
        }
    }

    private static String facts(List<RunReport.Fact> facts) {
        StringBuilder html = new StringBuilder("<table class=\"facts\">");
        for (RunReport.Fact fact : facts) {
            html.append("<tr><th>").append(escape(fact.label())).append("</th><td>").append(escape(fact.value())).append("</td></tr>");
        }
        return html.append("</table>").toString();
    }

    private static String table(RunReport.Table table) {
        StringBuilder html = new StringBuilder("<table class=\"scorecard\"><thead><tr>");
        table.columns().forEach(column -> html.append("<th>").append(escape(column)).append("</th>"));
        html.append("</tr></thead><tbody>");
        for (List<String> row : table.rows()) {
            html.append("<tr>");
            row.forEach(cell -> html.append("<td>").append(escape(cell)).append("</td>"));
            html.append("</tr>");
        }
        html.append("</tbody></table>");
        table.notes().forEach(note -> html.append("<p class=\"note\">").append(escape(note)).append("</p>"));
        return html.toString();
    }

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    /** JSON inside a script element: "&lt;/script" (or "&lt;!--") in a string must not end or confuse the element. */
    static String scriptSafe(String json) {
        return json.replace("<", "\\u003c");
    }

    private static String resource(String name) {
        try (InputStream in = RunReportWriter.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCES + name + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
