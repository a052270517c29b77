package dev.nabla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Issue 19 item 11: {@code java -jar nabla.jar} on Java 17 says which Java it needs. */
class BootTest {
    @Test
    void bootIsJava8BytecodeAndParsesVersions() throws Exception {
        try (InputStream in = Boot.class.getResourceAsStream("Boot.class");
                DataInputStream d = new DataInputStream(in)) {
            assertThat(d.readInt()).isEqualTo(0xCAFEBABE);
            d.readUnsignedShort();
            assertThat(d.readUnsignedShort()).as("class file major version").isEqualTo(52);
        }
        assertThat(Boot.feature("1.8")).isEqualTo(8);
        assertThat(Boot.feature("17")).isEqualTo(17);
        assertThat(Boot.feature("25")).isEqualTo(25);
        assertThat(Boot.feature("26-ea")).isEqualTo(26);
    }

    @Test
    void anOlderJavaGetsAClearMessage() throws Exception {
        Optional<Path> old = olderJava();
        Assumptions.assumeTrue(old.isPresent(), "no Java older than 25 installed");
        String classes = Path.of(Boot.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .toString();
        Process p = new ProcessBuilder(old.get().toString(), "-cp", classes, "dev.nabla.cli.Boot", "-c", "SELECT 1")
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isEqualTo(2);
        assertThat(out)
                .containsPattern("Nabla needs Java 25 or newer \\(found (8|11|17|21)")
                .doesNotContain("Exception");
    }

    @Test
    void onJava25ItRunsTheShell() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(
                        java,
                        "-Dnabla.relaunch=false",
                        "--enable-native-access=ALL-UNNAMED",
                        "-cp",
                        System.getProperty("java.class.path"),
                        "dev.nabla.cli.Boot",
                        "-csv",
                        "-c",
                        "SELECT 6 * 7 AS answer")
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out).isEqualTo("answer\n42\n");
    }

    private static Optional<Path> olderJava() throws Exception {
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) return Optional.empty();
        try (Stream<Path> s = Files.list(jvms)) {
            return s.filter(d -> d.getFileName().toString().matches(".*(-8-|-11-|-17-|-21-|1\\.8).*"))
                    .map(d -> d.resolve("bin/java"))
                    .filter(Files::isExecutable)
                    .findFirst();
        }
    }
}
