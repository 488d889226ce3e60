package io.streetstation.agent.runtime;

import io.streetstation.agent.config.StationConfig;
import io.streetstation.agent.device.DeviceHealth;
import io.streetstation.agent.device.FrameBusMonitor;
import io.streetstation.agent.device.FrameNest;
import io.streetstation.agent.job.JobMachine;
import io.streetstation.agent.job.JobRunner;
import io.streetstation.agent.job.Plan;
import io.streetstation.agent.job.Step;
import io.streetstation.agent.nest.Nest;
import io.streetstation.agent.nest.NestView;
import io.streetstation.agent.nest.Reason;
import io.streetstation.agent.nest.RoofMachine;
import io.streetstation.agent.nest.WeatherGate;
import io.streetstation.agent.device.FrameDeviceMonitor;
import io.streetstation.bridge.frame.msg.DeviceKind;
import io.streetstation.bridge.frame.msg.FirmwareVersion;
import io.streetstation.bridge.frame.msg.PeerIdentity;
import io.streetstation.bridge.frame.msg.Role;
import io.streetstation.agent.device.VehicleMonitor;
import io.streetstation.bridge.gpio.DigitalPins;
import io.streetstation.bridge.gpio.Pi4jDigitalPins;
import io.streetstation.bridge.link.SerialConfig;
import io.streetstation.bridge.link.SerialLink;
import io.streetstation.bridge.mavlink.MavlinkConfig;
import io.streetstation.bridge.mavlink.MavlinkEndpoint;
import io.streetstation.bridge.mavlink.MessageCatalog;
import io.streetstation.bridge.mavlink.SigningConfig;
import io.streetstation.bridge.mavlink.UnsignedPolicy;
import io.streetstation.bridge.time.StationClock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLSocketFactory;
import io.streetstation.agent.config.UplinkSettings;
import io.streetstation.agent.uplink.Outbox;
import io.streetstation.agent.uplink.Topics;
import io.streetstation.agent.uplink.PahoTransport;
import io.streetstation.agent.uplink.TlsMaterial;
import io.streetstation.agent.uplink.Uplink;
import io.streetstation.agent.uplink.command.CommandDispatcher;
import io.streetstation.agent.uplink.command.CommandJournal;
import io.streetstation.agent.uplink.command.CommandKeys;
import io.streetstation.agent.uplink.command.CommandVerifier;
import org.tinylog.Logger;
import org.tinylog.TaggedLogger;

/**
 * The composition root: opens what the station configuration names, in start order — board pins,
 * the station frame buses (nest, rack, cameras), then every vehicle's serial link and MAVLink
 * endpoint — and closes it all in reverse order.
 * Nothing is opened anywhere else.
 */
public final class StationRuntime implements AutoCloseable {

    private static final TaggedLogger LOG = Logger.tag("runtime");
    /** What the agent announces to station firmware in its HELLO. */
    static final FirmwareVersion AGENT_VERSION = new FirmwareVersion(0, 1, 0);

    /** {@link #AGENT_VERSION} as central sees it ("0.1.0"). */
    static String agentVersion() {
        return AGENT_VERSION.major() + "." + AGENT_VERSION.minor() + "." + AGENT_VERSION.patch();
    }

    private final StationConfig config;
    private final StationClock clock;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final List<VehicleMonitor> vehicles = new ArrayList<>();
    private final List<FrameBusMonitor> buses = new ArrayList<>();
    private DigitalPins pins;
    private Outbox outbox;
    private StationReporter reporter;
    private CommandDispatcher commands;
    private Uplink uplink;
    private Nest nest;
    private final io.streetstation.agent.job.JobProgress jobProgress = new io.streetstation.agent.job.JobProgress();
    private JobRunner jobs;
    private io.streetstation.agent.ops.Fleet fleet;
    private io.streetstation.agent.journal.OperationsJournal journal;
    private io.streetstation.agent.journal.JournalListener journalListener;
    private io.streetstation.agent.journal.ScheduleStore schedules;
    private io.streetstation.agent.ops.Scheduler scheduler;

    private StationRuntime(StationConfig config, StationClock clock) {
        this.config = config;
        this.clock = clock;
    }

    /**
     * Starts the station. On a failure part-way, what was already started is closed again
     * before the exception propagates.
     */
    public static StationRuntime start(StationConfig config, StationClock clock) {
        StationRuntime r = new StationRuntime(config, clock);
        try {
            r.startAll();
        } catch (RuntimeException | Error e) {
            r.close();
            throw e;
        }
        return r;
    }

    private void startAll() {
        LOG.info("station {} ({}) starting: {} vehicles, {} frame buses, gpio {}", config.stationId(),
                config.stationName(), config.vehicles().size(), config.buses().size(), config.gpio().provider());
        pins = Pi4jDigitalPins.open(config.gpio());
        started.push(pins);

        PeerIdentity agent = new PeerIdentity(Role.AGENT, DeviceKind.AGENT,
                1 + java.util.concurrent.ThreadLocalRandom.current().nextLong(0xFFFF_FFFEL), AGENT_VERSION, 0,
                config.stationId().length() <= 32 ? config.stationId() : config.stationId().substring(0, 32));
        for (StationConfig.FrameBus b : config.buses()) {
            SerialConfig port = SerialConfig.of(config.resolve(b.port().path()))
                    .withBaud(b.port().baud())
                    .withExclusive(config.serial().exclusive());
            FrameBusMonitor bus = new FrameBusMonitor(b, new SerialLink(b.name(), port, clock), clock, agent);
            started.push(bus);
            buses.add(bus);
            LOG.info("bus {}: {} ({}), devices {}", b.name(), port.path(), port.framing(), b.devices().stream()
                    .map(d -> String.format("%s@0x%02x", d.name(), d.address())).toList());
        }

        startNest();

        byte[] key = config.mavlink().signingKey().map(SigningKeys::read).orElse(null);
        MessageCatalog names = new MessageCatalog(MavlinkConfig.defaults().dialect());
        Integer[] unsignedIds = config.mavlink().acceptUnsigned().stream().map(names::id).toArray(Integer[]::new);
        int linkId = 0;
        for (StationConfig.Vehicle v : config.vehicles()) {
            SerialConfig port = SerialConfig.of(config.resolve(v.port().path()))
                    .withBaud(v.port().baud())
                    .withExclusive(config.serial().exclusive());
            SerialLink link = new SerialLink(v.name(), port, clock);
            MavlinkConfig mav = MavlinkConfig.defaults()
                    .withIds(config.mavlink().systemId(), config.mavlink().componentId())
                    .withLinkTiming(config.mavlink().heartbeatInterval(), config.mavlink().linkLostAfter());
            if (key != null) {
                mav = mav.withSigning(new SigningConfig(key, ++linkId, UnsignedPolicy.acceptListed(unsignedIds)));
            }
            MavlinkEndpoint endpoint = MavlinkEndpoint.start(link, clock, mav);
            started.push(endpoint);
            vehicles.add(new VehicleMonitor(v, link, endpoint, clock));
            LOG.info("{}: {} on {} ({}), system id {}{}", v.name(), v.kind().name().toLowerCase(), port.path(),
                    port.framing(), v.systemId(), key != null ? ", signed" : "");
        }
        startFleet();
        config.uplink().ifPresentOrElse(this::startUplink,
                () -> LOG.warn("no uplink configured: the station runs standalone, central sees nothing"));
        wireDoors();
    }

    /** The board's GPIO input that is the backup rain sensor (a wet/dry switch; active = wet). */
    static final String RAIN_BACKUP_INPUT = "rain-backup";
    /** The board's GPIO inputs named {@code door-…} are door switches (active = open). */
    static final String DOOR_PREFIX = "door-";

    /**
     * The backup rain sensor, if the station's {@code gpio} names one {@value #RAIN_BACKUP_INPUT},
     * goes to the nest's weather gate: wet holds launches whatever the weather station reads.
     */
    private void wireRainBackup(Nest n) {
        if (!follow(RAIN_BACKUP_INPUT, n::rainBackup)) {
            LOG.info("gpio: no input '{}': launches follow the weather station alone", RAIN_BACKUP_INPUT);
            return;
        }
        boolean wet = pins.isActive(RAIN_BACKUP_INPUT);
        n.rainBackup(wet);
        LOG.info("gpio: input '{}' is the backup rain sensor ({})", RAIN_BACKUP_INPUT, wet ? "WET at start" : "dry");
    }

    /**
     * Every input named {@code door-…} is a door switch: each opening and closing is a station
     * event for central ({@code door.opened} / {@code door.closed}, the door named in the text), and
     * a door found open at start is reported as opened.
     */
    private void wireDoors() {
        List<String> doors = config.gpio().inputs().stream().map(i -> i.id()).filter(id -> id.startsWith(DOOR_PREFIX)).toList();
        if (doors.isEmpty()) {
            return;
        }
        pins.onChange(c -> {
            if (c.id().startsWith(DOOR_PREFIX)) {
                door(c.id(), c.active(), false);
            }
        });
        for (String d : doors) {
            boolean open = pins.isActive(d);
            if (open) {
                door(d, true, true);
            }
            LOG.info("gpio: input '{}' is a door switch ({})", d, open ? "OPEN at start" : "closed");
        }
    }

    private void door(String id, boolean open, boolean atStart) {
        String text = "door " + id.substring(DOOR_PREFIX.length()) + (open ? " opened" : " closed") + (atStart ? " (open at start)" : "");
        LOG.info("gpio: {}", text);
        StationReporter r = reporter;
        if (r != null) {
            r.stateEvent(Topics.STATION, open ? "door.opened" : "door.closed", text);
        }
    }

    /** The board's GPIO input that is the station's own E-stop button (NC loop; active = pressed). */
    static final String ESTOP_INPUT = "estop";

    /**
     * The board's E-stop input, if the station's {@code gpio} names one {@value #ESTOP_INPUT}, goes
     * to the nest: pressed stops and latches everything, released leaves it latched until reset.
     */
    private void wireBoardEStop(Nest n) {
        if (!follow(ESTOP_INPUT, n::boardEStop)) {
            LOG.warn("gpio: no input '{}': the board has no E-stop of its own (the nest controller's buttons still stop the nest)",
                    ESTOP_INPUT);
            return;
        }
        boolean pressed = pins.isActive(ESTOP_INPUT);
        if (pressed) {
            n.boardEStop(true);
        }
        LOG.info("gpio: input '{}' is the board's E-stop ({})", ESTOP_INPUT, pressed ? "PRESSED at start" : "released");
    }

    /**
     * If the station's {@code gpio} configures input {@code id}, {@code onChange} hears every change
     * of it (active or not) and the answer is true; otherwise nothing is registered.
     */
    private boolean follow(String id, java.util.function.Consumer<Boolean> onChange) {
        if (config.gpio().inputs().stream().noneMatch(i -> i.id().equals(id))) {
            return false;
        }
        pins.onChange(c -> {
            if (c.id().equals(id)) {
                onChange.accept(c.active());
            }
        });
        return true;
    }

    /**
     * The nest's actor on its own thread, fed by the controller named {@code nest} on a frame bus
     * (none configured: no nest, its commands are not offered).
     */
    private void startNest() {
        for (FrameBusMonitor bus : buses) {
            for (FrameDeviceMonitor d : bus.devices()) {
                if (!d.name().equals("nest")) {
                    continue;
                }
                FrameNest controller = new FrameNest(bus, d);
                java.util.concurrent.ExecutorService thread = java.util.concurrent.Executors.newSingleThreadExecutor(
                        r -> Thread.ofPlatform().name("nest").daemon().unstarted(r));
                started.push(thread::shutdown);
                Nest n = new Nest(config.operations(), controller, clock, new Nest.Listener() {
                    @Override
                    public void roofChanged(RoofMachine.State from, RoofMachine.State to) {
                        StationReporter r = reporter;
                        if (r != null && from.getClass() != to.getClass()) {
                            r.nestEvent("roof." + to.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT),
                                    "roof " + RoofMachine.describe(from) + " → " + RoofMachine.describe(to));
                        }
                    }

                    @Override
                    public void weatherChanged(WeatherGate.Decision decision) {
                        StationReporter r = reporter;
                        if (r != null) {
                            r.nestEvent("weather." + decision.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT),
                                    decision.reasons().isEmpty() ? "weather within limits: launches allowed"
                                            : decision.reasons().stream().map(Reason::text).collect(
                                                    java.util.stream.Collectors.joining("; ")));
                        }
                    }

                    @Override
                    public void estopChanged(NestView.EStop estop) {
                        StationReporter r = reporter;
                        if (r != null) {
                            r.nestEvent(estop.active() ? "estop.active" : "estop.clear", estop.active()
                                    ? "E-stop in force (" + estop.source() + "): nothing moves until it is reset"
                                    : "E-stop cleared");
                        }
                    }

                    @Override
                    public void alarm(String text) {
                        StationReporter r = reporter;
                        if (r != null) {
                            r.alarm("nest.alarm", text);
                        }
                    }
                }, thread);
                started.push(n);
                controller.attach(n, clock);
                started.push(controller);
                nest = n;
                wireBoardEStop(n);
                wireRainBackup(n);
                java.util.concurrent.ExecutorService jobThread = java.util.concurrent.Executors.newSingleThreadExecutor(
                        r -> Thread.ofPlatform().name("jobs").daemon().unstarted(r));
                started.push(jobThread::shutdown);
                openJournal();
                JobRunner.Listener reports = new JobRunner.Listener() {
                    @Override
                    public void stepStarted(Plan job, Step step, java.time.Instant at) {
                        report(job, "job.step-started", "step '" + step.name() + "' started", step.name());
                    }

                    @Override
                    public void stepSucceeded(Plan job, Step step, java.time.Duration took) {
                        report(job, "job.step-done", "step '" + step.name() + "' done in " + seconds(took), step.name());
                    }

                    @Override
                    public void stepFailed(Plan job, Step step, String reason, java.time.Duration took) {
                        report(job, "job.step-failed", "step '" + step.name() + "' failed after " + seconds(took) + ": "
                                + reason, step.name());
                    }

                    @Override
                    public void jobFinished(Plan job, JobMachine.Outcome outcome, java.time.Duration took) {
                        report(job, outcome instanceof JobMachine.Succeeded ? "job.succeeded" : "job.failed",
                                job.name() + " " + JobMachine.describe(outcome) + " after " + seconds(took), null);
                    }

                    private void report(Plan job, String code, String text, String step) {
                        StationReporter r = reporter;
                        if (r != null) {
                            r.jobEvent(job.id(), job.name(), step, code, text);
                        }
                    }
                };
                JobRunner.Listener toCentral = io.streetstation.agent.job.Listeners.both(reports, jobProgress);
                jobs = new JobRunner(clock, journalListener == null ? toCentral
                        : io.streetstation.agent.job.Listeners.both(journalListener, toCentral), jobThread);
                LOG.info("nest: controller {} on bus {}; weather, launch and roof limits from operations", d.name(), bus.name());
                return;
            }
        }
        LOG.warn("no frame device named 'nest': no roof, bays or interlocks on this station");
    }

    private static String seconds(java.time.Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    /**
     * The operations journal beside the uplink's state ({@code <state-dir>/../operations/operations.db}:
     * /var/lib/station/operations on the board); a station without an uplink has none and says so.
     */
    private void openJournal() {
        if (config.uplink().isEmpty()) {
            LOG.warn("no uplink state directory: no operations journal, a restart mid-job is recovered from the hardware alone");
            return;
        }
        java.nio.file.Path file = config.uplink().get().stateDir().toAbsolutePath().resolveSibling("operations")
                .resolve("operations.db");
        journal = io.streetstation.agent.journal.OperationsJournal.open(file,
                io.streetstation.agent.journal.OperationsJournal.Config.defaults(), clock::now, a -> {
                    LOG.error("operations journal: {}: {}", a.code(), a.text());
                    StationReporter r = reporter;
                    if (r != null) {
                        r.alarm(a.code(), a.text());
                    }
                });
        started.push(journal);
        journalListener = new io.streetstation.agent.journal.JournalListener(journal);
        LOG.info("operations journal {}", file);
    }

    /**
     * The fleet's actor over the drones in bays (copters with a bay), on its own thread; none
     * without a nest (launches and landings need the roof and the bays).
     */
    private void startFleet() {
        if (nest == null) {
            return;
        }
        List<io.streetstation.agent.ops.Fleet.Member> members = vehicles.stream()
                .filter(v -> v.vehicle().kind() == StationConfig.VehicleKind.COPTER && v.vehicle().bay() > 0)
                .map(v -> new io.streetstation.agent.ops.Fleet.Member(v.vehicle().bay(),
                        new io.streetstation.agent.device.MavlinkDrone(v, clock)))
                .toList();
        if (members.isEmpty()) {
            return;
        }
        java.util.concurrent.ExecutorService thread = java.util.concurrent.Executors.newSingleThreadExecutor(
                r -> Thread.ofPlatform().name("fleet").daemon().unstarted(r));
        started.push(thread::shutdown);
        io.streetstation.agent.ops.Fleet.JobStart journalled = journalListener == null
                ? io.streetstation.agent.ops.Fleet.JobStart.NONE : journalListener::jobStarted;
        fleet = new io.streetstation.agent.ops.Fleet(config.operations(), nest, jobs, members, clock,
                new io.streetstation.agent.ops.Fleet.Listener() {
                    @Override
                    public void sortieChanged(String drone, io.streetstation.agent.ops.SortieMachine.State from,
                                              io.streetstation.agent.ops.SortieMachine.State to) {
                        StationReporter r = reporter;
                        if (r != null) {
                            r.stateEvent(drone, "sortie." + to.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT),
                                    drone + ": " + io.streetstation.agent.ops.SortieMachine.name(from) + " -> "
                                            + io.streetstation.agent.ops.SortieMachine.name(to));
                        }
                    }

                    @Override
                    public void dispatchStep(io.streetstation.agent.ops.Fleet.Incident incident, String drone, String step,
                                             java.time.Duration since) {
                        StationReporter r = reporter;
                        if (r != null) {
                            r.stateEvent(Topics.STATION, "dispatch." + step, String.format(java.util.Locale.ROOT,
                                    "incident %s: %s %s %.1f s after the request", incident.id(), drone, step,
                                    since.toMillis() / 1000.0));
                        }
                    }

                    @Override
                    public void refused(String what, String reason) {
                        StationReporter r = reporter;
                        if (r != null) {
                            r.refusal(Topics.STATION, "fleet.refused", what + ": " + reason);
                        }
                    }

                    @Override
                    public void handOff(String route, String from, String to, java.time.Duration gap) {
                        StationReporter r = reporter;
                        if (r != null) {
                            r.stateEvent(Topics.STATION, "relay.hand-off", String.format(java.util.Locale.ROOT,
                                    "route %s: %s relieved by %s, gap %.1f s", route, from, to, gap.toMillis() / 1000.0));
                        }
                    }
                }, journalled, StartupRecovery.HELD, thread);
        started.push(fleet);
        LOG.info("fleet: {} drones in bays; held until the start-up recovery has run", members.size());
        startScheduler();
        started.push(StartupRecovery.start(this, members, journal, journalListener, text -> {
            StationReporter r = reporter;
            if (r != null) {
                r.alarm("recover.alarm", text);
            }
        }, (code, text) -> {
            StationReporter r = reporter;
            if (r != null) {
                r.stateEvent(Topics.STATION, code, text);
            }
        }));
    }

    /**
     * The schedules: the station file's, and central's kept in {@code schedules.json} beside the
     * operations journal. A schedule whose route fails its checks (geofence, altitude, endurance)
     * is not run, with an alarm.
     */
    private void startScheduler() {
        io.streetstation.agent.config.OperationsSettings ops = config.operations();
        List<io.streetstation.agent.ops.Schedule> initial = new ArrayList<>();
        ops.patrols().schedules().forEach((id, spec) -> schedule(id, spec.route(), ops.patrols().routes().get(spec.route()),
                spec.days(), spec.from(), spec.to(), io.streetstation.agent.ops.Schedule.Source.CONFIG).ifPresent(initial::add));
        if (journal != null) {
            schedules = io.streetstation.agent.journal.ScheduleStore.open(config.uplink().get().stateDir().toAbsolutePath()
                    .resolveSibling("operations").resolve("schedules.json"), this::stationAlarm);
            for (var st : schedules.all()) {
                schedule(st.id(), st.routeId(), st.route(), st.days(), st.from(), st.to(),
                        io.streetstation.agent.ops.Schedule.Source.CENTRAL).ifPresent(initial::add);
            }
        }
        List<io.streetstation.agent.ops.Schedule> accepted = new ArrayList<>();
        for (var s : initial) {
            boolean clash = accepted.stream().anyMatch(a -> a.overlaps(s));
            if (clash) {
                stationAlarm("schedule.invalid", "schedule " + s.id() + " overlaps another: not run");
            } else {
                accepted.add(s);
            }
        }
        scheduler = new io.streetstation.agent.ops.Scheduler(fleet, clock, ops.patrols().timezone(), accepted,
                (code, text) -> {
                    StationReporter r = reporter;
                    if (r != null) {
                        r.stateEvent(Topics.STATION, code, text);
                    }
                });
        started.push(scheduler);
        LOG.info("scheduler: {} schedule(s), zone {}", accepted.size(), ops.patrols().timezone());
    }

    /** A checked schedule, or empty (with an alarm) when its route may not be flown. */
    Optional<io.streetstation.agent.ops.Schedule> schedule(String id, String routeId,
                                                           io.streetstation.agent.config.OperationsSettings.RouteSpec route,
                                                           java.util.Set<java.time.DayOfWeek> days, java.time.LocalTime from,
                                                           java.time.LocalTime to, io.streetstation.agent.ops.Schedule.Source source) {
        try {
            io.streetstation.agent.ops.PatrolRoute p = io.streetstation.agent.ops.PatrolRoute.of(routeId, route);
            Optional<String> problems = io.streetstation.agent.ops.Limits.problems(p.route(), config.operations());
            if (problems.isPresent()) {
                stationAlarm("schedule.invalid", "schedule " + id + " (route " + routeId + ") not run: " + problems.get());
                return Optional.empty();
            }
            return Optional.of(new io.streetstation.agent.ops.Schedule(id, p, days, from, to, source));
        } catch (IllegalArgumentException e) {
            stationAlarm("schedule.invalid", "schedule " + id + " not run: " + e.getMessage());
            return Optional.empty();
        }
    }

    private void stationAlarm(String code, String text) {
        LOG.error("{}: {}", code, text);
        StationReporter r = reporter;
        if (r != null) {
            r.alarm(code, text);
        }
    }

    /** The scheduler, with the fleet. */
    public Optional<io.streetstation.agent.ops.Scheduler> scheduler() {
        return Optional.ofNullable(scheduler);
    }

    /** Central's schedules on disk, with the journal. */
    public Optional<io.streetstation.agent.journal.ScheduleStore> scheduleStore() {
        return Optional.ofNullable(schedules);
    }

    /** The fleet, if a nest and drones in bays are configured. */
    public Optional<io.streetstation.agent.ops.Fleet> fleet() {
        return Optional.ofNullable(fleet);
    }

    /** The job runner, if a nest controller is configured (jobs need the nest). */
    public Optional<JobRunner> jobs() {
        return Optional.ofNullable(jobs);
    }

    /** The running jobs' steps, for a command that wants to report them as its progress. */
    public io.streetstation.agent.job.JobProgress jobProgress() {
        return jobProgress;
    }

    /** The nest's actor, if a nest controller is configured. */
    public Optional<Nest> nest() {
        return Optional.ofNullable(nest);
    }

    /**
     * The link to central: outbox and command journal in the state directory, the reporter
     * (birth, telemetry, events, captures), the command dispatcher with the station's commands,
     * and the supervised MQTT connection.
     */
    private void startUplink(UplinkSettings u) {
        // the stores raise alarms from their first moment; the reporter turns them into events once it exists
        java.util.function.BiConsumer<String, String> alarm = (code, text) -> {
            StationReporter r = reporter;
            if (r != null) {
                r.alarm(code, text);
            }
        };
        outbox = Outbox.open(u.stateDir().resolve("outbox.db"), Outbox.Config.defaults().withMaxBytes(u.outboxMaxBytes()),
                java.time.Clock.systemUTC(), a -> alarm.accept(a.code(), a.text()));
        started.push(outbox);
        CommandJournal journal = CommandJournal.open(u.stateDir().resolve("commands.db"), clock::now,
                a -> alarm.accept(a.code(), a.text()));
        started.push(journal);
        CommandVerifier verifier = new CommandVerifier(u.commands(), CommandKeys.load(u.commands().keys()), clock::now);
        reporter = new StationReporter(this, u, outbox);
        started.push(reporter);
        commands = new CommandDispatcher(config.stationId(), verifier, journal, outbox, clock,
                (m, from) -> uplink.ack(m, from));
        started.push(commands);
        StationCommands.register(commands, this, reporter, () -> uplink, u);

        SSLSocketFactory ssl = null;
        if (u.tls().isPresent()) {
            ssl = TlsMaterial.socketFactory(u.tls().get());
            u.tls().get().cert().flatMap(TlsMaterial::commonName).ifPresent(cn -> {
                if (!cn.equals(config.stationId())) {
                    LOG.warn("the station certificate's CN is {}, the station id {}: the broker's ACL will refuse it",
                            cn, config.stationId());
                }
            });
        }
        Optional<byte[]> password = u.passwordFile().map(StationRuntime::firstLine);
        Uplink.Options options = new Uplink.Options(config.stationId(), u.keepAlive(), u.sessionExpiry(),
                u.connectTimeout(), u.backoffMin(), u.backoffMax(), u.inFlight(), u.username(), password, ssl);
        java.util.random.RandomGenerator jitter = new java.util.SplittableRandom(config.stationId().hashCode()
                ^ System.nanoTime());
        uplink = Uplink.start(options, outbox, () -> new PahoTransport(u.broker()), journal::nextSession,
                reporter::birth, m -> commands.received(m, uplink.transport()), clock::now, jitter);
        started.push(uplink);
        reporter.start(uplink);
        LOG.info("uplink to {} as {}, state in {}, {} command keys, {} commands", u.broker(), config.stationId(),
                u.stateDir(), u.commands().keys().size(), commands.names());
    }

    private static byte[] firstLine(java.nio.file.Path file) {
        try {
            List<String> lines = java.nio.file.Files.readAllLines(file);
            if (lines.isEmpty() || lines.get(0).isBlank()) {
                throw new IllegalArgumentException("MQTT password file " + file + " is empty");
            }
            return lines.get(0).strip().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("MQTT password file " + file + " unreadable: " + e.getMessage(), e);
        }
    }

    /** The link to central, if configured. */
    public Optional<Uplink> uplink() {
        return Optional.ofNullable(uplink);
    }

    /** The outbox, if an uplink is configured. */
    public Optional<Outbox> outbox() {
        return Optional.ofNullable(outbox);
    }

    /** The command dispatcher, if an uplink is configured. */
    public Optional<CommandDispatcher> commands() {
        return Optional.ofNullable(commands);
    }

    public StationConfig config() {
        return config;
    }

    public StationClock clock() {
        return clock;
    }

    public DigitalPins pins() {
        return pins;
    }

    public List<VehicleMonitor> vehicles() {
        return List.copyOf(vehicles);
    }

    public List<FrameBusMonitor> buses() {
        return List.copyOf(buses);
    }

    /** Every device on every frame bus, in configuration order. */
    public List<FrameDeviceMonitor> frameDevices() {
        return buses.stream().flatMap(b -> b.devices().stream()).toList();
    }

    /** Health of every configured device, in configuration order. */
    public List<DeviceHealth> health() {
        List<DeviceHealth> all = new ArrayList<>();
        for (FrameDeviceMonitor d : frameDevices()) {
            all.add(d.health());
        }
        for (VehicleMonitor v : vehicles) {
            all.add(v.health());
        }
        return all;
    }

    /** Closes in reverse start order; never throws, logs what failed. Idempotent. */
    @Override
    public void close() {
        while (!started.isEmpty()) {
            AutoCloseable c = started.pop();
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("closing {}: {}", c, e.toString());
            }
        }
    }
}
