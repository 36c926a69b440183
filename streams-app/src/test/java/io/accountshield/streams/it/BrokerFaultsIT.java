package io.accountshield.streams.it;

import static io.accountshield.streams.it.LivePipeline.friendAdds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.accountshield.streams.it.FaultRunCheck.Outage;
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
 * Broker faults on three brokers with replication factor 3, under a steady load: a broker restarted
 * while releases fall due, then one stopped for good while the next releases fall due. The run is
 * compared with the replay of the same input, and each release may be late by at most the check
 * interval, the idle-partition hold and the outage it met: from the fault until the pipeline had
 * caught up with everything produced before the fault was over (measured).
 */
class BrokerFaultsIT {

    @RegisterExtension
    static final EmbeddedKafka.PerTestClass KAFKA = new EmbeddedKafka.PerTestClass(3);

    @TempDir
    Path dir;

    /** Six spammers, 25 adds in 2.5 s each, half a second apart. */
    private static List<SpecificRecord> burst(String prefix, Instant start) {
        List<SpecificRecord> events = new ArrayList<>();
        for (int s = 0; s < 6; s++) {
            events.addAll(friendAdds(prefix + "spammer-" + s, 25, start.plusMillis(s * 500L), Duration.ofMillis(100)));
        }
        events.sort(Comparator.comparing(AccountEvents::occurredAt));
        return events;
    }

    /** Forty ordinary accounts, each adding a friend every four seconds: ten events a second. */
    private static List<SpecificRecord> steadyLoad(Instant start, Duration length) {
        List<SpecificRecord> events = new ArrayList<>();
        for (int o = 0; o < 40; o++) {
            events.addAll(friendAdds("ordinary-" + o, (int) (length.toSeconds() / 4), start.plusMillis(o * 100L), Duration.ofSeconds(4)));
        }
        events.sort(Comparator.comparing(AccountEvents::occurredAt));
        return events;
    }

    @Test
    void shouldReleaseOnTimeAndDecideAsTheReplayDoesThroughABrokerRestartAndABrokerLostUnderLoad() throws Exception {
        Map<String, String> replicated = Map.of("topic.replication-factor", "3", StreamsConfig.REPLICATION_FACTOR_CONFIG, "3",
                "protection.quiet-period", "PT30S", "protection.repeat-quiet-periods", "PT60S");
        try (LivePipeline pipeline = new LivePipeline(KAFKA.cluster(), "brokers", dir, replicated);
                SteadyLoad load = new SteadyLoad(pipeline, steadyLoad(Instant.now(), Duration.ofMinutes(4)))) {
            pipeline.startInstance(dir.resolve("instance"));
            List<SpecificRecord> all = new ArrayList<>();
            List<Outage> outages = new ArrayList<>();

            List<SpecificRecord> first = burst("a-", Instant.now());
            all.addAll(first);
            pipeline.produce(first);
            await().atMost(Duration.ofSeconds(60)).until(() -> pipeline.applied().size() == 6);
            Instant restartAt = sleepUntilJustBefore(FaultRunCheck.firstDue(pipeline, "a-"));
            KAFKA.cluster().restartBroker(1);
            Duration restart = Duration.between(restartAt, Instant.now());
            Duration restartCatchUp = pipeline.awaitConsumedUpToNow(Duration.ofSeconds(120));
            outages.add(new Outage(restartAt, Instant.now()));
            await().atMost(Duration.ofSeconds(60)).until(() -> pipeline.released().size() == 6);

            List<SpecificRecord> second = burst("b-", Instant.now());
            all.addAll(second);
            pipeline.produce(second);
            await().atMost(Duration.ofSeconds(60)).until(() -> pipeline.applied().size() == 12);
            Instant stopAt = sleepUntilJustBefore(FaultRunCheck.firstDue(pipeline, "b-"));
            KAFKA.cluster().stopBroker(2);
            Duration stop = Duration.between(stopAt, Instant.now());
            Duration stopCatchUp = pipeline.awaitConsumedUpToNow(Duration.ofSeconds(120));
            outages.add(new Outage(stopAt, Instant.now()));
            await().atMost(Duration.ofSeconds(60)).until(() -> pipeline.released().size() == 12);

            all.addAll(load.stop());
            all.sort(Comparator.comparing(AccountEvents::occurredAt));
            pipeline.awaitAllConsumed();
            Duration lateness = FaultRunCheck.checkAgainstOracle(pipeline, all, dir, outages);
            assertThat(pipeline.applied()).as("the spammers, and none of the ordinary accounts").hasSize(12);
            System.out.printf("FAULTS scenario=broker-restart-then-one-of-three-stopped runs=1 lost=0 duplicated=0 early=0 steady-load-events=%d "
                            + "broker-restart=%d ms caught-up-after=%d ms broker-stop=%d ms caught-up-after=%d ms latest-release-late-by=%d ms%n",
                    all.size() - 12 * 25, restart.toMillis(), restartCatchUp.toMillis(), stop.toMillis(), stopCatchUp.toMillis(), lateness.toMillis());
        }
    }

    /** Two seconds before {@code due}, so the fault is under way when the releases fall due. */
    private static Instant sleepUntilJustBefore(Instant due) throws InterruptedException {
        long wait = due.minusSeconds(2).toEpochMilli() - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
        return Instant.now();
    }
}
