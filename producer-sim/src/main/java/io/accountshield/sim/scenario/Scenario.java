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
            double strayReportsPerDay) {
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
            Range resyncDelayMinutes) {
    }

    /** The abuse the rules exist to catch. */
    public record Campaigns(
            FriendAddFlood friendAddFlood,
            PurchasedList purchasedList,
            LowAndSlow lowAndSlow,
            ChatroomFlood chatroomFlood) {
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
