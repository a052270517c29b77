package dev.nabla.tests.loops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.engine.Database;
import dev.nabla.engine.Nabla;
import dev.nabla.engine.Result;
import dev.nabla.engine.Session;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ERA5-style physics on a synthetic (time, lat, lon) grid built with generate_series: wind speed and the
 * Magnus saturation vapour pressure, and their derivatives, against closed forms computed here in Java.
 */
class Era5PhysicsTest {
    static Database db;
    static Session s;

    @BeforeAll
    static void grid() {
        db = Nabla.open();
        s = db.connect();
        s.executeScript("""
                CREATE TABLE cells AS
                SELECT time, lat, lon,
                       10 * sin(0.1 * lon + 0.3 * time) + 2 * cos(lat / 10.0) AS u,
                       8 * cos(0.07 * lat - 0.2 * time) + sin(lon) AS v,
                       25 * cos(lat * pi() / 180) - 5 + 3 * sin(time + lon / 7.0) AS t
                FROM (SELECT ti AS time, -58 + 4 * la AS lat, 9 * lo AS lon
                      FROM generate_series(0, 9) a(ti), generate_series(0, 29) b(la), generate_series(0, 39) c(lo)) g;
                """);
    }

    @AfterAll
    static void close() {
        s.close();
        db.close();
    }

    private static void assertRel(double actual, double expected, String what, int row) {
        double err = Math.abs(actual - expected) / Math.max(1e-300, Math.max(Math.abs(expected), Math.abs(actual)));
        if (expected == 0 && actual == 0) err = 0;
        assertThat(err)
                .as("%s at row %d: %s vs closed form %s", what, row, actual, expected)
                .isLessThanOrEqualTo(1e-9);
    }

    @Test
    void windSpeedAndItsGradient() {
        Result r = s.execute("""
                SELECT u, v, sqrt(u * u + v * v), grad(sqrt(u * u + v * v), u), grad(sqrt(u * u + v * v), v),
                       jvp(sqrt(u * u + v * v), u, 0.5), vjp(sqrt(u * u + v * v), v, -2.0)
                FROM cells""");
        assertThat(r.rowCount()).isEqualTo(12_000);
        double[] u = r.doubleColumn(0),
                v = r.doubleColumn(1),
                ws = r.doubleColumn(2),
                du = r.doubleColumn(3),
                dv = r.doubleColumn(4),
                j = r.doubleColumn(5),
                c = r.doubleColumn(6);
        for (int i = 0; i < u.length; i++) {
            double speed = Math.sqrt(u[i] * u[i] + v[i] * v[i]);
            assertRel(ws[i], speed, "wind speed", i);
            assertRel(du[i], u[i] / speed, "d speed / du", i);
            assertRel(dv[i], v[i] / speed, "d speed / dv", i);
            assertRel(j[i], 0.5 * u[i] / speed, "jvp", i);
            assertRel(c[i], -2.0 * v[i] / speed, "vjp", i);
        }
    }

    @Test
    void saturationVapourPressureAndItsDerivative() {
        Result r = s.execute("""
                SELECT t, 6.112 * exp(17.67 * t / (t + 243.5)), grad(6.112 * exp(17.67 * t / (t + 243.5)), t),
                       grad(grad(6.112 * exp(17.67 * t / (t + 243.5)), t), t)
                FROM cells""");
        assertThat(r.rowCount()).isEqualTo(12_000);
        double[] t = r.doubleColumn(0), es = r.doubleColumn(1), d1 = r.doubleColumn(2), d2 = r.doubleColumn(3);
        for (int i = 0; i < t.length; i++) {
            double e = 6.112 * Math.exp(17.67 * t[i] / (t[i] + 243.5));
            double k = 17.67 * 243.5, den = t[i] + 243.5;
            double g = k / (den * den); // d/dt of 17.67 t / (t + 243.5)
            assertRel(es[i], e, "e_s", i);
            assertRel(d1[i], e * g, "d e_s / dt", i);
            assertRel(d2[i], e * (g * g - 2 * k / (den * den * den)), "d2 e_s / dt2", i);
        }
    }

    @Test
    void throughCteAliasesAndAggregates() {
        // differentiating through CTE columns: ws and es are aliases defined in the same query
        Result r = s.execute("""
                WITH phys AS (SELECT time, u, v, t, sqrt(u * u + v * v) AS ws, 6.112 * exp(17.67 * t / (t + 243.5)) AS es FROM cells)
                SELECT u, v, t, grad(ws * ws, u), grad(ws, v), grad(es, t) FROM phys ORDER BY time, u""");
        double[] u = r.doubleColumn(0), v = r.doubleColumn(1), t = r.doubleColumn(2);
        double[] dws2 = r.doubleColumn(3), dws = r.doubleColumn(4), des = r.doubleColumn(5);
        for (int i = 0; i < u.length; i++) {
            double speed = Math.sqrt(u[i] * u[i] + v[i] * v[i]), den = t[i] + 243.5;
            assertRel(dws2[i], 2 * u[i], "d ws^2 / du", i);
            assertRel(dws[i], v[i] / speed, "d ws / dv", i);
            assertRel(des[i], 6.112 * Math.exp(17.67 * t[i] / den) * 17.67 * 243.5 / (den * den), "d es / dt", i);
        }
        // per time step: the mean sensitivity of the wind speed to u, and its closed form
        Result m = s.execute(
                "SELECT time, avg(grad(sqrt(u * u + v * v), u)), avg(u / sqrt(u * u + v * v)), count(*) FROM cells GROUP BY time ORDER BY time");
        assertThat(m.rowCount()).isEqualTo(10);
        for (int i = 0; i < 10; i++) {
            assertThat(m.getLong(i, 3)).isEqualTo(1200);
            assertRel(m.getDouble(i, 1), m.getDouble(i, 2), "avg d ws / du", i);
        }
    }
}
