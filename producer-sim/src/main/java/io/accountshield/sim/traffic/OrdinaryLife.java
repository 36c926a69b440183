package io.accountshield.sim.traffic;

import static io.accountshield.sim.traffic.Draw.HOUR;
import static io.accountshield.sim.traffic.Draw.chance;
import static io.accountshield.sim.traffic.Draw.id;
import static io.accountshield.sim.traffic.Draw.poissonTimes;
import static io.accountshield.sim.traffic.Draw.uniform;

import io.accountshield.schema.events.FriendSource;
import io.accountshield.sim.scenario.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * People using the messenger as people do: a few friend-adds a day from mixed sources, the odd
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
        addEverydayLife(events, accountId, device, from, to, o.friendAddsPerDay(), o.mutualRatio(), rng);
        for (long at : poissonTimes(rng, o.chatroomsPerDay(), from, to)) {
            int members = (int) uniform(rng, 2, 10);
            events.add(SimEvent.chatroomCreated(accountId, at, id(rng, 'r'), members, (int) uniform(rng, 0, 1)));
        }
        for (long flurry : poissonTimes(rng, o.flurriesPerDay(), from, to)) {
            long rooms = uniform(rng, o.flurryChatrooms());
            for (int i = 0; i < rooms; i++) {
                int members = (int) uniform(rng, 3, 15);
                events.add(SimEvent.chatroomCreated(accountId, Math.min(to - 1, flurry + uniform(rng, 0, HOUR)),
                        id(rng, 'r'), members, (int) uniform(rng, 0, 2)));
            }
        }
        for (long at : poissonTimes(rng, o.strayReportsPerDay(), from, to)) {
            events.add(SimEvent.spamReported(accountId, at, id(rng, 'u')));
        }
        return AccountScript.of(new AccountLabel(accountId, AccountLabel.ORDINARY, AccountLabel.ORDINARY, 0, 0, 0), events);
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
