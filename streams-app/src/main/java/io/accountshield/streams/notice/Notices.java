package io.accountshield.streams.notice;

import io.accountshield.schema.operator.ReleaseVerdict;
import io.accountshield.streams.rules.RuleCatalog;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the restricted person is told, in English and Korean: what they cannot do, why in words,
 * when it ends and what helps. The chat service shows it as is. It never names a threshold, a count
 * or a window: a spammer who read "100 adds in 5 minutes" would add 99.
 */
public final class Notices {

    public static final String ENGLISH = "en";
    public static final String KOREAN = "ko";

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private Notices() {
    }

    /** What a rule saw, in a person's words, by language. */
    private record Why(String en, String ko) {
    }

    private static Why why(String ruleId) {
        return switch (ruleId) {
            case RuleCatalog.FRIEND_ADD_BURST -> new Why("many friend requests in a short time",
                    "짧은 시간에 많은 친구 추가");
            case RuleCatalog.SUSTAINED_FRIEND_ADDS -> new Why("many friend requests over several hours",
                    "몇 시간 동안 이어진 많은 친구 추가");
            case RuleCatalog.NEW_ACCOUNT_LIST_SYNC -> new Why("a new account adding many contacts who do not know it",
                    "새 계정에서 계정을 모르는 연락처를 많이 추가한 활동");
            case RuleCatalog.CHATROOM_BURST -> new Why("many new chats started in a short time",
                    "짧은 시간에 많은 채팅방 생성");
            case RuleCatalog.STRANGER_ADDS -> new Why("friend requests to many people who do not know you",
                    "회원님을 모르는 많은 사람에게 보낸 친구 추가");
            case RuleCatalog.STRANGER_ADD_STREAK -> new Why("friend requests sent one after another to several people who do not know you",
                    "회원님을 모르는 여러 사람에게 연달아 보낸 친구 추가");
            case RuleCatalog.CHATROOM_STRANGERS -> new Why("chats filled with people who are not your friends",
                    "친구가 아닌 사람들로 채운 채팅방");
            case RuleCatalog.SPAM_REPORTS -> new Why("several people reporting messages from your account as spam",
                    "여러 사람의 스팸 신고");
            default -> new Why("activity that often comes from spam accounts", "스팸 계정에서 자주 보이는 활동");
        };
    }

    /**
     * While protected.
     *
     * @param afterNewDevice the activity came right after a new device on an established account: a
     *                       phone migration, most likely, which needs nothing from the person
     * @param repeat         the account was protected before, so the quiet period is longer
     */
    public static Map<String, String> protectedNotice(String ruleId, Instant endsAt, boolean afterNewDevice, boolean repeat) {
        Why why = why(ruleId);
        String when = WHEN.format(endsAt);
        String en = "For now you cannot add friends or start new chats. We noticed " + why.en()
                + " from your account, which is how spam often looks. This ends by itself around " + when
                + " if there is no more of it; each new friend request or chat before then moves the end later."
                + (repeat ? " Because this has happened before, it lasts longer this time." : "")
                + (afterNewDevice
                        ? " If you just moved to a new phone and your contacts were synced, you do not need to do anything: it lifts by itself."
                        : " If you think this is a mistake, contact support: they can see why and lift it.");
        String ko = "지금은 친구 추가와 새 채팅방 만들기를 할 수 없습니다. 회원님의 계정에서 스팸 계정에 흔한 활동이 확인되었습니다("
                + why.ko() + "). 더 이상 이런 활동이 없으면 " + when
                + "경에 자동으로 해제되며, 그 전에 친구 추가나 채팅방 만들기를 하면 해제 시각이 늦춰집니다."
                + (repeat ? " 이전에도 같은 일이 있어 이번에는 제한 기간이 더 깁니다." : "")
                + (afterNewDevice
                        ? " 새 휴대폰으로 옮기면서 연락처가 동기화된 경우라면 따로 하실 일은 없습니다. 자동으로 해제됩니다."
                        : " 잘못된 제한이라고 생각되면 고객센터에 문의해 주세요. 상담원이 이유를 확인하고 해제할 수 있습니다.");
        return notice(en, ko);
    }

    /** Once released; an agent's {@code WRONGFUL} verdict is an apology. */
    public static Map<String, String> releasedNotice(ReleaseVerdict verdict) {
        String en = "You can add friends and start chats again.";
        String ko = "다시 친구 추가와 채팅방 만들기를 할 수 있습니다.";
        if (verdict == ReleaseVerdict.WRONGFUL) {
            en += " The restriction was our mistake, and we are sorry.";
            ko += " 제한이 잘못 적용되었습니다. 불편을 드려 죄송합니다.";
        }
        return notice(en, ko);
    }

    private static Map<String, String> notice(String en, String ko) {
        Map<String, String> notice = new LinkedHashMap<>();
        notice.put(ENGLISH, en);
        notice.put(KOREAN, ko);
        return notice;
    }
}
