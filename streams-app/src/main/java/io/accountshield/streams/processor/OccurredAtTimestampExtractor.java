package io.accountshield.streams.processor;

import io.accountshield.schema.operator.OperatorCommand;
import java.time.Instant;
import java.time.InstantSource;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time is when the event happened, not when it was produced. An event whose time cannot be
 * trusted keeps a time that does not move the partition's stream time instead, so that validation
 * dead-letters it (not a silent drop, and not a jump of stream time that would make every later
 * event on the partition "late"): an event without a usable time, and one that claims to have
 * happened more than the allowed skew after the earlier of two clocks, the record's timestamp and
 * this instance's clock when it reads the record. The record's timestamp alone is not enough: a
 * producer whose clock runs fast stamps the record and the event alike, and only a clock the
 * producer cannot move (ours, or the broker's with LogAppendTime topics) shows it.
 */
public final class OccurredAtTimestampExtractor implements TimestampExtractor {

    private final long maxFutureSkewMillis;
    private final InstantSource clock;

    public OccurredAtTimestampExtractor(long maxFutureSkewMillis, InstantSource clock) {
        this.maxFutureSkewMillis = maxFutureSkewMillis;
        this.clock = clock;
    }

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        if (record.value() instanceof OperatorCommand) {
            // A command is applied by the wall clock and must not move event time: a lagging partition
            // would otherwise find its backlog late.
            return Math.max(partitionTime, 0);
        }
        long now = clock.millis();
        long trusted = record.timestamp() > 0 ? Math.min(record.timestamp(), now) : now;
        if (record.value() instanceof SpecificRecord event) {
            Instant occurredAt = AccountEvents.occurredAt(event);
            if (occurredAt != null && occurredAt.toEpochMilli() > 0 && occurredAt.toEpochMilli() <= trusted + maxFutureSkewMillis) {
                return occurredAt.toEpochMilli();
            }
        }
        return partitionTime >= 0 ? Math.min(partitionTime, trusted) : trusted;
    }
}
