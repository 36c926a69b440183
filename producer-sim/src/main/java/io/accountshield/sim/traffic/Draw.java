package io.accountshield.sim.traffic;

import io.accountshield.sim.scenario.Scenario;
import io.accountshield.sim.scenario.Scenario.AddressBookDistribution;
import io.accountshield.sim.scenario.Scenario.Range;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** The random draws the populations are made of, all from one generator per account. */
final class Draw {

    static final long SECOND = 1_000;
    static final long MINUTE = 60 * SECOND;
    static final long HOUR = 60 * MINUTE;
    static final long DAY = 24 * HOUR;
    /** Set in every id's number, so that its text always has 16 hex digits, the first not 0. */
    private static final long ID_LEADING_BIT = 1L << 60;
    private static final int ID_DIGITS = 16;

    private Draw() {
    }

    static long uniform(SplittableRandom rng, Range range) {
        return range.min() == range.max() ? range.min() : rng.nextLong(range.min(), range.max() + 1);
    }

    /** A start anywhere in the scenario but its last {@code latestBeforeEnd} milliseconds (at its start when it is shorter). */
    static long startBefore(Scenario scenario, long latestBeforeEnd, SplittableRandom rng) {
        long from = scenario.start().toEpochMilli();
        return uniform(rng, from, Math.max(from, scenario.end().toEpochMilli() - latestBeforeEnd));
    }

    static long uniform(SplittableRandom rng, long min, long max) {
        return min >= max ? min : rng.nextLong(min, max + 1);
    }

    static boolean chance(SplittableRandom rng, double probability) {
        return rng.nextDouble() < probability;
    }

    /** Log-normal with the given median: half the draws fall below it; sigma widens the tail. */
    static double logNormal(SplittableRandom rng, double median, double sigma) {
        return Math.exp(Math.log(median) + sigma * rng.nextGaussian());
    }

    /**
     * Pareto with the given median and shape: as many draws below the median as above, but the big
     * ones far bigger than a log-normal's; the smaller the shape, the heavier the tail.
     */
    static double pareto(SplittableRandom rng, double median, double shape) {
        double scale = median / Math.pow(2, 1 / shape);
        return scale / Math.pow(1 - rng.nextDouble(), 1 / shape);
    }

    /** An address book's size: log-normal ({@code sigma} wide) or Pareto ({@code paretoShape}) around the median, from 1 to {@code cap}. */
    static int addressBookSize(SplittableRandom rng, AddressBookDistribution distribution, double median, double sigma,
                               double paretoShape, long cap) {
        double size = switch (distribution) {
            case logNormal -> logNormal(rng, median, sigma);
            case pareto -> pareto(rng, median, paretoShape);
        };
        return (int) Math.max(1, Math.min(cap, Math.round(size)));
    }

    /** A log-normal factor whose mean is 1: multiplied into a rate, it spreads the rate over people and keeps its mean. */
    static double logNormalFactor(SplittableRandom rng, double sigma) {
        return Math.exp(sigma * rng.nextGaussian() - sigma * sigma / 2);
    }

    /** Times of a Poisson process with {@code perDay} events a day on average, in [from, to). */
    static List<Long> poissonTimes(SplittableRandom rng, double perDay, long from, long to) {
        List<Long> times = new ArrayList<>();
        if (perDay <= 0) {
            return times;
        }
        double meanGap = DAY / perDay;
        double t = from + rng.nextExponential() * meanGap;
        while (t < to) {
            times.add((long) t);
            t += rng.nextExponential() * meanGap;
        }
        return times;
    }

    /** An opaque id: nothing in it says which population the account belongs to. */
    static String id(SplittableRandom rng, char prefix) {
        return idText(prefix, rng.nextLong() | ID_LEADING_BIT);
    }

    /** The text of the id {@link #id} made from {@code number}. */
    static String idText(char prefix, long number) {
        return prefix + Long.toHexString(number);
    }

    /**
     * True when {@code text} has {@link #id}'s form, a prefix and 16 lower-case hex digits, the first
     * not 0: {@link #idText} of its prefix and {@link #idNumber} gives it back exactly.
     */
    static boolean isIdText(String text) {
        if (text.length() != 1 + ID_DIGITS || text.charAt(1) == '0') {
            return false;
        }
        for (int i = 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    /** The number of an id of {@link #id}'s form. */
    static long idNumber(String text) {
        return Long.parseUnsignedLong(text, 1, text.length(), 16);
    }
}
