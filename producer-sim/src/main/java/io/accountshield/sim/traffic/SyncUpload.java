package io.accountshield.sim.traffic;

import static io.accountshield.sim.traffic.Draw.uniform;

import io.accountshield.sim.scenario.Scenario;
import io.accountshield.sim.scenario.Scenario.Range;
import java.util.SplittableRandom;

/**
 * When each add of a contact sync leaves the phone, one after another: evenly spread ({@code uniform},
 * each gap a uniform draw from the population's spacing) or in batches ({@code bursty}: exponential
 * gaps of the same mean inside a batch, a pause between batches). Migrations and purchased lists go
 * through the same client, so they share the shape and differ only in their spacing.
 *
 * <p>{@link #at()} is the time of the add being made; {@link #advance()} moves on after it, so that
 * the draws for the add itself (friend, mutual) come before the draw of the gap that follows it.
 */
final class SyncUpload {

    private final Scenario.ContactSync sync;
    private final Range spacingMillis;
    private final double meanGapMillis;
    private final SplittableRandom rng;
    private long at;
    private long leftInBatch;

    SyncUpload(Scenario.ContactSync sync, Range spacingMillis, long firstAt, SplittableRandom rng) {
        this.sync = sync;
        this.spacingMillis = spacingMillis;
        this.meanGapMillis = (spacingMillis.min() + spacingMillis.max()) / 2.0;
        this.rng = rng;
        this.at = firstAt;
        // Uniform spacing draws nothing up front, so that its traffic is what it was before batches existed.
        this.leftInBatch = sync.spacing() == Scenario.SyncSpacing.bursty ? uniform(rng, sync.batchSize()) : 0;
    }

    long at() {
        return at;
    }

    void advance() {
        switch (sync.spacing()) {
            case uniform -> at += uniform(rng, spacingMillis);
            case bursty -> {
                if (--leftInBatch > 0) {
                    at += (long) (rng.nextExponential() * meanGapMillis);
                } else {
                    leftInBatch = uniform(rng, sync.batchSize());
                    at += uniform(rng, sync.batchPauseMillis());
                }
            }
        }
    }
}
