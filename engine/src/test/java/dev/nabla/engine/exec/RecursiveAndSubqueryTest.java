package dev.nabla.engine.exec;

import static dev.nabla.engine.exec.Plans.call;
import static dev.nabla.engine.exec.Plans.lit;
import static dev.nabla.engine.exec.Plans.nul;
import static dev.nabla.engine.exec.Plans.ref;
import static dev.nabla.engine.exec.Plans.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.plan.expr.AggCall;
import dev.nabla.plan.expr.AggFn;
import dev.nabla.plan.expr.ColumnRef;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Fn;
import dev.nabla.plan.expr.SubqueryExpr;
import dev.nabla.plan.logical.Aggregate;
import dev.nabla.plan.logical.Filter;
import dev.nabla.plan.logical.Limit;
import dev.nabla.plan.logical.LogicalPlan;
import dev.nabla.plan.logical.Project;
import dev.nabla.plan.logical.RecursiveCte;
import dev.nabla.plan.logical.Scan;
import dev.nabla.plan.logical.Values;
import dev.nabla.plan.logical.WorkingTableScan;
import dev.nabla.storage.DataType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecursiveAndSubqueryTest extends Plans {
    static final DataType B = DataType.BOOLEAN, L = DataType.BIGINT;

    Values vals(Long... xs) {
        List<List<Expr>> rows = new ArrayList<>();
        for (Long x : xs) rows.add(List.of(x == null ? nul(L) : lit(x)));
        return new Values(rows, List.of(col("v", L)));
    }

    /** WITH RECURSIVE t(n) AS (anchor UNION [ALL] step(working)) SELECT * FROM t. */
    RecursiveCte cte(
            LogicalPlan anchor, boolean unionAll, java.util.function.Function<WorkingTableScan, LogicalPlan> step) {
        int id = ids.next();
        WorkingTableScan w = new WorkingTableScan(id, "t", List.of(col("n", L)));
        return new RecursiveCte(id, "t", anchor, step.apply(w), unionAll, List.of(col("n", L)));
    }

    Project plusOne(LogicalPlan in, long below) {
        Filter f = new Filter(in, call(Fn.LT, B, ref(in, 0), lit(below)));
        return project(f, call(Fn.ADD, L, ref(in, 0), lit(1)));
    }

    @Test
    void countsWithWorkingTable() {
        List<List<Object>> r = rows(cte(vals(1L), true, w -> plusOne(w, 10)));
        assertThat(r).hasSize(10);
        assertThat(r.get(9)).isEqualTo(row(10L));
    }

    @Test
    void aggregateInRecursiveTermSeesOnlyPreviousIteration() {
        RecursiveCte c = cte(vals(1L, 2L), true, w -> {
            AggCall sum = new AggCall(AggFn.SUM, List.of(ref(w, 0)), false, null, L, null);
            Aggregate a = new Aggregate(w, List.of(), List.of(sum), List.of(col("s", L)));
            Project p = project(a, call(Fn.MUL, L, ref(a, 0), lit(2)));
            return new Filter(p, call(Fn.LT, B, ref(p, 0), lit(100)));
        });
        assertThat(rows(c)).containsExactly(row(1L), row(2L), row(6L), row(12L), row(24L), row(48L), row(96L));
    }

    @Test
    void unionDeduplicatesAgainstAllRowsSoFar() {
        RecursiveCte c =
                cte(vals(0L), false, w -> project(w, call(Fn.MOD, L, call(Fn.ADD, L, ref(w, 0), lit(1)), lit(3))));
        assertThat(rows(c)).containsExactly(row(0L), row(1L), row(2L));
    }

    @Test
    void iterationCapAndLimitOnInfiniteRecursion() {
        ctx.settings.put("max_recursion", 50L);
        RecursiveCte c = cte(vals(1L), true, w -> project(w, call(Fn.ADD, L, ref(w, 0), lit(1))));
        assertThatThrownBy(() -> rows(c))
                .isInstanceOf(NablaException.class)
                .hasMessage(
                        "recursive CTE \"t\" exceeded max_recursion = 50 iterations (SET max_recursion = ... to raise it)")
                .extracting(e -> ((NablaException) e).code())
                .isEqualTo(ErrorCode.RECURSION_LIMIT);
        assertThat(rows(new Limit(c, lit(20), null))).hasSize(20);
    }

    @Test
    void tenThousandIterationsAreFast() {
        long t0 = System.nanoTime();
        List<List<Object>> r = rows(cte(vals(0L), true, w -> plusOne(w, 10_000)));
        assertThat(r).hasSize(10_001);
        assertThat(System.nanoTime() - t0).isLessThan(3_000_000_000L);
    }

    @Test
    void cancellationStopsRecursion() {
        RecursiveCte c = cte(vals(1L), true, w -> project(w, call(Fn.ADD, L, ref(w, 0), lit(1))));
        ctx.cancelled = true;
        assertThatThrownBy(() -> rows(c))
                .extracting(e -> ((NablaException) e).code())
                .isEqualTo(ErrorCode.CANCELLED);
    }

    TestTable inner() {
        TestTable t = new TestTable("inner", List.of("k", "x"), List.of(L, L));
        for (long i = 0; i < 30; i++) t.row(i % 5, i);
        return t;
    }

    @Test
    void uncorrelatedScalarSubqueryRunsOnce() {
        TestTable in = inner();
        Scan s = scan(in);
        Aggregate max = new Aggregate(
                s,
                List.of(),
                List.of(new AggCall(AggFn.MAX, List.of(ref(s, 1)), false, null, L, null)),
                List.of(col("m", L)));
        SubqueryExpr q = new SubqueryExpr(SubqueryExpr.Kind.SCALAR, max, null, List.of(), L, null);
        TestTable outer = new TestTable("o", List.of("a"), List.of(L));
        for (long i = 0; i < 5000; i++) outer.row(i);
        Scan o = scan(outer);
        List<List<Object>> r = rows(project(o, call(Fn.ADD, L, ref(o, 0), q)));
        assertThat(r).hasSize(5000);
        assertThat(r.get(10)).isEqualTo(row(39L));
        assertThat(in.scans).isEqualTo(1);
    }

    @Test
    void scalarSubqueryCardinality() {
        SubqueryExpr q = new SubqueryExpr(SubqueryExpr.Kind.SCALAR, vals(1L, 2L), null, List.of(), L, null);
        assertThatThrownBy(() -> eval1(q))
                .hasMessage("scalar subquery returned more than one row")
                .extracting(e -> ((NablaException) e).code())
                .isEqualTo(ErrorCode.CARDINALITY);
        assertThat(eval1(new SubqueryExpr(SubqueryExpr.Kind.SCALAR, vals(), null, List.of(), L, null)))
                .isNull();
    }

    @Test
    void inAndExistsSubqueries() {
        SubqueryExpr in1 = new SubqueryExpr(SubqueryExpr.Kind.IN, vals(1L, null), lit(1), List.of(), B, null);
        SubqueryExpr in2 = new SubqueryExpr(SubqueryExpr.Kind.IN, vals(1L, null), lit(2), List.of(), B, null);
        SubqueryExpr in3 = new SubqueryExpr(SubqueryExpr.Kind.IN, vals(), nul(L), List.of(), B, null);
        SubqueryExpr in4 = new SubqueryExpr(SubqueryExpr.Kind.IN, vals(1L), nul(L), List.of(), B, null);
        SubqueryExpr in5 = new SubqueryExpr(SubqueryExpr.Kind.IN, vals(1L, 3L), lit(2), List.of(), B, null);
        SubqueryExpr ex = new SubqueryExpr(SubqueryExpr.Kind.EXISTS, vals(5L), null, List.of(), B, null);
        SubqueryExpr notEx = new SubqueryExpr(SubqueryExpr.Kind.EXISTS, vals(), null, List.of(), B, null);
        assertThat(eval(in1, in2, in3, in4, in5, ex, notEx))
                .isEqualTo(row(true, null, false, null, false, true, false));
    }

    @Test
    void correlatedSubqueryIsMemoisedPerDistinctOuterValue() {
        TestTable in = inner();
        TestTable outer = new TestTable("o", List.of("k"), List.of(L));
        for (long i = 0; i < 3000; i++) outer.row(i % 7);
        Scan o = scan(outer);
        ColumnRef ok = ref(o, 0);
        Scan s = scan(in);
        Filter f = new Filter(s, call(Fn.EQ, B, ref(s, 0), ok));
        Aggregate cnt = new Aggregate(
                f,
                List.of(),
                List.of(new AggCall(AggFn.SUM, List.of(ref(s, 1)), false, null, L, null)),
                List.of(col("c", L)));
        SubqueryExpr q = new SubqueryExpr(SubqueryExpr.Kind.SCALAR, cnt, null, List.of(ok), L, null);
        SubqueryExpr ex = new SubqueryExpr(SubqueryExpr.Kind.EXISTS, f, null, List.of(ok), B, null);
        List<List<Object>> r = rows(project(o, ok, q, ex));
        for (List<Object> row : r) {
            long k = (Long) row.get(0);
            Long exp = null;
            for (Object[] ir : in.rows) if ((Long) ir[0] == k) exp = (exp == null ? 0 : exp) + (Long) ir[1];
            assertThat(row.get(1)).isEqualTo(exp);
            assertThat(row.get(2)).isEqualTo(exp != null);
        }
        assertThat(in.scans).isEqualTo(14); // 7 distinct keys x 2 subqueries
    }
}
