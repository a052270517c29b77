package dev.nabla.engine.io.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.engine.Database;
import dev.nabla.engine.Session;
import dev.nabla.engine.io.IoTestSupport;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartCopyTest {
    @TempDir
    Path dir;

    private static final String FIRST_LINE = "stroke:rgb(0,55,255)", SECOND_LINE = "stroke:rgb(255,172,0)";

    Database db;
    Session s;

    @BeforeEach
    void open() {
        db = IoTestSupport.database();
        s = db.connect();
        s.execute("CREATE TABLE log AS SELECT range AS step, exp(-range / 10.0) AS loss,"
                + " exp(-range / 12.0) + 0.01 AS val_loss, 'run' AS name FROM range(50)");
    }

    @AfterEach
    void close() {
        db.close();
    }

    private String path(String name) {
        return dir.resolve(name).toString().replace('\\', '/');
    }

    @Test
    void svgWithNamedAxesAndTitle() throws IOException {
        String f = path("loss.svg");
        long n = s.execute("COPY (SELECT step, loss, val_loss FROM log) TO '" + f
                        + "' (FORMAT chart, x 'step', y 'loss, val_loss', title 'Training', log_y)")
                .updateCount();
        assertThat(n).isEqualTo(50);
        String svg = Files.readString(Path.of(f), StandardCharsets.UTF_8);
        assertThat(svg).startsWith("<?xml").contains("<svg", "</svg>");
        assertThat(Files.size(Path.of(f))).isGreaterThan(5_000);
    }

    @Test
    void pngFromTheFileNameAlone() throws IOException {
        String f = path("loss.png");
        s.execute("COPY (SELECT step, loss FROM log ORDER BY step) TO '" + f + "'");
        BufferedImage img = ImageIO.read(Path.of(f).toFile());
        assertThat(img.getWidth()).isEqualTo(ChartFile.WIDTH);
        assertThat(img.getHeight()).isEqualTo(ChartFile.HEIGHT);
    }

    @Test
    void withoutXTheFirstNumericColumnIsTheAxisAndOtherNumbersAreLines() throws IOException {
        String f = path("all.svg");
        // name is text: it is neither axis nor line
        assertThat(s.execute("COPY log TO '" + f + "' (FORMAT chart)").updateCount())
                .isEqualTo(50);
        // SVG draws text as paths, so the lines are told apart by XChart's series colours
        assertThat(Files.readString(Path.of(f))).contains(FIRST_LINE, SECOND_LINE);
    }

    @Test
    void datesOnTheXAxis() throws IOException {
        String f = path("dates.svg");
        s.execute("COPY (SELECT DATE '2026-01-01' + CAST(step AS INTEGER) AS day, loss FROM log) TO '" + f
                + "' (FORMAT chart)");
        assertThat(Files.readString(Path.of(f))).contains(FIRST_LINE).doesNotContain(SECOND_LINE);
    }

    @Test
    void clearErrors() {
        String f = path("bad.svg");
        assertThatThrownBy(() -> s.execute("COPY log TO '" + f + "' (FORMAT chart, y 'nope')"))
                .isInstanceOf(NablaException.class)
                .hasMessageContaining("no column nope")
                .satisfies(e -> assertThat(((NablaException) e).code()).isEqualTo(ErrorCode.UNKNOWN_COLUMN));
        assertThatThrownBy(() -> s.execute("COPY log TO '" + f + "' (FORMAT chart, y 'name')"))
                .hasMessageContaining("column name is VARCHAR, not a number");
        assertThatThrownBy(() -> s.execute("COPY log TO '" + f + "' (FORMAT chart, colour 'red')"))
                .hasMessageContaining("unknown option 'colour'");
        assertThatThrownBy(() -> s.execute("COPY log TO '" + path("bad.pdf") + "' (FORMAT chart)"))
                .hasMessageContaining("must end in .svg or .png");
        assertThat(Files.exists(Path.of(f))).isFalse();
    }
}
