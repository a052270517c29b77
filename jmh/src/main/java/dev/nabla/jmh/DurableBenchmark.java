package dev.nabla.jmh;

import dev.nabla.engine.Database;
import dev.nabla.engine.Nabla;
import dev.nabla.engine.Result;
import dev.nabla.engine.Session;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * Database files beside DuckDB's (issue 20): the latency of a one-row INSERT in autocommit (COMMIT forces the log:
 * Nabla's {@code FileChannel.force}, DuckDB's WAL fsync), and reopening a file of {@code rows} rows
 * ({@code id BIGINT} = 0, 1, …, {@code x DOUBLE} = random()) followed by {@code SELECT sum(x)}. The setup prints both files' sizes after a
 * checkpoint. One thread each ({@code SET threads = 1}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DurableBenchmark {
    @Param({"1000000"})
    public int rows;

    private Path dir;
    private Path nablaBig;
    private Path duckBig;
    private Database commitDb;
    private Session commitSession;
    private Connection duckCommit;
    private Statement duckCommitSt;
    private long next;

    @Setup(Level.Trial)
    public void setUp() throws IOException, SQLException {
        dir = Files.createTempDirectory("nabla-durable-bench");
        nablaBig = dir.resolve("big.nabla");
        duckBig = dir.resolve("big.duckdb");
        Database db = Nabla.open(nablaBig);
        Session s = db.connect();
        // x random (same distribution in both engines): a sequence like i * 0.5 compresses to almost nothing
        s.execute("CREATE TABLE t AS SELECT i AS id, random() AS x FROM range(" + rows + ") r(i)");
        db.close(); // the last close checkpoints: the file holds every row, the log none
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + duckBig);
                Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t AS SELECT i AS id, random() AS x FROM range(" + rows + ") r(i)");
            st.execute("CHECKPOINT");
        }
        System.out.printf(
                "%n[durable] %d rows (id BIGINT, x DOUBLE): nabla file %d bytes (+ log %d), duckdb file %d bytes"
                        + " (+ wal %d)%n",
                rows,
                Files.size(nablaBig),
                sizeOr0(dir.resolve("big.nabla.wal")),
                Files.size(duckBig),
                sizeOr0(dir.resolve("big.duckdb.wal")));
        commitDb = Nabla.open(dir.resolve("commit.nabla"));
        commitSession = commitDb.connect();
        commitSession.execute("CREATE TABLE log(id BIGINT, loss DOUBLE)");
        duckCommit = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("commit.duckdb"));
        duckCommitSt = duckCommit.createStatement();
        duckCommitSt.execute("SET threads = 1");
        duckCommitSt.execute("CREATE TABLE log(id BIGINT, loss DOUBLE)");
    }

    private static long sizeOr0(Path p) throws IOException {
        return Files.exists(p) ? Files.size(p) : 0;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException, SQLException {
        commitSession.close();
        commitDb.close();
        duckCommitSt.close();
        duckCommit.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    /** One row, one autocommit transaction: COMMIT returns after the log is forced. */
    @Benchmark
    public long commitNabla() {
        long id = next++;
        return commitSession
                .execute("INSERT INTO log VALUES (" + id + ", " + (id * 0.25) + ")")
                .updateCount();
    }

    @Benchmark
    public int commitDuckDb() throws SQLException {
        long id = next++;
        return duckCommitSt.executeUpdate("INSERT INTO log VALUES (" + id + ", " + (id * 0.25) + ")");
    }

    /** Open the file (read the checkpoint), sum one column, close. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public double reopenAndSumNabla() {
        Database db = Nabla.open(nablaBig);
        try {
            Session s = db.connect();
            s.execute("SET threads = 1");
            Result r = s.execute("SELECT sum(x) FROM t");
            return ((Number) r.get(0, 0)).doubleValue();
        } finally {
            db.close();
        }
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public double reopenAndSumDuckDb() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + duckBig);
                Statement st = c.createStatement()) {
            st.execute("SET threads = 1");
            try (ResultSet r = st.executeQuery("SELECT sum(x) FROM t")) {
                r.next();
                return r.getDouble(1);
            }
        }
    }
}
