package dev.nabla.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import java.time.Duration;
import java.util.StringJoiner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every kind of long-running statement stops soon after its timeout expires. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CancellationTest {
    private final Database db = Nabla.open();
    private final Session s = db.connect();

    @BeforeAll
    void tables() {
        s.execute("CREATE TABLE a AS SELECT range AS x FROM range(3000)");
        s.execute("CREATE TABLE b AS SELECT range AS x FROM range(3000)");
        s.execute("CREATE TABLE h AS SELECT range % 2 AS k, range AS v FROM range(30000)");
        s.execute("CREATE TABLE z AS SELECT 0 AS k, range AS v FROM range(10)");
    }

    @AfterAll
    void close() {
        db.close();
    }

    /** A 20-way join over one shared key: 10^20 result rows, all through hash-join probes. */
    private static String wideJoin() {
        StringJoiner from = new StringJoiner(", "), where = new StringJoiner(" AND ");
        for (int i = 1; i <= 20; i++) {
            from.add("z z" + i);
            if (i > 1) where.add("z" + (i - 1) + ".k = z" + i + ".k");
        }
        return "SELECT count(*) FROM " + from + " WHERE " + where;
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "SELECT count(*) FROM a, b, a c",
                "SELECT sum(a.x + b.x + c.x) FROM a, b, a c",
                "SELECT count(*) FROM a, b, a c WHERE a.x + b.x > c.x",
                "SELECT count(*) FROM h h1 JOIN h h2 ON h1.k = h2.k JOIN h h3 ON h2.k = h3.k",
                "SELECT count(*) FROM h h1 JOIN h h2 ON h1.k = h2.k AND h1.v <> h2.v",
                "SELECT count(*) FROM h h1 LEFT JOIN h h2 ON h1.k = h2.k AND h1.v < h2.v",
                "SELECT count(*) FROM h h1 FULL JOIN h h2 ON h1.k = h2.k AND h1.v < h2.v",
                "SELECT count(*) FROM a WHERE EXISTS (SELECT 1 FROM b, a c WHERE b.x + c.x = a.x - 1000000)",
                "WIDE",
                "SELECT a.x + b.x FROM a, b, a c ORDER BY 1 DESC LIMIT 3",
                "SELECT count(*) FROM (SELECT a.x + b.x + c.x AS y FROM a, b, a c ORDER BY 1) t",
                "SELECT a.x % 7, count(*), sum(b.x) FROM a, b, a c GROUP BY 1",
                "SELECT count(DISTINCT a.x * 10000 + b.x) FROM a, b, a c",
                "SELECT count(*) FROM (SELECT DISTINCT a.x, b.x, c.x FROM a, b, a c) t",
                "SELECT max(r) FROM (SELECT row_number() OVER (PARTITION BY a.x ORDER BY b.x) AS r FROM a, b, a c) t",
                "SELECT count(*) FROM (SELECT a.x FROM a, b, a c EXCEPT SELECT 1) t",
                "SELECT count(*) FROM (SELECT a.x FROM a, b, a c UNION SELECT 1) t",
                "SELECT count(*) FROM (SELECT a.x FROM a, b, a c INTERSECT SELECT x FROM b) t",
                "WITH RECURSIVE r(n) AS (SELECT x FROM a UNION ALL SELECT n + 1 FROM r WHERE n < 1000000000) SELECT count(*) FROM r",
                "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r, b WHERE n < 5) SELECT count(*) FROM r",
                "SELECT sum((SELECT count(*) FROM b, a c WHERE b.x > a.x + c.x)) FROM a",
                "SELECT count(*) FROM a WHERE a.x IN (SELECT b.x + c.x + 1000000 FROM b, a c)",
                "SELECT count(*) FROM a, LATERAL (SELECT b.x FROM b, a c WHERE b.x > a.x) t",
                "SELECT count(*) FROM range(1000000000000)",
                "SELECT count(*) FROM range(100000) r1, range(100000) r2",
                "INSERT INTO a SELECT a.x FROM a, b, a c",
                "UPDATE a SET x = (SELECT count(*) FROM b, a c, b d WHERE b.x > c.x + d.x)",
                "DELETE FROM a WHERE x IN (SELECT b.x + c.x + 1000000 FROM b, a c)",
            })
    void timeoutStopsStatementPromptly(String sql) {
        String q = sql.equals("WIDE") ? wideJoin() : sql;
        s.setTimeoutMillis(200);
        try {
            long start = System.nanoTime();
            NablaException e = Assertions.assertTimeoutPreemptively(
                    Duration.ofSeconds(20), () -> Assertions.assertThrows(NablaException.class, () -> s.execute(q)));
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertThat(e.code()).as(e.getMessage()).isEqualTo(ErrorCode.CANCELLED);
            // generous: the build machine is shared; an unchecked loop runs for minutes
            assertThat(ms).as("stopped after %d ms", ms).isLessThan(3000);
        } finally {
            s.setTimeoutMillis(0);
        }
        assertThat(s.execute("SELECT count(*) FROM a").getLong(0, 0)).isEqualTo(3000);
    }
}
