package dev.nabla.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProgressTest {
    @Test
    void countsScannedRowsAndRecursionIterations() {
        try (Database db = Nabla.open();
                Session s = db.connect()) {
            assertThat(s.progress().running()).isFalse();
            assertThat(s.progress().elapsedMillis()).isZero();
            s.execute("CREATE TABLE t AS SELECT i, i % 7 AS k, i * 0.5 AS x FROM generate_series(1, 600000) g(i)");
            s.execute("SELECT count(*) FROM t");
            Progress p = s.progress();
            assertThat(p.running()).isFalse();
            assertThat(p.rowsScanned()).isEqualTo(600_000);
            assertThat(p.iteration()).isZero();
            // aggregates over a stored table may run morsel-parallel (fused): still every row counted once
            s.execute("SET threads = 4");
            s.execute("SELECT sum(x), avg(x) FROM t WHERE x > 10");
            assertThat(s.progress().rowsScanned()).isEqualTo(600_000);
            s.execute("SELECT k, sum(x), count(*) FROM t GROUP BY k");
            assertThat(s.progress().rowsScanned()).isEqualTo(600_000);

            s.execute(
                    "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 7) SELECT max(n) FROM r");
            assertThat(s.progress().iteration()).isEqualTo(7);
            assertThat(s.progress().rowsScanned()).isEqualTo(7); // each iteration reads the previous one's row
        }
    }

    @Test
    void isVisibleFromAnotherThreadWhileRunning() throws Exception {
        try (Database db = Nabla.open();
                Session s = db.connect()) {
            Thread worker = new Thread(() -> {
                try {
                    s.execute("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r");
                } catch (RuntimeException expected) {
                    // cancelled below
                }
            });
            worker.start();
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (s.progress().iteration() < 50 && System.nanoTime() < deadline) Thread.sleep(5);
            Progress p = s.progress();
            s.cancel();
            worker.join(20_000);
            assertThat(p.running()).isTrue();
            assertThat(p.iteration()).isGreaterThanOrEqualTo(50);
            assertThat(p.elapsedMillis()).isGreaterThanOrEqualTo(0);
        }
    }
}
