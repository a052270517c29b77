package dev.nabla.jmh;

import dev.nabla.engine.Database;
import dev.nabla.engine.Nabla;
import dev.nabla.engine.Result;
import dev.nabla.engine.Session;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * The cheap-gradient ratio of reverse mode (docs/reverse-mode.md): the loss of an example alone ({@code *Forward})
 * against {@code GRADIENT(loss) WITH RESPECT TO params} ({@code *Gradient}), and one full training step (gradient,
 * momentum and parameter UPDATEs), over the examples' own data and SQL: softmax regression and the 64-32-10 MLP on the
 * 1 438 training digits. Run from the repository root (the examples read {@code examples/data/digits.csv.gz}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ReverseModeBenchmark {
    /** {@code SET fused}: on lets the physical planner run the MLP's matrix products as {@code ProductAggregate}. */
    @Param({"on", "off"})
    public String fused;

    private Database db;
    private Session session;

    /** The statements of an example up to {@code marker} (its data, parameters and loss view). */
    private static String setup(String example, String marker) throws IOException {
        String text = Files.readString(Path.of(example))
                .replace("'examples/data/", "'" + Path.of("examples/data").toAbsolutePath() + "/");
        int end = text.indexOf(marker);
        if (end < 0) throw new IllegalStateException(example + " has no " + marker);
        return text.substring(0, end);
    }

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        db = Nabla.open();
        session = db.connect();
        session.executeScript(setup("examples/reverse_softmax_digits.sql", "-- 1. reverse mode"));
        // the MLP reads the same digits, x and y; its own parameters, velocity and loss view
        String mlp = setup("examples/reverse_mlp_digits.sql", "CREATE TABLE history");
        mlp = mlp.substring(mlp.indexOf("CREATE TABLE params")).replace("CREATE TABLE vel ", "CREATE TABLE mlp_vel ");
        session.executeScript(mlp);
        session.execute("SET fused = " + fused);
        hand = new HandMlp(session);
        duck = duckDbGradient(session);
    }

    private java.sql.Connection duckdb;
    private java.sql.PreparedStatement duck;

    /**
     * DuckDB running the same gradient written out as SQL: the backward plan's SQL as {@code EXPLAIN GRADIENT} prints
     * it, its per-row derivatives expanded for DuckDB ({@code Session.expandDerivatives}), over the same x, y and
     * params (copied through CSV), one thread as every DuckDB comparison here.
     */
    private java.sql.PreparedStatement duckDbGradient(Session s) throws IOException {
        Result plan = s.execute("EXPLAIN GRADIENT(SELECT loss FROM mlp_loss) WITH RESPECT TO params");
        StringBuilder sql = new StringBuilder();
        boolean in = false;
        for (int i = 0; i < plan.rowCount(); i++) {
            String line = plan.getString(i, 0);
            if (in) sql.append(line).append('\n');
            in |= line.startsWith("backward plan of GRADIENT");
        }
        String expanded = s.expandDerivatives(sql + ";", dev.nabla.autograd.SqlDialect.DUCKDB);
        Path dir = Files.createTempDirectory("nabla-mlp");
        try {
            duckdb = java.sql.DriverManager.getConnection("jdbc:duckdb:");
            try (java.sql.Statement st = duckdb.createStatement()) {
                st.execute("SET threads = 1");
                for (String t : List.of("x", "y", "params")) {
                    Path f = dir.resolve(t + ".csv");
                    s.execute("COPY " + t + " TO '" + f + "' (HEADER)");
                    st.execute("CREATE TABLE " + t + " AS FROM read_csv('" + f + "')");
                    Files.delete(f);
                }
            }
            return duckdb.prepareStatement(expanded.strip().replaceAll(";$", ""));
        } catch (java.sql.SQLException e) {
            throw new IOException(e);
        } finally {
            Files.deleteIfExists(dir);
        }
    }

    @Benchmark
    public double mlpGradientDuckDb() throws java.sql.SQLException {
        double sum = 0;
        try (java.sql.ResultSet r = duck.executeQuery()) {
            while (r.next()) sum += r.getDouble(4);
        }
        return sum;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws java.sql.SQLException {
        duckdb.close();
        db.close();
    }

    private HandMlp hand;

    /**
     * The MLP step written by hand in Java over dense arrays (the reference for the step's speed): forward,
     * backprop and the momentum update of the same network, data and start as {@code mlpStep}.
     */
    static final class HandMlp {
        static final int F = 65, H = 32, C = 10;
        final double[][] x;
        final int[] label;
        final double[][] w1 = new double[H][F], w2 = new double[C][H], v1 = new double[H][F], v2 = new double[C][H];
        final double[] b2 = new double[C], vb = new double[C];

        HandMlp(Session s) {
            int n = (int) s.execute("SELECT count(*) FROM y").getLong(0, 0);
            x = new double[n][F];
            label = new int[n];
            java.util.Map<Long, Integer> row = new java.util.HashMap<>();
            Result ys = s.execute("SELECT i, label FROM y ORDER BY i");
            for (int k = 0; k < n; k++) {
                row.put(ys.getLong(k, 0), k);
                label[k] = (int) ys.getLong(k, 1);
            }
            Result xs = s.execute("SELECT i, f, v FROM x");
            for (int k = 0; k < xs.rowCount(); k++)
                x[row.get(xs.getLong(k, 0))][(int) xs.getLong(k, 1)] = xs.getDouble(k, 2);
            Result ps = s.execute("SELECT l, a, b, v FROM params");
            for (int k = 0; k < ps.rowCount(); k++) {
                int l = (int) ps.getLong(k, 0), a = (int) ps.getLong(k, 1), b = (int) ps.getLong(k, 2);
                double v = ps.getDouble(k, 3);
                if (l == 1) w1[a][b] = v;
                else if (l == 2) w2[a][b] = v;
                else b2[a] = v;
            }
        }

        /** One full-batch step (learning rate 1, momentum 0.9, as the example); returns the loss before it. */
        double step() {
            int n = x.length;
            double[][] g1 = new double[H][F], g2 = new double[C][H];
            double[] gb = new double[C], h = new double[H], z = new double[C], dh = new double[H];
            double loss = 0;
            for (int i = 0; i < n; i++) {
                double[] xi = x[i];
                for (int j = 0; j < H; j++) {
                    double s = 0;
                    for (int f = 0; f < F; f++) s += w1[j][f] * xi[f];
                    h[j] = Math.tanh(s);
                }
                double m = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < C; c++) {
                    double s = b2[c];
                    for (int j = 0; j < H; j++) s += w2[c][j] * h[j];
                    z[c] = s;
                    m = Math.max(m, s);
                }
                double den = 0;
                for (int c = 0; c < C; c++) den += Math.exp(z[c] - m);
                loss += m + Math.log(den) - z[label[i]];
                java.util.Arrays.fill(dh, 0);
                for (int c = 0; c < C; c++) {
                    double d = (Math.exp(z[c] - m) / den - (c == label[i] ? 1 : 0)) / n;
                    gb[c] += d;
                    for (int j = 0; j < H; j++) {
                        g2[c][j] += d * h[j];
                        dh[j] += d * w2[c][j];
                    }
                }
                for (int j = 0; j < H; j++) {
                    double d = dh[j] * (1 - h[j] * h[j]);
                    for (int f = 0; f < F; f++) g1[j][f] += d * xi[f];
                }
            }
            for (int j = 0; j < H; j++)
                for (int f = 0; f < F; f++) {
                    v1[j][f] = 0.9 * v1[j][f] + g1[j][f];
                    w1[j][f] -= v1[j][f];
                }
            for (int c = 0; c < C; c++) {
                vb[c] = 0.9 * vb[c] + gb[c];
                b2[c] -= vb[c];
                for (int j = 0; j < H; j++) {
                    v2[c][j] = 0.9 * v2[c][j] + g2[c][j];
                    w2[c][j] -= v2[c][j];
                }
            }
            return loss / n;
        }
    }

    @Benchmark
    public double mlpHandWrittenStep() {
        return hand.step();
    }

    private double scalar(String sql) {
        Result r = session.execute(sql);
        return r.getDouble(0, 0);
    }

    @Benchmark
    public double softmaxForward() {
        return scalar("SELECT loss FROM loss");
    }

    @Benchmark
    public double softmaxGradient() {
        return scalar("SELECT sum(v) FROM GRADIENT(SELECT loss FROM loss) WITH RESPECT TO w");
    }

    @Benchmark
    public double mlpForward() {
        return scalar("SELECT loss FROM mlp_loss");
    }

    @Benchmark
    public double mlpGradient() {
        return scalar("SELECT sum(v) FROM GRADIENT(SELECT loss FROM mlp_loss) WITH RESPECT TO params");
    }

    /** One training step as the example runs it (the parameters move on from step to step). */
    @Benchmark
    public long mlpStep() {
        Result a = session.execute(
                "UPDATE mlp_vel SET v = 0.9 * mlp_vel.v + g.v FROM GRADIENT(SELECT loss FROM"
                        + " mlp_loss) WITH RESPECT TO params AS g WHERE g.l = mlp_vel.l AND g.a = mlp_vel.a AND g.b = mlp_vel.b");
        Result b = session.execute("UPDATE params SET v = params.v - mlp_vel.v FROM mlp_vel WHERE mlp_vel.l = params.l"
                + " AND mlp_vel.a = params.a AND mlp_vel.b = params.b");
        return a.updateCount() + b.updateCount();
    }
}
