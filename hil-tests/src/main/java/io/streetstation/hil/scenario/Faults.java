package io.streetstation.hil.scenario;

import java.time.Duration;

/**
 * Faults a scenario can inject. On the virtual rig every fault is available; on a physical rig
 * only unplugging can be emulated (by a technician) and the rest are refused: a scenario that needs
 * them declares it with {@link Station#assumeVirtual()}.
 */
public interface Faults {

    /** The device behind {@code port} disappears (USB pulled, radio off). */
    void unplug(String port);

    /** It comes back. */
    void replug(String port);

    /**
     * Line noise on what the device behind {@code port} sends: each write is lost with
     * {@code dropProbability} or has one byte flipped with {@code corruptProbability}; both 0 ends it.
     * Seeded from the rig's seed.
     */
    void lineNoise(String port, double dropProbability, double corruptProbability);

    /** Something blocks the roof: the motor stalls and the controller faults it. */
    void roofBlocked(boolean blocked);

    /** The charger of {@code bay} trips. */
    void chargerFault(int bay, String why);

    /** The two drone-presence sensors of {@code bay} disagree. */
    void baySensorDisagreement(int bay, boolean disagree);

    /** The nest's E-stop button is pressed (latches) or released (reset is still needed). */
    void estop(boolean pressed);

    /**
     * The E-stop wired to the agent's board (GPIO input {@code estop}) is pressed or released;
     * needs the mock pin provider.
     */
    void boardEStop(boolean pressed);

    /** The backup rain sensor on the agent's board (GPIO input {@code rain-backup}) is wet or dry; needs the mock pin provider. */
    void backupRain(boolean wet);

    /** The door switch {@code door-<name>} on the agent's board is open or closed; needs the mock pin provider. */
    void door(String name, boolean open);

    /** Rain at {@code mmPerHour} for {@code duration} of station time. */
    void rain(double mmPerHour, Duration duration);

    /** Sustained wind and gusts, m/s. */
    void wind(double sustained, double gust, Duration duration);

    /** The drone of {@code bay} loses (or regains) its GPS fix. */
    void gpsLoss(int bay, boolean lost);

    /** The pack of the drone of {@code bay} drops by {@code points} percent at once. */
    void batterySag(int bay, double points);

    /** The next {@code times} precision landings of the drone of {@code bay} miss the bay (0 ends it). */
    void landingMiss(int bay, int times);

    /** Something stands in the patrol robot's way (it stops until the path clears). */
    void roverObstacle(boolean blocked);

    /** The lock of rack {@code slot} jams ({@code why} non-null) or is repaired ({@code null}). */
    void rackLockFault(int slot, String why);
}
