package io.accountshield.streams.errors;

import io.accountshield.schema.serde.UnreadableMessageException;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

/** Bytes that do not decode as an event: dead-lettered (bounded), counted by reason, and processing goes on. */
public final class DeadLetterDeserializationHandler extends ConfiguredHandler implements DeserializationExceptionHandler {

    /** Reason of a failure that the codec did not classify. */
    public static final String UNREADABLE = "unreadable";


    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        String reason = exception instanceof UnreadableMessageException unreadable ? unreadable.reason() : UNREADABLE;
        String where = record.topic() + "-" + record.partition() + "@" + record.offset();
        reporting.badInput(reason, where, exception.getMessage());
        if (deadLetterTopic == null) {
            return Response.resume();
        }
        return Response.resume(List.of(DeadLetterRecords.build(deadLetterTopic, record.key(), record.value(),
                new DeadLetterRecords.Source(record.topic(), record.partition(), record.offset(), record.timestamp(), record.headers()),
                reason, exception, false)));
    }
}
