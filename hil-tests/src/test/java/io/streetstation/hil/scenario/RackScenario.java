package io.streetstation.hil.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streetstation.agent.device.DeviceHealth;
import io.streetstation.agent.device.FrameBusMonitor;
import io.streetstation.agent.device.FrameDeviceMonitor;
import io.streetstation.bridge.frame.FrameRefusedException;
import io.streetstation.bridge.frame.msg.DeviceEvent;
import io.streetstation.bridge.frame.msg.RackLockCommand;
import io.streetstation.bridge.frame.msg.RackSlotState;
import io.streetstation.bridge.frame.msg.StationAddress;
import io.streetstation.hil.rig.SimRack;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Balance vehicles checked out of the rack and returned to it, over the rack's RS-485 link. */
@ExtendWith(StationExtension.class)
class RackScenario {

    private static FrameDeviceMonitor rackOnline(Station station) {
        FrameDeviceMonitor rack = station.agent().frameDevices().stream().filter(d -> d.name().equals("rack"))
                .findFirst().orElseThrow();
        station.await("rack online with its slots", Duration.ofSeconds(10),
                () -> rack.health().status() == DeviceHealth.Status.ONLINE && rack.slot(1).isPresent());
        return rack;
    }

    private static FrameBusMonitor busOf(Station station, String device) {
        return station.agent().buses().stream()
                .filter(b -> b.devices().stream().anyMatch(d -> d.name().equals(device))).findFirst().orElseThrow();
    }

    private static void lockCommand(Station station, int slot, RackLockCommand.Action action) throws Exception {
        busOf(station, "rack").endpoint().send(StationAddress.RACK, new RackLockCommand(slot, action))
                .get(5, TimeUnit.SECONDS);
    }

    private static RackSlotState.Lock lock(FrameDeviceMonitor rack, int slot) {
        return rack.slot(slot).map(RackSlotState::lock).orElse(null);
    }

    @Test
    void checkout_thenReturn_locksAndCharges(Station station) throws Exception {
        station.assumeVirtual();
        FrameDeviceMonitor rack = rackOnline(station);
        SimRack sim = station.rig().rack();
        assertThat(rack.slot(1).orElseThrow()).satisfies(s -> {
            assertThat(s.occupied()).isTrue();
            assertThat(s.vehicleId()).isEqualTo("PBV-0101");
            assertThat(s.lock()).isEqualTo(RackSlotState.Lock.LOCKED);
        });

        long t0 = station.clock().nanoTime();
        lockCommand(station, 1, RackLockCommand.Action.UNLOCK);
        station.await("bolt moving", Duration.ofSeconds(2).plus(station.realSlack(Duration.ofSeconds(1))), () -> lock(rack, 1) == RackSlotState.Lock.MOVING);
        station.await("unlocked", Duration.ofSeconds(4).plus(station.realSlack(Duration.ofSeconds(1))), () -> lock(rack, 1) == RackSlotState.Lock.UNLOCKED);
        Duration unlocked = Duration.ofNanos(station.clock().nanoTime() - t0);
        assertThat(unlocked).isBetween(Duration.ofMillis(1_500), Duration.ofMillis(1_750).plus(station.realSlack(Duration.ofMillis(500))));   // 1.5 s bolt travel, 250 ms firmware step
        assertThat(rack.slot(1).orElseThrow().charging()).as("contacts open while unlocked").isFalse();

        double before = sim.battery("PBV-0101").orElseThrow();
        assertThat(sim.checkout(1)).isEqualTo("PBV-0101");
        station.await("slot 1 empty", Duration.ofSeconds(3), () -> !rack.slot(1).orElseThrow().occupied());
        assertThat(rack.slot(1).orElseThrow().vehicleId()).isEmpty();

        station.elapse(Duration.ofMinutes(10));   // on patrol
        double after = sim.battery("PBV-0101").orElseThrow();
        assertThat(before - after).as("10 min of patrol at 25 %/h").isCloseTo(100.0 / 24, org.assertj.core.data.Offset.offset(0.8));

        sim.returnVehicle(1, "PBV-0101");
        station.await("returned, read and latched", Duration.ofSeconds(4), () -> rack.slot(1)
                .filter(s -> s.occupied() && s.vehicleId().equals("PBV-0101") && s.lock() == RackSlotState.Lock.LOCKED
                        && s.charging()).isPresent());
    }

    @Test
    void pullingALockedVehicle_fails_andTheRackReportsIt(Station station) throws Exception {
        station.assumeVirtual();
        FrameDeviceMonitor rack = rackOnline(station);
        assertThatThrownBy(() -> station.rig().rack().checkout(2)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("LOCKED");
        station.await("forced-removal event", Duration.ofSeconds(3), () -> rack.latest(DeviceEvent.class)
                .filter(e -> e.code() == SimRack.EVENT_FORCED_REMOVAL).isPresent());
        assertThat(rack.slot(2).orElseThrow().occupied()).isTrue();
    }

    @Test
    void jammedLock_refusesCommandsWithTheReason_untilRepaired(Station station) throws Exception {
        station.assumeVirtual();
        FrameDeviceMonitor rack = rackOnline(station);
        station.faults().rackLockFault(4, "bolt jammed");
        station.await("FAULT reported", Duration.ofSeconds(3), () -> lock(rack, 4) == RackSlotState.Lock.FAULT);
        station.await("fault event", Duration.ofSeconds(3), () -> rack.latest(DeviceEvent.class)
                .filter(e -> e.code() == SimRack.EVENT_LOCK_FAULT && e.severity() == DeviceEvent.Severity.FAULT).isPresent());
        assertThatThrownBy(() -> lockCommand(station, 4, RackLockCommand.Action.UNLOCK))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(FrameRefusedException.class)
                .hasMessageContaining("slot 4 lock faulted: bolt jammed");
        assertThat(rack.slot(4).orElseThrow().charging()).isFalse();

        station.faults().rackLockFault(4, null);
        station.await("locked again", Duration.ofSeconds(3), () -> lock(rack, 4) == RackSlotState.Lock.LOCKED);
        lockCommand(station, 4, RackLockCommand.Action.UNLOCK);
        station.await("unlocks after repair", Duration.ofSeconds(4), () -> lock(rack, 4) == RackSlotState.Lock.UNLOCKED);
    }

    @Test
    void slotOutOfRange_isRefused(Station station) throws Exception {
        station.assumeVirtual();
        rackOnline(station);
        assertThatThrownBy(() -> lockCommand(station, 9, RackLockCommand.Action.UNLOCK))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(FrameRefusedException.class)
                .hasMessageContaining("slot 9 out of range 1..4");
    }
}
