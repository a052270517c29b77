package dev.nabla.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Parameters that no context types take the type of the value bound to them (issue 18, item 1: jOOQ's
 * {@code when(…).otherwise(…)} came back NULL; {@code SELECT ?} was always VARCHAR).
 */
class ParameterTypingJdbcTest {
    Connection c;

    @BeforeEach
    void open() throws Exception {
        c = DriverManager.getConnection("jdbc:nabla:");
    }

    @AfterEach
    void close() throws Exception {
        c.close();
    }

    @Test
    void caseOfParametersIsNeverTypedNull() throws Exception {
        try (PreparedStatement p = c.prepareStatement("SELECT CASE WHEN 1=1 THEN ? ELSE ? END")) {
            p.setString(1, "hi");
            p.setString(2, "lo");
            try (ResultSet r = p.executeQuery()) {
                assertThat(r.next()).isTrue();
                assertThat(r.getString(1)).isEqualTo("hi");
                assertThat(r.getMetaData().getColumnType(1)).isEqualTo(Types.VARCHAR);
            }
        }
    }

    @Test
    void aBareParameterTakesItsValuesType() throws Exception {
        try (PreparedStatement p = c.prepareStatement("SELECT ?, coalesce(?, ?)")) {
            p.setInt(1, 7);
            p.setNull(2, Types.DOUBLE);
            p.setDouble(3, 2.5);
            try (ResultSet r = p.executeQuery()) {
                assertThat(r.next()).isTrue();
                assertThat(r.getObject(1)).isInstanceOf(Number.class);
                assertThat(r.getLong(1)).isEqualTo(7L);
                assertThat(r.getMetaData().getColumnType(1)).isIn(Types.INTEGER, Types.BIGINT);
                assertThat(r.getDouble(2)).isEqualTo(2.5);
            }
            // the same statement re-executed with values of another type is re-typed, not converted to the old type
            p.setString(1, "seven");
            p.setDouble(2, 1.5);
            p.setDouble(3, 2.5);
            try (ResultSet r = p.executeQuery()) {
                assertThat(r.next()).isTrue();
                assertThat(r.getString(1)).isEqualTo("seven");
                assertThat(r.getDouble(2)).isEqualTo(1.5);
            }
        }
    }

    @Test
    void contextStillDecidesWhereItCan() throws Exception {
        try (PreparedStatement p = c.prepareStatement("SELECT x + ? FROM (SELECT 1.5 AS x) t WHERE x > ?")) {
            p.setString(1, "2");
            p.setInt(2, 1);
            try (ResultSet r = p.executeQuery()) {
                assertThat(r.next()).isTrue();
                assertThat(r.getDouble(1)).isEqualTo(3.5);
            }
            assertThat(p.getParameterMetaData().getParameterType(1)).isEqualTo(Types.DOUBLE);
        }
    }
}
