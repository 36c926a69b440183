package io.accountshield.streams.score;

/**
 * The ground truth about one simulated account. It never travels inside the events: the pipeline
 * cannot see it; only the scorecard reads it.
 *
 * @param population    {@code ordinary}, {@code migration} or {@code spam}
 * @param kind          for spam, the campaign kind; for migrations, {@code business} or {@code personal};
 *                      for ordinary users, {@code ordinary}, {@code power-user} or {@code newcomer}
 * @param campaignStart spam: the first abusive event; migration: the device registration; newcomer: its first
 *                      device registration, minutes after the account was created; else 0
 * @param campaignEnd   spam: the last abusive event; migration: the last contact-sync add; newcomer: its last
 *                      "people you may know" add (or its registration, if it made none); else 0
 * @param addressBookSize migrations, newcomers and purchased lists: how many contacts were synced (0 for a
 *                      newcomer that denied the contacts permission); else 0
 */
public record AccountLabel(
        String accountId,
        String population,
        String kind,
        long campaignStart,
        long campaignEnd,
        int addressBookSize) {

    public static final String ORDINARY = "ordinary";
    public static final String MIGRATION = "migration";
    public static final String SPAM = "spam";

    /** An ordinary user who adds dozens of friends a day, many by QR code at meetups. */
    public static final String POWER_USER = "power-user";
    /** An ordinary user who joins during the scenario: a new account, its address book, then people it may know. */
    public static final String NEWCOMER = "newcomer";
    public static final String PERSONAL = "personal";
    public static final String BUSINESS = "business";
    public static final String FRIEND_ADD_FLOOD = "friend-add-flood";
    public static final String PURCHASED_LIST = "purchased-list";
    public static final String LOW_AND_SLOW = "low-and-slow";
    public static final String CHATROOM_FLOOD = "chatroom-flood";
}
