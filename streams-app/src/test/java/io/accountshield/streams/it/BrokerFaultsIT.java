package io.accountshield.streams.it;

import static io.accountshield.streams.it.LivePipeline.friendAdds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.accountshield.schema.events.FriendAdded;
import io.accountshield.streams.processor.AccountEvents;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Broker faults on three brokers with replication factor 3: a broker restarted during processing,
 * then one stopped for good. The run is compared with the replay of the same input.
 */
class BrokerFaultsIT {

    @RegisterExtension
    static final EmbeddedKafka.PerTestClass KAFKA = new EmbeddedKafka.PerTestClass(3);

    @TempDir
    Path dir;

    private static List<SpecificRecord> burst(String prefix, Instant start) {
        List<SpecificRecord> events = new ArrayList<>();
        for (int s = 0; s < 6; s++) {
            for (SpecificRecord event : friendAdds(prefix + "spammer-" + s, 25, start.plusMillis(s * 500L), Duration.ofMillis(100))) {
                FriendAdded added = (FriendAdded) event;
                events.add(new FriendAdded(prefix + added.getEventId(), added.getAccountId(), added.getOccurredAt(), added.getFriendAccountId(),
                        added.getSource(), added.getMutual(), added.getDeviceId()));
            }
        }
        events.sort(Comparator.comparing(AccountEvents::occurredAt));
        return events;
    }

    @Test
    void shouldDecideAsTheReplayDoesThroughABrokerRestartAndWithOneOfThreeBrokersStopped() throws Exception {
        Map<String, String> replicated = Map.of("topic.replication-factor", "3", StreamsConfig.REPLICATION_FACTOR_CONFIG, "3",
                "protection.quiet-period", "PT30S", "protection.repeat-quiet-periods", "PT60S");
        try (LivePipeline pipeline = new LivePipeline(KAFKA.cluster(), "brokers", dir, replicated)) {
            pipeline.startInstance(dir.resolve("instance"));
            List<SpecificRecord> all = new ArrayList<>();

            List<SpecificRecord> first = burst("a-", Instant.now());
            all.addAll(first);
            pipeline.produce(first.subList(0, first.size() / 2));
            Instant restartAt = Instant.now();
            KAFKA.cluster().restartBroker(1);
            Duration restart = Duration.between(restartAt, Instant.now());
            pipeline.produce(first.subList(first.size() / 2, first.size()));
            await().atMost(Duration.ofSeconds(60)).until(() -> pipeline.applied().size() == 6);

            KAFKA.cluster().stopBroker(2);
            List<SpecificRecord> second = burst("b-", Instant.now());
            all.addAll(second);
            pipeline.produce(second);
            await().atMost(Duration.ofSeconds(60)).until(() -> pipeline.applied().size() == 12);
            await().atMost(Duration.ofSeconds(120)).until(() -> pipeline.released().size() == 12);
            pipeline.awaitAllConsumed();

            ReplayOracle.Replayed oracle = ReplayOracle.replay(pipeline, all, dir);
            assertThat(ReplayOracle.appliedKeys(pipeline.applied())).isEqualTo(oracle.applied());
            assertThat(ReplayOracle.releasedKeys(pipeline.released())).isEqualTo(oracle.released());
            assertThat(pipeline.applied()).hasSize(12);
            assertThat(pipeline.released()).hasSize(12);
            System.out.printf("FAULTS scenario=broker-restart-then-one-of-three-stopped runs=1 lost=0 duplicated=0 broker-restart=%d ms%n",
                    restart.toMillis());
        }
    }
}
