package dev.nabla.jmh;

import dev.nabla.engine.Database;
import dev.nabla.engine.Nabla;
import dev.nabla.engine.PreparedQuery;
import dev.nabla.engine.Session;
import dev.nabla.vector.sum.ExactSum;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
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
 * The cost of Nabla's one summation (issue 13, docs/benchmarks.md "Summation beside lane sums and DuckDB")
 * on one table {@code t(x, y)} of {@code rows} rows, {@code x = sin(0.001·i)}, {@code y = cos(0.0007·i)}:
 *
 * <ul>
 *   <li>{@code SUM(x)} and the gradient-like {@code SUM((0.5·x + 0.1 − y)·x)} in Nabla (fused kernel, exact
 *       sum), the same with {@code SET fused = off} (the per-node program, same exact sum), and in DuckDB 1.4;
 *   <li>the same two sums as plain Vector API lane-sum loops over the same doubles (the fastest Java can
 *       add, not reproducible: the last bits depend on the vector width), and {@code ExactSum.addAllFinite}
 *       alone over {@code x} in 512-value calls (the summation without the scan and the kernel).
 * </ul>
 *
 * One thread everywhere. The setup checks every contender's sums agree to 1e-9 (relative).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SummationBenchmark {
    @Param({"10000000"})
    public int rows;

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final String SUM = "SELECT sum(x) FROM t";
    private static final String GRAD = "SELECT sum((0.5 * x + 0.1 - y) * x) FROM t";

    private double[] xs, ys;
    private Database db;
    private Session fused, unfused;
    private PreparedQuery sumFused, gradFused, sumUnfused, gradUnfused;
    private Connection duck;
    private PreparedStatement duckSum, duckGrad;

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        xs = new double[rows];
        ys = new double[rows];
        for (int i = 0; i < rows; i++) {
            xs[i] = Math.sin(0.001 * i);
            ys[i] = Math.cos(0.0007 * i);
        }
        String table = "CREATE TABLE t AS SELECT sin(0.001 * i) AS x, cos(0.0007 * i) AS y FROM ";
        db = Nabla.open();
        fused = db.connect();
        fused.execute("SET threads = 1");
        fused.execute(table + "generate_series(0, " + (rows - 1) + ") g(i)");
        unfused = db.connect();
        unfused.execute("SET threads = 1");
        unfused.execute("SET fused = off");
        sumFused = fused.prepare(SUM);
        gradFused = fused.prepare(GRAD);
        sumUnfused = unfused.prepare(SUM);
        gradUnfused = unfused.prepare(GRAD);
        duck = java.sql.DriverManager.getConnection("jdbc:duckdb:");
        try (Statement s = duck.createStatement()) {
            s.execute("SET threads = 1");
            s.execute(table + "range(" + rows + ") r(i)");
        }
        duckSum = duck.prepareStatement(SUM);
        duckGrad = duck.prepareStatement(GRAD);
        ExpressionBenchmark.check("sum: Nabla vs DuckDB", sumNabla(), sumDuckDb());
        ExpressionBenchmark.check("sum: Nabla vs lane sum", sumNabla(), sumLanes());
        ExpressionBenchmark.check("sum: Nabla vs fused off", sumNabla(), sumNablaFusedOff());
        ExpressionBenchmark.check("sum: Nabla vs ExactSum alone", sumNabla(), sumExactAlone());
        ExpressionBenchmark.check("grad: Nabla vs DuckDB", gradNabla(), gradDuckDb());
        ExpressionBenchmark.check("grad: Nabla vs lane sum", gradNabla(), gradLanes());
        ExpressionBenchmark.check("grad: Nabla vs fused off", gradNabla(), gradNablaFusedOff());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws SQLException {
        fused.close();
        unfused.close();
        db.close();
        duck.close();
    }

    private static double value(PreparedStatement p) throws SQLException {
        try (ResultSet rs = p.executeQuery()) {
            rs.next();
            return rs.getDouble(1);
        }
    }

    @Benchmark
    public double sumNabla() {
        return sumFused.execute().getDouble(0, 0);
    }

    @Benchmark
    public double sumNablaFusedOff() {
        return sumUnfused.execute().getDouble(0, 0);
    }

    @Benchmark
    public double sumDuckDb() throws SQLException {
        return value(duckSum);
    }

    /** Two accumulators (as the exact kernel has), so neither loop waits on one chain of additions. */
    @Benchmark
    public double sumLanes() {
        DoubleVector a = DoubleVector.zero(S), b = DoubleVector.zero(S);
        int step = S.length(), pairs = rows - rows % (2 * step), i = 0;
        for (; i < pairs; i += 2 * step) {
            a = a.add(DoubleVector.fromArray(S, xs, i));
            b = b.add(DoubleVector.fromArray(S, xs, i + step));
        }
        double s = a.add(b).reduceLanes(VectorOperators.ADD);
        for (; i < rows; i++) s += xs[i];
        return s;
    }

    /** {@code ExactSum.addAllFinite} over {@code x} in the fused kernel's 512-value calls. */
    @Benchmark
    public double sumExactAlone() {
        ExactSum sum = new ExactSum();
        for (int i = 0; i < rows; i += 512) sum.addAllFinite(xs, i, Math.min(512, rows - i));
        return sum.round();
    }

    @Benchmark
    public double gradNabla() {
        return gradFused.execute().getDouble(0, 0);
    }

    @Benchmark
    public double gradNablaFusedOff() {
        return gradUnfused.execute().getDouble(0, 0);
    }

    @Benchmark
    public double gradDuckDb() throws SQLException {
        return value(duckGrad);
    }

    @Benchmark
    public double gradLanes() {
        DoubleVector a = DoubleVector.zero(S), b = DoubleVector.zero(S);
        int step = S.length(), pairs = rows - rows % (2 * step), i = 0;
        for (; i < pairs; i += 2 * step) {
            DoubleVector x0 = DoubleVector.fromArray(S, xs, i), x1 = DoubleVector.fromArray(S, xs, i + step);
            DoubleVector y0 = DoubleVector.fromArray(S, ys, i), y1 = DoubleVector.fromArray(S, ys, i + step);
            a = x0.mul(0.5).add(0.1).sub(y0).fma(x0, a);
            b = x1.mul(0.5).add(0.1).sub(y1).fma(x1, b);
        }
        double s = a.add(b).reduceLanes(VectorOperators.ADD);
        for (; i < rows; i++) s += (0.5 * xs[i] + 0.1 - ys[i]) * xs[i];
        return s;
    }
}
