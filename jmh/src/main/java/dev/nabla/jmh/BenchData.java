package dev.nabla.jmh;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The benchmark table of the speed issue, built identically for every contender:
 * t(i, x, y, g) with i = 0..n-1, x = sin(i·0.001), y = cos(i·0.0007), g = i % 1000, and
 * params(a, b) = (0.5, 0.1).
 */
final class BenchData {
    final int n;
    final long[] i;
    final double[] x;
    final double[] y;
    final long[] g;

    BenchData(int n) {
        this.n = n;
        i = new long[n];
        x = new double[n];
        y = new double[n];
        g = new long[n];
        for (int k = 0; k < n; k++) {
            i[k] = k;
            x[k] = Math.sin(k * 0.001);
            y[k] = Math.cos(k * 0.0007);
            g[k] = k % 1000;
        }
    }

    /** An in-memory DuckDB with the same table (computed by DuckDB itself), single-threaded. */
    static Connection duckdb(int n, int threads) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement s = c.createStatement()) {
            s.execute("SET threads = " + threads);
            s.execute(
                    "CREATE TABLE t AS SELECT i::BIGINT AS i, sin(i * 0.001) AS x, cos(i * 0.0007) AS y, (i % 1000)::BIGINT AS g FROM range("
                            + n + ") r(i)");
            s.execute("CREATE TABLE params AS SELECT 0.5::DOUBLE AS a, 0.1::DOUBLE AS b");
        }
        return c;
    }
}
