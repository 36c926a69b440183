package io.accountshield.streams.score;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the pipeline's decisions compare with the ground truth: per population and spam kind (and the
 * migrations' business tail and the ordinary users' newcomers apart), how many accounts were
 * protected, how fast campaigns were caught, whether any spam account was released before the quiet
 * period after its campaign's last event, and how many protections are still open.
 */
public final class Scorecard {

    /** One row: a population or spam kind. */
    public record Row(
            String group,
            int accounts,
            int protectedAccounts,
            Long detectP50Millis,
            Long detectP95Millis,
            int releasedEarly,
            int stillOpen,
            int watchedAccounts) {

        /** Recall for spam, false-positive rate for everyone else. */
        public double protectedShare() {
            return accounts == 0 ? 0 : (double) protectedAccounts / accounts;
        }
    }

    /** The rows in a fixed order, and decisions about accounts the labels do not know. */
    public record Result(List<Row> rows, int unlabelledAccounts) {
        public Row row(String group) {
            return rows.stream().filter(r -> r.group().equals(group)).findFirst().orElse(null);
        }
    }

    public static final String SPAM_ALL = "spam (all kinds)";
    public static final String MIGRATIONS_ALL = "migrations (all)";
    public static final String MIGRATIONS_BUSINESS = "migrations (business tail)";
    /** Every ordinary user, newcomers included: the target is that none is protected. */
    public static final String ORDINARY = "ordinary users";
    /** The ordinary users who joined during the scenario, also counted in {@link #ORDINARY}, as the business tail is in the migrations. */
    public static final String ORDINARY_NEWCOMERS = "ordinary users (newcomers)";

    /** The spam kinds, in the order of their rows. */
    public static final List<String> SPAM_KINDS = List.of(AccountLabel.FRIEND_ADD_FLOOD, AccountLabel.PURCHASED_LIST,
            AccountLabel.LOW_AND_SLOW, AccountLabel.CHATROOM_FLOOD);

    private Scorecard() {
    }

    /** The row of one spam kind, such as {@code spam: purchased-list}. */
    public static String spamGroup(String kind) {
        return "spam: " + kind;
    }

    /** @param quietPeriod the pipeline's quiet period: a spam account released sooner than this after its campaign ended was released early */
    public static Result score(Collection<AccountLabel> labels, List<Decision> decisions, Duration quietPeriod) {
        Map<String, List<Decision>> byAccount = new HashMap<>();
        for (Decision decision : decisions) {
            byAccount.computeIfAbsent(decision.accountId(), a -> new ArrayList<>()).add(decision);
        }
        Map<String, List<AccountLabel>> groups = new LinkedHashMap<>();
        for (String kind : SPAM_KINDS) {
            groups.put(spamGroup(kind), new ArrayList<>());
        }
        groups.put(SPAM_ALL, new ArrayList<>());
        groups.put(MIGRATIONS_ALL, new ArrayList<>());
        groups.put(MIGRATIONS_BUSINESS, new ArrayList<>());
        groups.put(ORDINARY, new ArrayList<>());
        groups.put(ORDINARY_NEWCOMERS, new ArrayList<>());
        int labelled = 0;
        for (AccountLabel label : labels) {
            switch (label.population()) {
                case AccountLabel.SPAM -> {
                    groups.computeIfAbsent(spamGroup(label.kind()), g -> new ArrayList<>()).add(label);
                    groups.get(SPAM_ALL).add(label);
                }
                case AccountLabel.MIGRATION -> {
                    groups.get(MIGRATIONS_ALL).add(label);
                    if (AccountLabel.BUSINESS.equals(label.kind())) {
                        groups.get(MIGRATIONS_BUSINESS).add(label);
                    }
                }
                default -> {
                    groups.get(ORDINARY).add(label);
                    if (AccountLabel.NEWCOMER.equals(label.kind())) {
                        groups.get(ORDINARY_NEWCOMERS).add(label);
                    }
                }
            }
            if (byAccount.containsKey(label.accountId())) {
                labelled++;
            }
        }
        List<Row> rows = new ArrayList<>();
        groups.forEach((group, members) -> rows.add(row(group, members, byAccount, quietPeriod.toMillis())));
        return new Result(rows, byAccount.size() - labelled);
    }

    private static Row row(String group, List<AccountLabel> members, Map<String, List<Decision>> byAccount, long quietMillis) {
        int protectedAccounts = 0;
        int releasedEarly = 0;
        int stillOpen = 0;
        int watched = 0;
        List<Long> detectMillis = new ArrayList<>();
        for (AccountLabel label : members) {
            List<Decision> decisions = byAccount.getOrDefault(label.accountId(), List.of());
            if (decisions.stream().anyMatch(d -> d.type() == Decision.Type.WATCHED)) {
                watched++;
            }
            long applied = decisions.stream().filter(d -> d.type() == Decision.Type.APPLIED).count();
            long released = decisions.stream().filter(d -> d.type() == Decision.Type.RELEASED).count();
            if (applied == 0) {
                continue;
            }
            protectedAccounts++;
            if (applied > released) {
                stillOpen++;
            }
            if (AccountLabel.SPAM.equals(label.population())) {
                long firstApplied = decisions.stream().filter(d -> d.type() == Decision.Type.APPLIED)
                        .mapToLong(Decision::at).min().orElseThrow();
                detectMillis.add(Math.max(0, firstApplied - label.campaignStart()));
                long earliestAllowed = label.campaignEnd() + quietMillis;
                if (decisions.stream().anyMatch(d -> d.type() == Decision.Type.RELEASED && d.at() < earliestAllowed)) {
                    releasedEarly++;
                }
            }
        }
        detectMillis.sort(null);
        return new Row(group, members.size(), protectedAccounts, percentile(detectMillis, 50), percentile(detectMillis, 95),
                releasedEarly, stillOpen, watched);
    }

    /** Nearest-rank percentile; null when there is nothing to rank. */
    static Long percentile(List<Long> sorted, int percent) {
        if (sorted.isEmpty()) {
            return null;
        }
        int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }
}
