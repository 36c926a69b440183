package io.accountshield.sim.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import io.accountshield.sim.scenario.Scenario;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The built-in suite: every case a valid scenario, and the flags it prints reproduce it. */
class EvaluationSuiteTest {

    private final EvaluationSuite builtIn = EvaluationSuite.load(null);

    @Test
    void shouldHoldTheDocumentedCasesWithTheirTargetsRequiredOrNot() {
        List<EvaluationCase> cases = builtIn.select(List.of());

        assertThat(cases).extracting(EvaluationCase::name).containsExactly("default-seed-42", "default-seed-1", "default-seed-2",
                "default-seed-3", "bigger-address-books", "lower-mutual-ratio", "much-lower-mutual-ratio", "young-accounts-moving",
                "half-mutual-migrations-with-stray-reports", "sparse-address-books-with-stray-reports", "slower-migration-syncs",
                "quick-resyncs-after-reinstall", "lists-synced-slowly",
                "lists-with-more-mutual-contacts", "aged-accounts-syncing-lists", "aged-accounts-syncing-mutual-lists",
                "faster-campaigns", "slower-campaigns", "events-delivered-up-to-20s-late",
                "other-world-seed-7", "other-world-seed-8", "other-world-seed-9",
                "young-accounts-moving-seed-3", "half-mutual-migrations-with-stray-reports-seed-1",
                "sparse-address-books-with-stray-reports-seed-2", "quick-resyncs-after-reinstall-seed-1",
                "low-and-slow-from-fresh-accounts");
        assertThat(cases).filteredOn(c -> !c.targetsRequired()).extracting(EvaluationCase::name)
                .containsExactly("aged-accounts-syncing-mutual-lists", "faster-campaigns", "slower-campaigns", "low-and-slow-from-fresh-accounts");
    }

    @Test
    void shouldApplyTheSeedAndEveryOverrideToTheDefaultScenario() {
        Scenario slower = builtIn.select(List.of("slower-campaigns")).get(0).loadScenario();

        assertThat(slower.seed()).as("the default scenario's").isEqualTo(42);
        assertThat(slower.campaigns().friendAddFlood().addsPerMinute()).isEqualTo(new Scenario.Range(30, 100));
        assertThat(slower.campaigns().chatroomFlood().chatroomsPerHour()).isEqualTo(new Scenario.Range(4, 12));
        assertThat(slower.campaigns().lowAndSlow().addsPerHour()).isEqualTo(new Scenario.Range(10, 25));
        assertThat(builtIn.select(List.of("default-seed-3")).get(0).loadScenario().seed()).isEqualTo(3);
    }

    @Test
    void shouldPlayTheOtherWorldOnThreeSeedsWithTargetsRequired() {
        List<EvaluationCase> otherWorld = builtIn.select(List.of("other-world-seed-7", "other-world-seed-8", "other-world-seed-9"));

        assertThat(otherWorld).allSatisfy(c -> {
            assertThat(c.targetsRequired()).isTrue();
            assertThat(c.loadScenario().duration()).as("other-world's, not the default's").hasHours(96);
        });
        assertThat(otherWorld).extracting(c -> c.loadScenario().seed()).containsExactly(7L, 8L, 9L);
        assertThat(otherWorld.get(1).generateFlags()).isEqualTo("--scenario other-world --seed 8");
    }

    @Test
    void shouldMoveDeliveryDisorderAndResyncsFurtherThanTheDefault() {
        Scenario late = builtIn.select(List.of("events-delivered-up-to-20s-late")).get(0).loadScenario();
        Scenario resyncs = builtIn.select(List.of("quick-resyncs-after-reinstall")).get(0).loadScenario();

        assertThat(late.delivery()).isEqualTo(new Scenario.Delivery(0.5, 20_000));
        assertThat(resyncs.migrations().resyncProbability()).isEqualTo(0.5);
        assertThat(resyncs.migrations().resyncDelayMinutes()).isEqualTo(new Scenario.Range(2, 30));
    }

    @Test
    void shouldPrintFlagsAShellPassesToGenerateUnchanged() {
        assertThat(builtIn.select(List.of("bigger-address-books")).get(0).generateFlags())
                .isEqualTo("--set migrations.addressBookMedian=600 --set migrations.businessShare=0.15");
        assertThat(builtIn.select(List.of("slower-migration-syncs")).get(0).generateFlags())
                .isEqualTo("--set 'migrations.addSpacingMillis={min: 200, max: 2000}'");
        assertThat(new EvaluationCase("quote", null, 5L, List.of("x=it's"), true).generateFlags()).isEqualTo("--seed 5 --set 'x=it'\\''s'");
    }
}
