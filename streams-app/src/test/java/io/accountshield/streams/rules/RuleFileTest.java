package io.accountshield.streams.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.accountshield.streams.UserInputException;
import io.accountshield.streams.config.AppConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleFileTest {

    private final RuleParameters chatroomBurst = AppConfig.defaults().rule(RuleCatalog.CHATROOM_BURST);

    @Test
    void shouldLayWhatChangesOverTheVersionInForceAndBumpTheVersion() {
        List<RuleFile.ProposedRule> proposed = RuleFile.parse("""
                rules:
                  - id: chatroom-burst
                    threshold: 6
                    rollout: 10%
                  - id: chatroom-blitz
                    counter: chatrooms-created
                    threshold: 4
                    window: PT5M
                """, "proposed.yaml");

        assertThat(proposed.get(0).over(chatroomBurst)).isEqualTo(new RuleParameters(RuleCatalog.CHATROOM_BURST, 2, true, 6,
                Duration.ofMinutes(10), RuleMode.ENFORCE, RuleCounter.CHATROOMS_CREATED, RolloutShare.parse("10%")));
        assertThat(proposed.get(1).over(null)).isEqualTo(new RuleParameters("chatroom-blitz", 1, true, 4, Duration.ofMinutes(5),
                RuleMode.ENFORCE, RuleCounter.CHATROOMS_CREATED, RolloutShare.ALL));
    }

    @Test
    void shouldNameEveryMistakeWithItsPlace() {
        assertThatThrownBy(() -> RuleFile.parse("rules:\n  - id: a\n    treshold: 6\n", "p.yaml"))
                .isInstanceOf(UserInputException.class).hasMessageStartingWith("p.yaml: rules[0]: unknown field treshold; a rule has counter, enabled,");
        assertThatThrownBy(() -> RuleFile.parse("rules:\n  - id: a\n    window: 5 minutes\n", "p.yaml"))
                .hasMessage("p.yaml: rules[0] (a): window is an ISO-8601 duration such as PT10M, not 5 minutes");
        assertThatThrownBy(() -> RuleFile.parse("rules:\n  - id: a\n    counter: invites\n", "p.yaml"))
                .hasMessageStartingWith("p.yaml: rules[0] (a): unknown counter 'invites'; the state keeps");
        assertThatThrownBy(() -> RuleFile.parse("rules:\n  - id: a\n  - id: a\n", "p.yaml"))
                .hasMessage("p.yaml: rules[1]: rule a is already proposed in rules[0]");
        assertThatThrownBy(() -> RuleFile.parse("rules:\n  - id: a\n    threshold: 6.5\n", "p.yaml"))
                .hasMessage("p.yaml: rules[0]: threshold must be a whole number, not 6.5");
        assertThatThrownBy(() -> RuleFile.parse("rule:\n  - id: a\n", "p.yaml")).hasMessageStartingWith("p.yaml: expected one field, rules");
        assertThatThrownBy(() -> RuleFile.parse("rules:\n  - id: new-rule\n    threshold: 3\n", "p.yaml").get(0).over(null))
                .hasMessage("rule new-rule is new: give its counter, threshold and window");
    }
}
