package io.accountshield.streams.rules;

import io.accountshield.schema.events.ChatroomCreated;
import io.accountshield.schema.events.SpamReported;
import io.accountshield.schema.state.AccountWatch;
import java.time.Duration;
import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;

/**
 * What turns a watch (a burst that looks like a phone migration) into a protection: abuse after
 * the burst, from victims reporting it or from chatrooms full of strangers.
 */
public final class WatchEscalation {

    /** What escalates a watch, in words, for the watch record; {@link #escalate} is its code. */
    public static final String ESCALATES_ON = "a spam report, or a chatroom in which most members are not the account's friends, "
            + "or any rule reaching its threshold";

    private WatchEscalation() {
    }

    /**
     * The watched burst's own finding (its counts and signals from when the watch started) and what
     * followed it, when this event escalates the watch; null when it does not.
     */
    public static RuleFinding escalate(AccountWatch watch, SpecificRecord event) {
        String what;
        if (event instanceof SpamReported report) {
            what = "a spam report from " + report.getReporterAccountId();
        } else if (event instanceof ChatroomCreated created && 2 * created.getNonFriendMemberCount() > created.getMemberCount()) {
            what = "a chatroom in which " + created.getNonFriendMemberCount() + " of " + created.getMemberCount() + " members are not friends";
        } else {
            return null;
        }
        RuleParameters rule = new RuleParameters(watch.getRuleId(), watch.getRuleVersion(), true, watch.getThreshold(),
                Duration.ofMillis(watch.getWindowMillis()));
        String reason = watch.getReason() + "; watched since " + Instant.ofEpochMilli(watch.getStartedAtMillis()) + ", then " + what;
        return new RuleFinding(rule, watch.getObservedCount(), reason, watch.getSignals());
    }
}
