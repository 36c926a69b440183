package io.accountshield.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeapSetupTest {

    private static final long GIB = 1L << 30;
    private static final long MIB = 1L << 20;

    @Test
    void shouldCallAHeapFixedOnlyWhenItStartsAtItsMaximumAndCannotShrink() {
        // -Xms6g -Xmx6g
        assertThat(new HeapSetup(6 * GIB, 6 * GIB, 6 * GIB, 70, true).fixedSize()).isTrue();
        // -XX:InitialRAMPercentage equal to -XX:MaxRAMPercentage: G1 shrinks it towards MinHeapSize after a collection ...
        assertThat(new HeapSetup(8 * MIB, 6 * GIB, 6 * GIB, 70, true).fixedSize()).isFalse();
        // ... unless it is never free enough to
        assertThat(new HeapSetup(8 * MIB, 6 * GIB, 6 * GIB, 100, true).fixedSize()).isTrue();
        // -Xmx6g alone
        assertThat(new HeapSetup(8 * MIB, GIB, 6 * GIB, 100, true).fixedSize()).isFalse();
        assertThat(new HeapSetup(-1, -1, -1, -1, false).fixedSize()).isFalse();
    }

    @Test
    void shouldTellTheReaderHowToRunWhenTheHeapIsNotFixedAndPreTouched() {
        assertThat(new HeapSetup(6 * GIB, 6 * GIB, 6 * GIB, 70, true).describe()).isEqualTo(
                "fixed at 6.00 GiB, pre-touched: no page of it is first touched while a part is measured");
        assertThat(new HeapSetup(6 * GIB, 6 * GIB, 6 * GIB, 70, false).describe())
                .startsWith("6.00 GiB at start, up to 6.00 GiB, fixed, not pre-touched: ").contains("-XX:+AlwaysPreTouch");
        assertThat(new HeapSetup(8 * MIB, 6 * GIB, 6 * GIB, 70, true).describe())
                .startsWith("6.00 GiB at start, up to 6.00 GiB, shrinking to 8.0 MiB when free enough, pre-touched: ")
                .contains("-Xms equal to -Xmx");
        assertThat(new HeapSetup(-1, -1, -1, -1, false).describe()).isEqualTo("not known (not a HotSpot JVM)");
    }

    @Test
    void shouldReadThisJvmsSettledSizes() {
        // The test JVM's own, whatever it was given
        HeapSetup thisJvm = HeapSetup.ofThisJvm();

        assertThat(thisJvm.minBytes()).isPositive().isLessThanOrEqualTo(thisJvm.initialBytes());
        assertThat(thisJvm.maxBytes()).isGreaterThanOrEqualTo(thisJvm.initialBytes()).isGreaterThanOrEqualTo(Runtime.getRuntime().maxMemory());
        assertThat(thisJvm.maxHeapFreeRatio()).isBetween(0L, 100L);
    }
}
