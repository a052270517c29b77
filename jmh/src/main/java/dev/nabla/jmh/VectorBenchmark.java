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
 * Distances over {@code rows} × {@code DOUBLE[dim]} against a constant query vector (issue 14, "Speed"):
 * {@code sum(array_distance(e, q))} and {@code sum(array_inner_product(e, q))} in Nabla, the same SQL in
 * DuckDB 1.4 (threads = 1, its {@code DOUBLE[dim]} array functions), and a hand-written Vector API loop
 * over the same row-major doubles. Every contender builds the same table,
 * {@code e[k] = sin(0.001·i + 0.37·k)}, and the setup checks that their sums agree to 1e-9 (relative).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class VectorBenchmark {
    @Param({"1000000"})
    public int rows;

    @Param({"64"})
    public int dim;

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

    private double[] flat, query;
    private Database db;
    private Session session;
    private PreparedQuery distance, inner;
    private Connection duck;
    private PreparedStatement duckDistance, duckInner;

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        flat = new double[rows * dim];
        query = new double[dim];
        for (int i = 0; i < rows; i++) for (int k = 0; k < dim; k++) flat[i * dim + k] = Math.sin(0.001 * i + 0.37 * k);
        StringBuilder elements = new StringBuilder(), literal = new StringBuilder("[");
        for (int k = 0; k < dim; k++) {
            query[k] = Math.cos(0.5 * k);
            if (k > 0) {
                elements.append(", ");
                literal.append(", ");
            }
            elements.append("sin(0.001 * i + ").append(0.37 * k).append(")");
            literal.append(query[k]);
        }
        literal.append(']');
        String table = "CREATE TABLE emb AS SELECT i, array_value(" + elements + ") AS e FROM ";
        db = Nabla.open();
        session = db.connect();
        session.execute("SET threads = 1");
        session.execute(table + "generate_series(0, " + (rows - 1) + ") g(i)");
        distance = session.prepare("SELECT sum(array_distance(e, " + literal + ")) FROM emb");
        inner = session.prepare("SELECT sum(array_inner_product(e, " + literal + ")) FROM emb");
        duck = java.sql.DriverManager.getConnection("jdbc:duckdb:");
        try (Statement s = duck.createStatement()) {
            s.execute("SET threads = 1");
            s.execute(
                    table.replace("array_value(" + elements + ")", "array_value(" + elements + ")::DOUBLE[" + dim + "]")
                            + "range(" + rows + ") r(i)");
        }
        String typed = literal + "::DOUBLE[" + dim + "]";
        duckDistance = duck.prepareStatement("SELECT sum(array_distance(e, " + typed + ")) FROM emb");
        duckInner = duck.prepareStatement("SELECT sum(array_inner_product(e, " + typed + ")) FROM emb");
        ExpressionBenchmark.check("distance vs DuckDB", distanceNabla(), distanceDuckDb());
        ExpressionBenchmark.check("distance vs hand loop", distanceNabla(), distanceHand());
        ExpressionBenchmark.check("inner product vs DuckDB", innerNabla(), innerDuckDb());
        ExpressionBenchmark.check("inner product vs hand loop", innerNabla(), innerHand());
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

    private static double value(PreparedStatement p) throws SQLException {
        try (ResultSet rs = p.executeQuery()) {
            rs.next();
            return rs.getDouble(1);
        }
    }

    @Benchmark
    public double distanceNabla() {
        return value(distance.execute());
    }

    @Benchmark
    public double distanceDuckDb() throws SQLException {
        return value(duckDistance);
    }

    /** Σ_rows √Σ_k (e_k − q_k)², two accumulators per row as PanamaArrayKernels has. */
    @Benchmark
    public double distanceHand() {
        double total = 0;
        int bound = S.loopBound(dim);
        for (int r = 0; r < rows; r++) {
            int o = r * dim;
            DoubleVector acc = DoubleVector.zero(S);
            int k = 0;
            for (; k < bound; k += S.length()) {
                DoubleVector d = DoubleVector.fromArray(S, flat, o + k).sub(DoubleVector.fromArray(S, query, k));
                acc = d.fma(d, acc);
            }
            double s = acc.reduceLanes(VectorOperators.ADD);
            for (; k < dim; k++) s += (flat[o + k] - query[k]) * (flat[o + k] - query[k]);
            total += Math.sqrt(s);
        }
        return total;
    }

    @Benchmark
    public double innerNabla() {
        return value(inner.execute());
    }

    @Benchmark
    public double innerDuckDb() throws SQLException {
        return value(duckInner);
    }

    @Benchmark
    public double innerHand() {
        double total = 0;
        int bound = S.loopBound(dim);
        for (int r = 0; r < rows; r++) {
            int o = r * dim;
            DoubleVector acc = DoubleVector.zero(S);
            int k = 0;
            for (; k < bound; k += S.length())
                acc = DoubleVector.fromArray(S, flat, o + k).fma(DoubleVector.fromArray(S, query, k), acc);
            double s = acc.reduceLanes(VectorOperators.ADD);
            for (; k < dim; k++) s += flat[o + k] * query[k];
            total += s;
        }
        return total;
    }
}
