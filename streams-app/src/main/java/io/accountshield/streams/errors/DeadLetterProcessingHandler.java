package io.accountshield.streams.errors;

import io.accountshield.streams.processor.InvalidEventException;
import io.accountshield.streams.topology.ProtectionTopology;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.api.Record;

/**
 * An exception while an event is processed. An invalid event is bad input; any other exception of
 * ours is a defect; both are dead-lettered with the source record's original bytes, counted, and
 * processing goes on (see {@link ErrorReporting} for why that is safe). Kafka Streams' own
 * exceptions (a state store or producer failing) stop the application instead.
 */
public final class DeadLetterProcessingHandler extends ConfiguredHandler implements ProcessingExceptionHandler {

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        String where = context.topic() == null
                ? "processor " + context.processorNodeId() + " (task " + context.taskId() + ")"
                : context.topic() + "-" + context.partition() + "@" + context.offset();
        if (exception instanceof StreamsException) {
            reporting.fatal(where, exception);
            return Response.fail();
        }
        String reason;
        if (exception instanceof InvalidEventException invalid) {
            reason = invalid.reason();
            reporting.badInput(reason, where, invalid.getMessage());
        } else {
            reason = ErrorReporting.PROCESSING_DEFECT;
            reporting.defect(where, exception, deadLetterTopic != null);
        }
        // Kafka Streams cannot send dead letters from the global thread (it logs and drops them), nor is there a record behind a punctuation.
        if (deadLetterTopic == null || context.topic() == null || ProtectionTopology.UPDATE_ALLOWLIST.equals(context.processorNodeId())) {
            return Response.resume();
        }
        ProducerRecord<byte[], byte[]> deadLetter = DeadLetterRecords.build(deadLetterTopic, context.sourceRawKey(), context.sourceRawValue(),
                new DeadLetterRecords.Source(context.topic(), context.partition(), context.offset(), context.timestamp(), context.headers()),
                reason, exception, !(exception instanceof InvalidEventException));
        return Response.resume(List.of(deadLetter));
    }
}
