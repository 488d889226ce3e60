package io.streetstation.agent.nest;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the {@link Interlocks} look at, at one moment: the roof machine's state, the E-stop,
 * the controller's link, the weather gate's decision, the four bays, and which drone (if any) is
 * in the launch/landing corridor above the roof.
 *
 * @param roof the roof machine's state
 * @param estop the E-stop as the controller (and the board's own input) report it
 * @param controllerOnline the nest controller's link is up and its reports are fresh
 * @param weather the weather gate's current decision
 * @param bays bays 1..4 in order
 * @param corridor the drone in the launch/landing corridor, if any
 * @param batteryFloorPercent no launch below this charge, %
 */
public record NestView(RoofMachine.State roof, EStop estop, boolean controllerOnline, WeatherGate.Decision weather,
                       List<BayView> bays, Optional<String> corridor, int batteryFloorPercent) {

    /**
     * @param active pressed or latched: nothing moves
     * @param source who stopped the station ("local button", "agent"), empty when not active
     */
    public record EStop(boolean active, String source) {
        public static final EStop CLEAR = new EStop(false, "");
    }

    public NestView {
        Objects.requireNonNull(roof, "roof");
        Objects.requireNonNull(estop, "estop");
        Objects.requireNonNull(weather, "weather");
        Objects.requireNonNull(corridor, "corridor");
        bays = List.copyOf(bays);
        if (bays.size() != 4) {
            throw new IllegalArgumentException("a nest has 4 bays, this view " + bays.size());
        }
        for (int i = 0; i < 4; i++) {
            if (bays.get(i).bay() != i + 1) {
                throw new IllegalArgumentException("bays out of order: position " + (i + 1) + " holds bay " + bays.get(i).bay());
            }
        }
    }

    /** Bay {@code n}, 1..4. */
    public BayView bay(int n) {
        if (n < 1 || n > 4) {
            throw new IllegalArgumentException("bay must be 1..4, was " + n);
        }
        return bays.get(n - 1);
    }

    public NestView withRoof(RoofMachine.State r) {
        return new NestView(r, estop, controllerOnline, weather, bays, corridor, batteryFloorPercent);
    }

    public NestView withEStop(EStop e) {
        return new NestView(roof, e, controllerOnline, weather, bays, corridor, batteryFloorPercent);
    }

    public NestView withControllerOnline(boolean online) {
        return new NestView(roof, estop, online, weather, bays, corridor, batteryFloorPercent);
    }

    public NestView withWeather(WeatherGate.Decision w) {
        return new NestView(roof, estop, controllerOnline, w, bays, corridor, batteryFloorPercent);
    }

    public NestView withBay(BayView b) {
        List<BayView> copy = new java.util.ArrayList<>(bays);
        copy.set(b.bay() - 1, b);
        return new NestView(roof, estop, controllerOnline, weather, copy, corridor, batteryFloorPercent);
    }

    public NestView withCorridor(Optional<String> drone) {
        return new NestView(roof, estop, controllerOnline, weather, bays, drone, batteryFloorPercent);
    }
}
