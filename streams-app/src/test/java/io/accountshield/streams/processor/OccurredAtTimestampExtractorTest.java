package io.accountshield.streams.processor;

import static org.assertj.core.api.Assertions.assertThat;

import io.accountshield.schema.operator.CommandAction;
import io.accountshield.schema.operator.OperatorCommand;
import io.accountshield.schema.operator.ReleaseVerdict;
import java.time.Instant;
import java.time.InstantSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class OccurredAtTimestampExtractorTest {

    private static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");

    @Test
    void shouldNeverLetAnOperatorCommandMoveStreamTime() {
        OccurredAtTimestampExtractor extractor = new OccurredAtTimestampExtractor(60_000, InstantSource.fixed(NOW));
        OperatorCommand command = new OperatorCommand("c1", "a", CommandAction.RELEASE, "agent", "why", ReleaseVerdict.LIFTED, null, NOW);
        ConsumerRecord<Object, Object> record = new ConsumerRecord<>("operator-commands", 0, 0, NOW.toEpochMilli(), null, 0, 0, "a", command,
                new org.apache.kafka.common.header.internals.RecordHeaders(), java.util.Optional.empty());

        long lagging = NOW.minusSeconds(3_600).toEpochMilli();
        assertThat(extractor.extract(record, lagging)).as("a partition an hour behind stays there").isEqualTo(lagging);
        assertThat(extractor.extract(record, -1)).as("a partition that has read nothing yet").isZero();
    }
}
