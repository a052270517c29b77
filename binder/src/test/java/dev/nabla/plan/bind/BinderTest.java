package dev.nabla.plan.bind;

import static dev.nabla.plan.PlanTesting.bind;
import static dev.nabla.plan.PlanTesting.bindError;
import static dev.nabla.plan.PlanTesting.explain;
import static dev.nabla.plan.PlanTesting.plan;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.parser.Parser;
import dev.nabla.plan.PlanTesting;
import dev.nabla.plan.bound.BoundStatement;
import dev.nabla.plan.logical.Column;
import dev.nabla.plan.logical.LogicalPlan;
import dev.nabla.storage.DataType;
import java.util.List;
import org.junit.jupiter.api.Test;

class BinderTest {
    private static List<DataType> types(String sql) {
        return plan(sql).output().stream().map(Column::type).toList();
    }

    private static List<String> names(String sql) {
        return ((BoundStatement.Query) bind(sql)).columnNames();
    }

    // ------------------------------------------------------------ names

    @Test
    void resolvesQualifiedAndAliasedNames() {
        assertThat(names("SELECT t.a, x.b, main.t.c FROM t, t AS x")).containsExactly("a", "b", "c");
        assertThat(names("SELECT p, q FROM t AS z(p, q)")).containsExactly("p", "q");
        assertThat(names("SELECT * FROM t")).containsExactly("a", "b", "c", "d");
        assertThat(names("SELECT u.*, t.a FROM t, u")).containsExactly("a", "x", "y", "a");
    }

    @Test
    void usingAndNaturalJoinsMergeColumns() {
        assertThat(names("SELECT * FROM t JOIN u USING (a)")).containsExactly("a", "b", "c", "d", "x", "y");
        assertThat(names("SELECT * FROM t NATURAL JOIN u")).containsExactly("a", "b", "c", "d", "x", "y");
        assertThat(names("SELECT a, t.a, u.a FROM t JOIN u USING (a)")).containsExactly("a", "a", "a");
        assertThat(explain("SELECT a FROM t FULL JOIN u USING (a)")).contains("coalesce(a, a) AS a");
    }

    @Test
    void updateFromJoinsAndKeepsOneRowPerTarget() {
        var u = (BoundStatement.Update) bind("UPDATE t SET b = u.x + t.b FROM u WHERE t.a = u.a RETURNING t.a, b, y");
        String plan = dev.nabla.plan.PlanPrinter.explain(u.rows());
        assertThat(plan).contains("Window").contains("row_number").contains("Join");
        assertThat(u.targetColumns()).containsExactly(1);
        assertThat(u.returning().names()).containsExactly("a", "b", "y");
        assertThat(u.returning().row()).hasSize(4);
        NablaException dup = bindError("UPDATE t SET b = 1 FROM u, t");
        assertThat(dup.getMessage()).isEqualTo("table name \"t\" specified more than once");
        assertThat(dup.span().startCol()).isEqualTo(28);
        assertThat(bindError("UPDATE t SET b = a FROM u").code()).isEqualTo(ErrorCode.AMBIGUOUS_COLUMN);
        // a self-join under another name is fine
        assertThat(bind("UPDATE t SET b = o.b FROM t AS o WHERE o.a = t.a + 1"))
                .isInstanceOf(BoundStatement.Update.class);
    }

    @Test
    void returningExpandsStars() {
        var i = (BoundStatement.Insert) bind("INSERT INTO u VALUES (1, 2, 3) RETURNING *, x * 2 AS twice");
        assertThat(i.returning().names()).containsExactly("a", "x", "y", "twice");
        assertThat(i.returning().types())
                .containsExactly(DataType.INTEGER, DataType.DOUBLE, DataType.DOUBLE, DataType.DOUBLE);
        var d = (BoundStatement.Delete) bind("DELETE FROM u WHERE a = 1 RETURNING u.*");
        assertThat(d.returning().names()).containsExactly("a", "x", "y");
        assertThat(((BoundStatement.Delete) bind("DELETE FROM u")).returning()).isNull();
        assertThat(bindError("DELETE FROM u RETURNING count(*)").getMessage()).contains("not allowed in RETURNING");
    }

    @Test
    void distinctOnMustLeadOrderBy() {
        assertThat(explain("SELECT DISTINCT ON (a) a, b FROM t ORDER BY a, b DESC"))
                .contains("row_number");
        assertThat(names("SELECT DISTINCT ON (c) a, b FROM t ORDER BY c, a")).containsExactly("a", "b");
        NablaException e = bindError("SELECT DISTINCT ON (a, b) c FROM t ORDER BY a, c, b");
        assertThat(e.getMessage()).isEqualTo("SELECT DISTINCT ON expressions must match initial ORDER BY expressions");
        assertThat(e.span().startCol()).isEqualTo(24);
        // the keys may come in any order among the leading ORDER BY keys, and ORDER BY may stop early
        assertThat(names("SELECT DISTINCT ON (a, b) c FROM t ORDER BY b, a, c")).containsExactly("c");
        assertThat(names("SELECT DISTINCT ON (a, b) c FROM t ORDER BY b")).containsExactly("c");
    }

    @Test
    void ambiguousColumn() {
        NablaException e = bindError("SELECT a FROM t, u");
        assertThat(e.code()).isEqualTo(ErrorCode.AMBIGUOUS_COLUMN);
        assertThat(e.getMessage()).isEqualTo("column \"a\" is ambiguous");
        assertThat(e.span().startCol()).isEqualTo(8);
    }

    @Test
    void unknownColumnWithSuggestionAndSpan() {
        NablaException e = bindError("SELECT aa FROM t");
        assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_COLUMN);
        assertThat(e.getMessage()).isEqualTo("unknown column \"aa\" — did you mean \"a\"?");
        assertThat(e.span().startCol()).isEqualTo(8);
        assertThat(bindError("SELECT zzzzz FROM t").getMessage()).isEqualTo("unknown column \"zzzzz\"");
        assertThat(bindError("SELECT tt.a FROM t").getMessage())
                .isEqualTo("unknown table \"tt\" — did you mean \"t\"?");
    }

    @Test
    void unknownTable() {
        NablaException e = bindError("SELECT * FROM nope");
        assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_TABLE);
        assertThat(e.getMessage()).isEqualTo("unknown table \"nope\"");
        assertThat(e.span().startCol()).isEqualTo(15);
    }

    // ------------------------------------------------------------ types

    @Test
    void numericPromotion() {
        assertThat(types("SELECT a + 1, a + b, a / 2, a % 2, b * 2, -a, 1e300 FROM t"))
                .containsExactly(
                        DataType.INTEGER,
                        DataType.DOUBLE,
                        DataType.INTEGER,
                        DataType.INTEGER,
                        DataType.DOUBLE,
                        DataType.INTEGER,
                        DataType.DOUBLE);
        assertThat(explain("SELECT a + b FROM t")).contains("(CAST(a AS DOUBLE) + b)");
        assertThat(types("SELECT 9223372036854775807, 99999999999999999999"))
                .containsExactly(DataType.BIGINT, DataType.DOUBLE);
        assertThat(types("SELECT c || a, a = 1.5, d = '2020-01-01', DATE '2020-01-02', TIMESTAMP '2020-01-01 10:00:00'"
                        + " FROM t"))
                .containsExactly(
                        DataType.VARCHAR, DataType.BOOLEAN, DataType.BOOLEAN, DataType.DATE, DataType.TIMESTAMP);
        assertThat(explain("SELECT d FROM t WHERE d > '2020-01-01'")).contains("(d > DATE '2020-01-01')");
    }

    @Test
    void nullAndCaseTyping() {
        assertThat(types("SELECT NULL, CASE WHEN a > 0 THEN 1 ELSE 2.5 END, coalesce(a, b), CAST(a AS VARCHAR) FROM t"))
                .containsExactly(DataType.NULL, DataType.DOUBLE, DataType.DOUBLE, DataType.VARCHAR);
        NablaException e = bindError("SELECT CASE WHEN a > 0 THEN 1 ELSE d END FROM t");
        assertThat(e.code()).isEqualTo(ErrorCode.TYPE_MISMATCH);
        assertThat(bindError("SELECT a + c FROM t").getMessage())
                .isEqualTo("operator + cannot be applied to INTEGER and VARCHAR");
        assertThat(bindError("SELECT CAST(a AS blob2) FROM t").getMessage()).isEqualTo("unknown type \"BLOB2\"");
    }

    @Test
    void unaryMinusOnLiteralsIsFolded() {
        assertThat(explain("SELECT -(5), - 2.5")).contains("-5 AS").contains("-2.5 AS");
    }

    @Test
    void parametersAreTypedFromContext() {
        Binder b = new Binder(PlanTesting.CATALOG, null);
        b.bind(Parser.parseStatement("SELECT a FROM t WHERE a = ? AND b > ? AND c LIKE ? LIMIT ?"));
        assertThat(b.parameterTypes())
                .containsExactly(DataType.INTEGER, DataType.DOUBLE, DataType.VARCHAR, DataType.BIGINT);
        b = new Binder(PlanTesting.CATALOG, null);
        b.bind(Parser.parseStatement("INSERT INTO t (d, b) VALUES (?, ?)"));
        assertThat(b.parameterTypes()).containsExactly(DataType.DATE, DataType.DOUBLE);
        b = new Binder(PlanTesting.CATALOG, null);
        BoundStatement.Query vq = (BoundStatement.Query) b.bind(Parser.parseStatement("VALUES (?, 1)"));
        assertThat(vq.plan().output()).extracting(Column::type).containsExactly(DataType.VARCHAR, DataType.INTEGER);
        b = new Binder(PlanTesting.CATALOG, null);
        b.bind(Parser.parseStatement("SELECT ? + ?, ?"));
        assertThat(b.parameterTypes()).containsExactly(DataType.DOUBLE, DataType.DOUBLE, DataType.VARCHAR);
    }

    // ------------------------------------------------------------ functions

    @Test
    void functionResolution() {
        assertThat(explain("SELECT log(b), ln(b), max(a, 3), min(a, 2, 1), sigmoid(a), abs(a), round(b) FROM t"))
                .contains(
                        "log10(b)",
                        "ln(b)",
                        "greatest(a, 3)",
                        "least(a, 2, 1)",
                        "sigmoid(CAST(a AS DOUBLE))",
                        "abs(a)",
                        "round(b)");
        assertThat(types("SELECT abs(a), sign(a), round(a), floor(b), sqrt(a), relu(b), softplus(b) FROM t"))
                .containsExactly(
                        DataType.INTEGER,
                        DataType.INTEGER,
                        DataType.INTEGER,
                        DataType.DOUBLE,
                        DataType.DOUBLE,
                        DataType.DOUBLE,
                        DataType.DOUBLE);
        NablaException e = bindError("SELECT foo(2)");
        assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_FUNCTION);
        assertThat(e.getMessage()).isEqualTo("unknown function foo(2)");
        assertThat(e.span().startCol()).isEqualTo(8);
        assertThat(bindError("SELECT power(2)").getMessage()).isEqualTo("function power expects 2 arguments, got 1");
        assertThat(bindError("SELECT sqrtt(2)").getMessage())
                .isEqualTo("unknown function sqrtt(2) — did you mean \"sqrt\"?");
    }

    // ------------------------------------------------------------ aggregates and grouping

    @Test
    void groupingForms() {
        assertThat(explain("SELECT c, sum(b) FROM t GROUP BY 1")).contains("Aggregate keys=[c] aggs=[sum(b)]");
        assertThat(explain("SELECT a + 1 AS k, count(*) FROM t GROUP BY k"))
                .contains("Aggregate keys=[(a + 1)] aggs=[count(*)]");
        assertThat(explain("SELECT a + 1, count(DISTINCT b) FILTER (WHERE b > 0) FROM t GROUP BY a + 1"))
                .contains("aggs=[count(DISTINCT b) FILTER (WHERE (b > 0.0))]");
        assertThat(explain("SELECT sum(b) / count(*) FROM t")).contains("Aggregate keys=[] aggs=[sum(b), count(*)]");
        assertThat(explain("SELECT c FROM t GROUP BY c HAVING avg(b) > 1")).contains("Filter (\"avg(b)\" > 1.0)");
    }

    @Test
    void selectAliasesAsFallbackInWhereHavingOrderBy() {
        assertThat(explain("SELECT c, count(*) AS n FROM t GROUP BY c HAVING n > 1 ORDER BY n + 1"))
                .contains("Filter (\"count(*)\" > 1)")
                .contains("(\"count(*)\" + 1) AS \"#order0\"");
        assertThat(explain("SELECT a * 2 AS dbl FROM t WHERE dbl > 4")).contains("Filter ((a * 2) > 4)");
        // a real column wins over an alias
        assertThat(explain("SELECT b AS a FROM t WHERE a > 1")).contains("Filter (a > 1)");
        assertThat(bindError("SELECT x AS x FROM t").getMessage()).startsWith("unknown column \"x\"");
    }

    @Test
    void nonGroupedColumnIsAnError() {
        NablaException e = bindError("SELECT a, sum(b) FROM t GROUP BY c");
        assertThat(e.getMessage())
                .isEqualTo("column \"a\" must appear in the GROUP BY clause or be used in an aggregate function");
        assertThat(e.span().startCol()).isEqualTo(8);
        assertThat(bindError("SELECT a FROM t WHERE sum(b) > 0").getMessage())
                .isEqualTo("aggregate functions are not allowed in WHERE");
        assertThat(bindError("SELECT sum(sum(b)) FROM t").getMessage())
                .isEqualTo("aggregate function calls cannot be nested");
    }

    // ------------------------------------------------------------ ORDER BY / DISTINCT / LIMIT

    @Test
    void orderByForms() {
        assertThat(explain("SELECT a AS z FROM t ORDER BY z DESC")).isEqualTo("""
                Sort [z DESC]
                  Project [a AS z]
                    Scan t [a, b, c, d]
                """);
        assertThat(explain("SELECT a FROM t ORDER BY b NULLS LAST, 1")).isEqualTo("""
                Project [a]
                  Sort ["#order0" NULLS LAST, a]
                    Project [a, b AS "#order0"]
                      Scan t [a, b, c, d]
                """);
        assertThat(explain("SELECT c FROM t GROUP BY c ORDER BY count(*) DESC LIMIT 2 OFFSET 1"))
                .isEqualTo("""
                Project [c]
                  Limit 2 offset=1
                    Sort ["#order0" DESC]
                      Project [c, "count(*)" AS "#order0"]
                        Aggregate keys=[c] aggs=[count(*)]
                          Scan t [a, b, c, d]
                """);
        assertThat(bindError("SELECT DISTINCT a FROM t ORDER BY b").getMessage())
                .isEqualTo("for SELECT DISTINCT, ORDER BY expressions must appear in select list");
        assertThat(bindError("SELECT a FROM t ORDER BY 3").getMessage())
                .isEqualTo("ORDER BY position 3 is not in select list");
    }

    // ------------------------------------------------------------ windows

    @Test
    void windows() {
        assertThat(explain("SELECT a, sum(b) OVER w, rank() OVER (w ORDER BY b) FROM t WINDOW w AS (PARTITION BY c)"))
                .contains("Window [sum(b) OVER (PARTITION BY c), rank() OVER (PARTITION BY c ORDER BY b)]");
        assertThat(
                        explain(
                                "SELECT c, sum(sum(b)) OVER (ORDER BY c ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) FROM t GROUP BY c"))
                .contains("Window [sum(\"sum(b)\") OVER (ORDER BY c)]\n    Aggregate keys=[c] aggs=[sum(b)]");
        assertThat(bindError("SELECT a FROM t WHERE row_number() OVER () > 1").getMessage())
                .isEqualTo("window functions are not allowed in WHERE");
    }

    // ------------------------------------------------------------ set operations, VALUES

    @Test
    void setOperationsUnifyTypes() {
        assertThat(types("SELECT a FROM t UNION ALL SELECT b FROM t")).containsExactly(DataType.DOUBLE);
        assertThat(types("VALUES (1, 'x'), (2.5, NULL)")).containsExactly(DataType.DOUBLE, DataType.VARCHAR);
        assertThat(bindError("SELECT a FROM t UNION SELECT a, b FROM t").getMessage())
                .contains("same number of columns");
        assertThat(explain("SELECT a FROM t EXCEPT SELECT a FROM u ORDER BY a DESC LIMIT 1"))
                .startsWith("Limit 1\n  Sort [a DESC]\n    SetOp EXCEPT");
    }

    // ------------------------------------------------------------ subqueries

    @Test
    void subqueriesAndCorrelation() {
        String p = explain(
                "SELECT a, (SELECT max(x) FROM u WHERE u.a = t.a) FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.y > t.b)");
        assertThat(p).contains("Subquery SCALAR correlated=[a]").contains("Subquery EXISTS correlated=[b]");
        assertThat(explain("SELECT a FROM t WHERE a NOT IN (SELECT x FROM u)"))
                .contains("Filter (NOT CAST(a AS DOUBLE) IN (<subquery>))");
        assertThat(bindError("SELECT (SELECT a, x FROM u) FROM t").code()).isEqualTo(ErrorCode.CARDINALITY);
        // nested correlation reaches through the middle level
        assertThat(
                        explain(
                                "SELECT a FROM t WHERE EXISTS (SELECT 1 FROM u WHERE EXISTS (SELECT 1 FROM pts WHERE pts.g = t.a))"))
                .contains("Subquery EXISTS correlated=[a]\n");
        assertThat(explain("SELECT * FROM t, LATERAL (SELECT x FROM u WHERE u.a = t.a) s"))
                .contains("Filter (a = a)");
        assertThat(explain("SELECT * FROM (SELECT a, b FROM t) AS s(p, q) WHERE p > 1"))
                .contains("Filter (p > 1)");
    }

    // ------------------------------------------------------------ CTEs and views

    @Test
    void ctesAreInlinedWithFreshIds() {
        LogicalPlan p = plan("WITH w AS (SELECT a FROM t) SELECT * FROM w x JOIN w y ON x.a = y.a");
        assertThat(p.output().get(0).id()).isNotEqualTo(p.output().get(1).id());
        assertThat(bindError("WITH w AS (SELECT a FROM t) SELECT b FROM w").getMessage())
                .isEqualTo("unknown column \"b\"");
    }

    @Test
    void recursiveCtes() {
        assertThat(explain(
                        "WITH RECURSIVE r(n) AS (SELECT 1 UNION SELECT n + 1.5 FROM r WHERE n < 10) SELECT n FROM r"))
                .isEqualTo("""
                RecursiveCte r UNION [n]
                  Project [CAST("1" AS DOUBLE) AS "1"]
                    Project [1 AS "1"]
                      SingleRow
                  Project [(n + 1.5) AS "n + 1.5"]
                    Filter (n < 10.0)
                      WorkingTableScan r [n]
                """.replace("RecursiveCte", "Project [n]\n  RecursiveCte")
                        .replace("\n  ", "\n    ")
                        .replaceFirst("\n    RecursiveCte", "\n  RecursiveCte"));
        assertThat(bindError(
                                "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT r.n + 1 FROM r, r AS r2) SELECT * FROM r")
                        .getMessage())
                .isEqualTo("recursive reference to \"r\" must appear exactly once in the recursive term");
        assertThat(bindError("WITH RECURSIVE r(n) AS (SELECT n FROM r UNION ALL SELECT 1) SELECT * FROM r")
                        .getMessage())
                .contains("must not appear in its non-recursive term");
        // a WITH RECURSIVE that does not recurse is an ordinary union
        assertThat(explain("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT 2) SELECT * FROM r"))
                .contains("SetOp UNION ALL");
    }

    @Test
    void viewsExpandWithFreshIds() {
        LogicalPlan p = plan("SELECT v.b2, w.b2 FROM v1 v, v1 w");
        assertThat(p.output().get(0).id()).isNotEqualTo(p.output().get(1).id());
        assertThat(names("SELECT * FROM v2")).containsExactly("p", "q");
    }

    // ------------------------------------------------------------ derivatives

    @Test
    void gradBindsAndExpands() {
        assertThat(explain("SELECT grad(w * x, w) FROM pts")).contains("((1.0 * x) + (w * 0.0))");
        assertThat(explain("SELECT grad(sum(w * x), w) FROM pts")).contains("sum(((1.0 * x) + (w * 0.0)))]");
        // through a CTE column definition
        assertThat(explain("WITH s AS (SELECT x, x * x AS sq FROM pts) SELECT grad(sq, x) FROM s"))
                .contains("((1.0 * x) + (x * 1.0))");
        NablaException e = bindError("SELECT grad(x, 2) FROM pts");
        assertThat(e.code()).isEqualTo(ErrorCode.GRAD);
        assertThat(e.getMessage()).isEqualTo("grad: second argument must be a column, got 2");
        assertThat(e.span().startCol()).isEqualTo(16);
        assertThat(bindError("SELECT grad(x) FROM pts").getMessage()).isEqualTo("grad expects 2 arguments");
        assertThat(explain("SELECT jvp(x * w, w, 2) FROM pts")).contains("* 2.0)");
    }

    @Test
    void gradContextKnowsGroupKeysAndReports() {
        boolean[] seen = new boolean[2];
        dev.nabla.plan.bound.DerivativeExpander probe = (d, ctx) -> {
            seen[0] = ctx.constantPerGroup(d.wrt());
            return dev.nabla.plan.expr.Literal.ofDouble(0);
        };
        differentiate("SELECT g, grad(sum(x), g) FROM pts GROUP BY g", probe);
        assertThat(seen[0]).isTrue();
        differentiate("SELECT grad(sum(x), x) FROM pts", probe);
        assertThat(seen[0]).isFalse();
        // a variable from a one-row relation is constant in every group
        differentiate("SELECT grad(sum(x) * sum(x), m) FROM pts, (SELECT max(x) AS m FROM pts) s", probe);
        assertThat(seen[0]).isTrue();
        BoundStatement.Explain ex = (BoundStatement.Explain) bind("EXPLAIN GRAD SELECT grad(x * x, x) FROM pts");
        assertThat(ex.grad()).isTrue();
        assertThat(ex.gradReports()).hasSize(1);
        assertThat(ex.gradReports().get(0).derivative().toSql()).isEqualTo("grad((x * x), x)");
    }

    private static void differentiate(String sql, dev.nabla.plan.bound.DerivativeExpander expander) {
        dev.nabla.plan.differentiate.Differentiate.run(PlanTesting.bound(sql, expander), expander);
    }

    @Test
    void theBinderLeavesDerivativeNodesAndTheStageExpandsThem() {
        dev.nabla.plan.bound.DerivativeExpander fake = new dev.nabla.plan.FakeExpander();
        LogicalPlan bound = ((BoundStatement.Query) PlanTesting.bound("SELECT grad(w * x, w) FROM pts", fake)).plan();
        assertThat(((dev.nabla.plan.logical.Project) bound).exprs().get(0))
                .isInstanceOf(dev.nabla.plan.expr.Derivative.class);
        assertThat(dev.nabla.plan.PlanPrinter.explain(bound)).contains("grad((w * x), w)");
        assertThat(explain("SELECT grad(w * x, w) FROM pts")).doesNotContain("grad((w * x), w)");
        // above the Aggregate the body reads its output; the stage adds sum(∂f/∂w) to that Aggregate
        LogicalPlan agg =
                ((BoundStatement.Query) PlanTesting.bound("SELECT grad(sum(w * x), w) FROM pts", fake)).plan();
        assertThat(((dev.nabla.plan.logical.Project) agg).exprs().get(0))
                .isInstanceOf(dev.nabla.plan.expr.Derivative.class);
        assertThat(dev.nabla.plan.PlanPrinter.explain(agg)).contains("aggs=[sum((w * x))]");
        LogicalPlan done = plan("SELECT grad(sum(w * x), w) FROM pts");
        assertThat(dev.nabla.plan.PlanPrinter.explain(done))
                .contains("aggs=[sum((w * x)), sum(((1.0 * x) + (w * 0.0)))]");
        assertThat(((dev.nabla.plan.logical.Project) done).exprs().get(0))
                .isInstanceOf(dev.nabla.plan.expr.ColumnRef.class);
    }

    @Test
    void derivativeSqlIsFoldedWhenBound() {
        assertThat(types("SELECT derivative('x * x', 'x')")).containsExactly(DataType.VARCHAR);
        var p = (dev.nabla.plan.logical.Project) plan("SELECT derivative('x * x', 'x')");
        assertThat(p.exprs().get(0)).isEqualTo(new dev.nabla.plan.expr.Literal("d(x * x)/dx", DataType.VARCHAR, null));
        assertThat(bindError("SELECT derivative(a, 'x') FROM t").code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    }

    // ------------------------------------------------------------ DML / DDL

    @Test
    void insertCastsAndChecks() {
        BoundStatement.Insert ins = (BoundStatement.Insert) bind("INSERT INTO t (a, b) VALUES (1, 2), (3, NULL)");
        // DML leaves the binder in its final shape: every column of t, in table order, the rest NULL
        assertThat(ins.targetColumns()).containsExactly(0, 1, 2, 3);
        var shaped = (dev.nabla.plan.logical.Project) ins.source();
        assertThat(shaped.output())
                .extracting(dev.nabla.plan.logical.Column::name)
                .containsExactly("a", "b", "c", "d");
        assertThat(shaped.exprs().get(2).toSql()).isEqualTo("NULL");
        assertThat(dev.nabla.plan.PlanPrinter.explain(shaped.input())).isEqualTo("Values rows=2 [a, b]\n");
        assertThat(((dev.nabla.plan.logical.Values) shaped.input())
                        .rows()
                        .get(0)
                        .get(1)
                        .toSql())
                .isEqualTo("2.0");
        NablaException e = bindError("INSERT INTO t (b) VALUES ('abc')");
        assertThat(e.getMessage()).isEqualTo("cannot insert VARCHAR into column b of type DOUBLE");
        BoundStatement.Insert q = (BoundStatement.Insert) bind("INSERT OR REPLACE INTO u SELECT a, a, b FROM t");
        assertThat(q.orReplace()).isTrue();
        assertThat(dev.nabla.plan.PlanPrinter.explain(q.source()))
                .contains("Project [a, CAST(a AS DOUBLE) AS x, b AS y]");
        assertThat(((BoundStatement.Insert) bind("REPLACE INTO u VALUES (1, 2, 3)")).orReplace())
                .isTrue();
        assertThat(bindError("INSERT INTO t (a, zz) VALUES (1, 2)").code()).isEqualTo(ErrorCode.UNKNOWN_COLUMN);
    }

    @Test
    void updateAndDelete() {
        BoundStatement.Update u =
                (BoundStatement.Update) bind("UPDATE t SET b = a * 2, c = (SELECT max(c) FROM t) WHERE a > 1");
        assertThat(u.targetColumns()).containsExactly(1, 2);
        assertThat(u.values().get(0).type()).isEqualTo(DataType.DOUBLE);
        // shaped: (row id, new values) over the rows to change
        assertThat(dev.nabla.plan.PlanPrinter.explain(u.rows()))
                .startsWith(
                        "Project [rowid, CAST((a * 2) AS DOUBLE) AS b, (<subquery>) AS c]\n  Filter (a > 1)\n    Scan t [a, b, c, d] +rowid\n");
        BoundStatement.Delete d = (BoundStatement.Delete) bind("DELETE FROM t WHERE c = 'x'");
        var rows = (dev.nabla.plan.logical.Project) d.rows();
        assertThat(rows.input().output().getLast()).isEqualTo(d.rowId());
        assertThat(rows.exprs()).containsExactly(d.rowId().ref());
    }

    @Test
    void ddl() {
        BoundStatement.CreateTable ct = (BoundStatement.CreateTable)
                bind(
                        "CREATE TABLE IF NOT EXISTS n (id INTEGER PRIMARY KEY, v DOUBLE DEFAULT 1 + 1, s VARCHAR(20) NOT NULL)");
        assertThat(ct.columns())
                .extracting(BoundStatement.ColumnSpec::type)
                .containsExactly(DataType.INTEGER, DataType.DOUBLE, DataType.VARCHAR);
        assertThat(ct.columns().get(1).defaultValue().toSql()).isEqualTo("2.0");
        assertThat(ct.primaryKey()).containsExactly("id");
        assertThat(bindError("CREATE TABLE n (x FOOBAR)").getMessage()).isEqualTo("unknown type \"FOOBAR\"");
        assertThat(((BoundStatement.CreateTable) bind("CREATE TABLE n (d DECIMAL(10,2), e NUMERIC)")).columns())
                .extracting(BoundStatement.ColumnSpec::type)
                .containsExactly(new dev.nabla.storage.DecimalType(10, 2), DataType.DOUBLE);
        for (String named : List.of("INT[3]", "VARCHAR[]", "INT[2][]")) {
            NablaException e = bindError("CREATE TABLE n (x " + named + ")");
            assertThat(e.code()).as(named).isEqualTo(ErrorCode.UNSUPPORTED);
            assertThat(e.getMessage())
                    .as(named)
                    .startsWith("type " + DataType.parse(named).sqlName() + " is not supported yet");
            assertThat(e.span().startCol()).as(named).isEqualTo(19);
        }
        assertThat(bindError("SELECT CAST(a AS DOUBLE[0]) FROM t").code()).isEqualTo(ErrorCode.TYPE_MISMATCH);
        assertThat(bindError("SELECT CAST(a AS DECIMAL(3,4)) FROM t").getMessage())
                .isEqualTo("DECIMAL scale 4 must be between 0 and the precision 3");
        assertThat(bind("CREATE TABLE n AS SELECT a FROM t")).isInstanceOf(BoundStatement.CreateTableAs.class);
        assertThat(bind("DROP TABLE IF EXISTS t, u")).isEqualTo(new BoundStatement.DropTable(List.of("t", "u"), true));
        assertThat(bind("CREATE VIEW vv AS SELECT a FROM t")).isInstanceOf(BoundStatement.CreateView.class);
        assertThat(bindError("CREATE VIEW vv AS SELECT zz FROM t").code()).isEqualTo(ErrorCode.UNKNOWN_COLUMN);
        assertThat(bind("SET max_recursion = 1000")).isEqualTo(new BoundStatement.SetOption("max_recursion", 1000L));
        assertThat(bind("BEGIN")).isInstanceOf(BoundStatement.Begin.class);
        assertThat(bind("SHOW TABLES")).isInstanceOf(BoundStatement.ShowTables.class);
        assertThat(bind("DESCRIBE t")).isInstanceOf(BoundStatement.Describe.class);
        BoundStatement.Describe dv = (BoundStatement.Describe) bind("DESCRIBE v2");
        assertThat(dv.target().columnNames()).containsExactly("p", "q");
        assertThat(dv.target().columnTypes()).containsExactly(DataType.DOUBLE, DataType.DOUBLE);
        assertThat(bind("TRUNCATE t")).isInstanceOf(BoundStatement.Truncate.class);
        assertThat(bind("CREATE INDEX i ON t (a)")).isInstanceOf(BoundStatement.CreateIndex.class);
        assertThat(bind("COPY t FROM 'f.csv' (HEADER, DELIMITER ',')")).isInstanceOf(BoundStatement.CopyFrom.class);
        assertThat(bind("COPY (SELECT a FROM t) TO 'f.csv'")).isInstanceOf(BoundStatement.CopyTo.class);
        assertThat(bind("ATTACH 'data/era5.nc' AS era5 (TYPE netcdf)")).isInstanceOf(BoundStatement.Attach.class);
        assertThat(bind("EXPLAIN ANALYZE SELECT 1")).isInstanceOf(BoundStatement.Explain.class);
    }

    @Test
    void tableFunctions() {
        assertThat(explain("SELECT n * 2 FROM generate_series(1, 2 + 3) AS g(n)"))
                .contains("Scan generate_series(1, 5)");
        assertThat(bindError("SELECT * FROM generate_series(1, a)").code()).isEqualTo(ErrorCode.UNKNOWN_COLUMN);
    }
}
