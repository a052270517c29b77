package dev.nabla.engine;

import static dev.nabla.engine.DdlDmlTest.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.common.NablaException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** UPDATE ... FROM update counts and RETURNING results through the embedded API (prepared, re-executed, explained). */
class UpdateFromReturningTest {
    private final Database db = Nabla.open();
    private final Session s = db.connect();

    @BeforeEach
    void tables() {
        s.executeScript("""
                CREATE TABLE t(id INTEGER PRIMARY KEY, v DOUBLE, tag VARCHAR);
                INSERT INTO t VALUES (1, 1.0, 'a'), (2, 2.0, 'b'), (3, 3.0, 'c');
                CREATE TABLE m(id INTEGER, w DOUBLE);
                INSERT INTO m VALUES (1, 10.0), (1, 20.0), (2, 30.0), (2, 40.0), (2, 50.0);
                """);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void updateFromCountsTargetRowsOnceAndTakesTheFirstMatch() {
        Result r = s.execute("UPDATE t SET v = w FROM m WHERE t.id = m.id");
        assertThat(r.kind()).isEqualTo(Result.Kind.COUNT);
        assertThat(r.updateCount()).isEqualTo(2);
        assertThat(rows(s.execute("SELECT id, v FROM t ORDER BY id")))
                .containsExactly(List.of(1L, 10.0), List.of(2L, 30.0), List.of(3L, 3.0));
        // the same statement again, on a fresh plan and many times: the same rows win
        for (int i = 0; i < 5; i++) {
            s.execute("UPDATE t SET v = w + v FROM m WHERE t.id = m.id");
        }
        assertThat(rows(s.execute("SELECT v FROM t ORDER BY id")))
                .containsExactly(List.of(60.0), List.of(180.0), List.of(3.0));
    }

    @Test
    void preparedUpdateFromWithParametersAndReturning() {
        PreparedQuery q =
                s.prepare("UPDATE t SET v = v + w * ? FROM m WHERE t.id = m.id AND m.w > ? RETURNING t.id, v");
        Result first = q.execute(1.0, 25.0);
        assertThat(first.kind()).isEqualTo(Result.Kind.ROWS);
        assertThat(first.columnNames()).containsExactly("id", "v");
        assertThat(rows(first)).containsExactly(List.of(2L, 32.0));
        Result second = q.execute(2.0, 5.0);
        assertThat(rows(second)).containsExactlyInAnyOrder(List.of(1L, 21.0), List.of(2L, 92.0));
    }

    @Test
    void returningAVolatileValueReturnsWhatWasStored() {
        List<List<Object>> returned = rows(s.execute("UPDATE t SET v = random() RETURNING id, v"));
        assertThat(returned).hasSize(3);
        List<List<Object>> stored = rows(s.execute("SELECT id, v FROM t"));
        assertThat(returned).containsExactlyInAnyOrderElementsOf(stored);
        List<List<Object>> inserted = rows(s.execute("INSERT INTO t(id, v) VALUES (4, random()) RETURNING v"));
        assertThat(rows(s.execute("SELECT v FROM t WHERE id = 4"))).isEqualTo(inserted);
    }

    @Test
    void failingReturningStatementsChangeNothing() {
        assertThatThrownBy(() -> s.execute("DELETE FROM t RETURNING CAST(tag AS INTEGER)"))
                .isInstanceOf(NablaException.class);
        assertThatThrownBy(
                        () -> s.execute("UPDATE t SET v = 0 FROM m WHERE t.id = m.id RETURNING CAST(tag AS INTEGER)"))
                .isInstanceOf(NablaException.class);
        assertThat(rows(s.execute("SELECT id, v FROM t ORDER BY id")))
                .containsExactly(List.of(1L, 1.0), List.of(2L, 2.0), List.of(3L, 3.0));
    }

    @Test
    void explainAnalyzeRunsTheStatement() {
        Result r = s.execute("EXPLAIN ANALYZE DELETE FROM t WHERE id = 3 RETURNING *");
        assertThat(rows(r).getLast().getFirst().toString()).startsWith("rows: 1");
        assertThat(rows(s.execute("SELECT count(*) FROM t"))).containsExactly(List.of(2L));
        String plan = rows(s.execute("EXPLAIN UPDATE t SET v = w FROM m WHERE t.id = m.id"))
                .toString();
        assertThat(plan).contains("Join").contains("Window");
    }
}
