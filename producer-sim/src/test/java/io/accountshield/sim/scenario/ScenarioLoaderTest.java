package io.accountshield.sim.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A scenario file is laid over the default; every mistake names the field and what was expected. */
class ScenarioLoaderTest {

    @TempDir
    Path dir;

    private final ScenarioLoader loader = new ScenarioLoader();

    @Test
    void shouldLayAPartialFileOverTheDefault() throws Exception {
        Path file = Files.writeString(dir.resolve("small.yaml"), "seed: 9\nordinary:\n  accounts: 100\nduration: PT6H\n");

        Scenario scenario = loader.load(file, Map.of());

        assertThat(scenario.seed()).isEqualTo(9);
        assertThat(scenario.ordinary().accounts()).isEqualTo(100);
        assertThat(scenario.ordinary().friendAddsPerDay()).as("kept from the default").isEqualTo(3.0);
        assertThat(scenario.duration()).isEqualTo(Duration.ofHours(6));
    }

    @Test
    void shouldReadJsonToo() throws Exception {
        Path file = Files.writeString(dir.resolve("small.json"), "{\"migrations\": {\"accounts\": 5, \"businessShare\": 0.5}}");

        assertThat(loader.load(file, Map.of()).migrations().businessShare()).isEqualTo(0.5);
    }

    @Test
    void shouldApplySetOverridesLast() throws Exception {
        Path file = Files.writeString(dir.resolve("s.yaml"), "ordinary:\n  accounts: 100\n");

        Scenario scenario = loader.load(file, Map.of("ordinary.accounts", "7", "campaigns.lowAndSlow.addsPerHour", "{min: 5, max: 6}"));

        assertThat(scenario.ordinary().accounts()).isEqualTo(7);
        assertThat(scenario.campaigns().lowAndSlow().addsPerHour()).isEqualTo(new Scenario.Range(5, 6));
    }

    @Test
    void shouldLayACommandsOwnChoicesUnderTheFileAndSetOverAll() throws Exception {
        Path file = Files.writeString(dir.resolve("s.yaml"), "ordinary:\n  accounts: 100\n");

        Scenario scenario = loader.load(Map.of("ordinary.accounts", "5000", "migrations.accounts", "500"), file,
                Map.of("migrations.accounts", "7"));

        assertThat(scenario.ordinary().accounts()).as("the file wins over the command's choice").isEqualTo(100);
        assertThat(scenario.migrations().accounts()).as("--set wins over both").isEqualTo(7);
    }

    @Test
    void shouldNameAnUnknownFieldWhereItIsAndWhatIsExpected() throws Exception {
        Path file = Files.writeString(dir.resolve("typo.yaml"), "ordinary:\n  acounts: 100\n");

        assertThatThrownBy(() -> loader.load(file, Map.of()))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("typo.yaml: unknown field 'acounts' in ordinary; expected one of: accounts, chatroomsPerDay");
    }

    @Test
    void shouldNameAFieldOfTheWrongType() throws Exception {
        Path file = Files.writeString(dir.resolve("type.yaml"), "migrations:\n  accounts: many\n");

        assertThatThrownBy(() -> loader.load(file, Map.of()))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("type.yaml: migrations.accounts must be a whole number, was 'many'");
    }

    @Test
    void shouldNameAMalformedDuration() throws Exception {
        Path file = Files.writeString(dir.resolve("d.yaml"), "duration: three days\n");

        assertThatThrownBy(() -> loader.load(file, Map.of()))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("d.yaml: duration");
    }

    @Test
    void shouldNameEveryValueOutOfRange() throws Exception {
        Path file = Files.writeString(dir.resolve("r.yaml"),
                "migrations:\n  mutualRatio: 1.5\ncampaigns:\n  lowAndSlow:\n    addsPerHour: {min: 60, max: 20}\nordinary:\n  accounts: -3\n");

        assertThatThrownBy(() -> loader.load(file, Map.of()))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("ordinary.accounts must not be negative, was -3")
                .hasMessageContaining("migrations.mutualRatio must be between 0 and 1, was 1.5")
                .hasMessageContaining("campaigns.lowAndSlow.addsPerHour: min (60) is greater than max (20)");
    }

    @Test
    void shouldLoadABuiltInScenarioByNameOverTheDefault() {
        Scenario otherWorld = loader.load(Map.of(), "other-world", Map.of("migrations.accounts", "7"));

        assertThat(otherWorld.duration()).isEqualTo(Duration.ofHours(96));
        assertThat(otherWorld.migrations().addressBookDistribution()).isEqualTo(Scenario.AddressBookDistribution.pareto);
        assertThat(otherWorld.contactSync().spacing()).isEqualTo(Scenario.SyncSpacing.bursty);
        assertThat(otherWorld.campaigns().pace().shape()).isEqualTo(Scenario.PaceShape.onOff);
        assertThat(otherWorld.ordinary().friendAddRate()).isEqualTo(Scenario.FriendAddRate.heavyTailed);
        assertThat(otherWorld.migrations().accounts()).as("--set over the built-in").isEqualTo(7);
        assertThat(otherWorld.campaigns().pace().diurnalPeakHour()).as("kept from the default").isEqualTo(14);
        Scenario.Newcomers newcomers = otherWorld.newcomers();
        Scenario.Newcomers defaultNewcomers = loader.load(null, Map.of()).newcomers();
        assertThat(defaultNewcomers.accounts()).isEqualTo(1000);
        assertThat(defaultNewcomers.noSyncShare()).isEqualTo(0.05);
        assertThat(newcomers.noSyncShare()).as("more newcomers skip the sync").isEqualTo(0.1);
        assertThat(newcomers.addressBookDistribution()).isEqualTo(Scenario.AddressBookDistribution.pareto);
        assertThat(newcomers.recommendationAdds().max()).as("and add more people they may know")
                .isGreaterThan(defaultNewcomers.recommendationAdds().max());
    }

    @Test
    void shouldLoadEveryBuiltInScenario() {
        for (String name : ScenarioLoader.BUILT_IN) {
            assertThat(loader.load(Map.of(), name, Map.of())).as(name).isNotNull();
        }
        assertThat(loader.load(Map.of(), "default", Map.of())).isEqualTo(loader.load(null, Map.of()));
    }

    @Test
    void shouldPreferAFileToABuiltInOfTheSameName() throws Exception {
        Path file = Files.writeString(dir.resolve("other-world"), "ordinary:\n  accounts: 3\n");

        Scenario scenario = loader.load(Map.of(), file.toString(), Map.of());

        assertThat(scenario.ordinary().accounts()).isEqualTo(3);
        assertThat(scenario.duration()).as("the default's, not other-world's").isEqualTo(Duration.ofHours(72));
    }

    @Test
    void shouldNameTheBuiltInScenariosWhenNoFileOrBuiltInHasTheName() {
        assertThatThrownBy(() -> loader.load(Map.of(), "another-world", Map.of()))
                .isInstanceOf(ScenarioException.class)
                .hasMessage("scenario file another-world does not exist, and no built-in scenario has that name (the built-in ones: default, other-world)");
    }

    @Test
    void shouldKeepDeliveryDisorderInsideTheGracePeriod() {
        assertThatThrownBy(() -> loader.load(null, Map.of("delivery.maxDisorderMillis", "30001")))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("delivery.maxDisorderMillis must be between 0 and 30000 (30 s, well inside the application's grace period, "
                        + "time.grace), was 30001");
        assertThatThrownBy(() -> loader.load(null, Map.of("delivery.maxDisorderMillis", "-1", "delivery.disorderShare", "1.2")))
                .hasMessageContaining("delivery.maxDisorderMillis must be between 0 and 30000")
                .hasMessageContaining("delivery.disorderShare must be between 0 and 1, was 1.2");
        assertThat(loader.load(null, Map.of("delivery.maxDisorderMillis", "30000")).delivery().maxDisorderMillis()).isEqualTo(30000);
    }

    @Test
    void shouldNameADistributionTheScenarioDoesNotKnowAndTheOnesItDoes() throws Exception {
        Path file = Files.writeString(dir.resolve("zipf.yaml"), "migrations:\n  addressBookDistribution: zipf\n");

        assertThatThrownBy(() -> loader.load(file, Map.of()))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("zipf.yaml: migrations.addressBookDistribution must be one of: logNormal, pareto, was 'zipf'");
        assertThatThrownBy(() -> loader.load(null, Map.of("campaigns.pace.shape", "weekly")))
                .hasMessageContaining("campaigns.pace.shape must be one of: constant, onOff, diurnal, was 'weekly'");
    }

    @Test
    void shouldNameEveryNewFieldOutOfRange() {
        Map<String, String> wrong = new java.util.LinkedHashMap<>();
        wrong.put("ordinary.friendAddRateSigma", "4");
        wrong.put("ordinary.powerUsers.share", "2");
        wrong.put("ordinary.powerUsers.meetupsPerDay", "0");
        wrong.put("ordinary.powerUsers.meetupMinutes", "{min: 0, max: 60}");
        wrong.put("migrations.addressBookParetoShape", "0");
        wrong.put("migrations.resyncDelayMinutes", "{min: 30, max: 2}");
        wrong.put("contactSync.batchSize", "{min: 0, max: 10}");
        wrong.put("campaigns.pace.diurnalAmplitude", "1.5");
        wrong.put("campaigns.pace.diurnalPeakHour", "24");
        wrong.put("campaigns.pace.onMinutes", "{min: 0, max: 10}");

        assertThatThrownBy(() -> loader.load(null, wrong))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("ordinary.friendAddRateSigma must be between 0 and 3, was 4")
                .hasMessageContaining("ordinary.powerUsers.share must be between 0 and 1, was 2.0")
                .hasMessageContaining("ordinary.powerUsers.meetupsPerDay must be above 0 when meetupShare is (0.5)")
                .hasMessageContaining("ordinary.powerUsers.meetupMinutes.min must be at least 1, was 0")
                .hasMessageContaining("migrations.addressBookParetoShape must be between 0.5 and 10, was 0")
                .hasMessageContaining("migrations.resyncDelayMinutes: min (30) is greater than max (2)")
                .hasMessageContaining("contactSync.batchSize.min must be at least 1, was 0")
                .hasMessageContaining("campaigns.pace.diurnalAmplitude must be between 0 and 1, was 1.5")
                .hasMessageContaining("campaigns.pace.diurnalPeakHour must be between 0 and 23, was 24")
                .hasMessageContaining("campaigns.pace.onMinutes.min must be at least 1, was 0");
    }

    @Test
    void shouldNameEveryNewcomersFieldOutOfRange() {
        Map<String, String> wrong = new java.util.LinkedHashMap<>();
        wrong.put("newcomers.accounts", "-1");
        wrong.put("newcomers.accountAgeMinutes", "{min: 5, max: 2000}");
        wrong.put("newcomers.noSyncShare", "1.5");
        wrong.put("newcomers.addressBookMedian", "0");
        wrong.put("newcomers.addressBookSigma", "-0.5");
        wrong.put("newcomers.addressBookParetoShape", "20");
        wrong.put("newcomers.mutualRatio", "-0.1");
        wrong.put("newcomers.sparseBookMutualPercent", "{min: 40, max: 120}");
        wrong.put("newcomers.addSpacingMillis", "{min: -5, max: 300}");
        wrong.put("newcomers.recommendationDelayMinutes", "{min: 30, max: 10}");
        wrong.put("newcomers.recommendationAdds", "{min: 15, max: 5}");
        wrong.put("newcomers.recommendationMinutes", "{min: 0, max: 40}");
        wrong.put("newcomers.recommendationMutualRatio", "2");
        wrong.put("newcomers.lookupShare", "1.1");
        wrong.put("newcomers.friendAddsPerDayAfter", "-3");

        assertThatThrownBy(() -> loader.load(null, wrong))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("newcomers.accounts must not be negative, was -1")
                .hasMessageContaining("newcomers.accountAgeMinutes.max must be at most 1440 (a day: a newcomer's account is created minutes "
                        + "before its first device registration), was 2000")
                .hasMessageContaining("newcomers.noSyncShare must be between 0 and 1, was 1.5")
                .hasMessageContaining("newcomers.addressBookMedian must be at least 1.0, was 0.0")
                .hasMessageContaining("newcomers.addressBookSigma must be between 0 and 3, was -0.5")
                .hasMessageContaining("newcomers.addressBookParetoShape must be between 0.5 and 10, was 20")
                .hasMessageContaining("newcomers.mutualRatio must be between 0 and 1, was -0.1")
                .hasMessageContaining("newcomers.sparseBookMutualPercent.max must be at most 100, was 120")
                .hasMessageContaining("newcomers.addSpacingMillis.min must be at least 0, was -5")
                .hasMessageContaining("newcomers.recommendationDelayMinutes: min (30) is greater than max (10)")
                .hasMessageContaining("newcomers.recommendationAdds: min (15) is greater than max (5)")
                .hasMessageContaining("newcomers.recommendationMinutes.min must be at least 1, was 0")
                .hasMessageContaining("newcomers.recommendationMutualRatio must be between 0 and 1, was 2.0")
                .hasMessageContaining("newcomers.lookupShare must be between 0 and 1, was 1.1")
                .hasMessageContaining("newcomers.friendAddsPerDayAfter must be a number 0 or more, was -3.0");
        assertThat(loader.load(null, Map.of("newcomers.accountAgeMinutes", "{min: 0, max: 1440}", "newcomers.recommendationAdds", "{min: 0, max: 0}"))
                .newcomers().accountAgeMinutes().max()).as("a day old at most, and no one it may know, are allowed").isEqualTo(1440);
    }

    @Test
    void shouldRejectAnUnknownNewcomersFieldAndNameTheKnownOnes() throws Exception {
        Path file = Files.writeString(dir.resolve("newcomers.yaml"), "newcomers:\n  recommendationAdd: {min: 1, max: 2}\n");

        assertThatThrownBy(() -> loader.load(file, Map.of()))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("newcomers.yaml: unknown field 'recommendationAdd' in newcomers; expected one of: accountAgeMinutes, accounts, ")
                .hasMessageContaining("noSyncShare, recommendationAdds, recommendationDelayMinutes");
    }

    @Test
    void shouldRejectAnUnknownFieldInANewSection() throws Exception {
        Path file = Files.writeString(dir.resolve("typo.yaml"), "delivery:\n  maxDisorderMs: 100\n");

        assertThatThrownBy(() -> loader.load(file, Map.of()))
                .hasMessageContaining("typo.yaml: unknown field 'maxDisorderMs' in delivery; expected one of: disorderShare, maxDisorderMillis");
    }

    @Test
    void shouldRejectASetPathTheScenarioDoesNotHave() {
        assertThatThrownBy(() -> loader.load(null, Map.of("ordinary.acounts", "5")))
                .isInstanceOf(ScenarioException.class)
                .hasMessage("--set ordinary.acounts: the scenario has no field 'acounts'");
    }

    @Test
    void shouldSayWhenTheFileIsMissingOrNotYaml() throws Exception {
        assertThatThrownBy(() -> loader.load(dir.resolve("nope.yaml"), Map.of()))
                .hasMessageContaining("scenario file").hasMessageContaining("nope.yaml does not exist");
        Path broken = Files.writeString(dir.resolve("broken.yaml"), "ordinary: [accounts: 1\n");
        assertThatThrownBy(() -> loader.load(broken, Map.of()))
                .hasMessageContaining("broken.yaml: not valid YAML or JSON");
    }
}
