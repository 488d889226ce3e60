package io.streetstation.agent.ops;

import io.streetstation.agent.mission.GeoPoint;
import io.streetstation.bridge.mavlink.MissionItem;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * One drone as the operations need it; the device layer implements it over MAVLink. Every stage
 * fails with a reason in words (a {@link io.streetstation.agent.job.Step.StepFailedException})
 * when the drone refuses or does not get there.
 */
public interface DronePort {

    /** "drone-2". */
    String name();

    /** Completes at the drone's first heartbeat after its bay powered it, or fails after {@code within}. */
    CompletionStage<Void> awaitHeartbeat(Duration within);

    /** GPS fix, EKF, arming checks and a battery at or above {@code batteryFloorPercent}. */
    CompletionStage<Void> preflight(int batteryFloorPercent);

    /** Guided mode (no motor runs): done while the roof still opens, so the take-off only arms and climbs. */
    CompletionStage<Void> guided();

    /** Guided mode (if not already), armed, take-off to {@code altitudeM} accepted. */
    CompletionStage<Void> takeOff(double altitudeM);

    /** Completes once the drone is at least {@code altitudeM} above the nest. */
    CompletionStage<Void> reach(double altitudeM);

    /** Return-to-launch accepted. */
    CompletionStage<Void> returnToLaunch();

    /** Land where it is (LAND mode) accepted. */
    CompletionStage<Void> land();

    /** Off the ground (armed and above the bay). */
    boolean airborne();

    /** Completes once the drone is down and disarmed. */
    CompletionStage<Void> landed();

    /** Battery left, %; NaN before the drone reports it. */
    double batteryPercent();

    /** Where it is; empty before a position report. */
    Optional<GeoPoint> position();

    /** The flight mode as the autopilot names it ("AUTO", "RTL"), null before its first heartbeat. */
    String mode();

    /** Heartbeats arriving (the link is up and the autopilot talks). */
    boolean linkUp();

    /** Replaces the mission the drone holds with {@code items} (their index 0 is the first real item). */
    CompletionStage<Void> uploadMission(List<MissionItem> items);

    /** Flies the uploaded mission from item {@code index} (0-based, as uploaded) in AUTO. */
    CompletionStage<Void> flyMission(int index);

    /** The uploaded item the drone flies to now (0-based), -1 when not known or not flying a mission. */
    int missionIndex();

    /** Flies to {@code at}, {@code altitudeM} above home, at {@code speedMs} (GUIDED reposition). */
    CompletionStage<Void> goTo(GeoPoint at, double altitudeM, double speedMs);

    /** Completes once the drone is within {@code withinM} of {@code at} (horizontally). */
    CompletionStage<Void> arrive(GeoPoint at, double withinM);

    /** Its camera takes a photo every {@code intervalS} seconds until stopped (MAVLink camera protocol). */
    CompletionStage<Void> startCapture(double intervalS);

    CompletionStage<Void> stopCapture();
}
