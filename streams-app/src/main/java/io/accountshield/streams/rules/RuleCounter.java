package io.accountshield.streams.rules;

import io.accountshield.schema.state.AccountActivity;
import io.accountshield.schema.state.ActivityBucket;
import io.accountshield.streams.time.BucketTier;
import io.accountshield.streams.time.DistinctReporterWindow;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * What a rule counts: one of the counts the account state already keeps, plain (a counter of the
 * activity buckets) or judged (friend-adds that a phone migration does not explain, strangers the
 * account sought out, a young account's list sync, distinct reporters). A rule definition names one
 * by its {@link #configName()}; a new rule can read any of them without a new state.
 */
public enum RuleCounter {
    SUSPICIOUS_FRIEND_ADDS("friend-adds that a phone migration does not explain") {
        @Override
        Rule build(RuleParameters parameters, BucketTier tier, Function<AccountActivity, List<ActivityBucket>> buckets, Counts counts) {
            return new SuspiciousAddsRule(parameters, tier, buckets, counts.contactSync());
        }
    },
    NEW_ACCOUNT_LIST_SYNC_ADDS("contact-sync adds of a young account from a book that does not know it") {
        @Override
        Rule build(RuleParameters parameters, BucketTier tier, Function<AccountActivity, List<ActivityBucket>> buckets, Counts counts) {
            return new NewAccountListSyncRule(parameters, tier, buckets, counts.contactSync());
        }
    },
    SOUGHT_OUT_STRANGERS("strangers the account sought out while they are nearly all it adds") {
        @Override
        Rule build(RuleParameters parameters, BucketTier tier, Function<AccountActivity, List<ActivityBucket>> buckets, Counts counts) {
            return new SoughtOutStrangersRule(parameters, tier, buckets);
        }
    },
    DISTINCT_REPORTERS("spam reports from distinct reporters") {
        @Override
        Rule build(RuleParameters parameters, BucketTier tier, Function<AccountActivity, List<ActivityBucket>> buckets, Counts counts) {
            return new DistinctReportersRule(parameters, counts.reports());
        }

        @Override
        public boolean countsBuckets() {
            return false;
        }
    },
    FRIEND_ADDS(Counter.FRIEND_ADDS, "friend-adds"),
    MUTUAL_FRIEND_ADDS(Counter.MUTUAL_FRIEND_ADDS, "mutual friend-adds"),
    CONTACT_SYNC_ADDS(Counter.CONTACT_SYNC_ADDS, "friend-adds by contact sync"),
    MUTUAL_CONTACT_SYNC_ADDS(Counter.MUTUAL_CONTACT_SYNC_ADDS, "mutual friend-adds by contact sync"),
    ADDS_NOT_BY_CONTACT_SYNC(Counter.ADDS_NOT_BY_CONTACT_SYNC, "friend-adds chosen one by one"),
    STRANGER_ADDS(Counter.STRANGER_ADDS, "friend-adds chosen one by one to people who are not mutual"),
    UNINVITED_STRANGER_ADDS(Counter.UNINVITED_STRANGER_ADDS, "friend-adds to people who are not mutual, by ID search, phone number or recommendation"),
    CHATROOMS_CREATED(Counter.CHATROOMS_CREATED, "chatrooms created"),
    NON_FRIEND_CHATROOM_MEMBERS(Counter.NON_FRIEND_CHATROOM_MEMBERS, "chatroom members who are not friends");

    /** What every rule can be built from, whatever its tier: the report window and the contact-sync policy. */
    record Counts(DistinctReporterWindow reports, ContactSyncPolicy contactSync) {
    }

    private final Counter plainCounter;
    private final String meaning;

    RuleCounter(String meaning) {
        this.plainCounter = null;
        this.meaning = meaning;
    }

    RuleCounter(Counter plainCounter, String meaning) {
        this.plainCounter = plainCounter;
        this.meaning = meaning;
    }

    /** Builds a rule that counts this over the given tier's buckets (a plain counter: a windowed count of it). */
    Rule build(RuleParameters parameters, BucketTier tier, Function<AccountActivity, List<ActivityBucket>> buckets, Counts counts) {
        return new WindowedCountRule(parameters, tier, buckets, plainCounter, meaning);
    }

    /** False for the one kept as exact report times rather than buckets. */
    public boolean countsBuckets() {
        return true;
    }

    public String meaning() {
        return meaning;
    }

    /** As a definition names it: suspicious-friend-adds, chatrooms-created. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The counter a definition names, or an exception that lists the ones there are. */
    public static RuleCounter fromConfigName(String name) {
        for (RuleCounter counter : values()) {
            if (counter.configName().equals(name)) {
                return counter;
            }
        }
        throw new IllegalArgumentException("unknown counter '" + name + "'; the state keeps " + String.join(", ", configNames()));
    }

    public static List<String> configNames() {
        return Arrays.stream(values()).map(RuleCounter::configName).toList();
    }
}
