package io.accountshield.streams.topology;

import static io.accountshield.streams.topology.TopologyHarness.T0;
import static io.accountshield.streams.topology.TopologyHarness.chatroomCreated;
import static io.accountshield.streams.topology.TopologyHarness.deviceRegistered;
import static io.accountshield.streams.topology.TopologyHarness.friendAdded;
import static io.accountshield.streams.topology.TopologyHarness.spamReported;
import static org.assertj.core.api.Assertions.assertThat;

import io.accountshield.schema.decisions.ProtectionApplied;
import io.accountshield.schema.events.FriendSource;
import io.accountshield.streams.rules.RuleCatalog;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each rule fires at its threshold, not one event before, and says why. Defaults are the README's. */
class ProtectionRulesTest {

    @TempDir
    Path stateDir;

    private TopologyHarness harness;

    /** What the friend-add rules count, as their reasons say it. */
    static final String COUNTED = "friend-adds (contact-sync adds counted only while surely under 20% of them are mutual, or from 150 of them surely under 43%)";

    @BeforeEach
    void start() {
        harness = new TopologyHarness(stateDir);
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void shouldProtectAccountWhenFriendAddsReachBurstThresholdAndNotOneEventBefore() {
        harness.friendAdds("spammer", 99, T0, Duration.ofMillis(500));
        assertThat(harness.applied()).isEmpty();

        harness.send(friendAdded("spammer", T0.plusSeconds(60)));

        assertThat(harness.applied()).singleElement().satisfies(applied -> {
            assertThat(applied.getAccountId()).isEqualTo("spammer");
            assertThat(applied.getRuleId()).isEqualTo(RuleCatalog.FRIEND_ADD_BURST);
            assertThat(applied.getRuleVersion()).isEqualTo(4);
            assertThat(applied.getObservedCount()).isEqualTo(100);
            assertThat(applied.getThreshold()).isEqualTo(100);
            assertThat(applied.getWindowMillis()).isEqualTo(Duration.ofMinutes(5).toMillis());
            assertThat(applied.getAppliedAt()).isEqualTo(T0.plusSeconds(60));
            assertThat(applied.getReason()).startsWith("friend-add-burst v4: 100 %s in 5 minutes reached the threshold of 100".formatted(COUNTED))
                    .contains("100 of 100 friend-adds mutual");
            assertThat(applied.getSignals()).containsEntry("friendAdds", 100L).containsEntry("mutualFriendAdds", 100L);
            assertThat(applied.getProtectionNumber()).isEqualTo(1);
        });
    }

    @Test
    void shouldCountAddsToStrangersTowardTheBurstRuleToo() {
        harness.close();
        harness = new TopologyHarness(Map.of("rule.stranger-adds.enabled", "false", "rule.stranger-add-streak.enabled", "false"), stateDir, T0);

        for (int i = 0; i < 100; i++) {
            harness.send(friendAdded("spammer", T0.plusMillis(500L * i), FriendSource.PHONE_NUMBER, false));
        }

        assertThat(harness.applied()).singleElement().satisfies(applied -> {
            assertThat(applied.getRuleId()).isEqualTo(RuleCatalog.FRIEND_ADD_BURST);
            assertThat(applied.getSignals()).containsEntry("strangerAdds", 100L).containsEntry("mutualFriendAdds", 0L);
        });
    }

    @Test
    void shouldNotProtectWhenTheBurstIsSpreadWiderThanItsWindow() {
        // 150 adds, one every 3.1 s: never 100 inside 5 minutes (the sustained rule needs 200).
        harness.friendAdds("patient", 150, T0, Duration.ofMillis(3_100));

        assertThat(harness.applied()).isEmpty();
    }

    @Test
    void shouldProtectAccountWhenChatroomCreationsReachBurstThreshold() {
        for (int i = 0; i < 9; i++) {
            harness.send(chatroomCreated("flooder", T0.plusSeconds(i * 30L), 40, 1));
        }
        assertThat(harness.applied()).isEmpty();

        harness.send(chatroomCreated("flooder", T0.plusSeconds(290), 40, 1));

        assertThat(harness.applied()).singleElement().satisfies(applied -> {
            assertThat(applied.getRuleId()).isEqualTo(RuleCatalog.CHATROOM_BURST);
            assertThat(applied.getObservedCount()).isEqualTo(10);
            assertThat(applied.getSignals()).containsEntry("chatroomsCreated", 10L).containsEntry("nonFriendChatroomMembers", 10L);
            assertThat(applied.getReason()).contains("10 chatrooms created in 10 minutes").contains("10 members who are not friends");
        });
    }

    @Test
    void shouldProtectLowAndSlowCampaignWhenSustainedAddsReachThreshold() {
        // One add every 90 s stays far under the burst rule; 200 of them take just under 5 hours.
        harness.friendAdds("slow", 199, T0, Duration.ofSeconds(90));
        assertThat(harness.applied()).isEmpty();

        harness.send(friendAdded("slow", T0.plus(Duration.ofSeconds(90).multipliedBy(199))));

        assertThat(harness.applied()).singleElement().satisfies(applied -> {
            assertThat(applied.getRuleId()).isEqualTo(RuleCatalog.SUSTAINED_FRIEND_ADDS);
            assertThat(applied.getObservedCount()).isEqualTo(200);
            assertThat(applied.getReason()).startsWith("sustained-friend-adds v4: 200 %s in 6 hours".formatted(COUNTED));
        });
    }

    @Test
    void shouldProtectAccountReportedByEnoughDistinctReporters() {
        harness.send(spamReported("reported", T0, "reporter-1"));
        harness.send(spamReported("reported", T0.plusSeconds(600), "reporter-2"));
        harness.send(spamReported("reported", T0.plusSeconds(1200), "reporter-2"));
        assertThat(harness.applied()).as("the same reporter twice counts once").isEmpty();

        harness.send(spamReported("reported", T0.plus(Duration.ofHours(20)), "reporter-3"));

        assertThat(harness.applied()).singleElement().satisfies(applied -> {
            assertThat(applied.getRuleId()).isEqualTo(RuleCatalog.SPAM_REPORTS);
            assertThat(applied.getObservedCount()).isEqualTo(3);
            assertThat(applied.getSignals()).containsEntry("distinctReporters", 3L);
        });
    }

    @Test
    void shouldForgetReportsOlderThanTheReportWindow() {
        harness.send(spamReported("reported", T0, "reporter-1"));
        harness.send(spamReported("reported", T0.plusSeconds(60), "reporter-2"));

        harness.send(spamReported("reported", T0.plus(Duration.ofHours(25)), "reporter-3"));

        assertThat(harness.applied()).isEmpty();
        assertThat(harness.deadLetters()).as("the report that aged the others out was judged, not set aside").isEmpty();
    }

    @Test
    void shouldProtectAccountReportedByEnoughDistinctReportersAfterAnEarlierReportAgedOut() {
        harness.send(spamReported("reported", T0, "reporter-1"));

        harness.send(spamReported("reported", T0.plus(Duration.ofHours(25)), "reporter-2"));
        harness.send(spamReported("reported", T0.plus(Duration.ofHours(26)), "reporter-3"));
        assertThat(harness.applied()).as("the report from a day before no longer counts").isEmpty();
        harness.send(spamReported("reported", T0.plus(Duration.ofHours(27)), "reporter-4"));

        assertThat(harness.deadLetters()).isEmpty();
        assertThat(harness.applied()).singleElement().satisfies(applied -> {
            assertThat(applied.getRuleId()).isEqualTo(RuleCatalog.SPAM_REPORTS);
            assertThat(applied.getSignals()).containsEntry("distinctReporters", 3L);
        });
    }

    @Test
    void shouldEmitOneProtectionAppliedPerEpisodeHoweverLongTheBurst() {
        harness.friendAdds("spammer", 1_000, T0, Duration.ofMillis(100));

        assertThat(harness.applied()).hasSize(1);
    }

    @Test
    void shouldTreatAccountsIndependently() {
        for (int i = 0; i < 99; i++) {
            harness.send(friendAdded("a", T0.plusMillis(i * 10L)));
            harness.send(friendAdded("b", T0.plusMillis(i * 10L + 5)));
        }
        harness.send(friendAdded("b", T0.plusSeconds(2)));

        assertThat(harness.applied()).extracting(ProtectionApplied::getAccountId).containsExactly("b");
    }

    @Test
    void shouldNotEvaluateADisabledRule() {
        harness.close();
        harness = new TopologyHarness(Map.of("rule.friend-add-burst.enabled", "false"), stateDir, T0);

        harness.friendAdds("spammer", 150, T0, Duration.ofMillis(100));

        assertThat(harness.applied()).isEmpty();
    }

    @Test
    void shouldUseConfiguredThresholdWindowAndVersion() {
        harness.close();
        harness = new TopologyHarness(Map.of(
                "rule.friend-add-burst.threshold", "20",
                "rule.friend-add-burst.window", "PT1M",
                "rule.friend-add-burst.version", "7"), stateDir, T0);

        harness.friendAdds("spammer", 19, T0, Duration.ofSeconds(3));
        assertThat(harness.applied()).isEmpty();
        harness.send(friendAdded("spammer", T0.plusSeconds(57)));

        assertThat(harness.applied()).singleElement().satisfies(applied -> {
            assertThat(applied.getRuleVersion()).isEqualTo(7);
            assertThat(applied.getReason()).startsWith("friend-add-burst v7: 20 %s in 1 minute".formatted(COUNTED));
        });
    }

    @Test
    void shouldLeaveAPhoneMigrationAloneHoweverLargeTheAddressBook() {
        harness.send(deviceRegistered("shop-owner", T0, T0.minus(Duration.ofDays(1200))));

        // 3,000 contacts in under two minutes, 85% of whom have this number saved too.
        for (int i = 0; i < 3_000; i++) {
            harness.send(friendAdded("shop-owner", T0.plusSeconds(5).plusMillis(i * 35L), FriendSource.CONTACT_SYNC, i % 20 < 17));
        }

        assertThat(harness.applied()).isEmpty();
    }

    @Test
    void shouldProtectAPurchasedListSyncedToPeopleWhoDoNotKnowTheAccountAndNotOneAddBefore() {
        // No device registration seen: the account's age is unknown, so only the burst rule judges the list.
        for (int i = 0; i < 99; i++) {
            harness.send(friendAdded("list-buyer", T0.plusSeconds(5).plusMillis(i * 50L), FriendSource.CONTACT_SYNC, i < 2));
        }
        assertThat(harness.applied()).isEmpty();

        harness.send(friendAdded("list-buyer", T0.plusSeconds(10), FriendSource.CONTACT_SYNC, false));

        assertThat(harness.applied()).singleElement().satisfies(applied -> {
            assertThat(applied.getRuleId()).isEqualTo(RuleCatalog.FRIEND_ADD_BURST);
            assertThat(applied.getObservedCount()).isEqualTo(100);
            assertThat(applied.getSignals()).containsEntry("contactSyncAdds", 100L).containsEntry("mutualContactSyncAdds", 2L)
                    .doesNotContainKey("accountAgeDays");
            assertThat(applied.getReason()).contains("100 by contact sync (2 of those mutual)");
        });
    }

    @Test
    void shouldCountACampaignSplitAcrossSearchAndContactSyncAsOne() {
        for (int i = 0; i < 50; i++) {
            harness.send(friendAdded("splitter", T0.plusMillis(i * 100L), FriendSource.ID_SEARCH, true));
            harness.send(friendAdded("splitter", T0.plusMillis(i * 100L + 50), FriendSource.CONTACT_SYNC, false));
        }

        assertThat(harness.applied()).singleElement().satisfies(applied -> {
            assertThat(applied.getRuleId()).isEqualTo(RuleCatalog.FRIEND_ADD_BURST);
            assertThat(applied.getSignals()).containsEntry("addsNotByContactSync", 50L).containsEntry("contactSyncAdds", 50L);
        });
    }

    @Test
    void shouldCatchAPurchasedListSyncedTooSlowlyForTheBurstRule() {
        // One non-mutual contact-sync add every 4 s: 75 in any five minutes, 200 within 14 minutes.
        for (int i = 0; i < 200; i++) {
            harness.send(friendAdded("slow-list", T0.plusSeconds(i * 4L), FriendSource.CONTACT_SYNC, false));
        }

        assertThat(harness.applied()).singleElement()
                .satisfies(applied -> assertThat(applied.getRuleId()).isEqualTo(RuleCatalog.SUSTAINED_FRIEND_ADDS));
    }

    @Test
    void shouldJudgeASyncByItsMutualShareAtTheConfiguredMaximum() {
        harness.close();
        harness = new TopologyHarness(Map.of("rule.contact-sync.max-mutual-share", "0.6"), stateDir, T0);

        // 150 contact-sync adds each (the book share's sample), the mutual ones first: 76 mutual is
        // surely under 60% (the upper bound is about 0.5999), 77 mutual is not (about 0.606), though 51% is under 60%.
        for (int i = 0; i < 150; i++) {
            harness.send(friendAdded("seventy-six", T0.plusMillis(i * 50L), FriendSource.CONTACT_SYNC, i < 76));
            harness.send(friendAdded("seventy-seven", T0.plusMillis(i * 50L + 1), FriendSource.CONTACT_SYNC, i < 77));
        }

        assertThat(harness.applied()).singleElement().satisfies(applied -> {
            assertThat(applied.getAccountId()).isEqualTo("seventy-six");
            assertThat(applied.getRuleId()).isEqualTo(RuleCatalog.FRIEND_ADD_BURST);
            assertThat(applied.getObservedCount()).isEqualTo(150);
            assertThat(applied.getReason()).contains("or from 150 of them surely under 60%");
        });
    }

    static Instant minutes(long n) {
        return T0.plus(Duration.ofMinutes(n));
    }
}
