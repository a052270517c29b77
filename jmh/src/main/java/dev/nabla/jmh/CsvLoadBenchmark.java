package dev.nabla.jmh;

import de.siegmar.fastcsv.reader.AbstractBaseCsvCallbackHandler;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import dev.nabla.engine.Database;
import dev.nabla.engine.Nabla;
import dev.nabla.engine.Session;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.SplittableRandom;
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
 * Bulk CSV load: FastCSV's own parse of the file (the floor: records, and a no-op callback that
 * only tokenizes), Nabla's {@code CREATE TABLE t AS SELECT * FROM read_csv(f)} and DuckDB's, one
 * thread each, on one generated file of columns i BIGINT, x DOUBLE, y DOUBLE, s VARCHAR.
 * {@code -p rows=1000000} for a short run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class CsvLoadBenchmark {
    @Param({"10000000"})
    public int rows;

    private Path file;
    private String sqlPath;
    private Database db;
    private Session session;
    private Connection duck;

    @Setup(Level.Trial)
    public void setUp() throws IOException, SQLException {
        file = Files.createTempFile("nabla-csvload", ".csv");
        sqlPath = file.toAbsolutePath().toString().replace('\\', '/').replace("'", "''");
        SplittableRandom r = new SplittableRandom(42);
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("i,x,y,s\n");
            for (int i = 0; i < rows; i++) {
                w.write(Integer.toString(i));
                w.write(',');
                w.write(Double.toString(Math.round(r.nextDouble() * 1e6) / 1e3));
                w.write(',');
                w.write(Double.toString(r.nextDouble()));
                w.write(",s");
                w.write(Integer.toString(i % 1000));
                w.write('\n');
            }
        }
        db = Nabla.open();
        session = db.connect();
        session.execute("SET threads = 1");
        duck = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement st = duck.createStatement()) {
            st.execute("SET threads = 1");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException, SQLException {
        session.close();
        db.close();
        duck.close();
        Files.deleteIfExists(file);
    }

    @Benchmark
    public long fastcsvRecords() throws IOException {
        long fields = 0;
        try (CsvReader<CsvRecord> r = CsvReader.builder().ofCsvRecord(file)) {
            for (CsvRecord rec : r) fields += rec.getFieldCount();
        }
        return fields;
    }

    @Benchmark
    public long fastcsvTokenizeOnly() throws IOException {
        Counter c = new Counter();
        try (CsvReader<Object> r = CsvReader.builder().build(c, file)) {
            for (Object ignored : r) {}
        }
        return c.fields;
    }

    @Benchmark
    public long nablaCreateTableAs() {
        session.execute("DROP TABLE IF EXISTS t");
        session.execute("CREATE TABLE t AS SELECT * FROM read_csv('" + sqlPath + "')");
        return session.execute("SELECT count(*) FROM t").getLong(0, 0);
    }

    @Benchmark
    public long duckdbCreateTableAs() throws SQLException {
        try (Statement st = duck.createStatement()) {
            st.execute("DROP TABLE IF EXISTS t");
            st.execute("CREATE TABLE t AS SELECT * FROM read_csv('" + sqlPath + "')");
            try (var rs = st.executeQuery("SELECT count(*) FROM t")) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Sees every field and builds nothing: FastCSV's tokenizing cost alone. */
    private static final class Counter extends AbstractBaseCsvCallbackHandler<Object> {
        private static final Object RECORD = new Object();
        long fields;

        @Override
        protected void handleField(int idx, char[] buf, int off, int len, boolean quoted) {
            fields++;
        }

        @Override
        protected Object buildRecord() {
            return RECORD;
        }
    }
}
