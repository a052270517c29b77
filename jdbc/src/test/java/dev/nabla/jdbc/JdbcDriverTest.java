package dev.nabla.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The JDBC conformance matrix: getters × types, metadata, batches, parameters, timeout/cancel, transactions. */
class JdbcDriverTest {
    private Connection conn;

    @BeforeEach
    void open() throws SQLException {
        conn = DriverManager.getConnection("jdbc:nabla:");
        try (Statement s = conn.createStatement()) {
            s.execute("CREATE TABLE typed(i INTEGER, b BIGINT, d DOUBLE, s VARCHAR, f BOOLEAN, dt DATE, ts TIMESTAMP)");
            s.execute(
                    "INSERT INTO typed VALUES (42, 9000000000, 2.5, 'hello', TRUE, DATE '2024-02-29', TIMESTAMP '2024-02-29 13:14:15.5')");
            s.execute("INSERT INTO typed VALUES (NULL, NULL, NULL, NULL, NULL, NULL, NULL)");
        }
    }

    @AfterEach
    void close() throws SQLException {
        conn.close();
    }

    private ResultSet typedRows(Statement s) throws SQLException {
        return s.executeQuery("SELECT i, b, d, s, f, dt, ts FROM typed ORDER BY i NULLS LAST");
    }

    @Test
    void driverIsRegisteredAndAcceptsItsUrls() throws SQLException {
        assertThat(DriverManager.getDriver("jdbc:nabla:")).isInstanceOf(NablaDriver.class);
        NablaDriver d = new NablaDriver();
        assertThat(d.acceptsURL("jdbc:nabla:mem:x")).isTrue();
        assertThat(d.acceptsURL("jdbc:sqlite:")).isFalse();
        assertThat(d.connect("jdbc:other:", new java.util.Properties())).isNull();
    }

    @Test
    void typedGettersOnEveryType() throws SQLException {
        try (Statement s = conn.createStatement();
                ResultSet rs = typedRows(s)) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(42);
            assertThat(rs.getLong("i")).isEqualTo(42L);
            assertThat(rs.getDouble(1)).isEqualTo(42.0);
            assertThat(rs.getString(1)).isEqualTo("42");
            assertThat(rs.getBigDecimal(1)).isEqualByComparingTo("42");
            assertThat(rs.getObject(1)).isEqualTo(42);
            assertThat(rs.getObject(1, Long.class)).isEqualTo(42L);
            assertThat(rs.getObject(1, Integer.class)).isEqualTo(42);
            assertThat(rs.getLong(2)).isEqualTo(9_000_000_000L);
            assertThat(rs.getObject(2)).isEqualTo(9_000_000_000L);
            assertThatThrownBy(() -> rs.getInt(2)).isInstanceOf(SQLException.class);
            assertThat(rs.getDouble(3)).isEqualTo(2.5);
            assertThat(rs.getFloat("d")).isEqualTo(2.5f);
            assertThat(rs.getInt(3)).isEqualTo(2);
            assertThat(rs.getBigDecimal(3)).isEqualByComparingTo(new BigDecimal("2.5"));
            assertThat(rs.getObject(3, Double.class)).isEqualTo(2.5);
            assertThat(rs.getObject(3, BigDecimal.class)).isEqualByComparingTo("2.5");
            assertThat(rs.getString(4)).isEqualTo("hello");
            assertThat(rs.getObject(4, String.class)).isEqualTo("hello");
            assertThatThrownBy(() -> rs.getInt(4)).isInstanceOf(SQLException.class);
            assertThat(rs.getBoolean(5)).isTrue();
            assertThat(rs.getObject(5)).isEqualTo(Boolean.TRUE);
            assertThat(rs.getInt(5)).isEqualTo(1);
            assertThat(rs.getDate(6)).isEqualTo(Date.valueOf("2024-02-29"));
            assertThat(rs.getObject(6, LocalDate.class)).isEqualTo(LocalDate.of(2024, 2, 29));
            assertThat(rs.getString(6)).isEqualTo("2024-02-29");
            assertThat(rs.getTimestamp(7)).isEqualTo(Timestamp.valueOf("2024-02-29 13:14:15.5"));
            assertThat(rs.getObject(7, LocalDateTime.class))
                    .isEqualTo(LocalDateTime.of(2024, 2, 29, 13, 14, 15, 500_000_000));
            assertThat(rs.getObject("ts")).isInstanceOf(Timestamp.class);
            assertThat(rs.getDate(7)).isEqualTo(Date.valueOf("2024-02-29"));
            assertThat(rs.wasNull()).isFalse();

            assertThat(rs.next()).isTrue();
            for (int c = 1; c <= 7; c++) {
                assertThat(rs.getObject(c)).isNull();
                assertThat(rs.wasNull()).isTrue();
                assertThat(rs.getString(c)).isNull();
                assertThat(rs.getObject(c, LocalDate.class)).isNull();
            }
            assertThat(rs.getInt(1)).isZero();
            assertThat(rs.wasNull()).isTrue();
            assertThat(rs.getDouble(3)).isZero();
            assertThat(rs.getBoolean(5)).isFalse();
            assertThat(rs.getBigDecimal(3)).isNull();
            assertThat(rs.next()).isFalse();
        }
    }

    @Test
    void resultSetMetaDataDescribesColumns() throws SQLException {
        try (Statement s = conn.createStatement();
                ResultSet rs = s.executeQuery("SELECT i AS n, b, d, s, f, dt, ts FROM typed")) {
            ResultSetMetaData md = rs.getMetaData();
            assertThat(md.getColumnCount()).isEqualTo(7);
            assertThat(md.getColumnLabel(1)).isEqualTo("n");
            assertThat(rs.findColumn("N")).isEqualTo(1);
            int[] types = {
                Types.INTEGER, Types.BIGINT, Types.DOUBLE, Types.VARCHAR, Types.BOOLEAN, Types.DATE, Types.TIMESTAMP
            };
            for (int c = 1; c <= 7; c++)
                assertThat(md.getColumnType(c)).as("column %d", c).isEqualTo(types[c - 1]);
            assertThat(md.getColumnTypeName(3)).isEqualTo("DOUBLE");
            assertThat(md.getPrecision(2)).isEqualTo(19);
            assertThat(md.getColumnClassName(6)).isEqualTo(Date.class.getName());
            assertThat(md.isSigned(3)).isTrue();
        }
    }

    @Test
    void statementsReportCountsAndMoreResults() throws SQLException {
        try (Statement s = conn.createStatement()) {
            assertThat(s.executeUpdate("CREATE TABLE k(x INTEGER)")).isZero();
            assertThat(s.executeUpdate("INSERT INTO k VALUES (1), (2), (3)")).isEqualTo(3);
            assertThat(s.execute("UPDATE k SET x = x + 1 WHERE x > 1")).isFalse();
            assertThat(s.getUpdateCount()).isEqualTo(2);
            assertThat(s.getResultSet()).isNull();
            assertThat(s.execute("SELECT x FROM k ORDER BY x")).isTrue();
            assertThat(s.getUpdateCount()).isEqualTo(-1);
            assertThat(s.getMoreResults()).isFalse();
            assertThat(s.getUpdateCount()).isEqualTo(-1);

            assertThat(s.execute("INSERT INTO k VALUES (10); SELECT count(*) FROM k"))
                    .isFalse();
            assertThat(s.getUpdateCount()).isEqualTo(1);
            assertThat(s.getMoreResults()).isTrue();
            try (ResultSet rs = s.getResultSet()) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(4);
            }
            assertThat(s.getMoreResults()).isFalse();
            assertThat(s.getUpdateCount()).isEqualTo(-1);

            s.setMaxRows(2);
            try (ResultSet rs = s.executeQuery("SELECT x FROM k")) {
                int n = 0;
                while (rs.next()) n++;
                assertThat(n).isEqualTo(2);
            }
            assertThatThrownBy(() -> s.executeQuery("DELETE FROM k")).isInstanceOf(SQLException.class);
        }
    }

    @Test
    void batchesOfStatementsAndPreparedInserts() throws SQLException {
        try (Statement s = conn.createStatement()) {
            s.addBatch("CREATE TABLE pts(id INTEGER PRIMARY KEY, x DOUBLE, label VARCHAR, day DATE)");
            s.addBatch("INSERT INTO pts VALUES (0, 0.5, 'zero', DATE '2020-01-01')");
            assertThat(s.executeBatch()).containsExactly(0, 1);
        }
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO pts VALUES (?, ?, ?, ?)")) {
            for (int i = 1; i <= 1000; i++) {
                ps.setInt(1, i);
                ps.setDouble(2, i / 2.0);
                ps.setString(3, "p" + i);
                ps.setObject(4, LocalDate.of(2020, 1, 1).plusDays(i));
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            assertThat(counts).hasSize(1000);
            assertThat(counts).containsOnly(1);
        }
        try (Statement s = conn.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*), sum(x), max(day) FROM pts")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(1001);
            assertThat(rs.getDouble(2)).isEqualTo(0.5 + 1000 * 1001 / 4.0);
            assertThat(rs.getObject(3, LocalDate.class)).isEqualTo(LocalDate.of(2022, 9, 27));
        }
        // a failing row reports how far the batch got
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO pts(id, x) VALUES (?, ?)")) {
            ps.setInt(1, 5000);
            ps.setDouble(2, 1);
            ps.addBatch();
            ps.setInt(1, 1);
            ps.setDouble(2, 1);
            ps.addBatch();
            assertThatThrownBy(ps::executeBatch).isInstanceOf(BatchUpdateException.class);
        }
    }

    @Test
    void preparedStatementParametersOfEveryType() throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT ? + 1, ? * 2.0, ? || '!', ?, ?, ?, ? IS NULL")) {
            assertThat(ps.getParameterMetaData().getParameterCount()).isEqualTo(7);
            ps.setLong(1, 41);
            ps.setBigDecimal(2, new BigDecimal("1.25"));
            ps.setString(3, "hi");
            ps.setBoolean(4, true);
            ps.setDate(5, Date.valueOf("2021-03-04"));
            ps.setTimestamp(6, Timestamp.valueOf("2021-03-04 05:06:07"));
            ps.setNull(7, Types.INTEGER);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(42);
                assertThat(rs.getDouble(2)).isEqualTo(2.5);
                assertThat(rs.getString(3)).isEqualTo("hi!");
                assertThat(rs.getBoolean(4)).isTrue();
                assertThat(rs.getObject(5, LocalDate.class)).isEqualTo(LocalDate.of(2021, 3, 4));
                assertThat(rs.getObject(6, LocalDateTime.class)).isEqualTo(LocalDateTime.of(2021, 3, 4, 5, 6, 7));
                assertThat(rs.getBoolean(7)).isTrue();
            }
            ps.clearParameters();
            assertThatThrownBy(ps::executeQuery)
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("parameter 1");
        }
        try (PreparedStatement ps = conn.prepareStatement("SELECT s FROM typed WHERE i = ?")) {
            ps.setObject(1, 42);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("hello");
            }
            ps.setObject(1, "42", Types.INTEGER);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
            }
        }
    }

    @Test
    void errorsCarrySqlStateAndPosition() throws SQLException {
        try (Statement s = conn.createStatement()) {
            assertThatThrownBy(() -> s.executeQuery("SELECT * FROM nosuch"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("line 1:15")
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42P01"));
            assertThatThrownBy(() -> s.executeQuery("SELEC 1"))
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42601"));
        }
        assertThatThrownBy(() -> conn.prepareStatement("SELECT nosuch FROM typed WHERE i = ?"))
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42703"));
    }

    @Test
    void autocommitOffCommitsAndRollsBack() throws SQLException {
        try (Statement s = conn.createStatement()) {
            s.execute("CREATE TABLE tx(x INTEGER)");
            conn.setAutoCommit(false);
            s.execute("INSERT INTO tx VALUES (1)");
            conn.rollback();
            assertThat(count(s, "tx")).isZero();
            s.execute("INSERT INTO tx VALUES (2)");
            conn.commit();
            s.execute("INSERT INTO tx VALUES (3)");
            assertThat(count(s, "tx")).isEqualTo(2);
            conn.rollback();
            assertThat(count(s, "tx")).isEqualTo(1);
            s.execute("INSERT INTO tx VALUES (4)");
            conn.setAutoCommit(true);
            assertThatThrownBy(conn::commit).isInstanceOf(SQLException.class);
        }
        try (Connection other = conn) {
            assertThat(other.getAutoCommit()).isTrue();
            try (Statement s = other.createStatement()) {
                assertThat(count(s, "tx")).isEqualTo(2);
            }
        }
    }

    private static long count(Statement s, String table) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void queryTimeoutAndCancelStopLongStatements() throws Exception {
        String slow = "SELECT count(*) FROM generate_series(1, 2000000000) AS a(x) WHERE x % 7 = 3";
        try (Statement s = conn.createStatement()) {
            s.setQueryTimeout(1);
            long start = System.nanoTime();
            assertThatThrownBy(() -> s.executeQuery(slow))
                    .isInstanceOf(SQLTimeoutException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("57014"));
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(10_000);
        }
        try (Statement s = conn.createStatement()) {
            CompletableFuture<Object> run = CompletableFuture.supplyAsync(() -> {
                try {
                    return s.executeQuery(slow);
                } catch (SQLException e) {
                    return e;
                }
            });
            Thread.sleep(300);
            s.cancel();
            assertThat(run.get(10, TimeUnit.SECONDS)).isInstanceOf(SQLException.class);
            // the connection stays usable
            assertThat(count(s, "typed")).isEqualTo(2);
        }
    }

    @Test
    void sharedNamedDatabaseAndPrivateDatabases() throws SQLException {
        try (Connection a = DriverManager.getConnection("jdbc:nabla:mem:jdbc_shared");
                Connection b = DriverManager.getConnection("jdbc:nabla:mem:jdbc_shared");
                Connection c = DriverManager.getConnection("jdbc:nabla:")) {
            try (Statement s = a.createStatement()) {
                s.execute("CREATE TABLE shared_t(x INTEGER)");
                s.execute("INSERT INTO shared_t VALUES (7)");
            }
            try (Statement s = b.createStatement()) {
                assertThat(count(s, "shared_t")).isEqualTo(1);
            }
            try (Statement s = c.createStatement()) {
                assertThatThrownBy(() -> count(s, "shared_t")).isInstanceOf(SQLException.class);
                assertThatThrownBy(() -> count(s, "typed")).isInstanceOf(SQLException.class);
            }
        }
    }

    @Test
    void connectionLifecycle() throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:nabla:");
        assertThat(c.isValid(1)).isTrue();
        Statement s = c.createStatement();
        c.close();
        c.close();
        assertThat(c.isClosed()).isTrue();
        assertThat(c.isValid(1)).isFalse();
        assertThat(s.isClosed()).isTrue();
        assertThatThrownBy(() -> s.executeQuery("SELECT 1")).isInstanceOf(SQLException.class);
    }

    @Test
    void databaseMetaDataListsCatalogObjects() throws SQLException {
        try (Statement s = conn.createStatement()) {
            s.execute("CREATE TABLE meta_t(id INTEGER PRIMARY KEY, name VARCHAR NOT NULL, score DOUBLE)");
            s.execute("CREATE VIEW meta_v AS SELECT id FROM meta_t");
        }
        DatabaseMetaData md = conn.getMetaData();
        assertThat(md.getDatabaseProductName()).isEqualTo("Nabla");
        assertThat(md.getIdentifierQuoteString()).isEqualTo("\"");
        assertThat(rows(md.getCatalogs(), "TABLE_CAT")).containsExactly("nabla");
        assertThat(rows(md.getSchemas(), "TABLE_SCHEM")).contains("main");
        assertThat(rows(md.getTableTypes(), "TABLE_TYPE")).contains("TABLE", "VIEW");
        assertThat(rows(md.getTables(null, null, "META%", new String[] {"TABLE"}), "TABLE_NAME"))
                .containsExactly("meta_t");
        // SHOW TABLES' type column tells views from tables
        assertThat(rows(md.getTables(null, null, "META%", new String[] {"VIEW"}), "TABLE_NAME"))
                .containsExactly("meta_v");
        assertThat(rows(md.getTables("nabla", "main", "%", null), "TABLE_NAME")).contains("meta_t", "typed");

        try (ResultSet rs = md.getColumns(null, null, "meta_t", "%")) {
            List<String> names = new ArrayList<>();
            while (rs.next()) {
                assertThat(rs.getString("TABLE_CAT")).isEqualTo("nabla");
                assertThat(rs.getString("TABLE_SCHEM")).isEqualTo("main");
                names.add(rs.getString("COLUMN_NAME"));
                if (rs.getString("COLUMN_NAME").equals("score")) {
                    assertThat(rs.getInt("DATA_TYPE")).isEqualTo(Types.DOUBLE);
                    assertThat(rs.getString("IS_NULLABLE")).isEqualTo("YES");
                    assertThat(rs.getInt("ORDINAL_POSITION")).isEqualTo(3);
                }
                if (rs.getString("COLUMN_NAME").equals("name")) {
                    assertThat(rs.getInt("NULLABLE")).isEqualTo(DatabaseMetaData.columnNoNulls);
                }
            }
            assertThat(names).containsExactly("id", "name", "score");
        }
        assertThat(rows(md.getPrimaryKeys(null, null, "meta_t"), "COLUMN_NAME")).containsExactly("id");
        assertThat(rows(md.getTypeInfo(), "TYPE_NAME")).contains("INTEGER", "DOUBLE", "VARCHAR", "DATE", "TIMESTAMP");
        // the primary key's index (issue 18: indexes were invisible)
        assertThat(rows(md.getIndexInfo(null, null, "meta_t", false, true), "INDEX_NAME"))
                .containsExactly("meta_t_pkey");
        assertThat(rows(md.getFunctions(null, null, "%"), "FUNCTION_NAME")).isEmpty();
    }

    /** What a tool does on connect: call every metadata method; none may fail except as "not supported". */
    @Test
    void everyMetadataMethodAnswers() throws Exception {
        DatabaseMetaData md = conn.getMetaData();
        for (java.lang.reflect.Method m : DatabaseMetaData.class.getMethods()) {
            if (m.getName().equals("unwrap") || m.getName().equals("isWrapperFor")) continue;
            Object[] args = new Object[m.getParameterCount()];
            Class<?>[] types = m.getParameterTypes();
            for (int i = 0; i < args.length; i++) {
                if (types[i] == int.class)
                    args[i] = types.length == 2 && m.getName().startsWith("supportsConvert")
                            ? Types.INTEGER
                            : ResultSet.TYPE_FORWARD_ONLY;
                else if (types[i] == boolean.class) args[i] = false;
            }
            try {
                Object out = m.invoke(md, args);
                if (out instanceof ResultSet rs) {
                    int cols = rs.getMetaData().getColumnCount();
                    assertThat(cols).as(m.getName()).isPositive();
                    while (rs.next()) for (int c = 1; c <= cols; c++) rs.getObject(c);
                    rs.close();
                }
            } catch (java.lang.reflect.InvocationTargetException e) {
                assertThat(e.getCause()).as(m.getName()).isInstanceOf(java.sql.SQLFeatureNotSupportedException.class);
            }
        }
    }

    private static List<String> rows(ResultSet rs, String column) throws SQLException {
        List<String> out = new ArrayList<>();
        try (rs) {
            while (rs.next()) out.add(rs.getString(column));
        }
        return out;
    }

    @Test
    void unwrapGivesWholeColumns() throws SQLException {
        try (Statement s = conn.createStatement();
                ResultSet rs = s.executeQuery("SELECT x, x * 2 AS y FROM generate_series(1, 5000) AS g(x)")) {
            NablaResultSet nrs = rs.unwrap(NablaResultSet.class);
            double[] y = nrs.column("y");
            assertThat(y).hasSize(5000);
            assertThat(y[4999]).isEqualTo(10_000.0);
            assertThat(nrs.longColumn("x")[0]).isEqualTo(1L);
        }
    }

    @Test
    void scrollableResultSets() throws SQLException {
        try (Statement s = conn.createStatement(ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.CONCUR_READ_ONLY);
                ResultSet rs = s.executeQuery("SELECT x FROM generate_series(1, 10) AS g(x) ORDER BY x")) {
            assertThat(rs.last()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(10);
            assertThat(rs.getRow()).isEqualTo(10);
            assertThat(rs.absolute(3)).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(3);
            assertThat(rs.previous()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(2);
            assertThat(rs.relative(-5)).isFalse();
            assertThat(rs.isBeforeFirst()).isTrue();
        }
        try (Statement s = conn.createStatement();
                ResultSet rs = s.executeQuery("SELECT 1")) {
            assertThatThrownBy(rs::previous).isInstanceOf(SQLException.class);
        }
    }
}
