package io.streetstation.hil.scenario;

import static io.streetstation.hil.scenario.StationSmokeScenario.phase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streetstation.agent.device.DeviceHealth;
import io.streetstation.agent.device.FrameDeviceMonitor;
import io.streetstation.agent.device.VehicleMonitor;
import io.streetstation.bridge.frame.FrameEndpoint;
import io.streetstation.bridge.frame.FrameRefusedException;
import io.streetstation.bridge.frame.msg.BayState;
import io.streetstation.bridge.frame.msg.RoofCommand;
import io.streetstation.bridge.frame.msg.RoofState;
import io.streetstation.bridge.frame.msg.StationAddress;
import io.streetstation.bridge.frame.msg.Weather;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Faults the rig injects, and what the agent sees of them. Needs the virtual rig. */
@ExtendWith(StationExtension.class)
class NestFaultScenario {

    private static FrameDeviceMonitor nestOnline(Station station) {
        station.assumeVirtual();
        FrameDeviceMonitor nest = station.agent().frameDevices().get(0);
        station.await("nest online", Duration.ofSeconds(10), () -> nest.health().status() == DeviceHealth.Status.ONLINE);
        return nest;
    }

    private static FrameEndpoint bus(Station station) {
        return station.agent().buses().get(0).endpoint();
    }

    @Test
    void roofStall_faultsTheMotorWithin2s_andFurtherMotionIsRefused(Station station) throws Exception {
        FrameDeviceMonitor nest = nestOnline(station);
        station.await("the roof known to the nest", Duration.ofSeconds(10), () -> station.agent().nest().orElseThrow().view()
                .roof() instanceof io.streetstation.agent.nest.RoofMachine.Closed);
        var open = station.agent().nest().orElseThrow().openRoof(p -> { }).toCompletableFuture();
        station.await("roof opening", Duration.ofSeconds(3), () -> phase(nest) == RoofState.Phase.OPENING);

        station.faults().roofBlocked(true);
        Duration toFault = station.await("roof faulted", Duration.ofSeconds(4), () -> phase(nest) == RoofState.Phase.FAULT);

        // the firmware faults the motor within 2 s of station time (its own reason says after how long);
        // the report then crosses the bus in real time
        assertThat(toFault).isLessThanOrEqualTo(Duration.ofSeconds(2).plus(station.realSlack()));
        java.util.regex.Matcher detected = java.util.regex.Pattern.compile("for (\\d+) ms")
                .matcher(station.rig().nest().roofFaultReason());
        assertThat(detected.find()).isTrue();
        assertThat(Integer.parseInt(detected.group(1))).isBetween(1_000, 2_000);
        assertThat(nest.latest(RoofState.class).orElseThrow().motorCurrentMa()).isZero();
        station.await("the nest's open request failed", Duration.ofSeconds(3), open::isDone);
        assertThat(open.join()).isInstanceOfSatisfying(io.streetstation.agent.nest.Nest.Failed.class,
                f -> assertThat(f.reason()).contains("controller fault"));
        assertThatThrownBy(() -> bus(station).send(StationAddress.NEST, new RoofCommand(RoofCommand.Action.CLOSE))
                .get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(FrameRefusedException.class)
                .hasMessageContaining("roof motor faulted").hasMessageContaining("stall");
    }

    @Test
    void estopLatched_refusesRoofMotion_withTheReason(Station station) {
        FrameDeviceMonitor nest = nestOnline(station);
        station.faults().estop(true);

        assertThatThrownBy(() -> bus(station).send(StationAddress.NEST, new RoofCommand(RoofCommand.Action.OPEN))
                .get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(FrameRefusedException.class)
                .hasMessageContaining("E-stop latched");
        assertThat(phase(nest)).isEqualTo(RoofState.Phase.CLOSED);
    }

    @Test
    void chargerFault_andSensorDisagreement_showInTheBayState(Station station) {
        FrameDeviceMonitor nest = nestOnline(station);
        station.faults().chargerFault(2, "over-temperature 61 °C");
        station.faults().baySensorDisagreement(3, true);

        station.await("bay 2 charger fault", Duration.ofSeconds(3), () -> nest.bay(2)
                .map(b -> b.charger() == BayState.Charger.FAULT).orElse(false));
        station.await("bay 3 sensors disagree", Duration.ofSeconds(3), () -> nest.bay(3)
                .map(b -> b.presentA() != b.presentB()).orElse(false));
        assertThat(nest.bay(1).orElseThrow().charger()).isNotEqualTo(BayState.Charger.FAULT);
    }

    @Test
    void rainOnset_isReportedInMmPerHour(Station station) {
        FrameDeviceMonitor nest = nestOnline(station);
        station.faults().rain(9.5, Duration.ofMinutes(10));

        station.await("heavy rain reported", Duration.ofSeconds(3), () -> nest.latest(Weather.class)
                .map(w -> w.rainDeciMmPerH() == 95).orElse(false));
    }

    @Test
    void radioUnplugged_takesTheDroneOffline_andReplugBringsItBack(Station station) {
        station.assumeVirtual();
        VehicleMonitor drone3 = station.agent().vehicles().get(2);
        station.await("drone-3 online", Duration.ofSeconds(10), () -> drone3.health().status() == DeviceHealth.Status.ONLINE);

        station.faults().unplug("drone-3");
        station.await("drone-3 offline", Duration.ofSeconds(5), () -> drone3.health().status() == DeviceHealth.Status.OFFLINE);
        assertThat(drone3.health().detail()).contains("drone-3");

        station.faults().replug("drone-3");
        station.await("drone-3 online again", Duration.ofSeconds(30),
                () -> drone3.health().status() == DeviceHealth.Status.ONLINE);
        station.await("the timeline records the drop and the return", Duration.ofSeconds(2), () -> {
            String t = station.timeline().text();
            int off = t.indexOf("drone-3   health OFFLINE");
            return off >= 0 && t.indexOf("drone-3   health ONLINE", off) > off;
        });
    }

    @Test
    void lineNoiseOnTheBus_isCountedAndRetried_andNothingCorruptIsAccepted(Station station) {
        FrameDeviceMonitor nest = nestOnline(station);
        FrameDeviceMonitor camera = station.agent().frameDevices().stream().filter(d -> d.name().equals("camera-1"))
                .findFirst().orElseThrow();
        station.await("a first capture", Duration.ofSeconds(60), () -> camera.capturesVerified() > 0);
        long before = camera.capturesVerified();

        station.faults().lineNoise("rs485", 0.05, 0.05);   // 1 write in 10 lost or spoiled, for 3 minutes
        station.elapse(Duration.ofMinutes(3));
        station.faults().lineNoise("rs485", 0, 0);

        assertThat(bus(station).frameErrors().total()).as("spoiled frames counted by the agent").isPositive();
        assertThat(station.rig().cameras().get(0).statistics().retransmissions())
                .as("the camera retried what was lost or spoiled").isPositive();
        station.await("captures keep arriving whole", Duration.ofSeconds(60),
                () -> camera.capturesVerified() >= before + 8);
        assertThat(camera.capturesFailed()).as("no image accepted with a wrong hash").isZero();
        assertThat(nest.health().status()).isEqualTo(DeviceHealth.Status.ONLINE);
    }
}
