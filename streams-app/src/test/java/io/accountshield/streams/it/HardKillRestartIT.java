package io.accountshield.streams.it;

import static io.accountshield.streams.it.StaticMembershipRestartIT.SETTINGS;
import static org.assertj.core.api.Assertions.assertThat;

import io.accountshield.streams.app.ProtectionService;
import io.accountshield.streams.processor.AccountEvents;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The restart a rolling update does not cover: an instance killed outright (SIGKILL, as the kernel
 * kills a container over its memory limit), then started again with the same instance id and state
 * directory, as a StatefulSet restarts its pod. The killed instance's partitions wait for its restart
 * (its open transaction is aborted, its state restored from the changelogs, since exactly-once does not
 * trust what an unclean stop left); no decision is lost or doubled. Unlike a stop that closes
 * ({@link StaticMembershipRestartIT}), the rejoin after a kill costs the group one short rebalance:
 * the restarted instance finds its tasks' state without a checkpoint, treats them as corrupted and
 * asks for one (the group coordinator logs "client reason: Active tasks corrupted"). In it the other
 * instance keeps its tasks and keeps deciding. The killed instance runs
 * the {@code run} command in a JVM of its own ({@link FaultsIT.ChildInstance}); the figures are
 * printed as a "RESTART scenario=hard-kill" line.
 */
class HardKillRestartIT {

    @RegisterExtension
    static final EmbeddedKafka.PerTestClass KAFKA = new EmbeddedKafka.PerTestClass(1);

    @TempDir
    Path dir;

    @Test
    void shouldKeepTheOtherInstanceDecidingAndLoseNoDecisionWhenAStaticMemberIsKilledAndRestarted() throws Exception {
        try (LivePipeline pipeline = new LivePipeline(KAFKA.cluster(), "hard-kill", dir, SETTINGS);
                StaticMembershipRestartIT.DecisionArrivals arrivals = new StaticMembershipRestartIT.DecisionArrivals(KAFKA.bootstrapServers(),
                        pipeline.config().topics().protectionApplied())) {
            ProtectionService survivor = pipeline.startInstance(dir.resolve("survivor"),
                    StaticMembershipRestartIT.instanceSettings("survivor", true));
            FaultsIT.ChildInstance killed = new FaultsIT.ChildInstance(pipeline, dir.resolve("killed"), dir.resolve("killed.properties"),
                    dir.resolve("killed.log"), "killed");
            killed.start();
            try {
                StaticMembershipRestartIT.awaitSettled(() -> survivor.streams().state() == KafkaStreams.State.RUNNING
                        && StaticMembershipRestartIT.activePartitions(survivor).size() == 2);
                Set<Integer> survivorBefore = StaticMembershipRestartIT.activePartitions(survivor);
                Set<Integer> killedPartitions = new TreeSet<>(Set.of(0, 1, 2, 3));
                killedPartitions.removeAll(survivorBefore);
                List<KafkaStreams.State> survivorStates = Collections.synchronizedList(new ArrayList<>());
                survivor.addStateListener((newState, oldState) -> survivorStates.add(newState));
                arrivals.start();

                Instant killedAt;
                Instant runningAgainAt;
                Duration catchUp;
                List<SpecificRecord> events;
                try (SteadyLoad load = new SteadyLoad(pipeline, StaticMembershipRestartIT.load(Instant.now().plusMillis(200), Duration.ofSeconds(90)))) {
                    Thread.sleep(5_000);
                    killedAt = Instant.now();
                    killed.kill();
                    killed.start();
                    runningAgainAt = Instant.now();
                    catchUp = pipeline.awaitConsumedUpToNow(Duration.ofSeconds(60));
                    Thread.sleep(5_000);
                    events = load.stop();
                }
                events.sort(Comparator.comparing(AccountEvents::occurredAt));
                pipeline.awaitAllConsumed();

                // The killed transaction's protections are never read; none is lost.
                StaticMembershipRestartIT.assertProtectionsAreTheReplays(pipeline, events, dir);

                List<KafkaStreams.State> survivorStateChanges = List.copyOf(survivorStates);
                // Unlike a stop that closes, the killed member's rejoin may cost the group one rebalance, in which the other keeps its tasks.
                assertThat(survivorStateChanges).as("the other instance's state changes: none, or one rebalance")
                        .isIn(List.of(), List.of(KafkaStreams.State.REBALANCING, KafkaStreams.State.RUNNING));
                assertThat(StaticMembershipRestartIT.activePartitions(survivor)).as("the other instance's tasks").isEqualTo(survivorBefore);
                Instant pauseFrom = killedAt.minusSeconds(1);
                Instant pauseTo = runningAgainAt.plus(catchUp).plusSeconds(1);
                Duration survivorGap = arrivals.largestGap(survivorBefore, pauseFrom, pauseTo);
                Duration killedGap = arrivals.largestGap(killedPartitions, pauseFrom, pauseTo);
                assertThat(survivorGap).as("the other instance's largest pause in decisions").isLessThan(Duration.ofMillis(2_500));
                Duration restart = Duration.between(killedAt, runningAgainAt);
                assertThat(killedGap).as("the killed instance's partitions wait for its restart and catch-up only")
                        .isLessThan(restart.plus(catchUp).plusSeconds(3));
                System.out.printf("RESTART scenario=hard-kill protections=%d survivor-tasks=%s killed-tasks=%s survivor-states=%s kill-to-running=%d ms "
                                + "caught-up-after=%d ms survivor-largest-gap=%d ms killed-partitions-largest-gap=%d ms%n",
                        pipeline.applied().size(), survivorBefore, killedPartitions, survivorStateChanges, restart.toMillis(), catchUp.toMillis(),
                        survivorGap.toMillis(), killedGap.toMillis());
            } finally {
                killed.stop();
            }
        }
    }
}
