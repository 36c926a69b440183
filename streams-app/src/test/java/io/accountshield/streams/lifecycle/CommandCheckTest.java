package io.accountshield.streams.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.accountshield.schema.operator.CommandAction;
import io.accountshield.schema.operator.OperatorCommand;
import io.accountshield.schema.operator.ReleaseVerdict;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What makes an operator command valid, at each limit: one character on either side of every length bound, each check in its turn. */
class CommandCheckTest {

    private static final Instant ISSUED = Instant.parse("2026-03-02T09:00:00Z");

    private static OperatorCommand command(String accountId, CommandAction action, String operator, String reason, ReleaseVerdict verdict,
                                           Instant allowUntil, String commandId) {
        return new OperatorCommand(commandId, accountId, action, operator, reason, verdict, allowUntil, ISSUED);
    }

    private static OperatorCommand release(String reason) {
        return command("a", CommandAction.RELEASE, "agent-7", reason, ReleaseVerdict.LIFTED, null, "c1");
    }

    @Test
    void shouldAcceptAWellFormedCommandOfEachAction() {
        assertThat(CommandCheck.problem("a", release("verified by phone"))).isNull();
        assertThat(CommandCheck.problem("a", command("a", CommandAction.ALLOW, "agent-7", "a verified shop", null, ISSUED, "c1"))).isNull();
        assertThat(CommandCheck.problem("a", command("a", CommandAction.ALLOW, "agent-7", "a verified shop", null, null, "c1"))).isNull();
        assertThat(CommandCheck.problem("a", command("a", CommandAction.DISALLOW, "agent-7", "no longer vouched for", null, null, "c1"))).isNull();
    }

    @Test
    void shouldRejectACommandForAnotherAccountThanItsKeyNamingBoth() {
        assertThat(CommandCheck.problem("b", release("verified by phone"))).contains("accountId a").contains("record key b");
    }

    @Test
    void shouldTakeAnAccountIdOfExactlyTheMaximumLengthButNotOneCharacterMore() {
        String longest = "a".repeat(Ids.MAX_LENGTH);
        String tooLong = longest + "a";
        assertThat(CommandCheck.problem(longest, command(longest, CommandAction.DISALLOW, "agent-7", "checked", null, null, "c1"))).isNull();
        assertThat(CommandCheck.problem(tooLong, command(tooLong, CommandAction.DISALLOW, "agent-7", "checked", null, null, "c1")))
                .isEqualTo("accountId is " + (Ids.MAX_LENGTH + 1) + " characters long; at most " + Ids.MAX_LENGTH + " are accepted");
    }

    @Test
    void shouldRejectAnEmptyAccountIdOrOneWithControlCharacters() {
        assertThat(CommandCheck.accountIdProblem("accountId", "")).isEqualTo("accountId must not be empty");
        assertThat(CommandCheck.accountIdProblem("accountId", null)).isEqualTo("accountId must not be empty");
        assertThat(CommandCheck.accountIdProblem("accountId", "a\u001b[2J")).isEqualTo("accountId must not contain control characters");
        assertThat(CommandCheck.problem("a\tb", command("a\tb", CommandAction.DISALLOW, "agent-7", "checked", null, null, "c1")))
                .isEqualTo("accountId must not contain control characters");
    }

    @Test
    void shouldRequireAReasonThatSaysSomething() {
        assertThat(CommandCheck.reasonProblem(null)).startsWith("reason is required");
        assertThat(CommandCheck.reasonProblem("")).startsWith("reason is required");
        assertThat(CommandCheck.reasonProblem(" \n\t ")).startsWith("reason is required");
        assertThat(CommandCheck.reasonProblem("\u200b\u2060")).as("invisible format characters only").startsWith("reason is required");
        assertThat(CommandCheck.reasonProblem(" ok ")).isNull();
        assertThat(CommandCheck.problem("a", release("  "))).startsWith("reason is required");
    }

    @Test
    void shouldTakeAReasonOfExactlyTheMaximumLengthButNotOneCharacterMore() {
        assertThat(CommandCheck.reasonProblem("r".repeat(CommandCheck.MAX_REASON_LENGTH))).isNull();
        assertThat(CommandCheck.reasonProblem("r".repeat(CommandCheck.MAX_REASON_LENGTH + 1)))
                .isEqualTo("reason is 501 characters long; at most 500 are accepted");
    }

    @Test
    void shouldTakeLineBreaksAndWholeEmojiInAReasonButNoOtherControlOrBrokenCharacters() {
        assertThat(CommandCheck.reasonProblem("first line\nsecond line")).isNull();
        assertThat(CommandCheck.reasonProblem("moved phones \uD83D\uDCF1")).isNull();
        assertThat(CommandCheck.reasonProblem("moved \u001b[31mphones")).startsWith("reason must not contain control characters");
        assertThat(CommandCheck.reasonProblem("moved\tphones")).startsWith("reason must not contain control characters");
        assertThat(CommandCheck.reasonProblem("moved phones \uD83D")).as("half an emoji").startsWith("reason must not contain");
        assertThat(CommandCheck.reasonProblem("\uDCF1 moved phones")).as("the other half").startsWith("reason must not contain");
    }

    @Test
    void shouldRequireAnOperatorOfAtMostTheMaximumNameLength() {
        String longest = "o".repeat(CommandCheck.MAX_NAME_LENGTH);
        assertThat(CommandCheck.problem("a", command("a", CommandAction.DISALLOW, longest, "checked", null, null, "c1"))).isNull();
        for (String operator : new String[] {null, "", "   ", longest + "o"}) {
            assertThat(CommandCheck.problem("a", command("a", CommandAction.DISALLOW, operator, "checked", null, null, "c1")))
                    .as("operator %s", operator).startsWith("operator must name who issued the command");
        }
    }

    @Test
    void shouldRequireACommandIdOfAtMostTheMaximumNameLength() {
        String longest = "c".repeat(CommandCheck.MAX_NAME_LENGTH);
        assertThat(CommandCheck.problem("a", command("a", CommandAction.DISALLOW, "agent-7", "checked", null, null, longest))).isNull();
        for (String commandId : new String[] {null, "", "   ", longest + "c"}) {
            assertThat(CommandCheck.problem("a", command("a", CommandAction.DISALLOW, "agent-7", "checked", null, null, commandId)))
                    .as("commandId %s", commandId).startsWith("commandId must be set");
        }
    }

    @Test
    void shouldRequireAVerdictForAReleaseOnly() {
        assertThat(CommandCheck.problem("a", command("a", CommandAction.RELEASE, "agent-7", "checked", null, null, "c1")))
                .startsWith("verdict is required for a release");
        assertThat(CommandCheck.problem("a", command("a", CommandAction.DISALLOW, "agent-7", "checked", null, null, "c1"))).isNull();
    }

    @Test
    void shouldTakeAnAllowUntilOnAnAllowCommandOnly() {
        assertThat(CommandCheck.problem("a", command("a", CommandAction.RELEASE, "agent-7", "checked", ReleaseVerdict.LIFTED, ISSUED, "c1")))
                .isEqualTo("allowUntil is only for allow");
        assertThat(CommandCheck.problem("a", command("a", CommandAction.DISALLOW, "agent-7", "checked", null, ISSUED, "c1")))
                .isEqualTo("allowUntil is only for allow");
    }

    @Test
    void shouldNameTheFirstProblemWhenACommandHasSeveral() {
        // Every field wrong at once: the checks run in order, and a later one never overwrites an earlier answer.
        assertThat(CommandCheck.problem("a", command("a\u0000", CommandAction.RELEASE, "", "", null, ISSUED, "")))
                .startsWith("accountId a\u0000 does not match");
        assertThat(CommandCheck.problem("", command("", CommandAction.RELEASE, "", "", null, ISSUED, "")))
                .isEqualTo("accountId must not be empty");
        assertThat(CommandCheck.problem("a", command("a", CommandAction.RELEASE, "", "", null, ISSUED, "")))
                .startsWith("reason is required");
        assertThat(CommandCheck.problem("a", command("a", CommandAction.RELEASE, "", "checked", null, ISSUED, "")))
                .startsWith("operator must name");
        assertThat(CommandCheck.problem("a", command("a", CommandAction.RELEASE, "agent-7", "checked", null, ISSUED, "")))
                .startsWith("commandId must be set");
        assertThat(CommandCheck.problem("a", command("a", CommandAction.RELEASE, "agent-7", "checked", null, ISSUED, "c1")))
                .startsWith("verdict is required");
    }
}
