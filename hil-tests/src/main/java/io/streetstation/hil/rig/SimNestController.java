package io.streetstation.hil.rig;

import io.streetstation.bridge.frame.FrameEndpoint;
import io.streetstation.bridge.frame.Inbound;
import io.streetstation.bridge.frame.MessageHandler;
import io.streetstation.bridge.frame.Verdict;
import io.streetstation.bridge.frame.msg.BayCommand;
import io.streetstation.bridge.frame.msg.BayState;
import io.streetstation.bridge.frame.msg.ClimateMode;
import io.streetstation.bridge.frame.msg.ClimateSetMode;
import io.streetstation.bridge.frame.msg.ClimateState;
import io.streetstation.bridge.frame.msg.DeviceEvent;
import io.streetstation.bridge.frame.msg.DeviceKind;
import io.streetstation.bridge.frame.msg.EStopReset;
import io.streetstation.bridge.frame.msg.EStopState;
import io.streetstation.bridge.frame.msg.EStopTrigger;
import io.streetstation.bridge.frame.msg.FirmwareVersion;
import io.streetstation.bridge.frame.msg.LightColour;
import io.streetstation.bridge.frame.msg.LightPattern;
import io.streetstation.bridge.frame.msg.PeerIdentity;
import io.streetstation.bridge.frame.msg.PowerState;
import io.streetstation.bridge.frame.msg.Role;
import io.streetstation.bridge.frame.msg.RoofCommand;
import io.streetstation.bridge.frame.msg.RoofState;
import io.streetstation.bridge.frame.msg.StationAddress;
import io.streetstation.bridge.frame.msg.StationMessage;
import io.streetstation.bridge.frame.msg.StatusRequest;
import io.streetstation.bridge.frame.msg.TowerLightCommand;
import io.streetstation.bridge.frame.msg.TowerLightState;
import io.streetstation.bridge.frame.msg.Weather;
import io.streetstation.bridge.link.Link;
import io.streetstation.bridge.time.StationClock;
import io.streetstation.hil.rig.model.ChargerModel;
import io.streetstation.hil.rig.model.RoofModel;
import io.streetstation.hil.rig.model.SimTimings;
import io.streetstation.hil.rig.model.WeatherModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.tinylog.Logger;
import org.tinylog.TaggedLogger;

/**
 * The nest controller's firmware, simulated: roof motor, four bays (two presence sensors each,
 * centring bars, charge contacts, a CC/CV charger), weather station, climate, E-stop, tower light
 * and UPS, speaking the station frame protocol as a device on the RS-485 bus.
 *
 * <p>Commands are answered the way the firmware answers them: ACK = accepted for execution, the
 * effect shows in the state messages that follow (roof OPENING … OPEN); NAK REFUSED with a reason
 * when the firmware's own interlocks say no (E-stop latched, motor faulted). Periodic states go
 * out without ACK (the next one replaces a lost one): roof 1 Hz (4 Hz while moving), each bay
 * 1 Hz, weather 1 Hz, E-stop and tower light every 5 s and on change, power and climate every 10 s.
 *
 * <p>All model state is guarded by this object's monitor: commands arrive on the bus reader
 * thread, the physics step runs on the clock's thread.
 */
public final class SimNestController implements MessageHandler, AutoCloseable {

    private static final TaggedLogger LOG = Logger.tag("sim");
    private static final Duration STEP = Duration.ofMillis(100);
    static final int BAYS = 4;

    private final SimTimings timings;
    private final StationClock clock;
    private final FrameEndpoint endpoint;
    private final RoofModel roof;
    private final WeatherModel weather;
    private final ChargerModel[] chargers = new ChargerModel[BAYS];
    private final boolean[] present = new boolean[BAYS];
    private final boolean[] sensorBDisagrees = new boolean[BAYS];
    private final BayState.Centring[] centring = new BayState.Centring[BAYS];
    private final long[] centringDoneAt = new long[BAYS];
    private final boolean[] dronePower = new boolean[BAYS];
    private final List<String> commands = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean roofOpenNow;
    private volatile double windNow;
    private final List<StationClock.Timer> timers = new ArrayList<>();
    private boolean estopPressed;
    private boolean estopLatched;
    private EStopState.Source estopSource = EStopState.Source.NONE;
    private LightColour light = LightColour.GREEN;
    private LightPattern lightPattern = LightPattern.STEADY;
    private ClimateMode climateMode = ClimateMode.AUTO;
    private boolean mains = true;
    private double ups = 100;
    private long ticks;
    /** station-clock nanos of the last physics step; the models advance by what really elapsed */
    private final ElapsedStep elapsed;
    private WeatherModel.Reading reading;
    private volatile java.util.function.BiConsumer<Integer, Double> chargeListener = (bay, percent) -> { };
    private volatile java.util.function.BiConsumer<Integer, Boolean> powerListener = (bay, on) -> { };
    private RoofModel.State lastRoofState;

    /**
     * @param bus this device's view of the RS-485 bus
     * @param batteries battery level of the drone in each bay, %, or a negative value for an empty bay
     */
    public SimNestController(Link bus, StationClock clock, SimTimings timings, WeatherModel weather,
                             double[] batteries, long bootId) {
        this.timings = timings;
        this.clock = clock;
        this.elapsed = new ElapsedStep(clock, STEP);
        this.roof = new RoofModel(timings);
        this.weather = weather;
        for (int i = 0; i < BAYS; i++) {
            present[i] = batteries[i] >= 0;
            chargers[i] = new ChargerModel(timings, Math.max(0, batteries[i]));
            centring[i] = present[i] ? BayState.Centring.CLAMPED : BayState.Centring.RELEASED;
            dronePower[i] = present[i];   // parked drones start powered (their telemetry is live)
            chargers[i].contacts(present[i]);
        }
        this.lastRoofState = roof.state();
        PeerIdentity me = new PeerIdentity(Role.DEVICE, DeviceKind.NEST_CONTROLLER, bootId,
                new FirmwareVersion(2, 3, 1), 0, "NEST-SIM-" + Long.toHexString(bootId & 0xFFFF));
        this.endpoint = new FrameEndpoint(bus, clock, SimEndpoints.device(StationAddress.NEST, me, clock), this);
        endpoint.start();
        timers.add(clock.scheduleAtFixedRate(STEP, STEP, this::step));
        LOG.info("nest controller simulated at 0x10: {} drones in their bays", countPresent());
    }

    private int countPresent() {
        int n = 0;
        for (boolean p : present) {
            n += p ? 1 : 0;
        }
        return n;
    }

    // ---------------------------------------------------------------- commands (bus reader thread)

    @Override
    public synchronized Verdict onMessage(Inbound in) {
        StationMessage m = in.message();
        switch (m) {
            case RoofCommand c -> commands.add("roof " + c.action());
            case BayCommand c -> commands.add("bay " + c.bay() + " " + c.action());
            default -> { }
        }
        return switch (m) {
            case RoofCommand c -> roofCommand(c);
            case BayCommand c -> bayCommand(c);
            case EStopTrigger t -> {
                commands.add("estop trigger");
                if (!estopLatched) {
                    estopLatched = true;
                    estopSource = EStopState.Source.AGENT;
                    roof.stop();
                    LOG.info("nest: E-stop latched by the agent");
                }
                yield Verdict.ACCEPTED;
            }
            case EStopReset r -> {
                commands.add("estop reset");
                if (estopPressed) {
                    yield Verdict.refused("E-stop button still pressed");
                }
                estopLatched = false;
                boolean motor = roof.reset();   // and a latched motor fault (PROTOCOL.md)
                LOG.info("nest: E-stop reset{}", motor ? ", roof motor fault cleared" : "");
                yield Verdict.ACCEPTED;
            }
            case TowerLightCommand t -> {
                light = t.colour();
                lightPattern = t.pattern();
                yield Verdict.ACCEPTED;
            }
            case ClimateSetMode c -> {
                climateMode = c.mode();
                yield Verdict.ACCEPTED;
            }
            case StatusRequest s -> Verdict.ACCEPTED;   // the next periodic states answer it within a second
            default -> Verdict.refused("nest controller does not handle " + m.getClass().getSimpleName());
        };
    }

    private Verdict roofCommand(RoofCommand c) {
        if (c.action() == RoofCommand.Action.STOP) {
            roof.stop();
            return Verdict.ACCEPTED;
        }
        if (estopLatched) {
            return Verdict.refused("E-stop latched");
        }
        RoofModel.Refusal r = c.action() == RoofCommand.Action.OPEN ? roof.open() : roof.close();
        if (r == RoofModel.Refusal.FAULTED) {
            return Verdict.refused("roof motor faulted: " + roof.faultReason());
        }
        LOG.info("nest: roof {} ({})", c.action(), r == null ? "moving" : "already there");
        return Verdict.ACCEPTED;
    }

    private Verdict bayCommand(BayCommand c) {
        int i = c.bay() - 1;
        if (estopLatched && c.action() != BayCommand.Action.CHARGE_STOP && c.action() != BayCommand.Action.DRONE_POWER_OFF) {
            return Verdict.refused("E-stop latched");
        }
        switch (c.action()) {
            case CENTRING_CLAMP -> moveBars(i, BayState.Centring.CLAMPING);
            case CENTRING_RELEASE -> {
                chargers[i].contacts(false);
                moveBars(i, BayState.Centring.RELEASING);
            }
            case CHARGE_START -> chargers[i].start();
            case CHARGE_STOP -> chargers[i].stop();
            case DRONE_POWER_ON -> {
                dronePower[i] = true;
                powerListener.accept(c.bay(), true);
            }
            case DRONE_POWER_OFF -> {
                dronePower[i] = false;
                powerListener.accept(c.bay(), false);
            }
        }
        LOG.info("nest: bay {} {}", c.bay(), c.action());
        return Verdict.ACCEPTED;
    }

    private void moveBars(int i, BayState.Centring motion) {
        centring[i] = motion;
        centringDoneAt[i] = clock.millis() + timings.centring().toMillis();
    }

    // ---------------------------------------------------------------- physics and reports (clock thread)

    private void step() {
        List<StationMessage> out = new ArrayList<>();
        synchronized (this) {
            ticks++;
            Duration dt = elapsed.next();
            roof.step(dt);
            weather.step(dt);
            reading = weather.read();
            roofOpenNow = roof.state() == RoofModel.State.OPEN;
            windNow = reading.wind();
            for (int i = 0; i < BAYS; i++) {
                chargers[i].step(dt);
                if ((centring[i] == BayState.Centring.CLAMPING || centring[i] == BayState.Centring.RELEASING)
                        && clock.millis() >= centringDoneAt[i]) {
                    boolean clamped = centring[i] == BayState.Centring.CLAMPING;
                    centring[i] = clamped ? BayState.Centring.CLAMPED : BayState.Centring.RELEASED;
                    chargers[i].contacts(clamped && present[i]);
                }
            }
            for (int i = 0; i < BAYS; i++) {
                if (present[i] && chargers[i].state() == ChargerModel.State.CHARGING) {
                    chargeListener.accept(i + 1, chargers[i].percent());
                }
            }
            ups = mains ? Math.min(100, ups + 0.001) : Math.max(0, ups - 0.01);
            boolean roofChanged = roof.state() != lastRoofState;
            if (roofChanged && roof.state() == RoofModel.State.FAULT) {
                out.add(new DeviceEvent(0x0101, DeviceEvent.Severity.FAULT, "roof: " + roof.faultReason()));
            }
            lastRoofState = roof.state();
            boolean moving = roof.state() == RoofModel.State.OPENING || roof.state() == RoofModel.State.CLOSING;
            if (roofChanged || ticks % (moving ? 2 : 10) == 0) {
                out.add(roofState());
            }
            if (ticks % 10 == 3) {
                for (int i = 0; i < BAYS; i++) {
                    out.add(bayState(i));
                }
            }
            if (ticks % 10 == 5) {
                out.add(weatherReading());
            }
            if (ticks % 50 == 7) {
                out.add(new EStopState(estopPressed, estopLatched, estopPressed ? EStopState.Source.LOCAL_BUTTON
                        : estopLatched ? estopSource : EStopState.Source.NONE));
                out.add(new TowerLightState(light, lightPattern));
            }
            if (ticks % 100 == 9) {
                out.add(new PowerState(mains, (int) Math.round(ups), (int) Math.round(ups * 36), mains ? 24_100 : 23_200));
                out.add(new ClimateState(2150, 4500, false, true, false, climateMode, 2200));
            }
        }
        for (StationMessage m : out) {
            publish(m);
        }
    }

    private void publish(StationMessage m) {
        if (!endpoint.peerSession(StationAddress.AGENT).isEstablished()) {
            return;   // the firmware speaks only once the agent has greeted it
        }
        try {
            if (m instanceof DeviceEvent) {
                endpoint.send(StationAddress.AGENT, m);   // faults are reliable
            } else {
                endpoint.publish(StationAddress.AGENT, m);
            }
        } catch (Exception e) {
            LOG.debug("nest: {} not sent: {}", m.getClass().getSimpleName(), e.toString());
        }
    }

    private RoofState roofState() {
        RoofState.Phase phase = RoofState.Phase.valueOf(roof.state().name());
        return new RoofState(phase, (int) Math.round(roof.position()), roof.motorCurrentMilliAmps(),
                roof.state() == RoofModel.State.FAULT ? 0x0101 : 0);
    }

    private BayState bayState(int i) {
        ChargerModel c = chargers[i];
        return new BayState(i + 1, present[i], present[i] != sensorBDisagrees[i], centring[i],
                centring[i] == BayState.Centring.CLAMPED && present[i], BayState.Charger.valueOf(c.state().name()),
                present[i] ? c.voltageMilliVolts() : 0, c.currentMilliAmps(),
                present[i] ? (int) Math.round(c.percent()) : BayState.UNKNOWN, dronePower[i]);
    }

    private Weather weatherReading() {
        WeatherModel.Reading r = reading != null ? reading : weather.read();
        return new Weather((int) Math.round(r.wind() * 100), (int) Math.round(r.gust() * 100),
                (int) Math.round(r.directionDeg() * 10) % 3600, (int) Math.round(r.rain() * 10),
                (int) Math.round(r.temperature() * 100), (int) Math.round(r.humidity() * 100),
                (int) Math.round(r.pressureHpa() * 10));
    }

    // ---------------------------------------------------------------- fault injection and inspection

    /** Why the roof motor faulted (with how long the over-current lasted), or null. */
    /** Every roof and bay command executed, in order ("roof OPEN", "bay 2 DRONE_POWER_ON"); the frame layer drops retransmitted duplicates. */
    public List<String> commands() {
        return List.copyOf(commands);
    }

    public synchronized String roofFaultReason() {
        return roof.faultReason();
    }

    public synchronized void roofBlocked(boolean blocked) {
        roof.blocked(blocked);
    }

    public synchronized void chargerFault(int bay, String why) {
        chargers[bay - 1].fault(why);
    }

    /** Presence sensor B of {@code bay} reads the opposite of sensor A. */
    public synchronized void baySensorDisagreement(int bay, boolean disagree) {
        sensorBDisagrees[bay - 1] = disagree;
    }

    public synchronized void estop(boolean pressed) {
        estopPressed = pressed;
        if (pressed) {
            estopLatched = true;
            estopSource = EStopState.Source.LOCAL_BUTTON;
            roof.stop();
            LOG.info("nest: E-stop pressed");
        }
    }

    /** Rain at {@code mmPerHour} for {@code duration} of station time. */
    public synchronized void rain(double mmPerHour, Duration duration) {
        weather.rain(mmPerHour, duration);
    }

    /**
     * The firmware raises {@code event} now, sent reliably like every DEVICE_EVENT: for benchmarks
     * and scenarios that need an event at a known moment. Returns the {@link System#nanoTime()}
     * taken just before its frame is written to the link (the endpoint writes in this thread), or
     * -1 (nothing sent) while the agent has not greeted the controller, since the firmware only
     * speaks to a greeted agent.
     */
    public synchronized long raise(DeviceEvent event) {
        if (!endpoint.peerSession(StationAddress.AGENT).isEstablished()) {
            return -1;
        }
        long at = System.nanoTime();
        publish(event);
        return at;
    }

    /** Sustained wind and gusts, m/s, for {@code duration} of station time. */
    public synchronized void wind(double sustained, double gust, Duration duration) {
        weather.wind(sustained, gust, duration);
    }

    /** Wind now, m/s, as the weather station measures it (for the drones' battery drain). */
    public synchronized double windSpeed() {
        return reading != null ? reading.wind() : weather.read().wind();
    }

    /**
     * A drone left its bay or landed on it: both presence sensors follow, the charge contacts open
     * when it leaves, and its pack level becomes the charger's.
     */
    public synchronized void dronePresent(int bay, boolean isPresent, double batteryPercent) {
        int i = bay - 1;
        present[i] = isPresent;
        chargers[i].battery(batteryPercent);
        chargers[i].contacts(isPresent && centring[i] == BayState.Centring.CLAMPED);
        LOG.info("nest: bay {} {}", bay, isPresent ? "drone landed" : "drone left");
    }

    /** Told (bay, on) when the agent switches a bay's drone power. */
    public void onDronePower(java.util.function.BiConsumer<Integer, Boolean> listener) {
        powerListener = listener;
    }

    /** Told (bay, percent) every step a bay's charger charges a drone. */
    public void onCharge(java.util.function.BiConsumer<Integer, Double> listener) {
        chargeListener = listener;
    }

    public synchronized void mains(boolean present) {
        mains = present;
    }

    public synchronized RoofModel.State roofPhase() {
        return roof.state();
    }

    /**
     * Whether the roof is fully open, as of the last physics step, without this simulator's lock: for
     * the copters, which ask under their own lock while this simulator calls them (power, charge)
     * under its lock — taking each other's locks in opposite orders deadlocks.
     */
    public boolean roofOpenNow() {
        return roofOpenNow;
    }

    /** The wind, m/s, as of the last physics step, without this simulator's lock (see {@link #roofOpenNow}). */
    public double windNow() {
        return windNow;
    }

    public synchronized double roofPosition() {
        return roof.position();
    }

    public FrameEndpoint endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        timers.forEach(StationClock.Timer::cancel);
        endpoint.close();
    }
}
