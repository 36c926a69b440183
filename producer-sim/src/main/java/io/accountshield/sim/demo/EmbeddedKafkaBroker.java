package io.accountshield.sim.demo;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real Apache Kafka broker in KRaft mode, in this JVM: Kafka's own cluster test kit, one combined
 * broker and controller on a random local port. It lives and dies with the demo's process, so
 * nothing is left running after it. Public for the benchmark harness, which runs everything on one.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private final KafkaClusterTestKit cluster;

    private EmbeddedKafkaBroker(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    public static EmbeddedKafkaBroker start(Path dataDir) throws Exception {
        TestKitNodes nodes = new TestKitNodes.Builder()
                .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1)
                .setBootstrapMetadataVersion(MetadataVersion.LATEST_PRODUCTION)
                .setBaseDirectory(dataDir)
                .build();
        KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(nodes)
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "3")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("transaction.state.log.num.partitions", "3")
                .build();
        // The test kit announces its formatting on standard output; the demo's terminal is for the demo.
        PrintStream terminal = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
        } finally {
            System.setOut(terminal);
        }
        return new EmbeddedKafkaBroker(cluster);
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    @Override
    public void close() {
        try {
            cluster.close();
        } catch (InterruptedException e) {
            // Whoever interrupted the close is stopping too: the flag is theirs to see.
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IllegalStateException("the embedded Kafka broker did not shut down cleanly", e);
        }
    }
}
