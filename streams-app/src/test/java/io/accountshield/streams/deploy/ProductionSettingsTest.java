package io.accountshield.streams.deploy;

import static io.accountshield.streams.deploy.DeployFilesTest.appContainers;
import static io.accountshield.streams.deploy.DeployFilesTest.compose;
import static io.accountshield.streams.deploy.DeployFilesTest.containerPort;
import static io.accountshield.streams.deploy.DeployFilesTest.fields;
import static io.accountshield.streams.deploy.DeployFilesTest.kubernetesObjects;
import static io.accountshield.streams.deploy.DeployFilesTest.podLabels;
import static io.accountshield.streams.deploy.DeployFilesTest.readDocuments;
import static io.accountshield.streams.deploy.DeployFilesTest.readLines;
import static io.accountshield.streams.deploy.DeployFilesTest.stringMap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import io.accountshield.streams.app.ProtectionService;
import io.accountshield.streams.config.AppConfig;
import io.accountshield.streams.config.ConfigSources;
import io.accountshield.streams.deploy.DeployFilesTest.App;
import io.accountshield.streams.deploy.DeployFilesTest.AppContainer;
import io.accountshield.streams.deploy.DeployFilesTest.KubernetesObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/**
 * The deploy files' settings that decide how the application fares in production: memory the
 * scheduler reserves, instances named after their pods, a node (and zone) of their own, an image that
 * cannot change under a running StatefulSet, time to close, ports and secrets kept in, and a broker
 * of the clients' version. Each would pass every parse check and still hurt on the first day.
 */
class ProductionSettingsTest {

    private static final Pattern IMMUTABLE_IMAGE = Pattern.compile(
            "(?<registry>[a-z0-9.-]+\\.[a-z]{2,}(:\\d+)?)/(?<path>[a-z0-9._/-]+):(?<tag>[A-Za-z0-9._-]+)@sha256:[0-9a-f]{64}");

    @Test
    void shouldRequestAllTheMemoryTheContainerMayUse() {
        for (AppContainer container : kubernetesStreamsApps()) {
            JsonNode resources = container.definition().path("resources");
            String limit = resources.path("limits").path("memory").asText(null);

            assertThat(limit).as("%s: a memory limit", container.where()).isNotNull();
            assertThat(resources.path("requests").path("memory").asText()).as("%s: memory request (the JVM sizes its heap from the limit)",
                    container.where()).isEqualTo(limit);
        }
    }

    /**
     * The README's memory budget: heap and RocksDB's bound together take at most three quarters of the
     * limit, the rest left for the JVM's own memory and RocksDB's per-store overhead, which neither bounds.
     */
    @Test
    void shouldFitHeapAndRocksDbInsideThreeQuartersOfTheMemoryLimit() {
        List<AppContainer> containers = appContainers(App.STREAMS_APP);
        assertThat(containers).isNotEmpty();
        for (AppContainer container : containers) {
            JsonNode limits = container.definition().has("deploy")
                    ? container.definition().path("deploy").path("resources").path("limits")
                    : container.definition().path("resources").path("limits");
            long limit = memoryBytes(limits.path("memory").asText());
            String share = heapShare(container.environment().getOrDefault("JAVA_TOOL_OPTIONS", ""), "MaxRAMPercentage");
            assertThat(share).as("%s: a heap share", container.where()).isNotNull();
            long heap = limit * Long.parseLong(share) / 100;
            long rocksDb = container.config().rocksDbMemory().totalBytes();

            assertThat(heap + rocksDb).as("%s: heap %d + RocksDB %d of a %d-byte limit", container.where(), heap, rocksDb, limit)
                    .isLessThanOrEqualTo(limit * 3 / 4);
        }
    }

    /** Kubernetes' and compose's memory quantities as bytes: 2Gi, 1g, 512Mi, 512m. */
    static long memoryBytes(String quantity) {
        Matcher m = Pattern.compile("(\\d+)(Gi|Mi|g|m|G|M)").matcher(quantity);
        assertThat(m.matches()).as("memory quantity %s", quantity).isTrue();
        long unit = switch (m.group(2)) {
            case "Gi", "g", "G" -> 1L << 30;
            default -> 1L << 20;
        };
        return Long.parseLong(m.group(1)) * unit;
    }

    /**
     * A heap that grows and shrinks has the stream thread fault in fresh pages while it processes
     * (docs/benchmarks.md, "Page faults"): every container fixes it at its share (initial equal to
     * maximum, never shrunk) and touches it at start.
     */
    @Test
    void shouldExitOnOutOfMemoryAndFixAndPreTouchTheHeapInEveryContainer() {
        for (AppContainer container : appContainers(App.STREAMS_APP)) {
            // The variable replaces the image's value, so it must carry the flags itself.
            assertFixedPreTouchedHeap(container.environment().get("JAVA_TOOL_OPTIONS"), container.where());
        }
    }

    /** The pipeline's JVM options, wherever they are given: exit on OutOfMemoryError, the heap a fixed share, touched at start. */
    static void assertFixedPreTouchedHeap(String options, String where) {
        assertThat(options).as("%s: JAVA_TOOL_OPTIONS", where)
                .contains("-XX:+ExitOnOutOfMemoryError").contains("-XX:+AlwaysPreTouch")
                // The percentage options leave G1 free to shrink the heap to a few MiB after a collection.
                .contains("-XX:MaxHeapFreeRatio=100");
        String initial = heapShare(options, "InitialRAMPercentage");
        String max = heapShare(options, "MaxRAMPercentage");
        assertThat(initial).as("%s: an initial heap share", where).isNotNull();
        assertThat(max).as("%s: a maximum heap share", where).isNotNull();
        assertThat(initial).as("%s: the initial heap share is the maximum", where).isEqualTo(max);
    }

    /** The percentage given to {@code -XX:<flag>=} in JVM options, or null. */
    private static String heapShare(String options, String flag) {
        Matcher share = Pattern.compile("-XX:" + flag + "=(\\d+)").matcher(options);
        return share.find() ? share.group(1) : null;
    }

    @Test
    void shouldNameEachInstanceAndItsAddressAfterItsPod() {
        for (AppContainer container : kubernetesStreamsApps()) {
            KubernetesObject statefulSet = container.workload();
            Map<String, String> raw = rawEnvironment(container);
            String podName = downwardVariable(container, "metadata.name");
            String service = statefulSet.node().path("spec").path("serviceName").asText();
            String namespace = statefulSet.node().path("metadata").path("namespace").asText();

            assertThat(raw).as("%s: the instance id (static membership) is the pod's name", container.where())
                    .containsEntry("APP_INSTANCE_ID", "$(" + podName + ")");
            assertThat(raw).as("%s: application.server is the pod's stable DNS name through the headless service, on the HTTP port",
                    container.where()).containsEntry("KAFKA_APPLICATION_SERVER",
                    "$(" + podName + ")." + service + "." + namespace + ".svc.cluster.local:" + container.config().httpPort());
        }
    }


    @Test
    void shouldKeepTwoInstancesOffOneNode() {
        for (KubernetesObject statefulSet : kubernetesObjects("StatefulSet")) {
            JsonNode pod = statefulSet.node().path("spec").path("template").path("spec");
            Map<String, String> labels = podLabels(statefulSet);
            boolean required = false;
            for (JsonNode term : pod.path("affinity").path("podAntiAffinity").path("requiredDuringSchedulingIgnoredDuringExecution")) {
                required |= term.path("topologyKey").asText().equals("kubernetes.io/hostname") && selects(term, labels);
            }
            for (JsonNode spread : pod.path("topologySpreadConstraints")) {
                required |= spread.path("topologyKey").asText().equals("kubernetes.io/hostname")
                        && spread.path("whenUnsatisfiable").asText().equals("DoNotSchedule") && spread.path("maxSkew").asInt() == 1
                        && selects(spread, labels);
            }

            assertThat(required).as("%s: required anti-affinity on kubernetes.io/hostname (or a DoNotSchedule spread) selecting its own pods, "
                    + "so that a task and its standby never share a node", statefulSet).isTrue();
        }
    }

    @Test
    void shouldTagEachInstanceWithItsZoneForRackAwareStandbysEvenWhereNoZoneIsKnown() {
        for (AppContainer container : kubernetesStreamsApps()) {
            String tags = container.config().streamsProperties().getProperty(StreamsConfig.RACK_AWARE_ASSIGNMENT_TAGS_CONFIG, "");
            assertThat(tags.split(",")).as("%s: rack.aware.assignment.tags", container.where()).contains("zone");
            String zoneVariable = downwardVariable(container, "metadata.labels['topology.kubernetes.io/zone']");
            String tag = rawEnvironment(container).get("KAFKA_CLIENT_TAG_ZONE");
            assertThat(tag).as("%s: client.tag.zone comes from the pod's zone label", container.where()).contains("$(" + zoneVariable + ")");

            // Where the cluster does not copy the zone label onto pods, the label reads as empty.
            Properties unknownZone = container.config().streamsProperties();
            unknownZone.put(StreamsConfig.clientTagPrefix("zone"), tag.replace("$(" + zoneVariable + ")", ""));
            assertThatCode(() -> new StreamsConfig(unknownZone)).as("%s: Kafka Streams accepts the tag when no zone is known", container.where())
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void shouldRunAnImageThatCannotChangeUnderTheStatefulSet() {
        for (AppContainer container : kubernetesStreamsApps()) {
            String image = container.definition().path("image").asText();

            assertThat(image).as("%s: image (registry/path:version@sha256:digest)", container.where()).matches(IMMUTABLE_IMAGE)
                    .doesNotContain(":latest").doesNotContainIgnoringCase("SNAPSHOT");
        }
    }

    @Test
    void shouldGiveTheApplicationLongerToStopThanItsCloseTakes() {
        Duration close = ProtectionService.CLOSE_TIMEOUT;
        for (AppContainer container : appContainers(App.STREAMS_APP)) {
            Duration grace = container.inCompose()
                    ? composeDuration(container.definition().path("stop_grace_period").asText("10s"))
                    : Duration.ofSeconds(container.workload().node().path("spec").path("template").path("spec")
                            .path("terminationGracePeriodSeconds").asLong(30));

            assertThat(grace).as("%s: time between SIGTERM and SIGKILL, against the close timeout %s", container.where(), close)
                    .isGreaterThan(close);
        }
    }

    @Test
    void shouldHardenThePod() {
        for (AppContainer container : kubernetesStreamsApps()) {
            JsonNode pod = container.workload().node().path("spec").path("template").path("spec");
            JsonNode security = container.definition().path("securityContext");

            assertThat(pod.path("automountServiceAccountToken").asBoolean(true)).as("%s: no service-account token", container.where()).isFalse();
            assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).as("%s: runAsNonRoot", container.where()).isTrue();
            assertThat(pod.path("securityContext").path("fsGroupChangePolicy").asText())
                    .as("%s: no recursive chown of the state volume at each start", container.where()).isEqualTo("OnRootMismatch");
            assertThat(security.path("readOnlyRootFilesystem").asBoolean()).as("%s: read-only root filesystem", container.where()).isTrue();
            assertThat(security.path("allowPrivilegeEscalation").asBoolean(true)).as("%s: allowPrivilegeEscalation", container.where()).isFalse();
            for (JsonNode volume : pod.path("volumes")) {
                if (volume.has("emptyDir")) {
                    assertThat(volume.path("emptyDir").path("sizeLimit").asText(null))
                            .as("%s: sizeLimit of emptyDir %s", container.where(), volume.path("name").asText()).isNotNull();
                }
            }
        }
    }

    @Test
    void shouldKeepClientSecurityInASecretNotTheConfigMap() {
        for (KubernetesObject configMap : kubernetesObjects("ConfigMap")) {
            assertThat(stringMap(configMap.node().path("data")).keySet()).as("%s: security settings belong in a Secret", configMap)
                    .noneMatch(key -> key.startsWith("KAFKA_SASL_") || key.startsWith("KAFKA_SSL_") || key.equals("KAFKA_SECURITY_PROTOCOL"));
        }
        for (AppContainer container : kubernetesStreamsApps()) {
            List<String> secrets = new ArrayList<>();
            container.definition().path("envFrom").forEach(source -> secrets.add(source.path("secretRef").path("name").asText(null)));
            KubernetesObject example = kubernetesObjects("Secret").stream().filter(s -> secrets.contains(s.name())).findFirst()
                    .orElseThrow(() -> new AssertionError(container.where() + ": envFrom names a Secret of which deploy/kubernetes/examples has an example"));

            assertThat(stringMap(example.node().path("stringData"))).as("%s: its keys", example)
                    .containsKeys("KAFKA_SECURITY_PROTOCOL", "KAFKA_SASL_MECHANISM", "KAFKA_SASL_JAAS_CONFIG");
            assertThat(DeployFilesTest.repoPath(example.file())).as("the example is not applied with the directory").contains("/examples/");
        }
    }

    @Test
    void shouldScrapeWithThePodMonitorWhatTheAnnotationsName() {
        List<KubernetesObject> monitors = kubernetesObjects("PodMonitor");
        assertThat(monitors).as("PodMonitors under deploy/kubernetes").isNotEmpty();
        String job = readDocuments(DeployFilesTest.DEPLOY.resolve("prometheus/prometheus-kubernetes.yml")).get(0)
                .path("scrape_configs").get(0).path("job_name").asText();
        for (KubernetesObject monitor : monitors) {
            JsonNode endpoint = monitor.node().path("spec").path("podMetricsEndpoints").get(0);
            AppContainer container = kubernetesStreamsApps().stream()
                    .filter(c -> podLabels(c.workload()).entrySet().containsAll(
                            stringMap(monitor.node().path("spec").path("selector").path("matchLabels")).entrySet()))
                    .findFirst().orElseThrow(() -> new AssertionError(monitor + " selects no streams-app pods"));
            Map<String, String> annotations = stringMap(container.workload().node().path("spec").path("template").path("metadata").path("annotations"));

            assertThat(containerPort(container.definition(), endpoint.path("port"))).as("%s: port", monitor)
                    .isEqualTo(container.config().httpPort()).asString().isEqualTo(annotations.get("prometheus.io/port"));
            assertThat(endpoint.path("path").asText()).as("%s: path", monitor).isEqualTo(annotations.get("prometheus.io/path"));
            List<String> jobs = new ArrayList<>();
            endpoint.path("relabelings").forEach(r -> {
                if (r.path("targetLabel").asText().equals("job")) {
                    jobs.add(r.path("replacement").asText());
                }
            });
            assertThat(jobs).as("%s: the job label the alerts select (%s)", monitor, job).containsExactly(job);
        }
    }

    @Test
    void shouldPublishComposePortsOnLoopbackOnly() {
        List<String> open = new ArrayList<>();
        for (Map.Entry<String, JsonNode> service : fields(compose().path("services"))) {
            for (JsonNode port : service.getValue().path("ports")) {
                boolean loopback = port.isObject() ? port.path("host_ip").asText().equals("127.0.0.1") : port.asText().startsWith("127.0.0.1:");
                if (!loopback) {
                    open.add(service.getKey() + " " + port);
                }
            }
        }
        assertThat(open).as("compose ports published on every interface (the stack has no authentication)").isEmpty();
    }

    @Test
    void shouldRunTheBrokerVersionOfTheKafkaClients() {
        Matcher version = Pattern.compile("<kafka.version>([^<]+)</kafka.version>")
                .matcher(String.join("\n", readLines(DeployFilesTest.ROOT.resolve("pom.xml"))));
        assertThat(version.find()).as("kafka.version in pom.xml").isTrue();

        assertThat(compose().path("services").path("kafka").path("image").asText()).as("compose broker image")
                .isEqualTo("apache/kafka:" + version.group(1));
    }

    // ---------------------------------------------------------------- helpers

    private static List<AppContainer> kubernetesStreamsApps() {
        List<AppContainer> containers = appContainers(App.STREAMS_APP).stream().filter(c -> !c.inCompose()).toList();
        assertThat(containers).as("streams-app containers under deploy/kubernetes").isNotEmpty();
        return containers;
    }

    /** The env entries as written, $(NAME) references unresolved. */
    private static Map<String, String> rawEnvironment(AppContainer container) {
        Map<String, String> raw = new LinkedHashMap<>();
        container.definition().path("env").forEach(v -> raw.put(v.path("name").asText(), v.path("value").asText(null)));
        return raw;
    }

    /** The name of the variable that the downward API fills with a field; fails if none does. */
    private static String downwardVariable(AppContainer container, String fieldPath) {
        for (JsonNode variable : container.definition().path("env")) {
            if (variable.path("valueFrom").path("fieldRef").path("fieldPath").asText().equals(fieldPath)) {
                return variable.path("name").asText();
            }
        }
        throw new AssertionError(container.where() + ": no env variable from the downward API field " + fieldPath);
    }

    private static boolean selects(JsonNode term, Map<String, String> podLabels) {
        Map<String, String> selector = stringMap(term.path("labelSelector").path("matchLabels"));
        return !selector.isEmpty() && podLabels.entrySet().containsAll(selector.entrySet());
    }

    /** Compose durations: 45s, 1m30s, 500ms. */
    private static Duration composeDuration(String text) {
        Matcher part = Pattern.compile("(\\d+)(ms|h|m|s)").matcher(text);
        Duration total = Duration.ZERO;
        while (part.find()) {
            long amount = Long.parseLong(part.group(1));
            total = total.plus(switch (part.group(2)) {
                case "h" -> Duration.ofHours(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "s" -> Duration.ofSeconds(amount);
                default -> Duration.ofMillis(amount);
            });
        }
        return total;
    }
}
