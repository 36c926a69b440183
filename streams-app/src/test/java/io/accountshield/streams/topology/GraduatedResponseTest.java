package io.accountshield.streams.topology;

import static io.accountshield.streams.topology.TopologyHarness.T0;
import static io.accountshield.streams.topology.TopologyHarness.chatroomCreated;
import static io.accountshield.streams.topology.TopologyHarness.deviceRegistered;
import static io.accountshield.streams.topology.TopologyHarness.friendAdded;
import static io.accountshield.streams.topology.TopologyHarness.spamReported;
import static org.assertj.core.api.Assertions.assertThat;

import io.accountshield.streams.metrics.ProtectionMetrics;
import io.accountshield.schema.decisions.ReleaseKind;
import io.accountshield.schema.events.FriendSource;
import io.accountshield.streams.rules.RuleCatalog;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What happens short of a plain protection: watches, shadow rules, the allowlist and the escalation ladder. */
class GraduatedResponseTest {

    private static final Instant SYNC_START = T0.plusSeconds(10);

    @TempDir
    Path stateDir;

    private TopologyHarness harness;

    @AfterEach
    void stop() {
        harness.close();
    }

    /** An established account moves to a new phone; its book is only 25% mutual: sparse, but not a list. */
    private void lowMutualMigration(String accountId) {
        harness.send(deviceRegistered(accountId, T0, T0.minus(Duration.ofDays(700))));
        for (int i = 0; i < 150; i++) {
            harness.send(friendAdded(accountId, SYNC_START.plusMillis(100L * i), FriendSource.CONTACT_SYNC, i % 20 < 5));
        }
    }

    @Test
    void shouldWatchALowMutualSyncAfterANewDeviceInsteadOfProtectingIt() {
        harness = new TopologyHarness(stateDir);
        lowMutualMigration("mover");

        assertThat(harness.applied()).isEmpty();
        assertThat(harness.watches()).singleElement().satisfies(watch -> {
            assertThat(watch.getRuleId()).isEqualTo(RuleCatalog.FRIEND_ADD_BURST);
            assertThat(watch.getObservedCount()).isEqualTo(150);
            assertThat(watch.getReason()).contains("would have reached the threshold of 100 had the account not just moved to a new device")
                    .contains("account 700 days old");
            assertThat(watch.getWatchUntil()).isEqualTo(watch.getWatchedAt().plus(Duration.ofHours(24)));
            assertThat(watch.getEscalatesOn()).startsWith("spam reports from 2 different people").contains("chatroom");
        });
        assertThat(harness.metric(ProtectionMetrics.WATCHES_STARTED, "rule", RuleCatalog.FRIEND_ADD_BURST)).isEqualTo(1.0);

        // Ordinary life afterwards does not escalate it.
        harness.send(friendAdded("mover", T0.plus(Duration.ofHours(3)), FriendSource.QR_CODE, false));
        harness.send(chatroomCreated("mover", T0.plus(Duration.ofHours(4)), 4, 1));
        assertThat(harness.applied()).isEmpty();
    }

    @Test
    void shouldProtectAWatchedAccountWhenTwoPeopleReportIt() {
        harness = new TopologyHarness(stateDir);
        lowMutualMigration("mover");
        Instant reported = T0.plus(Duration.ofHours(2));

        harness.send(spamReported("mover", reported, "victim-1"));
        harness.send(spamReported("mover", reported.plusSeconds(30), "victim-1"));
        assertThat(harness.applied()).as("one person reporting, even twice, is one report").isEmpty();
        harness.send(spamReported("mover", reported.plusSeconds(60), "victim-2"));

        assertThat(harness.applied()).singleElement().satisfies(applied -> {
            assertThat(applied.getRuleId()).isEqualTo(RuleCatalog.FRIEND_ADD_BURST);
            assertThat(applied.getWatchedSince()).isEqualTo(harness.watches().get(0).getWatchedAt());
            assertThat(applied.getAppliedAt()).isEqualTo(reported.plusSeconds(60));
            assertThat(applied.getReason()).contains("watched since").endsWith("then spam reports from 2 people (victim-1, victim-2)");
            assertThat(applied.getSignals()).as("the watched burst's signals, not the empty window hours later")
                    .containsEntry("contactSyncAdds", 150L).containsEntry("mutualContactSyncAdds", 40L);
        });
        assertThat(harness.metric(ProtectionMetrics.WATCHES_ENDED, "outcome", "escalated")).isEqualTo(1.0);
    }

    @Test
    void shouldNotProtectAWatchedMigrationOnOneStrayReport() {
        harness = new TopologyHarness(stateDir);
        lowMutualMigration("shop-owner");

        harness.send(spamReported("shop-owner", T0.plus(Duration.ofHours(3)), "annoyed-customer"));

        assertThat(harness.applied()).isEmpty();
        assertThat(harness.state("shop-owner").getWatch()).as("still watched").isNotNull();
    }

    @Test
    void shouldProtectOnOneReportAWatchedAccountThatWasProtectedBefore() {
        harness = new TopologyHarness(stateDir);
        harness.friendAdds("mover", 100, T0, Duration.ofMillis(100));
        harness.advanceWallClockBy(Duration.ofDays(2));
        assertThat(harness.released()).as("protected once, and released").hasSize(1);
        Instant moved = T0.plus(Duration.ofDays(3));
        harness.send(deviceRegistered("mover", moved, T0.minus(Duration.ofDays(700))));
        for (int i = 0; i < 150; i++) {
            harness.send(friendAdded("mover", moved.plusSeconds(10).plusMillis(100L * i), FriendSource.CONTACT_SYNC, i % 20 < 5));
        }
        assertThat(harness.watches()).singleElement()
                .satisfies(watch -> assertThat(watch.getEscalatesOn()).startsWith("a spam report (the account was protected before)"));

        harness.send(spamReported("mover", moved.plus(Duration.ofHours(2)), "victim-1"));

        assertThat(harness.applied()).hasSize(2);
        assertThat(harness.applied().get(1).getReason()).endsWith("then a spam report from victim-1");
    }

    @Test
    void shouldProtectAWatchedAccountThatFillsAChatroomWithStrangers() {
        harness = new TopologyHarness(stateDir);
        lowMutualMigration("mover");

        harness.send(chatroomCreated("mover", T0.plus(Duration.ofHours(4)), 6, 4));
        assertThat(harness.applied()).as("a small group with four strangers: a shop's customers, perhaps").isEmpty();
        harness.send(chatroomCreated("mover", T0.plus(Duration.ofHours(5)), 12, 9));

        assertThat(harness.applied()).singleElement()
                .satisfies(applied -> assertThat(applied.getReason()).endsWith("then a chatroom in which 9 of 12 members are not friends"));
    }

    @Test
    void shouldNotEscalateAWatchThatHasEnded() {
        harness = new TopologyHarness(stateDir);
        lowMutualMigration("mover");

        harness.send(spamReported("mover", T0.plus(Duration.ofHours(25)), "victim-1"));

        assertThat(harness.applied()).isEmpty();
        assertThat(harness.metric(ProtectionMetrics.WATCHES_ENDED, "outcome", "let-through")).as("the burst was let through").isEqualTo(1.0);
        assertThat(harness.metric(ProtectionMetrics.WATCHES_ENDED, "outcome", "escalated")).isZero();
        assertThat(harness.state("mover").getWatch()).as("the watch that ran out is gone").isNull();
    }

    @Test
    void shouldCountAWatchThatRunsOutWithoutAnotherEventWhenTheAccountIsForgotten() {
        harness = new TopologyHarness(stateDir);
        lowMutualMigration("mover");
        // Stream time moves on with others' events; the mover sends nothing more.
        harness.send(friendAdded("someone-else", T0.plus(Duration.ofHours(23))));
        assertThat(harness.metric(ProtectionMetrics.WATCHES_ENDED)).as("still watched").isZero();

        harness.send(friendAdded("someone-else", T0.plus(Duration.ofHours(49))));
        // The partition had been idle for 26 hours before that record, so the mover's next wake may be up to that far off.
        harness.advanceWallClockBy(Duration.ofHours(26));

        assertThat(harness.state("mover")).as("forgotten").isNull();
        assertThat(harness.metric(ProtectionMetrics.WATCHES_ENDED, "outcome", "let-through")).isEqualTo(1.0);
    }

    @Test
    void shouldReportWhatAShadowRuleWouldHaveDoneAndRestrictNothing() {
        harness = new TopologyHarness(Map.of("rule.stranger-adds.mode", "shadow", "rule.stranger-add-streak.enabled", "false"), stateDir, T0);

        for (int i = 0; i < 40; i++) {
            harness.send(friendAdded("trial", T0.plus(Duration.ofMinutes(i)), FriendSource.ID_SEARCH, false));
        }

        assertThat(harness.applied()).isEmpty();
        assertThat(harness.shadowProtections()).as("one per would-be protection, however long it goes on").singleElement().satisfies(shadow -> {
            assertThat(shadow.getRuleId()).isEqualTo(RuleCatalog.STRANGER_ADDS);
            assertThat(shadow.getObservedCount()).isEqualTo(12);
            assertThat(shadow.getWouldApplyAt()).isEqualTo(T0.plus(Duration.ofMinutes(11)));
            assertThat(shadow.getAlreadyProtected()).isFalse();
        });
        assertThat(harness.metric(ProtectionMetrics.SHADOW_PROTECTIONS)).isEqualTo(1.0);

        // A quiet period later, the rule would have protected it again.
        Instant again = T0.plus(Duration.ofMinutes(39)).plus(Duration.ofDays(1)).plus(Duration.ofMinutes(5));
        for (int i = 0; i < 12; i++) {
            harness.send(friendAdded("trial", again.plus(Duration.ofMinutes(i)), FriendSource.ID_SEARCH, false));
        }
        assertThat(harness.shadowProtections()).hasSize(2);
        assertThat(harness.applied()).isEmpty();
    }

    @Test
    void shouldNeverProtectAnAllowlistedAccount() {
        harness = new TopologyHarness(stateDir);
        harness.allowlist("shop", "verified business", "agent-7", T0);

        harness.friendAdds("shop", 300, T0.plusSeconds(1), Duration.ofMillis(100));

        assertThat(harness.applied()).isEmpty();
        assertThat(harness.metric(ProtectionMetrics.ALLOWLISTED_FINDINGS_SKIPPED)).isGreaterThanOrEqualTo(1.0);

        harness.removeFromAllowlist("shop", T0.plusSeconds(60));
        harness.send(friendAdded("shop", T0.plusSeconds(61)));
        assertThat(harness.applied()).as("off the list, the same burst protects it").hasSize(1);
    }

    @Test
    void shouldReleaseAProtectedAccountOnceItIsAllowlisted() {
        harness = new TopologyHarness(stateDir);
        harness.friendAdds("shop", 100, T0, Duration.ofMillis(100));
        assertThat(harness.applied()).hasSize(1);

        harness.allowlist("shop", "verified business", "agent-7", T0.plusSeconds(30));
        harness.send(friendAdded("shop", T0.plusSeconds(40)));

        assertThat(harness.released()).singleElement().satisfies(released -> {
            assertThat(released.getKind()).isEqualTo(ReleaseKind.MANUAL);
            assertThat(released.getReleasedBy()).isEqualTo("agent-7");
            assertThat(released.getReleaseReason()).isEqualTo("allowlisted: verified business");
        });
    }

    @Test
    void shouldGiveRepeatOffendersLongerQuietPeriods() {
        harness = new TopologyHarness(stateDir);
        Instant second = T0.plus(Duration.ofDays(3));
        Instant third = second.plus(Duration.ofDays(5));

        harness.friendAdds("repeat", 100, T0, Duration.ofMillis(100));
        harness.advanceWallClockTo(second);
        harness.friendAdds("repeat", 100, second, Duration.ofMillis(100));
        harness.advanceWallClockTo(third);
        harness.friendAdds("repeat", 100, third, Duration.ofMillis(100));

        assertThat(harness.applied()).extracting(applied -> applied.getQuietPeriodMillis())
                .containsExactly(Duration.ofDays(1).toMillis(), Duration.ofDays(3).toMillis(), Duration.ofDays(7).toMillis());
        assertThat(harness.released()).hasSize(2);
        assertThat(harness.latestStatus("repeat").getReleasePushedOutBy())
                .isEqualTo("any friend-add, chatroom creation or spam report moves the release to 7 days after it "
                        + "(protection number 3: repeat offenders wait longer)");
        Instant lastAdd = third.plusMillis(99 * 100);
        harness.advanceWallClockTo(lastAdd.plus(Duration.ofDays(7)).minusSeconds(30));
        assertThat(harness.released()).hasSize(2);
        harness.advanceWallClockTo(lastAdd.plus(Duration.ofDays(7)).plus(Duration.ofMinutes(3)));
        assertThat(harness.released()).hasSize(3);
    }

    @Test
    void shouldKeepAWatchLongerThanTheAccountsWindowsWhenConfiguredSo() {
        harness = new TopologyHarness(Map.of("protection.watch-period", "P2D"), stateDir, T0);
        lowMutualMigration("mover");

        // Quiet for 30 hours: longer than any window, so only the running watch keeps the account's state.
        harness.advanceWallClockTo(T0.plus(Duration.ofHours(30)));
        harness.send(spamReported("mover", T0.plus(Duration.ofHours(30)), "victim-1"));
        harness.send(spamReported("mover", T0.plus(Duration.ofHours(30)).plusSeconds(10), "victim-2"));

        assertThat(harness.applied()).singleElement()
                .satisfies(applied -> assertThat(applied.getReason()).endsWith("then spam reports from 2 people (victim-1, victim-2)"));
    }

    @Test
    void shouldNotWatchAnAllowlistedAccount() {
        harness = new TopologyHarness(stateDir);
        harness.allowlist("mover", "verified business", "agent-7", T0);

        lowMutualMigration("mover");

        assertThat(harness.watches()).isEmpty();
    }

    @Test
    void shouldReleaseAQuietProtectedAccountAtTheNextCheckOnceItIsAllowlisted() {
        harness = new TopologyHarness(stateDir);
        harness.friendAdds("shop", 100, T0, Duration.ofMillis(100));
        Instant listed = T0.plus(Duration.ofHours(2));

        harness.advanceWallClockTo(listed);
        harness.allowlist("shop", "verified business", "agent-7", listed);
        harness.advanceWallClockBy(Duration.ofMinutes(1));

        assertThat(harness.released()).singleElement().satisfies(released -> {
            assertThat(released.getKind()).isEqualTo(ReleaseKind.MANUAL);
            assertThat(released.getReleasedAt()).isBetween(listed, listed.plus(Duration.ofMinutes(1)));
        });
        harness.advanceWallClockBy(Duration.ofDays(2));
        assertThat(harness.released()).as("released once").hasSize(1);
    }

    @Test
    void shouldSayWhetherAShadowFindingWouldHaveAddedAnything() {
        harness = new TopologyHarness(Map.of("rule.chatroom-strangers.mode", "shadow"), stateDir, T0);
        harness.allowlist("listed", "verified business", "agent-7", T0);
        harness.friendAdds("protected", 100, T0, Duration.ofMillis(100));

        for (String account : new String[] {"protected", "listed", "fresh"}) {
            harness.send(chatroomCreated(account, T0.plusSeconds(30), 45, 44));
        }

        assertThat(harness.shadowProtections()).extracting(s -> s.getAccountId() + " " + s.getAlreadyProtected() + " " + s.getAllowlisted())
                .containsExactly("protected true false", "listed false true", "fresh false false");
    }

    @Test
    void shouldKeepAShadowProtectionGoingWhileTheAccountKeepsAddingStrangersBelowTheThreshold() {
        harness = new TopologyHarness(Map.of("rule.stranger-adds.mode", "shadow"), stateDir, T0);

        // Twelve strangers in the first hour, six an hour for a day and a half, then twelve in an hour again:
        // a real protection would have run throughout, so this is one would-be protection, not two.
        for (int i = 0; i < 12; i++) {
            harness.send(friendAdded("trial", T0.plus(Duration.ofMinutes(5L * i)), FriendSource.ID_SEARCH, false));
        }
        Instant belowThreshold = T0.plus(Duration.ofHours(1));
        for (int i = 0; i < 6 * 36; i++) {
            harness.send(friendAdded("trial", belowThreshold.plus(Duration.ofMinutes(10L * i)), FriendSource.ID_SEARCH, false));
        }
        Instant again = belowThreshold.plus(Duration.ofHours(36));
        for (int i = 0; i < 12; i++) {
            harness.send(friendAdded("trial", again.plus(Duration.ofMinutes(5L * i)), FriendSource.ID_SEARCH, false));
        }

        assertThat(harness.shadowProtections()).hasSize(1);
    }

    @Test
    void shouldStartTheLadderAgainOnceTheHistoryHasRunOutEvenForAnActiveAccount() {
        harness = new TopologyHarness(Map.of("time.release-check-interval", "PT1H", "protection.history-retention", "P30D"), stateDir, T0);
        harness.friendAdds("regular", 100, T0, Duration.ofMillis(100));
        // Active every day afterwards, so the account is never forgotten.
        for (int day = 2; day <= 33; day++) {
            harness.send(friendAdded("regular", T0.plus(Duration.ofDays(day)), FriendSource.QR_CODE, true));
        }
        Instant again = T0.plus(Duration.ofDays(34));
        harness.friendAdds("regular", 100, again, Duration.ofMillis(100));

        assertThat(harness.released()).hasSize(1);
        assertThat(harness.applied()).extracting(applied -> applied.getProtectionNumber() + " " + applied.getQuietPeriodMillis())
                .containsExactly("1 " + Duration.ofDays(1).toMillis(), "1 " + Duration.ofDays(1).toMillis());
    }
}
