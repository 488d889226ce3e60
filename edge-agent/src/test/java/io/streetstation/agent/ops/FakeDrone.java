package io.streetstation.agent.ops;

import io.streetstation.bridge.time.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A drone for the plans' tests: boots 8 s after its bay powers it, checks at once, climbs 3 m/s, lands {@code landAfter} s after RTL. */
final class FakeDrone implements DronePort {
    private final ManualClock clock;
    private final Instant t0;
    /** Runs when a returning drone touches down (the test reports the bay occupied). */
    Runnable onTouchdown = () -> { };
    /** Seconds from the return command to touchdown. */
    int landAfter = 15;
    private CompletableFuture<Void> down = new CompletableFuture<>();
    /** The next this many landings miss the bay (down, but the bay's sensors do not see it). */
    int misses;

    FakeDrone(ManualClock clock, Instant t0) {
        this(clock, t0, "drone-2");
    }

    FakeDrone(ManualClock clock, Instant t0, String name) {
        this.clock = clock;
        this.t0 = t0;
        this.name = name;
    }

    private final String name;
    /** Runs when it leaves the ground (the test reports its bay empty). */
    Runnable onTakeOff = () -> { };

    /** Starts it in the air at {@code altitudeM} (for landing tests). */
    void flyingAt(double altitudeM) {
        flying = true;
        altitude = altitudeM;
    }

    final List<String> log = new ArrayList<>();
    double stuckBelow = Double.NaN;
    private boolean flying;
    private double altitude;

    private long t() {
        return clock.now().getEpochSecond() - t0.getEpochSecond();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public CompletionStage<Void> awaitHeartbeat(Duration within) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        clock.schedule(Duration.ofSeconds(8), () -> {
            log.add("heartbeat @" + t());
            f.complete(null);
        });
        return f;
    }

    @Override
    public CompletionStage<Void> preflight(int batteryFloorPercent) {
        log.add("preflight floor " + batteryFloorPercent + " @" + t());
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> guided() {
        log.add("guided @" + t());
        mode = "GUIDED";
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> takeOff(double altitudeM) {
        log.add("take off " + altitudeM + " m @" + t());
        flying = true;
        onTakeOff.run();
        clock.scheduleAtFixedRate(Duration.ofSeconds(1), Duration.ofSeconds(1), () -> {
            double ceiling = Double.isNaN(stuckBelow) ? altitudeM : stuckBelow;
            altitude = Math.min(ceiling, altitude + 3);
        });
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> reach(double altitudeM) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        clock.scheduleAtFixedRate(Duration.ofMillis(500), Duration.ofMillis(500), () -> {
            if (altitude >= altitudeM) {
                f.complete(null);
            }
        });
        return f;
    }

    @Override
    public CompletionStage<Void> returnToLaunch() {
        log.add("return to launch @" + t());
        if (flying) {
            clock.schedule(Duration.ofSeconds(landAfter), () -> {
                flying = false;
                altitude = 0;
                if (misses > 0) {
                    misses--;
                    log.add("touchdown off the bay @" + t());
                } else {
                    log.add("touchdown @" + t());
                    onTouchdown.run();
                }
                CompletableFuture<Void> d = down;
                down = new CompletableFuture<>();
                d.complete(null);
            });
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> land() {
        log.add("land here @" + t());
        clock.schedule(Duration.ofSeconds(landAfter), () -> {   // away from the bay: its sensors never see it
            flying = false;
            altitude = 0;
            log.add("touchdown away @" + t());
            CompletableFuture<Void> d = down;
            down = new CompletableFuture<>();
            d.complete(null);
        });
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> landed() {
        return flying ? down : CompletableFuture.completedFuture(null);
    }

    @Override
    public boolean airborne() {
        return flying;
    }

    double battery = 100;
    io.streetstation.agent.mission.GeoPoint at = new io.streetstation.agent.mission.GeoPoint(31.2304, 121.4737);
    boolean link = true;
    List<io.streetstation.bridge.mavlink.MissionItem> mission = List.of();
    int missionIndex = -1;

    @Override
    public double batteryPercent() {
        return battery;
    }

    @Override
    public java.util.Optional<io.streetstation.agent.mission.GeoPoint> position() {
        return java.util.Optional.of(at);
    }

    String mode = "GUIDED";

    @Override
    public String mode() {
        return mode;
    }

    @Override
    public boolean linkUp() {
        return link;
    }

    @Override
    public CompletionStage<Void> uploadMission(List<io.streetstation.bridge.mavlink.MissionItem> items) {
        log.add("upload " + items.size() + " items @" + t());
        mission = List.copyOf(items);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> flyMission(int index) {
        log.add("fly mission from " + index + " @" + t());
        missionIndex = index;
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public int missionIndex() {
        return missionIndex;
    }

    @Override
    public CompletionStage<Void> goTo(io.streetstation.agent.mission.GeoPoint p, double altitudeM, double speedMs) {
        log.add("go to " + p + " @" + t());
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> arrive(io.streetstation.agent.mission.GeoPoint p, double withinM) {
        log.add("arrive " + p + " @" + t());
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> startCapture(double intervalS) {
        log.add("capture every " + intervalS + " s @" + t());
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> stopCapture() {
        log.add("capture stopped @" + t());
        return CompletableFuture.completedFuture(null);
    }
}
