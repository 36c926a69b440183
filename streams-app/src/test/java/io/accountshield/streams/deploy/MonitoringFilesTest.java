package io.accountshield.streams.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboards and provisioning follow Grafana's JSON model and refer to the provisioned
 * data source; the alert rules pass {@code promtool check} and their unit tests (a firing and a silent
 * case for every alert); the scrape configurations find what compose and Kubernetes run. That every
 * query returns data against a real Prometheus is MonitoringIT's job (producer-sim).
 */
class MonitoringFilesTest {

    /** Tests run in streams-app/. */
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path DASHBOARDS = ROOT.resolve("grafana/dashboards");
    private static final Path DATASOURCES = ROOT.resolve("grafana/provisioning/datasources/prometheus.yaml");
    private static final Path DASHBOARD_PROVIDERS = ROOT.resolve("grafana/provisioning/dashboards/account-shield.yaml");
    private static final Path PROMETHEUS_DIR = ROOT.resolve("deploy/prometheus");
    private static final Path COMPOSE = ROOT.resolve("deploy/compose/compose.yaml");
    private static final Path STATEFULSET = ROOT.resolve("deploy/kubernetes/streams-app-statefulset.yaml");

    private static final String APP_JOB = "account-shield-streams-app";
    private static final String SIM_JOB = "account-shield-producer-sim";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper();

    private static JsonNode yaml(Path file) throws IOException {
        return YAML.readTree(file.toFile());
    }

    private static List<Path> dashboards() throws IOException {
        try (Stream<Path> files = Files.list(DASHBOARDS)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
    }

    private static String provisionedUid() throws IOException {
        JsonNode source = yaml(DATASOURCES).path("datasources").get(0);
        assertThat(source.path("type").asText()).isEqualTo("prometheus");
        return source.path("uid").asText();
    }

    @Test
    void shouldProvideTheThreeDashboardsTheOperatorsNeed() throws IOException {
        Set<String> titles = new TreeSet<>();
        for (Path file : dashboards()) {
            titles.add(JSON.readTree(file.toFile()).path("title").asText());
        }
        assertThat(titles).containsExactlyInAnyOrder("Account Shield: protection overview", "Account Shield: pipeline health",
                "Account Shield: simulator");
    }

    @Test
    void shouldFollowGrafanasDashboardModelWithTheProvisionedDataSource() throws IOException {
        String uid = provisionedUid();
        Set<String> dashboardUids = new HashSet<>();
        for (Path file : dashboards()) {
            JsonNode dashboard = JSON.readTree(file.toFile());
            String name = ROOT.relativize(file).toString();
            assertThat(dashboard.path("uid").asText()).as("%s: uid", name).isNotBlank().hasSizeLessThanOrEqualTo(40);
            assertThat(dashboardUids.add(dashboard.path("uid").asText())).as("%s: a uid no other dashboard has", name).isTrue();
            assertThat(dashboard.path("title").asText()).as("%s: title", name).isNotBlank();
            assertThat(dashboard.path("schemaVersion").asInt()).as("%s: schemaVersion", name).isGreaterThanOrEqualTo(36);
            assertThat(dashboard.path("time").path("from").asText()).as("%s: time range", name).isNotBlank();

            JsonNode instance = null;
            for (JsonNode variable : dashboard.path("templating").path("list")) {
                if (variable.path("name").asText().equals("instance")) {
                    instance = variable;
                }
            }
            assertThat(instance).as("%s: an 'instance' template variable", name).isNotNull();
            assertThat(instance.path("datasource").path("uid").asText()).as("%s: instance variable's data source", name).isEqualTo(uid);
            assertThat(instance.path("includeAll").asBoolean()).as("%s: instance variable offers All", name).isTrue();
            Matcher variableJob = Pattern.compile("job=\"([^\"]+)\"").matcher(instance.path("definition").asText());
            assertThat(variableJob.find()).as("%s: the instance variable lists one job's instances", name).isTrue();
            String ownJob = "job=\"" + variableJob.group(1) + "\"";

            Set<Integer> panelIds = new HashSet<>();
            assertThat(dashboard.path("panels")).as("%s: panels", name).isNotEmpty();
            for (JsonNode panel : dashboard.path("panels")) {
                String where = name + " panel '" + panel.path("title").asText() + "'";
                assertThat(panelIds.add(panel.path("id").asInt())).as("%s: a panel id no other panel of the dashboard has", where).isTrue();
                assertThat(panel.path("id").isInt()).as("%s: numeric id", where).isTrue();
                assertThat(panel.path("type").asText()).as("%s: type", where).isIn("timeseries", "stat");
                assertThat(panel.path("title").asText()).as("%s: title", where).isNotBlank();
                assertThat(panel.path("description").asText()).as("%s: description", where).isNotBlank();
                assertThat(panel.path("fieldConfig").path("defaults").path("unit").asText()).as("%s: unit", where).isNotBlank();
                JsonNode grid = panel.path("gridPos");
                assertThat(grid.path("w").asInt()).as("%s: width", where).isBetween(1, 24);
                assertThat(grid.path("h").asInt()).as("%s: height", where).isPositive();
                assertThat(grid.path("x").asInt() + grid.path("w").asInt()).as("%s: fits the 24 columns", where).isLessThanOrEqualTo(24);
                assertThat(panel.path("datasource").path("uid").asText()).as("%s: data source", where).isEqualTo(uid);
                Set<String> refIds = new HashSet<>();
                assertThat(panel.path("targets")).as("%s: queries", where).isNotEmpty();
                for (JsonNode target : panel.path("targets")) {
                    assertThat(refIds.add(target.path("refId").asText())).as("%s: refIds unique", where).isTrue();
                    assertThat(target.path("datasource").path("uid").asText()).as("%s: query data source", where).isEqualTo(uid);
                    String expr = target.path("expr").asText();
                    assertThat(expr).as("%s: query", where).isNotBlank();
                    if (expr.contains(ownJob)) {
                        assertThat(expr).as("%s: a query on the dashboard's job follows the instance variable", where).contains("$instance");
                    }
                }
            }
        }
    }

    @Test
    void shouldPointTheDataSourceAtComposesPrometheusAndLoadTheDashboardsWhereComposeMountsThem() throws IOException {
        JsonNode compose = yaml(COMPOSE).path("services");
        assertThat(yaml(DATASOURCES).path("datasources").get(0).path("url").asText()).isEqualTo("http://prometheus:9090");
        assertThat(compose.path("prometheus").path("ports").toString()).contains("9090:9090");
        String dashboardsPath = yaml(DASHBOARD_PROVIDERS).path("providers").get(0).path("options").path("path").asText();
        List<String> grafanaVolumes = new ArrayList<>();
        compose.path("grafana").path("volumes").forEach(v -> grafanaVolumes.add(v.asText()));
        assertThat(grafanaVolumes).contains("../../grafana/dashboards:" + dashboardsPath + ":ro", "../../grafana/provisioning:/etc/grafana/provisioning:ro");
    }

    @Test
    void shouldPassPromtoolsChecksAndTheAlertsUnitTests() throws Exception {
        assertThat(promtool("check", "rules", "alerts.yml")).as("promtool check rules alerts.yml").isEmpty();
        assertThat(promtool("test", "rules", "alerts-test.yml")).as("promtool test rules alerts-test.yml").isEmpty();
        assertThat(promtool("check", "config", "prometheus.yml")).as("promtool check config prometheus.yml").isEmpty();
    }

    @Test
    void shouldTestEveryAlertFiringAndStayingSilent() throws IOException {
        Set<String> alerts = new TreeSet<>();
        for (JsonNode group : yaml(PROMETHEUS_DIR.resolve("alerts.yml")).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                alerts.add(rule.path("alert").asText());
                assertThat(rule.path("labels").path("severity").asText()).as("%s: severity", rule.path("alert").asText()).isIn("warning", "critical");
                assertThat(rule.path("annotations").path("summary").asText()).as("%s: summary", rule.path("alert").asText()).isNotBlank();
                assertThat(rule.path("annotations").path("description").asText()).as("%s: what to check", rule.path("alert").asText()).isNotBlank();
            }
        }
        Set<String> firing = new TreeSet<>();
        Set<String> silent = new TreeSet<>();
        for (JsonNode test : yaml(PROMETHEUS_DIR.resolve("alerts-test.yml")).path("tests")) {
            for (JsonNode check : test.path("alert_rule_test")) {
                (check.path("exp_alerts").isEmpty() ? silent : firing).add(check.path("alertname").asText());
            }
        }
        assertThat(alerts).as("alerts").isNotEmpty();
        assertThat(firing).as("alerts with a test in which they fire").containsAll(alerts);
        assertThat(silent).as("alerts with a test in which they stay silent").containsAll(alerts);
    }

    @Test
    void shouldScrapeTheJobsTheAlertsAndDashboardsNameInComposeAndKubernetes() throws IOException {
        Set<String> named = new TreeSet<>();
        Pattern job = Pattern.compile("job=\"([^\"]+)\"");
        List<String> texts = new ArrayList<>();
        texts.add(Files.readString(PROMETHEUS_DIR.resolve("alerts.yml"), StandardCharsets.UTF_8));
        for (Path file : dashboards()) {
            JsonNode dashboard = JSON.readTree(file.toFile());
            dashboard.path("templating").path("list").forEach(variable -> texts.add(variable.path("definition").asText()));
            dashboard.path("panels").forEach(panel -> panel.path("targets").forEach(target -> texts.add(target.path("expr").asText())));
        }
        for (String text : texts) {
            Matcher matcher = job.matcher(text);
            while (matcher.find()) {
                named.add(matcher.group(1));
            }
        }
        assertThat(named).containsExactlyInAnyOrder(APP_JOB, SIM_JOB);
        assertThat(jobNames(PROMETHEUS_DIR.resolve("prometheus.yml"))).contains(APP_JOB, SIM_JOB);
        assertThat(jobNames(PROMETHEUS_DIR.resolve("prometheus-kubernetes.yml"))).as("the simulator does not run in Kubernetes").contains(APP_JOB);
        for (String config : List.of("prometheus.yml", "prometheus-kubernetes.yml")) {
            List<String> rules = new ArrayList<>();
            yaml(PROMETHEUS_DIR.resolve(config)).path("rule_files").forEach(r -> rules.add(r.asText()));
            assertThat(rules).as("%s loads the alert rules", config).containsExactly("alerts.yml");
        }
    }

    @Test
    void shouldScrapeTheSimulatorOnThePortComposeServesItsMetricsOn() throws IOException {
        List<String> command = new ArrayList<>();
        yaml(COMPOSE).path("services").path("producer-sim").path("command").forEach(c -> command.add(c.asText()));
        int flag = command.indexOf("--metrics-port");
        assertThat(flag).as("compose's producer-sim serves metrics").isNotNegative();
        String target = "producer-sim:" + command.get(flag + 1);
        List<String> targets = new ArrayList<>();
        for (JsonNode scrape : yaml(PROMETHEUS_DIR.resolve("prometheus.yml")).path("scrape_configs")) {
            if (scrape.path("job_name").asText().equals(SIM_JOB)) {
                scrape.path("static_configs").forEach(group -> group.path("targets").forEach(t -> targets.add(t.asText())));
            }
        }
        assertThat(targets).containsExactly(target);
    }

    @Test
    void shouldKeepTheStatefulSetsPodsInTheKubernetesScrape() throws IOException {
        // Debian's promtool is built without Kubernetes discovery, so this configuration is checked here.
        JsonNode statefulSet = yaml(STATEFULSET);
        JsonNode podLabels = statefulSet.path("spec").path("template").path("metadata").path("labels");
        JsonNode scrape = null;
        for (JsonNode candidate : yaml(PROMETHEUS_DIR.resolve("prometheus-kubernetes.yml")).path("scrape_configs")) {
            if (candidate.path("job_name").asText().equals(APP_JOB)) {
                scrape = candidate;
            }
        }
        assertThat(scrape).isNotNull();
        JsonNode discovery = scrape.path("kubernetes_sd_configs").get(0);
        assertThat(discovery.path("role").asText()).isEqualTo("pod");
        assertThat(discovery.path("namespaces").path("names").get(0).asText()).isEqualTo(statefulSet.path("metadata").path("namespace").asText());
        boolean kept = false;
        for (JsonNode relabel : scrape.path("relabel_configs")) {
            if (relabel.path("action").asText().equals("keep") && relabel.path("source_labels").get(0).asText()
                    .equals("__meta_kubernetes_pod_label_app_kubernetes_io_name")) {
                String value = podLabels.path("app.kubernetes.io/name").asText() + ";" + podLabels.path("app.kubernetes.io/component").asText();
                assertThat(value).as("the pods' labels match the keep rule").matches(relabel.path("regex").asText());
                kept = true;
            }
        }
        assertThat(kept).as("a keep rule on the pods' labels").isTrue();
    }

    /** Runs promtool in deploy/prometheus; returns what it said when it failed, empty when it passed. */
    private static String promtool(String... arguments) throws Exception {
        Path promtool = Path.of("/usr/bin/promtool");
        assertThat(Files.isExecutable(promtool))
                .as("promtool is missing: install the Debian package 'prometheus' (scripts/install-test-tools.sh does)").isTrue();
        List<String> command = new ArrayList<>();
        command.add(promtool.toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(PROMETHEUS_DIR.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return process.exitValue() == 0 ? "" : output;
    }

    private static Set<String> jobNames(Path config) throws IOException {
        Set<String> jobs = new TreeSet<>();
        yaml(config).path("scrape_configs").forEach(scrape -> jobs.add(scrape.path("job_name").asText()));
        return jobs;
    }
}
