package io.accountshield.streams.processor;

import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time is when the event happened, not when it was produced. Two exceptions keep the record's
 * own timestamp instead, so that validation (not a silent drop, and not a jump of stream time)
 * deals with them: an event without a usable time, and one that claims to have happened more than
 * the allowed skew after it was produced. One such event would otherwise move the partition's stream
 * time ahead and make every later event "late".
 */
public final class OccurredAtTimestampExtractor implements TimestampExtractor {

    private final long maxFutureSkewMillis;

    public OccurredAtTimestampExtractor(long maxFutureSkewMillis) {
        this.maxFutureSkewMillis = maxFutureSkewMillis;
    }

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        long producedAt = record.timestamp() > 0 ? record.timestamp() : Math.max(partitionTime, 0);
        if (record.value() instanceof SpecificRecord event) {
            Instant occurredAt = AccountEvents.occurredAt(event);
            if (occurredAt != null && occurredAt.toEpochMilli() > 0 && occurredAt.toEpochMilli() <= producedAt + maxFutureSkewMillis) {
                return occurredAt.toEpochMilli();
            }
        }
        return producedAt;
    }
}
