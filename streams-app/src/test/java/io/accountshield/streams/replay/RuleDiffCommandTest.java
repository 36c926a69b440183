package io.accountshield.streams.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.accountshield.streams.StreamsApp;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rules diff} on a small recording: the accounts whose outcome a proposal changes, each kind of change. */
class RuleDiffCommandTest {

    private static final long T0 = 1_780_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void shouldListTheAccountsAProposalProtectsReleasesOrProtectsEarlier() throws IOException {
        // Given: "organiser" creates 7 chatrooms (under chatroom-burst's 10), "flooder" 12 (over it, the 10th protects),
        // "quiet" one; and the proposal lowers the threshold to 6 and adds a shadow rule
        List<String> lines = new ArrayList<>();
        chatrooms(lines, "organiser", 7, T0);
        chatrooms(lines, "flooder", 12, T0 + 500);
        chatrooms(lines, "quiet", 1, T0 + 900);
        lines.sort(null);
        Path events = dir.resolve("events.jsonl");
        Files.write(events, lines.stream().map(line -> line.substring(line.indexOf('{'))).toList(), StandardCharsets.UTF_8);
        Path proposal = dir.resolve("proposed.yaml");
        Files.writeString(proposal, """
                rules:
                  - id: chatroom-burst
                    threshold: 6
                  - id: chatroom-watch
                    counter: chatrooms-created
                    threshold: 2
                    window: PT5M
                    mode: shadow
                """);
        Path changes = dir.resolve("changes.jsonl");
        StringWriter out = new StringWriter();

        // When the proposal is diffed against the configuration's rules
        picocli.CommandLine command = StreamsApp.commandLine();
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(new StringWriter()));
        int exit = command.execute("rules", "diff", "--events", events.toString(), "--rules", proposal.toString(), "--changes", changes.toString());

        // Then: organiser is newly protected by v2, flooder earlier (at its 6th chatroom, not its 10th), quiet unchanged
        assertThat(exit).isZero();
        assertThat(out.toString())
                .contains("chatroom-burst v1 -> v2: threshold 10 -> 6")
                .contains("chatroom-watch new rule v1: shadow chatrooms-created at 2 over PT5M, every account")
                .contains("accounts whose outcome changes: 2 (newly protected 1, no longer protected 0, protected earlier 1, protected later 0)")
                .contains("organiser: today not protected; proposed chatroom-burst v2 at ")
                .doesNotContain("quiet:");
        ObjectMapper mapper = new ObjectMapper();
        List<JsonNode> changed = new ArrayList<>();
        for (String line : Files.readAllLines(changes)) {
            changed.add(mapper.readTree(line));
        }
        assertThat(changed).extracting(node -> node.get("accountId").asText() + " " + node.get("change").asText())
                .containsExactly("organiser newly-protected", "flooder protected-earlier");
        JsonNode flooder = changed.get(1);
        assertThat(flooder.get("today").get("firstAppliedAt").asLong()).isEqualTo(T0 + 500 + 9 * 1_000);
        assertThat(flooder.get("proposed").get("firstAppliedAt").asLong()).isEqualTo(T0 + 500 + 5 * 1_000);
    }

    @Test
    void shouldRefuseAProposalThatALiveInstanceWouldReject() throws IOException {
        Path events = dir.resolve("events.jsonl");
        List<String> lines = new ArrayList<>();
        chatrooms(lines, "organiser", 1, T0);
        Files.write(events, lines.stream().map(line -> line.substring(line.indexOf('{'))).toList(), StandardCharsets.UTF_8);
        Path proposal = dir.resolve("proposed.yaml");
        Files.writeString(proposal, "rules:\n  - id: chatroom-burst\n    version: 1\n    threshold: 6\n");
        StringWriter err = new StringWriter();

        picocli.CommandLine command = StreamsApp.commandLine();
        command.setOut(new PrintWriter(new StringWriter()));
        command.setErr(new PrintWriter(err));
        int exit = command.execute("rules", "diff", "--events", events.toString(), "--rules", proposal.toString());

        assertThat(exit).isNotZero();
        assertThat(err.toString()).contains("rule chatroom-burst cannot be used: version 1 does not increase: version 1 is in force");
    }

    /** Replay lines, each prefixed with its time so that sorting the list orders them by time. */
    private static void chatrooms(List<String> lines, String account, int count, long start) {
        for (int i = 0; i < count; i++) {
            long at = start + i * 1_000L;
            lines.add(at + "{\"type\":\"ChatroomCreated\",\"accountId\":\"" + account + "\",\"occurredAt\":" + at + ",\"chatroomId\":\"" + account + "-r" + i
                    + "\",\"memberCount\":3,\"nonFriendMemberCount\":0}");
        }
    }
}
