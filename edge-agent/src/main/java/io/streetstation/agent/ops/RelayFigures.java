package io.streetstation.agent.ops;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * How well a relay covered its route, station time.
 *
 * <p>Coverage counts from the first drone on station — after the relay starts and again after each
 * weather hold — to the relay's end: {@code covered / (covered + uncovered)}. The climb-outs before
 * those first arrivals are {@code rampUp} and weather holds are {@code held}; neither counts
 * against coverage (a hold is the weather's, a climb-out the physics of a first launch), both are
 * reported. A hand-off gap is the time from the last drone leaving the route to the next reaching
 * it: zero when the next arrived first.
 *
 * @param route the relay's route, "" when no relay ran
 * @param covered a drone on station
 * @param uncovered nobody on station, outside holds and climb-outs
 * @param held weather did not allow launches
 * @param rampUp from the relay's (re)start to its first drone on station
 * @param handOffs hand-offs so far
 * @param maxGap longest hand-off gap
 */
public record RelayFigures(String route, Duration covered, Duration uncovered, Duration held, Duration rampUp,
                           int handOffs, Duration maxGap) {

    public static final RelayFigures NONE = new RelayFigures("", Duration.ZERO, Duration.ZERO, Duration.ZERO,
            Duration.ZERO, 0, Duration.ZERO);

    /** Covered share of the counted time, %; 100 before anything was counted. */
    public double coveragePercent() {
        long total = covered.toMillis() + uncovered.toMillis();
        return total == 0 ? 100.0 : 100.0 * covered.toMillis() / total;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "route %s: coverage %.3f %% (covered %d s, uncovered %d s, held %d s, climb-outs %d s), "
                + "%d hand-offs, longest gap %d s", route, coveragePercent(), covered.toSeconds(), uncovered.toSeconds(),
                held.toSeconds(), rampUp.toSeconds(), handOffs, maxGap.toSeconds());
    }

    /** One hand-off. */
    public record HandOff(String from, String to, Duration gap) {
    }

    /** Accumulates, on the fleet's thread. */
    static final class Builder {
        private final String route;
        private Instant last;
        private boolean lastCovered;
        private boolean lastHeld;
        private boolean arrivedSinceStart;
        private Instant uncoveredSince;
        private String lastToLeave = "";
        private long covered;
        private long uncovered;
        private long held;
        private long rampUp;
        private int handOffs;
        private long maxGap;
        private boolean stopped;

        Builder(String route, Instant start) {
            this.route = route;
            this.last = start;
        }

        String route() {
            return route;
        }

        /** The state from now on; the time since the last call is booked to the state before it. */
        void observe(Instant now, boolean coveredNow, boolean heldNow) {
            if (stopped) {
                return;
            }
            book(now);
            if (lastHeld && !heldNow) {
                arrivedSinceStart = coveredNow;   // a hold ends: covered still, or the next arrival is a climb-out
            } else if (!heldNow && coveredNow) {
                arrivedSinceStart = true;
            }
            if (lastCovered && !coveredNow) {
                uncoveredSince = now;
            }
            lastCovered = coveredNow;
            lastHeld = heldNow;
        }

        /** A drone left the route (recalled). */
        void left(String drone) {
            lastToLeave = drone;
        }

        /**
         * {@code drone} reached the route: a hand-off when one was there or had been there since the
         * last (re)start; null for a first arrival.
         */
        HandOff arrived(Instant now, String drone, String onStation) {
            if (onStation != null) {
                handOffs++;
                return new HandOff(onStation, drone, Duration.ZERO);
            }
            if (!arrivedSinceStart || uncoveredSince == null || lastHeld) {
                return null;
            }
            long gap = Duration.between(uncoveredSince, now).toMillis();
            handOffs++;
            maxGap = Math.max(maxGap, gap);
            return new HandOff(lastToLeave, drone, Duration.ofMillis(gap));
        }

        void stop(Instant now) {
            book(now);
            stopped = true;
        }

        private void book(Instant now) {
            long d = Math.max(0, Duration.between(last, now).toMillis());
            last = now;
            if (lastHeld) {
                held += d;
            } else if (lastCovered) {
                covered += d;
            } else if (arrivedSinceStart) {
                uncovered += d;
            } else {
                rampUp += d;
            }
        }

        RelayFigures snapshot(Instant now) {
            long d = stopped ? 0 : Math.max(0, Duration.between(last, now).toMillis());
            long c = covered + (!stopped && !lastHeld && lastCovered ? d : 0);
            long u = uncovered + (!stopped && !lastHeld && !lastCovered && arrivedSinceStart ? d : 0);
            long h = held + (!stopped && lastHeld ? d : 0);
            long r = rampUp + (!stopped && !lastHeld && !lastCovered && !arrivedSinceStart ? d : 0);
            return new RelayFigures(route, Duration.ofMillis(c), Duration.ofMillis(u), Duration.ofMillis(h),
                    Duration.ofMillis(r), handOffs, Duration.ofMillis(maxGap));
        }
    }
}
