package io.accountshield.streams.time;

import static org.assertj.core.api.Assertions.assertThat;

import io.accountshield.schema.serde.AvroSerdes;
import io.accountshield.schema.state.AccountActivity;
import io.accountshield.streams.lifecycle.ProtectionLifecycle;
import io.accountshield.streams.state.ActivitySizes;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class RecentEventIdsTest {

    private static final Serde<AccountActivity> STATE = AvroSerdes.of(AccountActivity.class);
    private final RecentEventIds ids = new RecentEventIds(Duration.ofHours(1));

    /** The state as the store hands it back: serialised and read again. */
    private static AccountActivity stored(AccountActivity activity) {
        return STATE.deserializer().deserialize("state", STATE.serializer().serialize("state", activity));
    }

    @Test
    void shouldRememberAnIdThroughTheStoreAndForgetItOutsideTheWindow() {
        AccountActivity activity = ProtectionLifecycle.newActivity();
        assertThat(ids.seenBefore(activity, "e-1", 1_000)).isFalse();
        activity = stored(activity);
        assertThat(ids.seenBefore(activity, "e-1", 1_000)).isTrue();
        assertThat(ids.seenBefore(activity, "e-2", 2_000)).isFalse();

        activity.setLatestEventAtMillis(1_000 + Duration.ofHours(1).toMillis() + 1);
        assertThat(ids.seenBefore(stored(activity), "e-1", 1_000)).as("older than the window: counted again, as the rules would").isFalse();
    }

    @Test
    void shouldKeepAtMostTheCapAndForgetTheOldestFirst() {
        AccountActivity activity = ProtectionLifecycle.newActivity();
        for (int i = 0; i <= RecentEventIds.MAX_IDS; i++) {
            assertThat(ids.seenBefore(activity, "e-" + i, 10_000 + i)).isFalse();
        }
        activity = stored(activity);
        assertThat(activity.getRecentEventIds().remaining()).isEqualTo(RecentEventIds.MAX_IDS * 16);
        assertThat(ids.seenBefore(activity, "e-" + RecentEventIds.MAX_IDS, 10_000)).isTrue();
        assertThat(ids.seenBefore(stored(activity), "e-0", 10_000)).as("the oldest was forgotten at the cap").isFalse();
    }

    @Test
    void shouldLeaveTheIdsOfTheStateACopyWasTakenFromAsTheyWereWhenTheCopyTakesANewOne() {
        AccountActivity cached = ProtectionLifecycle.newActivity();
        for (int i = 0; i < 10; i++) {
            assertThat(ids.seenBefore(cached, "e-" + i, 1_000 + i)).isFalse();
        }
        byte[] before = stored(cached).getRecentEventIds().array();

        // The processor works on a copy that shares the bytes; the event fails after its id was taken.
        AccountActivity copy = ActivitySizes.copy(cached);
        assertThat(ids.seenBefore(copy, "e-failed", 2_000)).isFalse();
        assertThat(cached.getRecentEventIds().remaining()).isEqualTo(10 * 16);
        assertThat(stored(cached).getRecentEventIds().array()).isEqualTo(before);

        // The next copy of the cached state takes its own id in the same room, and sees only its own.
        AccountActivity next = ActivitySizes.copy(cached);
        assertThat(ids.seenBefore(next, "e-next", 2_001)).isFalse();
        assertThat(ids.seenBefore(next, "e-failed", 2_000)).as("the failed event was never stored").isFalse();
        assertThat(ids.seenBefore(next, "e-next", 2_001)).isTrue();
        assertThat(ids.seenBefore(next, "e-3", 1_003)).isTrue();
    }

    @Test
    void shouldTellApartIdsThatDifferInOneCharacter() {
        assertThat(RecentEventIds.hash("event-100")).isNotEqualTo(RecentEventIds.hash("event-101")).isNotEqualTo(RecentEventIds.hash("event-010"));
    }

    @Test
    void shouldRememberAnEventExactlyOneWindowOldButNotAMillisecondOlder() {
        long window = Duration.ofHours(1).toMillis();
        AccountActivity activity = ProtectionLifecycle.newActivity();
        ids.seenBefore(activity, "e-1", 1_000);
        activity.setLatestEventAtMillis(1_000 + window);
        assertThat(ids.seenBefore(stored(activity), "e-1", 1_000)).as("at the horizon").isTrue();

        AccountActivity older = ProtectionLifecycle.newActivity();
        ids.seenBefore(older, "e-1", 1_000);
        older.setLatestEventAtMillis(1_000 + window + 1);
        assertThat(ids.seenBefore(stored(older), "e-1", 1_000)).as("a millisecond past it").isFalse();
    }

    @Test
    void shouldKeepTheNewestAtTheCapAndDropOnlyWhatTheWindowNoLongerSees() {
        AccountActivity activity = ProtectionLifecycle.newActivity();
        for (int i = 0; i <= RecentEventIds.MAX_IDS; i++) {
            ids.seenBefore(activity, "e-" + i, 10_000 + i);
        }
        AccountActivity full = stored(activity);
        assertThat(ids.seenBefore(full, "e-1", 10_001)).as("the second oldest survives the first eviction").isTrue();
        assertThat(RecentEventIds.hash("event-101")).isNotEqualTo(RecentEventIds.hash("event-110"));
    }

    @Test
    void shouldKeepAnIdExactlyAtTheHorizonWhenTheNextEventIsRemembered() {
        long window = Duration.ofHours(1).toMillis();
        AccountActivity activity = ProtectionLifecycle.newActivity();
        ids.seenBefore(activity, "e-1", 1_000);
        activity.setLatestEventAtMillis(1_000);

        // The next event puts e-1 exactly one window back: still inside it, so it is carried over, not dropped.
        assertThat(ids.seenBefore(activity, "e-2", 1_000 + window)).isFalse();
        activity.setLatestEventAtMillis(1_000 + window);
        AccountActivity read = stored(activity);
        assertThat(read.getRecentEventIds().remaining()).isEqualTo(2 * 16);
        assertThat(ids.seenBefore(read, "e-1", 1_000)).isTrue();
    }

    @Test
    void shouldHashAnIdentityAsFnv1aOverItsUtf16CodeUnitsLowByteFirst() {
        // The hashes are stored: a different function would let every redelivery across an upgrade count again.
        assertThat(fnv1a(new byte[] {'a'})).as("the reference is FNV-1a 64").isEqualTo(0xaf63dc4c8601ec8cL);
        for (String identity : new String[] {"", "a", "FriendAdded|e-1|1000|f-9", "계정-7", "\uD83D\uDCF1"}) {
            assertThat(RecentEventIds.hash(identity)).as(identity).isEqualTo(fnv1a(identity.getBytes(java.nio.charset.StandardCharsets.UTF_16LE)));
        }
    }

    private static long fnv1a(byte[] bytes) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : bytes) {
            hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
        }
        return hash;
    }
}
