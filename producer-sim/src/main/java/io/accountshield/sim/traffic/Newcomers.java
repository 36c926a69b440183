package io.accountshield.sim.traffic;

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
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Someone joins the messenger: an account created minutes before its first device registration, then
 * its address book synced through the same client as a migration's (most of those contacts have the
 * number saved), then, within the hour or so, "people you may know": a handful to a dozen or more adds
 * over half an hour, mostly recommended friends of friends who do not have the number yet, some friends
 * looked up by number or ID; afterwards, everyday life. A few deny the contacts permission and only add
 * the people recommended to them: from the outside, the first quarter hour of a low-and-slow campaign.
 */
final class Newcomers {

    /** The joining must fit inside the scenario, so newcomers start at least this long before its end. */
    static final long LATEST_START_BEFORE_END = 2 * HOUR;

    /** The biggest address book a newcomer's phone holds: a Pareto tail stays on a phone, not a call centre. */
    static final long MAX_ADDRESS_BOOK = 5_000;

    private Newcomers() {
    }

    /** When the new account registers its first device. */
    static long startAt(Scenario scenario, SplittableRandom rng) {
        return Draw.startBefore(scenario, LATEST_START_BEFORE_END, rng);
    }

    static AccountScript script(String accountId, long registeredAt, Scenario scenario, SplittableRandom rng) {
        Scenario.Newcomers n = scenario.newcomers();
        List<SimEvent> events = new ArrayList<>();
        String device = id(rng, 'd');
        long ageMillis = uniform(rng, minutes(n.accountAgeMinutes().min()), minutes(n.accountAgeMinutes().max()));
        events.add(SimEvent.deviceRegistered(accountId, registeredAt, device, ageMillis));
        boolean syncs = !chance(rng, n.noSyncShare());
        int bookSize = 0;
        long joinedUntil = registeredAt;
        if (syncs) {
            bookSize = Draw.addressBookSize(rng, n.addressBookDistribution(), n.addressBookMedian(), n.addressBookSigma(),
                    n.addressBookParetoShape(), MAX_ADDRESS_BOOK);
            double mutualRatio = chance(rng, n.sparseBookShare()) ? uniform(rng, n.sparseBookMutualPercent()) / 100.0 : n.mutualRatio();
            // Through the client every sync goes through, so the scenario's contactSync shape applies as to migrations.
            SyncUpload upload = new SyncUpload(scenario.contactSync(), n.addSpacingMillis(),
                    registeredAt + uniform(rng, 2 * SECOND, 30 * SECOND), rng);
            for (int i = 0; i < bookSize; i++) {
                events.add(SimEvent.friendAdded(accountId, upload.at(), id(rng, 'u'), FriendSource.CONTACT_SYNC, chance(rng, mutualRatio), device));
                joinedUntil = upload.at();
                upload.advance();
            }
        }
        joinedUntil = addPeopleYouMayKnow(events, accountId, device, joinedUntil, n, rng);
        OrdinaryLife.addEverydayLife(events, accountId, device, joinedUntil + 1, scenario.end().toEpochMilli(),
                n.friendAddsPerDayAfter(), scenario.ordinary().mutualRatio(), rng);
        return AccountScript.of(new AccountLabel(accountId, AccountLabel.ORDINARY, AccountLabel.NEWCOMER, registeredAt, joinedUntil, bookSize),
                events);
    }

    /**
     * "People you may know", some while after {@code after}: adds at times drawn uniformly over the
     * session, mostly recommendations, the rest friends looked up by number or ID. Returns the time of
     * the last add, or {@code after} when there is none.
     */
    private static long addPeopleYouMayKnow(List<SimEvent> events, String accountId, String device, long after,
                                            Scenario.Newcomers n, SplittableRandom rng) {
        long from = after + uniform(rng, minutes(n.recommendationDelayMinutes().min()), minutes(n.recommendationDelayMinutes().max()));
        int adds = (int) uniform(rng, n.recommendationAdds());
        long length = uniform(rng, minutes(n.recommendationMinutes().min()), minutes(n.recommendationMinutes().max()));
        long[] times = new long[adds];
        for (int i = 0; i < adds; i++) {
            times[i] = from + uniform(rng, 0, length);
        }
        Arrays.sort(times);
        long last = after;
        for (long at : times) {
            FriendSource source = !chance(rng, n.lookupShare()) ? FriendSource.RECOMMENDATION
                    : rng.nextBoolean() ? FriendSource.PHONE_NUMBER : FriendSource.ID_SEARCH;
            events.add(SimEvent.friendAdded(accountId, at, id(rng, 'u'), source, chance(rng, n.recommendationMutualRatio()), device));
            last = at;
        }
        return last;
    }

    private static long minutes(long minutes) {
        return minutes * MINUTE;
    }
}
