package io.accountshield.sim.scenario;

import io.accountshield.sim.scenario.Scenario.Range;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The checks the schema of a scenario cannot express: counts, ratios, ranges and durations that make sense. */
final class ScenarioValidator {

    /**
     * The latest an event may arrive: late events are the disorder the pipeline's grace period
     * ({@code time.grace}, a minute by default) absorbs, not events it should skip as too late.
     */
    static final long MAX_DISORDER_MILLIS = 30_000;

    /** A log-normal wider than this spreads rates over more than a thousandfold between the 5th and 95th percentile. */
    private static final double MAX_SIGMA = 3;

    /** Pareto shapes outside this span are a typo: below, nearly every book is at the cap; above, the tail is gone. */
    private static final double MIN_PARETO_SHAPE = 0.5;
    private static final double MAX_PARETO_SHAPE = 10;

    /**
     * A newcomer's account is created minutes before its first device registration; a day and more
     * is an account that was made elsewhere and only now logs in, which is not what the population is.
     */
    static final long MAX_NEWCOMER_ACCOUNT_AGE_MINUTES = 24 * 60;

    private final List<String> problems = new ArrayList<>();

    private ScenarioValidator() {
    }

    static void validate(Scenario s, String source) {
        ScenarioValidator v = new ScenarioValidator();
        v.present("start", s.start());
        v.positive("duration", s.duration());
        if (v.present("ordinary", s.ordinary())) {
            Scenario.Ordinary o = s.ordinary();
            v.count("ordinary.accounts", o.accounts());
            v.rate("ordinary.friendAddsPerDay", o.friendAddsPerDay());
            v.ratio("ordinary.mutualRatio", o.mutualRatio());
            v.rate("ordinary.chatroomsPerDay", o.chatroomsPerDay());
            v.rate("ordinary.flurriesPerDay", o.flurriesPerDay());
            v.range("ordinary.flurryChatrooms", o.flurryChatrooms(), 1);
            v.rate("ordinary.strayReportsPerDay", o.strayReportsPerDay());
            v.present("ordinary.friendAddRate", o.friendAddRate());
            v.between("ordinary.friendAddRateSigma", o.friendAddRateSigma(), 0, MAX_SIGMA);
            if (v.present("ordinary.powerUsers", o.powerUsers())) {
                Scenario.PowerUsers p = o.powerUsers();
                v.ratio("ordinary.powerUsers.share", p.share());
                v.range("ordinary.powerUsers.addsPerDay", p.addsPerDay(), 0);
                v.ratio("ordinary.powerUsers.meetupShare", p.meetupShare());
                v.rate("ordinary.powerUsers.meetupsPerDay", p.meetupsPerDay());
                if (p.meetupShare() > 0 && p.meetupsPerDay() == 0) {
                    v.problems.add("ordinary.powerUsers.meetupsPerDay must be above 0 when meetupShare is (" + p.meetupShare() + ")");
                }
                v.range("ordinary.powerUsers.meetupMinutes", p.meetupMinutes(), 1);
                v.ratio("ordinary.powerUsers.meetupMutualRatio", p.meetupMutualRatio());
            }
        }
        if (v.present("migrations", s.migrations())) {
            Scenario.Migrations m = s.migrations();
            v.count("migrations.accounts", m.accounts());
            v.atLeast("migrations.addressBookMedian", m.addressBookMedian(), 1);
            v.rate("migrations.addressBookSigma", m.addressBookSigma());
            v.ratio("migrations.businessShare", m.businessShare());
            v.range("migrations.businessAddressBook", m.businessAddressBook(), 1);
            v.ratio("migrations.mutualRatio", m.mutualRatio());
            v.range("migrations.addSpacingMillis", m.addSpacingMillis(), 0);
            v.ratio("migrations.resyncProbability", m.resyncProbability());
            v.range("migrations.accountAgeDays", m.accountAgeDays(), 0);
            v.rate("migrations.friendAddsPerDayAfter", m.friendAddsPerDayAfter());
            v.ratio("migrations.sparseBookShare", m.sparseBookShare());
            v.percentRange("migrations.sparseBookMutualPercent", m.sparseBookMutualPercent());
            v.ratio("migrations.strayReportShare", m.strayReportShare());
            v.ratio("migrations.businessStrayReportShare", m.businessStrayReportShare());
            v.present("migrations.addressBookDistribution", m.addressBookDistribution());
            v.between("migrations.addressBookParetoShape", m.addressBookParetoShape(), MIN_PARETO_SHAPE, MAX_PARETO_SHAPE);
            v.range("migrations.resyncDelayMinutes", m.resyncDelayMinutes(), 1);
        }
        if (v.present("newcomers", s.newcomers())) {
            Scenario.Newcomers n = s.newcomers();
            v.count("newcomers.accounts", n.accounts());
            v.range("newcomers.accountAgeMinutes", n.accountAgeMinutes(), 0);
            if (n.accountAgeMinutes() != null && n.accountAgeMinutes().max() > MAX_NEWCOMER_ACCOUNT_AGE_MINUTES) {
                v.problems.add("newcomers.accountAgeMinutes.max must be at most " + MAX_NEWCOMER_ACCOUNT_AGE_MINUTES
                        + " (a day: a newcomer's account is created minutes before its first device registration), was "
                        + n.accountAgeMinutes().max());
            }
            v.ratio("newcomers.noSyncShare", n.noSyncShare());
            v.atLeast("newcomers.addressBookMedian", n.addressBookMedian(), 1);
            v.present("newcomers.addressBookDistribution", n.addressBookDistribution());
            v.between("newcomers.addressBookSigma", n.addressBookSigma(), 0, MAX_SIGMA);
            v.between("newcomers.addressBookParetoShape", n.addressBookParetoShape(), MIN_PARETO_SHAPE, MAX_PARETO_SHAPE);
            v.ratio("newcomers.mutualRatio", n.mutualRatio());
            v.ratio("newcomers.sparseBookShare", n.sparseBookShare());
            v.percentRange("newcomers.sparseBookMutualPercent", n.sparseBookMutualPercent());
            v.range("newcomers.addSpacingMillis", n.addSpacingMillis(), 0);
            v.range("newcomers.recommendationDelayMinutes", n.recommendationDelayMinutes(), 0);
            v.range("newcomers.recommendationAdds", n.recommendationAdds(), 0);
            v.range("newcomers.recommendationMinutes", n.recommendationMinutes(), 1);
            v.ratio("newcomers.recommendationMutualRatio", n.recommendationMutualRatio());
            v.ratio("newcomers.lookupShare", n.lookupShare());
            v.rate("newcomers.friendAddsPerDayAfter", n.friendAddsPerDayAfter());
        }
        if (v.present("contactSync", s.contactSync())) {
            Scenario.ContactSync c = s.contactSync();
            v.present("contactSync.spacing", c.spacing());
            v.range("contactSync.batchSize", c.batchSize(), 1);
            v.range("contactSync.batchPauseMillis", c.batchPauseMillis(), 0);
        }
        if (v.present("campaigns", s.campaigns())) {
            Scenario.Campaigns c = s.campaigns();
            if (v.present("campaigns.pace", c.pace())) {
                Scenario.Pace p = c.pace();
                v.present("campaigns.pace.shape", p.shape());
                v.range("campaigns.pace.onMinutes", p.onMinutes(), 1);
                v.range("campaigns.pace.offMinutes", p.offMinutes(), 0);
                v.ratio("campaigns.pace.diurnalAmplitude", p.diurnalAmplitude());
                v.between("campaigns.pace.diurnalPeakHour", p.diurnalPeakHour(), 0, 23);
            }
            if (v.present("campaigns.friendAddFlood", c.friendAddFlood())) {
                Scenario.FriendAddFlood f = c.friendAddFlood();
                v.count("campaigns.friendAddFlood.accounts", f.accounts());
                v.range("campaigns.friendAddFlood.adds", f.adds(), 1);
                v.range("campaigns.friendAddFlood.addsPerMinute", f.addsPerMinute(), 1);
                v.ratio("campaigns.friendAddFlood.mutualRatio", f.mutualRatio());
                v.range("campaigns.friendAddFlood.chatroomsAfter", f.chatroomsAfter(), 0);
                v.range("campaigns.friendAddFlood.chatroomMembers", f.chatroomMembers(), 2);
                v.range("campaigns.friendAddFlood.accountAgeDays", f.accountAgeDays(), 0);
            }
            if (v.present("campaigns.purchasedList", c.purchasedList())) {
                Scenario.PurchasedList p = c.purchasedList();
                v.count("campaigns.purchasedList.accounts", p.accounts());
                v.range("campaigns.purchasedList.listSize", p.listSize(), 1);
                v.ratio("campaigns.purchasedList.mutualRatio", p.mutualRatio());
                v.range("campaigns.purchasedList.addSpacingMillis", p.addSpacingMillis(), 0);
                v.range("campaigns.purchasedList.accountAgeDays", p.accountAgeDays(), 0);
            }
            if (v.present("campaigns.lowAndSlow", c.lowAndSlow())) {
                Scenario.LowAndSlow l = c.lowAndSlow();
                v.count("campaigns.lowAndSlow.accounts", l.accounts());
                v.range("campaigns.lowAndSlow.addsPerHour", l.addsPerHour(), 1);
                v.range("campaigns.lowAndSlow.durationHours", l.durationHours(), 1);
                v.ratio("campaigns.lowAndSlow.mutualRatio", l.mutualRatio());
                v.range("campaigns.lowAndSlow.accountAgeDays", l.accountAgeDays(), 0);
            }
            if (v.present("campaigns.chatroomFlood", c.chatroomFlood())) {
                Scenario.ChatroomFlood f = c.chatroomFlood();
                v.count("campaigns.chatroomFlood.accounts", f.accounts());
                v.range("campaigns.chatroomFlood.chatroomsPerHour", f.chatroomsPerHour(), 1);
                v.range("campaigns.chatroomFlood.durationHours", f.durationHours(), 1);
                v.range("campaigns.chatroomFlood.chatroomMembers", f.chatroomMembers(), 2);
                v.range("campaigns.chatroomFlood.accountAgeDays", f.accountAgeDays(), 0);
            }
        }
        if (v.present("reports", s.reports())) {
            Scenario.Reports r = s.reports();
            v.ratio("reports.reportedShare", r.reportedShare());
            v.range("reports.reporters", r.reporters(), 1);
            v.positive("reports.lagMin", r.lagMin());
            v.positive("reports.lagMax", r.lagMax());
            if (r.lagMin() != null && r.lagMax() != null && r.lagMin().compareTo(r.lagMax()) > 0) {
                v.problems.add("reports.lagMin (" + r.lagMin() + ") is longer than reports.lagMax (" + r.lagMax() + ")");
            }
        }
        if (v.present("delivery", s.delivery())) {
            Scenario.Delivery d = s.delivery();
            v.ratio("delivery.disorderShare", d.disorderShare());
            if (d.maxDisorderMillis() < 0 || d.maxDisorderMillis() > MAX_DISORDER_MILLIS) {
                v.problems.add("delivery.maxDisorderMillis must be between 0 and " + MAX_DISORDER_MILLIS
                        + " (30 s, well inside the application's grace period, time.grace), was " + d.maxDisorderMillis());
            }
        }
        if (!v.problems.isEmpty()) {
            throw new ScenarioException(source + ": " + String.join("; ", v.problems));
        }
    }

    private boolean present(String path, Object value) {
        if (value == null) {
            problems.add(path + " is missing");
            return false;
        }
        return true;
    }

    private void count(String path, long value) {
        if (value < 0) {
            problems.add(path + " must not be negative, was " + value);
        }
    }

    private void rate(String path, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            problems.add(path + " must be a number 0 or more, was " + value);
        }
    }

    private void atLeast(String path, double value, double min) {
        if (!(value >= min)) {
            problems.add(path + " must be at least " + min + ", was " + value);
        }
    }

    private void between(String path, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            problems.add(path + " must be between " + number(min) + " and " + number(max) + ", was " + number(value));
        }
    }

    /** 23 rather than 23.0, so that a whole-number field reads as it was written. */
    private static String number(double value) {
        return value == Math.rint(value) && !Double.isInfinite(value) ? String.valueOf((long) value) : String.valueOf(value);
    }

    private void ratio(String path, double value) {
        if (!(value >= 0 && value <= 1)) {
            problems.add(path + " must be between 0 and 1, was " + value);
        }
    }

    private void range(String path, Range range, long lowest) {
        if (!present(path, range)) {
            return;
        }
        if (range.min() < lowest) {
            problems.add(path + ".min must be at least " + lowest + ", was " + range.min());
        }
        if (range.min() > range.max()) {
            problems.add(path + ": min (" + range.min() + ") is greater than max (" + range.max() + ")");
        }
    }

    private void percentRange(String path, Range range) {
        range(path, range, 0);
        if (range != null && range.max() > 100) {
            problems.add(path + ".max must be at most 100, was " + range.max());
        }
    }

    private void positive(String path, Duration duration) {
        if (present(path, duration) && (duration.isZero() || duration.isNegative())) {
            problems.add(path + " must be a positive duration, was " + duration);
        }
    }
}
