package io.accountshield.sim.demo;

import io.accountshield.streams.config.AppConfig;
import io.accountshield.streams.config.ConfigSources;
import io.accountshield.streams.rules.RuleCatalog;
import io.accountshield.streams.rules.RuleParameters;
import io.accountshield.streams.time.TimeSettings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The application's time settings divided by the simulator's speed, so that a compressed scenario
 * meets the rules it would meet in real time: at speed 720 a 24-hour quiet period lasts two
 * minutes and a 5-minute burst window 417 ms. Windows stay whole numbers of (scaled) buckets.
 *
 * <p>The guard's window and baseline are not scaled: they are whole minutes, and its ten minutes
 * of the scenario last under a second at speed 720. At that speed its window spans the demo's whole
 * run, so {@code guard.min-protections} caps what a rule version protects per task over the run.
 */
final class DemoTiming {

    /** The least grace a compressed run keeps: the jitter of delivery does not shrink with the clock. */
    static final Duration MIN_GRACE = Duration.ofSeconds(2);

    /** The least idle time before a compressed run's partition counts as read to its end. */
    static final Duration MIN_IDLE_PARTITION = Duration.ofSeconds(5);

    private DemoTiming() {
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    static Map<String, String> scaled(AppConfig base, double speed) {
        TimeSettings time = base.time();
        Map<String, String> settings = new LinkedHashMap<>();
        Duration burstBucket = scale(time.burstBucket(), speed);
        Duration sustainedBucket = scale(time.sustainedBucket(), speed);
        settings.put(AppConfig.TIME_BURST_BUCKET, burstBucket.toString());
        settings.put(AppConfig.TIME_SUSTAINED_BUCKET, sustainedBucket.toString());
        // Out-of-order arrival is real time, not scenario time: records of the four input topics reach a task in
        // separate fetches, so a grace scaled to milliseconds would skip ordinary events as late.
        settings.put(AppConfig.TIME_GRACE, max(scale(time.grace(), speed), MIN_GRACE).toString());
        settings.put(AppConfig.TIME_RELEASE_CHECK_INTERVAL, scale(time.releaseCheckInterval(), speed).toString());
        // Idleness is real time too: a partition between two fetches is not idle.
        settings.put(AppConfig.TIME_IDLE_PARTITION, max(scale(time.idlePartition(), speed), MIN_IDLE_PARTITION).toString());
        settings.put(AppConfig.TIME_MAX_RELEASE_HOLD, scale(time.maxReleaseHold(), speed).toString());
        settings.put(AppConfig.PROTECTION_QUIET_PERIOD, scale(time.quietPeriod(), speed).toString());
        settings.put(AppConfig.PROTECTION_REPEAT_QUIET_PERIODS, String.join(",",
                time.repeatQuietPeriods().stream().map(step -> scale(step, speed).toString()).toList()));
        settings.put(AppConfig.PROTECTION_WATCH_PERIOD, scale(time.watchPeriod(), speed).toString());
        // The simulator maps event times into compressed time but keeps account ages as they are (accountCreatedAt is
        // the mapped registration time minus the real age), so only the time since a new device is scaled.
        settings.put(AppConfig.CONTACT_SYNC_NEW_DEVICE_WINDOW, scale(base.contactSyncPolicy().newDeviceWindow(), speed).toString());
        settings.put(AppConfig.PROTECTION_HISTORY_RETENTION, scale(base.historyRetention(), speed).toString());
        for (RuleCatalog.RuleDefault rule : RuleCatalog.DEFAULTS) {
            RuleParameters parameters = base.rule(rule.id());
            switch (rule.tier()) {
                case BURST -> window(settings, parameters, burstBucket, speed);
                case SUSTAINED -> window(settings, parameters, sustainedBucket, speed);
                case REPORTS -> settings.put("rule." + rule.id() + ".window", scale(parameters.window(), speed).toString());
            }
        }
        return settings;
    }

    private static void window(Map<String, String> settings, RuleParameters rule, Duration bucket, double speed) {
        long buckets = Math.max(1, Math.round(rule.window().toMillis() / speed / bucket.toMillis()));
        settings.put("rule." + rule.id() + ".window", bucket.multipliedBy(buckets).toString());
    }

    /**
     * The scaled settings as a compose env file (APP_ variables), so that the compose stack, whose
     * simulator runs at the same speed, meets the rules the demo does. ComposeTimingTest holds
     * deploy/compose/demo-timing.env equal to this text.
     */
    static String environmentFile(AppConfig base, double speed) {
        StringBuilder file = new StringBuilder()
                .append("# Generated from DemoTiming.scaled(AppConfig.defaults(), ").append(formatSpeed(speed)).append("): the demo's time settings,\n")
                .append("# every duration of the pipeline divided by the simulator's --speed. Do not edit by hand:\n")
                .append("# ComposeTimingTest (producer-sim) fails when this file differs and prints the text to put here.\n");
        scaled(base, speed).forEach((name, value) -> file.append(ConfigSources.appVariable(name)).append('=').append(value).append('\n'));
        return file.toString();
    }

    private static String formatSpeed(double speed) {
        return speed == Math.rint(speed) ? String.valueOf((long) speed) : String.valueOf(speed);
    }

    static Duration scale(Duration duration, double speed) {
        return Duration.ofMillis(Math.max(1, Math.round(duration.toMillis() / speed)));
    }
}
