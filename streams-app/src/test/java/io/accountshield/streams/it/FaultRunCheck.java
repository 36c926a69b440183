package io.accountshield.streams.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.accountshield.schema.decisions.AccountProtectionStatus;
import io.accountshield.schema.decisions.ProtectionApplied;
import io.accountshield.schema.decisions.ProtectionReleased;
import io.accountshield.schema.decisions.ProtectionState;
import io.accountshield.streams.processor.AccountEvents;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * What every fault scenario must show, checked the same way in each: the run decided what the
 * replay of its input decides, nothing twice, no release early, and each release late by at most
 * the release check interval, the idle-partition hold and the outages it met.
 */
final class FaultRunCheck {

    /** Release check interval and grace of LivePipeline.FAST_TIMING. */
    private static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);
    static final Duration GRACE = Duration.ofSeconds(2);
    private static final Duration IDLE_PARTITION = Duration.ofSeconds(3);
    /** A busy 2-core machine's scheduling, commit interval and read-back. */
    private static final Duration SLACK = Duration.ofSeconds(2);

    /** A span during which the instance that owned some accounts was not running, and its recovery. */
    record Outage(Instant from, Instant to) {
        Duration overlap(Instant start, Instant end) {
            Instant a = from.isAfter(start) ? from : start;
            Instant b = to.isBefore(end) ? to : end;
            return b.isAfter(a) ? Duration.between(a, b) : Duration.ZERO;
        }
    }

    private FaultRunCheck() {
    }

    /**
     * The run decided exactly what the replay decides (each protection with its time, count and reason,
     * each release), nothing twice, no release before it was due, none later than allowed.
     *
     * @return how late the latest release came after it was due
     */
    static Duration checkAgainstOracle(LivePipeline pipeline, List<SpecificRecord> events, Path dir, List<Outage> outages) throws Exception {
        List<ProtectionApplied> applied = pipeline.applied();
        List<ProtectionReleased> released = pipeline.released();
        ReplayOracle.Replayed oracle = ReplayOracle.replay(pipeline, events, dir);
        ReplayOracle.assertSameDecisions("protections", ReplayOracle.appliedKeys(applied), oracle.applied());
        ReplayOracle.assertSameDecisions("releases", ReplayOracle.releasedKeys(released), oracle.released());
        assertThat(applied).as("no protection twice").hasSize(oracle.applied().size());
        assertThat(released).as("no release twice").hasSize(oracle.released().size());
        Duration latest = Duration.ZERO;
        for (ProtectionReleased release : released) {
            Instant due = lastEligibleAt(pipeline.statuses(), release).plus(GRACE);
            assertThat(release.getReleasedAt()).as("%s released no earlier than due", release.getAccountId()).isAfterOrEqualTo(due);
            Duration late = Duration.between(due, release.getReleasedAt());
            Duration away = Duration.ZERO;
            for (Outage outage : outages) {
                away = away.plus(outage.overlap(due, release.getReleasedAt()));
            }
            assertThat(late).as("%s released at most a check interval, the idle-partition hold and the outages it met after due",
                    release.getAccountId()).isLessThanOrEqualTo(CHECK_INTERVAL.plus(IDLE_PARTITION).plus(SLACK).plus(away));
            latest = late.compareTo(latest) > 0 ? late : latest;
        }
        return latest;
    }

    /** When the first of the protections on accounts whose ids start with {@code prefix} falls due. */
    static Instant firstDue(LivePipeline pipeline, String prefix) {
        return pipeline.statuses().stream().filter(s -> s.getState() == ProtectionState.PROTECTED && s.getAccountId().startsWith(prefix))
                .map(s -> s.getReleaseEligibleAt().plus(GRACE)).min(Comparator.naturalOrder()).orElseThrow();
    }

    /** The release time the last PROTECTED status before the release promised. */
    static Instant lastEligibleAt(List<AccountProtectionStatus> statuses, ProtectionReleased release) {
        Instant eligible = null;
        for (AccountProtectionStatus status : statuses) {
            if (status.getAccountId().equals(release.getAccountId()) && status.getState() == ProtectionState.PROTECTED
                    && !status.getUpdatedAt().isAfter(release.getReleasedAt())) {
                eligible = status.getReleaseEligibleAt();
            }
        }
        assertThat(eligible).as("a status for %s before its release", release.getAccountId()).isNotNull();
        return eligible;
    }

    /** Each event when its time comes, so a kill lands in the middle of bursts. */
    static void producePaced(LivePipeline pipeline, List<SpecificRecord> events) {
        for (SpecificRecord event : events) {
            long wait = AccountEvents.occurredAt(event).toEpochMilli() - System.currentTimeMillis();
            if (wait > 0) {
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            pipeline.produce(List.of(event));
        }
    }
}
