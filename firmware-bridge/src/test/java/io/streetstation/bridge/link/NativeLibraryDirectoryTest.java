package io.streetstation.bridge.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SerialLink#nativeLibraryDirectory} in a fresh JVM, since jssc loads its library once per
 * process: the library must be mapped from the chosen directory, not from {@code java.io.tmpdir}.
 */
class NativeLibraryDirectoryTest {

    @TempDir
    Path dir;

    @Test
    void nativeLibraryDirectory_makesJsscLoadFromThere_andIsRefusedOnceLoaded() throws Exception {
        Path libraryDir = dir.resolve("opt-station-lib");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), NativeLibraryProbe.class.getName(),
                libraryDir.toString(), dir.resolve("cables").toString()))
                .redirectErrorStream(true)
                .start();
        child.getOutputStream().close();
        byte[] out = child.getInputStream().readAllBytes();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("probe finished").isTrue();
        String output = new String(out, StandardCharsets.UTF_8);

        assertThat(child.exitValue()).as(output).isZero();
        List<String> mapped = output.lines().filter(l -> l.startsWith("mapped ")).toList();
        assertThat(mapped).as(output).isNotEmpty()
                .allSatisfy(l -> assertThat(l).isEqualTo("mapped " + libraryDir + File.separator + "libjssc.so"));
        assertThat(output).contains("second call refused: jssc native library already loaded");
    }
}
