package io.accountshield.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * What the machinery of one live pipeline did over time, sampled every {@link #EVERY}: events the
 * load sent and the broker acknowledged, records the pipeline's stream thread processed, its polls
 * and commits, the stream thread's CPU time and the rest of the process's (the broker, the load, the
 * collector and the pipeline's other threads share this JVM), the decisions written and readable,
 * the JVM's collection pauses, and RocksDB's background work then. Shown around a decision that
 * took longer than {@link #STALL}, it tells where a stall sat: the first counter that stops while
 * the ones before it go on.
 */
final class LiveTimeline implements AutoCloseable {

    static final Duration EVERY = Duration.ofMillis(250);
    /** A decision slower than this gets its window in the report. */
    static final Duration STALL = Duration.ofSeconds(1);
    /** Samples shown before the window's first moment and after its last. */
    static final int MARGIN_SAMPLES = 4;
    /** At most this many rows of one window, the last ones dropped: a stall as long as the timeout would fill pages. */
    static final int MAX_ROWS = 80;

    /**
     * One sample. Counters are totals since the pipeline started, times in nanoseconds.
     *
     * @param nanos           System.nanoTime when taken
     * @param epochMillis     the wall clock then, to place a release's due time
     * @param processed       records the stream thread processed
     * @param streamCpuNanos  the stream thread's CPU time
     * @param processCpuNanos the whole JVM's CPU time, the stream thread's included; negative where the JVM cannot tell it
     * @param collectorMillis the JVM's stop-the-world collections, all collectors
     * @param rocksDbBackgroundJobs flushes and compactions running in the pipeline's RocksDB stores then (a gauge, not a total)
     * @param pendingCompactionBytes what RocksDB estimates its stores' compactions have still to rewrite then (a gauge)
     */
    record Sample(long nanos, long epochMillis, long sent, long acked, long processed, long polls, long commits,
                  long streamCpuNanos, long processCpuNanos, long written, long readable, long collectorMillis, long rocksDbBackgroundJobs,
                  long pendingCompactionBytes) {
    }

    /**
     * The samples around one slow decision, and its own moments (System.nanoTime; negative when not
     * seen). A release has no send: {@code startNanos} is its due time.
     */
    record Window(String what, String account, long startNanos, long ackedNanos, long writtenNanos, long readableNanos, List<Sample> samples) {
    }

    private final LiveLoad load;
    private final DecisionReader reader;
    private final KafkaStreams streams;
    private final String applicationId;
    private final List<Sample> samples = new ArrayList<>();
    private final Thread thread;
    private volatile boolean closing;
    private long[] streamThreadIds = new long[0];

    private LiveTimeline(LiveLoad load, DecisionReader reader, KafkaStreams streams, String applicationId) {
        this.load = load;
        this.reader = reader;
        this.streams = streams;
        this.applicationId = applicationId;
        this.thread = new Thread(this::sampleUntilClosed, "bench-live-timeline");
        thread.setDaemon(true);
    }

    static LiveTimeline start(LiveLoad load, DecisionReader reader, KafkaStreams streams, String applicationId) {
        LiveTimeline timeline = new LiveTimeline(load, reader, streams, applicationId);
        timeline.thread.start();
        return timeline;
    }

    private void sampleUntilClosed() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        // Found once: listing every thread stops them all, which the stall being looked for must not be.
        streamThreadIds = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> CpuUse.isStreamThread(t.getName(), applicationId))
                .mapToLong(Thread::getId).toArray();
        while (!closing) {
            Sample sample = sample(threads);
            synchronized (samples) {
                samples.add(sample);
            }
            try {
                Thread.sleep(EVERY.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private Sample sample(ThreadMXBean threads) {
        long processed = 0;
        long polls = 0;
        long commits = 0;
        long backgroundJobs = 0;
        long pendingCompaction = 0;
        for (Map.Entry<MetricName, ? extends Metric> metric : streams.metrics().entrySet()) {
            MetricName name = metric.getKey();
            String group = name.group();
            if (group.equals("stream-thread-metrics")) {
                switch (name.name()) {
                    case "process-total" -> processed += total(metric.getValue());
                    case "poll-total" -> polls += total(metric.getValue());
                    case "commit-total" -> commits += total(metric.getValue());
                    default -> {
                    }
                }
            } else if (group.equals("stream-state-metrics")) {
                switch (name.name()) {
                    case "num-running-compactions", "num-running-flushes" -> backgroundJobs += total(metric.getValue());
                    case "estimate-pending-compaction-bytes" -> pendingCompaction += total(metric.getValue());
                    default -> {
                    }
                }
            }
        }
        long streamCpu = 0;
        for (long id : streamThreadIds) {
            streamCpu += Math.max(0, threads.getThreadCpuTime(id));
        }
        long collectorMillis = 0;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            // Concurrent cycles run beside the application; only pauses stop it.
            if (!collector.getName().contains("Concurrent")) {
                collectorMillis += Math.max(0, collector.getCollectionTime());
            }
        }
        return new Sample(System.nanoTime(), System.currentTimeMillis(), load.sentCount(), load.ackedCount(), processed, polls,
                commits, streamCpu, CpuUse.processNow(), reader.decisionsWritten(), reader.decisionsReadable(), collectorMillis, backgroundJobs, pendingCompaction);
    }

    private static long total(Metric metric) {
        return metric.metricValue() instanceof Number number ? number.longValue() : 0;
    }

    /** Converts a wall-clock moment to this JVM's System.nanoTime, by the sample nearest to it. */
    long nanosAt(long epochMillis) {
        synchronized (samples) {
            Sample nearest = null;
            for (Sample sample : samples) {
                if (nearest == null || Math.abs(sample.epochMillis() - epochMillis) < Math.abs(nearest.epochMillis() - epochMillis)) {
                    nearest = sample;
                }
            }
            return nearest == null ? System.nanoTime() : nearest.nanos() + (epochMillis - nearest.epochMillis()) * 1_000_000;
        }
    }

    /** The samples from a little before {@code fromNanos} to a little after {@code toNanos}. */
    Window window(String what, String account, long fromNanos, long ackedNanos, long writtenNanos, long toNanos) {
        List<Sample> all;
        synchronized (samples) {
            all = List.copyOf(samples);
        }
        return new Window(what, account, fromNanos, ackedNanos, writtenNanos, toNanos, around(all, fromNanos, toNanos));
    }

    /** The samples taken from {@code fromNanos} to {@code toNanos}, a few more either side, at most {@link #MAX_ROWS} + 1. */
    static List<Sample> around(List<Sample> all, long fromNanos, long toNanos) {
        int first = 0;
        while (first < all.size() && all.get(first).nanos() < fromNanos) {
            first++;
        }
        int last = first;
        while (last < all.size() && all.get(last).nanos() <= toNanos) {
            last++;
        }
        int from = Math.max(0, first - MARGIN_SAMPLES);
        // One sample more than rows: each row is the increase since the sample before it.
        int to = Math.min(all.size(), Math.min(last + MARGIN_SAMPLES, from + MAX_ROWS + 1));
        return all.subList(from, to);
    }

    /** A window as Markdown: the decision's moments, then each interval's increase of every counter. */
    static void render(StringBuilder md, String heading, Window window) {
        long zero = window.startNanos();
        md.append(String.format(Locale.ROOT, "%s: %s of `%s`. %s at 0 s (%s), acknowledged by the broker at %s, written at %s, "
                        + "readable at %s. Each row is the %d ms up to its time, from the first moment:%n%n",
                heading, window.what(), window.account(), window.what().startsWith("release") ? "Due" : "Sent", wallClock(window),
                at(window.ackedNanos(), zero), at(window.writtenNanos(), zero), at(window.readableNanos(), zero), EVERY.toMillis()));
        md.append("| s | sent | acknowledged | processed | polls | commits | stream thread CPU ms | rest of the process CPU ms "
                + "| collector pauses ms | decisions written | readable | RocksDB flushes and compactions running | compaction pending |\n"
                + "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        List<Sample> samples = window.samples();
        for (int i = 1; i < samples.size(); i++) {
            Sample was = samples.get(i - 1);
            Sample is = samples.get(i);
            long streamCpu = is.streamCpuNanos() - was.streamCpuNanos();
            String restCpu = is.processCpuNanos() < 0 || was.processCpuNanos() < 0 ? "n/a"
                    : String.format(Locale.ROOT, "%,.0f", (is.processCpuNanos() - was.processCpuNanos() - streamCpu) / 1e6);
            md.append(String.format(Locale.ROOT, "| %+.2f | %,d | %,d | %,d | %,d | %,d | %,.0f | %s | %,d | %,d | %,d | %d | %s |%n",
                    (is.nanos() - zero) / 1e9, is.sent() - was.sent(), is.acked() - was.acked(), is.processed() - was.processed(), is.polls() - was.polls(), is.commits() - was.commits(),
                    streamCpu / 1e6, restCpu, is.collectorMillis() - was.collectorMillis(),
                    is.written() - was.written(), is.readable() - was.readable(), is.rocksDbBackgroundJobs(),
                    Figures.bytes(is.pendingCompactionBytes())));
        }
        md.append('\n');
    }

    /** The first moment on the wall clock (UTC), to find the window in a profile or a log of the same run. */
    private static String wallClock(Window window) {
        if (window.samples().isEmpty()) {
            return "no sample";
        }
        Sample first = window.samples().get(0);
        long epochMillis = first.epochMillis() + (window.startNanos() - first.nanos()) / 1_000_000;
        return java.time.format.DateTimeFormatter.ISO_INSTANT.format(java.time.Instant.ofEpochMilli(epochMillis));
    }

    private static String at(long nanos, long zero) {
        return nanos < 0 ? "(not seen)" : String.format(Locale.ROOT, "%.2f s", (nanos - zero) / 1e9);
    }

    @Override
    public void close() {
        closing = true;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
