package io.accountshield.streams.time;

import static org.assertj.core.api.Assertions.assertThat;

import io.accountshield.schema.serde.AvroSerdes;
import io.accountshield.schema.state.AccountActivity;
import io.accountshield.schema.state.ReportMark;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/** The report window works on the lists the state store hands back, not only on lists a test builds. */
class DistinctReporterWindowTest {

    private static final long HOUR = Duration.ofHours(1).toMillis();
    private static final Serde<AccountActivity> STATE = AvroSerdes.of(AccountActivity.class);

    private final DistinctReporterWindow window = new DistinctReporterWindow(Duration.ofHours(24));

    @Test
    void shouldDropAnAgedOutReportFromMarksReadBackFromTheStore() {
        AccountActivity stored = roundTrip(activityWith(new ReportMark("early-reporter", 0L)));

        int reporters = window.add(stored.getRecentReports(), "late-reporter", 25 * HOUR, 25 * HOUR);

        assertThat(reporters).isEqualTo(1);
        assertThat(stored.getRecentReports()).extracting(ReportMark::getReporterAccountId).containsExactly("late-reporter");
    }

    @Test
    void shouldKeepReportsInsideTheWindowInTheirOrderWhenOthersAgeOut() {
        AccountActivity stored = roundTrip(activityWith(new ReportMark("a", 0L), new ReportMark("b", 20 * HOUR),
                new ReportMark("c", HOUR), new ReportMark("d", 23 * HOUR)));

        int reporters = window.add(stored.getRecentReports(), "e", 26 * HOUR, 26 * HOUR);

        assertThat(reporters).isEqualTo(3);
        assertThat(stored.getRecentReports()).extracting(ReportMark::getReporterAccountId).containsExactly("b", "d", "e");
    }

    @Test
    void shouldCountAReportExactlyOneWindowOldAsOutside() {
        AccountActivity stored = roundTrip(activityWith(new ReportMark("a", HOUR)));

        int reporters = window.add(stored.getRecentReports(), "b", 25 * HOUR, 25 * HOUR);

        assertThat(reporters).isEqualTo(1);
        assertThat(window.distinctReporters(List.of(new ReportMark("a", HOUR + 1)), 25 * HOUR)).isEqualTo(1);
    }

    @Test
    void shouldKeepOnlyTheNewestMarksWhenAReportStormExceedsTheBound() {
        List<ReportMark> marks = new ArrayList<>();
        for (int i = 0; i < DistinctReporterWindow.MAX_MARKS; i++) {
            marks.add(new ReportMark("reporter-" + i, (long) i));
        }
        AccountActivity stored = roundTrip(activityWith(marks.toArray(ReportMark[]::new)));

        int reporters = window.add(stored.getRecentReports(), "newest", 10 * HOUR, 10 * HOUR);

        assertThat(reporters).isEqualTo(DistinctReporterWindow.MAX_MARKS);
        assertThat(stored.getRecentReports()).extracting(ReportMark::getReporterAccountId)
                .doesNotContain("reporter-0").contains("reporter-1", "newest");
    }

    private static AccountActivity roundTrip(AccountActivity activity) {
        return STATE.deserializer().deserialize("state", STATE.serializer().serialize("state", activity));
    }

    private static AccountActivity activityWith(ReportMark... marks) {
        return new AccountActivity(0L, new ArrayList<>(), new ArrayList<>(), new ArrayList<>(List.of(marks)), null, null, null, 0, null,
                null, null, 0L, new HashMap<>(), 0L, java.nio.ByteBuffer.allocate(0));
    }

    @Test
    void shouldCountAReportUntilExactlyOneWindowHasPassed() {
        long day = Duration.ofHours(24).toMillis();
        List<ReportMark> marks = new ArrayList<>();
        window.add(marks, "reporter-1", 1_000, 1_000);
        assertThat(window.distinctReporters(marks, 1_000 + day - 1)).as("a millisecond inside").isEqualTo(1);
        assertThat(window.distinctReporters(marks, 1_000 + day)).as("one window later").isZero();
        assertThat(window.add(marks, "reporter-2", 1_000 + day, 1_000 + day)).isEqualTo(1);
        assertThat(marks).extracting(ReportMark::getReporterAccountId).containsExactly("reporter-2");
    }

    @Test
    void shouldKeepTheLatestReportOfAReporterWhoReportsAgain() {
        List<ReportMark> marks = new ArrayList<>();
        window.add(marks, "reporter-1", 5_000, 5_000);
        window.add(marks, "reporter-1", 2_000, 5_000);
        assertThat(marks).singleElement().satisfies(mark -> assertThat(mark.getReportedAtMillis()).isEqualTo(5_000));
        window.add(marks, "reporter-1", 9_000, 9_000);
        assertThat(marks).singleElement().satisfies(mark -> assertThat(mark.getReportedAtMillis()).isEqualTo(9_000));
    }

    @Test
    void shouldKeepTheNewestReportersWhenMoreThanTheCapReport() {
        List<ReportMark> marks = new ArrayList<>();
        for (int i = 0; i <= DistinctReporterWindow.MAX_MARKS; i++) {
            // Newest first, so that only sorting by time finds the oldest to drop.
            window.add(marks, "reporter-" + i, 1_000_000 - i, 1_000_000);
        }
        assertThat(marks).hasSize(DistinctReporterWindow.MAX_MARKS);
        assertThat(marks).extracting(ReportMark::getReporterAccountId).doesNotContain("reporter-" + DistinctReporterWindow.MAX_MARKS)
                .contains("reporter-0");
    }
}
