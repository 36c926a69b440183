package io.accountshield.sim;

import io.accountshield.sim.metrics.MetricsEndpoint;
import io.accountshield.sim.metrics.SimulatorMetrics;
import io.accountshield.sim.output.EventSink;
import io.accountshield.sim.output.JsonlEventSink;
import io.accountshield.sim.output.KafkaEventSink;
import io.accountshield.sim.output.LabelFile;
import io.accountshield.sim.output.TimeMapping;
import io.accountshield.sim.scenario.Scenario;
import io.accountshield.sim.scenario.ScenarioOptions;
import io.accountshield.sim.traffic.Simulation;
import io.accountshield.streams.CommandFiles;
import io.accountshield.streams.TerminalProgress;
import io.accountshield.streams.config.AppConfig;
import io.accountshield.streams.replay.IsoDurationConverter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.ProducerConfig;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code producer-sim.jar generate}: a scenario's traffic to a JSONL file or to Kafka, with its ground truth. */
@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Generates ordinary life, phone migrations and spam campaigns from a scenario, to a JSONL file "
                + "(the replay format) or to Kafka (Avro), and writes the ground truth (labels) beside them.")
public final class GenerateCommand implements Callable<Integer> {

    /** How scenario time relates to the wall clock. */
    enum ClockMode { fast, realtime, compressed }

    @Spec
    private CommandSpec spec;

    @Mixin
    private ScenarioOptions scenarioOptions;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Destination destination;

    static final class Destination {
        @Option(names = "--out", paramLabel = "EVENTS.jsonl", description = "Write events as JSONL (the replay format); - for standard output.")
        Path out;

        @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", description = "Produce events to Kafka as Avro, to the topics the application reads.")
        String bootstrapServers;
    }

    @Option(names = "--labels", paramLabel = "LABELS.jsonl", description = "Write the ground truth, one account per line.")
    private Path labels;

    @Option(names = "--labels-topic", paramLabel = "TOPIC", description = "With --bootstrap-servers: also produce the ground truth to this topic (JSON).")
    private String labelsTopic;

    @Option(names = "--config", paramLabel = "FILE", description = "The application's configuration file: topic names and Kafka client settings (security).")
    private Path config;

    @Option(names = "--clock", paramLabel = "MODE", defaultValue = "fast",
            description = "fast: as fast as possible, events keep scenario time; realtime: events leave when they happen, "
                    + "stamped with the time they leave; compressed: like realtime, --speed times faster. Default: ${DEFAULT-VALUE}.")
    private ClockMode clock;

    @Option(names = "--speed", paramLabel = "FACTOR", defaultValue = "60",
            description = "With --clock compressed: how many times faster than real time (720 plays three days in six minutes). Default: ${DEFAULT-VALUE}.")
    private double speed;

    @Option(names = "--connect-timeout", paramLabel = "DURATION", defaultValue = "PT15S", converter = IsoDurationConverter.class,
            description = "With --bootstrap-servers: how long to wait for the broker before giving up (ISO-8601). Default: ${DEFAULT-VALUE}.")
    private Duration connectTimeout;

    @Option(names = "--quiet", description = "No progress on the terminal.")
    private boolean quiet;

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "Serve what was produced (by population, kind and type) at http://HOST:PORT/metrics for Prometheus while generating; 0 picks a free port.")
    private Integer metricsPort;

    @Override
    public Integer call() throws IOException {
        if (speed <= 0) {
            throw new ParameterException(spec.commandLine(), "--speed must be greater than 0, was " + speed);
        }
        if (labelsTopic != null && destination.bootstrapServers == null) {
            throw new ParameterException(spec.commandLine(), "--labels-topic needs --bootstrap-servers");
        }
        Scenario scenario = scenarioOptions.load(Map.of());
        PrintWriter terminal = spec.commandLine().getErr();
        long scenarioStart = scenario.start().toEpochMilli();
        TimeMapping time = switch (clock) {
            case fast -> TimeMapping.unchanged(scenarioStart);
            case realtime -> new TimeMapping(scenarioStart, System.currentTimeMillis(), 1.0);
            case compressed -> new TimeMapping(scenarioStart, System.currentTimeMillis(), speed);
        };
        Simulation.Summary summary;
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (MetricsEndpoint endpoint = metricsPort == null ? null : MetricsEndpoint.start(registry, metricsPort);
                EventSink sink = openSink()) {
            if (endpoint != null) {
                terminal.printf("metrics: http://localhost:%d/metrics%n", endpoint.port());
            }
            summary = Simulation.run(scenario, sink, time, clock != ClockMode.fast, progressOn(new TerminalProgress(terminal, quiet)),
                    new SimulatorMetrics(registry));
        }
        long accounts = summary.accountsByKind().values().stream().mapToLong(Long::longValue).sum();
        terminal.printf("generated %,d events for %,d accounts in %.1f s (%,.0f events/s), seed %d; %,d delivered late (up to %,d ms)%n",
                summary.events(), accounts, summary.elapsed().toNanos() / 1e9, summary.eventsPerSecond(), scenario.seed(),
                summary.lateEvents(), scenario.delivery().maxDisorderMillis());
        summary.accountsByKind().forEach((kind, count) -> terminal.printf("  %-28s %,8d accounts%n", kind, count));
        terminal.flush();
        return 0;
    }

    /** The simulation's progress as the terminal shows it: through the scenario, with the time left. */
    static Simulation.ProgressListener progressOn(TerminalProgress progress) {
        return (events, fraction, elapsed, finished) -> {
            if (finished) {
                progress.finish(TerminalProgress.eventsLine(events, fraction, elapsed, "the scenario", true));
            } else {
                progress.events(events, fraction, elapsed, "the scenario");
            }
        };
    }

    private EventSink openSink() throws IOException {
        LabelFile labelFile = labels == null ? null : new LabelFile(CommandFiles.openOutput(labels));
        if (destination.out != null) {
            return new JsonlEventSink(CommandFiles.openOutput(destination.out), labelFile);
        }
        AppConfig appConfig = AppConfig.load(config, System.getenv(), Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, destination.bootstrapServers));
        Properties clientProperties = appConfig.streamsProperties();
        return new KafkaEventSink(clientProperties, appConfig.topics(), labelsTopic, labelFile, connectTimeout);
    }
}
