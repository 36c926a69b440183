package io.accountshield.streams.app;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this instance restored from the changelogs (after an unclean stop under exactly-once, a lost
 * state directory, or tasks moved here without a standby): each store partition's restore is
 * logged when it ends, with its records and time, and the totals are kept for whoever asks.
 */
public final class StateRestores implements StateRestoreListener {

    private static final Logger LOG = LoggerFactory.getLogger(StateRestores.class);

    private final AtomicLong restoredRecords = new AtomicLong();
    private final AtomicInteger inProgress = new AtomicInteger();
    private final AtomicInteger ended = new AtomicInteger();
    private final AtomicLong firstStartedAtNanos = new AtomicLong();
    private final AtomicLong lastEndedAtNanos = new AtomicLong();

    @Override
    public void onRestoreStart(TopicPartition changelog, String store, long startingOffset, long endingOffset) {
        inProgress.incrementAndGet();
        firstStartedAtNanos.compareAndSet(0, System.nanoTime());
        LOG.info("restoring {} from {} (offsets {} to {})", store, changelog, startingOffset, endingOffset);
    }

    @Override
    public void onBatchRestored(TopicPartition changelog, String store, long batchEndOffset, long restored) {
        restoredRecords.addAndGet(restored);
    }

    @Override
    public void onRestoreEnd(TopicPartition changelog, String store, long totalRestored) {
        finished();
        LOG.info("restored {} from {}: {} records", store, changelog, totalRestored);
    }

    @Override
    public void onRestoreSuspended(TopicPartition changelog, String store, long totalRestored) {
        finished();
        LOG.info("restoring {} from {} suspended (the task moved) after {} records", store, changelog, totalRestored);
    }

    private void finished() {
        inProgress.decrementAndGet();
        ended.incrementAndGet();
        lastEndedAtNanos.set(System.nanoTime());
    }

    /** Records restored so far, every store together. */
    public long restoredRecords() {
        return restoredRecords.get();
    }

    /** Store partitions being restored now. */
    public int inProgress() {
        return inProgress.get();
    }

    /** Store partitions whose restore ended (or was suspended) so far. */
    public int ended() {
        return ended.get();
    }

    /** {@link System#nanoTime()} when the first restore began, 0 before any. */
    public long firstStartedAtNanos() {
        return firstStartedAtNanos.get();
    }

    /** {@link System#nanoTime()} when the last restore ended, 0 before any. */
    public long lastEndedAtNanos() {
        return lastEndedAtNanos.get();
    }
}
