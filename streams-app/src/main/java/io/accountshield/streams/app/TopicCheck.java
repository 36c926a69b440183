package io.accountshield.streams.app;

import io.accountshield.streams.app.TopicLayout.TopicSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Before the application starts: the broker answers, every topic exists (or is created when asked),
 * the input topics share one partition count (events of one account must meet in one task), and
 * the status and allowlist topics are compacted (both are read as tables). Each failure says what to fix.
 */
public final class TopicCheck {

    private final Admin admin;
    private final String bootstrapServers;
    private final Duration timeout;

    public TopicCheck(Admin admin, String bootstrapServers, Duration timeout) {
        this.admin = admin;
        this.bootstrapServers = bootstrapServers;
        this.timeout = timeout;
    }

    /** Creates the topics that do not exist yet; returns their names. */
    public List<String> createMissing(TopicLayout layout) {
        Set<String> existing = existingTopics();
        List<NewTopic> missing = layout.newTopics().stream().filter(t -> !existing.contains(t.name())).toList();
        if (!missing.isEmpty()) {
            // Each topic's own result: another instance creating one at the same moment is fine, any other failure is not.
            for (Map.Entry<String, org.apache.kafka.common.KafkaFuture<Void>> result : admin.createTopics(missing).values().entrySet()) {
                try {
                    result.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                        throw unreachable();
                    }
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new StartupException("cannot create topic " + result.getKey() + " at " + bootstrapServers + ": "
                                + e.getCause().getMessage());
                    }
                } catch (TimeoutException e) {
                    throw unreachable();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StartupException("interrupted while creating topics");
                }
            }
        }
        List<String> created = missing.stream().map(NewTopic::name).toList();
        awaitVisible(created);
        return created;
    }

    /** A created topic reaches every broker's metadata a little later; wait for it rather than fail the check. */
    private void awaitVisible(List<String> topics) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!existingTopics().containsAll(topics)) {
            if (System.nanoTime() > deadline) {
                throw new StartupException("created topics " + topics + " at " + bootstrapServers + " but they did not appear within "
                        + timeout.toSeconds() + " s");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StartupException("interrupted while waiting for created topics");
            }
        }
    }

    public void verify(TopicLayout layout) {
        Set<String> existing = existingTopics();
        List<String> missing = layout.topics().stream().map(TopicSpec::name).filter(name -> !existing.contains(name)).toList();
        if (!missing.isEmpty()) {
            // A broker lists only the topics the principal may Describe, so on a secured cluster a missing ACL looks the same.
            throw new StartupException("topics " + missing + " do not exist at " + bootstrapServers
                    + " (or, on a secured cluster, this principal may not Describe them: docs/operations.md, \"A secured cluster\")"
                    + "; create them as the README's topics table says, or start with --create-topics");
        }
        Map<String, TopicDescription> descriptions = get(admin.describeTopics(names(layout.topics())).allTopicNames());
        Map<String, Integer> inputPartitions = layout.topics().stream().filter(TopicSpec::input)
                .collect(Collectors.toMap(TopicSpec::name, t -> descriptions.get(t.name()).partitions().size(), (a, b) -> a, java.util.TreeMap::new));
        if (inputPartitions.values().stream().distinct().count() > 1) {
            throw new StartupException("the input topics must all have the same number of partitions, so that one account's "
                    + "events meet in one task; they have " + inputPartitions);
        }
        for (TopicSpec topic : layout.topics()) {
            int actual = descriptions.get(topic.name()).partitions().size();
            if (topic.requiredPartitions() > 0 && actual != topic.requiredPartitions()) {
                throw new StartupException("topic " + topic.name() + " has " + actual + " partitions; it must have exactly "
                        + topic.requiredPartitions() + ", so that every instance reads its records in one order");
            }
        }
        List<ConfigResource> resources = layout.topics().stream().filter(TopicSpec::compacted)
                .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t.name())).toList();
        Map<ConfigResource, Config> configs = get(admin.describeConfigs(resources).all());
        for (Map.Entry<ConfigResource, Config> entry : configs.entrySet()) {
            String policy = entry.getValue().get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
            if (!policy.contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
                throw new StartupException("topic " + entry.getKey().name() + " has cleanup.policy=" + policy
                        + "; it must be compact, because it is read as a table (the status by downstream services, the allowlist and the rules by this application)");
            }
        }
    }

    private Set<String> existingTopics() {
        return get(admin.listTopics().names());
    }

    private <T> T get(org.apache.kafka.common.KafkaFuture<T> future) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw unreachable();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw unreachable();
            }
            throw new StartupException("Kafka at " + bootstrapServers + " refused: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException("interrupted while checking topics");
        }
    }

    private StartupException unreachable() {
        return new StartupException("cannot reach Kafka at " + bootstrapServers + " within " + timeout.toSeconds()
                + " s; check bootstrap.servers (or KAFKA_BOOTSTRAP_SERVERS) and that the broker is running");
    }

    private static Collection<String> names(List<TopicSpec> topics) {
        List<String> names = new ArrayList<>();
        topics.forEach(t -> names.add(t.name()));
        return names;
    }
}
