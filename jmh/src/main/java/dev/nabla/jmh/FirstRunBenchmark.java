package dev.nabla.jmh;

import dev.nabla.engine.Database;
import dev.nabla.engine.Nabla;
import dev.nabla.engine.Result;
import dev.nabla.engine.Session;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The first run of Q1–Q5 in JMH's single-shot mode: every fork is a fresh JVM that builds the tables
 * and then runs one statement once (parse, plan, code generation, execution), no warm-up, for Nabla
 * and DuckDB alike: {@code jmh/run.sh single}. JMH times wall clock; on the shared benchmark machine
 * {@link FirstRun} (CPU time per fresh JVM) gives the figures in docs/benchmarks.md, this is the
 * cross-check with the standard harness.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(5)
public class FirstRunBenchmark {
    @Param({"10000000"})
    public int rows;

    private Database db;
    private Session session;
    private Connection duck;
    private Statement duckStatement;

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        BenchData data = new BenchData(rows);
        db = Nabla.open();
        db.registerTable("t", List.of("i", "x", "y", "g"), List.of(data.i, data.x, data.y, data.g));
        session = db.connect();
        session.execute("SET threads = 1");
        session.execute("CREATE TABLE params AS SELECT 0.5 AS a, 0.1 AS b");
        session.execute(Queries.T100K);
        duck = BenchData.duckdb(rows, 1);
        duckStatement = duck.createStatement();
        duckStatement.execute(Queries.T100K);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws SQLException {
        session.close();
        db.close();
        duckStatement.close();
        duck.close();
    }

    private double nabla(String sql) {
        Result r = session.execute(sql);
        double sum = 0;
        int c = r.columnNames().size() - 1;
        for (int i = 0; i < r.rowCount(); i++) sum += r.getDouble(i, c);
        return sum;
    }

    private double duck(String sql) throws SQLException {
        try (ResultSet rs = duckStatement.executeQuery(sql)) {
            double sum = 0;
            int c = rs.getMetaData().getColumnCount();
            while (rs.next()) sum += rs.getDouble(c);
            return sum;
        }
    }

    @Benchmark
    public double q1Nabla() {
        return nabla(Queries.Q1);
    }

    @Benchmark
    public double q1DuckDb() throws SQLException {
        return duck(Queries.Q1_DUCK);
    }

    @Benchmark
    public double q2Nabla() {
        return nabla(Queries.Q2);
    }

    @Benchmark
    public double q2DuckDb() throws SQLException {
        return duck(Queries.Q2_DUCK);
    }

    @Benchmark
    public double q3Nabla() {
        return nabla(Queries.Q3);
    }

    @Benchmark
    public double q3DuckDb() throws SQLException {
        return duck(Queries.Q3_DUCK);
    }

    @Benchmark
    public double q4Nabla() {
        return nabla(Queries.Q4);
    }

    @Benchmark
    public double q4DuckDb() throws SQLException {
        return duck(Queries.Q4);
    }

    @Benchmark
    public double q5Nabla() {
        return nabla(Queries.Q5);
    }

    @Benchmark
    public double q5DuckDb() throws SQLException {
        return duck(Queries.Q5_DUCK);
    }
}
