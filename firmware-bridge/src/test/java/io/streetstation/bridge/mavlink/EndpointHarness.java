package io.streetstation.bridge.mavlink;

import io.dronefleet.mavlink.common.CommandAck;
import io.dronefleet.mavlink.common.MavCmd;
import io.dronefleet.mavlink.common.MavResult;
import io.dronefleet.mavlink.util.EnumValue;
import io.streetstation.bridge.link.MemoryLink;
import io.streetstation.bridge.time.ManualClock;
import java.io.IOException;
import java.time.Duration;

/** An endpoint and a scripted vehicle joined by a MemoryLink pair, on a ManualClock. */
final class EndpointHarness implements AutoCloseable {

    final ManualClock clock = new ManualClock();
    final MemoryLink[] pair = MemoryLink.pair("station", "drone-1");
    final MavlinkEndpoint endpoint;
    final ScriptedVehicle vehicle;
    static final ComponentId VEHICLE = new ComponentId(1, 1);

    EndpointHarness() throws IOException {
        this(MavlinkConfig.defaults());
    }

    EndpointHarness(MavlinkConfig config) throws IOException {
        endpoint = MavlinkEndpoint.start(pair[0], clock, config);
        vehicle = new ScriptedVehicle(pair[1], 1, 1);
    }

    void advance(Duration d) {
        clock.advance(d);
    }

    static CommandAck ack(int command, int result, int progress) {
        return CommandAck.builder().command(EnumValue.create(MavCmd.class, command))
                .result(EnumValue.create(MavResult.class, result)).progress(progress)
                .targetSystem(255).targetComponent(190).build();
    }

    @Override
    public void close() throws IOException {
        endpoint.close();
        vehicle.close();
    }
}
