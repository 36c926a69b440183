package io.accountshield.sim.traffic;

import static io.accountshield.sim.traffic.Draw.DAY;
import static io.accountshield.sim.traffic.Draw.HOUR;
import static io.accountshield.sim.traffic.Draw.MINUTE;
import static io.accountshield.sim.traffic.Draw.SECOND;
import static io.accountshield.sim.traffic.Draw.chance;
import static io.accountshield.sim.traffic.Draw.id;
import static io.accountshield.sim.traffic.Draw.uniform;

import io.accountshield.schema.events.FriendSource;
import io.accountshield.sim.scenario.Scenario;
import io.accountshield.streams.score.AccountLabel;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The abuse the rules exist to catch, one method per kind of campaign, each reported by some victims.
 * Each is generated in working time and spread over the day by the scenario's {@link CampaignPace}.
 */
final class SpamCampaigns {

    private SpamCampaigns() {
    }

    /** Campaigns start anywhere in the scenario but the last hour, so each has time to show itself. */
    static long startAt(Scenario scenario, SplittableRandom rng) {
        return Draw.startBefore(scenario, HOUR, rng);
    }

    /** Adds by ID search or phone number, fast and almost never mutual, then chatrooms full of strangers. */
    static AccountScript friendAddFlood(String accountId, long start, Scenario scenario, SplittableRandom rng) {
        Scenario.FriendAddFlood f = scenario.campaigns().friendAddFlood();
        List<SimEvent> events = new ArrayList<>();
        String device = id(rng, 'd');
        long perMinute = uniform(rng, f.addsPerMinute());
        long adds = uniform(rng, f.adds());
        CampaignPace pace = CampaignPace.of(scenario.campaigns().pace(), start, rng);
        double meanGap = (double) MINUTE / perMinute;
        double at = start;
        for (int i = 0; i < adds; i++) {
            FriendSource source = rng.nextBoolean() ? FriendSource.ID_SEARCH : FriendSource.PHONE_NUMBER;
            events.add(SimEvent.friendAdded(accountId, pace.at(at), id(rng, 'u'), source, chance(rng, f.mutualRatio()), device));
            at += rng.nextExponential() * meanGap;
        }
        long chatrooms = uniform(rng, f.chatroomsAfter());
        for (int i = 0; i < chatrooms; i++) {
            at += uniform(rng, 10 * SECOND, 60 * SECOND);
            int members = (int) uniform(rng, f.chatroomMembers());
            events.add(SimEvent.chatroomCreated(accountId, pace.at(at), id(rng, 'r'), members, Math.max(0, members - (int) uniform(rng, 0, 2))));
        }
        return campaign(accountId, AccountLabel.FRIEND_ADD_FLOOD, events, 0, scenario, rng);
    }

    /** A fresh account logs in and uploads a bought list of numbers: a sync to people who do not know it. */
    static AccountScript purchasedList(String accountId, long start, Scenario scenario, SplittableRandom rng) {
        Scenario.PurchasedList p = scenario.campaigns().purchasedList();
        List<SimEvent> events = new ArrayList<>();
        String device = id(rng, 'd');
        events.add(SimEvent.deviceRegistered(accountId, start, device, uniform(rng, p.accountAgeDays()) * DAY + uniform(rng, 0, DAY)));
        int listSize = (int) uniform(rng, p.listSize());
        // Through the same client as a migration's sync, so in the same shape; the pace of campaigns is not the client's.
        SyncUpload upload = new SyncUpload(scenario.contactSync(), p.addSpacingMillis(), start + uniform(rng, 2 * SECOND, 30 * SECOND), rng);
        for (int i = 0; i < listSize; i++) {
            events.add(SimEvent.friendAdded(accountId, upload.at(), id(rng, 'u'), FriendSource.CONTACT_SYNC, chance(rng, p.mutualRatio()), device));
            upload.advance();
        }
        return campaign(accountId, AccountLabel.PURCHASED_LIST, events, listSize, scenario, rng);
    }

    /** Adds spread out enough to stay under any burst threshold, for a day or more of working time. */
    static AccountScript lowAndSlow(String accountId, long start, Scenario scenario, SplittableRandom rng) {
        Scenario.LowAndSlow l = scenario.campaigns().lowAndSlow();
        List<SimEvent> events = new ArrayList<>();
        String device = id(rng, 'd');
        long scenarioEnd = scenario.end().toEpochMilli();
        long workEnd = start + uniform(rng, l.durationHours()) * HOUR;
        double meanGap = (double) HOUR / uniform(rng, l.addsPerHour());
        CampaignPace pace = CampaignPace.of(scenario.campaigns().pace(), start, rng);
        double at = start;
        long wall;
        while (at < workEnd && (wall = pace.at(at)) < scenarioEnd) {
            FriendSource source = rng.nextBoolean() ? FriendSource.ID_SEARCH : FriendSource.RECOMMENDATION;
            events.add(SimEvent.friendAdded(accountId, wall, id(rng, 'u'), source, chance(rng, l.mutualRatio()), device));
            at += rng.nextExponential() * meanGap;
        }
        // The phone the campaign logs in on says how old the account is (fresh, or bought). Drawn from a
        // generator of its own, so the campaign's adds and reports keep their times and people.
        SplittableRandom login = new SplittableRandom(accountId.hashCode() * 0x9E3779B97F4A7C15L);
        events.add(0, SimEvent.deviceRegistered(accountId, start, device,
                uniform(login, l.accountAgeDays()) * DAY + uniform(login, 0, HOUR)));
        return campaign(accountId, AccountLabel.LOW_AND_SLOW, events, 0, scenario, rng);
    }

    /** Chatrooms full of strangers, without a single friend-add, for hours of working time. */
    static AccountScript chatroomFlood(String accountId, long start, Scenario scenario, SplittableRandom rng) {
        Scenario.ChatroomFlood c = scenario.campaigns().chatroomFlood();
        List<SimEvent> events = new ArrayList<>();
        long scenarioEnd = scenario.end().toEpochMilli();
        long workEnd = start + uniform(rng, c.durationHours()) * HOUR;
        double meanGap = (double) HOUR / uniform(rng, c.chatroomsPerHour());
        CampaignPace pace = CampaignPace.of(scenario.campaigns().pace(), start, rng);
        double at = start;
        long wall;
        while (at < workEnd && (wall = pace.at(at)) < scenarioEnd) {
            int members = (int) uniform(rng, c.chatroomMembers());
            events.add(SimEvent.chatroomCreated(accountId, wall, id(rng, 'r'), members, Math.max(0, members - (int) uniform(rng, 0, 3))));
            at += rng.nextExponential() * meanGap;
        }
        return campaign(accountId, AccountLabel.CHATROOM_FLOOD, events, 0, scenario, rng);
    }

    /** Labels the campaign by its abusive events, then adds the victims' reports, which lag behind it. */
    private static AccountScript campaign(String accountId, String kind, List<SimEvent> events, int listSize,
                                          Scenario scenario, SplittableRandom rng) {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (SimEvent event : events) {
            if (event.type() != SimEvent.EventType.DEVICE_REGISTERED) {
                first = Math.min(first, event.occurredAt());
                last = Math.max(last, event.occurredAt());
            }
        }
        Scenario.Reports r = scenario.reports();
        if (!events.isEmpty() && chance(rng, r.reportedShare())) {
            long reporters = uniform(rng, r.reporters());
            for (int i = 0; i < reporters; i++) {
                long lag = uniform(rng, r.lagMin().toMillis(), r.lagMax().toMillis());
                events.add(SimEvent.spamReported(accountId, first + lag, id(rng, 'u')));
            }
        }
        if (events.isEmpty()) {
            first = 0;
            last = 0;
        }
        return AccountScript.of(new AccountLabel(accountId, AccountLabel.SPAM, kind, first, last, listSize), events);
    }
}
