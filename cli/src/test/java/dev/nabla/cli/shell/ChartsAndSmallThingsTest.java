package dev.nabla.cli.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.cli.output.OutputFormat;
import dev.nabla.engine.io.csv.IoFiles;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 19: .plot --out charts (SVG, PNG), DATE axes, and the rest of item 12. */
class ChartsAndSmallThingsTest {
    final EngineBackend db = EngineBackend.open();
    final StringWriter out = new StringWriter(), err = new StringWriter();
    final ShellSettings settings = new ShellSettings();
    final Shell shell = new Shell(db, settings, new PrintWriter(out), new PrintWriter(err));

    @AfterEach
    void close() {
        db.close();
    }

    private String run(String input) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        shell.run(input, Shell.Source.COMMAND_LINE);
        return out.toString();
    }

    private void lossCurve() {
        run("CREATE TABLE log AS SELECT i AS step, 1.0 / (1 + i) AS loss, DATE '2024-01-01' + i AS day"
                + " FROM generate_series(0, 99) g(i);\nSELECT step, loss, day FROM log;");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void plotWritesAnSvgChart(@TempDir Path dir) throws Exception {
        lossCurve();
        Path svg = dir.resolve("loss.svg");
        run(".plot step loss --log-y --out " + svg);
        assertThat(err.toString()).isEmpty();
        String text = Files.readString(svg, StandardCharsets.UTF_8);
        assertThat(text).startsWith("<?xml").contains("<svg", "</svg>");
        assertThat(Files.size(svg)).isGreaterThan(5_000);
    }

    @Test
    void plotWritesAPngChartWithDates(@TempDir Path dir) throws Exception {
        lossCurve();
        Path png = dir.resolve("loss.png");
        run(".plot day loss --out " + png);
        assertThat(err.toString()).isEmpty();
        byte[] bytes = Files.readAllBytes(png);
        assertThat(bytes).startsWith(0x89, 'P', 'N', 'G');
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isEqualTo(800);
        assertThat(img.getHeight()).isEqualTo(500);
        // something was drawn: not one flat colour
        int first = img.getRGB(400, 250);
        boolean varied = false;
        for (int x = 0; x < 800 && !varied; x += 7)
            for (int y = 0; y < 500; y += 7) varied |= img.getRGB(x, y) != first;
        assertThat(varied).isTrue();
        run(".plot step loss --out " + dir.resolve("loss.pdf"));
        assertThat(err.toString()).contains("must end in .svg or .png");
    }

    @Test
    void brailleDateAxisIsLabelledWithDates() {
        lossCurve();
        String chart = run(".plot day loss");
        assertThat(chart).contains("2024-01-01", "2024-04-09", "day").doesNotContain("1.97");
    }

    @Test
    void writeErrorsNameTheReason(@TempDir Path dir) {
        run("CREATE TABLE t(a INT);");
        Path missing = dir.resolve("no/such/dir/x.txt");
        run(".output " + missing);
        assertThat(err.toString()).contains("cannot write " + missing + ": No such directory: " + missing.getParent());
        run(".export t " + dir.resolve("nope/x.json"));
        assertThat(err.toString()).contains("No such directory: " + dir.resolve("nope"));
        run("COPY t TO '" + dir.resolve("nope/x.csv") + "';");
        assertThat(err.toString()).contains("No such directory: " + dir.resolve("nope"));
        // as root the permission check cannot be provoked; the reason text is what a denied write gets
        assertThat(IoFiles.writeReason(
                        dir.resolve("x"),
                        new AccessDeniedException(dir.resolve("x").toString())))
                .isEqualTo("Permission denied");
    }

    @Test
    void onceInBoxModeWritesNoFooter(@TempDir Path dir) throws Exception {
        settings.interactive = true;
        settings.format = OutputFormat.BOX;
        Path f = dir.resolve("r.txt");
        run(".once " + f + "\nSELECT 1 AS a UNION ALL SELECT 2;");
        String text = Files.readString(f, StandardCharsets.UTF_8);
        assertThat(text).contains("│    a    │", "│       2 │").doesNotContain("rows");
        assertThat(text.strip()).endsWith("┘");
        assertThat(run("SELECT 1 AS a;")).contains("1 row");
    }

    @Test
    void explainErrorsPointAtTheQuery() {
        run("CREATE TABLE t(x INT);");
        run(".explain SELECT nope FROM t");
        assertThat(err.toString())
                .isEqualTo("Error: line 1:8: unknown column \"nope\"\nSELECT nope FROM t\n       ^^^^\n");
    }
}
