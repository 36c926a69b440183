package io.accountshield.sim.traffic;

import io.accountshield.schema.events.FriendSource;

/**
 * One generated event in scenario time. Plain fields, one shape for all four types, so generation
 * allocates one small object per event.
 *
 * @param otherId          the friend (FriendAdded), the chatroom (ChatroomCreated), the new device
 *                         (DeviceRegistered) or the reporter (SpamReported)
 * @param accountAgeMillis DeviceRegistered only: how old the account is, so that its creation time
 *                         stays true to the account when scenario time is compressed
 */
public record SimEvent(
        EventType type,
        String accountId,
        long occurredAt,
        int sequence,
        String otherId,
        FriendSource source,
        boolean mutual,
        String deviceId,
        int memberCount,
        int nonFriendMemberCount,
        long accountAgeMillis) {

    public enum EventType { FRIEND_ADDED, CHATROOM_CREATED, DEVICE_REGISTERED, SPAM_REPORTED }

    /** Stable across runs with the same seed, and unique: the account and the event's place in its script. */
    public String eventId() {
        return accountId + "-" + sequence;
    }

    static SimEvent friendAdded(String account, long at, String friend, FriendSource source, boolean mutual, String device) {
        return new SimEvent(EventType.FRIEND_ADDED, account, at, 0, friend, source, mutual, device, 0, 0, 0);
    }

    static SimEvent chatroomCreated(String account, long at, String chatroom, int members, int nonFriends) {
        return new SimEvent(EventType.CHATROOM_CREATED, account, at, 0, chatroom, null, false, null, members, nonFriends, 0);
    }

    static SimEvent deviceRegistered(String account, long at, String device, long accountAgeMillis) {
        return new SimEvent(EventType.DEVICE_REGISTERED, account, at, 0, device, null, false, device, 0, 0, accountAgeMillis);
    }

    static SimEvent spamReported(String account, long at, String reporter) {
        return new SimEvent(EventType.SPAM_REPORTED, account, at, 0, reporter, null, false, null, 0, 0, 0);
    }

    SimEvent withSequence(int seq) {
        return new SimEvent(type, accountId, occurredAt, seq, otherId, source, mutual, deviceId, memberCount, nonFriendMemberCount, accountAgeMillis);
    }
}
