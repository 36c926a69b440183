package io.accountshield.bench;

import io.accountshield.streams.config.RocksDbMemory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything one harness run measured, each measured part once per run.
 *
 * @param pipelineCommitIntervalMs    the pipeline's {@code commit.interval.ms}, from its configuration
 * @param pipelineWithoutDecodedCache the pipeline with {@code memory.decoded-state-cache-bytes=0}: decoding and encoding an
 *                                    account's whole state on every event, as before the cache
 * @param pipelineAtKafkaCommitInterval the pipeline committing as the baselines do, every
 *                                    {@link Bench#KAFKA_EXACTLY_ONCE_COMMIT_INTERVAL_MS} ms: what its shorter default costs
 * @param replayChildSkipped why the child-JVM replay was not run, or null
 * @param replayWarm         the last of {@link Bench#REPLAY_WARM_RUNS} replays in one JVM of their own
 * @param rocksDbBound       the RocksDB memory bound the pipeline ran under
 * @param growthScenarioTime the scenario time of each memory-growth backlog
 * @param growth             the memory-growth steps, smallest first; empty when left out
 */
record BenchResult(
        Instant started,
        String command,
        long seed,
        Duration scenarioDuration,
        Map<String, String> populations,
        int partitions,
        Backlog.Produced backlog,
        long jsonlBytes,
        String windowedCountSettings,
        List<AppRun> passThrough,
        List<AppRun> windowedCount,
        List<AppRun> pipeline,
        long pipelineCommitIntervalMs,
        List<AppRun> pipelineWithoutDecodedCache,
        List<AppRun> pipelineAtKafkaCommitInterval,
        List<Double> rawProduce,
        List<Double> rawConsume,
        List<ReplaySpeed.Result> replayInProcess,
        List<ReplaySpeed.Result> replayChild,
        String replayChildSkipped,
        List<ReplaySpeed.Result> replayWarm,
        long heapBeforePipeline,
        List<StateFigures> state,
        List<ChangelogFigures> changelogs,
        RocksDbMemory rocksDbBound,
        Duration growthScenarioTime,
        List<MemoryGrowth.Step> growth,

        LiveOptions live,
        List<DecisionTime> decisionTime,
        List<ReleasePunctuality> releasePunctuality) {

    int runs() {
        return pipeline.size();
    }
}
