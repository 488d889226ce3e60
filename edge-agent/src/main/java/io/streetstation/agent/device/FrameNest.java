package io.streetstation.agent.device;

import io.streetstation.agent.nest.BayView;
import io.streetstation.agent.nest.Nest;
import io.streetstation.agent.nest.RoofMachine;
import io.streetstation.agent.nest.WeatherReading;
import io.streetstation.bridge.frame.msg.BayCommand;
import io.streetstation.bridge.frame.msg.BayState;
import io.streetstation.bridge.frame.msg.EStopReset;
import io.streetstation.bridge.frame.msg.EStopState;
import io.streetstation.bridge.frame.msg.EStopTrigger;
import io.streetstation.bridge.frame.msg.RoofCommand;
import io.streetstation.bridge.frame.msg.RoofState;
import io.streetstation.bridge.frame.msg.StationMessage;
import io.streetstation.bridge.frame.msg.StatusRequest;
import io.streetstation.bridge.frame.msg.Weather;
import io.streetstation.bridge.time.StationClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * The nest controller on a station-frame bus, in both directions: the {@link Nest.Controller}
 * port over ROOF_COMMAND, BAY_COMMAND, ESTOP_TRIGGER, ESTOP_RESET and STATUS_REQUEST, and the controller's ROOF_STATE, BAY_STATE, WEATHER
 * and ESTOP_STATE reports turned into the nest's inputs (wire units to SI, wire enums to the
 * nest's). The controller counts as online while its session is up and it reported within
 * {@link #SILENT_AFTER}; it reports the roof every second.
 */
public final class FrameNest implements Nest.Controller, AutoCloseable {

    /** No report for this long (station time): the controller is offline for the interlocks. */
    public static final Duration SILENT_AFTER = Duration.ofSeconds(5);

    private final FrameBusMonitor bus;
    private final FrameDeviceMonitor device;
    private volatile Nest nest;
    private StationClock.Timer health;

    public FrameNest(FrameBusMonitor bus, FrameDeviceMonitor device) {
        this.bus = Objects.requireNonNull(bus, "bus");
        this.device = Objects.requireNonNull(device, "device");
    }

    /** Starts feeding {@code nest} with the controller's reports and its online state (checked every second). */
    public void attach(Nest nest, StationClock clock) {
        this.nest = Objects.requireNonNull(nest, "nest");
        bus.addReportListener((d, m) -> {
            if (d == device) {
                report(m, clock.now());
            }
        });
        health = clock.scheduleAtFixedRate(Duration.ofSeconds(1), Duration.ofSeconds(1), () -> nest.controllerOnline(online(clock.now())));
    }

    @Override
    public CompletionStage<Void> roof(Nest.RoofMotion motion) {
        RoofCommand.Action a = switch (motion) {
            case OPEN -> RoofCommand.Action.OPEN;
            case CLOSE -> RoofCommand.Action.CLOSE;
            case STOP -> RoofCommand.Action.STOP;
        };
        return bus.endpoint().send(device.address(), new RoofCommand(a)).thenApply(delivery -> null);
    }

    @Override
    public CompletionStage<Void> bay(int bay, Nest.BayAction action) {
        BayCommand.Action a = BayCommand.Action.valueOf(action.name());
        return bus.endpoint().send(device.address(), new BayCommand(bay, a)).thenApply(delivery -> null);
    }

    @Override
    public CompletionStage<Void> estop() {
        return bus.endpoint().send(device.address(), new EStopTrigger()).thenApply(delivery -> null);
    }

    @Override
    public CompletionStage<Void> estopReset() {
        return bus.endpoint().send(device.address(), new EStopReset()).thenApply(delivery -> null);
    }

    @Override
    public void requestStatus() {
        bus.endpoint().send(device.address(), new StatusRequest(RoofState.TYPE.id(), 0));
    }

    private boolean online(Instant now) {
        Instant heard = device.health().lastHeard();
        return device.health().status() == DeviceHealth.Status.ONLINE && heard != null
                && !heard.plus(SILENT_AFTER).isBefore(now);
    }

    private void report(StationMessage m, Instant now) {
        Nest n = nest;
        n.controllerOnline(online(now));   // a report is news of life: no need to wait for the next health check
        switch (m) {
            case RoofState r -> n.roofReported(new RoofMachine.Reported(RoofMachine.Phase.valueOf(r.phase().name()),
                    r.positionPercent(), r.faultCode()));
            case BayState b -> n.bayReported(bay(b));
            case Weather w -> n.weatherReported(new WeatherReading(w.windMetresPerSecond(), w.gustMetresPerSecond(),
                    w.rainMillimetresPerHour(), w.temperatureCentiC() / 100.0, now));
            case EStopState e -> n.estopReported(e.pressed() || e.latched(),
                    e.source().name().toLowerCase(Locale.ROOT).replace('_', ' '));
            default -> {
                // climate, power, tower light: not the interlocks' business (yet)
            }
        }
    }

    /** A BAY_STATE as the nest's bay. */
    static BayView bay(BayState b) {
        return new BayView(b.bay(), b.presentA(), b.presentB(), BayView.Centring.valueOf(b.centring().name()),
                BayView.Charger.valueOf(b.charger().name()),
                b.batteryPercent() == BayState.UNKNOWN ? BayView.UNKNOWN : b.batteryPercent(), b.dronePower());
    }

    @Override
    public void close() {
        if (health != null) {
            health.cancel();
        }
    }
}
