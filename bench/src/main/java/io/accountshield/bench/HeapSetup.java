package io.accountshield.bench;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * How this JVM's heap was set up, as the report's Machine table says it. A heap that grows and
 * shrinks touches pages the kernel must first zero (and a virtual machine's host must first back)
 * while the parts are measured: on the 2-core machines here that took half the live pipeline's
 * stream thread for seconds at a time (docs/benchmarks.md, "Page faults"). A fixed, pre-touched heap
 * pays that once, before any clock starts.
 *
 * @param minBytes         the size below which the collector never shrinks the heap (-Xms sets it; the
 *                         percentage options do not, and G1 then shrinks towards a few MiB)
 * @param initialBytes     the heap's initial size, as the JVM settled it (-1 if it does not tell)
 * @param maxBytes         the heap's maximum size, as the JVM settled it (-1 if it does not tell)
 * @param maxHeapFreeRatio the share of the heap free after a collection beyond which it shrinks (100: never)
 * @param preTouched       whether the JVM touched every page of the heap at its start
 */
record HeapSetup(long minBytes, long initialBytes, long maxBytes, long maxHeapFreeRatio, boolean preTouched) {

    /** The JVM's own settled values, however they were given (-Xms, -XX:InitialRAMPercentage, ...). */
    static HeapSetup ofThisJvm() {
        try {
            HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return new HeapSetup(Long.parseLong(hotSpot.getVMOption("MinHeapSize").getValue()),
                    Long.parseLong(hotSpot.getVMOption("InitialHeapSize").getValue()),
                    Long.parseLong(hotSpot.getVMOption("MaxHeapSize").getValue()),
                    Long.parseLong(hotSpot.getVMOption("MaxHeapFreeRatio").getValue()),
                    Boolean.parseBoolean(hotSpot.getVMOption("AlwaysPreTouch").getValue()));
        } catch (RuntimeException notHotSpot) {
            return new HeapSetup(-1, -1, -1, -1, false);
        }
    }

    /** Starts at its maximum and never shrinks: by its minimum, or by never being free enough to. */
    boolean fixedSize() {
        return initialBytes > 0 && initialBytes == maxBytes && (minBytes == maxBytes || maxHeapFreeRatio >= 100);
    }

    /** For the report: what the heap does while the parts are measured. */
    String describe() {
        if (initialBytes < 0) {
            return "not known (not a HotSpot JVM)";
        }
        if (fixedSize() && preTouched) {
            return "fixed at " + Figures.bytes(maxBytes) + ", pre-touched: no page of it is first touched while a part is measured";
        }
        return Figures.bytes(initialBytes) + " at start, up to " + Figures.bytes(maxBytes) + ", "
                + (fixedSize() ? "fixed" : "shrinking to " + Figures.bytes(minBytes) + " when free enough") + (preTouched ? ", pre-touched" : ", not pre-touched")
                + ": pages first touched while a part is measured cost the thread that touches them; "
                + "give the JVM -Xms equal to -Xmx and -XX:+AlwaysPreTouch (docs/benchmarks.md, \"Page faults\")";
    }
}
