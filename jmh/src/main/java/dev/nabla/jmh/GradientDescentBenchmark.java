package dev.nabla.jmh;

import dev.nabla.engine.Database;
import dev.nabla.engine.Nabla;
import dev.nabla.engine.PreparedQuery;
import dev.nabla.engine.Result;
import dev.nabla.engine.Session;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Gradient descent for the linear model of Q2 ({@code steps} steps, learning rate 0.1, over
 * {@code gdRows} rows), written two ways: one recursive CTE, and a host loop of one prepared UPDATE per
 * step. Nabla and DuckDB run the same SQL except that DuckDB's derivative is written out by hand.
 * Divide the reported time by gdRows·steps for ns/row/step. Setup checks that both engines end at the
 * same (a, b).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class GradientDescentBenchmark {
    @Param({"100000"})
    public int gdRows;

    @Param({"1000"})
    public int steps;

    @Param({"1"})
    public int threads;

    static String cte(int steps, boolean duck) {
        String ga = duck ? "2*(a*x + b - y)*x" : "grad(power(a*x + b - y, 2), a)";
        String gb = duck ? "2*(a*x + b - y)" : "grad(power(a*x + b - y, 2), b)";
        return """
                WITH RECURSIVE gd(step, a, b) AS (
                  SELECT 0, 0.5::DOUBLE, 0.1::DOUBLE
                  UNION ALL
                  SELECT step + 1, a - 0.1 * AVG(%s), b - 0.1 * AVG(%s)
                  FROM gd, data WHERE step < %d GROUP BY step, a, b)
                SELECT a, b FROM gd WHERE step = %d""".formatted(ga, gb, steps, steps);
    }

    static String update(boolean duck) {
        String ga = duck ? "2*(p.a*d.x + p.b - d.y)*d.x" : "grad(power(p.a*d.x + p.b - d.y, 2), p.a)";
        String gb = duck ? "2*(p.a*d.x + p.b - d.y)" : "grad(power(p.a*d.x + p.b - d.y, 2), p.b)";
        return "UPDATE params SET a = a - 0.1 * (SELECT AVG(" + ga + ") FROM data d, params p), "
                + "b = b - 0.1 * (SELECT AVG(" + gb + ") FROM data d, params p)";
    }

    static final String RESET = "UPDATE params SET a = 0.5, b = 0.1";
    static final String READ = "SELECT a, b FROM params";

    private Database db;
    private Session session;
    private PreparedQuery nCte, nUpdate, nReset, nRead;
    private Connection duck;
    private PreparedStatement dCte, dUpdate, dReset, dRead;

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        BenchData data = new BenchData(gdRows);
        db = Nabla.open();
        db.registerTable("t", List.of("i", "x", "y", "g"), List.of(data.i, data.x, data.y, data.g));
        session = db.connect();
        session.execute("SET threads = " + threads);
        session.execute("CREATE TABLE data AS SELECT x, y FROM t");
        session.execute("CREATE TABLE params AS SELECT 0.5 AS a, 0.1 AS b");
        nCte = session.prepare(cte(steps, false));
        nUpdate = session.prepare(update(false));
        nReset = session.prepare(RESET);
        nRead = session.prepare(READ);

        duck = BenchData.duckdb(gdRows, threads);
        try (Statement s = duck.createStatement()) {
            s.execute("CREATE TABLE data AS SELECT x, y FROM t");
        }
        dCte = duck.prepareStatement(cte(steps, true));
        dUpdate = duck.prepareStatement(update(true));
        dReset = duck.prepareStatement(RESET);
        dRead = duck.prepareStatement(READ);

        double[] a = cteNabla(), b = cteDuckDb(), c = updateNabla(), d = updateDuckDb();
        ExpressionBenchmark.check("GD cte a", a[0], b[0]);
        ExpressionBenchmark.check("GD cte b", a[1], b[1]);
        ExpressionBenchmark.check("GD update a", c[0], d[0]);
        ExpressionBenchmark.check("GD update b", c[1], d[1]);
        ExpressionBenchmark.check("GD cte vs update", a[0], c[0]);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws SQLException {
        session.close();
        db.close();
        duck.close();
    }

    private static double[] pair(Result r) {
        return new double[] {r.getDouble(0, 0), r.getDouble(0, 1)};
    }

    private static double[] pair(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new double[] {rs.getDouble(1), rs.getDouble(2)};
        }
    }

    @Benchmark
    public double[] cteNabla() {
        return pair(nCte.execute());
    }

    @Benchmark
    public double[] cteDuckDb() throws SQLException {
        return pair(dCte);
    }

    @Benchmark
    public double[] updateNabla() {
        nReset.execute();
        for (int s = 0; s < steps; s++) nUpdate.execute();
        return pair(nRead.execute());
    }

    @Benchmark
    public double[] updateDuckDb() throws SQLException {
        dReset.executeUpdate();
        for (int s = 0; s < steps; s++) dUpdate.executeUpdate();
        return pair(dRead);
    }
}
