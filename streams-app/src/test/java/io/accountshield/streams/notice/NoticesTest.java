package io.accountshield.streams.notice;

import static org.assertj.core.api.Assertions.assertThat;

import io.accountshield.schema.operator.ReleaseVerdict;
import io.accountshield.streams.rules.RuleCatalog;
import io.accountshield.streams.time.Durations;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class NoticesTest {

    private static final Instant ENDS_AT = Instant.parse("2026-12-01T09:05:00Z");

    static Iterable<RuleCatalog.RuleDefault> rules() {
        return RuleCatalog.DEFAULTS;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void shouldSayWhatWhyAndWhenInBothLanguagesWithoutTeachingTheThreshold(RuleCatalog.RuleDefault rule) {
        Map<String, String> notice = Notices.protectedNotice(rule.id(), ENDS_AT, false, false);

        assertThat(notice).containsOnlyKeys("en", "ko");
        assertThat(notice.get("en")).contains("cannot add friends or start new chats").contains("2026-12-01 09:05 UTC")
                .contains("contact support");
        assertThat(notice.get("ko")).contains("친구 추가").contains("2026-12-01 09:05 UTC").contains("고객센터");
        for (String text : notice.values()) {
            assertThat(text).as("no threshold").doesNotContainPattern("(?<![\\d:-])" + rule.parameters().threshold() + "(?![\\d:-])")
                    .as("no window").doesNotContain(Durations.inWords(rule.parameters().window().toMillis()))
                    .as("no rule id").doesNotContain(rule.id());
        }
    }

    @Test
    void shouldTellSomeoneWhoJustMovedPhonesThatNothingNeedsDoing() {
        Map<String, String> notice = Notices.protectedNotice(RuleCatalog.FRIEND_ADD_BURST, ENDS_AT, true, false);

        assertThat(notice.get("en")).contains("new phone").contains("do not need to do anything");
        assertThat(notice.get("ko")).contains("새 휴대폰").contains("따로 하실 일은 없습니다");
    }

    @Test
    void shouldSayARepeatProtectionLastsLongerAndApologiseForAWrongfulOne() {
        assertThat(Notices.protectedNotice(RuleCatalog.SPAM_REPORTS, ENDS_AT, false, true).get("en")).contains("lasts longer");
        assertThat(Notices.releasedNotice(ReleaseVerdict.WRONGFUL).get("en")).contains("our mistake");
        assertThat(Notices.releasedNotice(ReleaseVerdict.LIFTED).get("en")).doesNotContain("mistake");
        assertThat(Notices.releasedNotice(null).get("ko")).contains("다시");
    }
}
