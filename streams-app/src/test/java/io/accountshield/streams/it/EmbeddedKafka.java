package io.accountshield.streams.it;

import java.util.HashMap;
import java.util.Map;
import javax.security.auth.login.Configuration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.test.JaasUtils;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;

/** A real KRaft cluster in this JVM (Kafka's own cluster test kit): random ports, about a second to start. */
final class EmbeddedKafka implements AutoCloseable {

    private static final String JAAS_PROPERTY = "java.security.auth.login.config";

    private final KafkaClusterTestKit cluster;
    /** Empty on a plaintext cluster; else how the administrator logs in. */
    private final Map<String, Object> adminLogin;
    /** What the JVM-wide JAAS property was before a secured cluster set it (null: unset). */
    private final String jaasPropertyBefore;

    private EmbeddedKafka(KafkaClusterTestKit cluster, Map<String, Object> adminLogin, String jaasPropertyBefore) {
        this.cluster = cluster;
        this.adminLogin = adminLogin;
        this.jaasPropertyBefore = jaasPropertyBefore;
    }

    /** One combined broker and controller, or {@code brokers} brokers with one separate controller. */
    static EmbeddedKafka start(int brokers) throws Exception {
        TestKitNodes nodes = nodes(brokers).build();
        KafkaClusterTestKit cluster = builder(nodes, brokers).build();
        return started(cluster, Map.of(), null);
    }

    /**
     * One combined node whose clients' listener takes SASL_PLAINTEXT with PLAIN and enforces ACLs: a principal may do
     * only what an ACL allows ({@link JaasUtils#KAFKA_PLAIN_ADMIN} is a super user; {@link JaasUtils#KAFKA_PLAIN_USER1},
     * password {@link JaasUtils#KAFKA_PLAIN_USER1_PASSWORD}, has no rights until granted).
     */
    static EmbeddedKafka startSecured() throws Exception {
        TestKitNodes nodes = nodes(1).setBrokerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT).build();
        KafkaClusterTestKit.Builder builder = builder(nodes, 1)
                .setConfigProp("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                .setConfigProp("allow.everyone.if.no.acl.found", "false")
                // The controller listener stays PLAINTEXT, so the node's own requests to its controller come as ANONYMOUS;
                // clients are only given the SASL listener, so no client is ANONYMOUS.
                .setConfigProp("super.users", "User:" + JaasUtils.KAFKA_PLAIN_ADMIN + ";User:ANONYMOUS");
        // The test kit writes the broker's JAAS file and points this JVM-wide property at it; close puts it back.
        String jaasPropertyBefore = System.getProperty(JAAS_PROPERTY);
        try {
            return started(builder.build(), saslPlainLogin(JaasUtils.KAFKA_PLAIN_ADMIN, JaasUtils.KAFKA_PLAIN_ADMIN_PASSWORD), jaasPropertyBefore);
        } catch (Exception | Error e) {
            restoreJaasProperty(jaasPropertyBefore);
            throw e;
        }
    }

    /** A client's settings to log in over SASL_PLAINTEXT with PLAIN as this user. */
    private static Map<String, Object> saslPlainLogin(String user, String password) {
        return Map.of(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, SecurityProtocol.SASL_PLAINTEXT.name,
                SaslConfigs.SASL_MECHANISM, "PLAIN",
                SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user
                        + "\" password=\"" + password + "\";");
    }

    private static TestKitNodes.Builder nodes(int brokers) {
        return new TestKitNodes.Builder()
                .setCombined(brokers == 1)
                .setNumBrokerNodes(brokers)
                .setNumControllerNodes(1)
                .setBootstrapMetadataVersion(MetadataVersion.LATEST_PRODUCTION);
    }

    private static KafkaClusterTestKit.Builder builder(TestKitNodes nodes, int brokers) {
        String replication = String.valueOf(Math.min(brokers, 3));
        return new KafkaClusterTestKit.Builder(nodes)
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("offsets.topic.replication.factor", replication)
                .setConfigProp("offsets.topic.num.partitions", "3")
                .setConfigProp("transaction.state.log.replication.factor", replication)
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("transaction.state.log.num.partitions", "3");
    }

    private static EmbeddedKafka started(KafkaClusterTestKit cluster, Map<String, Object> adminLogin, String jaasPropertyBefore) throws Exception {
        try {
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
        return new EmbeddedKafka(cluster, adminLogin, jaasPropertyBefore);
    }

    private static void restoreJaasProperty(String before) {
        if (before == null) {
            System.clearProperty(JAAS_PROPERTY);
        } else {
            System.setProperty(JAAS_PROPERTY, before);
        }
        // The JVM caches the configuration the property named.
        Configuration.setConfiguration(null);
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

    private boolean secured() {
        return !adminLogin.isEmpty();
    }

    /** An administrator's client settings: the bootstrap servers and, on a secured cluster, the super user's login. */
    Map<String, Object> adminClientSettings() {
        Map<String, Object> settings = new HashMap<>(adminLogin);
        settings.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return settings;
    }

    @Override
    public void close() {
        try {
            cluster.close();
        } catch (Exception e) {
            throw new IllegalStateException("the embedded Kafka cluster did not close cleanly", e);
        } finally {
            if (secured()) {
                restoreJaasProperty(jaasPropertyBefore);
            }
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
