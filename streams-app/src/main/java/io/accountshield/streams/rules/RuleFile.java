package io.accountshield.streams.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.accountshield.streams.UserInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Proposed rule changes, as a YAML (or JSON) file names them: a list under {@code rules}, each with
 * its {@code id} and only what changes. A rule not named keeps its version in force; a field not
 * given keeps its value; a new rule gives at least its counter, threshold and window; a version not
 * given is the next after the one in force.
 *
 * <pre>
 * rules:
 *   - id: chatroom-burst
 *     threshold: 8
 *   - id: chatroom-blitz        # a new rule
 *     counter: chatrooms-created
 *     threshold: 3
 *     window: PT5M
 *     mode: enforce              # enforce (the default) or shadow
 *     rollout: 10%               # the share it enforces on; the rest see it in shadow
 * </pre>
 */
public final class RuleFile {

    /** One rule as proposed: null fields keep the value in force. */
    public record ProposedRule(String id, Integer version, RuleCounter counter, Long threshold, Duration window, RuleMode mode,
                               RolloutShare rollout, Boolean enabled) {

        /** The proposal laid over the rule's version in force (null for a new rule). */
        public RuleParameters over(RuleParameters current) {
            if (current == null && (counter == null || threshold == null || window == null)) {
                throw new UserInputException("rule " + id + " is new: give its counter, threshold and window");
            }
            return new RuleParameters(id,
                    version != null ? version : current == null ? 1 : current.version() + 1,
                    enabled != null ? enabled : current == null || current.enabled(),
                    threshold != null ? threshold : current.threshold(),
                    window != null ? window : current.window(),
                    mode != null ? mode : current == null ? RuleMode.ENFORCE : current.mode(),
                    counter != null ? counter : current.counter(),
                    rollout != null ? rollout : current == null ? RolloutShare.ALL : current.rollout());
        }
    }

    private static final Set<String> FIELDS = Set.of("id", "version", "counter", "threshold", "window", "mode", "rollout", "enabled");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private RuleFile() {
    }

    public static List<ProposedRule> read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new UserInputException("rules file " + file + " does not exist");
        } catch (IOException e) {
            throw new UserInputException("cannot read rules file " + file + ": " + e.getMessage());
        }
        return parse(text, file.toString());
    }

    /** @param source the file's name, for the messages */
    public static List<ProposedRule> parse(String text, String source) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UserInputException(source + " is not YAML: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject() || !root.path("rules").isArray() || root.size() != 1) {
            throw new UserInputException(source + ": expected one field, rules, holding a list of rules (see README, \"Changing rules while it runs\")");
        }
        List<ProposedRule> proposed = new ArrayList<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        int index = 0;
        for (JsonNode rule : root.get("rules")) {
            String where = source + ": rules[" + index + "]";
            ProposedRule parsed = rule(rule, where);
            Integer earlier = seen.putIfAbsent(parsed.id(), index);
            if (earlier != null) {
                throw new UserInputException(where + ": rule " + parsed.id() + " is already proposed in rules[" + earlier + "]");
            }
            proposed.add(parsed);
            index++;
        }
        if (proposed.isEmpty()) {
            throw new UserInputException(source + ": the list of rules is empty");
        }
        return proposed;
    }

    /** One rule as the file (or the operator API's body) gives it; {@code where} names it in the messages. */
    public static ProposedRule rule(JsonNode node, String where) {
        if (!node.isObject()) {
            throw new UserInputException(where + " is not a rule (a map with id and what changes)");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new UserInputException(where + ": unknown field " + name + "; a rule has " + String.join(", ", FIELDS.stream().sorted().toList()));
            }
        }
        String id = text(node, "id", where);
        if (id == null) {
            throw new UserInputException(where + ": id is missing");
        }
        try {
            return new ProposedRule(id,
                    node.has("version") ? version(node, where) : null,
                    node.has("counter") ? RuleCounter.fromConfigName(text(node, "counter", where)) : null,
                    node.has("threshold") ? whole(node, "threshold", where) : null,
                    node.has("window") ? Duration.parse(text(node, "window", where)) : null,
                    node.has("mode") ? RuleDefinitions.parseMode(text(node, "mode", where)) : null,
                    node.has("rollout") ? RolloutShare.parse(text(node, "rollout", where)) : null,
                    node.has("enabled") ? bool(node, "enabled", where) : null);
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new UserInputException(where + " (" + id + "): window is an ISO-8601 duration such as PT10M, not " + node.get("window").asText());
        } catch (IllegalArgumentException e) {
            throw new UserInputException(where + " (" + id + "): " + e.getMessage());
        }
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isValueNode()) {
            throw new UserInputException(where + ": " + field + " must be a single value");
        }
        return value.asText();
    }

    private static long whole(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (!value.isIntegralNumber()) {
            throw new UserInputException(where + ": " + field + " must be a whole number, not " + value);
        }
        return value.asLong();
    }

    private static int version(JsonNode node, String where) {
        long version = whole(node, "version", where);
        if (version < 1 || version >= Integer.MAX_VALUE) {
            throw new UserInputException(where + ": version must be between 1 and " + (Integer.MAX_VALUE - 1) + ", not " + version);
        }
        return (int) version;
    }

    private static boolean bool(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (!value.isBoolean()) {
            throw new UserInputException(where + ": " + field + " must be true or false, not " + value);
        }
        return value.asBoolean();
    }
}
