package io.streetstation.agent.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Strict, typed access to one mapping of a parsed YAML document (the station configuration, the
 * HIL rig file). Every key read is remembered;
 * {@link #finish()} rejects the keys nobody read, so a misspelt option is an error naming its path
 * instead of a silently ignored line.
 */
public final class ConfigNode {

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|min|h|d)");

    private final String path;
    private final Map<String, Object> values;
    private final Set<String> read = new LinkedHashSet<>();
    private final List<ConfigNode> children = new ArrayList<>();

    /**
     * Parses a YAML document (safe constructor, duplicate keys rejected) whose top level must be
     * a mapping.
     *
     * @param source named in error messages (a file name)
     */
    public static ConfigNode parse(java.io.Reader yaml, String source) {
        Object doc;
        try {
            org.yaml.snakeyaml.LoaderOptions opts = new org.yaml.snakeyaml.LoaderOptions();
            opts.setAllowDuplicateKeys(false);
            doc = new org.yaml.snakeyaml.Yaml(new org.yaml.snakeyaml.constructor.SafeConstructor(opts)).load(yaml);
        } catch (org.yaml.snakeyaml.error.YAMLException e) {
            throw new ConfigException(source + ": not valid YAML: " + e.getMessage(), e);
        }
        if (!(doc instanceof Map<?, ?> map)) {
            throw new ConfigException(source + ": must be a YAML mapping of sections");
        }
        return new ConfigNode("", map);
    }

    public ConfigNode(String path, Map<?, ?> values) {
        this.path = path;
        this.values = new LinkedHashMap<>();
        values.forEach((k, v) -> this.values.put(String.valueOf(k), v));
    }

    public String path() {
        return path;
    }

    private String at(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    public Set<String> keys() {
        return values.keySet();
    }

    private Object raw(String key) {
        read.add(key);
        return values.get(key);
    }

    public ConfigNode node(String key) {
        Object v = raw(key);
        if (v == null) {
            throw new ConfigException(at(key) + ": required section is missing");
        }
        if (!(v instanceof Map<?, ?> m)) {
            throw new ConfigException(at(key) + ": must be a section (key: value lines), was " + describe(v));
        }
        ConfigNode child = new ConfigNode(at(key), m);
        children.add(child);
        return child;
    }

    public ConfigNode nodeOrEmpty(String key) {
        return has(key) ? node(key) : childOf(key, Map.of());
    }

    private ConfigNode childOf(String key, Map<?, ?> m) {
        read.add(key);
        ConfigNode child = new ConfigNode(at(key), m);
        children.add(child);
        return child;
    }

    public String string(String key) {
        Object v = raw(key);
        if (v == null) {
            throw new ConfigException(at(key) + ": required value is missing");
        }
        if (v instanceof Map || v instanceof List) {
            throw new ConfigException(at(key) + ": must be a single value, was " + describe(v));
        }
        return String.valueOf(v);
    }

    public String string(String key, String fallback) {
        return has(key) ? string(key) : fallback;
    }

    public String matching(String key, Pattern p, String what) {
        String s = string(key);
        if (!p.matcher(s).matches()) {
            throw new ConfigException(at(key) + ": '" + s + "' is not " + what);
        }
        return s;
    }

    public long integer(String key, long min, long max) {
        Object v = raw(key);
        long n;
        if (v instanceof Number num && !(v instanceof Double) && !(v instanceof Float)) {
            n = num.longValue();
        } else if (v instanceof String s && s.matches("0x[0-9a-fA-F]+")) {
            n = Long.parseLong(s.substring(2), 16);
        } else {
            throw new ConfigException(at(key) + ": must be a whole number " + min + ".." + max + ", was " + describe(v));
        }
        if (n < min || n > max) {
            throw new ConfigException(at(key) + ": must be " + min + ".." + max + ", was " + n);
        }
        return n;
    }

    public long integer(String key, long min, long max, long fallback) {
        return has(key) ? integer(key, min, max) : fallback;
    }

    public double decimal(String key, double min, double max) {
        Object v = raw(key);
        if (!(v instanceof Number num)) {
            throw new ConfigException(at(key) + ": must be a number " + min + ".." + max + ", was " + describe(v));
        }
        double d = num.doubleValue();
        if (!(d >= min && d <= max)) {
            throw new ConfigException(at(key) + ": must be " + min + ".." + max + ", was " + d);
        }
        return d;
    }

    public double decimal(String key, double min, double max, double fallback) {
        return has(key) ? decimal(key, min, max) : fallback;
    }

    public boolean bool(String key, boolean fallback) {
        if (!has(key)) {
            return fallback;
        }
        Object v = raw(key);
        if (v instanceof Boolean b) {
            return b;
        }
        throw new ConfigException(at(key) + ": must be true or false, was " + describe(v));
    }

    /** Durations are written with a unit: {@code 250ms}, {@code 3s}, {@code 5m}, {@code 2h}, {@code 1d}. */
    public Duration duration(String key, Duration min, Duration max) {
        String s = string(key).trim();
        Matcher m = DURATION.matcher(s);
        if (!m.matches()) {
            throw new ConfigException(at(key) + ": '" + s + "' is not a duration (use a unit: 250ms, 3s, 5m, 2h)");
        }
        double n = Double.parseDouble(m.group(1));
        long millis = (long) (n * switch (m.group(2)) {
            case "ms" -> 1;
            case "s" -> 1_000;
            case "m", "min" -> 60_000;
            case "h" -> 3_600_000;
            default -> 86_400_000;
        });
        Duration d = Duration.ofMillis(millis);
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new ConfigException(at(key) + ": must be " + min + ".." + max + ", was " + s);
        }
        return d;
    }

    public Duration duration(String key, Duration min, Duration max, Duration fallback) {
        return has(key) ? duration(key, min, max) : fallback;
    }

    /** An enum written in lower-case with dashes ({@code active-low} for {@code ACTIVE_LOW}). */
    public <E extends Enum<E>> E choice(String key, Class<E> type) {
        String s = string(key);
        String name = s.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        List<String> allowed = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            allowed.add(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        throw new ConfigException(at(key) + ": '" + s + "' is not one of " + allowed);
    }

    public <E extends Enum<E>> E choice(String key, Class<E> type, E fallback) {
        return has(key) ? choice(key, type) : fallback;
    }

    public List<String> strings(String key) {
        if (!has(key)) {
            read.add(key);
            return List.of();
        }
        Object v = raw(key);
        if (!(v instanceof List<?> list)) {
            throw new ConfigException(at(key) + ": must be a list ([a, b]), was " + describe(v));
        }
        List<String> out = new ArrayList<>();
        for (Object o : list) {
            out.add(String.valueOf(o));
        }
        return out;
    }

    /**
     * A list of [a, b] number pairs ({@code [[36.81, 118.05], …]}), each number within its range.
     *
     * @param minA the first number's range (a latitude: -90..90)
     * @param minB the second's (a longitude: -180..180)
     */
    public List<double[]> pairs(String key, double minA, double maxA, double minB, double maxB) {
        Object v = raw(key);
        if (!(v instanceof List<?> list)) {
            throw new ConfigException(at(key) + ": must be a list of [a, b] pairs, was " + describe(v));
        }
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof List<?> p) || p.size() != 2 || !(p.get(0) instanceof Number a)
                    || !(p.get(1) instanceof Number b)) {
                throw new ConfigException(at(key) + "[" + i + "]: must be a pair of numbers [a, b], was " + describe(list.get(i)));
            }
            double x = a.doubleValue();
            double y = b.doubleValue();
            if (!(x >= minA && x <= maxA && y >= minB && y <= maxB)) {
                throw new ConfigException(at(key) + "[" + i + "]: [" + x + ", " + y + "] out of range " + minA + ".." + maxA
                        + ", " + minB + ".." + maxB);
            }
            out.add(new double[] {x, y});
        }
        return out;
    }

    /** One [a, b] number pair ({@code [36.81, 118.05]}), each number within its range. */
    public double[] pair(String key, double minA, double maxA, double minB, double maxB) {
        Object v = raw(key);
        return new ConfigNode(path, Map.of(key, List.of(v == null ? List.of() : v))).pairs(key, minA, maxA, minB, maxB).get(0);
    }

    /** Rejects keys that were never read, here and in every section read below. */
    public void finish() {
        for (String k : values.keySet()) {
            if (!read.contains(k)) {
                throw new ConfigException(at(k) + ": unknown setting (known here: " + read + ")");
            }
        }
        for (ConfigNode c : children) {
            c.finish();
        }
    }

    private static String describe(Object v) {
        if (v == null) {
            return "empty";
        }
        if (v instanceof Map) {
            return "a section";
        }
        if (v instanceof List) {
            return "a list";
        }
        return "'" + v + "'";
    }
}
