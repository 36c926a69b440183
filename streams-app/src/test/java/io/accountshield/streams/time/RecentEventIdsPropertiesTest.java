package io.accountshield.streams.time;

import static org.assertj.core.api.Assertions.assertThat;

import io.accountshield.schema.serde.AvroSerdes;
import io.accountshield.schema.state.AccountActivity;
import io.accountshield.streams.lifecycle.ProtectionLifecycle;
import io.accountshield.streams.state.ActivitySizes;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;
import org.apache.kafka.common.serialization.Serde;

/**
 * {@link RecentEventIds} against its specification, written the plain way: the ids of the window,
 * in the order they came, the newest up to the cap. Over long random runs of one account (ids
 * redelivered, events out of order, copies whose event fails, the state read back from the store),
 * each answer and the bytes left in the state must be the specification's, whether the scan or the
 * index answered.
 */
class RecentEventIdsPropertiesTest {

    private static final Serde<AccountActivity> STATE = AvroSerdes.of(AccountActivity.class);
    private static final long WINDOW_MILLIS = 1_000;

    /** The specification: every id with its time, oldest first. */
    private static final class Specification {
        private List<long[]> ids = new ArrayList<>();

        boolean seenBefore(long hash, long eventMillis, long latestEventMillis) {
            long horizon = Math.max(latestEventMillis, eventMillis) - WINDOW_MILLIS;
            List<long[]> inWindow = new ArrayList<>();
            for (long[] id : ids) {
                if (id[1] >= horizon) {
                    if (id[0] == hash) {
                        return true;
                    }
                    inWindow.add(id);
                }
            }
            List<long[]> kept = new ArrayList<>(inWindow.subList(Math.max(0, inWindow.size() - (RecentEventIds.MAX_IDS - 1)), inWindow.size()));
            kept.add(new long[] {hash, eventMillis});
            ids = kept;
            return false;
        }

        byte[] bytes() {
            ByteBuffer bytes = ByteBuffer.allocate(ids.size() * 16);
            ids.forEach(id -> bytes.putLong(id[0]).putLong(id[1]));
            return bytes.array();
        }
    }

    @Property(tries = 60)
    void shouldAnswerAndKeepTheIdsAsTheSpecificationDoes(@ForAll long seed, @ForAll @IntRange(min = 50, max = 3_000) int events,
                                                         @ForAll @IntRange(min = 1, max = 40) int millisApart) {
        SplittableRandom random = new SplittableRandom(seed);
        RecentEventIds ids = new RecentEventIds(Duration.ofMillis(WINDOW_MILLIS));
        Specification specification = new Specification();
        AccountActivity activity = ProtectionLifecycle.newActivity();
        long now = 1_000_000;
        int redeliveries = 0;
        for (int i = 0; i < events; i++) {
            now += random.nextInt(millisApart + 1);
            // Mostly in order; sometimes an event from a while back, now and then one older than the window.
            long eventMillis = random.nextInt(20) == 0 ? now - random.nextLong(2 * WINDOW_MILLIS) : now;
            // A redelivery of a recent event now and then, else a new one.
            String identity = random.nextInt(10) == 0 && i > 0 ? "event-" + (i - 1 - random.nextInt(Math.min(i, 2_000))) : "event-" + i;
            long latest = activity.getLatestEventAtMillis();

            switch (random.nextInt(30)) {
                case 0 -> activity = stored(activity);
                case 1 -> {
                    // A copy takes the id and its event fails: the state the copy came from must be untouched.
                    byte[] before = remaining(activity);
                    ids.seenBefore(ActivitySizes.copy(activity), "failed-" + i, eventMillis);
                    assertThat(remaining(activity)).isEqualTo(before);
                }
                default -> {
                }
            }

            boolean expected = specification.seenBefore(RecentEventIds.hash(identity), eventMillis, latest);
            assertThat(ids.seenBefore(activity, identity, eventMillis)).as("event %d (%s at %d)", i, identity, eventMillis).isEqualTo(expected);
            assertThat(remaining(activity)).as("the ids kept after event %d", i).isEqualTo(specification.bytes());
            if (expected) {
                redeliveries++;
            } else {
                activity.setLatestEventAtMillis(Math.max(latest, eventMillis));
            }
        }
        assertThat(redeliveries).as("not every event a redelivery").isLessThan(events);
        // A short run far apart may meet no redelivery in its window; most runs must, or the property says little.
        Statistics.label("redeliveries met").collect(redeliveries > 0);
        Statistics.label("redeliveries met").coverage(coverage -> coverage.check(true).percentage(share -> share >= 80));
    }

    private static AccountActivity stored(AccountActivity activity) {
        return STATE.deserializer().deserialize("state", STATE.serializer().serialize("state", activity));
    }

    private static byte[] remaining(AccountActivity activity) {
        ByteBuffer view = activity.getRecentEventIds().duplicate();
        byte[] bytes = new byte[view.remaining()];
        view.get(bytes);
        return bytes;
    }
}
