package io.accountshield.streams.it;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;

/** A real KRaft cluster in this JVM (Kafka's own cluster test kit): random ports, about a second to start. */
final class EmbeddedKafka implements AutoCloseable {

    private final KafkaClusterTestKit cluster;

    private EmbeddedKafka(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    /** One combined broker and controller, or {@code brokers} brokers with one separate controller. */
    static EmbeddedKafka start(int brokers) throws Exception {
        TestKitNodes nodes = new TestKitNodes.Builder()
                .setCombined(brokers == 1)
                .setNumBrokerNodes(brokers)
                .setNumControllerNodes(1)
                .setBootstrapMetadataVersion(MetadataVersion.LATEST_PRODUCTION)
                .build();
        String replication = String.valueOf(Math.min(brokers, 3));
        KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(nodes)
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("offsets.topic.replication.factor", replication)
                .setConfigProp("offsets.topic.num.partitions", "3")
                .setConfigProp("transaction.state.log.replication.factor", replication)
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("transaction.state.log.num.partitions", "3")
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        return new EmbeddedKafka(cluster);
    }

    /** Stops a broker and starts it again with its data (a rolling restart, or a crash and recovery). */
    void restartBroker(int brokerId) {
        cluster.restartBroker(brokerId, java.util.Map.of());
    }

    /** Stops a broker for good (its replicas go out of sync; the others lead). */
    void stopBroker(int brokerId) {
        cluster.brokers().get(brokerId).shutdown();
        cluster.brokers().get(brokerId).awaitShutdown();
    }

    java.util.Set<Integer> brokerIds() {
        return cluster.brokers().keySet();
    }

    String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    @Override
    public void close() {
        try {
            cluster.close();
        } catch (Exception e) {
            throw new IllegalStateException("the embedded Kafka cluster did not close cleanly", e);
        }
    }

    /**
     * One cluster for all the tests of a class: {@code @RegisterExtension static final EmbeddedKafka.PerTestClass KAFKA =
     * new EmbeddedKafka.PerTestClass(1);} starts it before the first test and closes it after the last.
     */
    static final class PerTestClass implements BeforeAllCallback, AfterAllCallback {
        private final int brokers;
        private EmbeddedKafka cluster;

        PerTestClass(int brokers) {
            this.brokers = brokers;
        }

        EmbeddedKafka cluster() {
            return cluster;
        }

        String bootstrapServers() {
            return cluster.bootstrapServers();
        }

        @Override
        public void beforeAll(ExtensionContext context) throws Exception {
            cluster = start(brokers);
        }

        @Override
        public void afterAll(ExtensionContext context) {
            cluster.close();
        }
    }
}
