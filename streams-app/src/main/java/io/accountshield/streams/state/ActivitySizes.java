package io.accountshield.streams.state;

import io.accountshield.schema.state.AccountActivity;
import io.accountshield.schema.state.AccountWatch;
import io.accountshield.schema.state.ProtectionEpisode;
import io.accountshield.schema.state.ReportMark;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/** What {@link DecodedStateCache} needs to know about an account's state: how to copy it, and about how large it is on the heap. */
public final class ActivitySizes {

    /** Object headers and references of one bucket or mark, with their fields. */
    static final long BUCKET_BYTES = 64;
    static final long REPORT_MARK_BYTES = 48;
    static final long SHADOW_FINDING_BYTES = 96;
    /** The state's own fields, its lists and maps, and an episode or watch. */
    static final long FIXED_BYTES = 512;

    private ActivitySizes() {
    }

    /**
     * A copy, field by field, that shares nothing the lifecycle changes in place: Avro's generic deep
     * copy boxes every counter of every bucket and cost as much as decoding and encoding the state,
     * which is what the cache saves. Two things are shared because they are never changed in place,
     * only replaced: the buckets (the lists are copied; {@code BucketTier} puts a counted bucket's
     * copy in its list) and the recent event ids' bytes (a buffer of their own over them;
     * {@code RecentEventIds}). {@code ActivitySizesTest} fails when a field is added to the schema and
     * not copied here, and when counting an event changes a bucket a copy shares.
     */
    public static AccountActivity copy(AccountActivity activity) {
        return new AccountActivity(activity.getLatestEventAtMillis(), new ArrayList<>(activity.getBurstBuckets()),
                new ArrayList<>(activity.getSustainedBuckets()), reports(activity.getRecentReports()), activity.getLastDeviceRegisteredAtMillis(),
                activity.getAccountCreatedAtMillis(), episode(activity.getEpisode()), activity.getProtectionCount(),
                activity.getLastReleasedAtMillis(), activity.getLastReleaseKind(), watch(activity.getWatch()), activity.getTimerAtMillis(),
                new HashMap<>(activity.getShadowFindingsUntil()), activity.getForgivenThroughMillis(),
                activity.getRecentEventIds().duplicate());
    }

    private static List<ReportMark> reports(List<ReportMark> reports) {
        List<ReportMark> copies = new ArrayList<>(reports.size());
        for (ReportMark report : reports) {
            copies.add(new ReportMark(report.getReporterAccountId(), report.getReportedAtMillis()));
        }
        return copies;
    }

    private static ProtectionEpisode episode(ProtectionEpisode episode) {
        return episode == null ? null : new ProtectionEpisode(episode.getRuleId(), episode.getRuleVersion(), episode.getReason(),
                episode.getAppliedAtMillis(), episode.getLastSuspiciousAtMillis(), episode.getReleaseEligibleAtMillis(),
                episode.getQuietPeriodMillis());
    }

    private static AccountWatch watch(AccountWatch watch) {
        return watch == null ? null : new AccountWatch(watch.getRuleId(), watch.getRuleVersion(), watch.getReason(), watch.getObservedCount(),
                watch.getThreshold(), watch.getWindowMillis(), watch.getStartedAtMillis(), watch.getUntilMillis(),
                new HashMap<>(watch.getSignals()));
    }

    /** An estimate of the state's bytes on the heap, its recent event ids included. */
    public static long heapBytes(AccountActivity activity) {
        return FIXED_BYTES
                + BUCKET_BYTES * (activity.getBurstBuckets().size() + activity.getSustainedBuckets().size())
                + REPORT_MARK_BYTES * activity.getRecentReports().size()
                + SHADOW_FINDING_BYTES * activity.getShadowFindingsUntil().size()
                + activity.getRecentEventIds().capacity();
    }
}
