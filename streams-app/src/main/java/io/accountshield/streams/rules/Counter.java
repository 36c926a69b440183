package io.accountshield.streams.rules;

import io.accountshield.schema.state.ActivityBucket;
import java.util.function.ToIntFunction;

/** The per-bucket counts that rules and decisions look at. */
public enum Counter {
    FRIEND_ADDS("friendAdds", ActivityBucket::getFriendAdds),
    MUTUAL_FRIEND_ADDS("mutualFriendAdds", ActivityBucket::getMutualFriendAdds),
    CONTACT_SYNC_ADDS("contactSyncAdds", ActivityBucket::getContactSyncAdds),
    MUTUAL_CONTACT_SYNC_ADDS("mutualContactSyncAdds", ActivityBucket::getMutualContactSyncAdds),
    /** Adds the person chose one by one (search, number, recommendation, QR code, link), not an address-book upload. */
    ADDS_NOT_BY_CONTACT_SYNC("addsNotByContactSync", bucket -> bucket.getFriendAdds() - bucket.getContactSyncAdds()),
    /** Adds chosen one by one to people who do not have this account saved: strangers, the low-and-slow spammer's targets. */
    STRANGER_ADDS("strangerAdds", bucket -> bucket.getFriendAdds() - bucket.getContactSyncAdds()
            - (bucket.getMutualFriendAdds() - bucket.getMutualContactSyncAdds())),
    /**
     * Strangers the account sought out: adds by ID search, phone number or recommendation to people who
     * do not know it. A QR code or an invitation link is handed over by the other person, as at a meetup.
     */
    UNINVITED_STRANGER_ADDS("uninvitedStrangerAdds", ActivityBucket::getUninvitedStrangerAdds),
    CHATROOMS_CREATED("chatroomsCreated", ActivityBucket::getChatroomsCreated),
    NON_FRIEND_CHATROOM_MEMBERS("nonFriendChatroomMembers", ActivityBucket::getNonFriendChatroomMembers);

    private final String signalName;
    private final ToIntFunction<ActivityBucket> reader;

    Counter(String signalName, ToIntFunction<ActivityBucket> reader) {
        this.signalName = signalName;
        this.reader = reader;
    }

    public String signalName() {
        return signalName;
    }

    public ToIntFunction<ActivityBucket> reader() {
        return reader;
    }
}
