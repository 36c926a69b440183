package io.accountshield.streams.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.accountshield.schema.serde.AvroTypes;
import io.accountshield.schema.state.AccountActivity;
import io.accountshield.schema.state.ActivityBucket;
import io.accountshield.streams.time.BucketTier;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.util.RandomData;
import org.junit.jupiter.api.Test;

/**
 * The hand-written copy against the schema itself: random states with every field filled, so a field
 * added to the schema and forgotten in the copy fails here, and nothing the processor changes in place
 * is shared between a state and its copy. Buckets are shared (they are replaced, never changed:
 * {@code BucketTier}), and counting into a copy's buckets leaves the original's as they were.
 */
class ActivitySizesTest {

    private static final Schema SCHEMA = AccountActivity.getClassSchema();

    static {
        // Registers the schema classes with Avro's class validator, which the reader below consults.
        AvroTypes.of(AccountActivity.class);
    }

    @Test
    void shouldCopyEveryFieldAndShareNothingChangeable() throws IOException {
        int checked = 0;
        for (Object random : new RandomData(SCHEMA, 300, 20261201L)) {
            AccountActivity original = asSpecific(random);
            AccountActivity copy = ActivitySizes.copy(original);

            assertThat(copy).isEqualTo(original);
            assertNothingShared(SCHEMA, original, copy, "AccountActivity");
            checked++;
        }
        assertThat(checked).isEqualTo(300);
    }

    @Test
    void shouldLeaveTheOriginalAsItWasWhenTheCopyIsChanged() throws IOException {
        AccountActivity original = withCountableBuckets(asSpecific(new RandomData(SCHEMA, 1, 7L).iterator().next()));
        AccountActivity before = withCountableBuckets(asSpecific(new RandomData(SCHEMA, 1, 7L).iterator().next()));
        AccountActivity copy = ActivitySizes.copy(original);

        copy.getBurstBuckets().clear();
        countIntoEveryBucket(copy.getSustainedBuckets());
        copy.getRecentReports().clear();
        copy.getShadowFindingsUntil().put("changed", 1L);
        if (copy.getEpisode() != null) {
            copy.getEpisode().setReleaseEligibleAtMillis(copy.getEpisode().getReleaseEligibleAtMillis() + 1);
        }
        if (copy.getWatch() != null) {
            copy.getWatch().getSignals().put("changed", 1L);
        }
        copy.getRecentEventIds().position(copy.getRecentEventIds().limit());

        assertThat(original).isEqualTo(before);
    }

    @Test
    void shouldShareBucketsThatCountingReplacesRatherThanChanges() throws IOException {
        AccountActivity original = withCountableBuckets(asSpecific(new RandomData(SCHEMA, 1, 11L).iterator().next()));
        List<ActivityBucket> asTheyWere = withCountableBuckets(asSpecific(new RandomData(SCHEMA, 1, 11L).iterator().next())).getSustainedBuckets();
        AccountActivity copy = ActivitySizes.copy(original);
        assertThat(copy.getSustainedBuckets().get(0)).isSameAs(original.getSustainedBuckets().get(0));

        countIntoEveryBucket(copy.getSustainedBuckets());

        assertThat(original.getSustainedBuckets()).isEqualTo(asTheyWere);
        assertThat(copy.getSustainedBuckets()).extracting(ActivityBucket::getFriendAdds)
                .isEqualTo(asTheyWere.stream().map(bucket -> bucket.getFriendAdds() + 1).toList());
    }

    private static final long BUCKET_MILLIS = 10;

    /** Sustained buckets in order, one bucket apart, as the tier keeps them (random ones are in no order). */
    private static AccountActivity withCountableBuckets(AccountActivity activity) {
        List<ActivityBucket> buckets = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            buckets.add(new ActivityBucket(i * BUCKET_MILLIS, i + 1, i, 0, 0, 0, 0, 0));
        }
        activity.setSustainedBuckets(buckets);
        return activity;
    }

    /** One friend-add into each bucket of the list, the way the rules count: through the tier, which hands out the bucket to count in. */
    private static void countIntoEveryBucket(List<ActivityBucket> buckets) {
        BucketTier tier = new BucketTier(Duration.ofMillis(BUCKET_MILLIS), Duration.ofMillis(BUCKET_MILLIS * 100));
        long head = buckets.get(buckets.size() - 1).getStartMillis();
        for (long start : buckets.stream().map(ActivityBucket::getStartMillis).toList()) {
            ActivityBucket bucket = tier.bucketFor(buckets, start, head);
            bucket.setFriendAdds(bucket.getFriendAdds() + 1);
        }
    }

    /**
     * Every record, list and map reachable from the copy is a different object from the original's,
     * but for buckets, which counting replaces; bytes need only their own buffer.
     */
    private static void assertNothingShared(Schema schema, Object original, Object copy, String path) {
        if (original == null) {
            assertThat(copy).as(path).isNull();
            return;
        }
        if (original instanceof ActivityBucket) {
            return;
        }
        switch (schema.getType()) {
            case RECORD -> {
                assertThat(copy).as(path).isNotSameAs(original);
                for (Schema.Field field : schema.getFields()) {
                    assertNothingShared(field.schema(), ((IndexedRecord) original).get(field.pos()), ((IndexedRecord) copy).get(field.pos()),
                            path + "." + field.name());
                }
            }
            case ARRAY -> {
                assertThat(copy).as(path).isNotSameAs(original);
                List<?> originals = (List<?>) original;
                for (int i = 0; i < originals.size(); i++) {
                    assertNothingShared(schema.getElementType(), originals.get(i), ((List<?>) copy).get(i), path + "[" + i + "]");
                }
            }
            case MAP -> {
                assertThat(copy).as(path).isNotSameAs(original);
                ((Map<?, ?>) original).forEach((key, value) ->
                        assertNothingShared(schema.getValueType(), value, ((Map<?, ?>) copy).get(key), path + "{" + key + "}"));
            }
            case UNION -> assertNothingShared(schema.getTypes().get(SpecificData.get().resolveUnion(schema, original)), original, copy, path);
            case BYTES -> assertThat(copy).as(path).isNotSameAs(original).isInstanceOf(ByteBuffer.class);
            default -> {
                // Numbers, strings and enums cannot be changed in place.
            }
        }
    }

    /** RandomData makes generic records; written and read back as the generated class. */
    private static AccountActivity asSpecific(Object generic) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new GenericDatumWriter<>(SCHEMA).write(generic, encoder);
        encoder.flush();
        return new SpecificDatumReader<>(AccountActivity.class).read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
    }
}
