package io.streetstation.hil.demo;

import io.streetstation.hil.scenario.Faults;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * A fault the demo injects, typed at its console or given with {@code --fault "<at> <command>"}.
 * Parsing checks everything before anything is injected: a bad line is refused with the reason
 * and the usage, and nothing happens.
 *
 * @param text the command as given
 * @param action what it does to the rig
 */
public record FaultCommand(String text, Consumer<Faults> action) {

    /** One line per command, for {@code help} and error messages. */
    public static final List<String> USAGE = List.of(
            "rain <mm/h> <for>              rain onset, e.g. rain 8 30m",
            "wind <m/s> <gust m/s> <for>    wind and gusts, e.g. wind 9 14 20m",
            "roof-stall on|off              something blocks the roof",
            "charger-fault <bay>            the bay's charger trips",
            "bay-disagree <bay> on|off      the bay's two presence sensors disagree",
            "estop on|off                   the nest's E-stop pressed / released",
            "board-estop on|off             the E-stop on the agent's board pressed / released",
            "rain-backup on|off             the backup rain sensor on the agent's board wet / dry",
            "door <name> open|closed        a door switch on the agent's board (front, nest)",
            "unplug <port> | replug <port>  a device's cable (drone-1, rs485, rover, ...)",
            "noise <port> <drop %> <corrupt %>  line noise on what the port's devices send (0 0 ends it)",
            "gps-loss <bay> on|off          the bay's drone loses its GPS fix",
            "battery-sag <bay> <points>     the bay's drone pack drops at once",
            "landing-miss <bay> [times]     the bay's drone misses its next landing (or the next times)",
            "obstacle on|off                something blocks the patrol robot",
            "lock-fault <slot> <why>|off    a rack slot's lock jams / is repaired");

    public static FaultCommand parse(String line) {
        String[] w = line.trim().split("\\s+");
        String cmd = w[0].toLowerCase(Locale.ROOT);
        Consumer<Faults> action = switch (cmd) {
            case "rain" -> {
                args(w, 2, "rain <mm/h> <for>");
                double rate = number(w[1], "rain rate", 0, 200);
                Duration d = duration(w[2]);
                yield f -> f.rain(rate, d);
            }
            case "wind" -> {
                args(w, 3, "wind <m/s> <gust m/s> <for>");
                double wind = number(w[1], "wind", 0, 60);
                double gust = number(w[2], "gust", wind, 80);
                Duration d = duration(w[3]);
                yield f -> f.wind(wind, gust, d);
            }
            case "roof-stall" -> {
                args(w, 1, "roof-stall on|off");
                boolean on = onOff(w[1]);
                yield f -> f.roofBlocked(on);
            }
            case "charger-fault" -> {
                args(w, 1, "charger-fault <bay>");
                int bay = bay(w[1]);
                yield f -> f.chargerFault(bay, "injected from the demo");
            }
            case "bay-disagree" -> {
                args(w, 2, "bay-disagree <bay> on|off");
                int bay = bay(w[1]);
                boolean on = onOff(w[2]);
                yield f -> f.baySensorDisagreement(bay, on);
            }
            case "estop" -> {
                args(w, 1, "estop on|off");
                boolean on = onOff(w[1]);
                yield f -> f.estop(on);
            }
            case "board-estop" -> {
                args(w, 1, "board-estop on|off");
                boolean on = onOff(w[1]);
                yield f -> f.boardEStop(on);
            }
            case "rain-backup" -> {
                args(w, 1, "rain-backup on|off");
                boolean on = onOff(w[1]);
                yield f -> f.backupRain(on);
            }
            case "door" -> {
                args(w, 2, "door <name> open|closed");
                String name = w[1];
                if (!name.matches("[a-z0-9][a-z0-9-]{0,30}")) {
                    throw new IllegalArgumentException("door: '" + name + "' is not a door name (front, nest, ...)");
                }
                boolean open = switch (w[2].toLowerCase(Locale.ROOT)) {
                    case "open" -> true;
                    case "closed" -> false;
                    default -> throw new IllegalArgumentException("'" + w[2] + "': expected open or closed");
                };
                yield f -> f.door(name, open);
            }
            case "unplug", "replug" -> {
                args(w, 1, cmd + " <port>");
                String port = w[1];
                yield cmd.equals("unplug") ? f -> f.unplug(port) : f -> f.replug(port);
            }
            case "noise" -> {
                args(w, 3, "noise <port> <drop %> <corrupt %>");
                String port = w[1];
                double drop = number(w[2], "drop %", 0, 100) / 100;
                double corrupt = number(w[3], "corrupt %", 0, 100) / 100;
                if (drop + corrupt > 1) {
                    throw new IllegalArgumentException("drop % + corrupt % must not exceed 100");
                }
                yield f -> f.lineNoise(port, drop, corrupt);
            }
            case "gps-loss" -> {
                args(w, 2, "gps-loss <bay> on|off");
                int bay = bay(w[1]);
                boolean on = onOff(w[2]);
                yield f -> f.gpsLoss(bay, on);
            }
            case "battery-sag" -> {
                args(w, 2, "battery-sag <bay> <points>");
                int bay = bay(w[1]);
                double points = number(w[2], "points", 0, 100);
                yield f -> f.batterySag(bay, points);
            }
            case "landing-miss" -> {
                if (w.length != 2 && w.length != 3) {
                    throw new IllegalArgumentException("usage: landing-miss <bay> [times]");
                }
                int bay = bay(w[1]);
                int times = w.length == 3 ? whole(w[2], "times", 0, 5) : 1;
                yield f -> f.landingMiss(bay, times);
            }
            case "obstacle" -> {
                args(w, 1, "obstacle on|off");
                boolean on = onOff(w[1]);
                yield f -> f.roverObstacle(on);
            }
            case "lock-fault" -> {
                if (w.length < 3) {
                    throw new IllegalArgumentException("usage: lock-fault <slot> <why>|off");
                }
                int slot = whole(w[1], "slot", 1, 32);
                String why = String.join(" ", List.of(w).subList(2, w.length));
                yield f -> f.rackLockFault(slot, why.equalsIgnoreCase("off") ? null : why);
            }
            default -> throw new IllegalArgumentException("unknown fault '" + w[0] + "'; one of:\n  "
                    + String.join("\n  ", USAGE));
        };
        return new FaultCommand(line.trim(), action);
    }

    /** {@code "<at> <command>"}, e.g. {@code "2h rain 8 30m"}: the command and when (station time from the start). */
    public record Scheduled(Duration at, FaultCommand command) {

        public static Scheduled parse(String spec) {
            String[] w = spec.trim().split("\\s+", 2);
            if (w.length < 2) {
                throw new IllegalArgumentException("--fault '" + spec + "': expected '<at> <command>', e.g. '2h rain 8 30m'");
            }
            return new Scheduled(duration(w[0]), FaultCommand.parse(w[1]));
        }
    }

    private static void args(String[] w, int n, String usage) {
        if (w.length != n + 1) {
            throw new IllegalArgumentException("usage: " + usage);
        }
    }

    private static double number(String s, String what, double min, double max) {
        double v;
        try {
            v = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + ": '" + s + "' is not a number");
        }
        if (!(v >= min && v <= max)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s: %s is outside %s..%s", what, s,
                    fmt(min), fmt(max)));
        }
        return v;
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private static int bay(String s) {
        return whole(s, "bay", 1, 4);
    }

    private static int whole(String s, String what, int min, int max) {
        double v = number(s, what, min, max);
        if (v != Math.rint(v)) {
            throw new IllegalArgumentException(what + ": '" + s + "' is not a whole number");
        }
        return (int) v;
    }

    private static boolean onOff(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new IllegalArgumentException("'" + s + "': expected on or off");
        };
    }

    static Duration duration(String s) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h)").matcher(s.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + s + "' is not a duration like 90s, 30m or 2h");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }
}
