package io.accountshield.streams.topology;

import static io.accountshield.streams.topology.TopologyHarness.T0;
import static io.accountshield.streams.topology.TopologyHarness.friendAdded;
import static io.accountshield.streams.topology.TopologyHarness.spamReported;
import static org.assertj.core.api.Assertions.assertThat;

import io.accountshield.schema.events.FriendAdded;
import io.accountshield.schema.events.SpamReported;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A producer's retry or the messenger's double send: an event id counts once per account. */
class RedeliveredEventsTest {

    @TempDir
    Path tempDir;

    private TopologyHarness harness;

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void shouldNotProtectOnNinetyNineEventsAndARedeliveryButOnTheHundredthDistinctOne() {
        harness = new TopologyHarness(tempDir);
        FriendAdded first = null;
        for (int i = 0; i < 99; i++) {
            FriendAdded added = friendAdded("retrying-client", T0.plusMillis(i * 100L));
            first = first == null ? added : first;
            harness.send(added);
        }
        // The first add again, as a producer retry delivers it: same id, same time, later in the log.
        harness.sendWithoutMovingClock(first);
        assertThat(harness.applied()).as("99 distinct adds and a redelivery").isEmpty();
        assertThat(harness.metric("redelivered-events-skipped-total")).isEqualTo(1.0);

        harness.send(friendAdded("retrying-client", T0.plusMillis(9_950)));
        assertThat(harness.applied()).singleElement().satisfies(applied -> assertThat(applied.getObservedCount()).isEqualTo(100));
    }

    @Test
    void shouldCountARedeliveredSpamReportOnceAndNotLetItPushOutARelease() {
        harness = new TopologyHarness(tempDir);
        SpamReported report = spamReported("reported", T0, "reporter-1");
        harness.send(report);
        harness.send(spamReported("reported", T0.plusSeconds(1), "reporter-2"));
        harness.advanceWallClockTo(T0.plusSeconds(30));
        harness.sendWithoutMovingClock(report);
        assertThat(harness.applied()).as("two reporters and a redelivery are not three").isEmpty();

        harness.friendAdds("spammer", 120, T0.plusSeconds(60), Duration.ofMillis(50));
        Instant releaseBefore = harness.latestStatus("spammer").getReleaseEligibleAt();
        FriendAdded last = friendAdded("spammer", T0.plusSeconds(70));
        harness.send(last);
        Instant pushedTo = harness.latestStatus("spammer").getReleaseEligibleAt();
        harness.advanceWallClockTo(T0.plus(Duration.ofHours(2)));
        harness.sendWithoutMovingClock(last);
        assertThat(harness.latestStatus("spammer").getReleaseEligibleAt()).as("the redelivery moves nothing").isEqualTo(pushedTo)
                .isAfterOrEqualTo(releaseBefore);
    }
}
