package io.accountshield.streams.processor;

import io.accountshield.schema.rules.RuleChange;
import io.accountshield.schema.rules.RuleDefinition;
import io.accountshield.streams.rules.LiveRules;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The rule-changes entries for definitions on the protection-rules topic that the checks rejected:
 * definitions written there by hand, since the operator API refuses such a change before writing it.
 * Every instance reads the whole topic and rejects the same records, so one task writes the entries:
 * the task of partition 0. It keeps in its count store, for each partition of the topic, the offset
 * of the latest rejection it audited, written in the same transaction as the entries, so that a
 * restart, a move of the task, or the topic read again at a start neither repeats an entry nor
 * skips one.
 */
final class RejectedDefinitionAudit {

    /** The count store's keys: this prefix, then the partition of the protection-rules topic. */
    static final String AUDITED_THROUGH = "rule-rejections-audited-through/";

    static final String ACTION = "topic-write";
    static final String RESULT = "rejected";

    private final LiveRules rules;
    private final KeyValueStore<String, Long> counts;

    RejectedDefinitionAudit(LiveRules rules, KeyValueStore<String, Long> counts) {
        this.rules = rules;
        this.counts = counts;
    }

    /** The entries not written yet, oldest first, now recorded as written: the caller forwards them in the same transaction. */
    List<RuleChange> due(long nowMillis) {
        LiveRules.Rejections rejections = rules.rejections();
        TreeSet<Integer> partitions = new TreeSet<>(rejections.droppedThrough().keySet());
        rejections.kept().stream().map(LiveRules.Rejection::source).filter(LiveRules.Source::placed)
                .forEach(source -> partitions.add(source.partition()));
        if (partitions.isEmpty()) {
            return List.of();
        }
        Map<Integer, Long> auditedThrough = new HashMap<>();
        for (int partition : partitions) {
            Long audited = counts.get(AUDITED_THROUGH + partition);
            auditedThrough.put(partition, audited == null ? -1L : audited);
        }
        List<RuleChange> entries = new ArrayList<>();
        rejections.droppedThrough().forEach((partition, offset) -> {
            long audited = auditedThrough.get(partition);
            if (offset > audited) {
                // More were rejected between two audits than the instance keeps: say so, rather than skip them silently.
                entries.add(new RuleChange(changeId(partition, offset), "(several)", ACTION, RESULT, null, null, "unknown", "",
                        Instant.ofEpochMilli(nowMillis), String.format("definitions rejected at offsets %d to %d of partition %d of the "
                                + "protection-rules topic came faster than an instance keeps them; each was logged and counted, "
                                + "but they are not audited here one by one", audited + 1, offset, partition)));
                auditedThrough.put(partition, offset);
            }
        });
        for (LiveRules.Rejection rejection : rejections.kept()) {
            LiveRules.Source source = rejection.source();
            if (source.placed() && source.offset() > auditedThrough.get(source.partition())) {
                entries.add(entry(rejection));
                auditedThrough.put(source.partition(), source.offset());
            }
        }
        if (!entries.isEmpty()) {
            auditedThrough.forEach((partition, offset) -> counts.put(AUDITED_THROUGH + partition, offset));
        }
        return entries;
    }

    private static RuleChange entry(LiveRules.Rejection rejection) {
        LiveRules.Source source = rejection.source();
        RuleDefinition definition = source.definition();
        return new RuleChange(changeId(source.partition(), source.offset()), source.ruleId(), ACTION, RESULT,
                rejection.versionInForce(), source.version(),
                definition == null ? "unknown" : definition.getChangedBy(),
                definition == null ? "" : definition.getNote(),
                rejection.at(),
                "definition " + source.key() + " (partition " + source.partition() + ", offset " + source.offset()
                        + ") rejected, the version in force stays: " + rejection.reason());
    }

    /** The same on every instance and at every try, so a reader can tell one rejection's entry from another's. */
    private static String changeId(int partition, long offset) {
        return UUID.nameUUIDFromBytes(("protection-rules/" + partition + "/" + offset).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
