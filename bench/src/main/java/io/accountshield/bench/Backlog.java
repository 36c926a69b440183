package io.accountshield.bench;

import io.accountshield.sim.output.JsonlEventSink;
import io.accountshield.sim.output.KafkaEventSink;
import io.accountshield.sim.output.TimeMapping;
import io.accountshield.sim.scenario.Scenario;
import io.accountshield.sim.scenario.ScenarioLoader;
import io.accountshield.sim.traffic.DeliveryOrder;
import io.accountshield.sim.traffic.SimEvent;
import io.accountshield.sim.traffic.TrafficGenerator;
import io.accountshield.streams.config.TopicNames;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The simulator's traffic, produced to the application's input topics before any clock starts, and
 * the same events written as JSONL for the replay. The scenario is mapped so that it ends at the
 * moment production starts: a backlog of the recent past, as an instance catching up would read
 * it (no event is ahead of the clock, so none is dead-lettered as from the future).
 */
final class Backlog {

    /** Events per account over the default scenario's 72 hours (969,557 events for 22,150 accounts). */
    private static final double DEFAULT_EVENTS_PER_ACCOUNT = 969_557 / 22_150.0;
    private static final Duration DEFAULT_DURATION = Duration.ofHours(72);

    /**
     * What was produced.
     *
     * @param accounts distinct accounts with at least one event
     */
    record Produced(long events, int accounts, Path jsonl, Duration took) {
    }

    private Backlog() {
    }

    /**
     * The default scenario's populations scaled to {@code accounts} in the same proportions, over a
     * duration that should give a little more than {@code events} (the harness stops at {@code events});
     * a {@code --set} on the command line still wins.
     */
    static Map<String, String> scaledScenario(int accounts, long events) {
        Scenario defaults = new ScenarioLoader().load(Map.of(), (String) null, Map.of());
        Map<String, Integer> populations = new LinkedHashMap<>();
        populations.put("ordinary.accounts", defaults.ordinary().accounts());
        populations.put("migrations.accounts", defaults.migrations().accounts());
        populations.put("newcomers.accounts", defaults.newcomers().accounts());
        populations.put("campaigns.friendAddFlood.accounts", defaults.campaigns().friendAddFlood().accounts());
        populations.put("campaigns.purchasedList.accounts", defaults.campaigns().purchasedList().accounts());
        populations.put("campaigns.lowAndSlow.accounts", defaults.campaigns().lowAndSlow().accounts());
        populations.put("campaigns.chatroomFlood.accounts", defaults.campaigns().chatroomFlood().accounts());
        double total = populations.values().stream().mapToInt(Integer::intValue).sum();
        Map<String, String> scaled = new LinkedHashMap<>();
        // In doubles: 20,000 ordinary accounts times a million overflows an int (it once left the million step one ordinary account).
        populations.forEach((key, count) -> scaled.put(key, String.valueOf(Math.max(1, Math.round(count * (double) accounts / total)))));
        // Half as much again as the estimate, so the cap rather than the scenario's end decides the count.
        double share = Math.min(1.0, 1.5 * events / (DEFAULT_EVENTS_PER_ACCOUNT * accounts));
        long minutes = Math.max(60, (long) Math.ceil(DEFAULT_DURATION.toMinutes() * share));
        scaled.put("duration", Duration.ofMinutes(minutes).toString());
        return scaled;
    }

    /** Produces the backlog; with {@code jsonl} null, no JSONL file is written. */
    static Produced produce(Scenario scenario, long maxEvents, Properties clients, TopicNames topics, Path jsonl) throws IOException {
        long started = System.nanoTime();
        TimeMapping time = new TimeMapping(scenario.start().toEpochMilli(), System.currentTimeMillis() - scenario.duration().toMillis(), 1.0);
        DeliveryOrder delivery = new DeliveryOrder(scenario, new TrafficGenerator(scenario, label -> { }));
        Set<String> accounts = new HashSet<>();
        long events = 0;
        // One request in flight: on partitions created a moment ago, the embedded 4.4.0 broker was seen to accept an
        // idempotent producer's second batch when its first had failed (a producer with no state there yet), and then to
        // refuse the first for ever (OutOfOrderSequenceException until the delivery timeout). The backlog's own rate is
        // not a measured figure, so ordering wins over speed here.
        Properties producer = new Properties();
        producer.putAll(clients);
        producer.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        try (KafkaEventSink kafka = new KafkaEventSink(producer, topics, null, null, Duration.ofSeconds(15));
             JsonlEventSink file = new JsonlEventSink(jsonl == null ? Writer.nullWriter() : Files.newBufferedWriter(jsonl, StandardCharsets.UTF_8), null)) {
            while (events < maxEvents && delivery.hasNext()) {
                SimEvent event = delivery.next().event();
                long occurredAt = time.map(event.occurredAt());
                long accountCreatedAt = event.type() == SimEvent.EventType.DEVICE_REGISTERED ? occurredAt - event.accountAgeMillis() : 0;
                kafka.event(event, occurredAt, accountCreatedAt);
                file.event(event, occurredAt, accountCreatedAt);
                accounts.add(event.accountId());
                events++;
            }
        }
        return new Produced(events, accounts.size(), jsonl, Duration.ofNanos(System.nanoTime() - started));
    }
}
