package io.accountshield.bench;

import io.accountshield.schema.events.ChatroomCreated;
import io.accountshield.schema.events.DeviceRegistered;
import io.accountshield.schema.events.FriendAdded;
import io.accountshield.schema.events.FriendSource;
import io.accountshield.schema.events.SpamReported;
import io.accountshield.schema.serde.AvroSerdes;
import io.accountshield.sim.output.KafkaEventSink;
import io.accountshield.streams.config.TopicNames;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Live traffic on an open-loop schedule: every event is due at a fixed instant, with occurredAt the
 * moment it is sent, and a producer that falls behind sends the overdue events at once and counts how
 * far behind it was, never stretching the schedule (that would hide the delay it causes: coordinated
 * omission).
 *
 * <p>Ordinary accounts are visited in a fixed permutation of {@code accounts} ids, so an account
 * comes back only after every other one has had an event, and none has more than
 * ⌈events / accounts⌉ of them. Their events cannot fire a rule: every friend-add is to someone who
 * knows them (a stranger rule counts strangers only, the burst rules need 20 or 100 adds), chatrooms
 * hold friends only, and each account has one reporter of its own, so it never has the three distinct
 * reporters the spam rule needs.
 *
 * <p>Produced as the simulator produces ({@link KafkaEventSink#producerProperties}: acks=all, idempotent, 10 ms linger), but
 * compressed as {@code --live-compression} says (none by default: see there).
 *
 * <p>An attacker starts every {@code attackerEvery}: an account with no device registration (age
 * unknown, so no newcomer allowance) that adds one stranger by ID search per tick, {@value #ATTACKER_ADDS}
 * in all: {@code stranger-add-streak}'s threshold, within a second of its 20-minute window and with
 * none of its adds mutual. Its last add is the firing event.
 */
final class LiveLoad implements AutoCloseable {

    /** {@code stranger-add-streak}'s default threshold: the fifth stranger sought out fires it. */
    static final int ATTACKER_ADDS = 5;

    /** Sent more than this behind its instant, an event counts as late. */
    static final Duration LATE = Duration.ofMillis(10);

    /**
     * One stretch of traffic as sent.
     *
     * @param maxBehindNanos the furthest the producer fell behind the schedule
     * @param late           events sent more than {@link #LATE} behind their instant
     * @param attackers      the accounts of the attackers whose firing event was sent in this stretch
     */
    record Sent(double offeredRate, long events, long nanos, long maxBehindNanos, long late, List<String> attackers) {
        double achievedRate() {
            return events / (nanos / 1e9);
        }
    }

    private final KafkaProducer<String, byte[]> producer;
    private final Serializer<SpecificRecord> avro = AvroSerdes.anyRecord().serializer();
    private final TopicNames topics;
    private final int accounts;
    private final long stride;
    private final long attackerEveryNanos;
    private final SplittableRandom random = new SplittableRandom(13);
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    /** Firing attackers by account id: when their last add was sent (System.nanoTime). */
    private final Map<String, Long> fired = new ConcurrentHashMap<>();
    /** Firing attackers by account id: when the broker acknowledged their last add (System.nanoTime). */
    private final Map<String, Long> firedAcked = new ConcurrentHashMap<>();
    private final AtomicLong sentCount = new AtomicLong();
    private final AtomicLong ackedCount = new AtomicLong();
    private long ordinarySent;
    private int attackersStarted;

    LiveLoad(Properties clients, TopicNames topics, int accounts, Duration attackerEvery, String compression) {
        Properties producerClients = new Properties();
        producerClients.putAll(clients);
        producerClients.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
        this.producer = new KafkaProducer<>(KafkaEventSink.producerProperties(producerClients), new StringSerializer(), new ByteArraySerializer());
        this.topics = topics;
        this.accounts = accounts;
        this.stride = strideFor(accounts);
        this.attackerEveryNanos = attackerEvery.toNanos();
    }

    /** A step coprime with the account count, so that {@code i * stride mod accounts} visits every account once per round. */
    static long strideFor(int accounts) {
        long stride = 1_000_003L % Math.max(1, accounts);
        while (accounts > 1 && (stride == 0 || BigInteger.valueOf(stride).gcd(BigInteger.valueOf(accounts)).intValue() != 1)) {
            stride = (stride + 1) % accounts;
        }
        return Math.max(1, stride);
    }

    private static String attacker(int number) {
        return "attacker-" + number;
    }

    static boolean isAttacker(String accountId) {
        return accountId.startsWith("attacker-");
    }

    /** When each attacker's firing event was sent (System.nanoTime), by account id. */
    Map<String, Long> fired() {
        return fired;
    }

    /** When the broker acknowledged each attacker's firing event (System.nanoTime), by account id. */
    Map<String, Long> firedAcked() {
        return firedAcked;
    }

    /** Events handed to the producer so far. */
    long sentCount() {
        return sentCount.get();
    }

    /** Events the broker acknowledged so far. */
    long ackedCount() {
        return ackedCount.get();
    }

    /**
     * Sends {@code rate} events a second for {@code length}, or until {@code stop} says so, with
     * attackers among them when asked (their adds are part of the rate). Attackers start only while
     * they can finish within the stretch, so every one started also fires in it.
     */
    Sent run(double rate, Duration length, boolean withAttackers, BooleanSupplier stop) {
        long ticks = withAttackers ? length.toNanos() / attackerEveryNanos : 0;
        long attackersHere = Math.max(0, ticks - ATTACKER_ADDS + 1);
        double attackerRate = withAttackers ? ATTACKER_ADDS * 1e9 / attackerEveryNanos : 0;
        double ordinaryNanos = 1e9 / Math.max(1.0, rate - attackerRate);
        long start = System.nanoTime();
        long end = start + length.toNanos();
        long events = 0;
        long late = 0;
        long maxBehind = 0;
        long ordinary = 0;
        long tick = 0;
        long loops = 0;
        int firstAttacker = attackersStarted;
        while (true) {
            long ordinaryDue = start + (long) (ordinary * ordinaryNanos);
            long tickDue = tick < ticks ? start + tick * attackerEveryNanos : Long.MAX_VALUE;
            long due = Math.min(ordinaryDue, tickDue);
            if (due >= end || (loops++ & 1023) == 0 && stop.getAsBoolean()) {
                break;
            }
            long now = System.nanoTime();
            if (now < due) {
                LockSupport.parkNanos(due - now);
                now = System.nanoTime();
            }
            long behind = now - due;
            maxBehind = Math.max(maxBehind, behind);
            int sent;
            if (tickDue <= ordinaryDue) {
                sent = attackerTick(tick, firstAttacker, attackersHere);
                tick++;
            } else {
                sendOrdinary();
                ordinary++;
                sent = 1;
            }
            events += sent;
            if (behind > LATE.toNanos()) {
                late += sent;
            }
        }
        // Behind schedule, the overdue events went out after the end: the achieved rate is over the time they took.
        long took = System.nanoTime() - start;
        attackersStarted = firstAttacker + (int) attackersHere;
        checkFailure();
        return new Sent(rate, events, took, maxBehind, late,
                IntStream.range(firstAttacker, attackersStarted).mapToObj(LiveLoad::attacker).toList());
    }

    /** At tick t, attacker t starts and the four before it add their next stranger; the fifth add fires. */
    private int attackerTick(long tick, int firstAttacker, long attackersHere) {
        int sent = 0;
        for (int add = 0; add < ATTACKER_ADDS; add++) {
            long attacker = tick - add;
            if (attacker < 0 || attacker >= attackersHere) {
                continue;
            }
            String accountId = attacker(firstAttacker + (int) attacker);
            long now = System.currentTimeMillis();
            long sentAt = System.nanoTime();
            boolean firing = add == ATTACKER_ADDS - 1;
            if (firing) {
                fired.put(accountId, sentAt);
            }
            send(topics.friendAdded(), accountId, new FriendAdded(accountId + "-add-" + add, accountId, Instant.ofEpochMilli(now),
                    "target-" + random.nextLong(Long.MAX_VALUE), FriendSource.ID_SEARCH, false, accountId + "-phone"),
                    firing ? accountId : null);
            sent++;
        }
        return sent;
    }

    /** The next account of the permutation: mostly a friend-add to someone who knows it, sometimes a chatroom of friends, a new phone or a report. */
    private void sendOrdinary() {
        long index = Math.floorMod(ordinarySent * stride, (long) accounts);
        String accountId = "account-" + index;
        String eventId = accountId + "-" + ordinarySent;
        Instant now = Instant.now();
        int kind = random.nextInt(100);
        if (kind < 85) {
            FriendSource source = FriendSource.values()[random.nextInt(FriendSource.values().length)];
            send(topics.friendAdded(), accountId, new FriendAdded(eventId, accountId, now, "friend-" + random.nextLong(Long.MAX_VALUE),
                    source, true, accountId + "-phone"));
        } else if (kind < 93) {
            int members = 2 + random.nextInt(7);
            send(topics.chatroomCreated(), accountId, new ChatroomCreated(eventId, accountId, now, "room-" + eventId, members, 0));
        } else if (kind < 98) {
            Instant created = now.minus(Duration.ofDays(30 + random.nextInt(3000)));
            send(topics.deviceRegistered(), accountId, new DeviceRegistered(eventId, accountId, now, accountId + "-phone-" + ordinarySent, created));
        } else {
            send(topics.spamReported(), accountId, new SpamReported(eventId, accountId, now, "reporter-of-" + index));
        }
        ordinarySent++;
    }

    private void send(String topic, String key, SpecificRecord event) {
        send(topic, key, event, null);
    }

    /** @param firingAttacker the attacker whose firing event this is, or null */
    private void send(String topic, String key, SpecificRecord event, String firingAttacker) {
        sentCount.incrementAndGet();
        producer.send(new ProducerRecord<>(topic, key, avro.serialize(topic, event)), (metadata, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
                return;
            }
            ackedCount.incrementAndGet();
            if (firingAttacker != null) {
                firedAcked.put(firingAttacker, System.nanoTime());
            }
        });
    }

    private void checkFailure() {
        if (failure.get() != null) {
            throw new IllegalStateException("producing the live load failed", failure.get());
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
        checkFailure();
    }
}
