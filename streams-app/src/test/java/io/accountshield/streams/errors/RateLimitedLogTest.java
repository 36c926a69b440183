package io.accountshield.streams.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimitedLogTest {

    private final List<String> lines = new ArrayList<>();
    private final List<Throwable> stackTraces = new ArrayList<>();
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final RateLimitedLog log = new RateLimitedLog(new RateLimitedLog.Sink() {
        @Override
        public void error(String line, Throwable stackTraceOrNull) {
            lines.add("ERROR " + line);
            if (stackTraceOrNull != null) {
                stackTraces.add(stackTraceOrNull);
            }
        }

        @Override
        public void warn(String line) {
            lines.add("WARN " + line);
        }
    }, 60_000, now::get);

    @Test
    void shouldLogACauseOncePerIntervalAndSayHowManyWereSuppressed() {
        IllegalStateException defect = new IllegalStateException("boom");
        for (int i = 0; i < 1_000; i++) {
            log.error("defect:A", "defect A", defect);
        }
        assertThat(lines).containsExactly("ERROR defect A");

        now.addAndGet(59_999);
        log.error("defect:A", "defect A", defect);
        assertThat(lines).hasSize(1);

        now.addAndGet(1);
        log.error("defect:A", "defect A", defect);
        assertThat(lines).containsExactly("ERROR defect A", "ERROR defect A (and 1000 more of this kind in the last 60 s)");
        assertThat(stackTraces).as("the stack trace is logged with the cause's first line only").containsExactly(defect);
    }

    @Test
    void shouldLogEachCauseOnItsOwn() {
        log.error("defect:A", "defect A", null);
        log.warn("bad-input:not-avro", "not avro");
        log.error("defect:B", "defect B", null);
        log.warn("bad-input:not-avro", "not avro");

        assertThat(lines).containsExactly("ERROR defect A", "WARN not avro", "ERROR defect B");
    }
}
