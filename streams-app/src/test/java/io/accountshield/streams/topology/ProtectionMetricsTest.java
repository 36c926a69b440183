package io.accountshield.streams.topology;

import static io.accountshield.streams.topology.TopologyHarness.T0;
import static io.accountshield.streams.topology.TopologyHarness.chatroomCreated;
import static io.accountshield.streams.topology.TopologyHarness.friendAdded;
import static io.accountshield.streams.topology.TopologyHarness.spamReported;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.accountshield.schema.events.FriendSource;
import io.accountshield.schema.operator.CommandAction;
import io.accountshield.schema.operator.ReleaseVerdict;
import io.accountshield.streams.metrics.ProtectionMetrics;
import io.accountshield.streams.rules.RuleCatalog;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The business metrics as the topology keeps them: what came in, what was decided, how fast, and what is protected now. */
class ProtectionMetricsTest {

    @TempDir
    Path stateDir;

    private TopologyHarness harness;

    @AfterEach
    void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void shouldCountEventsByTypeAndFriendAddSource() {
        harness = new TopologyHarness(stateDir);
        harness.send(friendAdded("a", T0, FriendSource.CONTACT_SYNC, true));
        harness.send(friendAdded("a", T0.plusSeconds(1), FriendSource.CONTACT_SYNC, true));
        harness.send(friendAdded("b", T0.plusSeconds(2), FriendSource.QR_CODE, false));
        harness.send(chatroomCreated("b", T0.plusSeconds(3), 3, 0));
        harness.send(spamReported("a", T0.plusSeconds(4), "someone"));

        assertThat(harness.metric(ProtectionMetrics.EVENTS, "type", "FriendAdded", "source", "contact_sync")).isEqualTo(2.0);
        assertThat(harness.metric(ProtectionMetrics.EVENTS, "type", "FriendAdded", "source", "qr_code")).isEqualTo(1.0);
        assertThat(harness.metric(ProtectionMetrics.EVENTS, "type", "ChatroomCreated", "source", ProtectionMetrics.NO_SOURCE)).isEqualTo(1.0);
        assertThat(harness.metric(ProtectionMetrics.EVENTS, "type", "SpamReported")).isEqualTo(1.0);
        assertThat(harness.metric(ProtectionMetrics.EVENTS)).isEqualTo(5.0);
    }

    @Test
    void shouldTimeTheDecisionFromTheFiringEventToTheProtectionBeingSent() {
        harness = new TopologyHarness(stateDir);
        // The events arrive ten minutes after they happened, as from a lagging producer.
        harness.advanceWallClockTo(T0.plus(Duration.ofMinutes(10)));
        for (int i = 0; i < 100; i++) {
            harness.sendWithoutMovingClock(friendAdded("spammer", T0.plusMillis(100L * i)));
        }

        assertThat(harness.applied()).hasSize(1);
        assertThat(harness.metric(ProtectionMetrics.PROTECTIONS_APPLIED, "rule", RuleCatalog.FRIEND_ADD_BURST)).isEqualTo(1.0);
        var timer = harness.registry().get(ProtectionMetrics.TIME_TO_DECISION).tag("rule", RuleCatalog.FRIEND_ADD_BURST).timer();
        assertThat(timer.count()).isEqualTo(1);
        Duration expected = Duration.between(T0.plusMillis(9_900), T0.plus(Duration.ofMinutes(10)));
        assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(expected.toMillis(), within(0.5));
    }

    @Test
    void shouldShowProtectionsActiveUntilTheyAreReleasedAndHowLongTheyLasted() {
        harness = new TopologyHarness(stateDir);
        harness.friendAdds("spammer-1", 100, T0, Duration.ofMillis(100));
        harness.friendAdds("spammer-2", 100, T0.plusSeconds(20), Duration.ofMillis(100));
        assertThat(harness.metric(ProtectionMetrics.PROTECTIONS_ACTIVE)).isEqualTo(2.0);

        harness.sendCommand("spammer-2", harness.command(CommandAction.RELEASE, "spammer-2", "a salesman, checked by phone",
                ReleaseVerdict.WRONGFUL, null));
        assertThat(harness.metric(ProtectionMetrics.PROTECTIONS_ACTIVE)).isEqualTo(1.0);
        assertThat(harness.metric(ProtectionMetrics.PROTECTIONS_RELEASED, "kind", "manual")).isEqualTo(1.0);
        assertThat(harness.metric(ProtectionMetrics.OPERATOR_COMMANDS, "action", "release", "result", "applied")).isEqualTo(1.0);

        harness.advanceWallClockBy(Duration.ofDays(2));
        assertThat(harness.released()).hasSize(2);
        assertThat(harness.metric(ProtectionMetrics.PROTECTIONS_ACTIVE)).isZero();
        assertThat(harness.metric(ProtectionMetrics.PROTECTIONS_RELEASED, "kind", "auto")).isEqualTo(1.0);
        var durations = harness.registry().get(ProtectionMetrics.PROTECTION_DURATION).tag("kind", "auto").timer();
        assertThat(durations.count()).isEqualTo(1);
        assertThat(durations.totalTime(TimeUnit.MILLISECONDS))
                .isEqualTo(harness.released().stream().filter(r -> r.getAccountId().equals("spammer-1")).findFirst().orElseThrow()
                        .getProtectedForMillis(), within(0.5));
    }

    @Test
    void shouldShowHowFarTheEarliestWakeUpIsPastDueAndNothingWhenNoneIs() {
        AtomicLong now = new AtomicLong(100_000);
        ProtectionMetrics metrics = new ProtectionMetrics(new SimpleMeterRegistry(), () -> Instant.ofEpochMilli(now.get()));
        ProtectionMetrics.TaskGauges first = metrics.task("0_0");
        ProtectionMetrics.TaskGauges second = metrics.task("0_1");
        var overdue = metrics.registry().get(ProtectionMetrics.WAKE_UPS_OVERDUE).gauge();
        assertThat(overdue.value()).as("no task has a wake-up").isZero();

        first.earliestWakeUp(160_000L);
        second.earliestWakeUp(100_000L);
        assertThat(overdue.value()).as("due just now").isZero();

        now.set(130_000);
        assertThat(overdue.value()).as("the release checks stopped: the earliest is 30 s past due").isEqualTo(30.0);

        second.close();
        assertThat(overdue.value()).as("a task that moved away no longer counts").isZero();
        now.set(161_000);
        assertThat(overdue.value()).isEqualTo(1.0);
    }

    @Test
    void shouldSumActiveProtectionsOverTheTasksAnInstanceRuns() {
        ProtectionMetrics metrics = new ProtectionMetrics(new SimpleMeterRegistry(), Instant::now);
        ProtectionMetrics.TaskGauges first = metrics.task("0_0");
        ProtectionMetrics.TaskGauges second = metrics.task("0_1");
        first.protectedAccounts(3);
        second.protectedAccounts(4);
        var active = metrics.registry().get(ProtectionMetrics.PROTECTIONS_ACTIVE).gauge();
        assertThat(active.value()).isEqualTo(7.0);

        first.close();
        assertThat(active.value()).isEqualTo(4.0);
    }
}
