package io.streetstation.agent.ops;

import java.time.Duration;
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

    /** Guided mode, armed, take-off to {@code altitudeM} accepted. */
    CompletionStage<Void> takeOff(double altitudeM);

    /** Completes once the drone is at least {@code altitudeM} above the nest. */
    CompletionStage<Void> reach(double altitudeM);

    /** Return-to-launch accepted. */
    CompletionStage<Void> returnToLaunch();

    /** Off the ground (armed and above the bay). */
    boolean airborne();

    /** Completes once the drone is down and disarmed. */
    CompletionStage<Void> landed();
}
