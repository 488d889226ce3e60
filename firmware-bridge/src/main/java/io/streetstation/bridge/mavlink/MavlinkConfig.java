package io.streetstation.bridge.mavlink;

import io.dronefleet.mavlink.MavlinkDialect;
import io.dronefleet.mavlink.ardupilotmega.ArdupilotmegaDialect;
import java.time.Duration;
import java.util.Objects;

/**
 * Configuration of one MAVLink endpoint.
 *
 * @param systemId              our system id, 1..255 (255 = the usual GCS id)
 * @param componentId           our component id, 1..255 (190 = MAV_COMP_ID_MISSIONPLANNER)
 * @param heartbeatPeriod       our HEARTBEAT period (1 s)
 * @param peerTimeout           a peer is LOST after this long without a heartbeat (3 s, as MAVSDK)
 * @param commandAckTimeout     wait for a COMMAND_ACK per attempt (1 s)
 * @param commandRetries        resends after the first attempt (3), each with confirmation + 1
 * @param commandProgressTimeout wait after each IN_PROGRESS ACK (3 s per update, as MAVSDK)
 * @param missionTimeout        mission protocol timeout per step (1500 ms, from the spec)
 * @param missionRetries        mission protocol retries per step (5, from the spec)
 * @param signing               signing of this link, or null for none
 * @param dialect               messages known on this link (ArduPilot's, which includes common)
 * @param decoder               payload decoder (the cached one)
 */
public record MavlinkConfig(int systemId, int componentId, Duration heartbeatPeriod, Duration peerTimeout,
                            Duration commandAckTimeout, int commandRetries, Duration commandProgressTimeout,
                            Duration missionTimeout, int missionRetries, SigningConfig signing,
                            MavlinkDialect dialect, PayloadDecoder decoder) {

    public MavlinkConfig {
        if (systemId < 1 || systemId > 255 || componentId < 1 || componentId > 255) {
            throw new IllegalArgumentException("our id must be 1..255/1..255, was " + systemId + "/" + componentId);
        }
        if (commandRetries < 0 || commandRetries > 254 || missionRetries < 0) {
            throw new IllegalArgumentException("retries out of range");
        }
        Objects.requireNonNull(heartbeatPeriod);
        Objects.requireNonNull(peerTimeout);
        Objects.requireNonNull(commandAckTimeout);
        Objects.requireNonNull(commandProgressTimeout);
        Objects.requireNonNull(missionTimeout);
        Objects.requireNonNull(dialect);
        Objects.requireNonNull(decoder);
    }

    /** GCS 255/190, unsigned, ArduPilot dialect, the timings above. */
    public static MavlinkConfig defaults() {
        return new MavlinkConfig(255, 190, Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(1), 3,
                Duration.ofSeconds(3), Duration.ofMillis(1500), 5, null, new ArdupilotmegaDialect(),
                new CachedPayloadDecoder());
    }

    public MavlinkConfig withIds(int system, int component) {
        return new MavlinkConfig(system, component, heartbeatPeriod, peerTimeout, commandAckTimeout, commandRetries,
                commandProgressTimeout, missionTimeout, missionRetries, signing, dialect, decoder);
    }

    public MavlinkConfig withSigning(SigningConfig s) {
        return new MavlinkConfig(systemId, componentId, heartbeatPeriod, peerTimeout, commandAckTimeout,
                commandRetries, commandProgressTimeout, missionTimeout, missionRetries, s, dialect, decoder);
    }

    /** Our heartbeat period and how long a silent peer stays CONNECTED. */
    public MavlinkConfig withLinkTiming(Duration heartbeat, Duration peerLostAfter) {
        return new MavlinkConfig(systemId, componentId, heartbeat, peerLostAfter, commandAckTimeout, commandRetries,
                commandProgressTimeout, missionTimeout, missionRetries, signing, dialect, decoder);
    }

    public MavlinkConfig withCommandTiming(Duration ackTimeout, int retries, Duration progressTimeout) {
        return new MavlinkConfig(systemId, componentId, heartbeatPeriod, peerTimeout, ackTimeout, retries,
                progressTimeout, missionTimeout, missionRetries, signing, dialect, decoder);
    }
}
