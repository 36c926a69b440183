package io.accountshield.sim.traffic;

import static io.accountshield.sim.traffic.Draw.DAY;
import static io.accountshield.sim.traffic.Draw.HOUR;
import static io.accountshield.sim.traffic.Draw.MINUTE;
import static io.accountshield.sim.traffic.Draw.uniform;

import io.accountshield.sim.scenario.Scenario;
import java.util.SplittableRandom;

/**
 * A campaign's clock: from its working time to the time on the wall. A campaign is generated in
 * working time (its start plus how long it has worked, at its own rate), and its pace decides when
 * that work happens: all at once ({@code constant}), in bouts with pauses between them ({@code onOff}),
 * or more by day than by night ({@code diurnal}). Either way the campaign does as much work; only
 * its spread over the day changes.
 *
 * <p>Times are asked for in order, never earlier than the last one asked.
 */
abstract sealed class CampaignPace {

    /** @param rng the campaign's generator; a constant pace draws nothing from it, so its traffic is what it was before paces existed */
    static CampaignPace of(Scenario.Pace pace, long start, SplittableRandom rng) {
        return switch (pace.shape()) {
            case constant -> new Constant();
            case onOff -> new OnOff(pace, start, rng.split());
            case diurnal -> new Diurnal(pace, start);
        };
    }

    /** @param workedUntil the campaign's start plus the working time so far */
    abstract long at(double workedUntil);

    /** Working time is wall time. */
    static final class Constant extends CampaignPace {
        @Override
        long at(double workedUntil) {
            return (long) workedUntil;
        }
    }

    /** Bouts of {@code onMinutes} of work, each followed by a pause of {@code offMinutes}. */
    static final class OnOff extends CampaignPace {
        private final Scenario.Pace pace;
        private final long start;
        private final SplittableRandom rng;
        /** The current bout: how much work came before it, when it began on the wall, how long it lasts. */
        private long workedBefore;
        private long boutStart;
        private long boutLength;

        OnOff(Scenario.Pace pace, long start, SplittableRandom rng) {
            this.pace = pace;
            this.start = start;
            this.rng = rng;
            this.boutStart = start;
            this.boutLength = uniform(rng, pace.onMinutes()) * MINUTE;
        }

        @Override
        long at(double workedUntil) {
            double worked = workedUntil - start;
            while (worked >= workedBefore + boutLength) {
                workedBefore += boutLength;
                boutStart += boutLength + uniform(rng, pace.offMinutes()) * MINUTE;
                boutLength = uniform(rng, pace.onMinutes()) * MINUTE;
            }
            return boutStart + (long) (worked - workedBefore);
        }
    }

    /**
     * A rate {@code 1 + a cos(2π (hour - peak) / 24)} times the campaign's own, whose mean over a day
     * is the campaign's rate: the work done by wall time {@code start + w} is
     * {@code W(w) = w + a DAY/2π (sin θ(start + w) - sin θ(start))}, which never falls (a ≤ 1), so the
     * wall time of some work is found by bisection.
     */
    static final class Diurnal extends CampaignPace {
        private final double amplitude;
        private final long peakMillis;
        private final long start;
        private final double sinAtStart;
        /** The wall offset of the last answer: later work is never earlier, so the search starts there. */
        private double lastOffset;

        Diurnal(Scenario.Pace pace, long start) {
            this.amplitude = pace.diurnalAmplitude();
            this.peakMillis = pace.diurnalPeakHour() * HOUR;
            this.start = start;
            this.sinAtStart = Math.sin(phase(start));
        }

        private double phase(double wall) {
            return 2 * Math.PI * (wall % DAY - peakMillis) / DAY;
        }

        /** Work done from the start to wall offset {@code w}. */
        private double worked(double w) {
            return w + amplitude * DAY / (2 * Math.PI) * (Math.sin(phase(start + w)) - sinAtStart);
        }

        @Override
        long at(double workedUntil) {
            double target = workedUntil - start;
            double low = lastOffset;
            // W(w) >= w - a DAY/π, so by this offset at the latest the target's work is done.
            double high = Math.max(low, target + amplitude * DAY / Math.PI) + 1;
            for (int i = 0; i < 60 && high - low > 0.5; i++) {
                double middle = (low + high) / 2;
                if (worked(middle) < target) {
                    low = middle;
                } else {
                    high = middle;
                }
            }
            lastOffset = low;
            return start + (long) high;
        }
    }
}
