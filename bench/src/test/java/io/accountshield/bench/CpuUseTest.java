package io.accountshield.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CpuUseTest {

    private static final String APP = "bench-1a2-1-pipeline";

    @Test
    void shouldTellTheApplicationsStreamThreadFromItsProducerAndFromOtherApplications() {
        // Given the names Kafka Streams gives its threads
        String stream = APP + "-3d463640-15b0-4419-80a6-e912b22c8049-StreamThread-1";
        String producer = "kafka-producer-network-thread | " + stream + "-producer";
        String global = APP + "-3d463640-15b0-4419-80a6-e912b22c8049-GlobalStreamThread";
        String otherApp = "bench-1a2-1-pass-through-0aa1-StreamThread-1";

        // Then only the first is the application's stream thread
        assertThat(CpuUse.isStreamThread(stream, APP)).isTrue();
        assertThat(CpuUse.isStreamThread(producer, APP)).isFalse();
        assertThat(CpuUse.isStreamThread(global, APP)).isFalse();
        assertThat(CpuUse.isStreamThread(otherApp, APP)).isFalse();
    }
}
