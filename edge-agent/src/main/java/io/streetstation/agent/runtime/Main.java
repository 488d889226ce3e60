package io.streetstation.agent.runtime;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code edge-agent.jar}. Parses the command line and hands over to the composition
 * root; nothing else happens here.
 */
@Command(name = "edge-agent",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Edge agent of a street police station: drives the drone nest, drones, patrol robot, "
                + "balance-vehicle rack and capture cameras, and links the station to central command.")
public final class Main implements Callable<Integer> {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the process exit code (for tests). */
    public static int run(String... args) {
        return new CommandLine(new Main()).execute(args);
    }

    @Override
    public Integer call() {
        CommandLine.usage(this, System.out);
        return 0;
    }

    /** Version from the jar manifest, "dev" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"edge-agent " + (v == null ? "dev" : v),
                    "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}
