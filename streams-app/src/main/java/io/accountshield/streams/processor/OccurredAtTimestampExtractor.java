package io.accountshield.streams.processor;

import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time is when the event happened, not when it was produced. An event without a usable time
 * keeps the partition's time here so that validation, not a silent drop, deals with it.
 */
public final class OccurredAtTimestampExtractor implements TimestampExtractor {

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        if (record.value() instanceof SpecificRecord event) {
            Instant occurredAt = AccountEvents.occurredAt(event);
            if (occurredAt != null && occurredAt.toEpochMilli() > 0) {
                return occurredAt.toEpochMilli();
            }
        }
        return Math.max(partitionTime, Math.max(record.timestamp(), 0));
    }
}
