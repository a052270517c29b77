package dev.nabla.engine.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.engine.Database;
import dev.nabla.engine.Result;
import dev.nabla.engine.Session;
import dev.nabla.storage.DecimalType;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DECIMAL(19..38, s) in files, against DuckDB 1.4.1: Parquet both ways (a 16-byte FIXED_LEN_BYTE_ARRAY
 * decimal, what DuckDB writes for its HUGEINT decimals), and EXPORT/IMPORT DATABASE in CSV and Parquet.
 */
class WideDecimalFilesTest {
    @TempDir
    Path dir;

    Database db;
    Session s;

    private static final BigDecimal A = new BigDecimal("12345678901234567890.12");
    private static final BigDecimal B = new BigDecimal("-9999999999999999999999999999.9999999999");

    @BeforeEach
    void open() {
        db = IoTestSupport.database();
        s = db.connect();
        s.execute("CREATE TABLE w(id INTEGER PRIMARY KEY, x DECIMAL(30,2), y DECIMAL(38,10), z DECIMAL(19,0))");
        s.execute("INSERT INTO w VALUES (1, 12345678901234567890.12, -9999999999999999999999999999.9999999999,"
                + " CAST(-9223372036854775809 AS DECIMAL(19,0))), (2, NULL, NULL, NULL), (3, -0.01, 0.0000000001, 0)");
    }

    @AfterEach
    void close() {
        db.close();
    }

    private String path(String name) {
        return dir.resolve(name).toString().replace('\\', '/');
    }

    @Test
    void duckDbReadsOurWideDecimalsExactly() throws Exception {
        String f = path("ours.parquet");
        s.execute("COPY w TO '" + f + "' (FORMAT parquet)");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT x, y, z, typeof(x), typeof(y), typeof(z) FROM read_parquet('" + f + "') ORDER BY id")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBigDecimal(1)).isEqualTo(A);
            assertThat(rs.getBigDecimal(2)).isEqualTo(B);
            assertThat(rs.getBigDecimal(3)).isEqualTo(new BigDecimal("-9223372036854775809"));
            assertThat(rs.getString(4)).isEqualTo("DECIMAL(30,2)");
            assertThat(rs.getString(5)).isEqualTo("DECIMAL(38,10)");
            assertThat(rs.getString(6)).isEqualTo("DECIMAL(19,0)");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBigDecimal(1)).isNull();
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBigDecimal(1)).isEqualTo(new BigDecimal("-0.01"));
            assertThat(rs.getBigDecimal(2)).isEqualTo(new BigDecimal("1E-10").setScale(10));
        }
    }

    @Test
    void weReadDuckDbsWideDecimalsExactly() throws Exception {
        String f = path("duck.parquet");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement st = c.createStatement()) {
            st.execute("COPY (SELECT i, CAST(i * 1234567890123456789::HUGEINT * 1000000000 + i AS DECIMAL(38,0))"
                    + " * CAST(0.001 AS DECIMAL(4,3)) AS d,"
                    + " (-i)::DECIMAL(20,2) AS e, CASE WHEN i % 7 = 0 THEN NULL ELSE i::DECIMAL(25,5) END AS n"
                    + " FROM range(5000) t(i)) TO '" + f + "' (FORMAT parquet)");
        }
        Result r = s.execute("SELECT sum(d), min(d), max(d), sum(e), count(n), sum(n) FROM read_parquet('" + f + "')");
        BigDecimal sumD = BigDecimal.ZERO;
        for (long i = 0; i < 5000; i++)
            sumD = sumD.add(new BigDecimal(java.math.BigInteger.valueOf(i)
                            .multiply(java.math.BigInteger.valueOf(1234567890123456789L))
                            .multiply(java.math.BigInteger.valueOf(1000000000))
                            .add(java.math.BigInteger.valueOf(i)))
                    .divide(BigDecimal.valueOf(1000)));
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT sum(d), min(d), max(d), sum(e), count(n), sum(n) FROM read_parquet('" + f + "')")) {
            rs.next();
            // DuckDB's own sums of its file: ours must be the same numbers
            assertThat((BigDecimal) r.get(0, 0)).isEqualByComparingTo(rs.getBigDecimal(1));
            assertThat((BigDecimal) r.get(0, 0)).isEqualByComparingTo(sumD);
            assertThat((BigDecimal) r.get(0, 1)).isEqualByComparingTo(rs.getBigDecimal(2));
            assertThat((BigDecimal) r.get(0, 2)).isEqualByComparingTo(rs.getBigDecimal(3));
            assertThat((BigDecimal) r.get(0, 3)).isEqualByComparingTo(rs.getBigDecimal(4));
            assertThat(r.get(0, 4)).isEqualTo(rs.getLong(5));
            assertThat((BigDecimal) r.get(0, 5)).isEqualByComparingTo(rs.getBigDecimal(6));
        }
        Result t = s.execute("SELECT * FROM read_parquet('" + f + "') LIMIT 1");
        assertThat(t.columnTypes().subList(1, 4))
                .containsExactly(new DecimalType(38, 3), new DecimalType(20, 2), new DecimalType(25, 5));
    }

    @Test
    void jsonRoundTripKeepsEveryDigit() throws Exception {
        String before = dump(s);
        String f = path("w.json");
        s.execute("COPY w TO '" + f + "' (FORMAT json)");
        // written as exact JSON numbers, never through a double
        assertThat(java.nio.file.Files.readString(Path.of(f)))
                .contains("12345678901234567890.12")
                .contains("-9999999999999999999999999999.9999999999")
                .contains("-9223372036854775809");
        s.execute("CREATE TABLE w2(id INTEGER PRIMARY KEY, x DECIMAL(30,2), y DECIMAL(38,10), z DECIMAL(19,0))");
        s.execute("COPY w2 FROM '" + f + "' (FORMAT json)");
        s.execute("DROP TABLE w");
        s.execute("ALTER TABLE w2 RENAME TO w");
        assertThat(dump(s)).isEqualTo(before);
        Result typed = s.execute("SELECT y FROM read_json('" + f + "', columns => ['id', 'y'], types => ['INTEGER',"
                + " 'DECIMAL(38,10)']) ORDER BY id");
        assertThat(typed.get(0, 0)).isEqualTo(B);
        // (DuckDB 1.4.1 is no reference here: its read_json goes through a double for numbers, so it reads
        // 12345678901234567890.12 as 12345678901234567168 and fails on -9999999999999999999999999999.9999999999)
    }

    @Test
    void exportImportKeepsEveryDigit() {
        String before = dump(s);
        for (String format : new String[] {"csv", "parquet"}) {
            Path out = dir.resolve("exp-" + format);
            s.execute("EXPORT DATABASE '" + out + "' (FORMAT " + format + ")");
            Database other = IoTestSupport.database();
            try {
                Session t = other.connect();
                t.execute("IMPORT DATABASE '" + out + "'");
                assertThat(dump(t)).as(format).isEqualTo(before);
                assertThat(t.execute("SELECT typeof(y), pg_typeof(y) FROM w WHERE id = 1")
                                .get(0, 1))
                        .isEqualTo("decimal(38,10)");
            } finally {
                other.close();
            }
        }
    }

    private static String dump(Session s) {
        Result r = s.execute("SELECT id, x, y, z FROM w ORDER BY id");
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < r.rowCount(); i++) {
            for (int c = 0; c < 4; c++) b.append(r.get(i, c)).append('|');
            b.append('\n');
        }
        return b.toString();
    }
}
