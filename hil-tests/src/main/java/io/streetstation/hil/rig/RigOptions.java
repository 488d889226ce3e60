package io.streetstation.hil.rig;

import io.streetstation.hil.rig.model.SimTimings;

/**
 * How the virtual rig is set up.
 *
 * @param lat station latitude, degrees (bays and the rover dock are placed a few metres around it)
 * @param lon station longitude, degrees
 * @param seed seed for everything random in the simulation: the same seed, the same station day
 * @param signed sign MAVLink with a key the rig generates and hands to the agent
 * @param timings hardware behaviour
 * @param weather calm, or a scripted day drawn from the seed
 * @param captureEvery how often each fixed camera captures
 */
public record RigOptions(double lat, double lon, long seed, boolean signed, SimTimings timings, RigFile.Weather weather,
                         java.time.Duration captureEvery) {

    /** A station in Zibo's Zhangdian district, signed MAVLink, STATION.md timings, calm weather. */
    public static RigOptions defaults() {
        return new RigOptions(36.8131, 118.0548, 1, true, SimTimings.defaults(), RigFile.Weather.CALM,
                RigFile.DEFAULT_CAPTURE_EVERY);
    }

    public RigOptions withSeed(long newSeed) {
        return new RigOptions(lat, lon, newSeed, signed, timings, weather, captureEvery);
    }
}
