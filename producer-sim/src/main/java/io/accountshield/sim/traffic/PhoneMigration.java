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
 * Someone moves to a new phone (or reinstalls): a device registration on an established account,
 * then the whole address book synced within a minute or two, mostly to people who have this number
 * saved too (a sparser book for some, down to about half); for some, the same book synced again from
 * a new registration hours later (the new phone set up again) or minutes later (the app reinstalled);
 * now and then a stray spam report from a new contact; afterwards, ordinary life. The traffic a
 * careless burst rule punishes.
 */
final class PhoneMigration {

    /** The sync must finish inside the scenario, so migrations start at least this long before its end. */
    static final long LATEST_START_BEFORE_END = 2 * HOUR;

    private PhoneMigration() {
    }

    /** When the account registers its new device. */
    static long startAt(Scenario scenario, SplittableRandom rng) {
        return Draw.startBefore(scenario, LATEST_START_BEFORE_END, rng);
    }

    static AccountScript script(String accountId, long registeredAt, Scenario scenario, SplittableRandom rng) {
        Scenario.Migrations m = scenario.migrations();
        long end = scenario.end().toEpochMilli();
        long ageMillis = uniform(rng, m.accountAgeDays()) * DAY;
        boolean business = chance(rng, m.businessShare());
        int bookSize = business ? (int) uniform(rng, m.businessAddressBook()) : personalBookSize(m, rng);
        double mutualRatio = chance(rng, m.sparseBookShare()) ? uniform(rng, m.sparseBookMutualPercent()) / 100.0 : m.mutualRatio();
        List<SimEvent> events = new ArrayList<>();
        String device = id(rng, 'd');
        Book book = new Book(bookSize, mutualRatio);
        long syncEnd = sync(events, accountId, device, registeredAt, ageMillis, book, scenario, rng);
        long lastSyncAdd = syncEnd;
        // A resync uploads the same book again from a new device registration: new events at new times, so the
        // pipeline counts them again (its redelivery check matches the event's id and time, not only the contact).
        if (chance(rng, m.resyncProbability())) {
            long again = syncEnd + uniform(rng, m.resyncDelayMinutes().min() * MINUTE, m.resyncDelayMinutes().max() * MINUTE);
            if (again < end - HOUR) {
                lastSyncAdd = sync(events, accountId, id(rng, 'd'), again, ageMillis, book, scenario, rng);
            }
        }
        // Someone among the new contacts reports the account by mistake (or in annoyance) within a day.
        if (chance(rng, business ? m.businessStrayReportShare() : m.strayReportShare())) {
            long reportedAt = syncEnd + uniform(rng, 10 * MINUTE, DAY);
            if (reportedAt < end) {
                events.add(SimEvent.spamReported(accountId, reportedAt, id(rng, 'u')));
            }
        }
        OrdinaryLife.addEverydayLife(events, accountId, device, syncEnd + 1, end, m.friendAddsPerDayAfter(), 0.6, rng);
        String kind = business ? AccountLabel.BUSINESS : AccountLabel.PERSONAL;
        return AccountScript.of(new AccountLabel(accountId, AccountLabel.MIGRATION, kind, registeredAt, lastSyncAdd, bookSize), events);
    }

    /** A personal address book's size, capped at the biggest business book. */
    private static int personalBookSize(Scenario.Migrations m, SplittableRandom rng) {
        return Draw.addressBookSize(rng, m.addressBookDistribution(), m.addressBookMedian(), m.addressBookSigma(),
                m.addressBookParetoShape(), m.businessAddressBook().max());
    }

    /** The contacts in an address book, drawn as the first sync uploads them and uploaded as they are by any resync. */
    private static final class Book {
        final String[] friends;
        final boolean[] mutual;
        final double mutualRatio;

        Book(int size, double mutualRatio) {
            this.friends = new String[size];
            this.mutual = new boolean[size];
            this.mutualRatio = mutualRatio;
        }

        int size() {
            return friends.length;
        }
    }

    /** A device registration and the contact sync after it; returns the time of the last add. */
    private static long sync(List<SimEvent> events, String accountId, String device, long registeredAt, long ageMillis,
                             Book book, Scenario scenario, SplittableRandom rng) {
        events.add(SimEvent.deviceRegistered(accountId, registeredAt, device, ageMillis));
        SyncUpload upload = new SyncUpload(scenario.contactSync(), scenario.migrations().addSpacingMillis(),
                registeredAt + uniform(rng, 2 * SECOND, 30 * SECOND), rng);
        long last = upload.at();
        for (int i = 0; i < book.size(); i++) {
            if (book.friends[i] == null) {
                book.friends[i] = id(rng, 'u');
                book.mutual[i] = chance(rng, book.mutualRatio);
            }
            events.add(SimEvent.friendAdded(accountId, upload.at(), book.friends[i], FriendSource.CONTACT_SYNC, book.mutual[i], device));
            last = upload.at();
            upload.advance();
        }
        return last;
    }
}
