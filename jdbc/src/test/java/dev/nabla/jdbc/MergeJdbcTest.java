package dev.nabla.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** MERGE over JDBC: the update count is the number of rows inserted, updated or deleted. */
class MergeJdbcTest {
    @Test
    void updateCountCountsEveryAction() throws SQLException {
        try (Connection conn = DriverManager.getConnection("jdbc:nabla:");
                Statement s = conn.createStatement()) {
            s.execute("CREATE TABLE t(k INTEGER PRIMARY KEY, v INTEGER)");
            s.execute("INSERT INTO t VALUES (1, 10), (2, 20), (3, 30)");
            int n = s.executeUpdate(
                    "MERGE INTO t USING (VALUES (1, 0), (2, 5), (4, 40), (5, NULL)) AS src(k, v) ON t.k = src.k"
                            + " WHEN MATCHED AND src.v = 0 THEN DELETE WHEN MATCHED THEN UPDATE SET v = t.v + src.v"
                            + " WHEN NOT MATCHED AND src.v IS NULL THEN DO NOTHING WHEN NOT MATCHED THEN INSERT VALUES (src.k, src.v)");
            assertThat(n).isEqualTo(3);
            try (PreparedStatement p = conn.prepareStatement(
                    "MERGE INTO t USING (VALUES (CAST(? AS INTEGER))) AS src(k) ON t.k = src.k WHEN MATCHED THEN UPDATE SET v = ?")) {
                p.setInt(1, 2);
                p.setInt(2, 99);
                assertThat(p.executeUpdate()).isEqualTo(1);
            }
            try (var rs = s.executeQuery("SELECT k, v FROM t ORDER BY k")) {
                StringBuilder sb = new StringBuilder();
                while (rs.next())
                    sb.append(rs.getInt(1)).append('=').append(rs.getInt(2)).append(' ');
                assertThat(sb.toString().trim()).isEqualTo("2=99 3=30 4=40");
            }
        }
    }
}
