package io.streetstation.agent.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streetstation.agent.config.OperationsSettings;
import io.streetstation.agent.config.StationConfig;
import io.streetstation.agent.config.UplinkSettings;
import io.streetstation.agent.config.UplinkSettings.Scope;
import io.streetstation.agent.device.VehicleMonitor;
import io.streetstation.agent.mission.MissionItems;
import io.streetstation.agent.ops.Fleet;
import io.streetstation.agent.nest.Nest;
import io.streetstation.agent.nest.RoofMachine;
import io.streetstation.agent.uplink.Bodies;
import io.streetstation.agent.uplink.Topics;
import io.streetstation.agent.uplink.Uplink;
import io.streetstation.agent.uplink.command.Command;
import io.streetstation.agent.uplink.command.CommandDispatcher;
import io.streetstation.agent.uplink.command.CommandHandler;
import io.streetstation.bridge.mavlink.CommandRequest;
import io.streetstation.bridge.mavlink.ComponentId;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The commands the station obeys today (issue #4); the nest and drone operations of #5 add theirs
 * through the same {@link CommandHandler} interface:
 * <ul>
 *   <li>{@code ping} (station): answers with the agent version and the station time;</li>
 *   <li>{@code rebirth} (station): publishes a fresh birth;</li>
 *   <li>{@code set_fast_telemetry} (any device): {@code hz} 0..max (0 stops), {@code durationS} 1..max;</li>
 *   <li>{@code return_to_launch} (a drone or the rover): MAV_CMD_NAV_RETURN_TO_LAUNCH, succeeds on the vehicle's ACCEPTED;</li>
 *   <li>{@code estop_reset} (nest, maintenance scope): through the nest — refused while the board's
 *       E-stop button is held, else ESTOP_RESET to the nest controller, whose firmware refuses it while
 *       one of its buttons is still pressed;</li>
 *   <li>{@code roof_open}, {@code roof_close}, {@code roof_stop}, {@code roof_reset} (nest; reset in
 *       maintenance scope): through the nest's roof machine and interlocks (see {@code registerRoof}).</li>
 * </ul>
 */
final class StationCommands {


    private StationCommands() {
    }

    static void register(CommandDispatcher d, StationRuntime station, StationReporter reporter, Supplier<Uplink> uplink,
                         UplinkSettings settings) {
        StationConfig config = station.config();
        Set<String> devices = new LinkedHashSet<>();
        station.frameDevices().forEach(f -> devices.add(f.name()));
        station.vehicles().forEach(v -> devices.add(v.name()));
        Set<String> vehicles = new LinkedHashSet<>();
        station.vehicles().forEach(v -> vehicles.add(v.name()));

        d.register(new Simple("ping", Scope.OPERATE, Set.of(Topics.STATION), Duration.ofSeconds(5)) {
            @Override
            public CompletableFuture<ObjectNode> run(Command c, Progress p) {
                Instant now = station.clock().now();
                return CompletableFuture.completedFuture(Bodies.object().put("agentVersion", StationRuntime.agentVersion())
                        .put("stationTime", now.toString()));
            }
        });
        d.register(new Simple("rebirth", Scope.OPERATE, Set.of(Topics.STATION), Duration.ofSeconds(5)) {
            @Override
            public CompletableFuture<ObjectNode> run(Command c, Progress p) {
                uplink.get().rebirth();
                return CompletableFuture.completedFuture(Bodies.object());
            }
        });
        d.register(new Simple("set_fast_telemetry", Scope.OPERATE, devices, Duration.ofSeconds(5)) {
            @Override
            public Optional<String> validate(String target, ObjectNode params) {
                return only(params, "hz", "durationS")
                        .or(() -> integer(params, "hz", 0, settings.fastMaxHz()))
                        .or(() -> integer(params, "durationS", 1, settings.fastMaxDuration().toSeconds()));
            }

            @Override
            public CompletableFuture<ObjectNode> run(Command c, Progress p) {
                int hz = c.params().get("hz").intValue();
                Duration d = Duration.ofSeconds(c.params().get("durationS").longValue());
                reporter.fastTier(c.target(), hz, d);
                return CompletableFuture.completedFuture(Bodies.object().put("hz", hz)
                        .put("until", station.clock().now().plus(d).toString()));
            }
        });
        d.register(new Simple("return_to_launch", Scope.OPERATE, vehicles, Duration.ofSeconds(15)) {
            @Override
            public CompletableFuture<ObjectNode> run(Command c, Progress p) {
                VehicleMonitor v = station.vehicles().stream().filter(x -> x.name().equals(c.target())).findFirst()
                        .orElseThrow();
                p.step("sending MAV_CMD_NAV_RETURN_TO_LAUNCH", 10);
                return v.endpoint().commands().send(CommandRequest.longForm(new ComponentId(v.vehicle().systemId(), 1),
                        MissionItems.NAV_RETURN_TO_LAUNCH)).thenApply(r -> {
                            if (!r.accepted()) {
                                throw new CommandHandler.CommandFailedException("vehicle." + r.outcome().name()
                                        .toLowerCase(java.util.Locale.ROOT).replace('_', '-'), r.detail());
                            }
                            return Bodies.object().put("outcome", r.outcome().name()).put("attempts", r.attempts());
                        });
            }
        });
        station.nest().ifPresent(n -> registerRoof(d, n, config.operations().roof()));
        station.fleet().ifPresent(f -> registerFleet(d, station, f));
        station.nest().ifPresent(n -> d.register(new Simple("estop_reset", Scope.MAINTENANCE, Set.of("nest"), Duration.ofSeconds(10)) {
            @Override
            public CompletableFuture<ObjectNode> run(Command c, Progress p) {
                return n.resetEStop().toCompletableFuture().thenApply(r -> switch (r) {
                    case Nest.Done done -> Bodies.object().put("estop", n.view().estop().active() ? "clearing" : "clear");
                    case Nest.Failed f -> throw new CommandHandler.CommandFailedException("device.refused", f.reason());
                    default -> throw new IllegalStateException("an E-stop reset answered " + r);
                });
            }
        }));
    }

    /** Name, scope, targets and deadline as fields; without parameters unless {@link #validate} says otherwise. */
    /**
     * The roof through the nest's actor, so every request passes the roof's transition table and
     * the interlocks: {@code roof_open} / {@code roof_close} succeed when the roof rests open /
     * closed, with in_progress replies every 10 %; {@code roof_stop} is never refused;
     * {@code roof_reset} (maintenance) clears a latched roof fault. A refusal fails the command
     * with code {@code interlock} and every reason; anything else that stops it fails with
     * {@code roof} and the roof's state.
     */
    private static void registerRoof(CommandDispatcher d, Nest nest, OperationsSettings.Roof roof) {
        Duration margin = Duration.ofSeconds(15);
        d.register(new Simple("roof_open", Scope.OPERATE, Set.of("nest"), roof.openDeadline().plus(margin)) {
            @Override
            public CompletableFuture<ObjectNode> run(Command c, Progress p) {
                return outcome(nest.openRoof(tenths("opening", p)));
            }
        });
        d.register(new Simple("roof_close", Scope.OPERATE, Set.of("nest"), roof.closeDeadline().plus(margin)) {
            @Override
            public CompletableFuture<ObjectNode> run(Command c, Progress p) {
                return outcome(nest.closeRoof(tenths("closing", p)));
            }
        });
        d.register(new Simple("roof_stop", Scope.OPERATE, Set.of("nest"), Duration.ofSeconds(5)) {
            @Override
            public CompletableFuture<ObjectNode> run(Command c, Progress p) {
                return outcome(nest.stopRoof());
            }
        });
        d.register(new Simple("roof_reset", Scope.MAINTENANCE, Set.of("nest"), Duration.ofSeconds(5)) {
            @Override
            public CompletableFuture<ObjectNode> run(Command c, Progress p) {
                return outcome(nest.resetRoof());
            }
        });
    }

    /**
     * The fleet's commands. {@code launch} (a drone in a bay): the launch job ({@link
     * io.streetstation.agent.ops.LaunchPlan}) through the fleet, whose steps go to central as job
     * events; succeeds when the drone has left the launch corridor, fails with the job's outcome or
     * the sortie's refusal ("drone-1 is patrolling …"). {@code land} (an airborne drone): recalled,
     * landed when the nest is free (one drone in the corridor at a time); succeeds once docked.
     * {@code return_all} (station): recalls every airborne drone and stops the relay. {@code
     * relay_start} (station, {@code waypoints: [[lat, lon], …]}, {@code altitude}, {@code speed},
     * {@code route}): continuous coverage of that loop; {@code relay_stop} (station).
     */
    /**
     * Runs {@code work} with the steps of {@code drone}'s {@code job} jobs (launch-drone-2-…)
     * reported as the command's in_progress replies, step and percent, until it completes.
     */
    private static CompletableFuture<ObjectNode> withSteps(StationRuntime station, String job, String drone, CommandHandler.Progress p,
                                                           Supplier<CompletableFuture<ObjectNode>> work) {
        String prefix = job + "-" + drone + "-";
        io.streetstation.agent.job.JobProgress.Watch w = station.jobProgress().watch(
                plan -> plan.name().equals(job) && plan.id().startsWith(prefix), (plan, text, percent) -> p.step(text, percent));
        CompletableFuture<ObjectNode> f;
        try {
            f = work.get();
        } catch (RuntimeException e) {
            w.close();
            throw e;
        }
        return f.whenComplete((r, x) -> w.close());
    }

    private static void registerFleet(CommandDispatcher d, StationRuntime station, Fleet fleet) {
        Set<String> drones = new java.util.LinkedHashSet<>();
        station.vehicles().stream().filter(v -> v.vehicle().kind() == StationConfig.VehicleKind.COPTER && v.vehicle().bay() > 0)
                .forEach(v -> drones.add(v.name()));
        java.util.Map<String, Integer> bays = new java.util.HashMap<>();
        station.vehicles().forEach(v -> bays.put(v.name(), v.vehicle().bay()));
        d.register(new Simple("launch", Scope.OPERATE, drones, Duration.ofMinutes(5)) {
            @Override
            public CompletableFuture<ObjectNode> run(Command c, Progress p) {
                p.step("launch queued", 0);
                return withSteps(station, "launch", c.target(), p,
                        () -> answer(fleet.launch(bays.get(c.target())), b -> b.put("bay", bays.get(c.target()))));
            }
        });
        d.register(new Simple("launch_abort", Scope.OPERATE, drones, Duration.ofSeconds(10)) {
            @Override
            public CompletableFuture<ObjectNode> run(Command c, Progress p) {
                return answer(fleet.abortLaunch(c.target(), "central asked"), b -> { });
            }
        });
        d.register(new Simple("land", Scope.OPERATE, drones, station.config().operations().land().deadline()
                .plus(Duration.ofMinutes(10))) {
            @Override
            public CompletableFuture<ObjectNode> run(Command c, Progress p) {
                return withSteps(station, "land", c.target(), p, () -> answer(fleet.recall(c.target(), "central asked"), b -> { })
                        .thenCompose(recalled -> {
                            p.step("recalled: lands when the nest is free", 0);
                            return answer(fleet.awaitDocked(c.target()), b -> b.put("bay", bays.get(c.target())));
                        }));
            }
        });
        d.register(new Simple("return_all", Scope.OPERATE, Set.of(Topics.STATION), Duration.ofSeconds(10)) {
            @Override
            public CompletableFuture<ObjectNode> run(Command c, Progress p) {
                return answer(fleet.returnAll("central asked: return all"), b -> { });
            }
        });
        d.register(new Simple("dispatch", Scope.OPERATE, Set.of(Topics.STATION), Duration.ofSeconds(10)) {
            @Override
            public Optional<String> validate(String target, ObjectNode params) {
                return only(params, "incident", "lat", "lon", "priority", "on_scene_s")
                        .or(() -> text(params, "incident", "[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}", "an id of 1..64 characters"))
                        .or(() -> degrees(params, "lat", 90))
                        .or(() -> degrees(params, "lon", 180))
                        .or(() -> params.has("priority") ? integer(params, "priority", 1, 5) : Optional.empty())
                        .or(() -> params.has("on_scene_s") ? integer(params, "on_scene_s", 0, 1800) : Optional.empty())
                        .or(() -> io.streetstation.agent.ops.Limits.outside(new io.streetstation.agent.mission.GeoPoint(
                                params.get("lat").asDouble(), params.get("lon").asDouble()), station.config().operations()));
            }

            @Override
            public CompletableFuture<ObjectNode> run(Command c, Progress p) {
                ObjectNode q = c.params();
                Fleet.Incident incident = new Fleet.Incident(q.get("incident").asText(),
                        new io.streetstation.agent.mission.GeoPoint(q.get("lat").asDouble(), q.get("lon").asDouble()),
                        q.has("priority") ? q.get("priority").asInt() : 3,
                        Duration.ofSeconds(q.has("on_scene_s") ? q.get("on_scene_s").asLong() : 180));
                return answer(fleet.dispatch(incident), b -> b.put("incident", incident.id()));
            }
        });
        station.scheduler().ifPresent(scheduler -> registerSchedules(d, station, scheduler));
        d.register(new Simple("patrol_hotspots", Scope.OPERATE, Set.of(Topics.STATION), Duration.ofSeconds(30)) {
            @Override
            public Optional<String> validate(String target, ObjectNode params) {
                return only(params, "route", "origin", "cell_size_m", "rows", "cols", "weights", "altitude", "speed", "loiter_s",
                        "capture_interval")
                        .or(() -> text(params, "route", "[a-z0-9][a-z0-9_-]{0,39}", "an id of 1..40 characters a-z, 0-9, '-', '_'"))
                        .or(() -> hotspotProblem(params))
                        .or(() -> {
                            try {
                                patrolSettings(params, station.config().operations());
                                return Optional.empty();
                            } catch (IllegalArgumentException e) {
                                return Optional.of(e.getMessage());
                            }
                        });
            }

            @Override
            public CompletableFuture<ObjectNode> run(Command c, Progress p) {
                OperationsSettings ops = station.config().operations();
                Optional<io.streetstation.agent.mission.MissionLimits> limits = io.streetstation.agent.ops.Limits.of(ops);
                if (limits.isEmpty()) {
                    return CompletableFuture.failedFuture(new CommandHandler.CommandFailedException("plan",
                            "the station's site is not configured: no route can be planned within a geofence"));
                }
                // planning a 100×100 grid takes seconds: off the command thread
                return CompletableFuture.supplyAsync(() -> io.streetstation.agent.mission.HotspotPlanner.plan(
                                hotspots(c.params()), limits.get(), 100, patrolSettings(c.params(), ops)),
                                r -> Thread.ofVirtual().name("hotspot-plan").start(r))
                        .thenCompose(outcome -> switch (outcome) {
                            case io.streetstation.agent.mission.NoHotspotPlan none -> CompletableFuture.failedFuture(
                                    new CommandHandler.CommandFailedException("plan", none.code() + ": " + none.words()));
                            case io.streetstation.agent.mission.HotspotPlan plan -> answer(fleet.startRelay(
                                    new io.streetstation.agent.ops.PatrolRoute(plan.route())), b -> b
                                    .put("waypoints", plan.route().waypoints().size())
                                    .put("coveredPercent", Math.round(plan.coveredFraction() * 1000) / 10.0)
                                    .put("roundMinutes", Math.round(plan.estimate().duration().toSeconds() / 6.0) / 10.0));
                        });
            }
        });
        d.register(new Simple("relay_stop", Scope.OPERATE, Set.of(Topics.STATION), Duration.ofSeconds(10)) {
            @Override
            public CompletableFuture<ObjectNode> run(Command c, Progress p) {
                return answer(fleet.stopRelay(), b -> { });
            }
        });
        d.register(new Simple("relay_start", Scope.OPERATE, Set.of(Topics.STATION), Duration.ofSeconds(10)) {
            @Override
            public Optional<String> validate(String target, ObjectNode params) {
                return only(params, "route", "waypoints", "altitude", "speed")
                        .or(() -> routeProblem(params, station.config().operations()));
            }

            @Override
            public CompletableFuture<ObjectNode> run(Command c, Progress p) {
                return answer(fleet.startRelay(route(c.params(), station.config().operations())), b -> { });
            }
        });
    }

    /**
     * {@code schedule_set} (station; params id, route, waypoints, altitude, speed?, capture_interval?,
     * days? [mon..sun], from "HH:MM", to "HH:MM", in the station's time zone): the relay on that
     * route in that window, every week, kept on disk; refused when the route fails its checks or the
     * window overlaps another schedule. {@code schedule_remove} (station; id). Neither touches the
     * station file's schedules.
     */
    private static void registerSchedules(CommandDispatcher d, StationRuntime station, io.streetstation.agent.ops.Scheduler scheduler) {
        OperationsSettings ops = station.config().operations();
        d.register(new Simple("schedule_set", Scope.OPERATE, Set.of(Topics.STATION), Duration.ofSeconds(10)) {
            @Override
            public Optional<String> validate(String target, ObjectNode params) {
                return only(params, "id", "route", "waypoints", "altitude", "speed", "capture_interval", "days", "from", "to")
                        .or(() -> text(params, "id", "[a-z0-9][a-z0-9_-]{0,39}", "an id of 1..40 characters a-z, 0-9, '-', '_'"))
                        .or(() -> text(params, "from", "([01]\\d|2[0-3]):[0-5]\\d", "a time HH:MM"))
                        .or(() -> text(params, "to", "([01]\\d|2[0-3]):[0-5]\\d", "a time HH:MM"))
                        .or(() -> params.get("from").asText().equals(params.get("to").asText())
                                ? Optional.of("from and to must differ") : Optional.empty())
                        .or(() -> days(params).isPresent() ? Optional.empty()
                                : Optional.of("days must be a list of mon, tue, wed, thu, fri, sat, sun, was " + params.get("days")))
                        .or(() -> params.has("capture_interval") && !(params.get("capture_interval").isNumber()
                                && params.get("capture_interval").asDouble() >= 0 && params.get("capture_interval").asDouble() <= 3600)
                                ? Optional.of("capture_interval must be 0..3600 s, was " + params.get("capture_interval")) : Optional.empty())
                        .or(() -> routeProblem(params, ops));
            }

            @Override
            public CompletableFuture<ObjectNode> run(Command c, Progress p) {
                ObjectNode q = c.params();
                String id = q.get("id").asText();
                List<OperationsSettings.Point> points = new java.util.ArrayList<>();
                q.get("waypoints").forEach(w -> points.add(new OperationsSettings.Point(w.get(0).asDouble(), w.get(1).asDouble())));
                OperationsSettings.RouteSpec spec = new OperationsSettings.RouteSpec(points, q.get("altitude").asDouble(),
                        q.has("speed") ? q.get("speed").asDouble() : ops.flight().cruiseSpeed(),
                        q.has("capture_interval") ? q.get("capture_interval").asDouble() : 0);
                var stored = new io.streetstation.agent.journal.ScheduleStore.Stored(id, q.get("route").asText(), spec,
                        days(q).orElseThrow(), java.time.LocalTime.parse(q.get("from").asText()),
                        java.time.LocalTime.parse(q.get("to").asText()));
                var schedule = new io.streetstation.agent.ops.Schedule(id, io.streetstation.agent.ops.PatrolRoute.of(stored.routeId(), spec),
                        stored.days(), stored.from(), stored.to(), io.streetstation.agent.ops.Schedule.Source.CENTRAL);
                var store = station.scheduleStore();
                if (store.isEmpty()) {
                    return CompletableFuture.failedFuture(new CommandHandler.CommandFailedException("schedule",
                            "this station keeps no state directory: a schedule would not survive a restart"));
                }
                Optional<String> refused = scheduler.put(schedule);
                if (refused.isPresent()) {
                    return CompletableFuture.failedFuture(new CommandHandler.CommandFailedException("schedule", refused.get()));
                }
                try {
                    store.get().put(stored);
                } catch (RuntimeException e) {
                    scheduler.remove(id);
                    return CompletableFuture.failedFuture(new CommandHandler.CommandFailedException("schedule",
                            "not stored, so not set: " + e.getMessage()));
                }
                return CompletableFuture.completedFuture(Bodies.object().put("schedule", id)
                        .put("detail", "relay on " + stored.routeId() + " " + stored.from() + "–" + stored.to() + " "
                                + ops.patrols().timezone() + " on " + new java.util.TreeSet<>(stored.days())));
            }
        });
        d.register(new Simple("schedule_remove", Scope.OPERATE, Set.of(Topics.STATION), Duration.ofSeconds(10)) {
            @Override
            public Optional<String> validate(String target, ObjectNode params) {
                return only(params, "id").or(() -> text(params, "id", "[a-z0-9][a-z0-9_-]{0,39}", "a schedule id"));
            }

            @Override
            public CompletableFuture<ObjectNode> run(Command c, Progress p) {
                String id = c.params().get("id").asText();
                Optional<String> refused = scheduler.remove(id);
                if (refused.isPresent()) {
                    return CompletableFuture.failedFuture(new CommandHandler.CommandFailedException("schedule", refused.get()));
                }
                station.scheduleStore().ifPresent(s -> s.remove(id));
                return CompletableFuture.completedFuture(Bodies.object().put("schedule", id).put("detail", "removed"));
            }
        });
    }

    /** patrol_hotspots' grid: origin [lat, lon] (south-west corner), cell size 10..2,000 m, rows × cols ≤ 100 × 100, weights ≥ 0. */
    static Optional<String> hotspotProblem(ObjectNode params) {
        JsonNode o = params.get("origin");
        if (o == null || !o.isArray() || o.size() != 2 || !o.get(0).isNumber() || !o.get(1).isNumber()) {
            return Optional.of("origin must be [lat, lon] of the grid's south-west corner, was " + o);
        }
        Optional<String> shape = integer(params, "rows", 1, 100).or(() -> integer(params, "cols", 1, 100));
        if (shape.isPresent()) {
            return shape;
        }
        JsonNode size = params.get("cell_size_m");
        if (size == null || !size.isNumber() || size.asDouble() < 10 || size.asDouble() > 2_000) {
            return Optional.of("cell_size_m must be 10..2000, was " + size);
        }
        JsonNode w = params.get("weights");
        int cells = params.get("rows").asInt() * params.get("cols").asInt();
        if (w == null || !w.isArray() || w.size() != cells) {
            return Optional.of("weights must be a list of rows × cols = " + cells + " numbers (row-major, south row first), had "
                    + (w == null || !w.isArray() ? w : w.size()));
        }
        for (int i = 0; i < w.size(); i++) {
            if (!w.get(i).isNumber() || !(w.get(i).asDouble() >= 0) || !Double.isFinite(w.get(i).asDouble())) {
                return Optional.of("weight " + i + " must be a number ≥ 0, was " + w.get(i));
            }
        }
        try {
            hotspots(params);
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
        return Optional.empty();
    }

    static io.streetstation.agent.mission.HotspotGrid hotspots(ObjectNode params) {
        JsonNode o = params.get("origin");
        List<Double> weights = new java.util.ArrayList<>();
        params.get("weights").forEach(w -> weights.add(w.asDouble()));
        return new io.streetstation.agent.mission.HotspotGrid(new io.streetstation.agent.mission.GeoPoint(o.get(0).asDouble(),
                o.get(1).asDouble()), params.get("cell_size_m").asDouble(), params.get("rows").asInt(), params.get("cols").asInt(),
                weights);
    }

    static io.streetstation.agent.mission.PatrolSettings patrolSettings(ObjectNode params, OperationsSettings ops) {
        io.streetstation.agent.mission.PatrolSettings d = io.streetstation.agent.mission.PatrolSettings.defaults(
                params.get("route").asText());
        return new io.streetstation.agent.mission.PatrolSettings(d.routeId(),
                params.has("altitude") ? params.get("altitude").asDouble() : d.altitudeM(),
                params.has("speed") ? params.get("speed").asDouble() : ops.flight().cruiseSpeed(),
                params.has("loiter_s") ? params.get("loiter_s").asDouble() : d.loiterS(),
                params.has("capture_interval") ? params.get("capture_interval").asDouble() : d.captureIntervalS());
    }

    /** The days param (default every day), empty when malformed. */
    static Optional<java.util.Set<java.time.DayOfWeek>> days(ObjectNode params) {
        JsonNode n = params.get("days");
        java.util.Set<java.time.DayOfWeek> out = java.util.EnumSet.noneOf(java.time.DayOfWeek.class);
        if (n == null) {
            return Optional.of(java.util.EnumSet.allOf(java.time.DayOfWeek.class));
        }
        if (!n.isArray() || n.isEmpty()) {
            return Optional.empty();
        }
        List<String> names = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");
        for (JsonNode d : n) {
            int i = d.isTextual() ? names.indexOf(d.asText()) : -1;
            if (i < 0) {
                return Optional.empty();
            }
            out.add(java.time.DayOfWeek.of(i + 1));
        }
        return Optional.of(out);
    }

    /** A fleet answer as a command outcome: accepted → the body, refused → failed with its code and reason. */
    private static CompletableFuture<ObjectNode> answer(java.util.concurrent.CompletionStage<Fleet.Answer> a,
                                                        java.util.function.Consumer<ObjectNode> more) {
        return a.toCompletableFuture().thenApply(r -> switch (r) {
            case Fleet.Accepted ok -> {
                ObjectNode b = Bodies.object().put("detail", ok.detail());
                more.accept(b);
                yield b;
            }
            case Fleet.Refused no -> throw new CommandHandler.CommandFailedException(no.code(), no.reason());
        });
    }

    /** relay_start's loop: 2..200 waypoints [lat, lon], altitude 20..120 m, speed 1..cruise … dispatch m/s. */
    static Optional<String> routeProblem(ObjectNode params, io.streetstation.agent.config.OperationsSettings ops) {
        JsonNode route = params.get("route");
        if (route == null || !route.isTextual() || !route.asText().matches("[a-z0-9][a-z0-9_-]{0,39}")) {
            return Optional.of("route must be an id of 1..40 characters a-z, 0-9, '-', '_'");
        }
        JsonNode w = params.get("waypoints");
        if (w == null || !w.isArray() || w.size() < 2 || w.size() > 200) {
            return Optional.of("waypoints must be a list of 2..200 [lat, lon] pairs");
        }
        for (int i = 0; i < w.size(); i++) {
            JsonNode p = w.get(i);
            if (!p.isArray() || p.size() != 2 || !p.get(0).isNumber() || !p.get(1).isNumber()
                    || Math.abs(p.get(0).asDouble()) > 90 || Math.abs(p.get(1).asDouble()) > 180) {
                return Optional.of("waypoint " + i + " must be [lat, lon] in degrees, was " + p);
            }
        }
        JsonNode alt = params.get("altitude");
        if (alt == null || !alt.isNumber() || alt.asDouble() < 20 || alt.asDouble() > 120) {
            return Optional.of("altitude must be 20..120 m above the nest, was " + alt);
        }
        JsonNode speed = params.get("speed");
        if (speed != null && (!speed.isNumber() || speed.asDouble() < 1 || speed.asDouble() > ops.flight().dispatchSpeed())) {
            return Optional.of("speed must be 1.." + ops.flight().dispatchSpeed() + " m/s, was " + speed);
        }
        return io.streetstation.agent.ops.Limits.problems(route(params, ops).route(), ops);
    }

    static Optional<String> text(ObjectNode params, String name, String pattern, String what) {
        JsonNode n = params.get(name);
        return n != null && n.isTextual() && n.asText().matches(pattern) ? Optional.empty()
                : Optional.of(name + " must be " + what + ", was " + n);
    }

    static Optional<String> degrees(ObjectNode params, String name, double limit) {
        JsonNode n = params.get(name);
        return n != null && n.isNumber() && Math.abs(n.asDouble()) <= limit ? Optional.empty()
                : Optional.of(name + " must be a number of degrees -" + (int) limit + ".." + (int) limit + ", was " + n);
    }

    static io.streetstation.agent.ops.PatrolRoute route(ObjectNode params, io.streetstation.agent.config.OperationsSettings ops) {
        List<io.streetstation.agent.mission.GeoPoint> points = new java.util.ArrayList<>();
        params.get("waypoints").forEach(p -> points.add(new io.streetstation.agent.mission.GeoPoint(p.get(0).asDouble(),
                p.get(1).asDouble())));
        return io.streetstation.agent.ops.PatrolRoute.of(params.get("route").asText(), points,
                params.get("altitude").asDouble(), params.has("speed") ? params.get("speed").asDouble() : ops.flight().cruiseSpeed());
    }

    /** Progress as in_progress replies, one per 10 % crossed (the controller reports every second). */
    private static java.util.function.IntConsumer tenths(String step, CommandHandler.Progress p) {
        int[] last = {-1};
        return percent -> {
            int tenth = percent / 10;
            if (tenth != last[0]) {
                last[0] = tenth;
                p.step(step, percent);
            }
        };
    }

    private static CompletableFuture<ObjectNode> outcome(java.util.concurrent.CompletionStage<Nest.Result> result) {
        return result.toCompletableFuture().thenApply(r -> switch (r) {
            case Nest.Done done -> Bodies.object().put("roof", RoofMachine.describe(done.state()));
            case Nest.BayDone done -> Bodies.object().put("bay", done.bay().bay());
            case Nest.Refused refused -> throw new CommandHandler.CommandFailedException("interlock",
                    io.streetstation.agent.nest.Refusal.join(refused.refusals()));
            case Nest.Failed failed -> throw new CommandHandler.CommandFailedException("roof", failed.reason());
        });
    }

    private abstract static class Simple implements CommandHandler {
        private final String name;
        private final Scope scope;
        private final Set<String> targets;
        private final Duration deadline;

        Simple(String name, Scope scope, Set<String> targets, Duration deadline) {
            this.name = name;
            this.scope = scope;
            this.targets = Set.copyOf(targets);
            this.deadline = deadline;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Scope scope() {
            return scope;
        }

        @Override
        public Set<String> targets() {
            return targets;
        }

        @Override
        public Duration deadline() {
            return deadline;
        }

        @Override
        public Optional<String> validate(String target, ObjectNode params) {
            return noParams(params);
        }
    }

    static Optional<String> noParams(ObjectNode params) {
        return params.isEmpty() ? Optional.empty() : Optional.of("takes no parameters, got " + fieldNames(params));
    }

    static Optional<String> only(ObjectNode params, String... allowed) {
        List<String> ok = List.of(allowed);
        for (Iterator<String> it = params.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!ok.contains(f)) {
                return Optional.of("unknown parameter '" + f + "'; allowed: " + ok);
            }
        }
        return Optional.empty();
    }

    static Optional<String> integer(ObjectNode params, String name, long min, long max) {
        JsonNode n = params.get(name);
        if (n == null) {
            return Optional.of(name + " is required (" + min + ".." + max + ")");
        }
        if (!n.isIntegralNumber()) {
            return Optional.of(name + " must be an integer " + min + ".." + max + ", was " + n);
        }
        long v = n.longValue();
        if (v < min || v > max || !n.canConvertToLong()) {
            return Optional.of(name + " = " + n + " is out of range " + min + ".." + max);
        }
        return Optional.empty();
    }

    private static List<String> fieldNames(ObjectNode n) {
        List<String> out = new java.util.ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
