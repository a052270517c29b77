package dev.nabla.plan;

import org.junit.jupiter.api.Test;

class ScratchTest {
    @Test void show() {
        String[] qs = {
            "SELECT a, b + 1 AS c FROM t WHERE a > 0",
            "SELECT * FROM t JOIN u USING (a)",
            "SELECT t.a, count(*), sum(b) FROM t GROUP BY 1 HAVING sum(b) > 2 ORDER BY 2 DESC",
            "SELECT a FROM t ORDER BY b",
            "SELECT 7/2, 7.0/2, 1 + 2.5, 'a' || 1, DATE '2020-01-01', d > '2020-01-01' FROM t",
            "SELECT a, row_number() OVER (PARTITION BY c ORDER BY b) FROM t",
            "SELECT sum(sum(b)) OVER () FROM t GROUP BY a",
            "SELECT a FROM t WHERE a IN (SELECT a FROM u WHERE u.x > t.b)",
            "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 10) SELECT * FROM r",
            "WITH w AS (SELECT a, b * 2 AS bb FROM t) SELECT * FROM w x, w y WHERE x.a = y.a",
            "SELECT grad(sum(w * x), w) FROM pts",
            "SELECT g, grad(w * x, w) FROM pts GROUP BY g, w, x",
            "SELECT * FROM v1",
            "SELECT p, grad(q, p) FROM v2",
            "SELECT a FROM t UNION SELECT x FROM u ORDER BY 1 LIMIT 3",
            "VALUES (1, 'a'), (2.5, NULL)",
            "SELECT * FROM generate_series(1, 10) g(n)",
            "SELECT a, ? FROM t WHERE b = ? LIMIT ?",
            "SELECT log(2), ln(2), max(1, 2), min(a) FROM t",
        };
        for (String q : qs) {
            System.out.println("-- " + q);
            try {
                System.out.print(PlanTesting.explain(q));
                System.out.print("== optimized\n" + PlanTesting.explainOptimized(q));
            } catch (dev.nabla.common.NablaException e) {
                System.out.println("ERROR " + e.getMessage());
            }
        }
    }
}
