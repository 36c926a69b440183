package io.accountshield.streams.it;

import static io.accountshield.streams.it.LivePipeline.friendAdds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.accountshield.streams.StreamsApp;
import io.accountshield.streams.app.ProtectionService;
import io.accountshield.streams.config.AppConfig;
import io.accountshield.streams.processor.AccountEvents;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.ThreadMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rolling restart of one of two instances under a steady load (18 events a second, a protection
 * every quarter second): with an instance id the restarted instance comes back as the same static
 * member, so the other one never rebalances, keeps deciding for its own partitions throughout, and the
 * restarted one takes its own tasks back and catches up; the decisions are the replay's, none lost or
 * doubled. Without an instance id the same restart rebalances the other instance, which shows the test
 * can tell the two apart. A static member that stops for good keeps its partitions until
 * {@code leave-group} removes it. Figures are printed as "RESTART ..." lines.
 */
class StaticMembershipRestartIT {

    @RegisterExtension
    static final EmbeddedKafka.PerTestClass KAFKA = new EmbeddedKafka.PerTestClass(1);

    /** Four partitions, two per instance; four ID-search adds protect; no release falls due during a run. */
    /**
     * Four partitions; a spammer is four adds. The guard is off: a slow restart (a loaded machine) lets the load
     * run up to 360 spammers, which one task could take more than guard.min-protections of; what is tested here is
     * that no decision is lost or doubled, against a replay that runs without the guard ({@link ReplayOracle}).
     */
    static final Map<String, String> SETTINGS = Map.of(
            "topic.partitions", "4",
            "rule.friend-add-burst.threshold", "4",
            "protection.quiet-period", "PT2M",
            "protection.repeat-quiet-periods", "PT4M",
            "guard.enabled", "false");

    private static final Duration BEFORE_RESTART = Duration.ofSeconds(5);
    private static final Duration SETTLED_FOR = Duration.ofSeconds(3);
    private static final Duration AFTER_RESTART = Duration.ofSeconds(5);
    /** A spammer (four adds, 20 ms apart) starts every quarter second. */
    static final Duration SPAMMER_EVERY = Duration.ofMillis(250);

    @TempDir
    Path dir;

    record RestartRun(List<KafkaStreams.State> survivorStateChanges, Set<Integer> survivorPartitionsBefore,
                      Set<Integer> survivorPartitionsAfter, Set<Integer> restartedPartitionsBefore, Set<Integer> restartedPartitionsAfter,
                      Duration restart, Duration catchUp, Duration survivorLargestGapBefore, Duration survivorLargestGapDuringRestart,
                      Duration restartedLargestGapDuringRestart, int protections) {
    }

    @Test
    void shouldGiveTheRestartedInstanceItsOwnTasksBackWithoutARebalanceWhenItKeepsItsInstanceId() throws Exception {
        RestartRun run = restartOneOfTwo("static", true);

        assertThat(run.survivorStateChanges()).as("the other instance never left RUNNING").isEmpty();
        assertThat(run.survivorPartitionsAfter()).as("the other instance's tasks").isEqualTo(run.survivorPartitionsBefore());
        assertThat(run.restartedPartitionsAfter()).as("the restarted instance's tasks are its own again").isEqualTo(run.restartedPartitionsBefore());
        // Two partitions' worth of protections come about twice a second: a pause of the other instance would show as seconds.
        assertThat(run.survivorLargestGapDuringRestart()).as("the other instance's largest pause in decisions during the restart")
                .isLessThan(Duration.ofMillis(2_500));
        assertThat(run.restartedLargestGapDuringRestart()).as("the restarted instance's partitions wait for the restart only")
                .isLessThan(run.restart().plus(run.catchUp()).plusSeconds(3));
        print("static-member", run);
    }

    @Test
    void shouldRebalanceTheOtherInstanceWhenTheRestartedOneHasNoInstanceId() throws Exception {
        RestartRun run = restartOneOfTwo("dynamic", false);

        assertThat(run.survivorStateChanges()).as("the other instance rebalanced (it took over, then gave back)")
                .contains(KafkaStreams.State.REBALANCING);
        print("dynamic-member", run);
    }

    @Test
    void shouldHandAStoppedStaticMembersPartitionsOverAtOnceWhenItIsRemovedFromTheGroup() throws Exception {
        try (LivePipeline pipeline = new LivePipeline(KAFKA.cluster(), "scale-down", dir, SETTINGS)) {
            ProtectionService staying = pipeline.startInstance(dir.resolve("staying"), instanceSettings("staying", true));
            ProtectionService retired = pipeline.startInstance(dir.resolve("retired"), instanceSettings("retired", true));
            awaitSplit(staying, retired);
            pipeline.stopInstance(retired);
            Thread.sleep(2_000);
            assertThat(activePartitions(staying)).as("a static member that stopped keeps its partitions (session timeout 3 min)").hasSize(2);

            Path config = Files.createTempFile(dir, "leave-group", ".properties");
            List<String> lines = new ArrayList<>();
            pipeline.settings().forEach((key, value) -> lines.add(key + "=" + value));
            Files.write(config, lines, StandardCharsets.UTF_8);
            Instant removed = Instant.now();
            assertThat(StreamsApp.run("leave-group", "--instance-id", "retired", "--config", config.toString())).isZero();

            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> staying.streams().state() == KafkaStreams.State.RUNNING && activePartitions(staying).size() == 4);
            System.out.printf("RESTART scenario=scale-down-leave-group all-partitions-on-the-other-after=%d ms%n",
                    Duration.between(removed, Instant.now()).toMillis());
        }
    }

    /**
     * Two instances share four partitions under the steady load; one is closed as a rolling update closes it
     * and started again with the same settings and state directory. Decisions are compared with the replay.
     */
    private RestartRun restartOneOfTwo(String name, boolean withInstanceIds) throws Exception {
        try (LivePipeline pipeline = new LivePipeline(KAFKA.cluster(), name, dir, SETTINGS);
                DecisionArrivals arrivals = new DecisionArrivals(KAFKA.bootstrapServers(), pipeline.config().topics().protectionApplied())) {
            Map<String, String> survivorSettings = instanceSettings("survivor", withInstanceIds);
            Map<String, String> restartedSettings = instanceSettings("restarted", withInstanceIds);
            ProtectionService survivor = pipeline.startInstance(dir.resolve("survivor"), survivorSettings);
            ProtectionService restarted = pipeline.startInstance(dir.resolve("restarted"), restartedSettings);
            awaitSplit(survivor, restarted);
            Set<Integer> survivorBefore = activePartitions(survivor);
            Set<Integer> restartedBefore = activePartitions(restarted);
            List<KafkaStreams.State> survivorStates = Collections.synchronizedList(new ArrayList<>());
            survivor.addStateListener((newState, oldState) -> survivorStates.add(newState));
            arrivals.start();

            Instant restartBegan;
            Instant restartEnded;
            Duration catchUp;
            List<SpecificRecord> events;
            try (SteadyLoad load = new SteadyLoad(pipeline, load(Instant.now().plusMillis(200), Duration.ofSeconds(60)))) {
                Thread.sleep(BEFORE_RESTART.toMillis());
                restartBegan = Instant.now();
                pipeline.stopInstance(restarted);
                restarted = pipeline.startInstance(dir.resolve("restarted"), restartedSettings);
                restartEnded = Instant.now();
                catchUp = pipeline.awaitConsumedUpToNow(Duration.ofSeconds(60));
                Thread.sleep(AFTER_RESTART.toMillis());
                events = load.stop();
            }
            events.sort(Comparator.comparing(AccountEvents::occurredAt));
            pipeline.awaitAllConsumed();
            awaitSplit(survivor, restarted);
            List<KafkaStreams.State> survivorStateChanges = List.copyOf(survivorStates);

            assertProtectionsAreTheReplays(pipeline, events, dir);
            assertThat(pipeline.released()).as("no release falls due during the run").isEmpty();

            Instant pauseFrom = restartBegan.minusSeconds(1);
            return new RestartRun(survivorStateChanges, survivorBefore, activePartitions(survivor), restartedBefore, activePartitions(restarted),
                    Duration.between(restartBegan, restartEnded), catchUp,
                    arrivals.largestGap(survivorBefore, restartBegan.minus(BEFORE_RESTART).plusSeconds(2), pauseFrom),
                    arrivals.largestGap(survivorBefore, pauseFrom, restartEnded.plus(catchUp).plusSeconds(1)),
                    arrivals.largestGap(restartedBefore, pauseFrom, restartEnded.plus(catchUp).plusSeconds(1)),
                    pipeline.applied().size());
        }
    }

    /**
     * One protection per spammer of the load (none lost, none doubled, no ordinary account), each as
     * the replay of the same events decides it. The load stops mid-burst: a spammer whose four adds
     * were not all sent is not one yet.
     */
    static void assertProtectionsAreTheReplays(LivePipeline pipeline, List<SpecificRecord> events, Path dir) throws Exception {
        long spammers = events.stream().map(AccountEvents::accountId).filter(id -> id.startsWith("spammer-"))
                .collect(Collectors.groupingBy(id -> id, Collectors.counting())).values().stream().filter(adds -> adds == 4).count();
        await().atMost(Duration.ofSeconds(30)).until(() -> pipeline.applied().size() >= spammers);
        Thread.sleep(1_000);
        assertThat(pipeline.applied()).as("one protection per spammer, none doubled, no ordinary account")
                .hasSize((int) spammers)
                .allSatisfy(applied -> assertThat(applied.getAccountId()).startsWith("spammer-"));
        ReplayOracle.Replayed oracle = ReplayOracle.replay(pipeline, events, dir);
        ReplayOracle.assertSameDecisions("protections (time, count, reason)", ReplayOracle.appliedKeys(pipeline.applied()), oracle.applied());
    }

    /** A fixed port advertised as application.server, as a pod's stable name would be, and the instance id when asked. */
    static Map<String, String> instanceSettings(String name, boolean withInstanceId) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Map<String, String> settings = new HashMap<>(Map.of(AppConfig.HTTP_PORT, String.valueOf(port),
                StreamsConfig.APPLICATION_SERVER_CONFIG, "localhost:" + port));
        if (withInstanceId) {
            settings.put(AppConfig.INSTANCE_ID, name);
        }
        return settings;
    }

    /** Spammers (four adds in 60 ms, one starting every quarter second) and ten ordinary accounts adding a friend every five seconds. */
    static List<SpecificRecord> load(Instant start, Duration length) {
        List<SpecificRecord> events = new ArrayList<>();
        long spammers = length.toMillis() / SPAMMER_EVERY.toMillis();
        for (int s = 0; s < spammers; s++) {
            events.addAll(friendAdds("spammer-" + s, 4, start.plus(SPAMMER_EVERY.multipliedBy(s)), Duration.ofMillis(20)));
        }
        for (int o = 0; o < 10; o++) {
            events.addAll(friendAdds("ordinary-" + o, (int) (length.toSeconds() / 5), start.plusMillis(o * 500L), Duration.ofSeconds(5)));
        }
        events.sort(Comparator.comparing(AccountEvents::occurredAt));
        return events;
    }

    /**
     * Waits until {@code settled} has held for {@link #SETTLED_FOR}. Running with its partitions is not
     * yet settled: the group leader was seen to go to RUNNING when it computed the assignment, and
     * through REBALANCING to RUNNING again when its own sync came back (on a loaded machine, a tenth
     * of a second later), which a state listener registered in between counts as a rebalance.
     */
    static void awaitSettled(Callable<Boolean> settled) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).during(SETTLED_FOR).until(settled);
    }

    /** Both run, each with its own half of the partitions. */
    private static void awaitSplit(ProtectionService one, ProtectionService other) {
        awaitSettled(() -> {
            if (one.streams().state() != KafkaStreams.State.RUNNING || other.streams().state() != KafkaStreams.State.RUNNING) {
                return false;
            }
            Set<Integer> mine = activePartitions(one);
            Set<Integer> theirs = activePartitions(other);
            Set<Integer> all = new TreeSet<>(mine);
            all.addAll(theirs);
            return mine.size() == 2 && theirs.size() == 2 && all.size() == 4;
        });
    }

    static Set<Integer> activePartitions(ProtectionService instance) {
        return instance.streams().metadataForLocalThreads().stream().map(ThreadMetadata::activeTasks).flatMap(Set::stream)
                .map(task -> task.taskId().partition()).collect(Collectors.toCollection(TreeSet::new));
    }

    private static void print(String scenario, RestartRun run) {
        System.out.printf("RESTART scenario=%s protections=%d survivor-tasks=%s restarted-tasks=%s->%s survivor-states-during-restart=%s "
                        + "close-to-running=%d ms caught-up-after=%d ms survivor-largest-gap-before=%d ms survivor-largest-gap-during-restart=%d ms "
                        + "restarted-partitions-largest-gap=%d ms%n",
                scenario, run.protections(), run.survivorPartitionsBefore(), run.restartedPartitionsBefore(), run.restartedPartitionsAfter(),
                run.survivorStateChanges(), run.restart().toMillis(), run.catchUp().toMillis(), run.survivorLargestGapBefore().toMillis(),
                run.survivorLargestGapDuringRestart().toMillis(), run.restartedLargestGapDuringRestart().toMillis());
    }

    /** When each protection became visible downstream (read_committed), by partition: the decisions' pace. */
    static final class DecisionArrivals implements AutoCloseable {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final String topic;
        private final Map<Integer, List<Instant>> byPartition = new HashMap<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        DecisionArrivals(String bootstrapServers, String topic) {
            Map<String, Object> properties = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            this.consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            this.topic = topic;
            this.thread = new Thread(this::read, "decision-arrivals");
        }

        void start() {
            thread.start();
        }

        private void read() {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (running.get()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                    synchronized (byPartition) {
                        byPartition.computeIfAbsent(record.partition(), p -> new ArrayList<>()).add(Instant.now());
                    }
                }
            }
        }

        /** The longest time without a decision on these partitions within [from, to], its ends included. */
        Duration largestGap(Set<Integer> partitions, Instant from, Instant to) {
            List<Instant> times = new ArrayList<>(List.of(from, to));
            synchronized (byPartition) {
                partitions.forEach(p -> byPartition.getOrDefault(p, List.of()).stream()
                        .filter(t -> t.isAfter(from) && t.isBefore(to)).forEach(times::add));
            }
            Collections.sort(times);
            Duration largest = Duration.ZERO;
            for (int i = 1; i < times.size(); i++) {
                Duration gap = Duration.between(times.get(i - 1), times.get(i));
                largest = gap.compareTo(largest) > 0 ? gap : largest;
            }
            return largest;
        }

        @Override
        public void close() {
            running.set(false);
            try {
                thread.join();
            } catch (InterruptedException e) {
                // The consumer belongs to the thread until it ends: left open rather than closed under it.
                Thread.currentThread().interrupt();
                return;
            }
            consumer.close();
        }
    }
}
