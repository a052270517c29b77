package dev.nabla.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A join on {@code a IS NOT DISTINCT FROM b} is hashed like {@code a = b}, with NULL matching NULL (reverse mode
 * joins group keys this way: a quadratic nested loop before). Answers: sql/core/joins.test.
 */
class NullSafeHashJoinTest {
    private final Database db = Nabla.open();
    private final Session s = db.connect();

    @AfterEach
    void close() {
        db.close();
    }

    private List<String> plan(String sql) {
        Result r = s.execute("EXPLAIN " + sql);
        return IntStream.range(0, (int) r.rowCount())
                .mapToObj(i -> r.getString(i, 0))
                .toList();
    }

    @Test
    void nullSafeKeysAreHashedAndNullMatchesNull() {
        s.execute("CREATE TABLE a AS SELECT CASE WHEN range % 10 = 0 THEN NULL ELSE range % 1000 END AS k, range AS v"
                + " FROM range(20000)");
        s.execute("CREATE TABLE b AS SELECT CASE WHEN range = 0 THEN NULL ELSE range END AS k FROM range(1000)");
        String q = "SELECT count(*) FROM a JOIN b ON a.k IS NOT DISTINCT FROM b.k";
        assertThat(plan(q))
                .anySatisfy(line -> assertThat(line.strip()).startsWith("HashJoin INNER (k IS NOT DISTINCT FROM k)"));
        // 2 000 NULL keys match b's one NULL; the 18 000 others (k % 10 <> 0 within 1..999) each match once
        assertThat(s.execute(q).getLong(0, 0)).isEqualTo(20000);
        // '=' keeps dropping NULLs; a mix of both kinds of key
        assertThat(s.execute("SELECT count(*) FROM a JOIN b ON a.k = b.k").getLong(0, 0))
                .isEqualTo(18000);
        assertThat(s.execute("SELECT count(*) FROM a JOIN b ON a.k IS NOT DISTINCT FROM b.k AND a.k = b.k")
                        .getLong(0, 0))
                .isEqualTo(18000);
        assertThat(s.execute("SELECT count(*) FROM a LEFT JOIN b ON a.k IS NOT DISTINCT FROM b.k WHERE b.k IS NULL")
                        .getLong(0, 0))
                .isEqualTo(2000);
    }
}
