package io.accountshield.streams.rules;

import io.accountshield.schema.events.ChatroomCreated;
import io.accountshield.schema.events.SpamReported;
import io.accountshield.schema.state.AccountActivity;
import io.accountshield.schema.state.AccountWatch;
import io.accountshield.schema.state.ReportMark;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;
import org.apache.avro.specific.SpecificRecord;

/**
 * What turns a watch (a burst that looks like a phone migration) into a protection: abuse after the
 * burst, in proportion to what a watch is, a plausible migration. A shop owner who syncs a thousand
 * customers will meet one annoyed customer, so one report is not enough: reports from two different
 * people are, or one for an account protected before. (Three in a day protect any account through
 * {@code spam-reports}, so a bigger sync cannot usefully ask for more.) A chatroom of strangers after
 * the sync is a campaign's next step, not a shop's group of customers, who are now its friends.
 */
public final class WatchEscalation {

    /** Distinct reporters since the watch began that escalate it, for an account never protected before. */
    static final int REPORTERS = 2;
    /** A chatroom escalates when most of its members, and at least this many, are not the account's friends. */
    static final int CHATROOM_STRANGERS = 5;

    private WatchEscalation() {
    }

    /** How many different people must report the watched account: {@value #REPORTERS}, or one when it was protected before. */
    public static int reportersNeeded(AccountActivity activity) {
        return activity.getProtectionCount() > 0 ? 1 : REPORTERS;
    }

    /** What escalates the account's watch, in words, for the watch record and the support view. */
    public static String escalatesOn(AccountActivity activity) {
        int reporters = reportersNeeded(activity);
        return (reporters == 1 ? "a spam report (the account was protected before)" : "spam reports from " + reporters + " different people")
                + ", or a chatroom in which most members, and at least " + CHATROOM_STRANGERS + ", are not the account's friends, "
                + "or any rule reaching its threshold";
    }

    /**
     * The watched burst's own finding (its counts and signals from when the watch started) and what
     * followed it, when this event escalates the watch; null when it does not. The account's
     * reports already include this event.
     */
    public static RuleFinding escalate(AccountWatch watch, SpecificRecord event, AccountActivity activity) {
        String what;
        if (event instanceof SpamReported) {
            List<String> reporters = reportersSince(activity.getRecentReports(), watch.getStartedAtMillis());
            if (reporters.size() < reportersNeeded(activity)) {
                return null;
            }
            what = reporters.size() == 1 ? "a spam report from " + reporters.get(0)
                    : "spam reports from " + reporters.size() + " people (" + String.join(", ", reporters) + ")";
        } else if (event instanceof ChatroomCreated created && 2 * created.getNonFriendMemberCount() > created.getMemberCount()
                && created.getNonFriendMemberCount() >= CHATROOM_STRANGERS) {
            what = "a chatroom in which " + created.getNonFriendMemberCount() + " of " + created.getMemberCount() + " members are not friends";
        } else {
            return null;
        }
        // Only friend-add rules watch (RuleBook#watchFinding): their counter is the suspicious friend-adds.
        RuleParameters rule = new RuleParameters(watch.getRuleId(), watch.getRuleVersion(), true, watch.getThreshold(),
                Duration.ofMillis(watch.getWindowMillis()), RuleCounter.SUSPICIOUS_FRIEND_ADDS);
        String reason = watch.getReason() + "; watched since " + Instant.ofEpochMilli(watch.getStartedAtMillis()) + ", then " + what;
        return new RuleFinding(rule, watch.getObservedCount(), reason, watch.getSignals());
    }

    /** The people who reported the account since the watch began, in name order. */
    private static List<String> reportersSince(List<ReportMark> marks, long sinceMillis) {
        TreeSet<String> reporters = new TreeSet<>();
        for (ReportMark mark : marks) {
            if (mark.getReportedAtMillis() >= sinceMillis) {
                reporters.add(mark.getReporterAccountId());
            }
        }
        return List.copyOf(reporters);
    }
}
