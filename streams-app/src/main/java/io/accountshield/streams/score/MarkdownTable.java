package io.accountshield.streams.score;

import java.io.PrintWriter;
import java.util.List;

/** A table in Markdown (GitHub's pipe tables), as docs/ holds them. */
public final class MarkdownTable {

    private MarkdownTable() {
    }

    public static void print(List<String> header, List<List<String>> rows, PrintWriter out) {
        printRow(header, out);
        printRow(header.stream().map(column -> "---").toList(), out);
        rows.forEach(row -> printRow(row, out));
    }

    private static void printRow(List<String> cells, PrintWriter out) {
        // A pipe inside a cell would end it.
        out.println("| " + String.join(" | ", cells.stream().map(cell -> cell.replace("|", "\\|")).toList()) + " |");
    }
}
