package io.accountshield.streams.errors;

import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;

/**
 * A record that could not be sent. A dead-letter record is bounded in size, so this should not
 * happen; if it does anyway (a broker with a tiny message limit, a topic deleted by hand), losing
 * that copy is better than a transaction that aborts on the same record after every restart: it is
 * counted and logged at ERROR, and processing goes on. A decision that cannot be sent stops the
 * application: downstream services act on decisions, so one must never be skipped.
 */
public final class DeadLetterProductionHandler extends ConfiguredHandler implements ProductionExceptionHandler {


    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
        if (deadLetterTopic != null && deadLetterTopic.equals(record.topic())) {
            reporting.deadLetterUnwritable(record.topic(), exception);
            return Response.resume();
        }
        return exception instanceof RetriableException ? Response.retry() : Response.fail();
    }
}
