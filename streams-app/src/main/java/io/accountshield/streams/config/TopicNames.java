package io.accountshield.streams.config;

import java.util.LinkedHashSet;
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
        String accountWatches,
        String shadowProtections,
        String allowlist,
        String deadLetter,
        String operatorCommands,
        String operatorAudit,
        String protectionRules,
        String ruleChanges) {

    /**
     * The distinct input topics. Several input settings may name one topic: the topology tells event
     * types apart by the schema fingerprint in each message, not by the topic it came from.
     */
    public List<String> inputs() {
        return List.copyOf(new LinkedHashSet<>(List.of(friendAdded, chatroomCreated, deviceRegistered, spamReported)));
    }

    /** What the one processor reads: the event topics and the commands topic, co-partitioned by account id. */
    public List<String> processorInputs() {
        List<String> all = new java.util.ArrayList<>(inputs());
        all.add(operatorCommands);
        return List.copyOf(new LinkedHashSet<>(all));
    }

    public List<String> outputs() {
        return List.of(protectionApplied, protectionReleased, protectionStatus, accountWatches, shadowProtections, deadLetter, operatorAudit);
    }
}
