package io.streetstation.agent.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads the {@code uplink:} section (see {@link UplinkSettings}); strict like the rest of the file. */
final class UplinkConfigReader {

    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,40}");

    private UplinkConfigReader() {
    }

    static UplinkSettings read(ConfigNode u) {
        String broker = u.string("broker");
        boolean allowPlain = u.bool("allow-plain-tcp", false);
        String scheme = scheme(u, broker);
        Optional<UplinkSettings.Tls> tls = Optional.empty();
        if (u.has("tls")) {
            ConfigNode t = u.node("tls");
            Optional<Path> cert = optionalPath(t, "cert");
            Optional<Path> key = optionalPath(t, "key");
            if (cert.isPresent() != key.isPresent()) {
                throw new ConfigException(t.path() + ": cert and key go together (mutual TLS) or both stay out");
            }
            tls = Optional.of(new UplinkSettings.Tls(path(t, "ca"), cert, key));
        }
        switch (scheme) {
            case "tcp" -> {
                if (!allowPlain) {
                    throw new ConfigException(u.path() + ".broker: " + broker + " is plain TCP: commands and captures "
                            + "would cross the network unencrypted; use ssl://, or set allow-plain-tcp: true for a bench");
                }
                if (tls.isPresent()) {
                    throw new ConfigException(u.path() + ".tls: given, but the broker " + broker + " is plain tcp://");
                }
            }
            case "ssl" -> {
                if (tls.isEmpty()) {
                    throw new ConfigException(u.path() + ".tls: required for " + broker + " (ca, and cert + key for "
                            + "mutual TLS)");
                }
            }
            default -> throw new ConfigException(u.path() + ".broker: scheme must be ssl:// or tcp://, was " + broker);
        }
        Optional<String> username = u.has("username") ? Optional.of(u.string("username")) : Optional.empty();
        Optional<Path> password = optionalPath(u, "password-file");

        Duration keepAlive = u.duration("keep-alive", Duration.ofSeconds(5), Duration.ofMinutes(20), Duration.ofSeconds(30));
        Duration expiry = u.duration("session-expiry", Duration.ofMinutes(1), Duration.ofDays(30), Duration.ofDays(7));
        Duration connectTimeout = u.duration("connect-timeout", Duration.ofSeconds(1), Duration.ofMinutes(2),
                Duration.ofSeconds(10));
        ConfigNode b = u.nodeOrEmpty("backoff");
        Duration min = b.duration("min", Duration.ofMillis(50), Duration.ofMinutes(1), Duration.ofSeconds(1));
        Duration max = b.duration("max", min, Duration.ofHours(1), Duration.ofMinutes(2));

        Path stateDir = Path.of(u.string("state-dir", "/var/lib/station/uplink"));
        ConfigNode o = u.nodeOrEmpty("outbox");
        long maxBytes = o.integer("max-mb", 16, 1_000_000, 2_048) * 1024 * 1024;
        int inFlight = (int) o.integer("in-flight", 1, 1_000, 20);

        ConfigNode t = u.nodeOrEmpty("telemetry");
        Duration period = t.duration("period", Duration.ofMillis(100), Duration.ofMinutes(10), Duration.ofSeconds(1));
        Duration full = t.duration("full-every", period, Duration.ofHours(1), Duration.ofSeconds(60));
        int fastHz = (int) t.integer("fast-max-hz", 1, 10, 10);
        Duration fastMax = t.duration("fast-max-duration", Duration.ofSeconds(1), Duration.ofHours(1),
                Duration.ofMinutes(10));

        ConfigNode i = u.nodeOrEmpty("images");
        int inline = (int) i.integer("inline-max-bytes", 0, 1024 * 1024, 48 * 1024);
        int chunk = (int) i.integer("chunk-bytes", 1024, 1024 * 1024, 64 * 1024);

        UplinkSettings.CommandSecurity commands = commands(u.node("commands"));
        return new UplinkSettings(broker, allowPlain, username, password, tls, keepAlive, expiry, connectTimeout, min, max,
                stateDir, maxBytes, inFlight, period, full, fastHz, fastMax, inline, chunk, commands);
    }

    private static UplinkSettings.CommandSecurity commands(ConfigNode c) {
        Duration skew = c.duration("max-clock-skew", Duration.ZERO, Duration.ofMinutes(10), Duration.ofSeconds(30));
        Duration lifetime = c.duration("max-lifetime", Duration.ofSeconds(5), Duration.ofDays(1), Duration.ofMinutes(15));
        ConfigNode keys = c.node("keys");
        List<UplinkSettings.CommandKey> out = new ArrayList<>();
        for (String id : List.copyOf(keys.keys())) {
            if (!KEY_ID.matcher(id).matches()) {
                throw new ConfigException(keys.path() + "." + id + ": key id must match " + KEY_ID.pattern());
            }
            ConfigNode k = keys.node(id);
            UplinkSettings.Alg alg = k.choice("alg", UplinkSettings.Alg.class);
            Path file = path(k, "file");
            List<String> scopeNames = k.has("scopes") ? k.strings("scopes") : List.of("operate");
            Set<UplinkSettings.Scope> scopes = EnumSet.noneOf(UplinkSettings.Scope.class);
            for (String s : scopeNames) {
                try {
                    scopes.add(UplinkSettings.Scope.valueOf(s.toUpperCase(java.util.Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(k.path() + ".scopes: '" + s + "' is not one of [operate, maintenance]");
                }
            }
            if (scopes.isEmpty()) {
                throw new ConfigException(k.path() + ".scopes: at least one of [operate, maintenance]");
            }
            out.add(new UplinkSettings.CommandKey(id, alg, file, scopes));
        }
        if (out.isEmpty()) {
            throw new ConfigException(keys.path() + ": at least one key, or the station obeys no command");
        }
        return new UplinkSettings.CommandSecurity(out, skew, lifetime);
    }

    private static String scheme(ConfigNode u, String broker) {
        try {
            URI uri = new URI(broker);
            if (uri.getHost() == null || uri.getPort() < 1) {
                throw new ConfigException(u.path() + ".broker: must be scheme://host:port, was " + broker);
            }
            return uri.getScheme() == null ? "" : uri.getScheme();
        } catch (URISyntaxException e) {
            throw new ConfigException(u.path() + ".broker: not a URL: " + broker);
        }
    }

    private static Path path(ConfigNode n, String key) {
        String s = n.string(key);
        if (!s.startsWith("/")) {
            throw new ConfigException(n.path() + "." + key + ": must be an absolute path, was '" + s + "'");
        }
        return Path.of(s);
    }

    private static Optional<Path> optionalPath(ConfigNode n, String key) {
        return n.has(key) ? Optional.of(path(n, key)) : Optional.empty();
    }
}
