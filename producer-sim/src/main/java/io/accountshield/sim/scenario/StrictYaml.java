package io.accountshield.sim.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.accountshield.sim.scenario.Scenario.Range;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads YAML (or JSON, which is YAML) into records, strictly: unknown fields, nulls for numbers and
 * fractions for whole numbers are mistakes, and every mistake names the file, the field's path and
 * what was expected, as a {@link ScenarioException}.
 */
public final class StrictYaml {

    private final ObjectMapper mapper = new ObjectMapper(new YAMLFactory())
            .registerModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);

    /** @param what what the file holds, for the messages ("scenario", "suite") */
    public JsonNode readFile(Path file, String what) {
        try {
            JsonNode node = mapper.readTree(Files.readString(file));
            if (node == null || node.isMissingNode()) {
                throw new ScenarioException(file + ": the file is empty");
            }
            return node;
        } catch (NoSuchFileException e) {
            throw new ScenarioException(what + " file " + file + " does not exist");
        } catch (JsonProcessingException e) {
            throw new ScenarioException(file + ": not valid YAML or JSON: " + e.getOriginalMessage()
                    + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ")" : ""));
        } catch (IOException e) {
            throw new ScenarioException("cannot read " + what + " file " + file + ": " + e.getMessage());
        }
    }

    /** A file that ships with the program: one that cannot be read is a bug, not a user's mistake. */
    public JsonNode readResource(String resource) {
        try (InputStream in = StrictYaml.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the built-in " + resource + " is missing");
            }
            return mapper.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("the built-in " + resource + " cannot be read", e);
        }
    }

    /** A single value as written after {@code --set PATH=}; throws when it is not YAML. */
    JsonNode readValue(String value) throws JsonProcessingException {
        return mapper.readTree(value);
    }

    /** @param source where the tree came from, for the messages: a file name, "the default scenario" */
    public <T> T bind(JsonNode tree, Class<T> type, String source) {
        try {
            return mapper.treeToValue(tree, type);
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
        return " in " + path(path.subList(0, path.size() - 1));
    }

    private static String path(JsonMappingException e) {
        return path(e.getPath());
    }

    /** Field names joined by dots, list positions as [i]: {@code cases[2].seed}. */
    private static String path(List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : references) {
            if (reference.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String expected(Class<?> type) {
        if (type == int.class || type == long.class || type == Integer.class || type == Long.class) {
            return "a whole number";
        }
        if (type == double.class || type == Double.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
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
        if (type.isEnum()) {
            return "one of: " + Arrays.stream(type.getEnumConstants()).map(Object::toString).collect(Collectors.joining(", "));
        }
        return "a " + type.getSimpleName();
    }
}
