package io.streetstation.agent.ops;

import io.streetstation.agent.job.Plan;
import io.streetstation.agent.job.Step;
import io.streetstation.agent.mission.GeoPoint;
import io.streetstation.bridge.time.StationClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * An airborne drone's part of an incident dispatch: there at dispatch speed, then over the scene
 * with its camera taking a photo every few seconds for the time asked. Its steps reach central
 * as job events with their times; the {@link Fleet} decides what follows (back on the relay's
 * route, or home). The launch before it, when the drone was in its bay, is its own job.
 *
 * <pre>
 * stage 1   fly to incident (reposition at dispatch speed; within 15 m)
 * stage 2   watch over incident (capture every 2 s for on-scene time; capture stopped)
 * safe      stop capture
 * </pre>
 */
public final class DispatchPlan {

    /** Arrived when this close, m (GPS and the approach's last metres). */
    public static final double ON_SCENE_M = 15;
    static final double CAPTURE_INTERVAL_S = 2;

    private DispatchPlan() {
    }

    /**
     * @param incident id for reports
     * @param at where
     * @param altitudeM above the nest, m
     * @param speedMs dispatch ground speed, m/s
     * @param flightDeadline the way there at that speed, with slack
     * @param onScene how long to watch
     */
    public static Plan of(String id, String incident, DronePort drone, GeoPoint at, double altitudeM, double speedMs,
                          Duration flightDeadline, Duration onScene, StationClock clock) {
        Step fly = new Step("fly to " + cut(incident), flightDeadline,
                () -> drone.goTo(at, altitudeM, speedMs).thenCompose(x -> drone.arrive(at, ON_SCENE_M)));
        Step watch = new Step("watch over " + cut(incident), onScene.plus(Duration.ofSeconds(15)),
                () -> drone.startCapture(CAPTURE_INTERVAL_S).thenCompose(x -> {
                    CompletableFuture<Void> over = new CompletableFuture<>();
                    clock.scheduleOffTimer(onScene, () -> over.complete(null));
                    return over;
                }).thenCompose(x -> drone.stopCapture()));
        Step stop = new Step("stop capture", Duration.ofSeconds(10), drone::stopCapture);
        return new Plan(id, "dispatch", List.of(List.of(fly), List.of(watch)), List.of(stop));
    }

    private static String cut(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40);
    }
}
