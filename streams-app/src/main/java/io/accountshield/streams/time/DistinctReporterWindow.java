package io.accountshield.streams.time;

import io.accountshield.schema.state.ReportMark;
import java.time.Duration;
import java.util.List;

/**
 * Spam reports against one account, one mark per distinct reporter (their latest report), kept
 * while it is inside the report window. Reports are rare, so exact timestamps are affordable here.
 */
public final class DistinctReporterWindow {

    /** A bound on marks per account, so a report storm cannot grow one state entry without limit. */
    static final int MAX_MARKS = 256;

    private final long windowMillis;

    public DistinctReporterWindow(Duration window) {
        this.windowMillis = window.toMillis();
    }

    public long windowMillis() {
        return windowMillis;
    }

    /** Records a report and returns how many distinct reporters fall in the window ending at {@code headMillis}. */
    public int add(List<ReportMark> marks, String reporterAccountId, long reportedAtMillis, long headMillis) {
        ReportMark existing = null;
        for (ReportMark mark : marks) {
            if (mark.getReporterAccountId().equals(reporterAccountId)) {
                existing = mark;
                break;
            }
        }
        if (existing != null) {
            existing.setReportedAtMillis(Math.max(existing.getReportedAtMillis(), reportedAtMillis));
        } else {
            marks.add(new ReportMark(reporterAccountId, reportedAtMillis));
        }
        dropOutside(marks, headMillis);
        if (marks.size() > MAX_MARKS) {
            marks.sort((a, b) -> Long.compare(a.getReportedAtMillis(), b.getReportedAtMillis()));
            marks.subList(0, marks.size() - MAX_MARKS).clear();
        }
        return distinctReporters(marks, headMillis);
    }

    public int distinctReporters(List<ReportMark> marks, long headMillis) {
        long oldest = headMillis - windowMillis;
        int count = 0;
        for (ReportMark mark : marks) {
            if (mark.getReportedAtMillis() > oldest) {
                count++;
            }
        }
        return count;
    }

    /**
     * Compacts in place by index: the list is usually the array Avro decoded from the store, whose
     * iterator cannot remove (so {@code removeIf} throws there), while {@code set} and
     * {@code subList(...).clear()} work on it and on any other list.
     */
    private void dropOutside(List<ReportMark> marks, long headMillis) {
        long oldest = headMillis - windowMillis;
        int kept = 0;
        for (int i = 0; i < marks.size(); i++) {
            ReportMark mark = marks.get(i);
            if (mark.getReportedAtMillis() > oldest) {
                if (kept != i) {
                    marks.set(kept, mark);
                }
                kept++;
            }
        }
        if (kept < marks.size()) {
            marks.subList(kept, marks.size()).clear();
        }
    }
}
