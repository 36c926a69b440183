package io.accountshield.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * CPU time spent while one application ran over the backlog: by the whole process (the broker, the
 * collector and the harness share it) and by the application's own threads, its stream thread apart.
 * The process's time is the operating system's, in its clock ticks: a few milliseconds either way.
 * On two shared cores a rate moves with whatever else runs; CPU per event says where the work went.
 *
 * @param processNanos      the process's CPU time from the application's start until it caught up
 * @param streamThreadNanos its stream threads' CPU time (they start with it and run until it closes)
 * @param clientThreadNanos its other threads' (the producers' network threads, the consumer's heartbeat)
 */
record CpuUse(long processNanos, long streamThreadNanos, long clientThreadNanos) {

    static final CpuUse NOT_MEASURED = new CpuUse(-1, -1, -1);

    static boolean measurable() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean
                && ManagementFactory.getThreadMXBean().isThreadCpuTimeSupported();
    }

    /** The process's CPU time now, to start a measure from; threads' CPU time is measured from here on. */
    static long processNow() {
        if (!measurable()) {
            return -1;
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (!threads.isThreadCpuTimeEnabled()) {
            threads.setThreadCpuTimeEnabled(true);
        }
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /**
     * Ends a measure begun at {@code processAtStart}; call it while the application still runs, so
     * that its threads are alive. Threads are the application's when their names carry its id.
     */
    static CpuUse since(long processAtStart, String applicationId) {
        if (processAtStart < 0 || !measurable()) {
            return NOT_MEASURED;
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long stream = 0;
        long clients = 0;
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            String name = thread.getName();
            if (!name.contains(applicationId)) {
                continue;
            }
            long cpu = Math.max(0, threads.getThreadCpuTime(thread.getId()));
            if (isStreamThread(name, applicationId)) {
                stream += cpu;
            } else {
                clients += cpu;
            }
        }
        return new CpuUse(processNow() - processAtStart, stream, clients);
    }

    /**
     * Whether a thread of this JVM is one of the application's stream threads, by the name Kafka
     * Streams gives it; its producer's network thread ("...-StreamThread-1-producer") is not.
     */
    static boolean isStreamThread(String threadName, String applicationId) {
        return threadName.contains(applicationId) && threadName.matches(".*-StreamThread-\\d+$");
    }

    boolean measured() {
        return processNanos >= 0;
    }

    double processMicrosPer(long events) {
        return microsPer(processNanos, events);
    }

    double streamThreadMicrosPer(long events) {
        return microsPer(streamThreadNanos, events);
    }

    double clientThreadMicrosPer(long events) {
        return microsPer(clientThreadNanos, events);
    }

    /**
     * The rest of the process: the broker, the collector, the compiler and the harness, and the
     * application's threads that ended before the measure or carry no application id.
     */
    double restMicrosPer(long events) {
        return microsPer(processNanos - streamThreadNanos - clientThreadNanos, events);
    }

    /** Microseconds of CPU per event, NaN when not measured. */
    private double microsPer(long nanos, long events) {
        return measured() && events > 0 ? nanos / 1e3 / events : Double.NaN;
    }
}
