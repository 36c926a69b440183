package io.accountshield.sim.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The queries inside an alert expression whose data it compares: {@code A > 10 and B > 0} gives
 * {@code A} and {@code B}. An alert that does not fire returns nothing, so what can be checked
 * against a running Prometheus is that each side it compares has data. Splits at the top level only
 * (never inside parentheses, braces, brackets or quotes); drops number literals and the matching
 * modifiers ({@code bool}, {@code on(...)}, {@code ignoring(...)}, {@code group_left(...)}, {@code group_right(...)}).
 */
final class PromqlOperands {

    private static final Pattern SET_OPERATOR = Pattern.compile("\\b(and|or|unless)\\b");
    private static final Pattern COMPARISON = Pattern.compile("==|!=|>=|<=|>|<");
    private static final Pattern MODIFIER = Pattern.compile("^\\s*(bool\\b|(on|ignoring|group_left|group_right)\\s*\\([^)]*\\))\\s*");
    private static final Pattern NUMBER = Pattern.compile("^[0-9.eE+-]+$");

    private PromqlOperands() {
    }

    static List<String> of(String expression) {
        List<String> operands = new ArrayList<>();
        for (String side : splitTopLevel(expression, SET_OPERATOR)) {
            for (String operand : splitTopLevel(side, COMPARISON)) {
                String query = operand.strip();
                Matcher modifier = MODIFIER.matcher(query);
                while (modifier.find()) {
                    query = query.substring(modifier.end()).strip();
                    modifier = MODIFIER.matcher(query);
                }
                if (!query.isEmpty() && !NUMBER.matcher(query).matches()) {
                    operands.add(query);
                }
            }
        }
        return operands;
    }

    /** Splits where {@code operator} matches outside any bracket or quote. */
    private static List<String> splitTopLevel(String expression, Pattern operator) {
        boolean[] nested = new boolean[expression.length()];
        int depth = 0;
        char quote = 0;
        for (int i = 0; i < expression.length(); i++) {
            char c = expression.charAt(i);
            if (quote != 0) {
                nested[i] = true;
                if (c == '\\') {
                    i++;
                    if (i < expression.length()) {
                        nested[i] = true;
                    }
                } else if (c == quote) {
                    quote = 0;
                }
                continue;
            }
            if (c == '"' || c == '\'') {
                quote = c;
                nested[i] = true;
            } else if (c == '(' || c == '{' || c == '[') {
                depth++;
                nested[i] = true;
            } else if (c == ')' || c == '}' || c == ']') {
                depth--;
                nested[i] = true;
            } else {
                nested[i] = depth > 0;
            }
        }
        List<String> parts = new ArrayList<>();
        Matcher matcher = operator.matcher(expression);
        int from = 0;
        while (matcher.find()) {
            if (!nested[matcher.start()]) {
                parts.add(expression.substring(from, matcher.start()));
                from = matcher.end();
            }
        }
        parts.add(expression.substring(from));
        return parts;
    }
}
