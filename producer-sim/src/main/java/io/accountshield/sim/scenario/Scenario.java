package io.accountshield.sim.scenario;

import java.time.Duration;
import java.time.Instant;

/**
 * What to simulate: who the accounts are, how they behave, and over what span of time. Read from
 * YAML or JSON ({@link ScenarioLoader}); {@code scenarios/default.yaml} documents every field.
 */
public record Scenario(
        long seed,
        Instant start,
        Duration duration,
        Ordinary ordinary,
        Migrations migrations,
        Newcomers newcomers,
        ContactSync contactSync,
        Campaigns campaigns,
        Reports reports,
        Delivery delivery) {

    /** People using the messenger as people do. */
    public record Ordinary(
            int accounts,
            double friendAddsPerDay,
            double mutualRatio,
            double chatroomsPerDay,
            double flurriesPerDay,
            Range flurryChatrooms,
            double strayReportsPerDay,
            FriendAddRate friendAddRate,
            double friendAddRateSigma,
            PowerUsers powerUsers) {
    }

    /** How ordinary people's friend-add rates differ from one person to the next. */
    public enum FriendAddRate {
        /** Everyone at {@code friendAddsPerDay} on average. */
        same,
        /** Each person's own rate, log-normal with {@code friendAddsPerDay} as its mean: most add fewer, a few many more. */
        heavyTailed
    }

    /**
     * Ordinary people who add many: organisers, salespeople, people at a conference. Part of their
     * adds come by QR code at meetups, many within an hour or two, from people they have just met.
     */
    public record PowerUsers(
            double share,
            Range addsPerDay,
            double meetupShare,
            double meetupsPerDay,
            Range meetupMinutes,
            double meetupMutualRatio) {
    }

    /** People moving to a new phone: a device registration, then their whole address book synced. */
    public record Migrations(
            int accounts,
            double addressBookMedian,
            double addressBookSigma,
            double businessShare,
            Range businessAddressBook,
            double mutualRatio,
            Range addSpacingMillis,
            double resyncProbability,
            Range accountAgeDays,
            double friendAddsPerDayAfter,
            double sparseBookShare,
            Range sparseBookMutualPercent,
            double strayReportShare,
            double businessStrayReportShare,
            AddressBookDistribution addressBookDistribution,
            double addressBookParetoShape,
            Range resyncDelayMinutes) {
    }

    /**
     * People joining the messenger during the scenario: an account minutes old registers its first
     * device, syncs its address book (unless it denied the permission) and, within the hour or so,
     * works through "people you may know", most of whom do not have its number yet; then everyday life.
     */
    public record Newcomers(
            int accounts,
            Range accountAgeMinutes,
            double noSyncShare,
            double addressBookMedian,
            AddressBookDistribution addressBookDistribution,
            double addressBookSigma,
            double addressBookParetoShape,
            double mutualRatio,
            double sparseBookShare,
            Range sparseBookMutualPercent,
            Range addSpacingMillis,
            Range recommendationDelayMinutes,
            Range recommendationAdds,
            Range recommendationMinutes,
            double recommendationMutualRatio,
            double lookupShare,
            double friendAddsPerDayAfter) {
    }

    /** How personal address-book sizes spread around their median. */
    public enum AddressBookDistribution {
        /** Log-normal, {@code addressBookSigma} wide. */
        logNormal,
        /** Pareto with the same median, shape {@code addressBookParetoShape}: a heavier tail of big books. */
        pareto
    }

    /**
     * How the messenger's client uploads a synced address book, the same for a migration and a
     * purchased list: the spacing each population draws its gaps from is its own {@code addSpacingMillis}.
     */
    public record ContactSync(
            SyncSpacing spacing,
            Range batchSize,
            Range batchPauseMillis) {
    }

    /** The gaps between one contact-sync add and the next. */
    public enum SyncSpacing {
        /** Each gap drawn uniformly from {@code addSpacingMillis}. */
        uniform,
        /** Batches of {@code batchSize} adds with exponential gaps of {@code addSpacingMillis}' mean, a pause between batches. */
        bursty
    }

    /** The abuse the rules exist to catch. */
    public record Campaigns(
            FriendAddFlood friendAddFlood,
            PurchasedList purchasedList,
            LowAndSlow lowAndSlow,
            ChatroomFlood chatroomFlood,
            Pace pace) {
    }

    /**
     * How a campaign spreads its work over time. Its rates and durations are those of its working
     * time; pauses stretch it out, so a campaign does as much in any shape.
     */
    public record Pace(
            PaceShape shape,
            Range onMinutes,
            Range offMinutes,
            double diurnalAmplitude,
            int diurnalPeakHour) {
    }

    /** The shapes of a campaign's pace. */
    public enum PaceShape {
        /** At its drawn rate throughout, exponential gaps between events. */
        constant,
        /** Working for {@code onMinutes}, pausing for {@code offMinutes}, and again. */
        onOff,
        /** Busier by day than by night: the rate swings by {@code diurnalAmplitude} around its mean, highest at {@code diurnalPeakHour} (UTC). */
        diurnal
    }

    /** Adds by ID search or phone number with almost no mutual contacts, then chatrooms full of strangers. */
    public record FriendAddFlood(
            int accounts,
            Range adds,
            Range addsPerMinute,
            double mutualRatio,
            Range chatroomsAfter,
            Range chatroomMembers,
            Range accountAgeDays) {
    }

    /** A fresh account logs in and uploads a purchased number list through contact sync. */
    public record PurchasedList(
            int accounts,
            Range listSize,
            double mutualRatio,
            Range addSpacingMillis,
            Range accountAgeDays) {
    }

    /** Adds kept under any burst threshold, for a day or more. */
    public record LowAndSlow(
            int accounts,
            Range addsPerHour,
            Range durationHours,
            double mutualRatio,
            Range accountAgeDays) {
    }

    /** Chatrooms full of strangers, without friend-adds. */
    public record ChatroomFlood(
            int accounts,
            Range chatroomsPerHour,
            Range durationHours,
            Range chatroomMembers,
            Range accountAgeDays) {
    }

    /** Victims who report a campaign, some of them, with a lag. */
    public record Reports(
            double reportedShare,
            Range reporters,
            Duration lagMin,
            Duration lagMax) {
    }

    /**
     * The order events reach the pipeline in: a share of them late by up to a few seconds (other
     * devices, sources and partitions), each keeping the time it happened.
     */
    public record Delivery(
            double disorderShare,
            long maxDisorderMillis) {
    }

    /** An inclusive range of whole numbers, drawn uniformly. */
    public record Range(long min, long max) {
    }

    public Instant end() {
        return start.plus(duration);
    }
}
