package dev.nabla.engine.exec;

import static dev.nabla.engine.exec.Plans.call;
import static dev.nabla.engine.exec.Plans.lit;
import static dev.nabla.engine.exec.Plans.ref;
import static dev.nabla.engine.exec.Plans.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.plan.expr.AggCall;
import dev.nabla.plan.expr.AggFn;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Fn;
import dev.nabla.plan.expr.SortKey;
import dev.nabla.plan.logical.Aggregate;
import dev.nabla.plan.logical.Column;
import dev.nabla.plan.logical.Distinct;
import dev.nabla.plan.logical.Filter;
import dev.nabla.plan.logical.Join;
import dev.nabla.plan.logical.JoinType;
import dev.nabla.plan.logical.Limit;
import dev.nabla.plan.logical.LogicalPlan;
import dev.nabla.plan.logical.Scan;
import dev.nabla.plan.logical.SetOp;
import dev.nabla.plan.logical.Sort;
import dev.nabla.plan.logical.Values;
import dev.nabla.storage.DataType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

class OperatorTest extends Plans {
    static final DataType B = DataType.BOOLEAN, L = DataType.BIGINT, D = DataType.DOUBLE, S = DataType.VARCHAR;

    AggCall agg(AggFn fn, DataType t, Expr... args) {
        return new AggCall(fn, List.of(args), false, null, t, null);
    }

    Aggregate aggregate(LogicalPlan in, List<Expr> keys, AggCall... aggs) {
        List<Column> out = new ArrayList<>();
        for (Expr k : keys) out.add(col("k", k.type()));
        for (AggCall a : aggs) out.add(col(a.fn().sqlName(), a.type()));
        return new Aggregate(in, keys, List.of(aggs), out);
    }

    TestTable numbers(int n) {
        TestTable t = new TestTable("t", List.of("g", "x", "s"), List.of(L, D, S));
        for (int i = 0; i < n; i++)
            t.row(i % 3 == 0 ? null : (long) (i % 5), i % 7 == 0 ? null : (double) i, "s" + (i % 4));
        return t;
    }

    @Test
    void aggregateWithoutKeysOnEmptyInput() {
        Scan s = scan(numbers(0));
        List<List<Object>> r = rows(aggregate(
                s,
                List.of(),
                agg(AggFn.COUNT_STAR, L),
                agg(AggFn.SUM, D, ref(s, 1)),
                agg(AggFn.TOTAL, D, ref(s, 1)),
                agg(AggFn.MIN, S, ref(s, 2)),
                agg(AggFn.AVG, D, ref(s, 1))));
        assertThat(r).containsExactly(row(0L, null, 0.0, null, null));
        Scan s2 = scan(numbers(0));
        assertThat(rows(aggregate(s2, List.of(ref(s2, 0)), agg(AggFn.COUNT_STAR, L))))
                .isEmpty();
    }

    @Test
    void groupedAggregatesMatchReference() {
        int n = 7000;
        TestTable t = numbers(n);
        Scan s = scan(t);
        Expr g = ref(s, 0), x = ref(s, 1), str = ref(s, 2);
        AggCall cntDistinct = new AggCall(AggFn.COUNT, List.of(str), true, null, L, null);
        AggCall filtered = new AggCall(AggFn.COUNT_STAR, List.of(), false, call(Fn.GT, B, x, lit(100.0)), L, null);
        List<List<Object>> r = rows(aggregate(
                s,
                List.of(g),
                agg(AggFn.COUNT_STAR, L),
                agg(AggFn.COUNT, L, x),
                agg(AggFn.SUM, D, x),
                agg(AggFn.MAX, S, str),
                agg(AggFn.VAR_SAMP, D, x),
                cntDistinct,
                filtered));
        Map<Object, double[]> ref = new HashMap<>();
        for (Object[] row : t.rows) {
            double[] acc = ref.computeIfAbsent(Objects.toString(row[0]), k -> new double[6]);
            acc[0]++;
            if (row[1] != null) {
                double v = (Double) row[1];
                acc[1]++;
                acc[2] += v;
                acc[3] += v * v;
                if (v > 100) acc[4]++;
            }
        }
        assertThat(r).hasSize(ref.size());
        for (List<Object> row : r) {
            double[] acc = ref.get(Objects.toString(row.get(0)));
            assertThat(row.get(1)).isEqualTo((long) acc[0]);
            assertThat(row.get(2)).isEqualTo((long) acc[1]);
            assertThat((Double) row.get(3)).isCloseTo(acc[2], org.assertj.core.data.Offset.offset(1e-6));
            assertThat(row.get(4)).isEqualTo("s3");
            double var = (acc[3] - acc[2] * acc[2] / acc[1]) / (acc[1] - 1);
            assertThat((Double) row.get(5)).isCloseTo(var, org.assertj.core.data.Offset.offset(1e-3));
            assertThat(row.get(6)).isEqualTo(4L);
            assertThat(row.get(7)).isEqualTo((long) acc[4]);
        }
    }

    @Test
    void integerSumIsExactAndOverflows() {
        TestTable t = new TestTable("t", List.of("x"), List.of(L));
        t.row(Long.MAX_VALUE - 1).row(1L);
        Scan s = scan(t);
        assertThat(rows(aggregate(s, List.of(), agg(AggFn.SUM, L, ref(s, 0))))).containsExactly(row(Long.MAX_VALUE));
        t.row(1L);
        Scan s2 = scan(t);
        assertThatThrownBy(() -> rows(aggregate(s2, List.of(), agg(AggFn.SUM, L, ref(s2, 0)))))
                .hasMessage("integer overflow");
    }

    @Test
    void stringAggAndBoolAgg() {
        TestTable t = new TestTable("t", List.of("s", "b"), List.of(S, B));
        t.row("a", true).row(null, false).row("c", true);
        Scan s = scan(t);
        assertThat(rows(aggregate(
                        s,
                        List.of(),
                        agg(AggFn.STRING_AGG, S, ref(s, 0), lit("-")),
                        agg(AggFn.BOOL_AND, B, ref(s, 1)),
                        agg(AggFn.BOOL_OR, B, ref(s, 1)))))
                .containsExactly(row("a-c", false, true));
    }

    @Test
    void sortIsStableMultiKeyWithNullPlacement() {
        TestTable t = new TestTable("t", List.of("a", "b", "i"), List.of(L, S, L));
        for (int i = 0; i < 5000; i++)
            t.row(i % 4 == 0 ? null : (long) (i % 3), i % 5 == 0 ? null : "v" + (i % 2), (long) i);
        Scan s = scan(t);
        Sort sort = new Sort(s, List.of(new SortKey(ref(s, 0), false, true), new SortKey(ref(s, 1), true, false)));
        List<List<Object>> r = rows(sort);
        List<List<Object>> expected = new ArrayList<>();
        for (Object[] row : t.rows) expected.add(java.util.Arrays.asList(row));
        Comparator<List<Object>> byA =
                Comparator.comparing(l -> (Long) l.get(0), Comparator.nullsFirst(Comparator.<Long>reverseOrder()));
        Comparator<List<Object>> byB =
                Comparator.comparing(l -> (String) l.get(1), Comparator.nullsLast(Comparator.<String>naturalOrder()));
        expected.sort(byA.thenComparing(byB));
        assertThat(r).isEqualTo(expected);
    }

    @Test
    void topNMatchesFullSort() {
        TestTable t = new TestTable("t", List.of("a", "i"), List.of(L, L));
        java.util.Random rnd = new java.util.Random(3);
        for (int i = 0; i < 30_000; i++) t.row(rnd.nextInt(10) == 0 ? null : (long) rnd.nextInt(500), (long) i);
        Scan s = scan(t);
        Sort sort = new Sort(s, List.of(new SortKey(ref(s, 0), true, false)));
        List<List<Object>> full = rows(sort);
        assertThat(rows(new Limit(sort, lit(25), lit(10)))).isEqualTo(full.subList(10, 35));
        assertThat(rows(new Limit(sort, lit(5000), null))).isEqualTo(full.subList(0, 5000));
    }

    @Test
    void topNThresholdMatchesFullSortOnEveryKeyTypeAndDirection() {
        // many ties, NULLs, -0.0 beside 0.0: once k rows are held, later rows are compared with the k-th (SortNode's
        // Threshold) and only those strictly before it are kept; the answer is the full sort's first k rows
        TestTable t = new TestTable("t", List.of("s", "d", "a", "i"), List.of(S, D, L, L));
        java.util.Random rnd = new java.util.Random(7);
        for (int i = 0; i < 60_000; i++) {
            String str = rnd.nextInt(20) == 0 ? null : "k" + rnd.nextInt(30);
            Double dbl = rnd.nextInt(15) == 0 ? null : rnd.nextInt(3) == 0 ? -0.0 : (double) rnd.nextInt(40);
            Long lng = rnd.nextInt(25) == 0 ? null : (long) rnd.nextInt(8);
            t.row(str, dbl, lng, (long) i);
        }
        boolean[][] dirs = {{true, false}, {false, true}, {true, true}, {false, false}};
        for (boolean[] dir : dirs) {
            Scan s = scan(t);
            Sort sort = new Sort(
                    s,
                    List.of(
                            new SortKey(ref(s, 0), dir[0], dir[1]),
                            new SortKey(ref(s, 1), !dir[0], dir[1]),
                            new SortKey(ref(s, 2), dir[0], !dir[1])));
            List<List<Object>> full = rows(sort);
            assertThat(rows(new Limit(sort, lit(7), null))).isEqualTo(full.subList(0, 7));
            assertThat(rows(new Limit(sort, lit(100), lit(3)))).isEqualTo(full.subList(3, 103));
            assertThat(rows(new Limit(sort, lit(9000), null))).isEqualTo(full.subList(0, 9000));
        }
        // a descending DOUBLE key with a second key (not the single-key heap)
        Scan s = scan(t);
        Sort sort = new Sort(s, List.of(new SortKey(ref(s, 1), false, false), new SortKey(ref(s, 3), false, false)));
        assertThat(rows(new Limit(sort, lit(5), null))).isEqualTo(rows(sort).subList(0, 5));
    }

    @Test
    void limitAndOffsetStopEarly() {
        TestTable t = numbers(10_000);
        t.batchSize = 100;
        Scan s = scan(t);
        List<List<Object>> r = rows(new Limit(s, lit(5), lit(250)));
        assertThat(r).hasSize(5);
        assertThat(r.get(0).get(1)).isEqualTo(250.0);
        assertThat(rows(new Limit(scan(t), lit(0), null))).isEmpty();
        assertThat(rows(new Limit(scan(t), null, lit(9998)))).hasSize(2);
    }

    @Test
    void valuesAndDistinct() {
        Column a = col("a", L), b = col("b", S);
        Values v = new Values(
                List.of(
                        List.of(lit(1), lit("x")),
                        List.of(lit(1), lit("x")),
                        List.of(Plans.nul(L), lit("y")),
                        List.of(Plans.nul(L), lit("y")),
                        List.of(lit(2), lit("x"))),
                List.of(a, b));
        assertThat(rows(new Distinct(v))).containsExactly(row(1L, "x"), row(null, "y"), row(2L, "x"));
    }

    private Values vals(long... xs) {
        List<List<Expr>> rows = new ArrayList<>();
        for (long x : xs) rows.add(List.of(x == -1 ? Plans.nul(L) : lit(x)));
        return new Values(rows, List.of(col("v", L)));
    }

    private List<List<Object>> setOp(SetOp.Kind kind, boolean all, long[] l, long[] r) {
        SetOp op = new SetOp(kind, all, vals(l), vals(r), List.of(col("v", L)));
        List<List<Object>> out = new ArrayList<>(rows(op));
        out.sort(Comparator.comparing(x -> (Long) x.get(0), Comparator.nullsFirst(Comparator.naturalOrder())));
        return out;
    }

    @Test
    void setOperations() {
        long[] l = {1, 1, 2, 3, -1, -1}, r = {1, 3, 3, 4, -1};
        assertThat(setOp(SetOp.Kind.UNION, false, l, r))
                .containsExactly(row((Object) null), row(1L), row(2L), row(3L), row(4L));
        assertThat(setOp(SetOp.Kind.UNION, true, l, r)).hasSize(11);
        assertThat(setOp(SetOp.Kind.INTERSECT, false, l, r)).containsExactly(row((Object) null), row(1L), row(3L));
        assertThat(setOp(SetOp.Kind.INTERSECT, true, l, r)).containsExactly(row((Object) null), row(1L), row(3L));
        assertThat(setOp(SetOp.Kind.EXCEPT, false, l, r)).containsExactly(row(2L));
        assertThat(setOp(SetOp.Kind.EXCEPT, true, l, r)).containsExactly(row((Object) null), row(1L), row(2L));
    }

    private List<List<Object>> join(JoinType type, boolean residual, boolean equi) {
        TestTable lt = new TestTable("l", List.of("k", "a"), List.of(L, S));
        lt.row(1L, "l1").row(2L, "l2").row(null, "lnull").row(4L, "l4").row(2L, "l2b");
        TestTable rt = new TestTable("r", List.of("k", "b"), List.of(L, S));
        rt.row(2L, "r2").row(1L, "r1").row(null, "rnull").row(3L, "r3").row(2L, "r2b");
        Scan ls = scan(lt), rs = scan(rt);
        Expr cond = equi
                ? call(Fn.EQ, B, ref(ls, 0), ref(rs, 0))
                : call(Fn.AND, B, call(Fn.LE, B, ref(ls, 0), ref(rs, 0)), call(Fn.GE, B, ref(ls, 0), ref(rs, 0)));
        if (residual) cond = call(Fn.AND, B, cond, call(Fn.NE, B, ref(rs, 1), lit("r2b")));
        List<Column> out = new ArrayList<>(ls.output());
        if (type != JoinType.SEMI && type != JoinType.ANTI) out.addAll(rs.output());
        List<List<Object>> r = new ArrayList<>(rows(new Join(ls, rs, type, cond, out)));
        r.sort(Comparator.comparing(Object::toString));
        return r;
    }

    @Test
    void hashAndNestedLoopJoinsAgree() {
        for (JoinType type :
                List.of(JoinType.INNER, JoinType.LEFT, JoinType.RIGHT, JoinType.FULL, JoinType.SEMI, JoinType.ANTI)) {
            for (boolean residual : new boolean[] {false, true}) {
                assertThat(join(type, residual, true))
                        .as(type + " residual=" + residual)
                        .isEqualTo(join(type, residual, false));
            }
        }
        assertThat(join(JoinType.INNER, false, true))
                .containsExactly(
                        row(1L, "l1", 1L, "r1"),
                        row(2L, "l2", 2L, "r2"),
                        row(2L, "l2", 2L, "r2b"),
                        row(2L, "l2b", 2L, "r2"),
                        row(2L, "l2b", 2L, "r2b"));
        assertThat(join(JoinType.FULL, true, true))
                .containsExactly(
                        row(1L, "l1", 1L, "r1"),
                        row(2L, "l2", 2L, "r2"),
                        row(2L, "l2b", 2L, "r2"),
                        row(4L, "l4", null, null),
                        row(null, "lnull", null, null),
                        row(null, null, 2L, "r2b"),
                        row(null, null, 3L, "r3"),
                        row(null, null, null, "rnull"));
        assertThat(join(JoinType.ANTI, false, true)).containsExactly(row(4L, "l4"), row(null, "lnull"));
        assertThat(join(JoinType.SEMI, true, true)).containsExactly(row(1L, "l1"), row(2L, "l2"), row(2L, "l2b"));
    }

    @Test
    void largeHashJoinAndCrossJoin() {
        TestTable lt = new TestTable("l", List.of("k"), List.of(L));
        TestTable rt = new TestTable("r", List.of("k", "v"), List.of(L, D));
        for (long i = 0; i < 6000; i++) lt.row(i);
        for (long i = 0; i < 6000; i += 2) rt.row(i, (double) i);
        Scan ls = scan(lt), rs = scan(rt);
        List<Column> out = new ArrayList<>(ls.output());
        out.addAll(rs.output());
        Join j = new Join(ls, rs, JoinType.LEFT, call(Fn.EQ, B, ref(ls, 0), ref(rs, 0)), out);
        List<List<Object>> r = rows(j);
        assertThat(r).hasSize(6000);
        assertThat(r.stream().filter(x -> x.get(2) == null).count()).isEqualTo(3000);
        Scan a = scan(numbers(100)), b = scan(numbers(70));
        List<Column> both = new ArrayList<>(a.output());
        both.addAll(b.output());
        assertThat(rows(new Join(a, b, JoinType.CROSS, null, both))).hasSize(7000);
        Scan c = scan(numbers(100)), d = scan(numbers(0));
        List<Column> both2 = new ArrayList<>(c.output());
        both2.addAll(d.output());
        assertThat(rows(new Join(c, d, JoinType.LEFT, call(Fn.EQ, B, ref(c, 0), ref(d, 0)), both2)))
                .hasSize(100);
    }

    @Test
    void innerJoinBuildsOnTheSmallerSide() {
        TestTable small = new TestTable("s", List.of("k", "tag"), List.of(L, S));
        for (long i = 0; i < 10; i++) small.row(i, "t" + i);
        TestTable big = new TestTable("b", List.of("k", "v"), List.of(L, L));
        for (long i = 0; i < 5000; i++) big.row(i % 20, i);
        for (boolean equi : new boolean[] {true, false}) {
            Scan ls = scan(small), rs = scan(big);
            Expr cond = equi
                    ? call(Fn.EQ, B, ref(ls, 0), ref(rs, 0))
                    : call(Fn.AND, B, call(Fn.LE, B, ref(ls, 0), ref(rs, 0)), call(Fn.GE, B, ref(ls, 0), ref(rs, 0)));
            cond = call(Fn.AND, B, cond, call(Fn.LT, B, ref(rs, 1), lit(4000)));
            List<Column> out = new ArrayList<>(ls.output());
            out.addAll(rs.output());
            List<List<Object>> r = rows(new Join(ls, rs, JoinType.INNER, cond, out));
            assertThat(r).hasSize(2000);
            assertThat(r).allSatisfy(x -> {
                assertThat(x.get(0)).isEqualTo(x.get(2));
                assertThat(x.get(1)).isEqualTo("t" + x.get(0));
                assertThat((Long) x.get(3)).isLessThan(4000L);
            });
        }
    }

    @Test
    void constantBatchesNeverWriteIntoStorage() {
        long[] storage = {1, 2, 3};
        ScannableSource src = new TestTable("c", List.of("x"), List.of(L)) {
            @Override
            public java.util.Iterator<dev.nabla.storage.Batch> scan(
                    List<Integer> columns, boolean withRowIds, Expr f, List<Column> out, ExecContext ctx) {
                var plain = new dev.nabla.storage.Batch(
                        new dev.nabla.storage.ColumnVector[] {
                            dev.nabla.storage.ColumnVector.ofLongs(L, storage, null, 0)
                        },
                        3);
                var constant = new dev.nabla.storage.Batch(
                        new dev.nabla.storage.ColumnVector[] {dev.nabla.storage.ColumnVector.constant(L, 7L)}, 3);
                return List.of(plain, constant, plain).iterator();
            }
        };
        Scan s = new Scan(src, List.of(0), List.of(col("x", L)), null, null);
        assertThat(rows(project(s, call(Fn.ADD, L, ref(s, 0), lit(1)), ref(s, 0))))
                .containsExactly(
                        row(2L, 1L),
                        row(3L, 2L),
                        row(4L, 3L),
                        row(8L, 7L),
                        row(8L, 7L),
                        row(8L, 7L),
                        row(2L, 1L),
                        row(3L, 2L),
                        row(4L, 3L));
        assertThat(storage).containsExactly(1, 2, 3);
    }

    @Test
    void filterThenProjectKeepsTypes() {
        Scan s = scan(numbers(50));
        Filter f = new Filter(s, call(Fn.IS_NOT_NULL, B, ref(s, 0)));
        List<List<Object>> r = rows(project(f, call(Fn.MUL, L, ref(s, 0), lit(10)), ref(s, 2)));
        assertThat(r).allSatisfy(x -> assertThat((Long) x.get(0) % 10).isZero());
    }
}
