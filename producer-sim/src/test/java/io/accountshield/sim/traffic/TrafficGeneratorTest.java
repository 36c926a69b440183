package io.accountshield.sim.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import io.accountshield.schema.events.FriendSource;
import io.accountshield.sim.scenario.Scenario;
import io.accountshield.sim.scenario.ScenarioLoader;
import io.accountshield.streams.score.AccountLabel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
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
            "campaigns.lowAndSlow.accounts", "0", "campaigns.chatroomFlood.accounts", "0", "newcomers.accounts", "0");

    private record Run(List<SimEvent> events, List<AccountLabel> labels, Scenario scenario) {

        /** Campaigns that started early enough to finish this much work before the scenario's end. */
        List<AccountLabel> finishedWithin(Duration span) {
            long latestStart = scenario.end().toEpochMilli() - span.toMillis();
            return labels.stream().filter(l -> l.campaignStart() < latestStart).toList();
        }

        long eventsOf(List<AccountLabel> accounts) {
            Set<String> ids = accounts.stream().map(AccountLabel::accountId).collect(Collectors.toSet());
            return events.stream().filter(e -> ids.contains(e.accountId())).count();
        }
    }

    private static Run generate(Map<String, String> overrides) {
        Map<String, String> all = new LinkedHashMap<>(NO_ONE);
        all.putAll(overrides);
        Scenario scenario = new ScenarioLoader().load(null, all);
        List<AccountLabel> labels = new ArrayList<>();
        List<SimEvent> events = new ArrayList<>();
        new TrafficGenerator(scenario, labels::add).forEachRemaining(events::add);
        return new Run(events, labels, scenario);
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
    void shouldDrawParetoAddressBooksAroundTheSameMedianWithAHeavierTail() {
        Map<String, String> books = Map.of("migrations.accounts", "4000", "migrations.resyncProbability", "0", "migrations.businessShare", "0",
                "duration", "PT6H");
        Map<String, String> pareto = new LinkedHashMap<>(books);
        pareto.put("migrations.addressBookDistribution", "pareto");
        pareto.put("migrations.addressBookParetoShape", "1.5");

        List<Integer> logNormalSizes = bookSizes(generate(books));
        List<Integer> paretoSizes = bookSizes(generate(pareto));

        assertThat((double) paretoSizes.get(paretoSizes.size() / 2)).isCloseTo(150, within(12.0));
        // Above 1,000: a log-normal of sigma 0.8 puts 0.9% there, a Pareto of shape 1.5 with the same median 2.9%.
        assertThat(shareAbove(logNormalSizes, 1000)).isCloseTo(0.009, within(0.005));
        assertThat(shareAbove(paretoSizes, 1000)).isCloseTo(0.029, within(0.008));
        assertThat(paretoSizes).allSatisfy(size -> assertThat(size).isBetween(1, 5000));
    }

    private static List<Integer> bookSizes(Run run) {
        return run.labels().stream().map(AccountLabel::addressBookSize).sorted().toList();
    }

    private static double shareAbove(List<Integer> sizes, int size) {
        return sizes.stream().filter(s -> s > size).count() / (double) sizes.size();
    }

    @Test
    void shouldUploadBooksAndListsInBatchesWhenSyncsAreBursty() {
        Map<String, String> bursty = new LinkedHashMap<>(Map.of("migrations.accounts", "100", "campaigns.purchasedList.accounts", "20",
                "migrations.resyncProbability", "0", "contactSync.spacing", "bursty", "contactSync.batchSize", "{min: 50, max: 50}",
                "contactSync.batchPauseMillis", "{min: 5000, max: 5000}", "migrations.addSpacingMillis", "{min: 100, max: 100}",
                "campaigns.purchasedList.addSpacingMillis", "{min: 100, max: 100}"));
        bursty.put("newcomers.accounts", "100");
        bursty.put("newcomers.addSpacingMillis", "{min: 100, max: 100}");
        Run run = generate(bursty);

        Map<String, List<SimEvent>> byAccount = run.events().stream().filter(e -> e.source() == FriendSource.CONTACT_SYNC)
                .collect(Collectors.groupingBy(SimEvent::accountId));
        Set<String> kinds = new HashSet<>();
        Map<String, AccountLabel> labels = run.labels().stream().collect(Collectors.toMap(AccountLabel::accountId, l -> l));
        List<Long> inBatch = new ArrayList<>();
        byAccount.forEach((account, allAdds) -> {
            // The sync is the first adds; everyday life after it may sync a contact now and then. A newcomer that
            // skipped the sync has none of its own (its size is 0).
            List<SimEvent> adds = allAdds.subList(0, labels.get(account).addressBookSize());
            for (int i = 1; i < adds.size(); i++) {
                long gap = adds.get(i).occurredAt() - adds.get(i - 1).occurredAt();
                if (i % 50 == 0) {
                    assertThat(gap).as("the pause after each batch of 50").isEqualTo(5000);
                    kinds.add(labels.get(account).kind());
                } else {
                    inBatch.add(gap);
                }
            }
        });
        assertThat(kinds).contains(AccountLabel.PURCHASED_LIST, AccountLabel.NEWCOMER).containsAnyOf(AccountLabel.PERSONAL, AccountLabel.BUSINESS);
        assertThat(inBatch.stream().mapToLong(Long::longValue).average().orElseThrow()).as("exponential gaps of mean 100 ms").isCloseTo(100, within(5.0));
        assertThat(inBatch.stream().filter(gap -> gap < 30).count() / (double) inBatch.size()).as("an exponential's short gaps, P(< 30 ms) = 26%")
                .isCloseTo(0.26, within(0.03));
    }

    @Test
    void shouldGiveEachOrdinaryUserTheirOwnRateWhenRatesAreHeavyTailed() {
        Map<String, String> same = Map.of("ordinary.accounts", "3000", "duration", "P3D");
        Map<String, String> heavyTailed = new LinkedHashMap<>(same);
        heavyTailed.put("ordinary.friendAddRate", "heavyTailed");
        heavyTailed.put("ordinary.friendAddRateSigma", "1.0");

        double[] sameCounts = addsPerAccount(generate(same), 3000);
        double[] heavyCounts = addsPerAccount(generate(heavyTailed), 3000);

        assertThat(mean(heavyCounts) / 3).as("the mean rate is kept").isCloseTo(3.0, within(0.25));
        // Over three days a Poisson count's variance equals its mean; people's own rates spread it far wider.
        assertThat(variance(sameCounts) / mean(sameCounts)).isCloseTo(1.0, within(0.15));
        assertThat(variance(heavyCounts) / mean(heavyCounts)).isGreaterThan(5);
    }

    private static double[] addsPerAccount(Run run, int accounts) {
        Map<String, Long> counts = run.events().stream().filter(e -> e.type() == SimEvent.EventType.FRIEND_ADDED)
                .collect(Collectors.groupingBy(SimEvent::accountId, Collectors.counting()));
        return run.labels().stream().mapToDouble(l -> counts.getOrDefault(l.accountId(), 0L)).toArray();
    }

    private static double mean(double[] values) {
        return Arrays.stream(values).average().orElseThrow();
    }

    private static double variance(double[] values) {
        double mean = mean(values);
        return Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum() / (values.length - 1);
    }

    @Test
    void shouldLetPowerUsersAddDozensADayByQrCodeAtMeetups() {
        Run run = generate(Map.of("ordinary.accounts", "1000", "duration", "P4D", "ordinary.powerUsers.share", "0.2",
                "ordinary.powerUsers.addsPerDay", "{min: 30, max: 30}", "ordinary.powerUsers.meetupShare", "1",
                "ordinary.powerUsers.meetupsPerDay", "1", "ordinary.powerUsers.meetupMinutes", "{min: 60, max: 60}",
                "ordinary.powerUsers.meetupMutualRatio", "0.2"));

        Set<String> powerUsers = run.labels().stream().filter(l -> l.kind().equals(AccountLabel.POWER_USER))
                .map(AccountLabel::accountId).collect(Collectors.toSet());
        assertThat(run.labels()).allSatisfy(l -> assertThat(l.population()).isEqualTo(AccountLabel.ORDINARY));
        assertThat(powerUsers.size() / 1000.0).isCloseTo(0.2, within(0.04));
        List<SimEvent> adds = run.events().stream().filter(e -> e.type() == SimEvent.EventType.FRIEND_ADDED && powerUsers.contains(e.accountId())).toList();
        assertThat(adds.size() / (double) powerUsers.size() / 4).as("adds a day").isCloseTo(30, within(5.0));
        assertThat(adds).allSatisfy(a -> assertThat(a.source()).isEqualTo(FriendSource.QR_CODE));
        assertThat(adds.stream().filter(SimEvent::mutual).count() / (double) adds.size()).isCloseTo(0.2, within(0.03));
        // Each meetup lasts an hour: most adds have another within the hour, where everyday adds (30 a day spread out) would not.
        Map<String, List<Long>> times = adds.stream().collect(Collectors.groupingBy(SimEvent::accountId,
                Collectors.mapping(SimEvent::occurredAt, Collectors.toList())));
        long inCompany = times.values().stream().mapToLong(t -> t.stream()
                .filter(at -> t.stream().anyMatch(other -> other != at.longValue() && Math.abs(other - at) < Duration.ofMinutes(60).toMillis())).count()).sum();
        assertThat(inCompany / (double) adds.size()).isGreaterThan(0.9);
        long maxInAnHour = times.values().stream().mapToLong(TrafficGeneratorTest::mostWithinAnHour).max().orElseThrow();
        assertThat(maxInAnHour).as("a meetup's worth in one hour").isGreaterThanOrEqualTo(20);
    }

    private static long mostWithinAnHour(List<Long> unsorted) {
        List<Long> times = unsorted.stream().sorted().toList();
        long most = 0;
        int from = 0;
        for (int i = 0; i < times.size(); i++) {
            while (times.get(i) - times.get(from) >= Duration.ofHours(1).toMillis()) {
                from++;
            }
            most = Math.max(most, i - from + 1);
        }
        return most;
    }

    @Test
    void shouldPauseCampaignsBetweenBoutsAndKeepTheirWork() {
        Map<String, String> constant = Map.of("campaigns.lowAndSlow.accounts", "60", "campaigns.lowAndSlow.addsPerHour", "{min: 30, max: 30}",
                "campaigns.lowAndSlow.durationHours", "{min: 10, max: 10}", "duration", "P10D", "reports.reportedShare", "0");
        Map<String, String> onOff = new LinkedHashMap<>(constant);
        onOff.put("campaigns.pace.shape", "onOff");
        onOff.put("campaigns.pace.onMinutes", "{min: 60, max: 60}");
        onOff.put("campaigns.pace.offMinutes", "{min: 120, max: 120}");

        Run steady = generate(constant);
        Run inBouts = generate(onOff);

        Map<String, Long> starts = inBouts.labels().stream().collect(Collectors.toMap(AccountLabel::accountId, AccountLabel::campaignStart));
        assertThat(inBouts.events()).allSatisfy(e -> assertThat((e.occurredAt() - starts.get(e.accountId())) % Duration.ofHours(3).toMillis())
                .as("inside an hour's bout, every three hours").isLessThan(Duration.ofHours(1).toMillis()));
        List<AccountLabel> finished = inBouts.finishedWithin(Duration.ofHours(28));
        assertThat(finished).hasSizeGreaterThan(40).allSatisfy(l -> assertThat(l.campaignEnd() - l.campaignStart())
                .as("ten hours of work over ten bouts and nine pauses").isBetween(Duration.ofHours(27).toMillis(), Duration.ofHours(28).toMillis()));
        List<AccountLabel> steadyFinished = steady.finishedWithin(Duration.ofHours(10));
        assertThat(inBouts.eventsOf(finished) / (double) finished.size()).as("as much work: 10 hours at 30 an hour").isCloseTo(300, within(15.0));
        assertThat(steady.eventsOf(steadyFinished) / (double) steadyFinished.size()).isCloseTo(300, within(15.0));
    }

    @Test
    void shouldMakeDiurnalCampaignsBusierByDayThanByNight() {
        Run run = generate(Map.of("campaigns.lowAndSlow.accounts", "60", "campaigns.lowAndSlow.addsPerHour", "{min: 30, max: 30}",
                "campaigns.lowAndSlow.durationHours", "{min: 48, max: 48}", "duration", "P10D", "reports.reportedShare", "0",
                "campaigns.pace.shape", "diurnal", "campaigns.pace.diurnalAmplitude", "0.9", "campaigns.pace.diurnalPeakHour", "14"));

        long[] byHour = new long[24];
        run.events().forEach(e -> byHour[(int) (e.occurredAt() % Duration.ofDays(1).toMillis() / Duration.ofHours(1).toMillis())]++);
        long afternoon = byHour[13] + byHour[14] + byHour[15];
        long night = byHour[1] + byHour[2] + byHour[3];
        // A rate of 1 + 0.9 cos(...): about 1.9 times the mean at 14:00, 0.1 times at 02:00.
        assertThat(afternoon / (double) night).isGreaterThan(8);
        List<AccountLabel> finished = run.finishedWithin(Duration.ofHours(60));
        assertThat(run.eventsOf(finished) / (double) finished.size()).as("48 hours' work at 30 an hour").isCloseTo(1440, within(50.0));
        // The rate's swings cancel over whole days: two days of work take two days, wherever in the day they start
        // (give or take the last gap, which at night stretches tenfold).
        assertThat(finished).hasSizeGreaterThan(30).allSatisfy(l -> assertThat(l.campaignEnd() - l.campaignStart())
                .isCloseTo(Duration.ofHours(48).toMillis(), within(Duration.ofHours(3).toMillis())));
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

    /** Newcomers alone, who do nothing after joining, so that every add is part of joining. */
    private static Map<String, String> newcomersOnly(String accounts, String... more) {
        Map<String, String> all = new LinkedHashMap<>(Map.of("newcomers.accounts", accounts, "newcomers.friendAddsPerDayAfter", "0"));
        for (int i = 0; i < more.length; i += 2) {
            all.put(more[i], more[i + 1]);
        }
        return all;
    }

    private static Map<String, List<SimEvent>> byAccount(Run run) {
        return run.events().stream().collect(Collectors.groupingBy(SimEvent::accountId));
    }

    @Test
    void shouldRegisterANewcomersFirstDeviceMinutesAfterItsAccountWasCreated() {
        Run run = generate(newcomersOnly("300", "newcomers.accountAgeMinutes", "{min: 2, max: 8}"));

        assertThat(run.labels()).hasSize(300).allSatisfy(l -> {
            assertThat(l.population()).isEqualTo(AccountLabel.ORDINARY);
            assertThat(l.kind()).isEqualTo(AccountLabel.NEWCOMER);
        });
        Map<String, List<SimEvent>> byAccount = byAccount(run);
        for (AccountLabel label : run.labels()) {
            List<SimEvent> events = byAccount.get(label.accountId());
            assertThat(events.get(0).type()).as("its first event").isEqualTo(SimEvent.EventType.DEVICE_REGISTERED);
            assertThat(events.get(0).occurredAt()).isEqualTo(label.campaignStart());
            assertThat(events.get(0).accountAgeMillis()).as("the account is minutes old")
                    .isBetween(Duration.ofMinutes(2).toMillis(), Duration.ofMinutes(8).toMillis());
            assertThat(events).filteredOn(e -> e.type() == SimEvent.EventType.DEVICE_REGISTERED).as("one registration").hasSize(1);
        }
    }

    @Test
    void shouldSyncANewcomersAddressBookBeforeItAddsPeopleItMayKnow() {
        // A second between contacts makes a sync of 80 last over a minute; people it may know come from nought to a minute after it.
        Run run = generate(newcomersOnly("400", "newcomers.noSyncShare", "0", "newcomers.sparseBookShare", "0",
                "newcomers.addSpacingMillis", "{min: 1000, max: 1000}", "newcomers.recommendationDelayMinutes", "{min: 0, max: 1}"));

        Map<String, List<SimEvent>> byAccount = byAccount(run);
        List<SimEvent> allSyncAdds = new ArrayList<>();
        List<Integer> bookSizes = new ArrayList<>();
        for (AccountLabel label : run.labels()) {
            List<SimEvent> adds = byAccount.get(label.accountId()).stream().filter(e -> e.type() == SimEvent.EventType.FRIEND_ADDED).toList();
            List<SimEvent> synced = adds.stream().filter(e -> e.source() == FriendSource.CONTACT_SYNC).toList();
            List<SimEvent> chosen = adds.stream().filter(e -> e.source() != FriendSource.CONTACT_SYNC).toList();
            assertThat(synced).as("the whole book").hasSize(label.addressBookSize()).isNotEmpty();
            assertThat(chosen).hasSizeBetween(5, 15);
            long lastSynced = synced.get(synced.size() - 1).occurredAt();
            assertThat(chosen.get(0).occurredAt() - lastSynced).as("people it may know come after the sync, within the delay and the session")
                    .isBetween(0L, Duration.ofMinutes(1 + 40).toMillis());
            assertThat(label.campaignEnd()).isEqualTo(chosen.get(chosen.size() - 1).occurredAt());
            allSyncAdds.addAll(synced);
            bookSizes.add(label.addressBookSize());
        }
        bookSizes.sort(null);
        assertThat((double) bookSizes.get(bookSizes.size() / 2)).as("the median book, smaller than a migration's").isCloseTo(80, within(10.0));
        assertThat(allSyncAdds.stream().filter(SimEvent::mutual).count() / (double) allSyncAdds.size()).isCloseTo(0.85, within(0.02));
    }

    @Test
    void shouldMakeMostPeopleANewcomerMayKnowStrangersWithinItsSession() {
        Run run = generate(newcomersOnly("300", "newcomers.recommendationAdds", "{min: 10, max: 10}",
                "newcomers.recommendationDelayMinutes", "{min: 5, max: 5}", "newcomers.recommendationMinutes", "{min: 20, max: 20}",
                "newcomers.recommendationMutualRatio", "0.25", "newcomers.lookupShare", "0.2"));

        Map<String, List<SimEvent>> byAccount = byAccount(run);
        List<SimEvent> chosen = new ArrayList<>();
        for (AccountLabel label : run.labels()) {
            List<SimEvent> events = byAccount.get(label.accountId());
            // The session starts five minutes after the last contact synced, or after the registration without a sync.
            long joined = events.stream().filter(e -> e.source() == FriendSource.CONTACT_SYNC)
                    .mapToLong(SimEvent::occurredAt).max().orElse(label.campaignStart());
            long from = joined + Duration.ofMinutes(5).toMillis();
            List<SimEvent> adds = events.stream().filter(e -> e.type() == SimEvent.EventType.FRIEND_ADDED && e.source() != FriendSource.CONTACT_SYNC).toList();
            assertThat(adds).hasSize(10).allSatisfy(add -> assertThat(add.occurredAt()).as("inside the twenty minutes")
                    .isBetween(from, from + Duration.ofMinutes(20).toMillis()));
            chosen.addAll(adds);
        }
        assertThat(chosen.stream().filter(SimEvent::mutual).count() / (double) chosen.size()).as("mostly not mutual")
                .isCloseTo(0.25, within(0.03));
        assertThat(chosen).extracting(SimEvent::source).containsOnly(FriendSource.RECOMMENDATION, FriendSource.PHONE_NUMBER, FriendSource.ID_SEARCH);
        assertThat(chosen.stream().filter(e -> e.source() != FriendSource.RECOMMENDATION).count() / (double) chosen.size())
                .as("friends looked up by number or ID").isCloseTo(0.2, within(0.03));
    }

    @Test
    void shouldLetTheNoSyncShareOfNewcomersOnlyAddPeopleTheyMayKnow() {
        Run run = generate(newcomersOnly("1000", "newcomers.noSyncShare", "0.3"));

        Map<String, List<SimEvent>> byAccount = byAccount(run);
        List<AccountLabel> noSync = run.labels().stream().filter(l -> l.addressBookSize() == 0).toList();
        assertThat(noSync.size() / 1000.0).isCloseTo(0.3, within(0.05));
        for (AccountLabel label : run.labels()) {
            List<SimEvent> adds = byAccount.get(label.accountId()).stream().filter(e -> e.type() == SimEvent.EventType.FRIEND_ADDED).toList();
            long synced = adds.stream().filter(e -> e.source() == FriendSource.CONTACT_SYNC).count();
            assertThat(synced).as("contact-sync adds of %s", label.addressBookSize() == 0 ? "one that denied contacts" : "one that synced")
                    .isEqualTo(label.addressBookSize());
            assertThat(adds.size() - synced).as("people it may know").isBetween(5L, 15L);
        }
        Run none = generate(newcomersOnly("200", "newcomers.noSyncShare", "1"));
        assertThat(none.events()).isNotEmpty().noneMatch(e -> e.source() == FriendSource.CONTACT_SYNC);
    }

    /**
     * Every population but newcomers, small, and the fingerprint of its traffic for the default seed as
     * generated before newcomers existed: adding them must leave it event for event as it was.
     */
    private static final Map<String, String> BEFORE_NEWCOMERS = Map.of("ordinary.accounts", "100", "migrations.accounts", "20",
            "campaigns.friendAddFlood.accounts", "2", "campaigns.purchasedList.accounts", "2", "campaigns.lowAndSlow.accounts", "2",
            "campaigns.chatroomFlood.accounts", "2", "duration", "PT12H");
    // Taken on main's code before newcomers existed, and again when low-and-slow campaigns gained the
    // login that says their account's age (two events more; their sequence numbers moved by one).
    private static final int BEFORE_NEWCOMERS_EVENTS = 9823;
    private static final int BEFORE_NEWCOMERS_FINGERPRINT = -4514116;

    /** Every field of every event, as text (not a record's toString, whose format Java leaves open), hashed. */
    private static int fingerprint(List<SimEvent> events) {
        return events.stream().map(e -> e.eventId() + " " + e.type() + " " + e.occurredAt() + " " + e.otherId() + " " + e.source() + " "
                        + e.mutual() + " " + e.deviceId() + " " + e.memberCount() + " " + e.nonFriendMemberCount() + " " + e.accountAgeMillis())
                .collect(Collectors.joining("\n")).hashCode();
    }

    @Test
    void shouldKeepTheOtherPopulationsTrafficEventForEventAsBeforeNewcomersExisted() {
        Map<String, String> withNewcomers = new LinkedHashMap<>(BEFORE_NEWCOMERS);
        withNewcomers.put("newcomers.accounts", "150");

        Run run = generate(withNewcomers);

        Set<String> newcomers = run.labels().stream().filter(l -> l.kind().equals(AccountLabel.NEWCOMER))
                .map(AccountLabel::accountId).collect(Collectors.toSet());
        List<SimEvent> others = run.events().stream().filter(e -> !newcomers.contains(e.accountId())).toList();
        assertThat(newcomers).hasSize(150);
        assertThat(others).hasSize(BEFORE_NEWCOMERS_EVENTS);
        assertThat(fingerprint(others)).isEqualTo(BEFORE_NEWCOMERS_FINGERPRINT);
    }

    @Test
    void shouldLeaveTheOtherPopulationsTrafficAsItWasWhenNewcomersJoin() {
        Map<String, String> others = new LinkedHashMap<>(Map.of("ordinary.accounts", "200", "migrations.accounts", "30",
                "campaigns.friendAddFlood.accounts", "3", "campaigns.lowAndSlow.accounts", "3", "duration", "PT12H"));
        Map<String, String> withNewcomers = new LinkedHashMap<>(others);
        withNewcomers.put("newcomers.accounts", "100");

        Run without = generate(others);
        Run with = generate(withNewcomers);

        Set<String> newcomers = with.labels().stream().filter(l -> l.kind().equals(AccountLabel.NEWCOMER))
                .map(AccountLabel::accountId).collect(Collectors.toSet());
        assertThat(newcomers).hasSize(100);
        assertThat(with.events().stream().filter(e -> !newcomers.contains(e.accountId())).toList()).isEqualTo(without.events());
        assertThat(with.labels().stream().filter(l -> !newcomers.contains(l.accountId())).toList()).isEqualTo(without.labels());
    }
}
