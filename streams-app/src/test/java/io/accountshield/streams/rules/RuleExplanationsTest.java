package io.accountshield.streams.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.accountshield.schema.events.ChatroomCreated;
import io.accountshield.schema.events.DeviceRegistered;
import io.accountshield.schema.events.FriendAdded;
import io.accountshield.schema.events.FriendSource;
import io.accountshield.schema.events.SpamReported;
import io.accountshield.schema.state.AccountActivity;
import io.accountshield.streams.config.AppConfig;
import io.accountshield.streams.lifecycle.ProtectionLifecycle;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

/** What the rules say about an account, in words and counts: the reasons decisions carry and the counts an agent sees. */
class RuleExplanationsTest {

    private static final long T0 = Instant.parse("2026-03-02T09:00:00Z").toEpochMilli();
    private static final long MINUTE = Duration.ofMinutes(1).toMillis();

    private final RuleBook rules = AppConfig.defaults().ruleBook();

    /** Counts the event as the lifecycle does: the latest event time first, then the rule book. */
    private void count(AccountActivity activity, SpecificRecord event, long at) {
        activity.setLatestEventAtMillis(Math.max(activity.getLatestEventAtMillis(), at));
        rules.count(activity, event, at);
    }

    private static FriendAdded added(long at, FriendSource source, boolean mutual) {
        return FriendAdded.newBuilder().setEventId("e" + at).setAccountId("a").setFriendAccountId("f" + at).setSource(source)
                .setMutual(mutual).setDeviceId("d").setOccurredAt(Instant.ofEpochMilli(at)).build();
    }

    private static ChatroomCreated chatroom(long at, int members, int strangers) {
        return ChatroomCreated.newBuilder().setEventId("c" + at).setAccountId("a").setChatroomId("room-" + at).setMemberCount(members)
                .setNonFriendMemberCount(strangers).setOccurredAt(Instant.ofEpochMilli(at)).build();
    }

    private static SpamReported report(long at, String reporter) {
        return SpamReported.newBuilder().setEventId("r" + at).setAccountId("a").setReporterAccountId(reporter)
                .setOccurredAt(Instant.ofEpochMilli(at)).build();
    }

    private static DeviceRegistered device(long at, Duration accountAge) {
        return DeviceRegistered.newBuilder().setEventId("d" + at).setAccountId("a").setDeviceId("phone")
                .setAccountCreatedAt(Instant.ofEpochMilli(at - accountAge.toMillis())).setOccurredAt(Instant.ofEpochMilli(at)).build();
    }

    @Test
    void shouldExplainAReportsProtectionByDistinctReportersWithoutNamingFriendAddsOrChatroomsThereWereNoneOf() {
        AccountActivity activity = ProtectionLifecycle.newActivity();
        for (int i = 1; i <= 3; i++) {
            count(activity, report(T0 + i * MINUTE, "victim-" + i), T0 + i * MINUTE);
        }

        Rule atThreshold = rules.firstRuleAtThreshold("u-account", activity);
        assertThat(atThreshold.parameters().id()).isEqualTo(RuleCatalog.SPAM_REPORTS);
        RuleFinding finding = rules.explain(atThreshold, activity);

        assertThat(finding.reason()).isEqualTo("spam-reports v1: 3 distinct reporters in 1 day reached the threshold of 3");
        assertThat(finding.signals()).containsEntry("distinctReporters", 3L).containsEntry("friendAdds", 0L).containsEntry("chatroomsCreated", 0L);
    }

    @Test
    void shouldExplainAChatroomBurstByItsChatroomsAndAFriendAddBurstByItsAddsEachWithoutTheOther() {
        AccountActivity rooms = ProtectionLifecycle.newActivity();
        for (int i = 0; i < 10; i++) {
            count(rooms, chatroom(T0 + i * 1_000L, 5, 2), T0 + i * 1_000L);
        }
        assertThat(rules.explain(rules.firstRuleAtThreshold("u-account", rooms), rooms).reason())
                .isEqualTo("chatroom-burst v1: 10 chatrooms created in 10 minutes reached the threshold of 10 (10 chatrooms with 20 members who are not friends)");

        AccountActivity adds = ProtectionLifecycle.newActivity();
        for (int i = 0; i < 100; i++) {
            count(adds, added(T0 + i * 100L, FriendSource.CONTACT_SYNC, false), T0 + i * 100L);
        }
        assertThat(rules.explain(rules.firstRuleAtThreshold("u-account", adds), adds).reason()).endsWith(
                "reached the threshold of 100 (0 of 100 friend-adds mutual, 100 by contact sync (0 of those mutual), 0 chosen one by one to strangers)");
    }

    @Test
    void shouldShowAnAgentEveryCountWithTheAccountsAgeAndTimeSinceItsNewDevice() {
        AccountActivity activity = ProtectionLifecycle.newActivity();
        count(activity, device(T0, Duration.ofDays(400)), T0);
        count(activity, added(T0 + 90 * MINUTE, FriendSource.ID_SEARCH, false), T0 + 90 * MINUTE);

        Map<String, Object> counts = rules.countsNow(activity);

        assertThat(counts).containsOnlyKeys("short window: 10 minutes", "long window: 6 hours", "signals");
        assertThat(counts.get("short window: 10 minutes")).asInstanceOf(InstanceOfAssertFactories.map(String.class, Long.class))
                .containsEntry("friendAdds", 1L).containsEntry("strangerAdds", 1L).containsEntry("chatroomsCreated", 0L);
        assertThat(counts.get("signals")).isEqualTo(Map.of("distinctReporters", 0L, "accountAgeDays", 400L, "minutesSinceNewDevice", 90L));
    }

    @Test
    void shouldLeaveOutAgeAndDeviceFromAnAgentsCountsWhenNoDeviceRegistrationWasSeen() {
        AccountActivity activity = ProtectionLifecycle.newActivity();
        count(activity, added(T0, FriendSource.ID_SEARCH, false), T0);

        assertThat(rules.countsNow(activity).get("signals")).isEqualTo(Map.of("distinctReporters", 0L));
    }

    @Test
    void shouldSayWhichMutualShareAppliedToTheAccount() {
        SuspiciousAddsRule burst = (SuspiciousAddsRule) rules.firstRuleAtThreshold("u-account", protectedBySync());
        AccountActivity migrating = ProtectionLifecycle.newActivity();
        count(migrating, device(T0, Duration.ofDays(400)), T0);

        assertThat(burst.countedWhat()).isEqualTo(
                "friend-adds (contact-sync adds counted only while surely under 20% of them are mutual, or from 150 of them surely under 43%; after a new device on an established account only the former)");
        assertThat(burst.countedWhat(ProtectionLifecycle.newActivity()))
                .isEqualTo("friend-adds (contact-sync adds counted only while surely under 20% of them are mutual, or from 150 of them surely under 43%)");
        assertThat(burst.countedWhat(migrating))
                .isEqualTo("friend-adds (contact-sync adds counted only while surely under 20% of them are mutual, as after a new device on an established account)");
    }

    private AccountActivity protectedBySync() {
        AccountActivity activity = ProtectionLifecycle.newActivity();
        for (int i = 0; i < 100; i++) {
            count(activity, added(T0 + i * 100L, FriendSource.CONTACT_SYNC, false), T0 + i * 100L);
        }
        return activity;
    }

    @Test
    void shouldFindEachCatalogueRuleByItsIdAndRefuseAnUnknownOne() {
        for (RuleCatalog.RuleDefault rule : RuleCatalog.DEFAULTS) {
            assertThat(RuleCatalog.get(rule.id())).isSameAs(rule);
        }
        assertThatThrownBy(() -> RuleCatalog.get("no-such-rule")).isInstanceOf(IllegalArgumentException.class).hasMessage("no rule no-such-rule");
    }

    @Test
    void shouldWriteRuleModesAsTheLowerCaseValuesTheConfigurationTakes() {
        assertThat(RuleMode.ENFORCE.configValue()).isEqualTo("enforce");
        assertThat(RuleMode.SHADOW.configValue()).isEqualTo("shadow");
    }
}
