package io.streetstation.agent.nest;

import static org.assertj.core.api.Assertions.assertThat;

import io.streetstation.agent.config.OperationsSettings;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Long random runs of requests and faults through the roof machine and the interlocks, against a
 * model of the hardware (a roof motor that moves 10 % a tick, stalls, a controller whose reports
 * may lag a tick, an E-stop that cuts the motor, drones that cross the corridor, changing weather,
 * flaky bay sensors). After every step the invariants must hold:
 * <ul>
 *   <li>no open or close command reaches the motor while the E-stop is in force;</li>
 *   <li>no close command reaches the motor while a drone is in the corridor, and a drone entering
 *       the corridor while the roof closes stops the motor in the same step;</li>
 *   <li>{@link Interlocks#breaches} is empty;</li>
 *   <li>a launch is permitted only with the roof open, no E-stop, the controller online, the
 *       weather gate at GO, the corridor free, the bay's sensors agreeing on a drone, its bars
 *       released, no charge running, power on and the battery at or above the floor.</li>
 * </ul>
 * Seeded: a failure names its seed and step and the last events, and replays exactly.
 */
class NestInterlockPropertyTest {

    private static final int STEPS = 5_000;
    /** The defaults, but a hold clears 20 s after the weather is good again, so a run sees many launches. */
    private static final OperationsSettings SETTINGS = quickClearing(OperationsSettings.defaults());

    private static OperationsSettings quickClearing(OperationsSettings d) {
        OperationsSettings.Weather w = d.weather();
        return new OperationsSettings(new OperationsSettings.Weather(w.windLaunchMax(), w.gustLaunchMax(), w.rainLaunchMax(),
                w.windRecall(), w.gustRecall(), w.rainRecall(), w.temperatureMin(), w.temperatureMax(), w.staleAfter(),
                java.time.Duration.ofSeconds(20)), d.launch(), d.land(), d.roof(), d.flight(), d.patrols());
    }

    @TestFactory
    Stream<DynamicTest> randomRuns_keepTheInterlockInvariants() {
        int[] totals = new int[2];
        Stream<DynamicTest> runs = LongStream.range(1, 25).mapToObj(seed -> DynamicTest.dynamicTest("seed " + seed, () -> {
            Run run = new Run(seed);
            run.go();
            totals[0] += run.launches;
            totals[1] += run.refusedLaunches;
        }));
        // the runs must reach the interesting states, or the invariants above were checked on nothing
        DynamicTest coverage = DynamicTest.dynamicTest("the runs exercised permitted and refused launches", () -> {
            assertThat(totals[0]).as("permitted launches over all seeds").isGreaterThanOrEqualTo(50);
            assertThat(totals[1]).as("refused launches over all seeds").isGreaterThanOrEqualTo(500);
        });
        return Stream.concat(runs, Stream.of(coverage));
    }

    private enum Motor { STILL, OPENING, CLOSING }

    /** One run: the model of the hardware, the agent's view and machine, and the event history. */
    private static final class Run {
        private final long seed;
        private final SplittableRandom random;
        private final Deque<String> history = new ArrayDeque<>();
        private final WeatherGate gate = new WeatherGate(SETTINGS.weather());
        private Instant now = Instant.parse("2026-12-05T08:00:00Z");
        private NestView view;
        private Motor motor = Motor.STILL;
        private int position = 0;            // the hardware's truth, 0..100
        private boolean stalled;
        private boolean deadlineRunning;
        private RoofMachine.Reported lagging;  // a report written before the last command was taken
        private int launches;
        private int refusedLaunches;
        private int steps;

        Run(long seed) {
            this.seed = seed;
            this.random = new SplittableRandom(seed);
            gate.update(new WeatherReading(3, 5, 0, 15, now));
            List<BayView> bays = new ArrayList<>();
            for (int b = 1; b <= 4; b++) {
                bays.add(new BayView(b, true, true, BayView.Centring.RELEASED, BayView.Charger.IDLE, 90, true));
            }
            view = new NestView(new RoofMachine.Unknown(), NestView.EStop.CLEAR, true, gate.decide(now), bays,
                    Optional.empty(), SETTINGS.launch().batteryFloorPercent());
        }

        void go() {
            feed("controller reports CLOSED", new RoofMachine.Reported(RoofMachine.Phase.CLOSED, 0, 0));
            for (steps = 0; steps < STEPS; steps++) {
                now = now.plusSeconds(1);
                step();
                check();
            }
            System.out.printf("seed %d: %d launches permitted, %d refused%n", seed, launches, refusedLaunches);
        }

        /** One random event; faults are rarer than requests, and a fault clears sooner than it comes. */
        private void step() {
            int pick = random.nextInt(1000);
            if (pick < 150) {
                feed("open requested", new RoofMachine.OpenRequested());
            } else if (pick < 220) {
                feed("close requested", new RoofMachine.CloseRequested());
            } else if (pick < 250) {
                feed("stop requested", new RoofMachine.StopRequested());
            } else if (pick < 290) {
                feed("reset requested", new RoofMachine.ResetRequested());
            } else if (pick < 540) {
                tick();
            } else if (pick < 560) {
                stalled = true;
                note("the motor stalls");
            } else if (pick < 590) {
                if (deadlineRunning) {
                    feed("the motion deadline passes", new RoofMachine.TimedOut());
                }
            } else if (pick < 600) {
                pressEStop();
            } else if (pick < 650) {
                if (view.estop().active()) {
                    view = view.withEStop(NestView.EStop.CLEAR);
                    note("E-stop reset");
                }
            } else if (pick < 690) {
                enterCorridor("drone-" + (1 + random.nextInt(4)));
            } else if (pick < 760) {
                if (view.corridor().isPresent()) {
                    note(view.corridor().get() + " leaves the corridor");
                    view = view.withCorridor(Optional.empty());
                }
            } else if (pick < 820) {
                weather();
            } else if (pick < 835) {
                int b = 1 + random.nextInt(4);
                boolean a = random.nextBoolean();
                view = view.withBay(view.bay(b).withPresence(a, random.nextInt(3) == 0 ? !a : a));
                note("bay " + b + " sensors now " + view.bay(b).presentA() + "/" + view.bay(b).presentB());
            } else if (pick < 855) {
                int b = 1 + random.nextInt(4);
                view = view.withBay(view.bay(b).withBattery(random.nextInt(101)).withCharger(random.nextInt(4) == 0
                        ? BayView.Charger.CHARGING : BayView.Charger.IDLE));
                note("bay " + b + " battery " + view.bay(b).batteryPercent() + " %, charger " + view.bay(b).charger());
            } else if (pick < 865) {
                if (view.controllerOnline()) {
                    view = view.withControllerOnline(false);
                    note("controller offline");
                }
            } else if (pick < 900) {
                if (!view.controllerOnline()) {
                    view = view.withControllerOnline(true);
                    note("controller online");
                }
            } else if (pick < 960) {
                launch(1 + random.nextInt(4));
            } else {
                land(1 + random.nextInt(4));
            }
        }

        /** The motor moves 10 %, unless stalled or cut; the controller reports (sometimes a tick late). */
        private void tick() {
            if (motor != Motor.STILL && stalled) {
                motor = Motor.STILL;
                report("controller reports a stall", new RoofMachine.Reported(RoofMachine.Phase.FAULT, position, 0x0102));
                return;
            }
            if (motor == Motor.OPENING) {
                position = Math.min(100, position + 10);
            } else if (motor == Motor.CLOSING) {
                position = Math.max(0, position - 10);
            }
            RoofMachine.Phase phase;
            if (motor == Motor.OPENING && position == 100) {
                motor = Motor.STILL;
                phase = RoofMachine.Phase.OPEN;
            } else if (motor == Motor.CLOSING && position == 0) {
                motor = Motor.STILL;
                phase = RoofMachine.Phase.CLOSED;
            } else if (motor == Motor.OPENING) {
                phase = RoofMachine.Phase.OPENING;
            } else if (motor == Motor.CLOSING) {
                phase = RoofMachine.Phase.CLOSING;
            } else {
                phase = position == 0 ? RoofMachine.Phase.CLOSED : position == 100 ? RoofMachine.Phase.OPEN
                        : RoofMachine.Phase.STOPPED;
            }
            report("controller reports " + phase + " at " + position + " %", new RoofMachine.Reported(phase, position, 0));
        }

        private void report(String what, RoofMachine.Reported r) {
            if (lagging != null) {
                RoofMachine.Reported late = lagging;
                lagging = null;
                feed("controller's late report " + late.phase() + " at " + late.positionPercent() + " %", late);
            }
            if (random.nextInt(10) == 0) {
                lagging = r;   // it arrives next tick, before that tick's own
                note(what + " (delayed)");
                return;
            }
            feed(what, r);
        }

        private void pressEStop() {
            view = view.withEStop(new NestView.EStop(true, "local button"));
            motor = Motor.STILL;   // the hardware circuit cuts the motor whatever the agent does
            feed("E-stop pressed", new RoofMachine.EStopped("local button"));
        }

        private void enterCorridor(String drone) {
            view = view.withCorridor(Optional.of(drone));
            feed(drone + " enters the corridor", new RoofMachine.CorridorEntered(drone));
            if (motor == Motor.CLOSING) {
                throw new AssertionError(failure("the motor still closes after " + drone + " entered the corridor"));
            }
        }

        private void weather() {
            boolean wild = random.nextInt(4) == 0;
            WeatherReading r = wild
                    ? new WeatherReading(random.nextDouble() * 14, random.nextDouble() * 18,
                            random.nextInt(2) == 0 ? random.nextDouble() * 12 : 0, -25 + random.nextDouble() * 75, now)
                    : new WeatherReading(random.nextDouble() * 7, random.nextDouble() * 11, 0, random.nextDouble() * 30, now);
            view = view.withWeather(gate.update(r));
            note(String.format("weather wind %.1f gust %.1f rain %.1f temp %.1f → %s", r.windMps(), r.gustMps(),
                    r.rainMmPerH(), r.temperatureC(), view.weather().getClass().getSimpleName()));
        }

        /** A launch request; if permitted, the drone lifts off into the corridor and the bay empties. */
        private void launch(int bay) {
            String drone = "drone-" + bay;
            List<Refusal> refusals = Interlocks.check(Interlocks.Request.drone(Actuation.LAUNCH, bay, drone), view);
            note("launch " + drone + ": " + (refusals.isEmpty() ? "permitted" : refusals.stream().map(Refusal::code).toList()));
            if (!refusals.isEmpty()) {
                refusedLaunches++;
                return;
            }
            launches++;
            BayView b = view.bay(bay);
            List<String> wrong = new ArrayList<>();
            if (!(view.roof() instanceof RoofMachine.Open) || motor != Motor.STILL || position != 100) {
                wrong.add("roof " + RoofMachine.describe(view.roof()) + ", motor " + motor + " at " + position + " %");
            }
            if (view.estop().active() || !view.controllerOnline() || !view.weather().mayLaunch()) {
                wrong.add("E-stop " + view.estop() + ", online " + view.controllerOnline() + ", weather " + view.weather());
            }
            if (view.corridor().isPresent() && !view.corridor().get().equals(drone)) {
                wrong.add("corridor taken by " + view.corridor().get());
            }
            if (!b.occupied() || b.centring() != BayView.Centring.RELEASED || b.charger() == BayView.Charger.CHARGING
                    || !b.dronePower() || b.batteryPercent() < SETTINGS.launch().batteryFloorPercent()) {
                wrong.add("bay " + b);
            }
            if (!wrong.isEmpty()) {
                throw new AssertionError(failure("launch permitted although " + wrong));
            }
            view = view.withCorridor(Optional.of(drone)).withBay(b.withPresence(false, false).withBattery(BayView.UNKNOWN));
            feed(drone + " climbs out through the corridor", new RoofMachine.CorridorEntered(drone));
        }

        /** A landing request for the drone of {@code bay}; if permitted, it comes down through the corridor into the bay. */
        private void land(int bay) {
            String drone = "drone-" + bay;
            List<Refusal> refusals = Interlocks.check(Interlocks.Request.drone(Actuation.LAND, bay, drone), view);
            note("land " + drone + ": " + (refusals.isEmpty() ? "permitted" : refusals.stream().map(Refusal::code).toList()));
            if (!refusals.isEmpty()) {
                return;
            }
            BayView b = view.bay(bay);
            if (!(view.roof() instanceof RoofMachine.Open) || view.estop().active() || !b.empty()
                    || (view.corridor().isPresent() && !view.corridor().get().equals(drone))) {
                throw new AssertionError(failure("landing permitted into " + b + " with roof " + RoofMachine.describe(view.roof())
                        + ", E-stop " + view.estop() + ", corridor " + view.corridor()));
            }
            enterCorridor(drone);
            view = view.withBay(b.withPresence(true, true).withBattery(20 + random.nextInt(81)).withDronePower(true)
                    .withCentring(BayView.Centring.RELEASED).withCharger(BayView.Charger.IDLE)).withCorridor(Optional.empty());
            note(drone + " is down in bay " + bay);
        }

        /** One event into the machine, with the interlocks of the current view; its actions drive the model motor. */
        private void feed(String what, RoofMachine.Event e) {
            RoofMachine.State before = view.roof();
            RoofMachine.Context ctx = new RoofMachine.Context(SETTINGS.roof(),
                    a -> Interlocks.check(Interlocks.Request.roof(a), view));
            RoofMachine.Transition t = RoofMachine.step(before, e, ctx);
            note(what + " → " + describe(t));
            if (t instanceof RoofMachine.Go go) {
                for (RoofMachine.Action a : go.actions()) {
                    act(a);
                }
                view = view.withRoof(go.next());
            }
        }

        private void act(RoofMachine.Action a) {
            switch (a) {
                case RoofMachine.MotorOpen m -> {
                    if (view.estop().active()) {
                        throw new AssertionError(failure("MotorOpen under an E-stop"));
                    }
                    motor = Motor.OPENING;
                    stalled = false;
                }
                case RoofMachine.MotorClose m -> {
                    if (view.estop().active() || view.corridor().isPresent()) {
                        throw new AssertionError(failure("MotorClose with E-stop " + view.estop() + ", corridor "
                                + view.corridor()));
                    }
                    motor = Motor.CLOSING;
                    stalled = false;
                }
                case RoofMachine.MotorStop m -> motor = Motor.STILL;
                case RoofMachine.StartDeadline d -> deadlineRunning = true;
                case RoofMachine.CancelDeadline c -> deadlineRunning = false;
                case RoofMachine.RequestStatus r -> { }
                case RoofMachine.Alarm alarm -> { }
            }
        }

        private void check() {
            List<String> breaches = Interlocks.breaches(view);
            if (!breaches.isEmpty()) {
                throw new AssertionError(failure("breaches " + breaches));
            }
            if (motor == Motor.CLOSING && view.corridor().isPresent()) {
                throw new AssertionError(failure("the motor closes with " + view.corridor().get() + " in the corridor"));
            }
            if (motor != Motor.STILL && view.estop().active()) {
                throw new AssertionError(failure("the motor runs under an E-stop"));
            }
        }

        private void note(String s) {
            history.addLast(steps + ": " + s);
            if (history.size() > 25) {
                history.removeFirst();
            }
        }

        private String failure(String what) {
            return "seed " + seed + ", step " + steps + ": " + what + "\nroof " + RoofMachine.describe(view.roof())
                    + ", motor " + motor + " at " + position + " %\nlast events:\n  " + String.join("\n  ", history);
        }

        private static String describe(RoofMachine.Transition t) {
            return switch (t) {
                case RoofMachine.Go go -> RoofMachine.describe(go.next()) + " " + go.actions().stream()
                        .map(a -> a.getClass().getSimpleName()).toList();
                case RoofMachine.Refused r -> "refused " + r.refusals().stream().map(Refusal::code).toList();
                case RoofMachine.Rejected r -> "rejected: " + r.reason();
            };
        }
    }
}
