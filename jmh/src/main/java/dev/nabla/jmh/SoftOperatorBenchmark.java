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
 * The soft operators of issue 14 (docs/vectors-and-soft-operators.md): {@code softmax(x) OVER (PARTITION BY
 * g)} over 1 000 partitions against DuckDB's portable form {@code exp(x − max(x) OVER w) / sum(exp(x −
 * max(x) OVER w)) OVER w} (and the same portable form in Nabla), and {@code soft_rank(x) OVER (PARTITION BY
 * h)} over 10 000 partitions against {@code rank() OVER (PARTITION BY h ORDER BY x)}. Each query reduces
 * its window column to one number so only the window work and one scan are timed.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SoftOperatorBenchmark {
    @Param({"10000000"})
    public int rows;

    @Param({"1"})
    public int threads;

    static final String SOFTMAX = "SELECT sum(p * x) FROM (SELECT x, softmax(x) OVER (PARTITION BY g) AS p FROM t) q";
    static final String SOFTMAX_PORTABLE = "SELECT sum(p * x) FROM (SELECT x, exp(x - m) / sum(exp(x - m)) OVER"
            + " (PARTITION BY g) AS p FROM (SELECT x, g, max(x) OVER (PARTITION BY g) AS m FROM t) a) q";
    static final String SOFT_RANK =
            "SELECT sum(r * x) FROM (SELECT x, soft_rank(x) OVER (PARTITION BY h) AS r FROM u) q";
    static final String RANK =
            "SELECT sum(r * x) FROM (SELECT x, rank() OVER (PARTITION BY h ORDER BY x) AS r FROM u) q";
    static final String U = "CREATE TABLE u AS SELECT x, i % 10000 AS h FROM t";

    private Database db;
    private Session session;
    private PreparedQuery softmax, portable, softRank, rank;
    private Connection duck;
    private PreparedStatement duckPortable;

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        BenchData data = new BenchData(rows);
        db = Nabla.open();
        db.registerTable("t", List.of("i", "x", "y", "g"), List.of(data.i, data.x, data.y, data.g));
        session = db.connect();
        session.execute("SET threads = " + threads);
        session.execute(U);
        softmax = session.prepare(SOFTMAX);
        portable = session.prepare(SOFTMAX_PORTABLE);
        softRank = session.prepare(SOFT_RANK);
        rank = session.prepare(RANK);
        duck = BenchData.duckdb(rows, threads);
        duckPortable = duck.prepareStatement(SOFTMAX_PORTABLE);
        ExpressionBenchmark.check("softmax vs DuckDB portable", softmaxNabla(), softmaxPortableDuckDb());
        ExpressionBenchmark.check("softmax vs Nabla portable", softmaxNabla(), softmaxPortableNabla());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws SQLException {
        session.close();
        db.close();
        duck.close();
    }

    private static double value(Result r) {
        return r.getDouble(0, 0);
    }

    @Benchmark
    public double softmaxNabla() {
        return value(softmax.execute());
    }

    @Benchmark
    public double softmaxPortableNabla() {
        return value(portable.execute());
    }

    @Benchmark
    public double softmaxPortableDuckDb() throws SQLException {
        try (ResultSet rs = duckPortable.executeQuery()) {
            rs.next();
            return rs.getDouble(1);
        }
    }

    @Benchmark
    public double softRankNabla() {
        return value(softRank.execute());
    }

    @Benchmark
    public double rankNabla() {
        return value(rank.execute());
    }
}
