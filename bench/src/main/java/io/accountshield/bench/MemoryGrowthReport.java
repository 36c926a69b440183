package io.accountshield.bench;

import io.accountshield.streams.config.RocksDbMemory;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** The report's memory-growth section: per step, and the ratios between steps that say whether state grows linearly. */
final class MemoryGrowthReport {

    static final String SECTION = "## Memory growth under the RocksDB bound";

    private MemoryGrowthReport() {
    }

    static String markdown(RocksDbMemory bound, Duration scenarioTime, List<MemoryGrowth.Step> steps) {
        StringBuilder md = new StringBuilder(SECTION).append("\n\n");
        if (steps.isEmpty()) {
            return md.append("Not run (`--growth 0`).\n\n").toString();
        }
        md.append(String.format(Locale.ROOT, "The pipeline (its configuration, so RocksDB bounded to one shared block cache of %s "
                        + "with the memtables charged to it up to %s: `rocksdb.total-memory-bytes`, `rocksdb.memtable-bytes`) over one "
                        + "backlog per step, each on topics of its own: the default scenario's populations scaled to the step's accounts, "
                        + "every event of %s of scenario time; one run per step. **Tracked**: the keys of `account-activity-store` (one per "
                        + "account the pipeline keeps), counted one by one in its files after the close; RocksDB's `estimate-num-keys` "
                        + "while it ran, summed over tasks, beside it (it counts every write still in a memtable). **State**: the state "
                        + "directory after the pipeline closed (memtables flushed), and the live records in it (keys and values of every store, "
                        + "read one by one), per tracked account. **Cache**: the shared block cache's usage (the memtables' charge "
                        + "included) and capacity, and the memtables of all stores. **Heap**: this JVM's after a GC (broker and harness "
                        + "included) before the step's pipeline started and once it caught up. **Resident**: the process's RSS before the step's "
                        + "pipeline started and once it caught up (heap, broker, RocksDB and everything native), and the part of it beyond "
                        + "the heap the JVM has committed: RocksDB, the broker's and the clients' buffers, threads, code, and what the "
                        + "harness's earlier parts left allocated (the baselines' RocksDB is unbounded; freed memory is not always "
                        + "returned to the system): the difference between the two is the step's.%n%n",
                Figures.bytes(bound.totalBytes()), Figures.bytes(bound.memtableBytes()), scenarioTime));
        md.append("| accounts | events | accounts in the backlog | tracked (estimate) | live records, all stores | per tracked account "
                + "| state directory after close | per tracked account | cache usage / capacity | memtables "
                + "| heap after GC: before → caught up | resident: before → caught up (beyond the heap) | time |\n"
                + "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (MemoryGrowth.Step step : steps) {
            StateFigures state = step.state();
            long tracked = Math.max(1, step.trackedAccounts());
            md.append(String.format(Locale.ROOT, "| %,d | %,d | %,d | %,d (%,d) | %s | %s | %s | %s | %s / %s | %s | %s → %s | %s → %s (%s) | %.1f s |%n",
                    step.accounts(), step.backlog().events(), step.backlog().accounts(), step.trackedAccounts(), step.estimatedKeys(),
                    Figures.bytes(step.liveBytes()), Figures.bytes((double) step.liveBytes() / tracked),
                    Figures.bytes(state.stateDirAfterCloseBytes()), Figures.bytes((double) state.stateDirAfterCloseBytes() / tracked),
                    Figures.bytes(state.sharedCache("block-cache-usage")), Figures.bytes(state.sharedCache("block-cache-capacity")),
                    Figures.bytes(step.memtableBytes()), Figures.bytes(step.heapBeforeBytes()), Figures.bytes(state.heapAfterGcBytes()),
                    Figures.bytes(step.residentBeforeBytes()), Figures.bytes(step.residentBytes()),
                    Figures.bytes(Math.max(0, step.residentBytes() - step.heapCommittedBytes())), step.run().totalNanos() / 1e9));
        }
        md.append("\n");
        if (steps.size() > 1) {
            md.append("Linearity, step to step: state grows linearly when it grows by the factor the tracked accounts grow by, so that "
                    + "its bytes per tracked account stay the same (× 1.00; above 1, each account costs more as there are more). The live "
                    + "records are the state itself; the state directory adds RocksDB's files of every store and task (a fixed cost that "
                    + "small steps spread over few accounts) and the older versions and tombstones compaction has yet to drop (more once "
                    + "the memtables no longer hold everything until the close): for it, the bytes per account added are the figure.\n\n"
                    + "| step | tracked × | live records × | live bytes per account × | state directory × | its bytes per account × "
                    + "| its bytes per account added |\n| --- | --- | --- | --- | --- | --- | --- |\n");
            for (int i = 1; i < steps.size(); i++) {
                MemoryGrowth.Step from = steps.get(i - 1);
                MemoryGrowth.Step to = steps.get(i);
                double tracked = ratio(to.trackedAccounts(), from.trackedAccounts());
                double live = ratio(to.liveBytes(), from.liveBytes());
                double disk = ratio(to.state().stateDirAfterCloseBytes(), from.state().stateDirAfterCloseBytes());
                md.append(String.format(Locale.ROOT, "| %,d → %,d accounts | %.2f | %.2f | %.2f | %.2f | %.2f | %s |%n", from.accounts(), to.accounts(),
                        tracked, live, live / tracked, disk, disk / tracked,
                        Figures.bytes((double) (to.state().stateDirAfterCloseBytes() - from.state().stateDirAfterCloseBytes())
                                / Math.max(1, to.trackedAccounts() - from.trackedAccounts()))));
            }
            md.append("\n");
        }
        md.append(String.format(Locale.ROOT, "- Cache capacity as configured (%s) at every step: %s.%n", Figures.bytes(bound.totalBytes()),
                yesNo(steps.stream().allMatch(s -> s.state().sharedCache("block-cache-capacity") == bound.totalBytes()))));
        md.append(String.format(Locale.ROOT, "- Cache usage within its capacity at every step: %s.%n",
                yesNo(steps.stream().allMatch(s -> s.state().sharedCache("block-cache-usage") <= s.state().sharedCache("block-cache-capacity")))));
        md.append(String.format(Locale.ROOT, "- Memtables within `rocksdb.memtable-bytes` (%s) at every step: %s.%n", Figures.bytes(bound.memtableBytes()),
                yesNo(steps.stream().allMatch(s -> s.memtableBytes() <= bound.memtableBytes()))));
        md.append("\n");
        return md.toString();
    }

    private static double ratio(long to, long from) {
        return from == 0 ? Double.NaN : (double) to / from;
    }

    private static String yesNo(boolean value) {
        return value ? "yes" : "**no**";
    }
}
