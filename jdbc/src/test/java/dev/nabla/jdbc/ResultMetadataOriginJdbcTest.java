package dev.nabla.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ResultSetMetaData for columns read unchanged from a stored table: their table, schema, own column
 * name (whatever the label) and NOT NULL-ness; computed columns stay "unknown" with no table.
 */
class ResultMetadataOriginJdbcTest {
    private Connection conn;

    @BeforeEach
    void open() throws SQLException {
        conn = DriverManager.getConnection("jdbc:nabla:");
        try (Statement s = conn.createStatement()) {
            s.execute("CREATE TABLE person(id INTEGER PRIMARY KEY, name VARCHAR NOT NULL, nick VARCHAR)");
            s.execute("CREATE TABLE pet(owner INTEGER NOT NULL, kind VARCHAR NOT NULL)");
            s.execute("INSERT INTO person VALUES (1, 'Ada', NULL)");
        }
    }

    @AfterEach
    void close() throws SQLException {
        conn.close();
    }

    @Test
    void baseColumnsReportTheirTableNameAndNullability() throws SQLException {
        try (Statement s = conn.createStatement();
                ResultSet rs = s.executeQuery("SELECT p.name AS who, nick, id + 1 AS next, id FROM person p")) {
            ResultSetMetaData md = rs.getMetaData();
            assertThat(md.getColumnLabel(1)).isEqualTo("who");
            assertThat(md.getColumnName(1)).isEqualTo("name");
            assertThat(md.getTableName(1)).isEqualTo("person");
            assertThat(md.getSchemaName(1)).isEqualTo("main");
            assertThat(md.isNullable(1)).isEqualTo(ResultSetMetaData.columnNoNulls);
            assertThat(md.getTableName(2)).isEqualTo("person");
            assertThat(md.isNullable(2)).isEqualTo(ResultSetMetaData.columnNullable);
            // computed: no table, nullability unknown, the label as its name
            assertThat(md.getTableName(3)).isEmpty();
            assertThat(md.getSchemaName(3)).isEmpty();
            assertThat(md.getColumnName(3)).isEqualTo("next");
            assertThat(md.isNullable(3)).isEqualTo(ResultSetMetaData.columnNullableUnknown);
            // a PRIMARY KEY column is NOT NULL
            assertThat(md.isNullable(4)).isEqualTo(ResultSetMetaData.columnNoNulls);
        }
    }

    @Test
    void anOuterJoinMakesEveryBaseColumnNullable() throws SQLException {
        try (Statement s = conn.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT person.name, pet.kind FROM person LEFT JOIN pet ON pet.owner = person.id")) {
            ResultSetMetaData md = rs.getMetaData();
            assertThat(md.getTableName(1)).isEqualTo("person");
            assertThat(md.getTableName(2)).isEqualTo("pet");
            assertThat(md.isNullable(2)).isEqualTo(ResultSetMetaData.columnNullable);
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(2)).isNull();
        }
        try (Statement s = conn.createStatement();
                ResultSet rs = s.executeQuery("SELECT pet.kind FROM person JOIN pet ON pet.owner = person.id")) {
            assertThat(rs.getMetaData().isNullable(1)).isEqualTo(ResultSetMetaData.columnNoNulls);
        }
    }

    @Test
    void aggregatesAndUnionsHaveNoTable() throws SQLException {
        try (Statement s = conn.createStatement();
                ResultSet rs = s.executeQuery("SELECT max(name) FROM person")) {
            assertThat(rs.getMetaData().getTableName(1)).isEmpty();
            assertThat(rs.getMetaData().isNullable(1)).isEqualTo(ResultSetMetaData.columnNullableUnknown);
        }
    }
}
