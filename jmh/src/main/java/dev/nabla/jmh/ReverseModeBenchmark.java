package dev.nabla.jmh;

import dev.nabla.engine.Database;
import dev.nabla.engine.Nabla;
import dev.nabla.engine.Result;
import dev.nabla.engine.Session;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
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
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        db.close();
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
