package io.streetstation.agent.nest;

import io.streetstation.bridge.time.ManualClock;
import io.streetstation.bridge.time.StationClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A nest controller for tests, on a manual clock: a roof that moves 100/18 % a second opening and
 * 5 % closing, reporting every second (it can stall, be deaf, refuse), and bays whose bars take 4 s
 * and whose power and charger answer at once (they can jam, be deaf, refuse). Reports go to the
 * attached {@link Nest}.
 */
public final class FakeNestController implements Nest.Controller {
    private final ManualClock clock;
    private Nest nest;

    public FakeNestController(ManualClock clock) {
        this.clock = clock;
    }

    /** The nest this controller reports to. */
    public void attach(Nest nest) {
        this.nest = nest;
    }

    public final List<Nest.RoofMotion> sent = new ArrayList<>();
    public int statusRequests;
    public double position;      // 0 closed .. 100 open
    int direction;        // +1 opening, -1 closing, 0 still
    public int stallAt = -1;
    boolean faulted;
    public boolean deaf;
    public String refuse;
    StationClock.Timer ticking;

    @Override
    public CompletionStage<Void> roof(Nest.RoofMotion motion) {
        sent.add(motion);
        if (refuse != null && motion != Nest.RoofMotion.STOP) {
            return CompletableFuture.failedFuture(new IllegalStateException(refuse));
        }
        if (deaf) {
            return CompletableFuture.completedFuture(null);
        }
        direction = switch (motion) {
            case OPEN -> 1;
            case CLOSE -> -1;
            case STOP -> 0;
        };
        if (direction != 0) {
            faulted = false;
            if (ticking == null) {
                ticking = clock.scheduleAtFixedRate(Duration.ofSeconds(1), Duration.ofSeconds(1), this::tick);
            }
        } else {
            if (ticking != null) {
                ticking.cancel();
                ticking = null;
            }
            report();
        }
        return CompletableFuture.completedFuture(null);
    }

    /** Bay commands the fake took, "2 CENTRING_RELEASE". */
    public final List<String> bayCommands = new ArrayList<>();
    public String bayRefuse;
    public boolean baysDeaf;
    public boolean barsJam;

    @Override
    public CompletionStage<Void> bay(int bay, Nest.BayAction action) {
        bayCommands.add(bay + " " + action);
        if (bayRefuse != null) {
            return CompletableFuture.failedFuture(new IllegalStateException(bayRefuse));
        }
        if (baysDeaf) {
            return CompletableFuture.completedFuture(null);
        }
        BayView b = nest.view().bay(bay);
        switch (action) {
            case CENTRING_RELEASE, CENTRING_CLAMP -> {
                boolean release = action == Nest.BayAction.CENTRING_RELEASE;
                nest.bayReported(b.withCentring(release ? BayView.Centring.RELEASING : BayView.Centring.CLAMPING));
                clock.schedule(Duration.ofSeconds(4), () -> nest.bayReported(nest.view().bay(bay).withCentring(barsJam
                        ? BayView.Centring.FAULT : release ? BayView.Centring.RELEASED : BayView.Centring.CLAMPED)));
            }
            case CHARGE_START -> nest.bayReported(b.withCharger(BayView.Charger.CHARGING));
            case CHARGE_STOP -> nest.bayReported(b.withCharger(BayView.Charger.IDLE));
            case DRONE_POWER_ON -> nest.bayReported(b.withDronePower(true));
            case DRONE_POWER_OFF -> nest.bayReported(b.withDronePower(false));
        }
        return CompletableFuture.completedFuture(null);
    }

    /** E-stop commands the fake took: TRIGGER, RESET. */
    public final List<String> estopCommands = new ArrayList<>();
    /** One of the controller's own buttons is held: it refuses a reset. */
    public boolean buttonHeld;
    /** The controller does not take an E-stop trigger (no ACK). */
    public boolean triggerLost;

    @Override
    public CompletionStage<Void> estop() {
        estopCommands.add("TRIGGER");
        if (triggerLost) {
            return CompletableFuture.failedFuture(new IllegalStateException("no ACK after 3 attempts"));
        }
        direction = 0;
        nest.estopReported(true, "agent");
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> estopReset() {
        estopCommands.add("RESET");
        if (buttonHeld) {
            return CompletableFuture.failedFuture(new IllegalStateException("E-stop button still pressed"));
        }
        nest.estopReported(false, "");
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void requestStatus() {
        statusRequests++;
        faulted = false;
        report();
    }

    private void tick() {
        if (direction == 0) {
            return;
        }
        position = Math.max(0, Math.min(100, position + (direction > 0 ? 100.0 / 18 : -5)));
        if (stallAt >= 0 && direction > 0 && position >= stallAt) {
            direction = 0;
            faulted = true;
        } else if (position == 100 || position == 0) {
            direction = 0;
        }
        if (direction == 0) {
            ticking.cancel();
            ticking = null;
        }
        report();
    }

    /** Reports the roof as it is now. */
    public void report() {
        int p = (int) Math.round(position);
        RoofMachine.Phase phase = faulted ? RoofMachine.Phase.FAULT : direction > 0 ? RoofMachine.Phase.OPENING
                : direction < 0 ? RoofMachine.Phase.CLOSING : p == 0 ? RoofMachine.Phase.CLOSED
                : p == 100 ? RoofMachine.Phase.OPEN : RoofMachine.Phase.STOPPED;
        nest.roofReported(new RoofMachine.Reported(phase, p, faulted ? 0x0102 : 0));
    }
}
