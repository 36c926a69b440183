package io.accountshield.streams.app;

import io.accountshield.streams.config.AppConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code streams-app.jar run}: the production entry point. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs the protection pipeline against a Kafka cluster until stopped (SIGTERM or Ctrl-C close it cleanly). "
                + "Settings: the --config file, then APP_* and KAFKA_* environment variables (see the README's configuration table).")
public final class RunCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file: application settings and Kafka client settings (security included).")
    private Path config;

    @Option(names = "--create-topics", description = "Create missing topics with the partitions and cleanup policies of the README's topics table.")
    private boolean createTopics;

    @Override
    public Integer call() throws Exception {
        AppConfig appConfig = AppConfig.load(config, System.getenv(), Map.of());
        ProtectionService service;
        try {
            service = ProtectionService.start(appConfig, createTopics);
        } catch (StartupException e) {
            throw new io.accountshield.streams.UserInputException(e.getMessage());
        }
        Thread shutdown = new Thread(service::close, "account-shield-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdown);
        boolean failed = service.awaitStop();
        return failed ? 1 : 0;
    }
}
