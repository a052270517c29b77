package dev.nabla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Item 4 of issue 19: through the {@code ./nabla} launcher's plumbing (stderr through a {@code grep} that drops
 * the JVM's incubator warning, the real stderr handed in as fd 4 and moved back by {@link LauncherStderr}), a
 * script's errors and results come out in statement order with {@code 2>&1}. The launcher's own last lines
 * are run here with the test class path instead of the jar (the jar is built after the tests).
 */
class LauncherOrderTest {
    @Test
    @Timeout(180)
    void errorsAndResultsStayInStatementOrder(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("s1.sql");
        StringBuilder sql = new StringBuilder();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            if (i % 2 == 0) {
                sql.append("SELECT ").append(i).append(" AS c").append(i).append(";\n");
                expected.add("c" + i);
            } else {
                sql.append("SELECT nope").append(i).append(";\n");
                expected.add("nope" + i);
            }
        }
        Files.writeString(script, sql);
        String java = ProcessHandle.current().info().command().orElse("java");
        String launch = "{ " + q(java) + " --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED"
                + " -Dnabla.launcher=1 -Dnabla.stderr.fd=4 -cp " + q(System.getProperty("java.class.path"))
                + " dev.nabla.cli.Main --no-bail " + q(script.toString()) + " 4>&2 2>&1 1>&3 3>&-"
                + " | ( trap '' INT; exec grep -v --line-buffered '^WARNING: Using incubator modules' >&2 ); } 3>&1 2>&1";
        Pattern token = Pattern.compile("\\| (c\\d) \\||unknown column \"(nope\\d)\"");
        for (int run = 0; run < 4; run++) {
            Process p = new ProcessBuilder("bash", "-c", launch).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as(out).isEqualTo(1);
            List<String> seen = new ArrayList<>();
            Matcher m = token.matcher(out);
            while (m.find()) seen.add(m.group(1) != null ? m.group(1) : m.group(2));
            assertThat(seen).as(out).isEqualTo(expected);
            assertThat(out).doesNotContain("WARNING: Using incubator modules");
        }
    }

    private static String q(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
