package io.accountshield.sim.demo;

import io.accountshield.streams.CommandFiles;
import io.accountshield.streams.app.TopicCheck;
import io.accountshield.streams.app.TopicLayout;
import io.accountshield.streams.config.AppConfig;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code producer-sim.jar broker}: a local Kafka broker (KRaft, embedded) for trying things by hand, until Ctrl-C. */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = "Starts a local Apache Kafka broker (KRaft, in this process, data in a temporary directory) and keeps it "
                + "running until Ctrl-C, for trying streams-app.jar run and generate --bootstrap-servers by hand.")
public final class BrokerCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--create-topics", description = "Create the application's topics (names and partitions from --config).")
    private boolean createTopics;

    @Option(names = "--config", paramLabel = "FILE", description = "The application's configuration, for --create-topics.")
    private Path config;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path dataDir = Files.createTempDirectory("account-shield-broker-");
        CountDownLatch stopped = new CountDownLatch(1);
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir.resolve("kafka"));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                broker.close();
                CommandFiles.deleteRecursively(dataDir);
            } catch (Exception e) {
                spec.commandLine().getErr().println("while stopping the broker: " + e.getMessage());
            } finally {
                stopped.countDown();
            }
        }, "broker-shutdown"));
        if (createTopics) {
            AppConfig appConfig = AppConfig.load(config, System.getenv(), Map.of(AppConfig.TOPIC_REPLICATION_FACTOR, "1"));
            Properties properties = new Properties();
            properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            try (Admin admin = Admin.create(properties)) {
                List<String> created = new TopicCheck(admin, broker.bootstrapServers(), Duration.ofSeconds(15))
                        .createMissing(TopicLayout.of(appConfig));
                out.println("created topics " + created);
            }
        }
        out.println("Kafka broker (KRaft) listening on " + broker.bootstrapServers() + "; Ctrl-C stops it and removes its data");
        out.flush();
        stopped.await();
        return 0;
    }
}
