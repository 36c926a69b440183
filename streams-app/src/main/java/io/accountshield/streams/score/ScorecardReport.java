package io.accountshield.streams.score;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.accountshield.streams.CommandFiles;
import io.accountshield.streams.UserInputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The scorecard as people read it (aligned text, Markdown, a one-line JSON summary) and the files it
 * is made from (the simulator's labels, a replay's decisions): shared by {@code producer-sim score},
 * the evaluation suite, the demo and {@code streams-app rules diff}.
 */
public final class ScorecardReport {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The scorecard's columns, for the terminal and for Markdown alike. */
    private static final List<String> COLUMNS = List.of(
            "population", "accounts", "protected", "share", "detect p50", "detect p95", "released early", "still open", "watched");
    /** What the columns mean, under the table. */
    public static final String LEGEND = "share: recall for spam, false-positive rate for migrations and ordinary users; "
            + "detect: from the campaign's first abusive event";
    private static final String TEXT_ROW = "%-28s %9s %10s %9s %12s %12s %14s %10s %8s%n";

    private ScorecardReport() {
    }

    /** One line of a labels file (as the simulator writes it). */
    public static AccountLabel parseLabel(String line) throws IOException {
        return MAPPER.readValue(line, AccountLabel.class);
    }

    /** Scores a labels file (as generate writes it) against a decisions file (as the replay writes it). */
    public static Scorecard.Result score(Path labels, Path decisions, Duration quietPeriod) throws IOException {
        return Scorecard.score(readLabels(labels), readDecisions(decisions), quietPeriod);
    }

    /** The scorecard as aligned text for the terminal, with a legend. */
    public static void print(Scorecard.Result result, PrintWriter out) {
        out.printf(TEXT_ROW, COLUMNS.toArray());
        for (Scorecard.Row row : result.rows()) {
            out.printf(TEXT_ROW, cells(row).toArray());
        }
        out.println(LEGEND);
        printUnlabelledWarning(result, out);
    }

    /** The same table in Markdown, to paste into docs. */
    public static void printMarkdown(Scorecard.Result result, PrintWriter out) {
        MarkdownTable.print(COLUMNS, rows(result), out);
        printUnlabelledWarning(result, out);
    }

    /** The scorecard's column headings, as every rendering of it shows them. */
    public static List<String> columns() {
        return COLUMNS;
    }

    /** The scorecard's rows as text cells, as every rendering of it shows them. */
    public static List<List<String>> rows(Scorecard.Result result) {
        return result.rows().stream().map(ScorecardReport::cells).toList();
    }

    private static List<String> cells(Scorecard.Row row) {
        return List.of(row.group(), count(row.accounts()), count(row.protectedAccounts()), percent(row.protectedShare()),
                duration(row.detectP50Millis()), duration(row.detectP95Millis()),
                row.group().startsWith("spam") ? count(row.releasedEarly()) : "-", count(row.stillOpen()), count(row.watchedAccounts()));
    }

    private static void printUnlabelledWarning(Scorecard.Result result, PrintWriter out) {
        if (result.unlabelledAccounts() > 0) {
            out.printf("warning: %,d accounts have decisions but no label: were the labels and decisions made from the same run?%n",
                    result.unlabelledAccounts());
        }
    }

    public static String summaryJson(Scorecard.Result result) {
        ObjectNode summary = MAPPER.createObjectNode();
        for (Scorecard.Row row : result.rows()) {
            ObjectNode node = summary.putObject(row.group());
            node.put("accounts", row.accounts());
            node.put("protected", row.protectedAccounts());
            node.put("share", Math.round(row.protectedShare() * 1e6) / 1e6);
            if (row.detectP50Millis() != null) {
                node.put("detectP50Seconds", row.detectP50Millis() / 1000.0);
                node.put("detectP95Seconds", row.detectP95Millis() / 1000.0);
            }
            if (row.group().startsWith("spam")) {
                node.put("releasedEarly", row.releasedEarly());
            }
            node.put("stillOpen", row.stillOpen());
            node.put("watched", row.watchedAccounts());
        }
        summary.put("unlabelledAccounts", result.unlabelledAccounts());
        return summary.toString();
    }

    /** A count as the scorecard shows it: {@code 20,000}. */
    public static String count(long n) {
        return String.format("%,d", n);
    }

    /** A share as a percentage with two decimals, as the scorecard shows it: {@code 99.50%}. */
    public static String percent(double share) {
        return String.format("%.2f%%", 100 * share);
    }

    /** A time to detect, as the scorecard shows it: {@code 14s}, {@code 3m05s}, {@code 2h07m}; "-" for none. */
    public static String duration(Long millis) {
        if (millis == null) {
            return "-";
        }
        long s = millis / 1000;
        return s >= 3600 ? String.format("%dh%02dm", s / 3600, s / 60 % 60) : s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
    }

    public static List<AccountLabel> readLabels(Path file) throws IOException {
        List<AccountLabel> labels = new ArrayList<>();
        try (BufferedReader reader = CommandFiles.openInput(file, "labels")) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (!line.isBlank()) {
                    try {
                        labels.add(parseLabel(line));
                    } catch (IOException e) {
                        throw new UserInputException(file + " line " + number + " is not a label: " + e.getMessage());
                    }
                }
            }
        }
        return labels;
    }

    /** Reads ProtectionApplied, ProtectionReleased and AccountWatched lines; other decision types are skipped, as the contract asks. */
    private static List<Decision> readDecisions(Path file) throws IOException {
        List<Decision> decisions = new ArrayList<>();
        try (BufferedReader reader = CommandFiles.openInput(file, "decisions")) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = MAPPER.readTree(line);
                } catch (IOException e) {
                    throw new UserInputException(file + " line " + number + " is not JSON");
                }
                String type = node.path("type").asText();
                Decision.Type kind = switch (type) {
                    case "ProtectionApplied" -> Decision.Type.APPLIED;
                    case "ProtectionReleased" -> Decision.Type.RELEASED;
                    case "AccountWatched" -> Decision.Type.WATCHED;
                    default -> null;
                };
                if (kind != null) {
                    if (!node.path("accountId").isTextual() || !node.path("at").canConvertToLong()) {
                        throw new UserInputException(file + " line " + number + ": a " + type + " needs accountId and at");
                    }
                    decisions.add(new Decision(kind, node.get("accountId").asText(), node.get("at").asLong()));
                }
            }
        }
        return decisions;
    }
}
