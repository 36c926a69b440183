package io.accountshield.sim.traffic;

import io.accountshield.schema.events.FriendSource;
import java.util.Objects;

/**
 * One generated event in scenario time. Plain fields, one shape for all four types, so generation
 * allocates one small object per event. Every account's script is generated whole when the account
 * starts, so at a million accounts tens of millions of these are held at once: the other party's id,
 * nearly always one {@link Draw#id} made, is held as its prefix and number (8 bytes, not a string of
 * 64), and {@link #otherId()} writes it out when an event is sent.
 *
 * @param otherIdPrefix    with {@code otherIdNumber}: the other party's id, when it has Draw.id's form
 * @param otherIdText      the other party's id as given, when it has not (else null); read {@link #otherId()}
 * @param accountAgeMillis DeviceRegistered only: how old the account is, so that its creation time
 *                         stays true to the account when scenario time is compressed
 */
public record SimEvent(
        EventType type,
        String accountId,
        long occurredAt,
        int sequence,
        char otherIdPrefix,
        long otherIdNumber,
        String otherIdText,
        FriendSource source,
        boolean mutual,
        String deviceId,
        int memberCount,
        int nonFriendMemberCount,
        long accountAgeMillis) {

    public enum EventType { FRIEND_ADDED, CHATROOM_CREATED, DEVICE_REGISTERED, SPAM_REPORTED }

    /**
     * The friend (FriendAdded), the chatroom (ChatroomCreated), the new device (DeviceRegistered) or
     * the reporter (SpamReported).
     */
    public String otherId() {
        return otherIdText != null ? otherIdText : Draw.idText(otherIdPrefix, otherIdNumber);
    }

    /** Stable across runs with the same seed, and unique: the account and the event's place in its script. */
    public String eventId() {
        return accountId + "-" + sequence;
    }

    static SimEvent friendAdded(String account, long at, String friend, FriendSource source, boolean mutual, String device) {
        return of(EventType.FRIEND_ADDED, account, at, friend, source, mutual, device, 0, 0, 0);
    }

    static SimEvent chatroomCreated(String account, long at, String chatroom, int members, int nonFriends) {
        return of(EventType.CHATROOM_CREATED, account, at, chatroom, null, false, null, members, nonFriends, 0);
    }

    static SimEvent deviceRegistered(String account, long at, String device, long accountAgeMillis) {
        return of(EventType.DEVICE_REGISTERED, account, at, device, null, false, device, 0, 0, accountAgeMillis);
    }

    static SimEvent spamReported(String account, long at, String reporter) {
        return of(EventType.SPAM_REPORTED, account, at, reporter, null, false, null, 0, 0, 0);
    }

    private static SimEvent of(EventType type, String account, long at, String otherId, FriendSource source, boolean mutual,
                               String device, int members, int nonFriends, long accountAgeMillis) {
        boolean drawn = Draw.isIdText(Objects.requireNonNull(otherId, "otherId"));
        return new SimEvent(type, account, at, 0, drawn ? otherId.charAt(0) : 0, drawn ? Draw.idNumber(otherId) : 0, drawn ? null : otherId,
                source, mutual, device, members, nonFriends, accountAgeMillis);
    }

    SimEvent withSequence(int seq) {
        return new SimEvent(type, accountId, occurredAt, seq, otherIdPrefix, otherIdNumber, otherIdText, source, mutual, deviceId,
                memberCount, nonFriendMemberCount, accountAgeMillis);
    }
}
