package io.accountshield.streams.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LeaveGroupCommandTest {

    @Test
    void shouldRemoveEveryStreamThreadOfTheInstanceAndNoOtherInstance() {
        List<String> members = List.of("streams-app-1-1", "streams-app-1-2", "streams-app-10-1", "streams-app-0-1", "streams-app-1");

        assertThat(LeaveGroupCommand.streamThreadsOf("streams-app-1", members)).containsExactly("streams-app-1-1", "streams-app-1-2");
    }

    @Test
    void shouldTakeTheInstanceIdLiterallyNotAsAPattern() {
        assertThat(LeaveGroupCommand.streamThreadsOf("pod.1", List.of("podx1-1", "pod.1-1"))).containsExactly("pod.1-1");
    }
}
