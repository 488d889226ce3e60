package io.streetstation.bridge.link;

import io.streetstation.bridge.time.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Run in a child JVM by {@link NativeLibraryDirectoryTest}: where jssc loads from is decided once
 * per process. Arguments: library directory, cable directory. Prints what the test checks.
 */
public final class NativeLibraryProbe {
    private NativeLibraryProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path library = SerialLink.nativeLibraryDirectory(Path.of(args[0]));
        System.out.println("library " + library);
        ManualClock clock = new ManualClock();
        try (VirtualSerialCable cable = VirtualSerialCable.plugIn("probe", Path.of(args[1]), clock);
             SerialLink link = new SerialLink("probe", SerialConfig.of(cable.path().toString()), clock)) {
            link.start((buffer, off, len) -> { });
            Await.until(Duration.ofSeconds(5), () -> link.status().isUp(), () -> "probe: " + link.status());
            Files.readAllLines(Path.of("/proc/self/maps")).stream()
                    .filter(l -> l.contains("libjssc"))
                    .map(l -> "mapped " + l.substring(l.indexOf('/')))
                    .distinct()
                    .forEach(System.out::println);
            try {
                SerialLink.nativeLibraryDirectory(Path.of(args[0]));
                System.out.println("second call accepted");
            } catch (IllegalStateException e) {
                System.out.println("second call refused: " + e.getMessage());
            }
        }
    }
}
