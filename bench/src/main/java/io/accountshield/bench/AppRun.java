package io.accountshield.bench;

/**
 * One application over the backlog.
 *
 * @param consumed      input records committed when it had caught up (the backlog's size if it read everything)
 * @param startupNanos  from start to the RUNNING state (group joined, tasks assigned, state restored)
 * @param totalNanos    from start to caught up: what the rate is taken over
 * @param cpu           CPU time over the same span
 * @param skipped       what the pipeline read but did not judge (null for a baseline): a rate means
 *                      something only if the events were judged
 */
record AppRun(String app, long consumed, long startupNanos, long totalNanos, CpuUse cpu, SkippedEvents skipped) {

    double rate() {
        return consumed / (totalNanos / 1e9);
    }

    /** The rate once RUNNING: the steady part, which a short smoke run shows better. */
    double runningRate() {
        return consumed / (Math.max(1, totalNanos - startupNanos) / 1e9);
    }
}
