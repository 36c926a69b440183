package io.accountshield.streams.topology;

import static io.accountshield.streams.topology.TopologyHarness.T0;
import static io.accountshield.streams.topology.TopologyHarness.chatroomCreated;
import static org.assertj.core.api.Assertions.assertThat;

import io.accountshield.schema.decisions.ProtectionApplied;
import io.accountshield.schema.decisions.ShadowProtection;
import io.accountshield.schema.rules.RuleDefinition;
import io.accountshield.streams.rules.LiveRules;
import io.accountshield.streams.rules.RolloutShare;
import io.accountshield.streams.rules.RuleCatalog;
import io.accountshield.streams.rules.RuleCounter;
import io.accountshield.streams.rules.RuleDefinitions;
import io.accountshield.streams.rules.RuleMode;
import io.accountshield.streams.rules.RuleParameters;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rules changed on the protection-rules topic while the topology runs: a definition that passes the
 * checks judges the next event, one that fails leaves the version in force, and a staged rule
 * enforces on its share of accounts and is in shadow for the rest.
 */
class LiveRuleChangesTest {

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
    void shouldJudgeTheNextEventByADefinitionReadFromTheTopic() {
        // Given six chatrooms in ten minutes, under chatroom-burst's threshold of 10
        chatrooms("organiser", 6, T0);
        assertThat(harness.applied()).isEmpty();

        // When version 2 lowers the threshold to 5, and the account creates one more
        harness.defineRule(chatroomBurst(2, 5));
        harness.send(chatroomCreated("organiser", T0.plusSeconds(70), 3, 0));

        // Then it is protected by version 2, on the counts it had kept
        assertThat(harness.applied()).singleElement().satisfies(applied -> {
            assertThat(applied.getRuleId()).isEqualTo(RuleCatalog.CHATROOM_BURST);
            assertThat(applied.getRuleVersion()).isEqualTo(2);
            assertThat(applied.getThreshold()).isEqualTo(5);
            assertThat(applied.getObservedCount()).isEqualTo(7);
            assertThat(applied.getReason()).startsWith("chatroom-burst v2: 7 chatrooms created in 10 minutes reached the threshold of 5");
        });
    }

    @Test
    void shouldKeepTheVersionInForceWhenADefinitionFailsItsChecks() {
        // Given definitions that must not be used: an old version, a threshold of zero, a window the state does not keep,
        // a counter the state does not keep, and a key that does not match its definition
        harness.defineRule(chatroomBurst(1, 2));
        harness.defineRule(new RuleParameters(RuleCatalog.CHATROOM_BURST, 3, true, 0, Duration.ofMinutes(10), RuleCounter.CHATROOMS_CREATED));
        harness.defineRule(new RuleParameters(RuleCatalog.CHATROOM_BURST, 4, true, 2, Duration.ofHours(12), RuleCounter.CHATROOMS_CREATED));
        RuleDefinition unknownCounter = RuleDefinitions.toDefinition(chatroomBurst(5, 2), "agent-7", T0, "");
        unknownCounter.setCounter("chatroom-invites");
        harness.defineRule(RuleDefinitions.key(RuleCatalog.CHATROOM_BURST, 5), unknownCounter);
        harness.defineRule("chatroom-burst/v9", RuleDefinitions.toDefinition(chatroomBurst(6, 2), "agent-7", T0, ""));
        harness.sendRawRule("chatroom-burst/v7", "not avro at all".getBytes(java.nio.charset.StandardCharsets.UTF_8));

        // When an account creates three chatrooms
        chatrooms("organiser", 3, T0);

        // Then version 1 is in force still (threshold 10) and each rejection says why
        assertThat(harness.applied()).isEmpty();
        assertThat(harness.liveRules().get().enabledRules()).filteredOn(rule -> rule.id().equals(RuleCatalog.CHATROOM_BURST))
                .singleElement().satisfies(rule -> {
                    assertThat(rule.version()).isEqualTo(1);
                    assertThat(rule.threshold()).isEqualTo(10);
                });
        assertThat(harness.liveRules().recentRejections()).extracting(LiveRules.Rejection::reason).satisfiesExactly(
                reason -> assertThat(reason).isEqualTo("version 1 does not increase: version 1 is in force"),
                reason -> assertThat(reason).startsWith("the threshold must be at least 1, not 0"),
                reason -> assertThat(reason).contains("a window of PT12H fits neither whole"),
                reason -> assertThat(reason).startsWith("unknown counter 'chatroom-invites'; the state keeps suspicious-friend-adds,"),
                reason -> assertThat(reason).isEqualTo("the key must be chatroom-burst/v6 (or chatroom-burst/v6/<write id>), the definition's rule and version"),
                reason -> assertThat(reason).startsWith("not a readable RuleDefinition: "));
        assertThat(harness.liveRules().rejectedTotal()).isEqualTo(6);

        // And each rejection is on rule-changes once, with its reason, however often the audit looks again
        harness.advanceWallClockBy(Duration.ofSeconds(5));
        assertThat(harness.ruleChanges()).allSatisfy(change -> {
            assertThat(change.getAction()).isEqualTo("topic-write");
            assertThat(change.getResult()).isEqualTo("rejected");
            assertThat(change.getRuleId()).isEqualTo(RuleCatalog.CHATROOM_BURST);
            assertThat(change.getFromVersion()).isEqualTo(1);
        }).satisfiesExactly(
                oldVersion -> assertThat(oldVersion.getDetail()).isEqualTo("definition chatroom-burst/v1 (partition 0, offset 0) rejected, "
                        + "the version in force stays: version 1 does not increase: version 1 is in force"),
                thresholdZero -> {
                    assertThat(thresholdZero.getToVersion()).isEqualTo(3);
                    assertThat(thresholdZero.getDetail()).contains("(partition 0, offset 1)", "the threshold must be at least 1, not 0");
                },
                windowTooLong -> assertThat(windowTooLong.getToVersion()).isEqualTo(4),
                counterNotKept -> {
                    assertThat(counterNotKept.getToVersion()).isEqualTo(5);
                    assertThat(counterNotKept.getOperator()).isEqualTo("agent-7");
                },
                keyMismatch -> assertThat(keyMismatch.getToVersion()).isEqualTo(6),
                unreadable -> {
                    assertThat(unreadable.getToVersion()).as("the key's version, as the definition cannot be read").isEqualTo(7);
                    assertThat(unreadable.getOperator()).isEqualTo("unknown");
                });
        assertThat(harness.ruleChanges()).extracting(change -> change.getChangeId()).doesNotHaveDuplicates();
    }

    @Test
    void shouldEnforceAStagedRuleOnItsShareAndShowItInShadowToTheRest() {
        // (Twenty protections in 40 s by a rule with no usual rate is what the guard stops: here it must not.)
        harness.close();
        harness = new TopologyHarness(Map.of("guard.enabled", "false"), stateDir, T0);
        // Given a new rule reading a counter the state keeps, enforced on half of the accounts
        harness.defineRule(new RuleParameters("chatroom-blitz", 1, true, 3, Duration.ofMinutes(5), RuleMode.ENFORCE,
                RuleCounter.CHATROOMS_CREATED, RolloutShare.parse("50%")));

        // When forty accounts each create three chatrooms
        Set<String> accounts = new TreeSet<>();
        for (int i = 0; i < 40; i++) {
            String account = "account-" + i;
            accounts.add(account);
            chatrooms(account, 3, T0.plusSeconds(i));
        }

        // Then those in the share are protected by it, and the others see it in shadow only
        Set<String> inShare = new TreeSet<>(accounts.stream().filter(account -> RolloutShare.pointOf(account) < 5_000).toList());
        assertThat(inShare).isNotEmpty().isNotEqualTo(accounts);
        List<ProtectionApplied> applied = harness.applied();
        assertThat(applied).allSatisfy(protection -> {
            assertThat(protection.getRuleId()).isEqualTo("chatroom-blitz");
            assertThat(protection.getRuleVersion()).isEqualTo(1);
        });
        assertThat(applied).extracting(ProtectionApplied::getAccountId).containsExactlyInAnyOrderElementsOf(inShare);
        Set<String> shadowed = new TreeSet<>(accounts);
        shadowed.removeAll(inShare);
        assertThat(harness.shadowProtections()).extracting(ShadowProtection::getAccountId).containsExactlyInAnyOrderElementsOf(shadowed);
    }

    @Test
    void shouldStopARuleWithAThresholdTenTimesTooLowAfterTheGuardsLimitAndDemoteItEverywhere() {
        harness.close();
        harness = new TopologyHarness(Map.of("guard.min-protections", "5"), stateDir, T0);
        // Given chatroom-burst v2 at 1 instead of 10: every chatroom protects its creator
        harness.defineRule(chatroomBurst(2, 1));

        // When twenty people each create a chatroom, a minute apart
        for (int i = 0; i < 20; i++) {
            harness.send(chatroomCreated("person-" + i, T0.plusSeconds(60L * i), 3, 0));
        }

        // Then the first five are protected, the guard's floor (the rule had no usual rate), and no more
        assertThat(harness.applied()).extracting(ProtectionApplied::getAccountId)
                .containsExactly("person-0", "person-1", "person-2", "person-3", "person-4");
        // The rest see it in shadow: demoted in the task at once, then everywhere by version 3 on the topic
        assertThat(harness.shadowProtections()).extracting(ShadowProtection::getAccountId).contains("person-5", "person-19");
        assertThat(harness.liveRules().inForce(RuleCatalog.CHATROOM_BURST)).satisfies(rule -> {
            assertThat(rule.version()).isEqualTo(3);
            assertThat(rule.mode()).isEqualTo(RuleMode.SHADOW);
            assertThat(rule.threshold()).isEqualTo(1);
        });
        assertThat(harness.ruleChanges()).singleElement().satisfies(change -> {
            assertThat(change.getAction()).isEqualTo("guard-demotion");
            assertThat(change.getFromVersion()).isEqualTo(2);
            assertThat(change.getToVersion()).isEqualTo(3);
            assertThat(change.getReason()).startsWith("the guard: 5 protections in PT10M in one task, at its limit of 5");
        });
        assertThat(harness.metric("account.shield.rule.guard.demotions", "rule", RuleCatalog.CHATROOM_BURST)).isEqualTo(1.0);
    }

    @Test
    void shouldLetTheVersionAfterADemotionStartCountingAfresh() {
        harness.close();
        harness = new TopologyHarness(Map.of("guard.min-protections", "5"), stateDir, T0);
        harness.defineRule(chatroomBurst(2, 1));
        for (int i = 0; i < 6; i++) {
            harness.send(chatroomCreated("person-" + i, T0.plusSeconds(60L * i), 3, 0));
        }
        assertThat(harness.liveRules().inForce(RuleCatalog.CHATROOM_BURST).mode()).isEqualTo(RuleMode.SHADOW);

        // When an admin promotes it again (as after a real campaign), within the same ten minutes
        harness.defineRule(new RuleParameters(RuleCatalog.CHATROOM_BURST, 4, true, 1, Duration.ofMinutes(10), RuleMode.ENFORCE,
                RuleCounter.CHATROOMS_CREATED, RolloutShare.ALL));
        for (int i = 6; i < 10; i++) {
            harness.send(chatroomCreated("person-" + i, T0.plusSeconds(60L * i), 3, 0));
        }

        // Then version 4 protects on its own count: four, under the floor; the demoted version's five do not count against it
        assertThat(harness.applied()).filteredOn(applied -> applied.getRuleVersion() == 4).hasSize(4);
        assertThat(harness.ruleChanges()).hasSize(1);
    }

    @Test
    void shouldLeaveARuleAloneThatStaysUnderTheGuardsLimit() {
        harness.close();
        harness = new TopologyHarness(Map.of("guard.min-protections", "5"), stateDir, T0);
        harness.defineRule(chatroomBurst(2, 1));

        for (int i = 0; i < 4; i++) {
            harness.send(chatroomCreated("person-" + i, T0.plusSeconds(60L * i), 3, 0));
        }
        // Four in ten minutes, then one every 15 minutes: never five within the window
        for (int i = 4; i < 10; i++) {
            harness.send(chatroomCreated("person-" + i, T0.plus(Duration.ofMinutes(15L * (i - 2))), 3, 0));
        }

        assertThat(harness.applied()).hasSize(10);
        assertThat(harness.ruleChanges()).isEmpty();
        assertThat(harness.liveRules().inForce(RuleCatalog.CHATROOM_BURST).version()).isEqualTo(2);
    }

    private void chatrooms(String account, int count, Instant start) {
        for (int i = 0; i < count; i++) {
            harness.send(chatroomCreated(account, start.plusSeconds(10L * i), 3, 0));
        }
    }

    private static RuleParameters chatroomBurst(int version, long threshold) {
        return new RuleParameters(RuleCatalog.CHATROOM_BURST, version, true, threshold, Duration.ofMinutes(10), RuleCounter.CHATROOMS_CREATED);
    }
}
