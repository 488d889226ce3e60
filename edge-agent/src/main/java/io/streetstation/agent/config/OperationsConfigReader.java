package io.streetstation.agent.config;

import java.time.Duration;
import java.util.List;

/** The station file's {@code operations:} section; every key is optional and defaults to {@link OperationsSettings#defaults()}. */
public final class OperationsConfigReader {

    private OperationsConfigReader() {
    }

    public static OperationsSettings read(ConfigNode operations) {
        OperationsSettings d = OperationsSettings.defaults();
        ConfigNode w = operations.nodeOrEmpty("weather");
        OperationsSettings.Weather dw = d.weather();
        OperationsSettings.Weather weather = new OperationsSettings.Weather(
                w.decimal("wind-launch-max", 0, 40, dw.windLaunchMax()),
                w.decimal("gust-launch-max", 0, 60, dw.gustLaunchMax()),
                w.decimal("rain-launch-max", 0, 500, dw.rainLaunchMax()),
                w.decimal("wind-recall", 0, 40, dw.windRecall()),
                w.decimal("gust-recall", 0, 60, dw.gustRecall()),
                w.decimal("rain-recall", 0, 500, dw.rainRecall()),
                w.decimal("temperature-min", -50, 50, dw.temperatureMin()),
                w.decimal("temperature-max", -50, 85, dw.temperatureMax()),
                w.duration("stale-after", Duration.ofSeconds(5), Duration.ofMinutes(10), dw.staleAfter()),
                w.duration("clear-after", Duration.ZERO, Duration.ofHours(2), dw.clearAfter()));
        ConfigNode l = operations.nodeOrEmpty("launch");
        OperationsSettings.Launch dl = d.launch();
        OperationsSettings.Launch launch = new OperationsSettings.Launch(
                (int) l.integer("battery-floor", 20, 100, dl.batteryFloorPercent()),
                l.duration("boot-deadline", Duration.ofSeconds(1), Duration.ofMinutes(5), dl.bootDeadline()),
                l.duration("preflight-deadline", Duration.ofSeconds(1), Duration.ofMinutes(5), dl.preflightDeadline()),
                l.duration("centring-deadline", Duration.ofSeconds(1), Duration.ofMinutes(5), dl.centringDeadline()),
                l.duration("takeoff-deadline", Duration.ofSeconds(1), Duration.ofMinutes(5), dl.takeoffDeadline()),
                l.decimal("corridor-height", 1, 100, dl.corridorHeight()),
                l.decimal("takeoff-altitude", 2, 500, dl.takeoffAltitude()));
        ConfigNode ln = operations.nodeOrEmpty("land");
        java.util.Optional<OperationsSettings.Point> alternate = ln.has("alternate")
                ? java.util.Optional.of(point(ln, "alternate")) : java.util.Optional.empty();
        OperationsSettings.Land land = new OperationsSettings.Land(
                ln.duration("deadline", Duration.ofSeconds(30), Duration.ofMinutes(30), d.land().deadline()),
                (int) ln.integer("attempts", 1, 5, d.land().attempts()), alternate);
        ConfigNode r = operations.nodeOrEmpty("roof");
        OperationsSettings.Roof roof = new OperationsSettings.Roof(
                r.duration("open-deadline", Duration.ofSeconds(1), Duration.ofMinutes(5), d.roof().openDeadline()),
                r.duration("close-deadline", Duration.ofSeconds(1), Duration.ofMinutes(5), d.roof().closeDeadline()));
        ConfigNode f = operations.nodeOrEmpty("flight");
        OperationsSettings.Flight df = d.flight();
        OperationsSettings.Flight flight = new OperationsSettings.Flight(
                f.decimal("cruise-speed", 1, 20, df.cruiseSpeed()),
                f.decimal("dispatch-speed", 1, 25, df.dispatchSpeed()),
                f.duration("endurance", Duration.ofMinutes(5), Duration.ofHours(2), df.endurance()),
                f.decimal("return-reserve", 5, 60, df.returnReservePercent()),
                f.duration("relay-lead", Duration.ofSeconds(10), Duration.ofMinutes(10), df.relayLead()),
                f.decimal("site-lat", -90, 90, df.siteLat()),
                f.decimal("site-lon", -180, 180, df.siteLon()),
                f.decimal("geofence-radius", 100, 20_000, df.geofenceRadius()));
        if (Double.isNaN(flight.siteLat()) != Double.isNaN(flight.siteLon())) {
            throw new ConfigException("operations.flight: site-lat and site-lon go together");
        }
        return new OperationsSettings(weather, launch, land, roof, flight, patrols(operations.nodeOrEmpty("patrols")));
    }

    private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9_-]{0,39}");
    private static final java.util.regex.Pattern TIME = java.util.regex.Pattern.compile("([01]\\d|2[0-3]):[0-5]\\d");

    private static OperationsSettings.Patrols patrols(ConfigNode p) {
        java.time.ZoneId zone;
        String z = p.string("timezone", "Asia/Shanghai");
        try {
            zone = java.time.ZoneId.of(z);
        } catch (java.time.DateTimeException e) {
            throw new ConfigException(p.path() + ".timezone: '" + z + "' is not a time zone (e.g. Asia/Shanghai)");
        }
        java.util.Map<String, OperationsSettings.RouteSpec> routes = new java.util.LinkedHashMap<>();
        ConfigNode rs = p.nodeOrEmpty("routes");
        for (String id : rs.keys()) {
            checkId(rs, id);
            ConfigNode r = rs.node(id);
            List<OperationsSettings.Point> points = r.pairs("waypoints", -90, 90, -180, 180).stream()
                    .map(a -> new OperationsSettings.Point(a[0], a[1])).toList();
            if (points.size() < 2 || points.size() > 200) {
                throw new ConfigException(r.path() + ".waypoints: 2..200 points, had " + points.size());
            }
            routes.put(id, new OperationsSettings.RouteSpec(points, r.decimal("altitude", 20, 120),
                    r.decimal("speed", 1, 20, 12), r.decimal("capture-interval", 0, 3600, 0)));
        }
        java.util.Map<String, OperationsSettings.ScheduleSpec> schedules = new java.util.LinkedHashMap<>();
        ConfigNode ss = p.nodeOrEmpty("schedules");
        for (String id : ss.keys()) {
            checkId(ss, id);
            ConfigNode s = ss.node(id);
            java.util.Set<java.time.DayOfWeek> days = java.util.EnumSet.noneOf(java.time.DayOfWeek.class);
            List<String> named = s.strings("days");
            for (String d : named.isEmpty() ? List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun") : named) {
                days.add(day(s.path() + ".days", d));
            }
            schedules.put(id, new OperationsSettings.ScheduleSpec(s.string("route"), days, time(s, "from"), time(s, "to")));
        }
        return new OperationsSettings.Patrols(zone, routes, schedules);
    }

    /** A [lat, lon] pair. */
    private static OperationsSettings.Point point(ConfigNode n, String key) {
        double[] p = n.pair(key, -90, 90, -180, 180);
        return new OperationsSettings.Point(p[0], p[1]);
    }

    private static void checkId(ConfigNode parent, String id) {
        if (!ID.matcher(id).matches()) {
            throw new ConfigException(parent.path() + "." + id + ": an id is 1..40 of a-z, 0-9, '-', '_'");
        }
    }

    private static java.time.LocalTime time(ConfigNode n, String key) {
        String t = n.matching(key, TIME, "a time of day HH:MM");
        return java.time.LocalTime.parse(t);
    }

    private static java.time.DayOfWeek day(String at, String d) {
        return switch (d.toLowerCase(java.util.Locale.ROOT)) {
            case "mon" -> java.time.DayOfWeek.MONDAY;
            case "tue" -> java.time.DayOfWeek.TUESDAY;
            case "wed" -> java.time.DayOfWeek.WEDNESDAY;
            case "thu" -> java.time.DayOfWeek.THURSDAY;
            case "fri" -> java.time.DayOfWeek.FRIDAY;
            case "sat" -> java.time.DayOfWeek.SATURDAY;
            case "sun" -> java.time.DayOfWeek.SUNDAY;
            default -> throw new ConfigException(at + ": '" + d + "' is not a day (mon, tue, wed, thu, fri, sat, sun)");
        };
    }
}
