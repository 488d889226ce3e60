package io.streetstation.agent.device;

import java.time.Instant;

/**
 * How a device is doing, openHAB-style: a status, a detail naming the cause, and when it was
 * last heard from. Devices report health as a value; they never throw to say they are unwell.
 *
 * @param device configured name ("drone-1", "nest")
 * @param status overall status
 * @param detail what the status rests on ("link up, heartbeat 0.4 s ago", "/dev/station/rs485 not found")
 * @param lastHeard last message from the device, or null if never
 */
public record DeviceHealth(String device, Status status, String detail, Instant lastHeard) {

    public enum Status {
        /** Link up and the device talks. */
        ONLINE,
        /** Link up, the device has not (yet or any more) answered. */
        SILENT,
        /** The port is gone or cannot be opened. */
        OFFLINE
    }
}
