package dev.nabla.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.common.NablaException;
import dev.nabla.common.Span;
import dev.nabla.plan.bound.BoundStatement;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every kind of bound statement, one sample each: whether it runs under the writer lock, and which
 * plans {@link BoundStatement#mapPlans} finds in it. A new kind of statement fails here until it has
 * a sample, so it cannot silently skip the lock (as a {@code default -> false} once allowed).
 */
class StatementKindsTest {
    private final Database db = Nabla.open();
    private final Session s = db.connect();

    @AfterEach
    void close() {
        db.close();
    }

    /** SQL → (writes, number of plans it holds). */
    private static Map<String, int[]> samples() {
        Map<String, int[]> m = new LinkedHashMap<>();
        m.put("SELECT * FROM t", new int[] {0, 1});
        m.put("INSERT INTO t VALUES (1, 2.0)", new int[] {1, 1});
        m.put("UPDATE t SET b = 3 WHERE a = 1", new int[] {1, 1});
        m.put("DELETE FROM t WHERE a = 1", new int[] {1, 1});
        m.put("MERGE INTO t USING t AS s ON t.a = s.a WHEN MATCHED THEN DELETE", new int[] {1, 1});
        m.put("CREATE TABLE n (x INT)", new int[] {1, 0});
        m.put("CREATE TABLE n2 AS SELECT a FROM t", new int[] {1, 1});
        m.put("DROP TABLE t", new int[] {1, 0});
        m.put("CREATE VIEW v AS SELECT a FROM t", new int[] {1, 0});
        m.put("DROP VIEW IF EXISTS v", new int[] {1, 0});
        m.put("CREATE INDEX i ON t(a)", new int[] {1, 0});
        m.put("DROP INDEX IF EXISTS i", new int[] {1, 0});
        m.put("CREATE SEQUENCE IF NOT EXISTS s", new int[] {1, 0});
        m.put("TRUNCATE t", new int[] {1, 0});
        m.put("ALTER TABLE t ADD COLUMN c INT", new int[] {1, 0});
        m.put("COPY t FROM 'rows.csv'", new int[] {1, 0});
        m.put("COPY t TO 'rows.csv'", new int[] {0, 1});
        m.put("ATTACH 'data.nc' AS ds", new int[] {1, 0});
        m.put("DETACH ds", new int[] {1, 0});
        m.put("CHECKPOINT", new int[] {1, 0});
        // run by the session as a series of statements, each taking its own locks
        m.put("EXPORT DATABASE 'exported'", new int[] {0, 0});
        m.put("IMPORT DATABASE 'exported'", new int[] {0, 0});
        m.put("EXPLAIN ANALYZE DELETE FROM t", new int[] {1, 1});
        m.put("EXPLAIN DELETE FROM t", new int[] {0, 1});
        m.put("SHOW TABLES", new int[] {0, 0});
        m.put("SHOW memory_limit", new int[] {0, 0});
        m.put("DESCRIBE t", new int[] {0, 0});
        m.put("SET max_recursion = 10", new int[] {0, 0});
        m.put("BEGIN", new int[] {0, 0});
        m.put("COMMIT", new int[] {0, 0});
        m.put("ROLLBACK", new int[] {0, 0});
        m.put("SAVEPOINT p", new int[] {0, 0});
        m.put("ROLLBACK TO SAVEPOINT p", new int[] {0, 0});
        m.put("RELEASE SAVEPOINT p", new int[] {0, 0});
        return m;
    }

    @Test
    void everyStatementKindSaysWhetherItWritesAndWhichPlansItHolds() {
        s.execute("CREATE TABLE t (a INT, b DOUBLE)");
        Set<Class<?>> seen = new HashSet<>();
        for (Map.Entry<String, int[]> e : samples().entrySet()) {
            BoundStatement b = ((Planned) s.prepare(e.getKey()).currentPlan()).bound();
            seen.add(b.getClass());
            if (b instanceof BoundStatement.Explain x) seen.add(x.inner().getClass());
            assertThat(StatementRunner.isWrite(b)).as(e.getKey()).isEqualTo(e.getValue()[0] == 1);
            assertThat(b.plans()).as(e.getKey()).hasSize(e.getValue()[1]);
            assertThat(b.mapPlans(p -> p, x -> x)).as(e.getKey()).isEqualTo(b);
        }
        Set<Class<?>> kinds = new HashSet<>(Arrays.asList(BoundStatement.class.getPermittedSubclasses()));
        kinds.removeIf(Class::isInterface);
        assertThat(seen).as("one sample per kind of bound statement").containsAll(kinds);
    }

    @Test
    void errorsAboutOneOfSeveralNamesPointAtThatName() {
        s.execute("CREATE TABLE t (a INT)");
        assertThat(spanOf("DROP TABLE t, missing")).isEqualTo("1:15");
        assertThat(spanOf("DROP VIEW t")).isEqualTo("1:11");
        s.execute("CREATE INDEX i ON t(a)");
        assertThat(spanOf("CREATE INDEX i ON t(a)")).isEqualTo("1:14");
        assertThat(spanOf("CREATE INDEX j ON missing(a)")).isEqualTo("1:19");
        assertThat(spanOf("DROP INDEX nope")).isEqualTo("1:12");
        assertThat(spanOf("ALTER TABLE missing ADD COLUMN b INT")).isEqualTo("1:13");
        assertThat(spanOf("ALTER TABLE t ADD COLUMN a INT")).isEqualTo("1:1");
    }

    private String spanOf(String sql) {
        Span[] span = {null};
        assertThatThrownBy(() -> s.execute(sql)).isInstanceOfSatisfying(NablaException.class, e -> span[0] = e.span());
        return span[0].toString();
    }
}
