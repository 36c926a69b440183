package io.accountshield.sim.traffic;

import static io.accountshield.sim.traffic.Draw.DAY;
import static io.accountshield.sim.traffic.Draw.HOUR;
import static io.accountshield.sim.traffic.Draw.MINUTE;
import static io.accountshield.sim.traffic.Draw.chance;
import static io.accountshield.sim.traffic.Draw.id;
import static io.accountshield.sim.traffic.Draw.logNormalFactor;
import static io.accountshield.sim.traffic.Draw.poissonTimes;
import static io.accountshield.sim.traffic.Draw.uniform;

import io.accountshield.schema.events.FriendSource;
import io.accountshield.sim.scenario.Scenario;
import io.accountshield.streams.score.AccountLabel;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * People using the messenger as people do: a few friend-adds a day from mixed sources (the same rate
 * for all, or each their own; a few power users adding dozens, many by QR code at meetups), the odd
 * chatroom, now and then a flurry of group chats mostly with friends, and rarely a mistaken report.
 */
final class OrdinaryLife {

    /** How ordinary people find friends, by share. */
    private static final FriendSource[] SOURCES = {
        FriendSource.RECOMMENDATION, FriendSource.RECOMMENDATION, FriendSource.RECOMMENDATION, FriendSource.RECOMMENDATION,
        FriendSource.PHONE_NUMBER, FriendSource.PHONE_NUMBER, FriendSource.PHONE_NUMBER,
        FriendSource.QR_CODE, FriendSource.QR_CODE, FriendSource.ID_SEARCH, FriendSource.INVITE_LINK, FriendSource.CONTACT_SYNC};

    private OrdinaryLife() {
    }

    static AccountScript script(String accountId, Scenario scenario, SplittableRandom rng) {
        Scenario.Ordinary o = scenario.ordinary();
        long from = scenario.start().toEpochMilli();
        long to = scenario.end().toEpochMilli();
        List<SimEvent> events = new ArrayList<>();
        String device = id(rng, 'd');
        // Nothing is drawn for a choice the scenario does not make, so that the default's traffic stays what it was.
        Scenario.PowerUsers power = o.powerUsers();
        boolean powerUser = power.share() > 0 && chance(rng, power.share());
        if (powerUser) {
            addPowerUsersAdds(events, accountId, device, from, to, power, o.mutualRatio(), rng);
        } else {
            double perDay = switch (o.friendAddRate()) {
                case same -> o.friendAddsPerDay();
                case heavyTailed -> o.friendAddsPerDay() * logNormalFactor(rng, o.friendAddRateSigma());
            };
            addEverydayLife(events, accountId, device, from, to, perDay, o.mutualRatio(), rng);
        }
        for (long at : poissonTimes(rng, o.chatroomsPerDay(), from, to)) {
            int members = (int) uniform(rng, 2, 10);
            events.add(SimEvent.chatroomCreated(accountId, at, id(rng, 'r'), members, (int) uniform(rng, 0, 1)));
        }
        for (long flurry : poissonTimes(rng, o.flurriesPerDay(), from, to)) {
            long rooms = uniform(rng, o.flurryChatrooms());
            for (int i = 0; i < rooms; i++) {
                int members = (int) uniform(rng, 3, 15);
                long at = flurry + uniform(rng, 0, HOUR);
                String room = id(rng, 'r');
                int nonFriends = (int) uniform(rng, 0, 2);
                // A flurry cut off by the scenario's end loses its later rooms; piling them onto the last millisecond made a burst.
                if (at < to) {
                    events.add(SimEvent.chatroomCreated(accountId, at, room, members, nonFriends));
                }
            }
        }
        for (long at : poissonTimes(rng, o.strayReportsPerDay(), from, to)) {
            events.add(SimEvent.spamReported(accountId, at, id(rng, 'u')));
        }
        String kind = powerUser ? AccountLabel.POWER_USER : AccountLabel.ORDINARY;
        return AccountScript.of(new AccountLabel(accountId, AccountLabel.ORDINARY, kind, 0, 0, 0), events);
    }

    /**
     * Twenty or forty adds a day: part of them everyday adds from the usual sources, the rest by QR
     * code at meetups, many within an hour or two, from people just met who mostly lack the number.
     */
    private static void addPowerUsersAdds(List<SimEvent> events, String accountId, String device, long from, long to,
                                          Scenario.PowerUsers power, double mutualRatio, SplittableRandom rng) {
        double perDay = uniform(rng, power.addsPerDay());
        addEverydayLife(events, accountId, device, from, to, perDay * (1 - power.meetupShare()), mutualRatio, rng);
        if (power.meetupShare() == 0) {
            return;
        }
        double addsPerMeetup = perDay * power.meetupShare() / power.meetupsPerDay();
        for (long meetup : poissonTimes(rng, power.meetupsPerDay(), from, to)) {
            long length = uniform(rng, power.meetupMinutes()) * MINUTE;
            // A Poisson process over the meetup that makes addsPerMeetup adds on average.
            for (long at : poissonTimes(rng, addsPerMeetup * DAY / length, meetup, Math.min(to, meetup + length))) {
                events.add(SimEvent.friendAdded(accountId, at, id(rng, 'u'), FriendSource.QR_CODE, chance(rng, power.meetupMutualRatio()), device));
            }
        }
    }

    /** Friend-adds at an everyday rate; migrations return to this after their sync. */
    static void addEverydayLife(List<SimEvent> events, String accountId, String device, long from, long to,
                                double friendAddsPerDay, double mutualRatio, SplittableRandom rng) {
        for (long at : poissonTimes(rng, friendAddsPerDay, from, to)) {
            events.add(SimEvent.friendAdded(accountId, at, id(rng, 'u'), SOURCES[rng.nextInt(SOURCES.length)],
                    chance(rng, mutualRatio), device));
        }
    }
}
