package io.accountshield.streams;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The ACLs docs/operations.md ("A secured cluster") grants the application's principal, read from the document as an
 * operator would read it: the table, and the kafka-acls.sh script below it. Public for the integration test that
 * grants them on a broker that enforces ACLs.
 */
public final class DocumentedAcls {

    public static final Path OPERATIONS = Path.of("..", "docs", "operations.md");

    private static final String SECTION = "## A secured cluster";
    /** The one name of the cluster resource. */
    private static final String CLUSTER_NAME = "kafka-cluster";
    private static final Pattern BACKTICKED = Pattern.compile("`([^`]+)`");
    /** A for loop of the script, once its continuation lines are joined: the names, then the command run for each. */
    private static final Pattern FOR_LOOP = Pattern.compile("for t in ([^;]+); do");
    private static final Pattern LOOP_BODY = Pattern.compile("acls (.+); done");

    /** One operation allowed on one resource pattern. */
    public record Grant(ResourcePattern resource, AclOperation operation) {
    }

    private DocumentedAcls() {
    }

    private static String section() throws IOException {
        String document = Files.readString(OPERATIONS, StandardCharsets.UTF_8);
        int start = document.indexOf(SECTION);
        if (start < 0) {
            throw new IllegalStateException(OPERATIONS + " has no section '" + SECTION + "'");
        }
        int end = document.indexOf("\n## ", start + SECTION.length());
        return document.substring(start, end < 0 ? document.length() : end);
    }

    /**
     * What the table grants, but for the row the application needs only with {@code --create-topics}: a platform that
     * provisions the topics grants none of it.
     */
    public static Set<Grant> table() throws IOException {
        Set<Grant> grants = new LinkedHashSet<>();
        List<String> lines = section().lines().filter(line -> line.startsWith("|")).toList();
        // The header and the line under it
        for (String line : lines.subList(2, lines.size())) {
            String[] cells = Arrays.stream(line.substring(1, line.length() - 1).split("\\|")).map(String::trim).toArray(String[]::new);
            if (cells.length != 4) {
                throw new IllegalStateException("a table row of resource | name | operations | why, not: " + line);
            }
            if (cells[3].contains("only with `--create-topics`")) {
                continue;
            }
            ResourceType type = resourceType(cells[0]);
            PatternType patternType = cells[1].startsWith("prefix ") ? PatternType.PREFIXED : PatternType.LITERAL;
            List<String> names = new ArrayList<>();
            Matcher named = BACKTICKED.matcher(cells[1]);
            while (named.find()) {
                names.add(named.group(1));
            }
            if (type == ResourceType.CLUSTER) {
                names = List.of(CLUSTER_NAME);
            }
            if (names.isEmpty()) {
                throw new IllegalStateException("a table row that names no resource in `backticks`: " + line);
            }
            for (String name : names) {
                for (String operation : cells[2].split(",")) {
                    grants.add(new Grant(new ResourcePattern(type, name, patternType), operation(operation.trim())));
                }
            }
        }
        return grants;
    }

    /**
     * What the kafka-acls.sh script grants: its {@code acls} commands, each loop run for each of its names. The script
     * is read as it is written (a shell function, one-line commands and loops), not as any shell script could be.
     */
    public static Set<Grant> script() throws IOException {
        String section = section();
        String code = section.substring(section.indexOf("kafka-acls.sh"));
        List<String> lines = new ArrayList<>();
        StringBuilder joined = new StringBuilder();
        for (String line : code.lines().dropWhile(line -> !line.startsWith("    ")).takeWhile(line -> line.startsWith("    ")).toList()) {
            String trimmed = line.trim();
            if (trimmed.endsWith("\\")) {
                joined.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            lines.add(joined.append(trimmed).toString());
            joined.setLength(0);
        }
        Set<Grant> grants = new LinkedHashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher loop = FOR_LOOP.matcher(line);
            if (loop.matches()) {
                Matcher body = LOOP_BODY.matcher(lines.get(++i));
                if (!body.matches()) {
                    throw new IllegalStateException("a loop of the script without one acls command before 'done': " + lines.get(i));
                }
                for (String name : loop.group(1).trim().split("\\s+")) {
                    grants.addAll(command(body.group(1).replace("\"$t\"", name)));
                }
            } else if (line.startsWith("acls ")) {
                grants.addAll(command(line.substring("acls ".length())));
            } else if (!line.startsWith("P=") && !line.startsWith("acls()")) {
                throw new IllegalStateException("a line of the script this reader does not know: " + line);
            }
        }
        return grants;
    }

    /** One {@code acls} command's options, as kafka-acls.sh reads them. */
    private static List<Grant> command(String options) {
        List<AclOperation> operations = new ArrayList<>();
        PatternType patternType = PatternType.LITERAL;
        ResourceType type = null;
        String name = null;
        String[] words = options.trim().split("\\s+");
        for (int i = 0; i < words.length; i++) {
            switch (words[i]) {
                case "--operation" -> operations.add(operation(words[++i]));
                case "--resource-pattern-type" -> patternType = PatternType.valueOf(words[++i].toUpperCase(Locale.ROOT));
                case "--topic" -> {
                    type = ResourceType.TOPIC;
                    name = words[++i];
                }
                case "--group" -> {
                    type = ResourceType.GROUP;
                    name = words[++i];
                }
                case "--transactional-id" -> {
                    type = ResourceType.TRANSACTIONAL_ID;
                    name = words[++i];
                }
                case "--cluster" -> {
                    type = ResourceType.CLUSTER;
                    name = CLUSTER_NAME;
                }
                default -> throw new IllegalStateException("an option of the script this reader does not know: " + words[i] + " in " + options);
            }
        }
        if (type == null || operations.isEmpty()) {
            throw new IllegalStateException("an acls command without a resource or an operation: " + options);
        }
        ResourcePattern resource = new ResourcePattern(type, name, patternType);
        return operations.stream().map(operation -> new Grant(resource, operation)).toList();
    }

    /** "transactional id" is TRANSACTIONAL_ID. */
    private static ResourceType resourceType(String words) {
        return ResourceType.valueOf(words.toUpperCase(Locale.ROOT).replace(' ', '_'));
    }

    /** As kafka-acls.sh names them: "DescribeConfigs" is DESCRIBE_CONFIGS. */
    private static AclOperation operation(String name) {
        return AclOperation.valueOf(name.replaceAll("(?<=[a-z])(?=[A-Z])", "_").toUpperCase(Locale.ROOT));
    }
}
