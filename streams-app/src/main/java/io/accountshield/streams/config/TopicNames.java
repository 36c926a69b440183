package io.accountshield.streams.config;

import java.util.List;

/** Every topic the pipeline reads or writes, named by configuration. */
public record TopicNames(
        String friendAdded,
        String chatroomCreated,
        String deviceRegistered,
        String spamReported,
        String protectionApplied,
        String protectionReleased,
        String protectionStatus,
        String deadLetter) {

    public List<String> inputs() {
        return List.of(friendAdded, chatroomCreated, deviceRegistered, spamReported);
    }

    public List<String> outputs() {
        return List.of(protectionApplied, protectionReleased, protectionStatus, deadLetter);
    }
}
