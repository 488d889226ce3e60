package io.streetstation.hil.bench;

import io.streetstation.agent.mission.GeoPoint;
import io.streetstation.agent.nest.RoofMachine;
import io.streetstation.agent.ops.Fleet;
import io.streetstation.agent.ops.PatrolRoute;
import io.streetstation.agent.ops.RelayFigures;
import io.streetstation.agent.ops.SortieMachine;
import io.streetstation.hil.broker.EmbeddedBroker;
import io.streetstation.hil.rig.RigFile;
import io.streetstation.hil.scenario.Station;
import io.streetstation.hil.scenario.StationExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code hil-tests/bench station}: the station's operations on the virtual rig with STATION.md's
 * default timings, in simulated time.
 * <ul>
 *   <li>{@code relay_coverage_pct}, {@code relay_max_handoff_gap_s}: a relay on a 1.9 km loop for 24 h
 *       (1 h with {@code --quick}) at ×60, calm weather: the share of the counted time with a drone on
 *       station (the first climb-out and weather holds are not counted: see {@link RelayFigures}) and
 *       the longest hand-off gap;</li>
 *   <li>{@code dispatch_to_airborne_s}: an incident 500 m away dispatched with the roof closed and
 *       every drone docked, from the request to the chosen drone off the ground (1 m), the worst of
 *       3 dispatches (1 with {@code --quick}), each from a closed roof again.</li>
 * </ul>
 * The whole day takes 24 minutes of real time.
 */
final class StationBench implements BenchGroup {

    static final double LAT = 36.8131;
    static final double LON = 118.0548;

    @Override
    public String name() {
        return "station";
    }

    @Override
    public String description() {
        return "relay coverage and hand-off gaps over a day, dispatch to airborne from a closed roof (simulated time)";
    }

    @Override
    public List<Figure> run(BenchOptions options) throws Exception {
        List<Figure> out = new ArrayList<>();
        RelayFigures relay = relay(options.quick() ? Duration.ofHours(1) : Duration.ofHours(24));
        System.err.println("bench: relay " + relay);
        out.add(new Figure("relay_coverage_pct", relay.coveragePercent(), "%"));
        out.add(new Figure("relay_max_handoff_gap_s", relay.maxGap().toMillis() / 1000.0, "s"));
        double[] airborne = dispatches(options.quick() ? 1 : 3);
        System.err.println("bench: dispatch to airborne, s: " + Arrays.toString(airborne));
        out.add(new Figure("dispatch_to_airborne_s", Arrays.stream(airborne).max().orElseThrow(), "s"));
        return out;
    }

    private static RigFile rig(int speed) {
        RigFile rig = RigFile.load(StationExtension.rigFile()).withSpeed(speed).withWeather(RigFile.Weather.CALM);
        if (!rig.allVirtual() || !rig.embeddedBroker()) {
            throw new IllegalStateException(rig.source() + ": the station benchmark needs the virtual rig and the embedded broker");
        }
        return rig;
    }

    static RelayFigures relay(Duration length) throws Exception {
        Path dir = Files.createTempDirectory("bench-relay");
        try (EmbeddedBroker broker = EmbeddedBroker.start(EmbeddedBroker.Options.inMemory(dir.resolve("broker")));
             Station station = Station.start(rig(60), dir, broker.url())) {
            ready(station);
            Fleet fleet = station.agent().fleet().orElseThrow();
            Fleet.Answer a = fleet.startRelay(loop()).toCompletableFuture().get();
            if (!(a instanceof Fleet.Accepted)) {
                throw new IllegalStateException("relay not started: " + a);
            }
            Duration step = Duration.ofHours(1);
            for (Duration done = Duration.ZERO; done.compareTo(length) < 0; done = done.plus(step)) {
                station.elapse(step.compareTo(length.minus(done)) < 0 ? step : length.minus(done));
                System.err.println("bench: relay after " + done.plus(step).toHours() + " h: " + fleet.view().relay());
            }
            return fleet.view().relay();
        }
    }

    static double[] dispatches(int n) throws Exception {
        Path dir = Files.createTempDirectory("bench-dispatch");
        double[] airborne = new double[n];
        try (EmbeddedBroker broker = EmbeddedBroker.start(EmbeddedBroker.Options.inMemory(dir.resolve("broker")));
             Station station = Station.start(rig(10), dir, broker.url())) {
            Fleet fleet = station.agent().fleet().orElseThrow();
            for (int i = 0; i < n; i++) {
                ready(station);
                String id = "bench-" + i;
                double dLat = 350 / 111_320.0;
                double dLon = 350 / (111_320.0 * Math.cos(Math.toRadians(LAT)));
                Fleet.Answer a = fleet.dispatch(new Fleet.Incident(id, new GeoPoint(LAT + dLat, LON + dLon), 1,
                        Duration.ofSeconds(30))).toCompletableFuture().get();
                if (!(a instanceof Fleet.Accepted)) {
                    throw new IllegalStateException("dispatch refused: " + a);
                }
                station.await(id + " airborne", Duration.ofMinutes(1), () -> fleet.view().lastDispatch()
                        .filter(d -> d.incident().equals(id) && d.steps().containsKey("airborne")).isPresent());
                airborne[i] = fleet.view().lastDispatch().orElseThrow().steps().get("airborne").toMillis() / 1000.0;
                System.err.printf(Locale.ROOT, "bench: dispatch %s: %s%n", id, fleet.view().lastDispatch().orElseThrow());
                station.await(id + ": every drone docked again", Duration.ofMinutes(10), () -> fleet.view().sorties().values()
                        .stream().allMatch(s -> s instanceof SortieMachine.Docked));
            }
        }
        return airborne;
    }

    private static void ready(Station station) {
        station.await("the nest ready: online, roof closed, weather allowing launches", Duration.ofMinutes(2), () ->
                station.agent().nest().map(n -> n.view().controllerOnline() && n.view().roof() instanceof RoofMachine.Closed
                        && n.view().weather().mayLaunch()).orElse(false)
                        && station.agent().fleet().map(f -> f.view().held().isEmpty()).orElse(false));
    }

    static PatrolRoute loop() {
        return io.streetstation.hil.scenario.Routes.ringRoad();
    }
}
