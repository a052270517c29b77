package dev.nabla.engine.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.common.NablaException;
import dev.nabla.engine.Database;
import dev.nabla.engine.Nabla;
import dev.nabla.engine.Result;
import dev.nabla.engine.Session;
import dev.nabla.storage.DataType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * UUID columns in files: Parquet both ways with DuckDB 1.4.1 (FIXED_LEN_BYTE_ARRAY(16) annotated UUID),
 * CSV and JSON text, EXPORT/IMPORT DATABASE, and the durable file through CHECKPOINT and reopen.
 */
class UuidFilesTest {
    @TempDir
    Path dir;

    Database db;
    Session s;

    // high bits set in either half: a signed comparison or a sign-extended byte would show here
    private static final String A = "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11";
    private static final String B = "7fffffff-ffff-4fff-8fff-ffffffffffff";
    private static final String C = "00000000-0000-0000-0000-000000000001";

    @BeforeEach
    void open() {
        db = IoTestSupport.database();
        s = db.connect();
        s.execute("CREATE TABLE u(id INTEGER PRIMARY KEY, x UUID)");
        s.execute("INSERT INTO u VALUES (1, '" + A + "'), (2, NULL), (3, '" + B + "'), (4, '" + C + "')");
    }

    @AfterEach
    void close() {
        db.close();
    }

    private String path(String name) {
        return dir.resolve(name).toString().replace('\\', '/');
    }

    private static String dump(Session s) {
        Result r = s.execute("SELECT id, x, typeof(x) FROM u ORDER BY id");
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < r.rowCount(); i++)
            b.append(r.getString(i, 0) + "|" + r.getString(i, 1) + "|" + r.getString(i, 2) + "\n");
        return b.toString();
    }

    @Test
    void duckDbReadsOurUuids() throws Exception {
        String f = path("ours.parquet");
        s.execute("COPY u TO '" + f + "' (FORMAT parquet)");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT x::VARCHAR, typeof(x) FROM read_parquet('" + f + "') ORDER BY x NULLS LAST")) {
            for (String want : new String[] {C, B, A}) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(want);
                assertThat(rs.getString(2)).isEqualTo("UUID");
            }
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isNull();
        }
    }

    @Test
    void weReadDuckDbsUuids() throws Exception {
        String f = path("duck.parquet");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement st = c.createStatement()) {
            st.execute("COPY (SELECT * FROM (VALUES (1, '" + A + "'::UUID), (2, NULL), (3, '" + B + "'::UUID), (4, '"
                    + C + "'::UUID)) t(id, x)) TO '" + f + "' (FORMAT parquet)");
        }
        Result r = s.execute("SELECT x, typeof(x) FROM read_parquet('" + f + "') ORDER BY x");
        assertThat(r.columnTypes().get(0)).isEqualTo(DataType.UUID);
        Result ours = s.execute("SELECT x, typeof(x) FROM u ORDER BY x");
        assertThat(r.rowCount()).isEqualTo(4);
        for (int i = 0; i < 4; i++) assertThat(r.get(i, 0)).isEqualTo(ours.get(i, 0));
        assertThat(r.get(3, 0)).isEqualTo(UUID.fromString(A));
    }

    @Test
    void csvAndJsonRoundTrip() throws Exception {
        String before = dump(s);
        String csv = path("u.csv"), json = path("u.json");
        s.execute("COPY u TO '" + csv + "' (HEADER)");
        s.execute("COPY u TO '" + json + "' (FORMAT json)");
        assertThat(Files.readString(Path.of(csv))).contains(A).contains(B);
        assertThat(Files.readString(Path.of(json))).contains("\"" + A + "\"");
        s.execute("CREATE TABLE v(id INTEGER, x UUID)");
        s.execute("COPY v FROM '" + csv + "' (HEADER)");
        assertThat(s.execute("SELECT count(*) FROM v JOIN u USING (id) WHERE v.x = u.x")
                        .get(0, 0))
                .isEqualTo(3L);
        Result j = s.execute("SELECT x FROM read_json('" + json
                + "', columns => ['id', 'x'], types => ['INTEGER', 'UUID']) ORDER BY id");
        assertThat(j.columnTypes().get(0)).isEqualTo(DataType.UUID);
        assertThat(j.get(0, 0)).isEqualTo(UUID.fromString(A));
        assertThat(j.get(1, 0)).isNull();
        Result c = s.execute("SELECT x FROM read_csv('" + csv + "', types => {'x': 'UUID'}) ORDER BY id");
        assertThat(c.columnTypes().get(0)).isEqualTo(DataType.UUID);
        assertThat(c.get(2, 0)).isEqualTo(UUID.fromString(B));
        Files.writeString(Path.of(path("bad.csv")), "id,x\n1,not-a-uuid\n");
        assertThatThrownBy(() -> s.execute("COPY v FROM '" + path("bad.csv") + "' (HEADER)"))
                .isInstanceOf(NablaException.class)
                .hasMessageContaining("cannot parse 'not-a-uuid' as UUID");
        assertThat(dump(s)).isEqualTo(before);
    }

    @Test
    void exportImportAndTheDurableFileKeepUuids() {
        String before = dump(s);
        for (String format : new String[] {"csv", "parquet"}) {
            Path out = dir.resolve("exp-" + format);
            s.execute("EXPORT DATABASE '" + out + "' (FORMAT " + format + ")");
            Database other = IoTestSupport.database();
            try {
                Session t = other.connect();
                t.execute("IMPORT DATABASE '" + out + "'");
                assertThat(dump(t)).as(format).isEqualTo(before);
            } finally {
                other.close();
            }
        }
        Path file = dir.resolve("u.nabla");
        Database d = Nabla.open(file);
        try {
            Session t = d.connect();
            t.execute("CREATE TABLE u(id INTEGER PRIMARY KEY, x UUID UNIQUE)");
            t.execute("INSERT INTO u VALUES (1, '" + A + "'), (2, NULL), (3, '" + B + "'), (4, '" + C + "')");
            t.execute("CHECKPOINT");
            t.execute("INSERT INTO u SELECT 100 + i, gen_random_uuid() FROM range(3000) r(i)");
        } finally {
            d.close();
        }
        Database again = Nabla.open(file);
        try {
            Session t = again.connect();
            assertThat(dump(t).lines().limit(4).toList())
                    .isEqualTo(before.lines().toList());
            assertThat(t.execute("SELECT count(DISTINCT x), count(*) FROM u").get(0, 0))
                    .isEqualTo(3003L);
            // the UNIQUE index is rebuilt from the stored words
            assertThatThrownBy(() -> t.execute("INSERT INTO u VALUES (9, '" + B.toUpperCase() + "')"))
                    .isInstanceOfSatisfying(
                            NablaException.class,
                            e -> assertThat(e.code().sqlState()).isEqualTo("23505"));
        } finally {
            again.close();
        }
    }
}
