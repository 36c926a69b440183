package io.accountshield.streams.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.accountshield.streams.config.AppConfig;
import io.accountshield.streams.config.ConfigSources;
import io.accountshield.streams.config.TopicNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/**
 * Docker is not available where the build runs, so the files under deploy/ are never built or run
 * there. This test checks what would otherwise fail only at {@code docker compose up} or
 * {@code kubectl apply}: that they parse, name files that exist, set only settings the application
 * reads (with valid values), probe its health endpoints on its port, and agree with each other.
 */
class DeployFilesTest {

    /** Tests run in streams-app/. */
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path DEPLOY = ROOT.resolve("deploy");
    private static final Path COMPOSE = DEPLOY.resolve("compose/compose.yaml");
    private static final Path PROMETHEUS = DEPLOY.resolve("prometheus/prometheus.yml");
    private static final Path KUBERNETES = DEPLOY.resolve("kubernetes");
    private static final Path HEALTHCHECK_SCRIPT = DEPLOY.resolve("docker/healthcheck.sh");

    private static final String STREAMS_APP_DOCKERFILE = "deploy/docker/streams-app.Dockerfile";
    private static final String PRODUCER_SIM_DOCKERFILE = "deploy/docker/producer-sim.Dockerfile";

    /** The module each image builds, and so whose main class its ENTRYPOINT must start. */
    private static final Map<String, String> MODULE_BY_DOCKERFILE = Map.of(
            STREAMS_APP_DOCKERFILE, "streams-app",
            PRODUCER_SIM_DOCKERFILE, "producer-sim");

    /** Besides APP_* and KAFKA_*, the only variables the application's containers may set. */
    private static final Set<String> OTHER_ALLOWED_VARIABLES = Set.of("JAVA_TOOL_OPTIONS");


    /** Values the downward API would give, by field path, so that $(NAME) references resolve. */
    private static final Map<String, String> POD_FIELD_SAMPLES = Map.of(
            "metadata.name", "streams-app-0",
            "metadata.namespace", "account-shield",
            "status.podIP", "10.0.0.7",
            "metadata.labels['topology.kubernetes.io/zone']", "zone-a");

    private static final Set<String> KAFKA_PROPERTIES = kafkaProperties();

    private static final YAMLMapper YAML = YAMLMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Which program a container runs. */
    enum App { STREAMS_APP, PRODUCER_SIM }

    /**
     * A container of ours with its environment resolved: a compose service (workload null, name the
     * service's) or a container of a Kubernetes workload.
     */
    record AppContainer(String where, App app, Map<String, String> environment, JsonNode definition, KubernetesObject workload, String name) {

        boolean inCompose() {
            return workload == null;
        }

        AppConfig config() {
            Map<String, String> known = new LinkedHashMap<>(environment);
            return AppConfig.load(null, known, Map.of());
        }
    }

    /** One object from a file under deploy/kubernetes. */
    record KubernetesObject(Path file, JsonNode node) {

        String kind() {
            return node.path("kind").asText();
        }

        String name() {
            return node.path("metadata").path("name").asText();
        }

        @Override
        public String toString() {
            return kind() + " " + name() + " (" + repoPath(file) + ")";
        }
    }

    // ---------------------------------------------------------------- tests

    @Test
    void shouldParseEveryYamlFile() {
        List<Path> files = yamlFilesUnder(DEPLOY);

        assertThat(files).as("YAML files under deploy/").contains(COMPOSE, PROMETHEUS);
        for (Path file : files) {
            assertThat(readDocuments(file)).as("documents in %s (an empty file is a mistake)", repoPath(file)).isNotEmpty();
        }
    }

    @Test
    void shouldReferenceOnlyFilesThatExist() {
        List<String> missing = new ArrayList<>();
        for (Path referenced : composeFileReferences()) {
            if (!Files.exists(referenced)) {
                missing.add(repoPath(referenced));
            }
        }

        assertThat(missing).as("paths named by %s that do not exist", repoPath(COMPOSE)).isEmpty();
    }

    @Test
    void shouldDeclareEveryNamedVolumeComposeMounts() {
        JsonNode compose = compose();
        Set<String> declared = fieldNames(compose.path("volumes"));
        for (Map.Entry<String, JsonNode> service : fields(compose.path("services"))) {
            for (JsonNode volume : service.getValue().path("volumes")) {
                String source = volumeSource(volume);
                if (source != null && !isHostPath(source)) {
                    assertThat(declared).as("named volume %s of service %s, under the top-level volumes:", source, service.getKey())
                            .contains(source);
                }
            }
        }
    }

    @Test
    void shouldBuildEachImageFromSourcesTheBuildContextHolds() {
        Map<Path, Path> contextByDockerfile = dockerfiles();
        assertThat(contextByDockerfile.keySet().stream().map(DeployFilesTest::repoPath))
                .as("Dockerfiles").contains(STREAMS_APP_DOCKERFILE, PRODUCER_SIM_DOCKERFILE);

        for (Map.Entry<Path, Path> entry : contextByDockerfile.entrySet()) {
            Path dockerfile = entry.getKey();
            Path context = entry.getValue();
            assertThat(dockerfile).as("Dockerfile").isRegularFile();
            List<String> sources = new ArrayList<>();
            for (List<String> copy : instructions(dockerfile, "COPY", "ADD")) {
                if (copy.stream().anyMatch(argument -> argument.startsWith("--from="))) {
                    continue;
                }
                List<String> arguments = copy.stream().filter(argument -> !argument.startsWith("--")).toList();
                assertThat(arguments).as("COPY %s in %s", copy, repoPath(dockerfile)).hasSizeGreaterThanOrEqualTo(2);
                for (String source : arguments.subList(0, arguments.size() - 1)) {
                    Path path = context.resolve(source).normalize();
                    sources.add(repoPath(path));
                    assertThat(repoPath(path)).as("COPY source in %s: the image builds from source, not from a host build's output",
                            repoPath(dockerfile)).doesNotContain("target/");
                    assertThat(path).as("COPY source %s in %s", source, repoPath(dockerfile)).exists();
                    assertThat(dockerIgnored(repoPath(path))).as("COPY source %s in %s is left out of the context by .dockerignore",
                            source, repoPath(dockerfile)).isFalse();
                }
            }
            String module = MODULE_BY_DOCKERFILE.get(repoPath(dockerfile));
            if (module != null) {
                List<String> poms = new ArrayList<>(List.of("pom.xml"));
                parentModules().forEach(m -> poms.add(m + "/pom.xml"));
                assertThat(sources).as("%s copies every module's pom (Maven refuses a reactor with one missing), and %s's sources",
                        repoPath(dockerfile), module).containsAll(poms).contains(module + "/src");
                assertThat(instructions(dockerfile, "ENTRYPOINT").stream().flatMap(List::stream).toList())
                        .as("ENTRYPOINT of %s starts the main class of %s's jar manifest", repoPath(dockerfile), module)
                        .contains(mainClass(module));
            }
        }
    }

    @Test
    void shouldPinTheBaseImagesAndGiveTheJvmContainerFlags() {
        for (String dockerfile : List.of(STREAMS_APP_DOCKERFILE, PRODUCER_SIM_DOCKERFILE)) {
            Path file = ROOT.resolve(dockerfile);
            List<List<String>> froms = instructions(file, "FROM");
            assertThat(froms).as("FROM in %s: a build stage and a runtime stage", dockerfile).hasSizeGreaterThanOrEqualTo(2);
            for (List<String> from : froms) {
                String image = from.stream().filter(a -> !a.startsWith("--")).findFirst().orElseThrow();
                assertThat(image).as("base image in %s: a release tag (major.minor.patch), never latest", dockerfile)
                        .matches("[^:@]+:[^@]*\\d+\\.\\d+\\.\\d+[^@]*(@sha256:[0-9a-f]{64})?")
                        .doesNotContain(":latest");
            }
            assertThat(instructions(file, "ENTRYPOINT").stream().flatMap(List::stream).toList())
                    .as("ENTRYPOINT of %s: exit on OutOfMemoryError whatever JAVA_TOOL_OPTIONS says", dockerfile)
                    .contains("-XX:+ExitOnOutOfMemoryError");
            assertThat(instructions(file, "ENV").stream().map(env -> String.join(" ", env)).toList())
                    .as("ENV of %s: a heap share of the container's memory limit", dockerfile)
                    .anySatisfy(env -> assertThat(env).startsWith("JAVA_TOOL_OPTIONS=").contains("-XX:MaxRAMPercentage="));
        }
        // The pipeline's image as `docker run` starts it: the same heap as the deploy files give it.
        String pipelineOptions = instructions(ROOT.resolve(STREAMS_APP_DOCKERFILE), "ENV").stream().map(env -> String.join(" ", env))
                .filter(env -> env.startsWith("JAVA_TOOL_OPTIONS=")).findFirst().orElseThrow();
        ProductionSettingsTest.assertFixedPreTouchedHeap(pipelineOptions, STREAMS_APP_DOCKERFILE);
    }

    @Test
    void shouldKeepBuildOutputAndHistoryOutOfTheImageBuildContext() {
        assertThat(ROOT.resolve(".dockerignore")).as(".dockerignore at the repository root (the images' build context)").isRegularFile();

        assertThat(dockerIgnored("streams-app/target/streams-app.jar")).as("a module's target/").isTrue();
        assertThat(dockerIgnored("target/classes")).as("target/ at the root").isTrue();
        assertThat(dockerIgnored(".git/HEAD")).as(".git").isTrue();
        assertThat(dockerIgnored("streams-app/src/main/java")).as("the sources the image builds").isFalse();
    }

    @Test
    void shouldSetOnlyEnvironmentVariablesTheApplicationReads() {
        List<AppContainer> containers = appContainers();
        assertThat(containers).extracting(AppContainer::where).contains(
                "compose service streams-app", "compose service producer-sim", "StatefulSet streams-app, container streams-app");

        List<String> problems = new ArrayList<>();
        containers.forEach(container -> problems.addAll(environmentProblems(container)));

        assertThat(problems).as("environment variables the application would reject or ignore").isEmpty();
    }

    @Test
    void shouldProbeHealthOnTheApplicationsHttpPort() {
        int defaultPort = AppConfig.defaults().httpPort();
        assertThat(healthcheckScriptDefaultPort()).as("APP_HTTP_PORT default in %s", repoPath(HEALTHCHECK_SCRIPT)).isEqualTo(defaultPort);
        assertThat(instructions(ROOT.resolve(STREAMS_APP_DOCKERFILE), "EXPOSE")).as("EXPOSE in the streams-app image")
                .containsExactly(List.of(String.valueOf(defaultPort)));

        for (AppContainer container : appContainers(App.STREAMS_APP)) {
            int port = container.config().httpPort();
            if (container.inCompose()) {
                assertThat(container.definition().path("healthcheck").path("test").toString())
                        .as("%s: healthcheck", container.where()).contains("/health/ready");
            } else {
                assertKubernetesProbes(container, port);
            }
        }
        assertPrometheusScrapesEveryStreamsAppService();
    }

    @Test
    void shouldGiveTheSimulatorTheApplicationsBrokerAndTopics() {
        List<AppContainer> apps = composeContainers(App.STREAMS_APP);
        List<AppContainer> simulators = composeContainers(App.PRODUCER_SIM);
        assertThat(apps).isNotEmpty();
        assertThat(simulators).isNotEmpty();

        for (AppContainer simulator : simulators) {
            List<String> command = command(simulator.definition());
            String servers = option(command, "--bootstrap-servers");
            String labelsTopic = option(command, "--labels-topic");
            TopicNames simulatorTopics = simulator.config().topics();
            for (AppContainer app : apps) {
                AppConfig appConfig = app.config();
                assertThat(servers).as("%s --bootstrap-servers vs %s's bootstrap.servers", simulator.where(), app.where())
                        .isEqualTo(appConfig.streamsProperties().getProperty(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG));
                assertThat(simulatorTopics).as("topics of %s (APP_TOPIC_* %s) vs %s (APP_TOPIC_* %s)",
                                simulator.where(), topicVariables(simulator), app.where(), topicVariables(app))
                        .isEqualTo(appConfig.topics());
                assertThat(composeServiceNames()).as("%s --bootstrap-servers names a compose service", simulator.where())
                        .contains(host(servers));
                if (labelsTopic != null) {
                    assertThat(labelsTopic).as("%s --labels-topic must not be one of the application's topics", simulator.where())
                            .isNotIn(allTopics(appConfig.topics()))
                            .doesNotStartWith(appConfig.streamsProperties().getProperty(StreamsConfig.APPLICATION_ID_CONFIG) + "-");
                }
            }
        }
    }

    @Test
    void shouldRunMoreStreamsAppInstancesThanStandbyReplicas() {
        AppContainer composeApp = composeContainers(App.STREAMS_APP).get(0);
        int composeInstances = composeContainers(App.STREAMS_APP).stream()
                .mapToInt(c -> c.definition().path("deploy").path("replicas").asInt(1)).sum();
        assertThat(composeInstances).as("streams-app instances in compose (a standby replica needs another instance)")
                .isGreaterThan(standbyReplicas(composeApp));

        for (KubernetesObject statefulSet : kubernetesObjects("StatefulSet")) {
            AppContainer container = containersOf(statefulSet).get(0);
            assertThat(statefulSet.node().path("spec").path("replicas").asInt(1)).as("replicas of %s", statefulSet)
                    .isGreaterThan(standbyReplicas(container));
            KubernetesObject budget = objectSelecting("PodDisruptionBudget", podLabels(statefulSet));
            assertThat(budget.node().path("spec").path("maxUnavailable").asInt()).as("maxUnavailable of %s", budget).isEqualTo(1);
        }
    }

    @Test
    void shouldKeepTheStateDirectoryOnAVolume() {
        String defaultStateDir = AppConfig.defaults().streamsProperties().getProperty(StreamsConfig.STATE_DIR_CONFIG);
        assertThat(instructions(ROOT.resolve(STREAMS_APP_DOCKERFILE), "VOLUME")).as("VOLUME in the streams-app image")
                .contains(List.of(defaultStateDir));

        for (KubernetesObject statefulSet : kubernetesObjects("StatefulSet")) {
            Set<String> claims = new HashSet<>();
            statefulSet.node().path("spec").path("volumeClaimTemplates").forEach(claim -> claims.add(claim.path("metadata").path("name").asText()));
            for (AppContainer container : containersOf(statefulSet)) {
                String stateDir = container.config().streamsProperties().getProperty(StreamsConfig.STATE_DIR_CONFIG);
                List<String> claimMounts = new ArrayList<>();
                container.definition().path("volumeMounts").forEach(mount -> {
                    if (claims.contains(mount.path("name").asText())) {
                        claimMounts.add(mount.path("mountPath").asText());
                    }
                });
                assertThat(claimMounts).as("%s: where the volumeClaimTemplates are mounted (state.dir is %s)", container.where(), stateDir)
                        .contains(stateDir);
            }
        }
    }

    @Test
    void shouldWireTheKubernetesObjectsTogether() {
        assertThat(kubernetesObjects("StatefulSet")).as("StatefulSets under deploy/kubernetes").isNotEmpty();
        for (KubernetesObject statefulSet : kubernetesObjects("StatefulSet")) {
            Map<String, String> podLabels = podLabels(statefulSet);
            assertThat(podLabels).as("pod labels of %s contain its selector", statefulSet)
                    .containsAllEntriesOf(stringMap(statefulSet.node().path("spec").path("selector").path("matchLabels")));

            String serviceName = statefulSet.node().path("spec").path("serviceName").asText();
            KubernetesObject service = kubernetesObjects("Service").stream().filter(s -> s.name().equals(serviceName)).findFirst()
                    .orElseThrow(() -> new AssertionError(statefulSet + " names serviceName " + serviceName + ", which no Service declares"));
            assertThat(service.node().path("spec").path("clusterIP").asText()).as("clusterIP of %s (headless)", service).isEqualTo("None");
            assertThat(podLabels).as("pod labels of %s contain the selector of %s", statefulSet, service)
                    .containsAllEntriesOf(stringMap(service.node().path("spec").path("selector")));
        }
        assertEveryNamespaceIsCreatedFirst();
    }

    @Test
    void shouldQuoteValuesKubernetesRequiresToBeStrings() {
        List<String> notStrings = new ArrayList<>();
        for (KubernetesObject object : kubernetesObjects(null)) {
            collectNonStringValues(object.node(), object.toString(), notStrings);
        }
        assertThat(notStrings).as("labels, annotations, ConfigMap data and env values must be quoted strings (kubectl rejects numbers and booleans)")
                .isEmpty();
    }

    // ---------------------------------------------------------------- environment

    private static List<String> environmentProblems(AppContainer container) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> variable : container.environment().entrySet()) {
            String name = variable.getKey();
            if (variable.getValue() == null) {
                problems.add(container.where() + ": " + name + " has no value");
            } else if (name.startsWith("APP_")) {
                try {
                    ConfigSources.fromEnvironment(Map.of(name, variable.getValue()), AppConfig.appSettingNames());
                } catch (ConfigException e) {
                    problems.add(container.where() + ": " + e.getMessage());
                }
            } else if (name.startsWith("KAFKA_")) {
                String property = name.substring("KAFKA_".length()).toLowerCase(Locale.ROOT).replace('_', '.');
                if (!KAFKA_PROPERTIES.contains(property) && !property.startsWith(StreamsConfig.CLIENT_TAG_PREFIX)) {
                    problems.add(container.where() + ": " + name + " becomes " + property + ", which is no Kafka Streams or client setting");
                }
            } else if (!OTHER_ALLOWED_VARIABLES.contains(name)) {
                problems.add(container.where() + ": " + name + " is read by neither the application nor the JVM (allowed: APP_*, KAFKA_*, "
                        + OTHER_ALLOWED_VARIABLES + ")");
            }
        }
        if (problems.isEmpty()) {
            try {
                new StreamsConfig(container.config().streamsProperties());
            } catch (ConfigException e) {
                problems.add(container.where() + ": " + e.getMessage());
            }
        }
        return problems;
    }


    private static int standbyReplicas(AppContainer container) {
        return Integer.parseInt(container.config().streamsProperties().getProperty(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, "0"));
    }

    private static Map<String, String> topicVariables(AppContainer container) {
        Map<String, String> topics = new LinkedHashMap<>();
        container.environment().forEach((name, value) -> {
            if (name.startsWith("APP_TOPIC_")) {
                topics.put(name, value);
            }
        });
        return topics;
    }

    private static List<String> allTopics(TopicNames topics) {
        return Stream.concat(topics.inputs().stream(), topics.outputs().stream()).toList();
    }

    private static Set<String> kafkaProperties() {
        Set<String> names = new HashSet<>(StreamsConfig.configDef().names());
        names.addAll(ProducerConfig.configNames());
        names.addAll(ConsumerConfig.configNames());
        names.addAll(AdminClientConfig.configNames());
        return names;
    }

    // ---------------------------------------------------------------- containers

    private static List<AppContainer> appContainers() {
        List<AppContainer> containers = new ArrayList<>(composeContainers(null));
        containers.addAll(kubernetesContainers());
        return containers;
    }

    static List<AppContainer> appContainers(App app) {
        return appContainers().stream().filter(c -> c.app() == app).toList();
    }

    private static List<AppContainer> containersOf(KubernetesObject workload) {
        List<AppContainer> containers = kubernetesContainers().stream().filter(c -> c.workload().equals(workload)).toList();
        assertThat(containers).as("streams-app or producer-sim containers of %s", workload).isNotEmpty();
        return containers;
    }

    /** Compose services built from our Dockerfiles; null for both apps. */
    static List<AppContainer> composeContainers(App only) {
        List<AppContainer> containers = new ArrayList<>();
        for (Map.Entry<String, JsonNode> service : fields(compose().path("services"))) {
            JsonNode build = service.getValue().path("build");
            if (!build.isObject()) {
                continue;
            }
            String dockerfile = repoPath(COMPOSE.getParent().resolve(build.path("context").asText(".")).resolve(build.path("dockerfile").asText("Dockerfile")));
            App app = dockerfile.equals(STREAMS_APP_DOCKERFILE) ? App.STREAMS_APP : dockerfile.equals(PRODUCER_SIM_DOCKERFILE) ? App.PRODUCER_SIM : null;
            if (app != null && (only == null || only == app)) {
                containers.add(new AppContainer("compose service " + service.getKey(), app, composeEnvironment(service.getValue()),
                        service.getValue(), null, service.getKey()));
            }
        }
        return containers;
    }

    /** env_file entries first, then environment (a map or a list of NAME=VALUE). */
    private static Map<String, String> composeEnvironment(JsonNode service) {
        Map<String, String> environment = new LinkedHashMap<>();
        for (JsonNode file : asList(service.path("env_file"))) {
            Path path = COMPOSE.getParent().resolve(file.isObject() ? file.path("path").asText() : file.asText());
            readLines(path).stream().map(String::trim).filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .forEach(line -> putAssignment(environment, line));
        }
        JsonNode variables = service.path("environment");
        if (variables.isArray()) {
            variables.forEach(line -> putAssignment(environment, line.asText()));
        } else {
            fields(variables).forEach(v -> environment.put(v.getKey(), v.getValue().isNull() ? null : v.getValue().asText()));
        }
        return environment;
    }

    private static void putAssignment(Map<String, String> environment, String assignment) {
        int equals = assignment.indexOf('=');
        environment.put(equals < 0 ? assignment : assignment.substring(0, equals), equals < 0 ? null : assignment.substring(equals + 1));
    }

    /** Containers of the workloads under deploy/kubernetes whose image is one of ours. */
    private static List<AppContainer> kubernetesContainers() {
        Map<String, Map<String, String>> configMaps = new LinkedHashMap<>();
        kubernetesObjects("ConfigMap").forEach(c -> configMaps.put(c.name(), stringMap(c.node().path("data"))));
        List<AppContainer> containers = new ArrayList<>();
        for (KubernetesObject workload : kubernetesObjects(null)) {
            for (JsonNode container : workload.node().path("spec").path("template").path("spec").path("containers")) {
                String image = container.path("image").asText();
                App app = image.contains("streams-app") ? App.STREAMS_APP : image.contains("producer-sim") ? App.PRODUCER_SIM : null;
                if (app != null) {
                    String where = workload.kind() + " " + workload.name() + ", container " + container.path("name").asText();
                    containers.add(new AppContainer(where, app, kubernetesEnvironment(where, container, configMaps), container,
                            workload, container.path("name").asText()));
                }
            }
        }
        return containers;
    }

    /**
     * envFrom first, then env, which takes precedence as in Kubernetes. A Secret's content is not in the
     * repository: an envFrom Secret must be optional, and contributes the keys of its example under
     * deploy/kubernetes/examples, so that those are checked too.
     */
    private static Map<String, String> kubernetesEnvironment(String where, JsonNode container, Map<String, Map<String, String>> configMaps) {
        Map<String, String> environment = new LinkedHashMap<>();
        for (JsonNode source : container.path("envFrom")) {
            String configMap = source.path("configMapRef").path("name").asText(null);
            String secret = source.path("secretRef").path("name").asText(null);
            Map<String, String> data;
            if (configMap != null) {
                assertThat(configMaps).as("%s: envFrom ConfigMap", where).containsKey(configMap);
                data = configMaps.get(configMap);
            } else {
                assertThat(secret).as("%s: envFrom %s (a ConfigMap or a Secret)", where, source).isNotNull();
                assertThat(source.path("secretRef").path("optional").asBoolean()).as("%s: envFrom Secret %s is optional", where, secret).isTrue();
                data = kubernetesObjects("Secret").stream().filter(o -> o.name().equals(secret)).findFirst()
                        .map(o -> stringMap(o.node().path("stringData"))).orElse(Map.of());
            }
            data.forEach((name, value) -> environment.put(source.path("prefix").asText("") + name, value));
        }
        // Downward-API variables: the pod's name or address, fed to $(NAME) references in other values;
        // the application's own variables among them are checked with a sample value.
        Map<String, String> podFields = new LinkedHashMap<>();
        for (JsonNode variable : container.path("env")) {
            String name = variable.path("name").asText();
            JsonNode reference = variable.path("valueFrom").path("configMapKeyRef");
            if (variable.path("valueFrom").has("fieldRef")) {
                String fieldPath = variable.path("valueFrom").path("fieldRef").path("fieldPath").asText();
                assertThat(POD_FIELD_SAMPLES).as("%s: %s from the downward API field %s", where, name, fieldPath).containsKey(fieldPath);
                podFields.put(name, POD_FIELD_SAMPLES.get(fieldPath));
                if (name.startsWith("APP_") || name.startsWith("KAFKA_")) {
                    environment.put(name, POD_FIELD_SAMPLES.get(fieldPath));
                }
            } else if (variable.path("valueFrom").has("secretKeyRef")) {
                // A Secret's content is not in the repository; the name is still checked.
                environment.put(name, "");
            } else if (variable.has("value")) {
                String value = variable.path("value").asText();
                for (Map.Entry<String, String> field : podFields.entrySet()) {
                    value = value.replace("$(" + field.getKey() + ")", field.getValue());
                }
                environment.put(name, value);
            } else if (!reference.isMissingNode()) {
                Map<String, String> data = configMaps.get(reference.path("name").asText());
                assertThat(data).as("%s: %s from ConfigMap %s", where, name, reference.path("name").asText()).isNotNull();
                assertThat(data).as("%s: %s from ConfigMap %s", where, name, reference.path("name").asText()).containsKey(reference.path("key").asText());
                environment.put(name, data.get(reference.path("key").asText()));
            } else {
                throw new AssertionError(where + ": the value of " + name + " cannot be checked; use value, a configMapKeyRef, a "
                        + "secretKeyRef or a fieldRef");
            }
        }
        return environment;
    }

    // ---------------------------------------------------------------- health and metrics

    private static void assertKubernetesProbes(AppContainer container, int port) {
        JsonNode definition = container.definition();
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("livenessProbe", "/health/live");
        expected.put("readinessProbe", "/health/ready");
        if (definition.has("startupProbe")) {
            expected.put("startupProbe", "/health/live");
        }
        expected.forEach((probe, path) -> {
            JsonNode httpGet = definition.path(probe).path("httpGet");
            assertThat(httpGet.path("path").asText()).as("%s: %s path", container.where(), probe).isEqualTo(path);
            assertThat(containerPort(definition, httpGet.path("port"))).as("%s: %s port", container.where(), probe).isEqualTo(port);
        });
        Map<String, String> annotations = stringMap(container.workload().node().path("spec").path("template").path("metadata").path("annotations"));
        assertThat(annotations).as("%s: Prometheus annotations of the pods", container.where())
                .containsEntry("prometheus.io/scrape", "true")
                .containsEntry("prometheus.io/port", String.valueOf(port))
                .containsEntry("prometheus.io/path", "/metrics");
    }

    /** A probe's port: a number, or the name of one of the container's ports. */
    static int containerPort(JsonNode container, JsonNode port) {
        if (port.isInt()) {
            return port.asInt();
        }
        for (JsonNode declared : container.path("ports")) {
            if (declared.path("name").asText().equals(port.asText())) {
                return declared.path("containerPort").asInt();
            }
        }
        throw new AssertionError("no container port named " + port + " in " + container.path("name"));
    }

    private static int healthcheckScriptDefaultPort() {
        Matcher matcher = Pattern.compile("\\$\\{APP_HTTP_PORT:-(\\d+)}").matcher(String.join("\n", readLines(HEALTHCHECK_SCRIPT)));
        assertThat(matcher.find()).as("%s reads APP_HTTP_PORT with a default", repoPath(HEALTHCHECK_SCRIPT)).isTrue();
        return Integer.parseInt(matcher.group(1));
    }

    /** Every compose streams-app service is a scrape target on its http.port, path /metrics. */
    private static void assertPrometheusScrapesEveryStreamsAppService() {
        Map<String, String> scraped = new LinkedHashMap<>();
        for (JsonNode job : readDocuments(PROMETHEUS).get(0).path("scrape_configs")) {
            String path = job.path("metrics_path").asText("/metrics");
            for (JsonNode discovery : job.path("dns_sd_configs")) {
                discovery.path("names").forEach(name -> scraped.put(name.asText() + ":" + discovery.path("port").asText(), path));
            }
            for (JsonNode group : job.path("static_configs")) {
                group.path("targets").forEach(target -> scraped.put(target.asText(), path));
            }
        }
        for (AppContainer app : composeContainers(App.STREAMS_APP)) {
            String target = app.name() + ":" + app.config().httpPort();
            assertThat(scraped).as("Prometheus scrape targets (host:port -> path) in %s", repoPath(PROMETHEUS)).containsEntry(target, "/metrics");
        }
    }

    // ---------------------------------------------------------------- compose

    static JsonNode compose() {
        return readDocuments(COMPOSE).get(0);
    }

    private static Set<String> composeServiceNames() {
        return fieldNames(compose().path("services"));
    }

    /** Build contexts, Dockerfiles, env files and relative bind-mount sources, resolved against the compose file. */
    private static List<Path> composeFileReferences() {
        Path base = COMPOSE.getParent();
        List<Path> paths = new ArrayList<>();
        for (Map.Entry<String, JsonNode> service : fields(compose().path("services"))) {
            JsonNode build = service.getValue().path("build");
            if (build.isTextual()) {
                paths.add(base.resolve(build.asText()).normalize());
            } else if (build.isObject()) {
                Path context = base.resolve(build.path("context").asText(".")).normalize();
                paths.add(context);
                paths.add(context.resolve(build.path("dockerfile").asText("Dockerfile")).normalize());
            }
            for (JsonNode file : asList(service.getValue().path("env_file"))) {
                paths.add(base.resolve(file.isObject() ? file.path("path").asText() : file.asText()).normalize());
            }
            for (JsonNode volume : service.getValue().path("volumes")) {
                String source = volumeSource(volume);
                if (source != null && source.startsWith(".")) {
                    paths.add(base.resolve(source).normalize());
                }
            }
        }
        return paths;
    }

    /** The source of a volume entry, short ("src:dst[:mode]") or long syntax; null for an anonymous volume. */
    private static String volumeSource(JsonNode volume) {
        if (volume.isObject()) {
            return volume.path("source").asText(null);
        }
        String[] parts = volume.asText().split(":");
        return parts.length < 2 ? null : parts[0];
    }

    private static boolean isHostPath(String source) {
        return source.startsWith(".") || source.startsWith("/") || source.startsWith("~");
    }

    private static List<String> command(JsonNode service) {
        JsonNode command = service.path("command");
        if (command.isTextual()) {
            return Arrays.asList(command.asText().trim().split("\\s+"));
        }
        List<String> arguments = new ArrayList<>();
        command.forEach(argument -> arguments.add(argument.asText()));
        return arguments;
    }

    /** The value of --name VALUE or --name=VALUE; null when absent. */
    private static String option(List<String> command, String name) {
        for (int i = 0; i < command.size(); i++) {
            if (command.get(i).equals(name) && i + 1 < command.size()) {
                return command.get(i + 1);
            }
            if (command.get(i).startsWith(name + "=")) {
                return command.get(i).substring(name.length() + 1);
            }
        }
        return null;
    }

    private static String host(String servers) {
        assertThat(servers).as("--bootstrap-servers").isNotNull();
        return servers.split(",")[0].split(":")[0];
    }

    // ---------------------------------------------------------------- Dockerfiles

    /** Every Dockerfile under deploy/ (build context: the repository root) and every one compose builds (its context). */
    private static Map<Path, Path> dockerfiles() {
        Map<Path, Path> contextByDockerfile = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(DEPLOY)) {
            files.filter(f -> f.getFileName().toString().endsWith("Dockerfile")).sorted().forEach(f -> contextByDockerfile.put(f, ROOT));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (JsonNode service : compose().path("services")) {
            JsonNode build = service.path("build");
            if (build.isObject() || build.isTextual()) {
                Path context = COMPOSE.getParent().resolve(build.isTextual() ? build.asText() : build.path("context").asText(".")).normalize();
                contextByDockerfile.put(context.resolve(build.path("dockerfile").asText("Dockerfile")).normalize(), context);
            }
        }
        return contextByDockerfile;
    }

    /** Whether .dockerignore leaves a path (relative to the root) out of the build context: a pattern matches it or one of its folders. */
    static boolean dockerIgnored(String path) {
        Path ignoreFile = ROOT.resolve(".dockerignore");
        if (!Files.exists(ignoreFile)) {
            return false;
        }
        boolean ignored = false;
        for (String line : readLines(ignoreFile)) {
            String pattern = line.trim();
            if (pattern.isEmpty() || pattern.startsWith("#")) {
                continue;
            }
            boolean exception = pattern.startsWith("!");
            pattern = pattern.replaceFirst("^!", "").replaceFirst("^/", "").replaceFirst("/$", "");
            // Docker's ** also matches no folder at all: **/target is target too.
            List<PathMatcher> matchers = new ArrayList<>(List.of(FileSystems.getDefault().getPathMatcher("glob:" + pattern)));
            if (pattern.startsWith("**/")) {
                matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + pattern.substring(3)));
            }
            for (Path prefix = Path.of(path); prefix != null; prefix = prefix.getParent()) {
                Path candidate = prefix;
                if (matchers.stream().anyMatch(m -> m.matches(candidate))) {
                    ignored = !exception;
                    break;
                }
            }
        }
        return ignored;
    }

    /** The modules the root pom lists. */
    private static List<String> parentModules() {
        Matcher matcher = Pattern.compile("<module>([^<]+)</module>").matcher(String.join("\n", readLines(ROOT.resolve("pom.xml"))));
        List<String> modules = new ArrayList<>();
        while (matcher.find()) {
            modules.add(matcher.group(1).trim());
        }
        assertThat(modules).as("modules of pom.xml").isNotEmpty();
        return modules;
    }

    /** The main class a module's jar manifest names (its shade plugin's ManifestResourceTransformer). */
    private static String mainClass(String module) {
        Matcher matcher = Pattern.compile("<mainClass>([^<]+)</mainClass>").matcher(String.join("\n", readLines(ROOT.resolve(module).resolve("pom.xml"))));
        assertThat(matcher.find()).as("%s/pom.xml names a mainClass", module).isTrue();
        return matcher.group(1).trim();
    }

    /** The arguments of each instruction with one of the given names, continuation lines joined. */
    static List<List<String>> instructions(Path dockerfile, String... names) {
        List<List<String>> found = new ArrayList<>();
        StringBuilder logical = new StringBuilder();
        for (String line : readLines(dockerfile)) {
            String trimmed = line.trim();
            if (trimmed.startsWith("#") && logical.length() == 0) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                logical.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            logical.append(trimmed);
            String instruction = logical.toString().trim();
            logical.setLength(0);
            String[] parts = instruction.split("\\s+", 2);
            if (parts.length == 2 && Arrays.asList(names).contains(parts[0].toUpperCase(Locale.ROOT))) {
                found.add(arguments(parts[1]));
            }
        }
        return found;
    }

    /** Exec form (a JSON array) or shell form (split on spaces). */
    private static List<String> arguments(String text) {
        if (text.startsWith("[")) {
            try {
                return Arrays.asList(JSON.readValue(text, String[].class));
            } catch (IOException e) {
                throw new AssertionError("not a JSON array: " + text, e);
            }
        }
        return Arrays.asList(text.split("\\s+"));
    }

    // ---------------------------------------------------------------- Kubernetes

    /** Objects of one kind (null: all), in file-name order. */
    static List<KubernetesObject> kubernetesObjects(String kind) {
        List<KubernetesObject> objects = new ArrayList<>();
        for (Path file : yamlFilesUnder(KUBERNETES)) {
            readDocuments(file).forEach(node -> objects.add(new KubernetesObject(file, node)));
        }
        return objects.stream().filter(o -> kind == null || o.kind().equals(kind)).toList();
    }

    static Map<String, String> podLabels(KubernetesObject workload) {
        return stringMap(workload.node().path("spec").path("template").path("metadata").path("labels"));
    }

    private static KubernetesObject objectSelecting(String kind, Map<String, String> podLabels) {
        return kubernetesObjects(kind).stream()
                .filter(o -> podLabels.entrySet().containsAll(stringMap(o.node().path("spec").path("selector").path("matchLabels")).entrySet()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " selects the pods labelled " + podLabels));
    }

    /** kubectl apply -f applies files in name order: a namespace must be declared in a file before the objects in it. */
    private static void assertEveryNamespaceIsCreatedFirst() {
        List<KubernetesObject> objects = kubernetesObjects(null);
        for (int i = 0; i < objects.size(); i++) {
            KubernetesObject object = objects.get(i);
            String namespace = object.node().path("metadata").path("namespace").asText(null);
            if (namespace == null) {
                continue;
            }
            boolean declaredBefore = objects.subList(0, i).stream()
                    .anyMatch(o -> o.kind().equals("Namespace") && o.name().equals(namespace));
            assertThat(declaredBefore).as("namespace %s of %s is declared in an earlier file (or earlier in the same file)", namespace, object)
                    .isTrue();
        }
    }

    /** Where Kubernetes wants strings: label, annotation and selector values, ConfigMap data, env values. */
    private static void collectNonStringValues(JsonNode node, String where, List<String> notStrings) {
        for (Map.Entry<String, JsonNode> field : fields(node)) {
            String key = field.getKey();
            JsonNode value = field.getValue();
            if (Set.of("labels", "annotations", "matchLabels", "data").contains(key) && value.isObject()) {
                fields(value).stream().filter(entry -> !entry.getValue().isTextual())
                        .forEach(entry -> notStrings.add(where + ": " + key + "." + entry.getKey() + " = " + entry.getValue()));
            } else if (key.equals("env") && value.isArray()) {
                for (JsonNode variable : value) {
                    if (variable.has("value") && !variable.path("value").isTextual()) {
                        notStrings.add(where + ": env " + variable.path("name").asText() + " = " + variable.path("value"));
                    }
                }
            }
            if (value.isContainerNode()) {
                if (value.isArray()) {
                    value.forEach(element -> collectNonStringValues(element, where, notStrings));
                } else {
                    collectNonStringValues(value, where, notStrings);
                }
            }
        }
    }

    // ---------------------------------------------------------------- files and YAML

    private static List<Path> yamlFilesUnder(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> f.getFileName().toString().endsWith(".yaml") || f.getFileName().toString().endsWith(".yml"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every document of a (possibly multi-document) YAML file, empty documents left out. */
    static List<JsonNode> readDocuments(Path file) {
        try {
            return YAML.readerFor(JsonNode.class).<JsonNode>readValues(file.toFile()).readAll().stream()
                    .filter(document -> document != null && !document.isNull() && !document.isMissingNode())
                    .toList();
        } catch (IOException | RuntimeException e) {
            throw new AssertionError("cannot parse " + repoPath(file) + ": " + e.getMessage(), e);
        }
    }

    static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError("cannot read " + repoPath(file) + ": " + e, e);
        }
    }

    static String repoPath(Path path) {
        return ROOT.relativize(path.toAbsolutePath().normalize()).toString().replace('\\', '/');
    }

    static List<Map.Entry<String, JsonNode>> fields(JsonNode node) {
        return new ArrayList<>(node.properties());
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.properties().forEach(field -> names.add(field.getKey()));
        return names;
    }

    static Map<String, String> stringMap(JsonNode node) {
        Map<String, String> map = new LinkedHashMap<>();
        fields(node).forEach(field -> map.put(field.getKey(), field.getValue().asText()));
        return map;
    }

    /** A compose field that may be one value or a list of them. */
    private static List<JsonNode> asList(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        List<JsonNode> list = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(list::add);
        } else {
            list.add(node);
        }
        return list;
    }
}
