package io.streetstation.agent.config;

import java.time.Duration;

/**
 * The nest's limits and timings (issue #5): every figure {@code ../shared/STATION.md} lists is a
 * setting here, with its default, never a constant in code. Read from the station file's
 * {@code operations:} section by {@link OperationsConfigReader}; a file without it gets
 * {@link #defaults()}.
 *
 * @param weather when drones may launch and when airborne ones are recalled
 * @param launch what a drone must have to leave its bay
 * @param land how long a landing may take
 * @param roof the cover's motion deadlines
 * @param flight what the drones can do in the air: speeds, endurance, reserves, relay timing
 * @param patrols the station's own patrol routes and when it flies them (central may add schedules)
 */
public record OperationsSettings(Weather weather, Launch launch, Land land, Roof roof, Flight flight, Patrols patrols) {

    /**
     * Weather gating. Rain intensity classes after the AMS glossary: light up to 2.5 mm/h,
     * moderate up to 7.6, heavy above. Every limit is the last value allowed.
     *
     * @param windLaunchMax 1-min mean wind above which no drone launches, m/s, 0..40
     * @param gustLaunchMax 3-s gust above which no drone launches, m/s, 0..60
     * @param rainLaunchMax rain above which no drone launches (moderate rain), mm/h, 0..500
     * @param windRecall mean wind above which airborne drones are recalled, m/s; ≥ the launch limit
     * @param gustRecall gust above which airborne drones are recalled, m/s; ≥ the launch limit
     * @param rainRecall rain above which airborne drones are recalled (heavy rain), mm/h; ≥ the launch limit
     * @param temperatureMin outside air below which no drone launches, °C, -50..50
     * @param temperatureMax outside air above which no drone launches, °C, -50..85; > the minimum
     * @param staleAfter a reading older than this is no reading: hold, 5 s..10 min
     * @param clearAfter after a hold, the weather must stay good this long before launches resume (0: at once)
     */
    public record Weather(double windLaunchMax, double gustLaunchMax, double rainLaunchMax, double windRecall,
                          double gustRecall, double rainRecall, double temperatureMin, double temperatureMax,
                          Duration staleAfter, Duration clearAfter) {

        public Weather {
            atLeast("wind-recall", windRecall, "wind-launch-max", windLaunchMax);
            atLeast("gust-recall", gustRecall, "gust-launch-max", gustLaunchMax);
            atLeast("rain-recall", rainRecall, "rain-launch-max", rainLaunchMax);
            if (!(temperatureMax > temperatureMin)) {
                throw new ConfigException("operations.weather: temperature-max " + temperatureMax
                        + " must be above temperature-min " + temperatureMin);
            }
        }

        private static void atLeast(String name, double value, String floorName, double floor) {
            if (value < floor) {
                throw new ConfigException("operations.weather." + name + ": " + value + " is below " + floorName + " "
                        + floor + " (a drone would be recalled in weather it may launch in)");
            }
        }
    }

    /**
     * @param batteryFloorPercent no launch below this charge, %, 20..100
     * @param bootDeadline bay power on → the drone's first heartbeat, nominal 8 s
     * @param preflightDeadline pre-flight checks (GPS fix, EKF, battery), nominal 3 s
     * @param centringDeadline centring bars released or clamped, nominal 4 s
     * @param takeoffDeadline take-off accepted → the drone above the corridor, nominal 10 s to 30 m
     * @param corridorHeight above this, m above the nest, the drone has left the launch/landing corridor
     * @param takeoffAltitude the altitude a launch climbs to, m; above the corridor
     */
    public record Launch(int batteryFloorPercent, Duration bootDeadline, Duration preflightDeadline,
                         Duration centringDeadline, Duration takeoffDeadline, double corridorHeight,
                         double takeoffAltitude) {
        public Launch {
            if (!(takeoffAltitude > corridorHeight)) {
                throw new ConfigException("operations.launch.takeoff-altitude: " + takeoffAltitude
                        + " m must be above corridor-height " + corridorHeight + " m");
            }
        }
    }

    /**
     * @param deadline from the return command to the drone down and disarmed on its bay, approach
     *     and precision landing (15 s from 10 m, up to two retries) included, 30 s..30 min
     * @param attempts precision landings tried before giving up on the bay, 1..5 (STATION.md: retry
     *     up to 2×, so 3)
     * @param alternate where a drone that missed its bay every time lands instead (a marked pad
     *     beside the station); empty: it stays where it came down, disarmed, and a technician is called
     */
    public record Land(Duration deadline, int attempts, java.util.Optional<Point> alternate) {
        public Land {
            if (attempts < 1 || attempts > 5) {
                throw new ConfigException("operations.land.attempts: must be 1..5, was " + attempts);
            }
        }
    }

    /**
     * @param openDeadline no OPEN limit after this long → fault, 1 s..5 min
     * @param closeDeadline no CLOSED limit after this long → fault, 1 s..5 min
     */
    public record Roof(Duration openDeadline, Duration closeDeadline) {
    }

    /**
     * The drones' flight envelope as the operations plan with it (predictions, not limits the
     * autopilot enforces: its own failsafes stay armed).
     *
     * @param cruiseSpeed patrol ground speed, m/s, 1..20 (nominal 12)
     * @param dispatchSpeed ground speed to an incident, m/s, ≥ cruise (nominal 15)
     * @param endurance flight time from 100 % in still air, 5 min..2 h (nominal 32 min)
     * @param returnReservePercent a drone heads home with at least this left after the way home, %, 5..60 (25)
     * @param relayLead how long before the airborne drone must leave the next one launches, on top of
     *     its way out to the route (launch from a closed roof ≈ 22 s, plus slack), 10 s..10 min
     * @param siteLat where the nest stands, degrees (ways home are measured to it); NaN: not configured
     * @param siteLon the nest's longitude, degrees; NaN with the latitude
     * @param geofenceRadius no route goes farther from the site, m, 100..20,000
     */
    public record Flight(double cruiseSpeed, double dispatchSpeed, Duration endurance, double returnReservePercent,
                         Duration relayLead, double siteLat, double siteLon, double geofenceRadius) {
        public Flight {
            if (dispatchSpeed < cruiseSpeed) {
                throw new ConfigException("operations.flight.dispatch-speed: " + dispatchSpeed
                        + " m/s is below cruise-speed " + cruiseSpeed + " m/s");
            }
        }

        /** Battery a flying drone uses per second in still air, %/s. */
        public double drainPerSecond() {
            return 100.0 / (endurance.toMillis() / 1000.0);
        }
    }

    /**
     * Patrols the station flies on its own, with or without central.
     *
     * @param timezone the zone the schedules' times are in ("Asia/Shanghai")
     * @param routes by id
     * @param schedules by id; each names a route of {@code routes}
     */
    public record Patrols(java.time.ZoneId timezone, java.util.Map<String, RouteSpec> routes,
                          java.util.Map<String, ScheduleSpec> schedules) {
        public Patrols {
            routes = java.util.Map.copyOf(routes);
            schedules = java.util.Map.copyOf(schedules);
            for (var e : schedules.entrySet()) {
                if (!routes.containsKey(e.getValue().route())) {
                    throw new ConfigException("operations.patrols.schedules." + e.getKey() + ".route: no route '"
                            + e.getValue().route() + "' (routes: " + new java.util.TreeSet<>(routes.keySet()) + ")");
                }
            }
        }

        public static Patrols none() {
            return new Patrols(java.time.ZoneId.of("Asia/Shanghai"), java.util.Map.of(), java.util.Map.of());
        }
    }

    /** A point, degrees. */
    public record Point(double lat, double lon) {
    }

    /**
     * @param waypoints 2..200 points, flown as a loop
     * @param altitude above the nest, m
     * @param speed ground speed, m/s
     * @param captureInterval a photo every this many seconds, 0: none
     */
    public record RouteSpec(java.util.List<Point> waypoints, double altitude, double speed, double captureInterval) {
        public RouteSpec {
            waypoints = java.util.List.copyOf(waypoints);
        }
    }

    /**
     * Fly {@code route} with the relay (one drone always on it) on {@code days} from {@code from}
     * to {@code to} local time; {@code to} before {@code from} runs past midnight into the next day.
     */
    public record ScheduleSpec(String route, java.util.Set<java.time.DayOfWeek> days, java.time.LocalTime from,
                               java.time.LocalTime to) {
        public ScheduleSpec {
            days = java.util.Set.copyOf(days);
            if (from.equals(to)) {
                throw new ConfigException("a schedule's from and to must differ, both were " + from);
            }
        }
    }

    /** STATION.md's defaults; the deadlines leave 50 % over the nominal 18 s open and 20 s close. */
    public static OperationsSettings defaults() {
        return new OperationsSettings(
                new Weather(8, 12, 2.5, 12, 15, 7.6, -20, 45, Duration.ofSeconds(30), Duration.ofMinutes(5)),
                new Launch(50, Duration.ofSeconds(20), Duration.ofSeconds(15), Duration.ofSeconds(10),
                        Duration.ofSeconds(30), 10, 30),
                new Land(Duration.ofMinutes(5), 3, java.util.Optional.empty()),
                new Roof(Duration.ofSeconds(27), Duration.ofSeconds(30)),
                new Flight(12, 15, Duration.ofMinutes(32), 25, Duration.ofSeconds(90), Double.NaN, Double.NaN, 3_000),
                Patrols.none());
    }
}
