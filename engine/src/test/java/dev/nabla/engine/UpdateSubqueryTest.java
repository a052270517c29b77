package dev.nabla.engine;

import static dev.nabla.engine.DdlDmlTest.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.plan.bound.BoundStatement;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.SubqueryExpr;
import dev.nabla.plan.logical.Column;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** UPDATE/DELETE whose SET or WHERE holds subqueries with many columns and joins (their column ids run past the rows plan's). */
class UpdateSubqueryTest {
    private final Database db = Nabla.open();
    private final Session s = db.connect();

    @BeforeEach
    void tables() {
        s.executeScript("""
                CREATE TABLE t(id INT, a INT, b INT, c VARCHAR);
                INSERT INTO t VALUES (1, 0, 0, 'x'), (2, 0, 0, 'y'), (3, 0, 0, 'z');
                CREATE TABLE u(k INT, v INT, w INT, p INT, q INT);
                INSERT INTO u VALUES (1, 10, 100, 1, 1), (1, 11, 101, 2, 2), (2, 20, 200, 3, 3);
                CREATE TABLE x(k INT, z INT, y INT, r INT);
                INSERT INTO x VALUES (1, 5, 0, 0), (2, 6, 0, 0), (3, 7, 0, 0);
                """);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void correlatedAndUncorrelatedScalarSubqueriesInSet() {
        var r = s.execute("""
                UPDATE t SET
                  a = (SELECT sum(u.v + x.z) FROM u JOIN x ON u.k = x.k WHERE u.k = t.id),
                  b = (SELECT max(u.w + x.y + u.p + u.q) FROM u, x WHERE u.k = x.k AND x.r = 0),
                  c = (SELECT min(x2.z || '-' || t.c) FROM x AS x2 JOIN u ON u.k = x2.k WHERE x2.k >= t.id)
                WHERE id IN (SELECT k FROM u JOIN x USING (k))""");
        assertThat(r.updateCount()).isEqualTo(2);
        assertThat(rows(s.execute("SELECT id, a, b, c FROM t ORDER BY id")))
                .containsExactly(
                        List.of(1L, 31L, 206L, "5-x"), List.of(2L, 26L, 206L, "6-y"), List.of(3L, 0L, 0L, "z"));
    }

    @Test
    void subqueryWithManyOutputColumnsInUpdateAndDelete() {
        s.execute("""
                UPDATE t SET a = (SELECT count(*) FROM (SELECT u.k, u.v, u.w, u.p, u.q, x.z, x.y, x.r
                                                       FROM u JOIN x ON u.k = x.k) j WHERE j.k = t.id)""");
        assertThat(rows(s.execute("SELECT a FROM t ORDER BY id")))
                .containsExactly(List.of(2L), List.of(1L), List.of(0L));
        var d = s.execute("""
                DELETE FROM t WHERE a <= (SELECT max(cnt) FROM (SELECT u.k, u.v, u.w, x.z, count(*) AS cnt
                                                            FROM u JOIN x ON u.k = x.k GROUP BY 1, 2, 3, 4) g)""");
        assertThat(d.updateCount()).isEqualTo(2);
    }

    /** The UPDATE's (rowid, new values) projection must not reuse an id that a SET subquery already uses. */
    @Test
    void setProjectionIdsAreFreshPastSubqueryIds() {
        PreparedQuery p = s.prepare("""
                UPDATE t SET a = (SELECT sum(j.v) FROM (SELECT u.k, u.v, u.w, u.p, u.q, x.z, x.y, x.r
                                                       FROM u JOIN x ON u.k = x.k) j WHERE j.k = t.id)""");
        var update = (BoundStatement.Update) ((Planned) p.currentPlan()).bound();
        int subqueryMax = 0;
        for (Expr v : update.values()) subqueryMax = Math.max(subqueryMax, maxSubqueryId(v));
        assertThat(subqueryMax).isPositive();
        for (Column c : update.rows().output()) assertThat(c.id()).isGreaterThan(subqueryMax);
        p.execute();
        assertThat(rows(s.execute("SELECT a FROM t ORDER BY id")))
                .containsExactly(List.of(21L), List.of(20L), Collections.singletonList(null));
    }

    private static int maxSubqueryId(Expr e) {
        int max = e instanceof SubqueryExpr sq
                ? dev.nabla.plan.logical.PlanExprs.maxColumnId(sq.plan(), java.util.List.of())
                : 0;
        for (Expr c : e.children()) max = Math.max(max, maxSubqueryId(c));
        return max;
    }
}
