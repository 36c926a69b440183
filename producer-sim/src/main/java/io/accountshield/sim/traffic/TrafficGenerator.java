package io.accountshield.sim.traffic;

import io.accountshield.sim.scenario.Scenario;
import io.accountshield.streams.score.AccountLabel;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Every account's events, merged into one stream in time order. Each account draws from its own
 * generator, seeded from the scenario's seed and the account's place in its population, so a seed
 * gives the same traffic event for event. An account's script is made only when its first event is
 * due, so memory holds the accounts active at once, not the whole scenario.
 */
public final class TrafficGenerator implements Iterator<SimEvent> {

    /** Each kind's ordinal seeds its accounts' generators: a new kind goes last, so the others' traffic stays what it was. */
    private enum Kind { ORDINARY, MIGRATION, FRIEND_ADD_FLOOD, PURCHASED_LIST, LOW_AND_SLOW, CHATROOM_FLOOD, NEWCOMER }

    /** One account: first its plan (when it starts), then its script with a read position. */
    private static final class Entry implements Comparable<Entry> {
        final int account;
        final Kind kind;
        final String accountId;
        final SplittableRandom rng;
        long time;
        AccountScript script;
        int position = -1;

        Entry(int account, Kind kind, String accountId, long startAt, SplittableRandom rng) {
            this.account = account;
            this.kind = kind;
            this.accountId = accountId;
            this.time = startAt;
            this.rng = rng;
        }

        @Override
        public int compareTo(Entry other) {
            int byTime = Long.compare(time, other.time);
            return byTime != 0 ? byTime : Integer.compare(account, other.account);
        }
    }

    private final Scenario scenario;
    private final Consumer<AccountLabel> labels;
    private final long end;
    private final PriorityQueue<Entry> queue = new PriorityQueue<>();
    private SimEvent next;
    private AccountLabel nextLabel;
    private AccountLabel lastLabel;

    /** @param labels receives each account's ground truth as the account starts */
    public TrafficGenerator(Scenario scenario, Consumer<AccountLabel> labels) {
        this.scenario = scenario;
        this.labels = labels;
        this.end = scenario.end().toEpochMilli();
        int account = 0;
        account = plan(Kind.ORDINARY, scenario.ordinary().accounts(), account);
        account = plan(Kind.MIGRATION, scenario.migrations().accounts(), account);
        account = plan(Kind.FRIEND_ADD_FLOOD, scenario.campaigns().friendAddFlood().accounts(), account);
        account = plan(Kind.PURCHASED_LIST, scenario.campaigns().purchasedList().accounts(), account);
        account = plan(Kind.LOW_AND_SLOW, scenario.campaigns().lowAndSlow().accounts(), account);
        account = plan(Kind.CHATROOM_FLOOD, scenario.campaigns().chatroomFlood().accounts(), account);
        // Planned last, so that the accounts before keep their numbers, which order events of the same millisecond.
        plan(Kind.NEWCOMER, scenario.newcomers().accounts(), account);
        advance();
    }

    private int plan(Kind kind, int accounts, int firstAccount) {
        for (int i = 0; i < accounts; i++) {
            SplittableRandom rng = new SplittableRandom(scenario.seed() * 0x9E3779B97F4A7C15L + ((long) kind.ordinal() << 40) + i);
            String accountId = Draw.id(rng, 'u');
            long startAt = switch (kind) {
                case ORDINARY -> scenario.start().toEpochMilli();
                case MIGRATION -> PhoneMigration.startAt(scenario, rng);
                case NEWCOMER -> Newcomers.startAt(scenario, rng);
                default -> SpamCampaigns.startAt(scenario, rng);
            };
            queue.add(new Entry(firstAccount + i, kind, accountId, startAt, rng));
        }
        return firstAccount + accounts;
    }

    private AccountScript script(Entry entry) {
        return switch (entry.kind) {
            case ORDINARY -> OrdinaryLife.script(entry.accountId, scenario, entry.rng);
            case MIGRATION -> PhoneMigration.script(entry.accountId, entry.time, scenario, entry.rng);
            case FRIEND_ADD_FLOOD -> SpamCampaigns.friendAddFlood(entry.accountId, entry.time, scenario, entry.rng);
            case PURCHASED_LIST -> SpamCampaigns.purchasedList(entry.accountId, entry.time, scenario, entry.rng);
            case LOW_AND_SLOW -> SpamCampaigns.lowAndSlow(entry.accountId, entry.time, scenario, entry.rng);
            case CHATROOM_FLOOD -> SpamCampaigns.chatroomFlood(entry.accountId, entry.time, scenario, entry.rng);
            case NEWCOMER -> Newcomers.script(entry.accountId, entry.time, scenario, entry.rng);
        };
    }

    /** Finds the next event, starting accounts whose time has come; events after the scenario's end never happen. */
    private void advance() {
        next = null;
        while (next == null && !queue.isEmpty()) {
            Entry entry = queue.poll();
            if (entry.script == null) {
                entry.script = script(entry);
                labels.accept(entry.script.label());
            } else {
                SimEvent event = entry.script.events().get(entry.position);
                if (event.occurredAt() < end) {
                    next = event;
                    nextLabel = entry.script.label();
                }
            }
            entry.position++;
            if (entry.position < entry.script.events().size()) {
                entry.time = Math.max(entry.time, entry.script.events().get(entry.position).occurredAt());
                queue.add(entry);
            }
        }
    }

    @Override
    public boolean hasNext() {
        return next != null;
    }

    @Override
    public SimEvent next() {
        if (next == null) {
            throw new NoSuchElementException();
        }
        SimEvent event = next;
        lastLabel = nextLabel;
        advance();
        return event;
    }

    /** The ground truth of the account whose event {@link #next()} returned last. */
    public AccountLabel lastLabel() {
        return lastLabel;
    }
}
