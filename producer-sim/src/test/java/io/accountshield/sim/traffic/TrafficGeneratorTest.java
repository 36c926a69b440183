package io.accountshield.sim.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import io.accountshield.schema.events.FriendSource;
import io.accountshield.sim.scenario.Scenario;
import io.accountshield.sim.scenario.ScenarioLoader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The generators are deterministic for a seed and their traffic matches the scenario's parameters. */
class TrafficGeneratorTest {

    private static final Map<String, String> NO_ONE = Map.of(
            "ordinary.accounts", "0", "migrations.accounts", "0",
            "campaigns.friendAddFlood.accounts", "0", "campaigns.purchasedList.accounts", "0",
            "campaigns.lowAndSlow.accounts", "0", "campaigns.chatroomFlood.accounts", "0");

    private record Run(List<SimEvent> events, List<AccountLabel> labels) {
    }

    private static Run generate(Map<String, String> overrides) {
        Map<String, String> all = new LinkedHashMap<>(NO_ONE);
        all.putAll(overrides);
        Scenario scenario = new ScenarioLoader().load(null, all);
        List<AccountLabel> labels = new ArrayList<>();
        List<SimEvent> events = new ArrayList<>();
        new TrafficGenerator(scenario, labels::add).forEachRemaining(events::add);
        return new Run(events, labels);
    }

    @Test
    void shouldGiveTheSameTrafficForTheSameSeedAndOtherTrafficForAnother() {
        Map<String, String> small = Map.of("ordinary.accounts", "200", "migrations.accounts", "20", "campaigns.friendAddFlood.accounts", "3");

        Run first = generate(small);
        Run again = generate(small);
        Map<String, String> otherSeed = new LinkedHashMap<>(small);
        otherSeed.put("seed", "7");
        Run other = generate(otherSeed);

        assertThat(first.events()).isNotEmpty().isEqualTo(again.events());
        assertThat(first.labels()).isEqualTo(again.labels());
        assertThat(other.events()).isNotEqualTo(first.events());
    }

    @Test
    void shouldEmitEventsInTimeOrderInsideTheScenarioWithUniqueIds() {
        Scenario scenario = new ScenarioLoader().load(null, Map.of());
        Run run = generate(Map.of("ordinary.accounts", "300", "migrations.accounts", "30", "campaigns.purchasedList.accounts", "5",
                "campaigns.lowAndSlow.accounts", "5", "campaigns.chatroomFlood.accounts", "5", "campaigns.friendAddFlood.accounts", "5"));

        long previous = Long.MIN_VALUE;
        Set<String> ids = new HashSet<>();
        for (SimEvent event : run.events()) {
            assertThat(event.occurredAt()).isGreaterThanOrEqualTo(previous)
                    .isGreaterThanOrEqualTo(scenario.start().toEpochMilli()).isLessThan(scenario.end().toEpochMilli());
            previous = event.occurredAt();
            assertThat(ids.add(event.eventId())).as("unique event id %s", event.eventId()).isTrue();
        }
    }

    @Test
    void shouldKeepTheGroundTruthOutOfTheEvents() {
        Run run = generate(Map.of("ordinary.accounts", "50", "migrations.accounts", "10", "campaigns.friendAddFlood.accounts", "5"));

        assertThat(run.events()).allSatisfy(event -> assertThat(event.accountId()).matches("u[0-9a-f]{16}"));
        assertThat(run.labels()).extracting(AccountLabel::population).contains(AccountLabel.SPAM, AccountLabel.MIGRATION, AccountLabel.ORDINARY);
    }

    @Test
    void shouldDrawAddressBookSizesAroundTheMedianWithABusinessTail() {
        Run run = generate(Map.of("migrations.accounts", "3000", "migrations.resyncProbability", "0"));

        List<Integer> personal = run.labels().stream().filter(l -> l.kind().equals(AccountLabel.PERSONAL))
                .map(AccountLabel::addressBookSize).sorted().toList();
        long business = run.labels().stream().filter(l -> l.kind().equals(AccountLabel.BUSINESS)).count();
        double median = personal.get(personal.size() / 2);

        assertThat(median).isCloseTo(150, within(15.0));
        assertThat(business / 3000.0).isCloseTo(0.03, within(0.01));
        assertThat(run.labels().stream().filter(l -> l.kind().equals(AccountLabel.BUSINESS)))
                .allSatisfy(l -> assertThat(l.addressBookSize()).isBetween(1000, 5000));
        // Each migration syncs its whole book once, ending at the label's campaignEnd: those adds equal the sizes in the labels.
        Map<String, Long> syncEnds = run.labels().stream().collect(Collectors.toMap(AccountLabel::accountId, AccountLabel::campaignEnd));
        long syncAdds = run.events().stream()
                .filter(e -> e.source() == FriendSource.CONTACT_SYNC && e.occurredAt() <= syncEnds.get(e.accountId())).count();
        assertThat(syncAdds).isEqualTo(run.labels().stream().mapToLong(AccountLabel::addressBookSize).sum());
    }

    @Test
    void shouldMakeMigrationSyncsMostlyMutualAndFast() {
        Run run = generate(Map.of("migrations.accounts", "300", "migrations.sparseBookShare", "0"));

        List<SimEvent> syncAdds = run.events().stream().filter(e -> e.source() == FriendSource.CONTACT_SYNC).toList();
        double mutual = syncAdds.stream().filter(SimEvent::mutual).count() / (double) syncAdds.size();
        assertThat(mutual).isCloseTo(0.85, within(0.02));

        Map<String, List<SimEvent>> byAccount = syncAdds.stream().collect(Collectors.groupingBy(SimEvent::accountId));
        List<Long> gaps = new ArrayList<>();
        byAccount.values().forEach(adds -> {
            for (int i = 1; i < adds.size(); i++) {
                long gap = adds.get(i).occurredAt() - adds.get(i - 1).occurredAt();
                if (gap < 1000) {
                    gaps.add(gap);
                }
            }
        });
        assertThat(gaps.stream().mapToLong(Long::longValue).average().orElseThrow()).as("mean spacing of uniform 5..300 ms").isCloseTo(152.5, within(10.0));
    }

    @Test
    void shouldGiveSomeMigrationsSparserAddressBooksDownToAboutHalfMutual() {
        Run run = generate(Map.of("migrations.accounts", "400", "migrations.sparseBookShare", "0.5",
                "migrations.sparseBookMutualPercent", "{min: 50, max: 60}", "migrations.resyncProbability", "0"));

        Map<String, List<SimEvent>> byAccount = run.events().stream().filter(e -> e.source() == FriendSource.CONTACT_SYNC)
                .collect(Collectors.groupingBy(SimEvent::accountId));
        long sparse = 0;
        for (List<SimEvent> adds : byAccount.values()) {
            if (adds.size() < 200) {
                continue; // too few adds to tell the share apart
            }
            double share = adds.stream().filter(SimEvent::mutual).count() / (double) adds.size();
            assertThat(share).as("either the usual 85% or the sparse 50-60%").satisfiesAnyOf(
                    s -> assertThat(s).isCloseTo(0.85, within(0.08)), s -> assertThat(s).isBetween(0.42, 0.68));
            if (share < 0.7) {
                sparse++;
            }
        }
        long judged = byAccount.values().stream().filter(adds -> adds.size() >= 200).count();
        assertThat(sparse / (double) judged).as("share of sparse books").isCloseTo(0.5, within(0.15));
    }

    @Test
    void shouldGiveAShareOfMigrationsOneStrayReportWithinADayOfTheirSync() {
        Run run = generate(Map.of("duration", "PT72H", "migrations.accounts", "600", "migrations.businessShare", "0.5",
                "migrations.strayReportShare", "0.1", "migrations.businessStrayReportShare", "0.6", "migrations.resyncProbability", "0"));

        Map<String, AccountLabel> labels = run.labels().stream().collect(Collectors.toMap(AccountLabel::accountId, l -> l));
        Map<String, List<SimEvent>> reports = run.events().stream().filter(e -> e.type() == SimEvent.EventType.SPAM_REPORTED)
                .collect(Collectors.groupingBy(SimEvent::accountId));
        reports.forEach((account, received) -> {
            AccountLabel label = labels.get(account);
            assertThat(received).as("one report, from one person").hasSize(1);
            long after = received.get(0).occurredAt() - label.campaignEnd();
            assertThat(after).as("ten minutes to a day after the sync").isBetween(Duration.ofMinutes(10).toMillis(), Duration.ofDays(1).toMillis());
        });
        Map<String, Long> byKind = run.labels().stream().collect(Collectors.groupingBy(AccountLabel::kind, Collectors.counting()));
        Map<String, Long> reportedByKind = reports.keySet().stream().collect(Collectors.groupingBy(a -> labels.get(a).kind(), Collectors.counting()));
        // Reports after the scenario's end never happen, so a few shares fall short of what was drawn.
        assertThat(reportedByKind.get(AccountLabel.BUSINESS) / (double) byKind.get(AccountLabel.BUSINESS)).isCloseTo(0.55, within(0.12));
        assertThat(reportedByKind.get(AccountLabel.PERSONAL) / (double) byKind.get(AccountLabel.PERSONAL)).isCloseTo(0.09, within(0.05));
    }

    @Test
    void shouldResyncTheSameBookFromANewDeviceTheDelayAfterTheFirstSync() {
        Run run = generate(Map.of("migrations.accounts", "200", "migrations.resyncProbability", "1",
                "migrations.resyncDelayMinutes", "{min: 2, max: 10}", "migrations.businessShare", "0"));

        Map<String, List<SimEvent>> byAccount = run.events().stream().collect(Collectors.groupingBy(SimEvent::accountId));
        int resynced = 0;
        for (AccountLabel label : run.labels()) {
            List<SimEvent> events = byAccount.get(label.accountId());
            List<SimEvent> registrations = events.stream().filter(e -> e.type() == SimEvent.EventType.DEVICE_REGISTERED).toList();
            if (registrations.size() < 2) {
                continue; // too close to the scenario's end for a resync
            }
            resynced++;
            assertThat(registrations).hasSize(2);
            SimEvent again = registrations.get(1);
            // Everyday life after the sync may add from the same device now and then: the sync is its first adds.
            List<SimEvent> first = syncAdds(events, registrations.get(0).deviceId()).subList(0, label.addressBookSize());
            List<SimEvent> second = syncAdds(events, again.deviceId());
            assertThat(again.deviceId()).isNotEqualTo(registrations.get(0).deviceId());
            assertThat(second).as("the same contacts, mutual or not as before, in the same order")
                    .extracting(SimEvent::otherId, SimEvent::mutual)
                    .containsExactlyElementsOf(first.stream().map(e -> tuple(e.otherId(), e.mutual())).toList());
            long afterFirstSync = again.occurredAt() - first.get(first.size() - 1).occurredAt();
            assertThat(afterFirstSync).isBetween(Duration.ofMinutes(2).toMillis(), Duration.ofMinutes(10).toMillis());
            assertThat(label.campaignEnd()).as("the label ends with the resync").isEqualTo(second.get(second.size() - 1).occurredAt());
        }
        assertThat(resynced).isGreaterThan(150);
        assertThat(run.events()).extracting(SimEvent::eventId).doesNotHaveDuplicates();
    }

    @Test
    void shouldResyncHoursAfterTheFirstSyncByDefault() {
        Run run = generate(Map.of("migrations.accounts", "300", "migrations.resyncProbability", "1", "duration", "P5D"));

        Map<String, List<SimEvent>> registrations = run.events().stream().filter(e -> e.type() == SimEvent.EventType.DEVICE_REGISTERED)
                .collect(Collectors.groupingBy(SimEvent::accountId));
        List<Long> gaps = registrations.values().stream().filter(r -> r.size() == 2)
                .map(r -> r.get(1).occurredAt() - r.get(0).occurredAt()).toList();
        assertThat(gaps).hasSizeGreaterThan(200)
                .allSatisfy(gap -> assertThat(gap).isBetween(Duration.ofHours(1).toMillis(), Duration.ofHours(21).toMillis()));
    }

    /** A migration's contact-sync adds from one device, in time order. */
    private static List<SimEvent> syncAdds(List<SimEvent> events, String deviceId) {
        return events.stream().filter(e -> e.source() == FriendSource.CONTACT_SYNC && deviceId.equals(e.deviceId())).toList();
    }

    @Test
    void shouldGiveOrdinaryUsersTheirDailyRate() {
        Run run = generate(Map.of("ordinary.accounts", "2000", "duration", "P3D"));

        long adds = run.events().stream().filter(e -> e.type() == SimEvent.EventType.FRIEND_ADDED).count();
        assertThat(adds / 2000.0 / 3).as("friend-adds per account per day").isCloseTo(3.0, within(0.15));
        double mutual = run.events().stream().filter(e -> e.type() == SimEvent.EventType.FRIEND_ADDED && e.mutual()).count() / (double) adds;
        assertThat(mutual).isCloseTo(0.6, within(0.02));
    }

    @Test
    void shouldMakeFloodsFastAndAlmostNeverMutualThenFillChatroomsWithStrangers() {
        Run run = generate(Map.of("campaigns.friendAddFlood.accounts", "200"));

        List<SimEvent> adds = run.events().stream().filter(e -> e.type() == SimEvent.EventType.FRIEND_ADDED).toList();
        assertThat(adds.stream().filter(SimEvent::mutual).count() / (double) adds.size()).isCloseTo(0.02, within(0.01));
        assertThat(adds).allSatisfy(a -> assertThat(a.source()).isIn(FriendSource.ID_SEARCH, FriendSource.PHONE_NUMBER));
        List<SimEvent> rooms = run.events().stream().filter(e -> e.type() == SimEvent.EventType.CHATROOM_CREATED).toList();
        assertThat(rooms).isNotEmpty().allSatisfy(r -> assertThat(r.nonFriendMemberCount()).isGreaterThanOrEqualTo(r.memberCount() - 2));
        assertThat(run.labels()).allSatisfy(l -> assertThat(l.campaignEnd()).isGreaterThanOrEqualTo(l.campaignStart()));
    }

    @Test
    void shouldKeepLowAndSlowCampaignsAtTheirHourlyRate() {
        Run run = generate(Map.of("campaigns.lowAndSlow.accounts", "100", "campaigns.lowAndSlow.addsPerHour", "{min: 30, max: 30}",
                "campaigns.lowAndSlow.durationHours", "{min: 10, max: 10}", "duration", "P10D", "reports.reportedShare", "0"));

        double hours = run.labels().stream().mapToLong(l -> l.campaignEnd() - l.campaignStart()).sum() / 3_600_000.0;
        assertThat(run.events().size() / hours).as("adds per campaign hour").isCloseTo(30, within(2.0));
    }

    @Test
    void shouldLetVictimsReportTheShareOfCampaignsTheScenarioAsks() {
        Run run = generate(Map.of("campaigns.chatroomFlood.accounts", "400", "reports.reportedShare", "0.5", "reports.reporters", "{min: 2, max: 2}"));

        long reported = run.events().stream().filter(e -> e.type() == SimEvent.EventType.SPAM_REPORTED)
                .map(SimEvent::accountId).distinct().count();
        assertThat(reported / 400.0).isCloseTo(0.5, within(0.08));
    }
}
