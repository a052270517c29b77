package dev.nabla.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.common.NablaException;
import dev.nabla.parser.Parser;
import dev.nabla.parser.ast.Statement;
import dev.nabla.plan.bind.Binder;
import dev.nabla.plan.bound.BoundStatement;
import dev.nabla.plan.logical.Column;
import dev.nabla.plan.logical.LogicalPlan;
import dev.nabla.plan.optimize.Optimizer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random statements from a small grammar over {@link TestCatalog}: binding and optimizing may reject
 * them only with a NablaException, and optimizing never changes a query's output columns.
 */
class PlannerFuzzTest {
    private static final String[][] TABLES = {
        {"t", "a", "b", "c", "d"},
        {"u", "a", "x", "y"},
        {"pts", "x", "y", "w", "g"},
        {"r1", "k1", "v1"},
        {"r2", "k2", "v2"},
        {"v1", "a", "b2"}
    };
    private final Random rnd = new Random(42);

    @Test
    void bindAndOptimizeThrowOnlyNablaExceptions() {
        int ok = 0, rejected = 0;
        for (int i = 0; i < 2500; i++) {
            String sql = statement();
            Statement st;
            try {
                st = Parser.parseStatement(sql);
            } catch (NablaException e) {
                continue;
            }
            try {
                BoundStatement b = Binder.bind(st, PlanTesting.CATALOG, new FakeExpander());
                BoundStatement o = Optimizer.standard().optimize(b);
                if (b instanceof BoundStatement.Query q) {
                    LogicalPlan after = ((BoundStatement.Query) o).plan();
                    assertThat(after.output().stream().map(Column::id).toList())
                            .as(sql)
                            .isEqualTo(
                                    q.plan().output().stream().map(Column::id).toList());
                    PlanPrinter.explain(after);
                }
                ok++;
            } catch (NablaException e) {
                rejected++;
                if (System.getProperty("fuzz.verbose") != null)
                    System.out.println("REJECT " + e.getMessage() + " <- " + sql);
            } catch (RuntimeException | StackOverflowError e) {
                throw new AssertionError("unexpected " + e + " for: " + sql, e);
            }
        }
        assertThat(ok).as("statements that bind").isGreaterThan(500);
        assertThat(ok + rejected).isGreaterThanOrEqualTo(2000);
    }

    private <T> T pick(T[] a) {
        return a[rnd.nextInt(a.length)];
    }

    private String statement() {
        return switch (rnd.nextInt(10)) {
            case 0 ->
                "INSERT INTO u SELECT " + expr(new String[] {"a"}, 1) + ", " + expr(new String[] {"b"}, 1)
                        + ", 1.5 FROM t";
            case 1 ->
                "UPDATE t SET b = " + expr(new String[] {"a", "b"}, 2) + " WHERE "
                        + expr(new String[] {"a", "b", "c"}, 2);
            case 2 -> "DELETE FROM u WHERE " + expr(new String[] {"a", "x", "y"}, 2);
            default -> query(2);
        };
    }

    private String query(int depth) {
        StringBuilder sb = new StringBuilder();
        if (depth > 0 && rnd.nextInt(6) == 0)
            sb.append("WITH w AS (").append(select(depth - 1)).append(") ");
        sb.append(select(depth));
        if (depth > 0 && rnd.nextInt(6) == 0)
            sb.append(pick(new String[] {" UNION ", " UNION ALL ", " EXCEPT ", " INTERSECT "}))
                    .append(select(depth - 1));
        if (rnd.nextInt(3) == 0)
            sb.append(" ORDER BY ").append(rnd.nextInt(3) + 1).append(rnd.nextBoolean() ? " DESC" : "");
        if (rnd.nextInt(4) == 0) sb.append(" LIMIT ").append(rnd.nextInt(5));
        return sb.toString();
    }

    private String select(int depth) {
        String[] t1 = pick(TABLES), t2 = pick(TABLES);
        boolean join = rnd.nextInt(3) == 0;
        String from = t1[0] + " AS p";
        String[] cols;
        if (join) {
            String kind = pick(new String[] {", ", " JOIN ", " LEFT JOIN ", " CROSS JOIN "});
            from += kind + t2[0] + " AS q"
                    + (kind.contains("JOIN") && !kind.contains("CROSS") ? " ON p." + t1[1] + " = q." + t2[1] : "");
            cols = new String[t1.length - 1 + t2.length - 1];
            for (int i = 1; i < t1.length; i++) cols[i - 1] = "p." + t1[i];
            for (int i = 1; i < t2.length; i++) cols[t1.length - 2 + i] = "q." + t2[i];
        } else {
            cols = java.util.Arrays.copyOfRange(t1, 1, t1.length);
        }
        if (depth > 0 && rnd.nextInt(5) == 0) {
            from = "(" + select(depth - 1) + ") AS s";
            cols = new String[] {"s.c1", "s.c2", "s.c3"};
        }
        boolean group = rnd.nextInt(4) == 0;
        StringBuilder sb = new StringBuilder("SELECT ");
        if (rnd.nextInt(8) == 0) sb.append("DISTINCT ");
        int n = 3;
        for (int i = 0; i < n; i++) {
            if (i > 0) sb.append(", ");
            String e = group && i > 0
                    ? pick(new String[] {"sum(", "count(", "avg(", "min(", "max("}) + expr(cols, 1) + ")"
                    : group ? cols[0] : item(cols, depth);
            sb.append(e).append(" AS c").append(i + 1);
        }
        sb.append(" FROM ").append(from);
        if (rnd.nextBoolean()) sb.append(" WHERE ").append(predicate(cols, depth));
        if (group) {
            sb.append(" GROUP BY ").append(cols[0]);
            if (rnd.nextBoolean()) sb.append(" HAVING count(*) > ").append(rnd.nextInt(3));
        }
        return sb.toString();
    }

    private String item(String[] cols, int depth) {
        return switch (rnd.nextInt(8)) {
            case 0 -> "row_number() OVER (ORDER BY " + pick(cols) + ")";
            case 1 -> "sum(" + pick(cols) + ") OVER (PARTITION BY " + pick(cols) + ")";
            case 2 -> depth > 0 ? "(SELECT max(x) FROM u WHERE u.a = " + pick(cols) + ")" : pick(cols);
            case 3 -> "grad(" + expr(cols, 2) + ", " + pick(cols) + ")";
            case 4 -> "CASE WHEN " + predicate(cols, 0) + " THEN " + expr(cols, 1) + " ELSE " + expr(cols, 1) + " END";
            default -> expr(cols, 2);
        };
    }

    private String predicate(String[] cols, int depth) {
        return switch (rnd.nextInt(7)) {
            case 0 -> expr(cols, 1) + " IN (1, 2, 3)";
            case 1 -> depth > 0 ? "EXISTS (SELECT 1 FROM u WHERE u.a = " + pick(cols) + ")" : pick(cols) + " IS NULL";
            case 2 -> depth > 0 ? pick(cols) + " IN (SELECT k1 FROM r1)" : pick(cols) + " IS NOT NULL";
            case 3 -> predicate(cols, 0) + pick(new String[] {" AND ", " OR "}) + predicate(cols, 0);
            case 4 -> pick(cols) + " BETWEEN 1 AND 10";
            default -> expr(cols, 2) + pick(new String[] {" = ", " < ", " >= ", " <> "}) + expr(cols, 1);
        };
    }

    private String expr(String[] cols, int depth) {
        if (depth == 0 || rnd.nextInt(3) == 0) {
            return switch (rnd.nextInt(6)) {
                case 0 -> Integer.toString(rnd.nextInt(10));
                case 1 -> rnd.nextInt(10) + ".5";
                case 2 -> "'s" + rnd.nextInt(3) + "'";
                case 3 -> "NULL";
                default -> pick(cols);
            };
        }
        return switch (rnd.nextInt(7)) {
            case 0 -> "-" + expr(cols, depth - 1);
            case 1 ->
                pick(new String[] {"abs", "sqrt", "ln", "exp", "sigmoid", "round", "lower", "length"}) + "("
                        + expr(cols, depth - 1) + ")";
            case 2 -> "coalesce(" + expr(cols, depth - 1) + ", " + expr(cols, depth - 1) + ")";
            case 3 ->
                "CAST(" + expr(cols, depth - 1) + " AS " + pick(new String[] {"INTEGER", "DOUBLE", "VARCHAR"}) + ")";
            default ->
                "(" + expr(cols, depth - 1) + pick(new String[] {" + ", " - ", " * ", " / ", " % ", " || "})
                        + expr(cols, depth - 1) + ")";
        };
    }

    @Test
    void handWrittenEdgeCasesOnlyThrowNablaExceptions() {
        List<String> sqls = List.of(
                "SELECT",
                "SELECT * FROM t, t",
                "SELECT t.* FROM t JOIN t USING (a)",
                "SELECT 1 FROM t GROUP BY 2",
                "SELECT a FROM t GROUP BY b",
                "SELECT sum(a) OVER w FROM t",
                "SELECT * FROM (VALUES (1), ('a'))",
                "WITH RECURSIVE r AS (SELECT 1 UNION ALL SELECT * FROM r, r) SELECT * FROM r",
                "SELECT grad(a, c) FROM t",
                "SELECT a FROM t LIMIT 'x'",
                "SELECT a FROM t LIMIT -1",
                "INSERT INTO t VALUES (1)",
                "SELECT * FROM generate_series(1)",
                "SELECT count(*) FILTER (WHERE a) FROM t",
                "SELECT ? IN (SELECT ?)",
                "SELECT (SELECT 1, 2)",
                "SELECT x FROM t AS q(x, y, z, w, v)");
        for (String sql : sqls) {
            try {
                Statement st = Parser.parseStatement(sql);
                Optimizer.standard().optimize(Binder.bind(st, PlanTesting.CATALOG, new FakeExpander()));
            } catch (NablaException e) {
                // fine
            } catch (RuntimeException e) {
                throw new AssertionError("unexpected " + e + " for: " + sql, e);
            }
        }
    }
}
