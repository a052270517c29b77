package dev.nabla.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

/** Value conversions and pattern matching, without an engine. */
class ValuesTest {

    @Test
    void settersProduceEngineValues() throws SQLException {
        assertThat(Values.toEngine(5)).isEqualTo(5L);
        assertThat(Values.toEngine(1.5f)).isEqualTo(1.5);
        // exact: a DECIMAL column or parameter keeps every digit (a DOUBLE one converts it)
        assertThat(Values.toEngine(new BigDecimal("2.25"))).isEqualTo(new BigDecimal("2.25"));
        assertThat(Values.toEngine(java.sql.Date.valueOf("2020-05-06"))).isEqualTo(LocalDate.of(2020, 5, 6));
        assertThat(Values.toEngine(Timestamp.valueOf("2020-05-06 07:08:09")))
                .isEqualTo(LocalDateTime.of(2020, 5, 6, 7, 8, 9));
        assertThat(Values.toEngine("12", Types.BIGINT)).isEqualTo(12L);
        assertThat(Values.toEngine(3, Types.VARCHAR)).isEqualTo("3");
        assertThat(Values.toEngine("2020-01-02", Types.DATE)).isEqualTo(LocalDate.of(2020, 1, 2));
        assertThatThrownBy(() -> Values.toEngine(new Object())).isInstanceOf(SQLException.class);
    }

    @Test
    void gettersConvertOrFailCleanly() throws SQLException {
        assertThat(Values.toLong(3.99)).isEqualTo(3L);
        assertThat(Values.toLong("17")).isEqualTo(17L);
        assertThat(Values.toBoolean("yes")).isTrue();
        assertThat(Values.toBigDecimal(0.1)).isEqualByComparingTo("0.1");
        assertThat(Values.as(LocalDate.of(2020, 1, 1), LocalDateTime.class))
                .isEqualTo(LocalDateTime.of(2020, 1, 1, 0, 0));
        assertThat(Values.as("2020-01-01 10:00:00", LocalDateTime.class))
                .isEqualTo(LocalDateTime.of(2020, 1, 1, 10, 0));
        assertThat(Values.timestampText(LocalDateTime.of(2020, 1, 1, 1, 2, 3, 450_000_000)))
                .isEqualTo("2020-01-01 01:02:03.45");
        assertThatThrownBy(() -> Values.toInt(1L << 40)).isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> Values.toLong("abc")).isInstanceOf(SQLException.class);
        assertThat(Values.toDouble(Double.NaN)).isNaN();
    }

    @Test
    void metadataPatternsFollowLike() {
        assertThat(NablaDatabaseMetaData.matches(null, "x")).isTrue();
        assertThat(NablaDatabaseMetaData.matches("ta%", "TABLE1")).isTrue();
        assertThat(NablaDatabaseMetaData.matches("t_b", "tab")).isTrue();
        assertThat(NablaDatabaseMetaData.matches("t\\_b", "tab")).isFalse();
        assertThat(NablaDatabaseMetaData.matches("t\\_b", "t_b")).isTrue();
        assertThat(NablaDatabaseMetaData.matches("a.c", "abc")).isFalse();
    }
}
