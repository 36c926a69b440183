package io.accountshield.streams.topology;

import static io.accountshield.streams.topology.TopologyHarness.T0;
import static io.accountshield.streams.topology.TopologyHarness.chatroomCreated;
import static io.accountshield.streams.topology.TopologyHarness.deviceRegistered;
import static io.accountshield.streams.topology.TopologyHarness.friendAdded;
import static io.accountshield.streams.topology.TopologyHarness.spamReported;
import static org.assertj.core.api.Assertions.assertThat;

import io.accountshield.schema.decisions.AccountProtectionStatus;
import io.accountshield.schema.events.FriendSource;
import io.accountshield.schema.decisions.ProtectionReleased;
import io.accountshield.schema.decisions.ProtectionState;
import io.accountshield.schema.decisions.ReleaseKind;
import io.accountshield.schema.state.AccountActivity;
import io.accountshield.streams.time.AccountTimers;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Protection episodes over time: release after the quiet period, pushed out by abuse, kept across a restart. */
class ProtectionLifecycleTest {

    private static final Duration QUIET = Duration.ofHours(24);

    /** The burst below protects at this time (its 100th add). */
    private static final Instant APPLIED_AT = T0.plusMillis(99 * 100);

    @TempDir
    Path tempDir;

    private TopologyHarness harness;

    @AfterEach
    void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void shouldReleaseAutomaticallyOnceWhenTheQuietPeriodPassesWithNoFurtherInput() {
        harness = new TopologyHarness(tempDir);
        harness.friendAdds("spammer", 150, T0, Duration.ofMillis(100));
        Instant lastSuspicious = T0.plusMillis(149 * 100);
        Instant eligible = ceilToMinute(lastSuspicious.plus(QUIET));
        assertThat(harness.applied()).singleElement()
                .satisfies(applied -> assertThat(applied.getReleaseEligibleAt()).isEqualTo(ceilToMinute(APPLIED_AT.plus(QUIET))));
        assertThat(harness.latestStatus("spammer").getReleaseEligibleAt()).isEqualTo(eligible);

        harness.advanceWallClockTo(eligible.minusSeconds(1));
        assertThat(harness.released()).isEmpty();

        harness.advanceWallClockTo(eligible.plus(Duration.ofMinutes(1)));
        assertThat(harness.released()).singleElement().satisfies(released -> {
            assertThat(released.getKind()).isEqualTo(ReleaseKind.AUTO);
            assertThat(released.getReleasedAt()).as("one grace period after eligibility").isEqualTo(eligible.plus(Duration.ofMinutes(1)));
            assertThat(released.getRuleId()).isEqualTo("friend-add-burst");
            assertThat(released.getAppliedAt()).isEqualTo(APPLIED_AT);
            assertThat(released.getProtectedForMillis())
                    .isEqualTo(Duration.between(APPLIED_AT, released.getReleasedAt()).toMillis());
        });

        harness.advanceWallClockBy(Duration.ofDays(3));
        assertThat(harness.released()).as("released exactly once").hasSize(1);
    }

    @Test
    void shouldKeepTheStatusTopicCurrentThroughTheEpisode() {
        harness = new TopologyHarness(tempDir);
        harness.friendAdds("spammer", 100, T0, Duration.ofMillis(100));

        AccountProtectionStatus protectedStatus = harness.latestStatus("spammer");
        assertThat(protectedStatus.getState()).isEqualTo(ProtectionState.PROTECTED);
        assertThat(protectedStatus.getRuleId()).isEqualTo("friend-add-burst");
        assertThat(protectedStatus.getReason()).startsWith("friend-add-burst v4: 100 " + ProtectionRulesTest.COUNTED + " in 5 minutes");
        assertThat(protectedStatus.getAppliedAt()).isEqualTo(APPLIED_AT);
        assertThat(protectedStatus.getReleaseEligibleAt()).isEqualTo(ceilToMinute(APPLIED_AT.plus(QUIET)));
        assertThat(protectedStatus.getReleasePushedOutBy()).contains("1 day after it");
        assertThat(protectedStatus.getProtectionCount()).isEqualTo(1);

        harness.advanceWallClockTo(APPLIED_AT.plus(QUIET).plus(Duration.ofMinutes(2)));

        AccountProtectionStatus releasedStatus = harness.latestStatus("spammer");
        assertThat(releasedStatus.getState()).isEqualTo(ProtectionState.RELEASED);
        assertThat(releasedStatus.getLastReleaseKind()).isEqualTo(ReleaseKind.AUTO);
        assertThat(releasedStatus.getReleaseEligibleAt()).isNull();
        assertThat(releasedStatus.getProtectionCount()).isEqualTo(1);
    }

    @Test
    void shouldPushReleaseOutWhenAbuseContinuesDuringProtection() {
        harness = new TopologyHarness(tempDir);
        harness.friendAdds("spammer", 100, T0, Duration.ofMillis(100));
        Instant secondBurst = T0.plus(Duration.ofHours(12));
        harness.friendAdds("spammer", 100, secondBurst, Duration.ofMillis(100));
        Instant lastSuspicious = secondBurst.plusMillis(99 * 100);

        assertThat(harness.applied()).as("still one episode").hasSize(1);
        assertThat(harness.latestStatus("spammer").getReleaseEligibleAt()).isEqualTo(ceilToMinute(lastSuspicious.plus(QUIET)));

        harness.advanceWallClockTo(APPLIED_AT.plus(QUIET).plus(Duration.ofHours(1)));
        assertThat(harness.released()).as("not released at the original time").isEmpty();

        harness.advanceWallClockTo(lastSuspicious.plus(QUIET).plus(Duration.ofMinutes(2)));
        assertThat(harness.released()).singleElement()
                .satisfies(released -> assertThat(released.getReleasedAt()).isAfterOrEqualTo(lastSuspicious.plus(QUIET)));
    }

    @Test
    void shouldPushReleaseOutOnANewSpamReport() {
        harness = new TopologyHarness(tempDir);
        harness.friendAdds("spammer", 100, T0, Duration.ofMillis(100));
        Instant reportedAt = T0.plus(Duration.ofHours(20));

        harness.send(spamReported("spammer", reportedAt, "victim-1"));

        assertThat(harness.latestStatus("spammer").getReleaseEligibleAt()).isEqualTo(ceilToMinute(reportedAt.plus(QUIET)));
        harness.advanceWallClockTo(reportedAt.plus(QUIET).minusSeconds(30));
        assertThat(harness.released()).isEmpty();
        harness.advanceWallClockTo(reportedAt.plus(QUIET).plus(Duration.ofMinutes(2)));
        assertThat(harness.released()).hasSize(1);
    }

    @Test
    void shouldNotPushReleaseOutForANewDevice() {
        harness = new TopologyHarness(tempDir);
        harness.friendAdds("spammer", 100, T0, Duration.ofMillis(100));

        harness.send(deviceRegistered("spammer", T0.plus(Duration.ofHours(6)), T0.minus(Duration.ofDays(400))));

        assertThat(harness.latestStatus("spammer").getReleaseEligibleAt()).isEqualTo(ceilToMinute(APPLIED_AT.plus(QUIET)));
        harness.advanceWallClockTo(APPLIED_AT.plus(QUIET).plus(Duration.ofMinutes(2)));
        assertThat(harness.released()).hasSize(1);
    }

    @Test
    void shouldPushReleaseOutOnAnyFriendAddOrChatroomWhileProtected() {
        harness = new TopologyHarness(tempDir);
        harness.friendAdds("spammer", 100, T0, Duration.ofMillis(100));
        Instant mutualAdd = T0.plus(Duration.ofHours(6));
        Instant ordinaryRoom = T0.plus(Duration.ofHours(10));

        // Neither comes near a threshold: a protected account is quiet only when it stops trying what the protection restricts.
        harness.send(friendAdded("spammer", mutualAdd, FriendSource.QR_CODE, true));
        assertThat(harness.latestStatus("spammer").getReleaseEligibleAt()).isEqualTo(ceilToMinute(mutualAdd.plus(QUIET)));
        harness.send(chatroomCreated("spammer", ordinaryRoom, 3, 0));
        assertThat(harness.latestStatus("spammer").getReleaseEligibleAt()).isEqualTo(ceilToMinute(ordinaryRoom.plus(QUIET)));
        assertThat(harness.latestStatus("spammer").getReleasePushedOutBy())
                .isEqualTo("any friend-add, chatroom creation or spam report moves the release to 1 day after it");

        harness.advanceWallClockTo(ordinaryRoom.plus(QUIET).minusSeconds(30));
        assertThat(harness.released()).isEmpty();
        harness.advanceWallClockTo(ordinaryRoom.plus(QUIET).plus(Duration.ofMinutes(2)));
        assertThat(harness.released()).hasSize(1);
    }

    @Test
    void shouldStartANewEpisodeWhenAbuseReturnsAfterRelease() {
        harness = new TopologyHarness(tempDir);
        harness.friendAdds("spammer", 100, T0, Duration.ofMillis(100));
        harness.advanceWallClockTo(APPLIED_AT.plus(QUIET).plus(Duration.ofMinutes(2)));

        harness.friendAdds("spammer", 100, T0.plus(Duration.ofDays(2)), Duration.ofMillis(100));

        assertThat(harness.applied()).hasSize(2);
        assertThat(harness.applied().get(1).getProtectionNumber()).isEqualTo(2);
        assertThat(harness.latestStatus("spammer").getProtectionCount()).isEqualTo(2);
    }

    @Test
    void shouldKeepProtectionsAcrossARestartAndReleaseThemOnTime() {
        Map<String, String> survivingDisk = Map.of(
                StreamsConfig.DSL_STORE_SUPPLIERS_CLASS_CONFIG, SurvivingStoreSuppliers.class.getName(),
                SurvivingStoreSuppliers.DISK_CONFIG, tempDir.toString());
        harness = new TopologyHarness(survivingDisk, tempDir, T0);
        harness.friendAdds("spammer", 100, T0, Duration.ofMillis(100));
        harness.friendAdds("ordinary", 3, T0, Duration.ofMinutes(1));
        assertThat(harness.applied()).hasSize(1);

        harness.close();
        harness = new TopologyHarness(survivingDisk, tempDir, T0.plus(Duration.ofHours(1)));

        harness.friendAdds("spammer", 100, T0.plus(Duration.ofHours(2)), Duration.ofMillis(100));
        assertThat(harness.applied()).as("the restarted instance knows the account is already protected").isEmpty();

        Instant eligible = ceilToMinute(T0.plus(Duration.ofHours(2)).plusMillis(99 * 100).plus(QUIET));
        harness.advanceWallClockTo(eligible.minusSeconds(1));
        assertThat(harness.released()).isEmpty();
        harness.advanceWallClockTo(eligible.plus(Duration.ofMinutes(1)));
        assertThat(harness.released()).extracting(ProtectionReleased::getAccountId).containsExactly("spammer");
        assertThat(harness.released().get(0).getAppliedAt()).isEqualTo(APPLIED_AT);
    }

    @Test
    void shouldReleaseOnTimeAfterARestartWithNoFurtherInput() {
        Map<String, String> survivingDisk = Map.of(
                StreamsConfig.DSL_STORE_SUPPLIERS_CLASS_CONFIG, SurvivingStoreSuppliers.class.getName(),
                SurvivingStoreSuppliers.DISK_CONFIG, tempDir.toString());
        harness = new TopologyHarness(survivingDisk, tempDir, T0);
        harness.friendAdds("spammer", 100, T0, Duration.ofMillis(100));
        harness.close();

        harness = new TopologyHarness(survivingDisk, tempDir, T0.plus(Duration.ofHours(3)));
        Instant eligible = ceilToMinute(APPLIED_AT.plus(QUIET));
        harness.advanceWallClockTo(eligible.minusSeconds(1));
        assertThat(harness.released()).isEmpty();
        harness.advanceWallClockTo(eligible.plus(Duration.ofMinutes(1)));

        assertThat(harness.released()).singleElement().satisfies(released -> {
            assertThat(released.getAccountId()).isEqualTo("spammer");
            assertThat(released.getReleasedAt()).isBetween(eligible, eligible.plus(Duration.ofMinutes(1)));
        });
    }

    @Test
    void shouldForgetIdleAccountsOnceNoWindowCanSeeThem() {
        harness = new TopologyHarness(tempDir);
        harness.friendAdds("ordinary", 3, T0, Duration.ofMinutes(1));
        assertThat(harness.driver().getKeyValueStore(ProtectionTopology.ACTIVITY_STORE).get("ordinary")).isNotNull();

        harness.advanceWallClockTo(T0.plus(Duration.ofDays(2)));
        assertThat(activity("ordinary")).as("forgetting follows stream time, which has not moved").isNotNull();

        harness.send(friendAdded("someone-else", T0.plus(Duration.ofDays(2))));
        harness.advanceWallClockBy(Duration.ofMinutes(5));

        assertThat(activity("ordinary")).isNull();
    }

    @Test
    void shouldRememberAReleasedAccountsHistory() {
        harness = new TopologyHarness(tempDir);
        harness.friendAdds("spammer", 100, T0, Duration.ofMillis(100));

        harness.advanceWallClockTo(T0.plus(Duration.ofDays(5)));

        AccountActivity remembered = activity("spammer");
        assertThat(remembered).isNotNull();
        assertThat(remembered.getEpisode()).isNull();
        assertThat(remembered.getProtectionCount()).isEqualTo(1);
        assertThat(remembered.getLastReleaseKind()).isEqualTo(ReleaseKind.AUTO);
        assertThat(remembered.getLastReleasedAtMillis()).isEqualTo(harness.released().get(0).getReleasedAt().toEpochMilli());
    }

    @Test
    void shouldKeepExactlyOneTimerPerAccountAndNoneAfterForgetting() {
        harness = new TopologyHarness(tempDir);
        harness.friendAdds("spammer", 300, T0, Duration.ofMillis(100));
        harness.friendAdds("ordinary", 5, T0, Duration.ofMinutes(10));
        assertThat(timers()).extracting(AccountTimers.Due::accountId).containsExactlyInAnyOrder("spammer", "ordinary");
        assertThat(timers()).allSatisfy(timer -> assertThat(activity(timer.accountId()).getTimerAtMillis()).isEqualTo(timer.wakeAtMillis()));

        // Stream time moves on with another account's events; then the first two can be forgotten.
        harness.advanceWallClockTo(T0.plus(Duration.ofDays(2)));
        harness.send(friendAdded("newcomer", T0.plus(Duration.ofDays(2))));
        harness.advanceWallClockTo(T0.plus(Duration.ofDays(2)).plus(Duration.ofMinutes(5)));

        assertThat(activity("ordinary")).isNull();
        assertThat(timers()).extracting(AccountTimers.Due::accountId).containsExactlyInAnyOrder("spammer", "newcomer");
    }

    @Test
    void shouldNotSplitAnEpisodeWhenAnEventFromJustBeforeTheReleaseArrivesJustAfterIt() {
        harness = new TopologyHarness(tempDir);
        harness.friendAdds("spammer", 100, T0, Duration.ofMillis(100));
        Instant eligible = ceilToMinute(APPLIED_AT.plus(QUIET));
        harness.friendAdds("spammer", 99, eligible.minusSeconds(20), Duration.ofMillis(100));
        harness.send(friendAdded("someone-else", eligible.plusSeconds(2)));

        // Seven seconds out of order, inside the grace period: it belongs before the release.
        harness.sendWithoutMovingClock(friendAdded("spammer", eligible.minusSeconds(5)));
        harness.advanceWallClockTo(eligible.plus(Duration.ofMinutes(5)));

        assertThat(harness.applied()).as("one episode").hasSize(1);
        assertThat(harness.released()).as("pushed out, not released").isEmpty();
        assertThat(harness.latestStatus("spammer").getReleaseEligibleAt()).isEqualTo(ceilToMinute(eligible.minusSeconds(5).plus(QUIET)));
    }

    @Test
    void shouldNotForgetAccountsWhoseEventsALaggingConsumerHasYetToRead() {
        // The consumer is two days behind: the wall clock is far ahead of the events it reads.
        harness = new TopologyHarness(Map.of(), tempDir, T0.plus(Duration.ofDays(2)));
        harness.friendAdds("spammer", 60, T0, Duration.ofMillis(100));
        harness.advanceWallClockBy(Duration.ofMinutes(3));

        harness.friendAdds("spammer", 40, T0.plusSeconds(10), Duration.ofMillis(100));

        assertThat(harness.applied()).as("the first 60 adds still count").hasSize(1);
    }

    @Test
    void shouldNotReleaseWhileALaggingInstanceIsStillReadingTheAbuseThatExtendsIt() {
        // Two hours past the release time the backlog yields (within the 6-hour maximum hold).
        Instant wallClock = T0.plus(Duration.ofHours(26)).plusSeconds(55);
        harness = new TopologyHarness(Map.of(), tempDir, wallClock);
        harness.friendAdds("spammer", 100, T0, Duration.ofMillis(100));

        // Five seconds later the minute's release check runs, in the middle of reading the backlog...
        harness.advanceWallClockBy(Duration.ofSeconds(6));
        // ...which goes on with more of the same burst.
        harness.friendAdds("spammer", 20, T0.plusSeconds(10), Duration.ofMillis(100));

        assertThat(harness.released()).as("not released while the backlog can still push it out").isEmpty();
        assertThat(harness.applied()).as("so not protected a second time").hasSize(1);

        // Once the partition has delivered nothing for a while, it has been read: the release goes out.
        harness.advanceWallClockBy(Duration.ofMinutes(2));
        assertThat(harness.released()).hasSize(1);
    }

    @Test
    void shouldReleaseAHeldProtectionWithTheRecordThatMovesStreamTimeToItsDueTime() {
        harness = new TopologyHarness(Map.of("time.release-check-interval", "PT1S", "time.grace", "PT1S"), tempDir, T0);
        harness.friendAdds("spammer", 100, T0, Duration.ofMillis(100));
        assertThat(harness.applied()).hasSize(1);
        // Protected at T0 + 9.9 s: eligible a quiet period later, at the next whole second; released one grace after that.
        Instant due = T0.plus(QUIET).plusSeconds(11);

        // From here on the pipeline reads other accounts' events 2.5 s after they happen, as a loaded one does.
        Instant releasedAtWallClock = null;
        for (Instant wall = due.minusSeconds(10); wall.isBefore(due.plusSeconds(30)) && releasedAtWallClock == null;
                wall = wall.plusMillis(250)) {
            harness.advanceWallClockTo(wall);
            harness.sendWithoutMovingClock(friendAdded("ordinary-" + wall.toEpochMilli(), wall.minusMillis(2_500)));
            if (!harness.released().isEmpty()) {
                releasedAtWallClock = wall;
            }
        }

        // Held at the due time's check (stream time 2.5 s short), then released by the first record at
        // or past the due time, between checks: not at the next whole-second check, nor after the
        // longest recheck (15 s here).
        assertThat(releasedAtWallClock).isEqualTo(due.plusMillis(2_500));
    }

    @Test
    void shouldReleaseAHeldProtectionOnceTheMaximumHoldHasPassed() {
        // Two days behind: the release was due long before the maximum hold of six hours.
        harness = new TopologyHarness(Map.of(), tempDir, T0.plus(Duration.ofDays(2)).plusSeconds(55));
        harness.friendAdds("spammer", 100, T0, Duration.ofMillis(100));

        harness.advanceWallClockBy(Duration.ofSeconds(6));

        assertThat(harness.released()).as("no one stays restricted because a partition never catches up").hasSize(1);
    }

    private AccountActivity activity(String accountId) {
        KeyValueStore<String, AccountActivity> store = harness.driver().getKeyValueStore(ProtectionTopology.ACTIVITY_STORE);
        return store.get(accountId);
    }

    private List<AccountTimers.Due> timers() {
        KeyValueStore<Bytes, byte[]> store = harness.driver().getKeyValueStore(ProtectionTopology.TIMER_STORE);
        return new AccountTimers(store).dueBy(Long.MAX_VALUE - 1, Integer.MAX_VALUE);
    }

    private static Instant ceilToMinute(Instant instant) {
        long minute = Duration.ofMinutes(1).toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(instant.toEpochMilli() + minute - 1, minute) * minute);
    }
}
