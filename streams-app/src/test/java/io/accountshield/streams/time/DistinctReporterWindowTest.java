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
}
