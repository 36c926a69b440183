package io.accountshield.sim.demo;

import io.accountshield.schema.decisions.AccountWatched;
import io.accountshield.schema.decisions.ProtectionApplied;
import io.accountshield.schema.decisions.ProtectionReleased;
import io.accountshield.schema.serde.AvroSerdes;
import io.accountshield.streams.config.TopicNames;
import io.accountshield.streams.score.Decision;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads the restriction topics as a downstream service would (read_committed), for the progress line and the scorecard. */
final class DecisionWatcher implements AutoCloseable {

    private final KafkaConsumer<String, SpecificRecord> consumer;
    private final List<Decision> decisions = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private int applied;
    private int released;
    private volatile RuntimeException failure;

    DecisionWatcher(Properties clientProperties, TopicNames topics, String groupId) {
        Properties properties = new Properties();
        properties.putAll(clientProperties);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer = new KafkaConsumer<>(properties, new StringDeserializer(), AvroSerdes.anyRecord().deserializer());
        consumer.subscribe(List.of(topics.protectionApplied(), topics.protectionReleased(), topics.accountWatches()));
        thread = new Thread(this::run, "demo-decision-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (running.get()) {
                readSome();
            }
        } catch (WakeupException e) {
            // close() asked us to stop.
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            consumer.close();
        }
    }

    private void readSome() {
        for (ConsumerRecord<String, SpecificRecord> record : consumer.poll(Duration.ofMillis(200))) {
            synchronized (this) {
                if (record.value() instanceof ProtectionApplied a) {
                    decisions.add(new Decision(Decision.Type.APPLIED, a.getAccountId(), a.getAppliedAt().toEpochMilli()));
                    applied++;
                } else if (record.value() instanceof ProtectionReleased r) {
                    decisions.add(new Decision(Decision.Type.RELEASED, r.getAccountId(), r.getReleasedAt().toEpochMilli()));
                    released++;
                } else if (record.value() instanceof AccountWatched w) {
                    decisions.add(new Decision(Decision.Type.WATCHED, w.getAccountId(), w.getWatchedAt().toEpochMilli()));
                }
            }
        }
    }

    /** Why reading stopped, or null while it goes on. */
    synchronized RuntimeException failure() {
        return failure;
    }

    synchronized int applied() {
        return applied;
    }

    synchronized int released() {
        return released;
    }

    /** The account protected most recently that is still protected, or null: one to look up in the console. */
    synchronized String stillProtected() {
        java.util.Set<String> open = new java.util.LinkedHashSet<>();
        for (Decision decision : decisions) {
            if (decision.type() == Decision.Type.APPLIED) {
                open.remove(decision.accountId());
                open.add(decision.accountId());
            } else if (decision.type() == Decision.Type.RELEASED) {
                open.remove(decision.accountId());
            }
        }
        String last = null;
        for (String accountId : open) {
            last = accountId;
        }
        return last;
    }

    synchronized List<Decision> decisions() {
        return List.copyOf(decisions);
    }

    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            // Whoever interrupted the close is stopping too; the watcher's thread ends on its own after the wakeup.
            Thread.currentThread().interrupt();
        }
    }
}
