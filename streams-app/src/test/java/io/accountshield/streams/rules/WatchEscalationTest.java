package io.accountshield.streams.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.accountshield.schema.events.ChatroomCreated;
import io.accountshield.schema.events.FriendAdded;
import io.accountshield.schema.events.FriendSource;
import io.accountshield.schema.events.SpamReported;
import io.accountshield.schema.state.AccountActivity;
import io.accountshield.schema.state.AccountWatch;
import io.accountshield.schema.state.ReportMark;
import io.accountshield.streams.lifecycle.ProtectionLifecycle;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What escalates a watch, at each edge: a chatroom once more than half its members, and at least
 * five, are strangers; reports once two different people made them since the watch began, or one
 * for an account protected before.
 */
class WatchEscalationTest {

    private static final Instant AT = Instant.parse("2026-03-02T09:00:00Z");
    private final AccountWatch watch = new AccountWatch(RuleCatalog.FRIEND_ADD_BURST, 3, "friend-add-burst v3: 100 friend-adds", 100L, 100L,
            300_000L, AT.toEpochMilli(), AT.toEpochMilli() + 86_400_000L, Map.of("contactSyncAdds", 100L));
    private final AccountActivity activity = ProtectionLifecycle.newActivity();

    private static ChatroomCreated chatroom(int members, int strangers) {
        return ChatroomCreated.newBuilder().setEventId("c").setAccountId("a").setChatroomId("room").setMemberCount(members)
                .setNonFriendMemberCount(strangers).setOccurredAt(AT).build();
    }

    /** A report as the account's state holds it once counted: a mark per reporter. */
    private SpamReported report(String reporter, long atMillis) {
        activity.getRecentReports().add(new ReportMark(reporter, atMillis));
        return SpamReported.newBuilder().setEventId("r-" + reporter).setAccountId("a").setReporterAccountId(reporter)
                .setOccurredAt(Instant.ofEpochMilli(atMillis)).build();
    }

    @Test
    void shouldEscalateOnAChatroomOfMoreThanHalfStrangersButNotOfExactlyHalf() {
        assertThat(WatchEscalation.escalate(watch, chatroom(10, 5), activity)).isNull();
        assertThat(WatchEscalation.escalate(watch, chatroom(11, 6), activity)).isNotNull();
        RuleFinding escalated = WatchEscalation.escalate(watch, chatroom(9, 5), activity);
        assertThat(escalated.reason()).endsWith("then a chatroom in which 5 of 9 members are not friends");
        assertThat(escalated.observedCount()).isEqualTo(100L);
        assertThat(escalated.signals()).containsEntry("contactSyncAdds", 100L);
    }

    @Test
    void shouldNotEscalateOnASmallGroupOfFewerThanFiveStrangers() {
        assertThat(WatchEscalation.escalate(watch, chatroom(5, 4), activity)).as("4 of 5: most, but only four").isNull();
        assertThat(WatchEscalation.escalate(watch, chatroom(6, 5), activity)).as("5 of 6").isNotNull();
    }

    @Test
    void shouldEscalateOnReportsFromTwoPeopleSinceTheWatchBeganNotOne() {
        long start = watch.getStartedAtMillis();
        report("before-the-sync", start - 1);
        assertThat(WatchEscalation.escalate(watch, report("first", start), activity))
                .as("one reporter since the watch began (the one before it does not count)").isNull();

        RuleFinding escalated = WatchEscalation.escalate(watch, report("second", start + 60_000), activity);

        assertThat(escalated).isNotNull();
        assertThat(escalated.reason()).endsWith("then spam reports from 2 people (first, second)");
    }

    @Test
    void shouldEscalateOnOneReportForAnAccountProtectedBefore() {
        activity.setProtectionCount(1);

        RuleFinding escalated = WatchEscalation.escalate(watch, report("victim", watch.getStartedAtMillis() + 1), activity);

        assertThat(escalated.reason()).endsWith("then a spam report from victim");
        assertThat(WatchEscalation.escalatesOn(activity)).startsWith("a spam report (the account was protected before)");
    }

    @Test
    void shouldSayHowManyReportersTheWatchNeeds() {
        assertThat(WatchEscalation.reportersNeeded(activity)).isEqualTo(2);
        assertThat(WatchEscalation.escalatesOn(activity)).startsWith("spam reports from 2 different people")
                .contains("at least 5, are not the account's friends");
        activity.setProtectionCount(3);
        assertThat(WatchEscalation.reportersNeeded(activity)).isEqualTo(1);
    }

    @Test
    void shouldNotEscalateOnAFriendAdd() {
        FriendAdded added = FriendAdded.newBuilder().setEventId("e").setAccountId("a").setFriendAccountId("f").setSource(FriendSource.ID_SEARCH)
                .setMutual(false).setDeviceId("d").setOccurredAt(AT).build();
        assertThat(WatchEscalation.escalate(watch, added, activity)).isNull();
    }
}
