package io.accountshield.sim.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.accountshield.sim.scenario.Scenario.Range;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads a scenario: the built-in default, with a file (YAML or JSON; JSON is YAML) laid over it, then
 * {@code path=value} overrides. Every mistake is reported with the field's path and what was expected.
 */
public final class ScenarioLoader {

    private static final String DEFAULT_RESOURCE = "/scenarios/default.yaml";

    private final ObjectMapper mapper = new ObjectMapper(new YAMLFactory())
            .registerModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);

    /**
     * @param file      a scenario file, or null for the default alone
     * @param overrides dotted paths to values, such as {@code ordinary.accounts=500}
     */
    public Scenario load(Path file, Map<String, String> overrides) {
        return load(Map.of(), file, overrides);
    }

    /**
     * @param base      a command's own changes to the default, under the file: the demo's smaller population, say
     * @param file      a scenario file, or null
     * @param overrides dotted paths to values, over everything else
     */
    public Scenario load(Map<String, String> base, Path file, Map<String, String> overrides) {
        ObjectNode tree = readDefault();
        for (Map.Entry<String, String> change : base.entrySet()) {
            set(tree, change.getKey(), change.getValue());
        }
        String source = "the default scenario";
        if (file != null) {
            source = file.toString();
            JsonNode given = readFile(file);
            if (!given.isObject()) {
                throw new ScenarioException(file + ": a scenario must be a mapping of fields, such as 'ordinary: {accounts: 100}'");
            }
            merge(tree, (ObjectNode) given, "");
        }
        for (Map.Entry<String, String> override : overrides.entrySet()) {
            set(tree, override.getKey(), override.getValue());
        }
        Scenario scenario = bind(tree, source);
        ScenarioValidator.validate(scenario, source);
        return scenario;
    }

    private ObjectNode readDefault() {
        try (InputStream in = ScenarioLoader.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            return (ObjectNode) mapper.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("the built-in default scenario cannot be read", e);
        }
    }

    private JsonNode readFile(Path file) {
        try {
            JsonNode node = mapper.readTree(Files.readString(file));
            if (node == null || node.isMissingNode()) {
                throw new ScenarioException(file + ": the file is empty");
            }
            return node;
        } catch (NoSuchFileException e) {
            throw new ScenarioException("scenario file " + file + " does not exist");
        } catch (JsonProcessingException e) {
            throw new ScenarioException(file + ": not valid YAML or JSON: " + e.getOriginalMessage()
                    + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ")" : ""));
        } catch (IOException e) {
            throw new ScenarioException("cannot read scenario file " + file + ": " + e.getMessage());
        }
    }

    /** Lays {@code given} over {@code base}; a field the default does not have is kept, so binding names it. */
    private static void merge(ObjectNode base, ObjectNode given, String path) {
        Iterator<Map.Entry<String, JsonNode>> fields = given.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode existing = base.get(field.getKey());
            if (existing instanceof ObjectNode existingObject && field.getValue() instanceof ObjectNode givenObject) {
                merge(existingObject, givenObject, path + field.getKey() + ".");
            } else {
                base.set(field.getKey(), field.getValue());
            }
        }
    }

    private void set(ObjectNode tree, String path, String value) {
        String[] parts = path.split("\\.");
        ObjectNode parent = tree;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = parent.get(parts[i]);
            if (!(child instanceof ObjectNode childObject)) {
                throw new ScenarioException("--set " + path + ": the scenario has no section '"
                        + String.join(".", List.of(parts).subList(0, i + 1)) + "'");
            }
            parent = childObject;
        }
        String leaf = parts[parts.length - 1];
        if (!parent.has(leaf)) {
            throw new ScenarioException("--set " + path + ": the scenario has no field '" + leaf + "'");
        }
        try {
            parent.set(leaf, mapper.readTree(value));
        } catch (JsonProcessingException e) {
            parent.put(leaf, value);
        }
    }

    private Scenario bind(ObjectNode tree, String source) {
        try {
            return mapper.treeToValue(tree, Scenario.class);
        } catch (UnrecognizedPropertyException e) {
            String known = e.getKnownPropertyIds() == null ? "" : e.getKnownPropertyIds().stream()
                    .map(Object::toString).sorted().collect(Collectors.joining(", "));
            throw new ScenarioException(source + ": unknown field '" + e.getPropertyName() + "'" + where(e)
                    + "; expected one of: " + known);
        } catch (InvalidFormatException e) {
            throw new ScenarioException(source + ": " + path(e) + " must be " + expected(e.getTargetType())
                    + ", was '" + e.getValue() + "'");
        } catch (JsonMappingException e) {
            throw new ScenarioException(source + ": " + path(e) + ": " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new ScenarioException(source + ": " + e.getOriginalMessage());
        }
    }

    private static String where(JsonMappingException e) {
        List<JsonMappingException.Reference> path = e.getPath();
        if (path.size() <= 1) {
            return " at the top level";
        }
        return " in " + path.subList(0, path.size() - 1).stream().map(JsonMappingException.Reference::getFieldName)
                .collect(Collectors.joining("."));
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream().map(JsonMappingException.Reference::getFieldName).collect(Collectors.joining("."));
    }

    private static String expected(Class<?> type) {
        if (type == int.class || type == long.class || type == Integer.class || type == Long.class) {
            return "a whole number";
        }
        if (type == double.class || type == Double.class) {
            return "a number";
        }
        if (type == Duration.class) {
            return "an ISO-8601 duration such as PT30M or P3D";
        }
        if (type == java.time.Instant.class) {
            return "an ISO-8601 instant such as 2026-06-01T00:00:00Z";
        }
        if (type == Range.class) {
            return "a range such as {min: 1, max: 5}";
        }
        return "a " + type.getSimpleName();
    }
}
