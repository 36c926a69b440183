package io.accountshield.streams.topology;

import static io.accountshield.streams.topology.TopologyHarness.T0;
import static io.accountshield.streams.topology.TopologyHarness.chatroomCreated;
import static io.accountshield.streams.topology.TopologyHarness.deviceRegistered;
import static io.accountshield.streams.topology.TopologyHarness.friendAdded;
import static org.assertj.core.api.Assertions.assertThat;

import io.accountshield.schema.events.FriendSource;
import io.accountshield.streams.rules.RuleCatalog;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rules that tell strangers from friends and lists from address books: stranger-adds, chatroom-strangers, new-account-list-sync. */
class MigrationAwareRulesTest {

    @TempDir
    Path stateDir;

    private TopologyHarness harness;

    @BeforeEach
    void start() {
        harness = new TopologyHarness(stateDir);
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void shouldProtectAnAccountAddingTwelveStrangersWithinAnHourAndNotOneAddBefore() {
        // One add every 5 minutes, by search or recommendation, to people who do not know the account: under every
        // burst rule, and never five within stranger-add-streak's 20 minutes.
        for (int i = 0; i < 11; i++) {
            harness.send(friendAdded("low-and-slow", T0.plus(Duration.ofMinutes(5L * i)), FriendSource.RECOMMENDATION, false));
        }
        assertThat(harness.applied()).isEmpty();

        harness.send(friendAdded("low-and-slow", T0.plus(Duration.ofMinutes(55)), FriendSource.ID_SEARCH, false));

        assertThat(harness.applied()).singleElement().satisfies(applied -> {
            assertThat(applied.getRuleId()).isEqualTo(RuleCatalog.STRANGER_ADDS);
            assertThat(applied.getObservedCount()).isEqualTo(12);
            assertThat(applied.getSignals()).containsEntry("strangerAdds", 12L).containsEntry("uninvitedStrangerAdds", 12L);
            assertThat(applied.getReason()).startsWith("stranger-adds v2: 12 friend-adds by search, number or recommendation to people who do not know the account (counted only while under 20% of its adds in 6 hours were to people who know it, and on its first day once it had sought out more than 30) in 1 hour reached the threshold of 12");
        });
    }

    @Test
    void shouldNotCountMutualAddsOrContactSyncsAsStrangerAdds() {
        for (int i = 0; i < 30; i++) {
            harness.send(friendAdded("friendly", T0.plus(Duration.ofMinutes(i)), FriendSource.RECOMMENDATION, true));
            harness.send(friendAdded("friendly", T0.plus(Duration.ofMinutes(i)).plusSeconds(1), FriendSource.CONTACT_SYNC, i % 2 == 0));
        }
        // Eleven strangers an hour, every hour: an eager user, not a campaign.
        for (int i = 0; i < 33; i++) {
            harness.send(friendAdded("eager", T0.plus(Duration.ofMinutes(6L * i)), FriendSource.QR_CODE, false));
        }

        assertThat(harness.applied()).isEmpty();
    }

    @Test
    void shouldProtectAnAccountFillingChatroomsWithStrangers() {
        harness.send(chatroomCreated("room-spammer", T0, 25, 23));
        assertThat(harness.applied()).isEmpty();

        harness.send(chatroomCreated("room-spammer", T0.plus(Duration.ofMinutes(7)), 20, 17));

        assertThat(harness.applied()).singleElement().satisfies(applied -> {
            assertThat(applied.getRuleId()).isEqualTo(RuleCatalog.CHATROOM_STRANGERS);
            assertThat(applied.getObservedCount()).isEqualTo(40);
            assertThat(applied.getReason()).contains("2 chatrooms with 40 members who are not friends");
        });
    }

    @Test
    void shouldLeaveGroupChatsAmongFriendsAlone() {
        // Twenty group chats in an hour, one or two strangers in each (a friend's friend): 30 in all.
        for (int i = 0; i < 20; i++) {
            harness.send(chatroomCreated("organiser", T0.plus(Duration.ofMinutes(3L * i)), 12, 1 + i % 2));
        }
        assertThat(harness.applied()).extracting(applied -> applied.getRuleId()).doesNotContain(RuleCatalog.CHATROOM_STRANGERS);
    }

    @Test
    void shouldProtectADaysOldAccountSyncingAListAtAnyPace() {
        harness.send(deviceRegistered("list-buyer", T0, T0.minus(Duration.ofDays(2))));
        // One add every 4 s, 2% mutual: far too slow for the burst rule, and nobody's address book.
        for (int i = 0; i < 19; i++) {
            harness.send(friendAdded("list-buyer", T0.plusSeconds(10 + 4L * i), FriendSource.CONTACT_SYNC, false));
        }
        assertThat(harness.applied()).isEmpty();

        harness.send(friendAdded("list-buyer", T0.plusSeconds(10 + 4L * 19), FriendSource.CONTACT_SYNC, false));

        assertThat(harness.applied()).singleElement().satisfies(applied -> {
            assertThat(applied.getRuleId()).isEqualTo(RuleCatalog.NEW_ACCOUNT_LIST_SYNC);
            assertThat(applied.getObservedCount()).isEqualTo(20);
            assertThat(applied.getSignals()).containsEntry("accountAgeDays", 2L).containsEntry("minutesSinceNewDevice", 1L);
            assertThat(applied.getReason()).contains("account 2 days old").contains("new device registered 1 minute before");
        });
    }

    @Test
    void shouldLeaveADaysOldAccountSyncingARealAddressBookAlone() {
        harness.send(deviceRegistered("newcomer", T0, T0.minus(Duration.ofDays(1))));
        // A new user's contacts have the number saved: two in three are mutual.
        for (int i = 0; i < 60; i++) {
            harness.send(friendAdded("newcomer", T0.plusSeconds(10).plusMillis(200L * i), FriendSource.CONTACT_SYNC, i % 3 != 0));
        }
        assertThat(harness.applied()).isEmpty();
    }

    @Test
    void shouldProtectAnAccountSeekingOutFiveStrangersWithinTwentyMinutesAndNotOneAddBefore() {
        // A low-and-slow campaign's pace: one stranger every 4 minutes, by search, number or recommendation.
        FriendSource[] sought = {FriendSource.ID_SEARCH, FriendSource.RECOMMENDATION, FriendSource.PHONE_NUMBER, FriendSource.ID_SEARCH};
        for (int i = 0; i < 4; i++) {
            harness.send(friendAdded("seeker", T0.plus(Duration.ofMinutes(4L * i)), sought[i], false));
        }
        assertThat(harness.applied()).isEmpty();

        harness.send(friendAdded("seeker", T0.plus(Duration.ofMinutes(16)), FriendSource.RECOMMENDATION, false));

        assertThat(harness.applied()).singleElement().satisfies(applied -> {
            assertThat(applied.getRuleId()).isEqualTo(RuleCatalog.STRANGER_ADD_STREAK);
            assertThat(applied.getObservedCount()).isEqualTo(5);
            assertThat(applied.getSignals()).containsEntry("uninvitedStrangerAdds", 5L).containsEntry("strangerAdds", 5L);
        });
    }

    @Test
    void shouldLeaveAMeetupAloneWhereStrangersHandOverTheirQrCodesAndLinks() {
        // Twenty new people in forty minutes, each of whom showed a QR code or sent a link; and people who know the account.
        for (int i = 0; i < 20; i++) {
            harness.send(friendAdded("at-a-meetup", T0.plus(Duration.ofMinutes(2L * i)), i % 2 == 0 ? FriendSource.QR_CODE : FriendSource.INVITE_LINK, false));
        }
        for (int i = 0; i < 6; i++) {
            harness.send(friendAdded("at-a-meetup", T0.plus(Duration.ofMinutes(3L * i)).plusSeconds(30), FriendSource.ID_SEARCH, true));
        }

        assertThat(harness.applied()).isEmpty();
    }

    @Test
    void shouldLeaveANewcomerAloneWhoAddsPeopleItMayKnowAfterSyncingItsBook() {
        // A new user: its address book (85% mutual), then eight people from "people you may know" in fifteen minutes,
        // none of whom has its number yet.
        harness.send(deviceRegistered("newcomer", T0, T0.minus(Duration.ofMinutes(5))));
        for (int i = 0; i < 60; i++) {
            harness.send(friendAdded("newcomer", T0.plusSeconds(10).plusMillis(200L * i), FriendSource.CONTACT_SYNC, i % 20 < 17));
        }
        for (int i = 0; i < 8; i++) {
            harness.send(friendAdded("newcomer", T0.plus(Duration.ofMinutes(40 + 2L * i)), FriendSource.RECOMMENDATION, false));
        }
        assertThat(harness.applied()).as("its strangers come next to the friends it synced").isEmpty();

        // The same eight strangers, just after, from an account that added nobody who knows it: a streak.
        for (int i = 0; i < 8; i++) {
            harness.send(friendAdded("no-friends", T0.plus(Duration.ofMinutes(60 + 2L * i)), FriendSource.RECOMMENDATION, false));
        }
        assertThat(harness.applied()).singleElement().satisfies(applied -> {
            assertThat(applied.getAccountId()).isEqualTo("no-friends");
            assertThat(applied.getRuleId()).isEqualTo(RuleCatalog.STRANGER_ADD_STREAK);
        });
    }

    @Test
    void shouldLeaveAnActivePersonAloneWhoseAddsAreHalfPeopleWhoKnowThem() {
        // Six strangers in twelve minutes, between the friends of a busy day: half its adds know it.
        for (int i = 0; i < 6; i++) {
            harness.send(friendAdded("busy", T0.plus(Duration.ofMinutes(2L * i)), FriendSource.RECOMMENDATION, false));
            harness.send(friendAdded("busy", T0.plus(Duration.ofMinutes(2L * i)).plusSeconds(30), FriendSource.PHONE_NUMBER, true));
        }
        assertThat(harness.applied()).isEmpty();

        // One in six knowing it is under a fifth: the same six strangers are a streak.
        for (int i = 0; i < 6; i++) {
            harness.send(friendAdded("few-friends", T0.plus(Duration.ofMinutes(20 + 2L * i)), FriendSource.RECOMMENDATION, i == 0));
        }
        assertThat(harness.applied()).singleElement().satisfies(applied -> {
            assertThat(applied.getAccountId()).isEqualTo("few-friends");
            assertThat(applied.getRuleId()).isEqualTo(RuleCatalog.STRANGER_ADD_STREAK);
            assertThat(applied.getObservedCount()).isEqualTo(5);
        });
    }

    @Test
    void shouldLeaveSomeoneAddingDozensAnHourAloneWhenHalfOfThemKnowIt() {
        // Fifteen strangers and fifteen people who know it within the hour: a very social person, not a campaign.
        for (int i = 0; i < 15; i++) {
            harness.send(friendAdded("very-social", T0.plus(Duration.ofMinutes(4L * i)), FriendSource.PHONE_NUMBER, false));
            harness.send(friendAdded("very-social", T0.plus(Duration.ofMinutes(4L * i)).plusSeconds(90), FriendSource.RECOMMENDATION, true));
        }

        assertThat(harness.applied()).isEmpty();
    }

    @Test
    void shouldLeaveANewcomerWithoutAnAddressBookAloneOnItsFirstDayUntilItSeeksOutMoreStrangersThanAnOnboarding() {
        // Minutes old, no contacts synced: people it is recommended and people it looks up by number, nearly all
        // strangers (nobody has its new number yet), are its first friends.
        harness.send(deviceRegistered("no-book", T0, T0.minus(Duration.ofMinutes(3))));
        for (int i = 0; i < 30; i++) {
            harness.send(friendAdded("no-book", T0.plus(Duration.ofMinutes(5 + i)), i % 3 == 0 ? FriendSource.PHONE_NUMBER : FriendSource.RECOMMENDATION, false));
        }
        assertThat(harness.applied()).as("thirty strangers on its first day: an onboarding").isEmpty();

        // One more is past any onboarding: a campaign on its first day.
        harness.send(friendAdded("no-book", T0.plus(Duration.ofMinutes(35)), FriendSource.ID_SEARCH, false));
        assertThat(harness.applied()).singleElement().satisfies(applied -> {
            assertThat(applied.getRuleId()).isEqualTo(RuleCatalog.STRANGER_ADDS);
            assertThat(applied.getSignals()).containsEntry("uninvitedStrangerAdds", 31L);
        });
    }

    @Test
    void shouldCountStrangersFromAnAccountsSecondDay() {
        // Created a day before its first add: five recommended strangers are a streak.
        harness.send(deviceRegistered("day-old", T0, T0.minus(Duration.ofDays(1))));
        for (int i = 0; i < 5; i++) {
            harness.send(friendAdded("day-old", T0.plus(Duration.ofMinutes(1 + 2L * i)), FriendSource.RECOMMENDATION, false));
        }

        assertThat(harness.applied()).singleElement()
                .satisfies(applied -> assertThat(applied.getRuleId()).isEqualTo(RuleCatalog.STRANGER_ADD_STREAK));
    }

    @Test
    void shouldNotCountStrangersSoughtOutMoreThanTwentyMinutesApartAsAStreak() {
        // Five strangers by search, 6 minutes apart: no 20 minutes hold five (the hourly stranger-adds needs 12).
        for (int i = 0; i < 5; i++) {
            harness.send(friendAdded("unhurried", T0.plus(Duration.ofMinutes(6L * i)), FriendSource.ID_SEARCH, false));
        }

        assertThat(harness.applied()).isEmpty();
    }

    @Test
    void shouldJudgeAListOnAnEstablishedAccountAfterANewDeviceAsAList() {
        // A bought aged account: the new-device allowance stops at lists (under 20% mutual).
        harness.send(deviceRegistered("aged-buyer", T0, T0.minus(Duration.ofDays(900))));
        for (int i = 0; i < 100; i++) {
            harness.send(friendAdded("aged-buyer", T0.plusSeconds(10).plusMillis(50L * i), FriendSource.CONTACT_SYNC, i % 10 == 0));
        }

        assertThat(harness.applied()).singleElement()
                .satisfies(applied -> assertThat(applied.getRuleId()).isEqualTo(RuleCatalog.FRIEND_ADD_BURST));
        assertThat(harness.watches()).isEmpty();
    }

    @Test
    void shouldJudgeTheSameSyncWithoutANewDeviceByTheUsualShare() {
        // 25% mutual: watched right after a new device (see GraduatedResponseTest), protected two days later.
        harness.send(deviceRegistered("resyncer", T0, T0.minus(Duration.ofDays(900))));
        Instant later = T0.plus(Duration.ofDays(2));
        for (int i = 0; i < 150; i++) {
            harness.send(friendAdded("resyncer", later.plusMillis(50L * i), FriendSource.CONTACT_SYNC, i % 20 < 5));
        }

        assertThat(harness.applied()).singleElement()
                .satisfies(applied -> assertThat(applied.getRuleId()).isEqualTo(RuleCatalog.FRIEND_ADD_BURST));
    }
}
