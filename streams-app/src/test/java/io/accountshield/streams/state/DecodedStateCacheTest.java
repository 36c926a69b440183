package io.accountshield.streams.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.accountshield.schema.serde.AvroSerdes;
import io.accountshield.schema.state.AccountActivity;
import io.accountshield.schema.state.ActivityBucket;
import io.accountshield.schema.events.ChatroomCreated;
import io.accountshield.schema.events.FriendAdded;
import io.accountshield.schema.events.FriendSource;
import io.accountshield.schema.events.SpamReported;
import io.accountshield.streams.config.AppConfig;
import io.accountshield.streams.lifecycle.LifecycleInput;
import io.accountshield.streams.rules.RuleBook;
import io.accountshield.streams.time.ProtectionTimeline;
import io.accountshield.streams.lifecycle.ProtectionLifecycle;
import io.accountshield.streams.time.BucketTier;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.query.KeyQuery;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DecodedStateCacheTest {

    private KeyValueStore<String, AccountActivity> underneath;
    private DecodedStateCache<AccountActivity> cache;

    @BeforeEach
    void openStores() {
        cache = open(1L << 20);
    }

    private DecodedStateCache<AccountActivity> open(long maxBytes) {
        StoreBuilder<KeyValueStore<String, AccountActivity>> builder = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore("activity"), Serdes.String(), AvroSerdes.of(AccountActivity.class)).withLoggingDisabled();
        underneath = builder.build();
        DecodedStateCache<AccountActivity> opened = new DecodedStateCache<>(underneath, ActivitySizes::copy, ActivitySizes::heapBytes, maxBytes);
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "decoded-state-cache-test");
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9");
        opened.init(new MockProcessorContext<>(properties).getStateStoreContext(), opened);
        return opened;
    }

    /** Cached from a key's second recent write: a first write goes straight to the store underneath. */
    private void cacheHolding(String key, AccountActivity value) {
        cache.put(key, activity(-1));
        cache.put(key, value);
    }

    private static AccountActivity activity(int friendAdds) {
        AccountActivity activity = ProtectionLifecycle.newActivity();
        List<ActivityBucket> buckets = new ArrayList<>();
        buckets.add(ActivityBucket.newBuilder().setStartMillis(1_000).setFriendAdds(friendAdds).build());
        activity.setBurstBuckets(buckets);
        return activity;
    }

    private static int friendAdds(AccountActivity activity) {
        return activity.getBurstBuckets().get(0).getFriendAdds();
    }

    @Test
    void shouldKeepTheCachedValueAsWrittenWhenAReaderChangesWhatItRead() {
        cacheHolding("a", activity(3));
        assertThat(cache.cachedValues()).isOne();

        // A processor that changes the state it read and then fails never writes it back. It counts
        // through the tier, as the rules do: buckets are replaced, never changed in place (ActivitySizes.copy).
        AccountActivity read = cache.get("a");
        new BucketTier(Duration.ofSeconds(1), Duration.ofMinutes(10)).bucketFor(read.getBurstBuckets(), 1_000, 1_000).setFriendAdds(99);
        read.getBurstBuckets().add(ActivityBucket.newBuilder().setStartMillis(20_000).setFriendAdds(1).build());
        read.setProtectionCount(7);

        assertThat(friendAdds(cache.get("a"))).isEqualTo(3);
        assertThat(cache.get("a").getBurstBuckets()).hasSize(1);
        assertThat(cache.get("a").getProtectionCount()).isZero();
    }

    @Test
    void shouldKeepTheCachedStateAsWrittenWhenTheLifecycleJudgesWhatWasReadAndItIsNotWrittenBack() {
        AppConfig config = AppConfig.defaults();
        RuleBook rules = config.ruleBook();
        ProtectionLifecycle lifecycle = new ProtectionLifecycle(rules, new ProtectionTimeline(config.time(), rules.activityRetention(),
                config.historyRetention()));
        long t0 = Instant.parse("2026-03-02T09:00:00Z").toEpochMilli();
        AccountActivity judged = ProtectionLifecycle.newActivity();
        for (int i = 0; i < 60; i++) {
            judge(lifecycle, judged, t0 + i * 1_000L, i);
        }
        cacheHolding("a", judged);
        assertThat(cache.cachedValues()).isOne();
        Serde<AccountActivity> serde = AvroSerdes.of(AccountActivity.class);
        byte[] asWritten = serde.serializer().serialize("t", cache.get("a"));

        // The same events again and more, into the buckets the cached state has: judged, never written back (a failed event).
        AccountActivity read = cache.get("a");
        for (int i = 0; i < 120; i++) {
            judge(lifecycle, read, t0 + i * 500L, 1_000 + i);
        }

        assertThat(serde.serializer().serialize("t", read)).as("the copy was judged").isNotEqualTo(asWritten);
        assertThat(serde.serializer().serialize("t", cache.get("a"))).isEqualTo(asWritten);
    }

    /** One event of each kind in turn, as the processor hands them to the lifecycle. */
    private static void judge(ProtectionLifecycle lifecycle, AccountActivity activity, long at, int n) {
        SpecificRecord event = switch (n % 4) {
            case 0 -> FriendAdded.newBuilder().setEventId("e" + n).setAccountId("a").setFriendAccountId("f" + n)
                    .setSource(n % 8 == 0 ? FriendSource.CONTACT_SYNC : FriendSource.ID_SEARCH).setMutual(n % 3 == 0).setDeviceId("d")
                    .setOccurredAt(Instant.ofEpochMilli(at)).build();
            case 1 -> ChatroomCreated.newBuilder().setEventId("c" + n).setAccountId("a").setChatroomId("room-" + n).setMemberCount(5)
                    .setNonFriendMemberCount(3).setOccurredAt(Instant.ofEpochMilli(at)).build();
            case 2 -> SpamReported.newBuilder().setEventId("r" + n).setAccountId("a").setReporterAccountId("reporter-" + n % 5)
                    .setOccurredAt(Instant.ofEpochMilli(at)).build();
            default -> FriendAdded.newBuilder().setEventId("m" + n).setAccountId("a").setFriendAccountId("g" + n)
                    .setSource(FriendSource.QR_CODE).setMutual(true).setDeviceId("d").setOccurredAt(Instant.ofEpochMilli(at)).build();
        };
        lifecycle.apply("a", activity, new LifecycleInput.Event(event, at, at), accountId -> null);
    }

    @Test
    void shouldWriteACachedKeysChangesToTheStoreUnderneathOnlyWhenFlushedBeforeACommit() {
        cache.put("a", activity(1));
        cache.put("a", activity(2));
        cache.put("a", activity(3));
        assertThat(friendAdds(underneath.get("a"))).as("the first write, which went straight through").isEqualTo(1);

        cache.flushCache();
        assertThat(friendAdds(underneath.get("a"))).isEqualTo(3);

        // Still cached after the flush: a later read is not decoded from the store.
        underneath.put("a", activity(50));
        assertThat(friendAdds(cache.get("a"))).isEqualTo(3);
    }

    @Test
    void shouldWriteAKeyWrittenOnceStraightThroughAndCacheItFromItsSecondWrite() {
        for (int i = 0; i < 100; i++) {
            cache.put("once-" + i, activity(i));
        }

        assertThat(cache.cachedValues()).as("keys written once, which most accounts' events are").isZero();
        assertThat(friendAdds(underneath.get("once-7"))).isEqualTo(7);

        cache.put("once-7", activity(70));
        assertThat(cache.cachedValues()).isOne();
        assertThat(friendAdds(underneath.get("once-7"))).as("cached, written at the next flush").isEqualTo(7);
        assertThat(friendAdds(cache.get("once-7"))).isEqualTo(70);
        cache.flushCache();
        assertThat(friendAdds(underneath.get("once-7"))).isEqualTo(70);
    }

    @Test
    void shouldWriteAKeyThroughAgainOnceAnotherKeyTookItsPlaceAmongTheRecentWrites() {
        String other = IntStream.range(0, 1_000_000).mapToObj(i -> "other-" + i)
                .filter(key -> cache.rememberedWriteSlot(key) == cache.rememberedWriteSlot("a")).findFirst().orElseThrow();

        cache.put("a", activity(1));
        cache.put(other, activity(2));
        cache.put("a", activity(3));

        assertThat(cache.cachedValues()).as("a's first write forgotten").isZero();
        assertThat(friendAdds(underneath.get("a"))).isEqualTo(3);
    }

    @Test
    void shouldSizeTheTableOfRecentWritesFromTheBound() {
        assertThat(open(1L << 10).rememberedWriteSlots()).as("the least").isEqualTo(1 << 10);
        assertThat(open(8L << 20).rememberedWriteSlots()).as("the default bound: one slot for 128 bytes").isEqualTo(1 << 16);
        assertThat(open(3L << 20).rememberedWriteSlots()).as("rounded down to a power of two").isEqualTo(1 << 14);
        assertThat(open(1L << 40).rememberedWriteSlots()).as("the most").isEqualTo(1 << 22);
    }

    @Test
    void shouldForgetWhichKeysWereWrittenWhenKafkaClearsTheCache() {
        cache.put("a", activity(1));
        cache.clearCache();

        cache.put("a", activity(2));

        assertThat(cache.cachedValues()).isZero();
        assertThat(friendAdds(underneath.get("a"))).isEqualTo(2);
    }

    @Test
    void shouldDropUnflushedChangesWhenKafkaClearsTheCache() {
        cache.put("a", activity(1));
        cache.flushCache();
        cache.put("a", activity(2));

        cache.clearCache();

        assertThat(friendAdds(cache.get("a"))).isEqualTo(1);
    }

    @Test
    void shouldWriteBackAndDropTheLeastRecentlyUsedPastTheBound() {
        long oneValue = ActivitySizes.heapBytes(activity(1));
        cache = open(oneValue * 4);
        for (int i = 0; i < 4; i++) {
            cacheHolding("account-" + i, activity(i));
        }
        cache.get("account-0");
        assertThat(cache.cachedValues()).isEqualTo(4);

        cacheHolding("account-4", activity(4));

        // Down to three quarters of the bound: the two used longest ago went, written back first.
        assertThat(cache.cachedValues()).isEqualTo(3);
        assertThat(cache.cachedBytes()).isLessThanOrEqualTo(oneValue * 3);
        assertThat(friendAdds(underneath.get("account-1"))).isEqualTo(1);
        assertThat(friendAdds(underneath.get("account-2"))).isEqualTo(2);
        assertThat(friendAdds(underneath.get("account-0"))).as("used recently, so kept; underneath, its first write").isEqualTo(-1);
        for (int i = 0; i <= 4; i++) {
            assertThat(friendAdds(cache.get("account-" + i))).isEqualTo(i);
        }
    }

    @Test
    void shouldDeleteFromBothTheCacheAndTheStore() {
        cache.put("a", activity(1));
        cache.flushCache();
        cache.put("a", activity(2));

        cache.delete("a");
        cache.flushCache();

        assertThat(cache.get("a")).isNull();
        assertThat(underneath.get("a")).isNull();
    }

    @Test
    void shouldShowUnflushedWritesToARangeReadOnTheTaskThreadAndOnlyWhatReachedTheStoreToOtherThreads() throws Exception {
        cache.put("a", activity(1));
        cache.flushCache();
        cache.put("a", activity(2));
        cacheHolding("b", activity(3));

        AtomicReference<List<String>> seenElsewhere = new AtomicReference<>();
        Thread queryThread = new Thread(() -> seenElsewhere.set(keysAndAdds(cache.all())));
        queryThread.start();
        queryThread.join();

        // b's first write went straight to the store; its second, cached, has not reached it.
        assertThat(seenElsewhere.get()).containsExactly("a=1", "b=-1");
        assertThat(keysAndAdds(cache.all())).containsExactly("a=2", "b=3");
    }

    @Test
    void shouldAnswerAKeyQueryWithTheNewestValue() {
        cache.put("a", activity(1));
        cache.flushCache();
        cache.put("a", activity(2));

        QueryResult<AccountActivity> answer = cache.query(KeyQuery.withKey("a"), PositionBound.unbounded(), new QueryConfig(false));

        assertThat(answer.isSuccess()).isTrue();
        assertThat(friendAdds(answer.getResult())).isEqualTo(2);
    }

    @Test
    void shouldKeepNothingWithABoundOfZero() {
        cache = open(0);
        cache.put("a", activity(1));
        cache.put("a", activity(2));

        assertThat(cache.cachedValues()).isZero();
        assertThat(friendAdds(underneath.get("a"))).isEqualTo(2);
    }

    private static List<String> keysAndAdds(KeyValueIterator<String, AccountActivity> all) {
        List<String> seen = new ArrayList<>();
        try (all) {
            while (all.hasNext()) {
                KeyValue<String, AccountActivity> next = all.next();
                seen.add(next.key + "=" + friendAdds(next.value));
            }
        }
        return seen;
    }
}
