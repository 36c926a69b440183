package io.accountshield.streams.replay;

/** The fields of the replay format's events ({@code docs/replay-format.md}), by their names in a line. */
enum EventField {
    TYPE("type"),
    EVENT_ID("eventId"),
    ACCOUNT_ID("accountId"),
    OCCURRED_AT("occurredAt"),
    FRIEND_ACCOUNT_ID("friendAccountId"),
    SOURCE("source"),
    MUTUAL("mutual"),
    DEVICE_ID("deviceId"),
    CHATROOM_ID("chatroomId"),
    MEMBER_COUNT("memberCount"),
    NON_FRIEND_MEMBER_COUNT("nonFriendMemberCount"),
    ACCOUNT_CREATED_AT("accountCreatedAt"),
    REPORTER_ACCOUNT_ID("reporterAccountId");

    private static final EventField[] ALL = values();

    private final String jsonName;

    EventField(String jsonName) {
        this.jsonName = jsonName;
    }

    String jsonName() {
        return jsonName;
    }

    /** The field named by {@code line}'s characters from {@code start} to {@code end}, or null for a name the format does not know. */
    static EventField named(String line, int start, int end) {
        int length = end - start;
        for (EventField field : ALL) {
            if (field.jsonName.length() == length && line.startsWith(field.jsonName, start)) {
                return field;
            }
        }
        return null;
    }
}
