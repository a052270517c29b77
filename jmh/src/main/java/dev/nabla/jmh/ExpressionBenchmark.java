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
 * Q1–Q5 of the speed issue: Nabla, DuckDB (JDBC) and the hand-written loops over the same data in
 * one run, so the ratios compare like with like. {@code threads} applies to both engines and to the
 * hand loops ({@link HandParallel}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ExpressionBenchmark {
    @Param({"10000000"})
    public int rows;

    @Param({"1"})
    public int threads;

    private BenchData data;
    private Database db;
    private Session session;
    private PreparedQuery q1, q2, q3, q4, q5, q6;
    private Connection duck;
    private PreparedStatement d1, d2, d3, d4, d5, d6;

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        data = new BenchData(rows);
        db = Nabla.open();
        db.registerTable("t", List.of("i", "x", "y", "g"), List.of(data.i, data.x, data.y, data.g));
        session = db.connect();
        session.execute("SET threads = " + threads);
        session.execute("CREATE TABLE params AS SELECT 0.5 AS a, 0.1 AS b");
        session.execute(Queries.T100K);
        q1 = session.prepare(Queries.Q1);
        q2 = session.prepare(Queries.Q2);
        q3 = session.prepare(Queries.Q3);
        q4 = session.prepare(Queries.Q4);
        q5 = session.prepare(Queries.Q5);
        q6 = session.prepare(Queries.Q6);

        duck = BenchData.duckdb(rows, threads);
        try (var s = duck.createStatement()) {
            s.execute(Queries.T100K);
        }
        d1 = duck.prepareStatement(Queries.Q1_DUCK);
        d2 = duck.prepareStatement(Queries.Q2_DUCK);
        d3 = duck.prepareStatement(Queries.Q3_DUCK);
        d4 = duck.prepareStatement(Queries.Q4);
        d5 = duck.prepareStatement(Queries.Q5_DUCK);
        d6 = duck.prepareStatement(Queries.Q6_DUCK);

        // every contender must compute the same thing before any of them is timed
        check("Q1 DuckDB", q1Nabla(), q1DuckDb());
        check("Q1 hand Vector", q1Nabla(), q1HandVector());
        check("Q1 hand scalar", q1Nabla(), q1HandScalar());
        check("Q2 DuckDB", q2Nabla(), q2DuckDb());
        check("Q2 hand Vector", q2Nabla(), q2HandVector()[1]);
        check("Q3 DuckDB", q3Nabla(), q3DuckDb());
        check("Q4 DuckDB", q4Nabla(), q4DuckDb());
        check("Q4 hand Vector", q4Nabla(), q4HandVector());
        check("Q4 hand scalar", q4Nabla(), q4HandScalar());
        check("Q5 DuckDB", q5Nabla(), q5DuckDb());
        check("Q6 DuckDB", q6Nabla(), q6DuckDb());
    }

    /** Fails the trial when two contenders disagree beyond 1e-9 relative. */
    static void check(String what, double nabla, double other) {
        double tol = 1e-9 * Math.max(1, Math.max(Math.abs(nabla), Math.abs(other)));
        if (!(Math.abs(nabla - other) <= tol)) {
            throw new IllegalStateException(what + ": Nabla gives " + nabla + ", the other " + other);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws SQLException {
        session.close();
        db.close();
        duck.close();
    }

    private static double first(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            double sum = 0;
            while (rs.next()) sum += rs.getDouble(rs.getMetaData().getColumnCount());
            return sum;
        }
    }

    private static double last(Result r) {
        double sum = 0;
        int c = r.columnNames().size() - 1;
        for (int i = 0; i < r.rowCount(); i++) sum += r.getDouble(i, c);
        return sum;
    }

    /** A hand loop over all rows, split over {@code threads} threads like the engines. */
    private double[] hand(HandParallel.RangeSum loop) {
        return HandParallel.sum(threads, rows, loop);
    }

    private double[] means(double[] sums) {
        for (int o = 0; o < sums.length; o++) sums[o] /= rows;
        return sums;
    }

    @Benchmark
    public double q1Nabla() {
        return last(q1.execute());
    }

    @Benchmark
    public double q1DuckDb() throws SQLException {
        return first(d1);
    }

    @Benchmark
    public double q1HandVector() {
        return hand((f, t) -> new double[] {HandLoops.q1Vector(data.x, data.y, f, t)})[0];
    }

    @Benchmark
    public double q1HandScalar() {
        return hand((f, t) -> new double[] {HandLoops.q1Scalar(data.x, data.y, f, t)})[0];
    }

    @Benchmark
    public double q2Nabla() {
        return last(q2.execute());
    }

    @Benchmark
    public double q2DuckDb() throws SQLException {
        return first(d2);
    }

    @Benchmark
    public double[] q2HandVector() {
        return means(hand((f, t) -> HandLoops.q2Vector(data.x, data.y, f, t, 0.5, 0.1)));
    }

    @Benchmark
    public double[] q2HandScalar() {
        return means(hand((f, t) -> HandLoops.q2Scalar(data.x, data.y, f, t, 0.5, 0.1)));
    }

    @Benchmark
    public double q3Nabla() {
        return last(q3.execute());
    }

    @Benchmark
    public double q3DuckDb() throws SQLException {
        return first(d3);
    }

    @Benchmark
    public double q4Nabla() {
        return last(q4.execute());
    }

    @Benchmark
    public double q4DuckDb() throws SQLException {
        return first(d4);
    }

    @Benchmark
    public double q4HandVector() {
        return hand((f, t) -> new double[] {HandLoops.q4Vector(data.x, data.y, f, t)})[0];
    }

    @Benchmark
    public double q4HandScalar() {
        return hand((f, t) -> new double[] {HandLoops.q4Scalar(data.x, data.y, f, t)})[0];
    }

    @Benchmark
    public double q5Nabla() {
        return last(q5.execute());
    }

    @Benchmark
    public double q5DuckDb() throws SQLException {
        return first(d5);
    }

    @Benchmark
    public double q6Nabla() {
        return last(q6.execute());
    }

    @Benchmark
    public double q6DuckDb() throws SQLException {
        return first(d6);
    }
}
