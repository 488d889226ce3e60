package io.streetstation.hil.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code hil-tests/bench [--quick] [--list] [group...]}: runs the named benchmark groups (all if
 * none is named) and prints one line per figure, {@code BENCH <name> <value> <unit>}, on stdout.
 * Everything else goes to stderr so the figures can be piped.
 */
public final class BenchMain {

    private BenchMain() {
    }

    static Map<String, BenchGroup> groups() {
        Map<String, BenchGroup> all = new LinkedHashMap<>();
        for (BenchGroup g : List.<BenchGroup>of(new MavlinkBench(), new UplinkBench(), new StationBench())) {
            all.put(g.name(), g);
        }
        return all;
    }

    public static void main(String[] args) throws Exception {
        // stdout carries the BENCH lines only: the agent, rig and broker a group starts log to stderr
        org.tinylog.configuration.Configuration.set("writer.stream", "err");
        Map<String, BenchGroup> all = groups();
        boolean quick = false;
        List<BenchGroup> chosen = new ArrayList<>();
        for (String a : args) {
            switch (a) {
                case "--quick" -> quick = true;
                case "--list" -> {
                    all.values().forEach(g -> System.out.println(g.name() + "\t" + g.description()));
                    return;
                }
                case "-h", "--help" -> {
                    System.out.println("usage: hil-tests/bench [--quick] [--list] [group...]   groups: " + all.keySet());
                    return;
                }
                default -> {
                    BenchGroup g = all.get(a);
                    if (g == null) {
                        System.err.println("bench: unknown group '" + a + "'; known: " + all.keySet());
                        System.exit(2);
                    }
                    chosen.add(g);
                }
            }
        }
        if (chosen.isEmpty()) {
            chosen.addAll(all.values());
        }
        BenchOptions options = new BenchOptions(quick);
        for (BenchGroup g : chosen) {
            System.err.println("bench: running " + g.name() + (quick ? " (quick)" : "") + " ...");
            for (Figure f : g.run(options)) {
                System.out.println(f.line());
                System.out.flush();
            }
        }
    }
}
