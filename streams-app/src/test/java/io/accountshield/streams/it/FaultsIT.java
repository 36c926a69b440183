package io.accountshield.streams.it;

import static io.accountshield.streams.it.LivePipeline.friendAdds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.accountshield.streams.app.ProtectionService;
import io.accountshield.streams.it.FaultRunCheck.Outage;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults on a real in-process cluster, each run compared with the replay of the same input (the
 * oracle): no decision lost, none doubled, no release early, and releases late by at most the
 * release check interval plus the recovery time (measured and printed, "FAULTS ..." lines). The
 * number of hard kills is {@code -Dfaults.kills=N} (2 in the default run; the {@code faults} Maven
 * profile runs 30).
 */
class FaultsIT {

    @RegisterExtension
    static final EmbeddedKafka.PerTestClass KAFKA = new EmbeddedKafka.PerTestClass(1);

    @TempDir
    Path dir;

    /** Eight spammers (25 adds in 2.5 s each, starting a second apart) and twenty ordinary accounts. */
    private static List<SpecificRecord> scenario(Instant start) {
        List<SpecificRecord> events = new ArrayList<>();
        for (int s = 0; s < 8; s++) {
            events.addAll(friendAdds("spammer-" + s, 25, start.plusSeconds(s), Duration.ofMillis(100)));
        }
        for (int o = 0; o < 20; o++) {
            events.addAll(friendAdds("ordinary-" + o, 3, start.plusMillis(o * 400L), Duration.ofSeconds(3)));
        }
        events.sort(Comparator.comparing(io.accountshield.streams.processor.AccountEvents::occurredAt));
        return events;
    }

    @Test
    void shouldReleaseEachProtectionOnceFromTheSurvivorWhenOneOfTwoInstancesStopsWhileReleasesAreDue() throws Exception {
        try (LivePipeline pipeline = new LivePipeline(KAFKA.cluster(), "stop-one", dir, Map.of())) {
            pipeline.startInstance(dir.resolve("one"));
            ProtectionService two = pipeline.startInstance(dir.resolve("two"));
            List<SpecificRecord> events = scenario(Instant.now());
            pipeline.produce(events);
            await().atMost(Duration.ofSeconds(60)).until(() -> pipeline.applied().size() == 8);

            // The first releases fall due 20 s (the quiet period) and a grace period after the bursts: stop one instance just before.
            Instant firstDue = FaultRunCheck.firstDue(pipeline, "");
            await().atMost(Duration.ofSeconds(60)).until(() -> Instant.now().isAfter(firstDue.minusSeconds(2)));
            Instant stoppedAt = Instant.now();
            assertThat(stoppedAt).as("stopped before any release fell due").isBefore(firstDue);
            assertThat(ownedBy(two, 8)).as("the stopped instance owned protected accounts whose releases were due").isPositive();
            pipeline.stopInstance(two);

            await().atMost(Duration.ofSeconds(90)).until(() -> pipeline.released().size() >= 8);
            pipeline.awaitAllConsumed();
            // Recovery: the survivor takes the stopped instance's partitions over (it left the group) and restores them,
            // and holds their releases until it has read them (time.idle-partition, 3 s).
            Duration lateness = FaultRunCheck.checkAgainstOracle(pipeline, events, dir, List.of(new Outage(stoppedAt, stoppedAt.plusSeconds(10))));
            System.out.printf("FAULTS scenario=stop-one-of-two runs=1 lost=0 duplicated=0 early=0 latest-release-late-by=%d ms (stopped %s before the first due)%n",
                    lateness.toMillis(), Duration.between(stoppedAt, firstDue).toMillis() + " ms");
        }
    }

    @Test
    void shouldRestoreFromTheChangelogWhenTheStateDirectoryIsLostAndStillReleaseOnTime() throws Exception {
        List<SpecificRecord> events = scenario(Instant.now());
        try (LivePipeline pipeline = new LivePipeline(KAFKA.cluster(), "lost-state", dir, Map.of())) {
            Path stateDir = dir.resolve("instance");
            ProtectionService first = pipeline.startInstance(stateDir);
            pipeline.produce(events);
            await().atMost(Duration.ofSeconds(60)).until(() -> pipeline.applied().size() == 8);
            pipeline.awaitAllConsumed();

            Instant stoppedBefore = Instant.now();
            pipeline.stopInstance(first);
            deleteRecursively(stateDir);
            assertThat(stateDir).doesNotExist();
            Instant restartedAt = Instant.now();
            pipeline.startInstance(stateDir);
            Duration recovery = Duration.between(restartedAt, Instant.now());

            await().atMost(Duration.ofSeconds(90)).until(() -> pipeline.released().size() >= 8);
            pipeline.awaitAllConsumed();
            Duration lateness = FaultRunCheck.checkAgainstOracle(pipeline, events, dir, List.of(new Outage(stoppedBefore, restartedAt.plus(recovery))));
            System.out.printf("FAULTS scenario=lost-state-directory runs=1 lost=0 duplicated=0 early=0 restore-and-rejoin=%d ms latest-release-late-by=%d ms%n",
                    recovery.toMillis(), lateness.toMillis());
        }
    }

    @Test
    void shouldDecideAsTheReplayDoesWhenAnInstanceIsKilledHardDuringBursts() throws Exception {
        int kills = Integer.getInteger("faults.kills", 2);
        Random random = new Random(kills);
        try (LivePipeline pipeline = new LivePipeline(KAFKA.cluster(), "hard-kills", dir, Map.of())) {
            // Creates the topics, then leaves the work to a separate JVM that can be killed without closing.
            pipeline.stopInstance(pipeline.startInstance(dir.resolve("creator")));
            ChildInstance child = new ChildInstance(pipeline, dir.resolve("child-state"), dir.resolve("child.properties"),
                    Path.of("target", "faults-child-" + System.currentTimeMillis() + ".log"));
            try {
                child.start();
                List<SpecificRecord> all = new ArrayList<>();
                long longestRecovery = 0;
                long totalDowntime = 0;
                List<Outage> outages = new ArrayList<>();
                for (int round = 0; round < kills; round++) {
                    String prefix = "r" + round + "-";
                    List<SpecificRecord> events = scenario(Instant.now());
                    events.replaceAll(event -> renamed(event, prefix));
                    all.addAll(events);
                    Thread producer = new Thread(() -> FaultRunCheck.producePaced(pipeline, events));
                    producer.start();
                    Thread.sleep(500 + random.nextInt(3_000));
                    long killedAt = System.nanoTime();
                    Instant killed = Instant.now();
                    child.kill();
                    child.start();
                    outages.add(new Outage(killed, Instant.now()));
                    long down = (System.nanoTime() - killedAt) / 1_000_000;
                    longestRecovery = Math.max(longestRecovery, down);
                    totalDowntime += down;
                    producer.join();
                }
                int expectedProtections = 8 * kills;
                await().atMost(Duration.ofSeconds(120)).until(() -> pipeline.applied().size() >= expectedProtections
                        && pipeline.released().size() >= expectedProtections);
                pipeline.awaitAllConsumed();
                // A release due while the instance is away comes when it is back: each is allowed the outages it met.
                Duration lateness = FaultRunCheck.checkAgainstOracle(pipeline, all, dir, outages);
                System.out.printf("FAULTS scenario=hard-kill-during-bursts runs=%d lost=0 duplicated=0 early=0 longest-kill-to-running=%d ms "
                        + "total-downtime=%d ms latest-release-late-by=%d ms%n", kills, longestRecovery, totalDowntime, lateness.toMillis());
            } finally {
                child.kill();
            }
        }
    }

    /** How many of the first {@code spammers} spammers' accounts the instance owns. */
    private static long ownedBy(ProtectionService instance, int spammers) {
        return java.util.stream.IntStream.range(0, spammers).filter(s -> instance.streams().queryMetadataForKey(
                        io.accountshield.streams.topology.ProtectionTopology.ACTIVITY_STORE, "spammer-" + s,
                        new org.apache.kafka.common.serialization.StringSerializer()).activeHost().port() == instance.healthPort())
                .count();
    }

    private static SpecificRecord renamed(SpecificRecord event, String prefix) {
        io.accountshield.schema.events.FriendAdded added = (io.accountshield.schema.events.FriendAdded) event;
        return new io.accountshield.schema.events.FriendAdded(prefix + added.getEventId(), prefix + added.getAccountId(), added.getOccurredAt(),
                added.getFriendAccountId(), added.getSource(), added.getMutual(), added.getDeviceId());
    }

    private static void deleteRecursively(Path path) throws IOException {
        try (Stream<Path> paths = Files.walk(path)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** streams-app's run command in a JVM of its own, which a test can halt without letting it close. */
    static final class ChildInstance {
        private final Path config;
        private final Path log;
        private final int port;
        private Process process;

        ChildInstance(LivePipeline pipeline, Path stateDir, Path config, Path log) throws IOException {
            this(pipeline, stateDir, config, log, null);
        }

        /** @param instanceId its {@code instance.id} (a static member, advertising its own address), or null for none */
        ChildInstance(LivePipeline pipeline, Path stateDir, Path config, Path log, String instanceId) throws IOException {
            this.config = config;
            this.log = log;
            try (ServerSocket socket = new ServerSocket(0)) {
                this.port = socket.getLocalPort();
            }
            List<String> lines = new ArrayList<>();
            pipeline.settings().forEach((key, value) -> lines.add(key + "=" + value));
            lines.add(StreamsConfig.STATE_DIR_CONFIG + "=" + stateDir);
            lines.add("http.port=" + port);
            if (instanceId != null) {
                lines.add(io.accountshield.streams.config.AppConfig.INSTANCE_ID + "=" + instanceId);
                lines.add(StreamsConfig.APPLICATION_SERVER_CONFIG + "=localhost:" + port);
            }
            Files.write(config, lines, StandardCharsets.UTF_8);
        }

        void start() throws Exception {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            process = new ProcessBuilder(java, "-Xmx384m", "-cp", System.getProperty("java.class.path"), "io.accountshield.streams.StreamsApp",
                    "run", "--config", config.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            HttpClient http = HttpClient.newHttpClient();
            // A restarted member waits out the killed one's session (45 s) before it gets partitions and runs.
            await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(200)).until(() -> {
                assertThat(process.isAlive()).as("the child JVM runs (see %s)", log).isTrue();
                try {
                    return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/health/ready"))
                                    .timeout(Duration.ofSeconds(2)).build(),
                            HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
                } catch (IOException notYet) {
                    return false;
                }
            });
        }

        /** SIGKILL: no close, no commit, no leaving the group. */
        void kill() throws InterruptedException {
            if (process != null) {
                process.destroyForcibly();
                process.waitFor();
            }
        }

        /** SIGTERM, as a stop sends it: the application closes; SIGKILL if it has not within 45 s. */
        void stop() throws InterruptedException {
            if (process != null && process.isAlive()) {
                process.destroy();
                if (!process.waitFor(45, java.util.concurrent.TimeUnit.SECONDS)) {
                    kill();
                }
            }
        }
    }
}
