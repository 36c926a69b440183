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
                reason -> assertThat(reason).isEqualTo("the key must be chatroom-burst/v6, the definition's rule and version"));
        assertThat(harness.liveRules().rejectedTotal()).isEqualTo(5);
    }

    @Test
    void shouldEnforceAStagedRuleOnItsShareAndShowItInShadowToTheRest() {
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

    private void chatrooms(String account, int count, Instant start) {
        for (int i = 0; i < count; i++) {
            harness.send(chatroomCreated(account, start.plusSeconds(10L * i), 3, 0));
        }
    }

    private static RuleParameters chatroomBurst(int version, long threshold) {
        return new RuleParameters(RuleCatalog.CHATROOM_BURST, version, true, threshold, Duration.ofMinutes(10), RuleCounter.CHATROOMS_CREATED);
    }
}
