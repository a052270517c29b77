package dev.nabla.tests.loops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nabla.cli.shell.EngineBackend;
import dev.nabla.cli.shell.Shell;
import dev.nabla.cli.shell.ShellSettings;
import dev.nabla.engine.Database;
import dev.nabla.engine.Nabla;
import dev.nabla.engine.Result;
import dev.nabla.engine.Session;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs every learning-loop example file as a script and checks the numbers it promises. */
class ExamplesTest {
    Database db;
    Session s;

    @BeforeEach
    void open() {
        db = Nabla.open();
        s = db.connect();
    }

    @AfterEach
    void close() {
        s.close();
        db.close();
    }

    private Result one(String sql) {
        Result r = s.execute(sql);
        assertThat(r.rowCount()).as(sql).isEqualTo(1);
        return r;
    }

    @Test
    void linearRegressionByUpdates() {
        s.executeScript(LoopsPaths.exampleSql("linear_regression_gd.sql"));
        Result p = one("SELECT a, b FROM params");
        assertThat(p.getDouble(0, 0)).isCloseTo(2.0, within(0.05));
        assertThat(p.getDouble(0, 1)).isCloseTo(-1.0, within(0.05));
        Result log = s.execute("SELECT step, loss FROM loss_log ORDER BY step");
        assertThat(log.rowCount()).isEqualTo(121);
        double[] loss = log.doubleColumn(1);
        for (int i = 1; i < loss.length; i++)
            assertThat(loss[i]).as("loss at step %d", i).isLessThanOrEqualTo(loss[i - 1]);
        assertThat(loss[120]).isLessThan(0.002);
    }

    @Test
    void linearRegressionAsOneRecursiveQueryMatchesOls() {
        s.executeScript(LoopsPaths.exampleSql("linear_regression_recursive.sql"));
        Result r = one("SELECT step, a, b, slope, intercept FROM fit");
        assertThat(r.getLong(0, 0)).isEqualTo(200);
        assertThat(r.getDouble(0, 1)).isCloseTo(r.getDouble(0, 3), within(1e-2));
        assertThat(r.getDouble(0, 2)).isCloseTo(r.getDouble(0, 4), within(1e-2));
        // the closed form itself, computed here from the same points
        double sx = 0, sy = 0, sxy = 0, sxx = 0;
        int n = 500;
        for (int i = 0; i < n; i++) {
            double x = -1 + 2.0 * i / 499, y = 2 * x - 1 + 0.05 * Math.sin(37 * i);
            sx += x;
            sy += y;
            sxy += x * y;
            sxx += x * x;
        }
        double slope = (sxy / n - sx / n * sy / n) / (sxx / n - sx / n * sx / n);
        assertThat(r.getDouble(0, 3)).isCloseTo(slope, within(1e-9));
        assertThat(r.getDouble(0, 4)).isCloseTo(sy / n - slope * sx / n, within(1e-9));
    }

    @Test
    void newtonSqrt2() {
        s.executeScript(LoopsPaths.exampleSql("newton_sqrt2.sql"));
        Result r = one("SELECT x FROM newton WHERE k = 20");
        assertThat(Math.abs(r.getDouble(0, 0) - Math.sqrt(2))).isLessThan(1e-9);
        assertThat(s.execute("SELECT count(*) FROM newton").getLong(0, 0)).isEqualTo(21);
    }

    @Test
    void logisticRegressionReaches95Percent() {
        s.executeScript(LoopsPaths.exampleSql("logistic_regression.sql"));
        Result acc = one(
                "SELECT AVG(CASE WHEN (sigmoid(w1 * x1 + w2 * x2 + b) > 0.5) = (label = 1) THEN 1.0 ELSE 0.0 END) FROM pts, model");
        assertThat(acc.getDouble(0, 0)).isGreaterThanOrEqualTo(0.95);
        // both classes are well represented, so the accuracy is not the majority-class baseline
        Result classes =
                s.execute("SELECT min(n), max(n) FROM (SELECT label, count(*) AS n FROM pts GROUP BY label) c");
        assertThat(classes.getLong(0, 0)).isGreaterThan(150);
        Result loss = s.execute("SELECT loss FROM training ORDER BY step");
        double[] l = loss.doubleColumn(0);
        assertThat(l).hasSize(301);
        assertThat(l[0]).isCloseTo(Math.log(2), within(1e-12));
        assertThat(l[300]).isLessThan(0.1);
    }

    @Test
    void lossCurveTable() {
        s.executeScript(LoopsPaths.exampleSql("loss_curve.sql"));
        Result r = s.execute("SELECT step, loss FROM loss_curve ORDER BY step");
        assertThat(r.rowCount()).isEqualTo(61);
        assertThat(r.longColumn(0)[60]).isEqualTo(60);
        double[] loss = r.doubleColumn(1);
        assertThat(loss[60]).isLessThan(loss[0] / 100);
    }

    @Test
    void lossCurvePlotsInTheShell() {
        StringWriter out = new StringWriter(), err = new StringWriter();
        try (EngineBackend backend = new EngineBackend(Nabla.open())) {
            Shell shell =
                    new Shell(backend, new ShellSettings(), new PrintWriter(out, true), new PrintWriter(err, true));
            String script = LoopsPaths.exampleSql("loss_curve.sql")
                    + "\nSELECT step, loss FROM loss_curve ORDER BY step;\n.plot\n";
            boolean ok = shell.run(script, Shell.Source.COMMAND_LINE);
            assertThat(err.toString()).isEmpty();
            assertThat(ok).isTrue();
        }
        String text = out.toString();
        String chart = text.substring(text.lastIndexOf("+---"));
        // a braille line chart: axis, braille cells, the series legend naming the loss column
        assertThat(chart).contains("└").contains("loss");
        assertThat(chart.chars().filter(c -> c >= 0x2801 && c <= 0x28FF).count())
                .isGreaterThan(30);
    }
}
