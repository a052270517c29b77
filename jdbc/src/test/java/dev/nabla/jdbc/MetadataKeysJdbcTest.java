package dev.nabla.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Issue 18 items 3 and 4 over plain JDBC: keys, indexes, defaults, view text, identity columns, generated keys. */
class MetadataKeysJdbcTest {
    private Connection conn;

    @BeforeEach
    void open() throws SQLException {
        conn = DriverManager.getConnection("jdbc:nabla:", "alice", "");
        try (Statement s = conn.createStatement()) {
            s.execute("""
                    CREATE TABLE parent(a INTEGER, b INTEGER, tag VARCHAR UNIQUE, PRIMARY KEY (a, b));
                    CREATE TABLE child(id SERIAL PRIMARY KEY, pa INTEGER, pb INTEGER, n INTEGER DEFAULT 5,
                                       FOREIGN KEY (pa, pb) REFERENCES parent(a, b));
                    CREATE INDEX child_n ON child(n);
                    CREATE UNIQUE INDEX parent_tag_b ON parent(tag, b);
                    CREATE VIEW v AS SELECT a FROM parent WHERE b > 1;
                    """);
        }
    }

    @AfterEach
    void close() throws SQLException {
        conn.close();
    }

    private static List<String> rows(ResultSet rs, String... columns) throws SQLException {
        List<String> out = new ArrayList<>();
        try (rs) {
            while (rs.next()) {
                StringBuilder sb = new StringBuilder();
                for (String c : columns) sb.append(sb.isEmpty() ? "" : "|").append(rs.getString(c));
                out.add(sb.toString());
            }
        }
        return out;
    }

    @Test
    void foreignKeysBothWaysAndCrossReference() throws SQLException {
        DatabaseMetaData md = conn.getMetaData();
        String[] cols = {"PKTABLE_NAME", "PKCOLUMN_NAME", "FKTABLE_NAME", "FKCOLUMN_NAME", "KEY_SEQ", "PK_NAME"};
        List<String> expected = List.of("parent|a|child|pa|1|parent_pkey", "parent|b|child|pb|2|parent_pkey");
        assertThat(rows(md.getImportedKeys(null, "main", "child"), cols)).isEqualTo(expected);
        assertThat(rows(md.getExportedKeys(null, null, "parent"), cols)).isEqualTo(expected);
        assertThat(rows(md.getCrossReference(null, null, "parent", null, null, "child"), cols))
                .isEqualTo(expected);
        assertThat(rows(md.getCrossReference(null, null, "child", null, null, "parent"), cols))
                .isEmpty();
        assertThat(rows(md.getImportedKeys(null, null, "parent"), cols)).isEmpty();
    }

    @Test
    void indexesPrimaryKeysDefaultsAndViews() throws SQLException {
        DatabaseMetaData md = conn.getMetaData();
        assertThat(rows(md.getIndexInfo(null, null, "parent", false, false), "INDEX_NAME", "COLUMN_NAME", "NON_UNIQUE"))
                .containsExactly(
                        "parent_pkey|a|false",
                        "parent_pkey|b|false",
                        "parent_tag_b|tag|false",
                        "parent_tag_b|b|false",
                        "parent_tag_key|tag|false");
        assertThat(rows(md.getIndexInfo(null, null, "child", true, false), "INDEX_NAME"))
                .containsExactly("child_pkey");
        assertThat(rows(md.getIndexInfo(null, null, "child", false, false), "INDEX_NAME", "NON_UNIQUE"))
                .containsExactly("child_pkey|false", "child_n|true");
        assertThat(rows(md.getPrimaryKeys(null, null, "parent"), "COLUMN_NAME", "KEY_SEQ", "PK_NAME"))
                .containsExactly("a|1|parent_pkey", "b|2|parent_pkey");
        assertThat(rows(
                        md.getColumns(null, null, "child", "%"),
                        "COLUMN_NAME",
                        "TYPE_NAME",
                        "COLUMN_DEF",
                        "IS_AUTOINCREMENT",
                        "IS_NULLABLE"))
                .containsExactly(
                        "id|INTEGER|nextval('child_id_seq')|YES|NO",
                        "pa|INTEGER|null|NO|YES",
                        "pb|INTEGER|null|NO|YES",
                        "n|INTEGER|5|NO|YES");
        assertThat(rows(md.getTables(null, "main", "v", null), "TABLE_SCHEM", "TABLE_TYPE", "REMARKS"))
                .containsExactly("main|VIEW|SELECT a FROM parent WHERE b > 1");
        assertThat(md.getUserName()).isEqualTo("alice");
        assertThat(md.supportsGetGeneratedKeys()).isTrue();
    }

    @Test
    void generatedKeysByFlagNameAndIndex() throws SQLException {
        try (Statement s = conn.createStatement()) {
            s.execute("INSERT INTO parent VALUES (1, 2, 'x')");
            assertThat(s.executeUpdate(
                            "INSERT INTO child(pa, pb) VALUES (1, 2), (1, 2)", Statement.RETURN_GENERATED_KEYS))
                    .isEqualTo(2);
            assertThat(rows(s.getGeneratedKeys(), "id")).containsExactly("1", "2");
            // without an identity column the keys are the primary key
            assertThat(s.executeUpdate("INSERT INTO parent VALUES (3, 4, 'y')", Statement.RETURN_GENERATED_KEYS))
                    .isEqualTo(1);
            assertThat(rows(s.getGeneratedKeys(), "a", "b")).containsExactly("3|4");
            assertThat(s.execute("UPDATE child SET n = 7 WHERE id = 1", new String[] {"id", "n"}))
                    .isFalse();
            assertThat(s.getUpdateCount()).isEqualTo(1);
            assertThat(rows(s.getGeneratedKeys(), "id", "n")).containsExactly("1|7");
            // a plain statement has no keys
            s.executeUpdate("INSERT INTO parent VALUES (5, 6, 'z')");
            assertThat(rows(s.getGeneratedKeys(), "a")).isEmpty();
        }
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO child(pa, pb) VALUES (?, ?)", new int[] {1})) {
            ps.setInt(1, 3);
            ps.setInt(2, 4);
            assertThat(ps.executeUpdate()).isEqualTo(1);
            assertThat(rows(ps.getGeneratedKeys(), "id")).containsExactly("3");
        }
        try (PreparedStatement ps = conn.prepareStatement(
                "INSERT INTO child(pa, pb) VALUES (1, 2) RETURNING id, n", Statement.RETURN_GENERATED_KEYS)) {
            assertThat(ps.executeUpdate()).isEqualTo(1);
            assertThat(rows(ps.getGeneratedKeys(), "id", "n")).containsExactly("4|5");
        }
        // a failing INSERT still draws its identity value, as in PostgreSQL
        try (Statement s = conn.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate("INSERT INTO child(pa, pb) VALUES (9, 9)"))
                    .isInstanceOf(SQLIntegrityConstraintViolationException.class)
                    .hasMessageContaining("foreign key");
            s.executeUpdate("INSERT INTO child(pa, pb) VALUES (NULL, NULL)", Statement.RETURN_GENERATED_KEYS);
            assertThat(rows(s.getGeneratedKeys(), "id")).containsExactly("6");
        }
    }

    @Test
    void declaredLengthsAndRangesAreEnforcedAndReported() throws SQLException {
        try (Statement s = conn.createStatement()) {
            s.execute("CREATE TABLE d(v VARCHAR(5), c CHAR(3), s SMALLINT, t VARCHAR)");
            // characters, not bytes: five two-byte characters fit
            s.execute("INSERT INTO d VALUES ('\u00e9\u00e9\u00e9\u00e9\u00e9', 'abc', 7, 'x')");
            assertThatThrownBy(() -> s.execute("INSERT INTO d(v) VALUES ('\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9')"))
                    .isInstanceOf(java.sql.SQLDataException.class)
                    .extracting(e -> ((SQLException) e).getSQLState())
                    .isEqualTo("22001");
            assertThatThrownBy(() -> s.execute("INSERT INTO d(s) VALUES (40000)"))
                    .extracting(e -> ((SQLException) e).getSQLState())
                    .isEqualTo("22003");
        }
        assertThat(rows(
                        conn.getMetaData().getColumns(null, null, "d", "%"),
                        "COLUMN_NAME",
                        "DATA_TYPE",
                        "TYPE_NAME",
                        "COLUMN_SIZE"))
                .containsExactly("v|12|VARCHAR|5", "c|1|CHAR|3", "s|5|SMALLINT|5", "t|12|VARCHAR|2147483647");
    }

    @Test
    void charIsBlankPaddedAsInPostgres() throws SQLException {
        try (Statement s = conn.createStatement()) {
            s.execute("CREATE TABLE p(id INT, c CHAR(4))");
            s.execute("INSERT INTO p VALUES (1, 'ab'), (2, 'xy    ')");
        }
        try (PreparedStatement p =
                conn.prepareStatement("SELECT c, length(c), c || '|' FROM p WHERE c = ? ORDER BY id")) {
            p.setString(1, "ab");
            try (ResultSet rs = p.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("ab  ");
                assertThat(rs.getObject(1)).isEqualTo("ab  ");
                assertThat(rs.getInt(2)).isEqualTo(2);
                assertThat(rs.getString(3)).isEqualTo("ab|");
                java.sql.ResultSetMetaData m = rs.getMetaData();
                assertThat(m.getColumnType(1)).isEqualTo(java.sql.Types.CHAR);
                assertThat(m.getColumnTypeName(1)).isEqualTo("CHAR");
                assertThat(m.getPrecision(1)).isEqualTo(4);
                assertThat(m.getColumnType(3)).isEqualTo(java.sql.Types.VARCHAR);
                assertThat(rs.next()).isFalse();
            }
            p.setString(1, "xy");
            try (ResultSet rs = p.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("xy  ");
            }
        }
    }
}
