package io.accountshield.sim.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.accountshield.schema.events.DeviceRegistered;
import io.accountshield.schema.events.FriendAdded;
import io.accountshield.schema.events.FriendSource;
import io.accountshield.schema.serde.AvroSerdes;
import io.accountshield.sim.ProducerSim;
import io.accountshield.streams.api.OperatorTokens;
import io.accountshield.streams.api.Role;
import io.accountshield.streams.app.ProtectionService;
import io.accountshield.streams.config.AppConfig;
import io.accountshield.streams.replay.DefectPlantingWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The dashboards and alerts meet the real thing: the application and the simulator on the embedded
 * broker, a real Prometheus (Debian's package) scraping both on loopback every second and
 * evaluating the alert rules, a scripted run (simulated traffic with campaigns and migrations, a
 * record that is not Avro, a planted defect, an operator's command), and then every Grafana panel's
 * query and both sides of every alert's comparison, over the run, must return data. A renamed
 * metric breaks the build, not a dashboard in production.
 */
class MonitoringIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    private static final double SPEED = 720;
    private static final String TOKEN = OperatorTokens.newToken();

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void shouldAnswerEveryDashboardQueryAndEveryAlertExpressionFromARealPrometheus() throws Exception {
        assertThat(Files.isExecutable(PROMETHEUS)).as("prometheus is missing: install the Debian package 'prometheus' "
                + "(scripts/install-test-tools.sh does)").isTrue();
        Instant started = Instant.now().minusSeconds(5);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"))) {
            AppConfig config = appConfig(broker.bootstrapServers());
            ProtectionService service = ProtectionService.start(config, true);
            try (service) {
                await().atMost(Duration.ofSeconds(60)).until(() -> get(service.healthPort(), "/health/ready").statusCode() == 200);
                // The simulator picks its metrics port and says which; Prometheus is told once it has.
                StringWriter simulatorSays = new StringWriter();
                CommandLine generate = new CommandLine(new ProducerSim()).setErr(new PrintWriter(simulatorSays, true));
                Thread simulator = new Thread(() -> generate.execute("generate",
                        "--bootstrap-servers", broker.bootstrapServers(), "--clock", "compressed", "--speed", String.valueOf(SPEED),
                        "--metrics-port", "0", "--quiet",
                        "--set", "duration=PT6H", "--set", "ordinary.accounts=400", "--set", "migrations.accounts=80",
                        "--set", "campaigns.friendAddFlood.accounts=6", "--set", "campaigns.purchasedList.accounts=4",
                        "--set", "campaigns.lowAndSlow.accounts=4", "--set", "campaigns.chatroomFlood.accounts=4",
                        "--set", "newcomers.accounts=20"), "simulator");
                simulator.start();
                Pattern metricsAt = Pattern.compile("metrics: http://localhost:(\\d+)/metrics");
                await().atMost(Duration.ofSeconds(30)).until(() -> metricsAt.matcher(simulatorSays.toString()).find());
                Matcher simulatorMetrics = metricsAt.matcher(simulatorSays.toString());
                assertThat(simulatorMetrics.find()).isTrue();
                int prometheusPort = freePort();
                Process prometheus = startPrometheus(service.healthPort(), Integer.parseInt(simulatorMetrics.group(1)), prometheusPort);
                try {
                    // Until it has opened its storage and loaded the rules, Prometheus answers its API with a plain-text 503.
                    await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> get(prometheusPort, "/-/ready").statusCode() == 200);
                    produceScriptedEvents(broker.bootstrapServers(), config);
                    String base = "http://127.0.0.1:" + prometheusPort;
                    await().atMost(Duration.ofSeconds(90)).until(() -> value(base, "sum(account_shield_protections_applied_total)") > 0);
                    assertThat(allow(service.healthPort(), "shop-owner-1").statusCode()).isEqualTo(200);
                    simulator.join(Duration.ofMinutes(3).toMillis());
                    assertThat(simulator.isAlive()).as("the simulator finished").isFalse();
                    assertThat(simulatorSays.toString()).as("the simulator's errors").doesNotContain("Exception");
                    // Releases come a quiet period (6.5 h, 33 s at this speed) after protections; a duration histogram
                    // shows once it has grown after its first sample.
                    await().atMost(Duration.ofSeconds(150)).until(() -> value(base,
                            "histogram_quantile(0.5, sum by (le) (increase(account_shield_protection_duration_seconds_bucket[24h])))") > 0);
                    await().atMost(Duration.ofSeconds(60)).until(() -> value(base,
                            "count(kafka_consumer_fetch_manager_records_lag{job=\"account-shield-streams-app\"})") > 0
                            && value(base, "sum(account_shield_operator_commands_total)") > 0
                            && value(base, "sum(account_shield_processing_errors_total)") > 0);

                    List<String> empty = new ArrayList<>();
                    Map<String, String> queries = dashboardQueries();
                    queries.putAll(alertQueries());
                    for (Map.Entry<String, String> query : queries.entrySet()) {
                        if (!hasData(base, query.getValue(), started)) {
                            empty.add(query.getKey() + "\n      " + query.getValue());
                        }
                    }
                    assertThat(empty).as("queries that returned no data over the run (of %d)", queries.size()).isEmpty();
                    assertRulesEvaluateAndTheBadInputAlertsFire(base);
                } finally {
                    prometheus.destroy();
                    prometheus.waitFor();
                }
            }
        }
    }

    private AppConfig appConfig(String servers) throws IOException {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        settings.put(StreamsConfig.APPLICATION_ID_CONFIG, "monitoring-it");
        settings.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("state").toString());
        settings.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "200");
        settings.put(StreamsConfig.PROCESSOR_WRAPPER_CLASS_CONFIG, DefectPlantingWrapper.class.getName());
        settings.put(AppConfig.TOPIC_PARTITIONS, "3");
        settings.put(AppConfig.TOPIC_REPLICATION_FACTOR, "1");
        settings.put(AppConfig.HTTP_PORT, "0");
        settings.put(AppConfig.API_TOKENS, OperatorTokens.entry("ivy", Role.ADMIN, TOKEN));
        settings.put("rule.stranger-adds.mode", "shadow");
        // At 720 times real time: releases 33 s after a protection (no rule may look further back than that).
        settings.put(AppConfig.PROTECTION_QUIET_PERIOD, "PT6H30M");
        settings.put("rule.spam-reports.window", "PT6H");
        AppConfig base = AppConfig.of(settings);
        return base.withOverrides(DemoTiming.scaled(base, SPEED));
    }

    private Process startPrometheus(int appPort, int simulatorPort, int prometheusPort) throws IOException {
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, String.join("\n",
                "global:",
                "  scrape_interval: 1s",
                "  evaluation_interval: 1s",
                "rule_files:",
                "  - " + ROOT.resolve("deploy/prometheus/alerts.yml"),
                "scrape_configs:",
                "  - job_name: account-shield-streams-app",
                "    static_configs:",
                "      - targets: ['127.0.0.1:" + appPort + "']",
                "  - job_name: account-shield-producer-sim",
                "    static_configs:",
                "      - targets: ['127.0.0.1:" + simulatorPort + "']",
                ""), StandardCharsets.UTF_8);
        return new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("tsdb"),
                "--web.listen-address=127.0.0.1:" + prometheusPort)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
    }

    /**
     * What the simulator's traffic may not hold: a record that is not Avro (a dead letter), an event
     * of the account the planted defect fails on (a processing error), and a phone migration with a
     * 25%-mutual address book (a watch): an established account's new device, then 150 contact-sync
     * adds within the (compressed) burst window.
     */
    private static void produceScriptedEvents(String servers, AppConfig config) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        String friends = config.topics().friendAdded();
        var avro = AvroSerdes.anyRecord().serializer();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(friends, "someone", "not avro at all".getBytes(StandardCharsets.UTF_8)));
            FriendAdded probe = new FriendAdded("probe-1", DefectPlantingWrapper.ACCOUNT, Instant.now(), "friend-1", FriendSource.ID_SEARCH, true, "device-1");
            producer.send(new ProducerRecord<>(friends, DefectPlantingWrapper.ACCOUNT, avro.serialize(friends, probe)));

            String mover = "mover-1";
            Instant now = Instant.now();
            String devices = config.topics().deviceRegistered();
            producer.send(new ProducerRecord<>(devices, mover, avro.serialize(devices,
                    new DeviceRegistered("mover-device", mover, now, "phone-2", now.minus(Duration.ofDays(700))))));
            for (int i = 0; i < 150; i++) {
                FriendAdded add = new FriendAdded("mover-add-" + i, mover, now.plusMillis(100 + i), "contact-" + i, FriendSource.CONTACT_SYNC,
                        i % 20 < 5, "phone-2");
                producer.send(new ProducerRecord<>(friends, mover, avro.serialize(friends, add)));
            }
        }
    }

    private HttpResponse<String> allow(int port, String accountId) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/accounts/" + accountId + "/allowlist"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"a verified shop\"}")).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Every panel's queries, by dashboard, panel and refId, with Grafana's variables as an all-instances view sets them. */
    private Map<String, String> dashboardQueries() throws IOException {
        Map<String, String> queries = new TreeMap<>();
        try (Stream<Path> files = Files.list(ROOT.resolve("grafana/dashboards"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JsonNode dashboard = json.readTree(file.toFile());
                for (JsonNode panel : dashboard.path("panels")) {
                    for (JsonNode target : panel.path("targets")) {
                        String expr = target.path("expr").asText().replace("$instance", ".*").replace("$__rate_interval", "1m");
                        queries.put(file.getFileName() + " / " + panel.path("title").asText() + " / " + target.path("refId").asText(), expr);
                    }
                }
            }
        }
        assertThat(queries).as("dashboard queries").hasSizeGreaterThan(20);
        return queries;
    }

    /** Both sides of every alert's comparison. */
    private Map<String, String> alertQueries() throws IOException {
        Map<String, String> queries = new TreeMap<>();
        for (JsonNode group : new YAMLMapper().readTree(ROOT.resolve("deploy/prometheus/alerts.yml").toFile()).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                List<String> operands = PromqlOperands.of(rule.path("expr").asText());
                assertThat(operands).as("queries in alert %s", rule.path("alert").asText()).isNotEmpty();
                for (int i = 0; i < operands.size(); i++) {
                    queries.put("alert " + rule.path("alert").asText() + " / operand " + (i + 1), operands.get(i));
                }
            }
        }
        return queries;
    }

    /** As Grafana asks: a range query over the run, one point a second. */
    private boolean hasData(String base, String query, Instant from) throws Exception {
        // The last step falls on now, not on the whole second before it: a series may have grown since.
        Instant to = Instant.now();
        Instant start = to.minusSeconds(Duration.between(from, to).toSeconds());
        String url = base + "/api/v1/query_range?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8)
                + "&start=" + start.toEpochMilli() / 1000.0 + "&end=" + to.toEpochMilli() / 1000.0 + "&step=1";
        JsonNode answer = json.readTree(http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body());
        if (!answer.path("status").asText().equals("success")) {
            fail("Prometheus refused " + query + ": " + answer.path("error").asText());
        }
        for (JsonNode series : answer.path("data").path("result")) {
            for (JsonNode point : series.path("values")) {
                String value = point.get(1).asText();
                if (!value.equals("NaN")) {
                    return true;
                }
            }
        }
        return false;
    }

    private double value(String base, String query) throws Exception {
        String url = base + "/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8);
        JsonNode result = json.readTree(http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body())
                .path("data").path("result");
        return result.isEmpty() ? 0 : result.get(0).path("value").get(1).asDouble();
    }

    /** Every rule evaluates without error; the dead letter and the planted defect fire their alerts. */
    private void assertRulesEvaluateAndTheBadInputAlertsFire(String base) throws Exception {
        JsonNode groups = json.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/rules")).build(),
                HttpResponse.BodyHandlers.ofString()).body()).path("data").path("groups");
        int rules = 0;
        for (JsonNode group : groups) {
            for (JsonNode rule : group.path("rules")) {
                rules++;
                assertThat(rule.path("health").asText()).as("alert %s: %s", rule.path("name").asText(), rule.path("lastError").asText()).isEqualTo("ok");
            }
        }
        int inFile = 0;
        for (JsonNode group : new YAMLMapper().readTree(ROOT.resolve("deploy/prometheus/alerts.yml").toFile()).path("groups")) {
            inFile += group.path("rules").size();
        }
        assertThat(inFile).as("alert rules in alerts.yml").isGreaterThanOrEqualTo(10);
        assertThat(rules).as("alert rules Prometheus loaded").isEqualTo(inFile);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode alerts = json.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/alerts")).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).path("data").path("alerts");
            List<String> firing = new ArrayList<>();
            alerts.forEach(alert -> {
                if (alert.path("state").asText().equals("firing")) {
                    firing.add(alert.path("labels").path("alertname").asText() + " " + alert.path("labels").path("reason").asText()
                            + alert.path("labels").path("exception").asText());
                }
            });
            assertThat(firing).contains("DeadLettersAppearing not-avro", "DeadLettersAppearing processing-defect",
                    "ProcessingErrors IllegalStateException");
        });
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
