package dev.nabla.engine.exec;

import static dev.nabla.engine.exec.Plans.lit;
import static dev.nabla.engine.exec.Plans.ref;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.plan.expr.AggCall;
import dev.nabla.plan.expr.AggFn;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.SortKey;
import dev.nabla.plan.expr.WindowCall;
import dev.nabla.plan.expr.WindowCall.BoundKind;
import dev.nabla.plan.expr.WindowCall.Frame;
import dev.nabla.plan.expr.WindowCall.WindowFn;
import dev.nabla.plan.logical.Column;
import dev.nabla.plan.logical.Scan;
import dev.nabla.plan.logical.Window;
import dev.nabla.storage.DataType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WindowTest extends Plans {
    static final DataType L = DataType.BIGINT, D = DataType.DOUBLE;

    record R(long id, Long p, long o, Double v) {}

    final List<R> data = new ArrayList<>();
    final TestTable table = new TestTable("t", List.of("id", "p", "o", "v"), List.of(L, L, L, D));

    WindowTest() {
        Random rnd = new Random(7);
        for (int i = 0; i < 3000; i++) {
            Long p = rnd.nextInt(10) == 0 ? null : (long) rnd.nextInt(4);
            long o = rnd.nextInt(400);
            Double v = rnd.nextInt(8) == 0 ? null : (double) rnd.nextInt(100);
            data.add(new R(i, p, o, v));
            table.row((long) i, p, o, v);
        }
        sc = scan(table);
    }

    final Scan sc;

    /** Rows of each partition sorted by o (stable by id). */
    Map<Long, List<R>> partitions() {
        Map<Long, List<R>> m = new HashMap<>();
        for (R r : data)
            m.computeIfAbsent(r.p == null ? Long.MIN_VALUE : r.p, k -> new ArrayList<>())
                    .add(r);
        for (List<R> l : m.values()) l.sort(Comparator.comparingLong(R::o).thenComparingLong(R::id));
        return m;
    }

    Map<Long, Object> run(WindowCall call) {
        Scan s = sc;
        List<Column> out = new ArrayList<>(s.output());
        out.add(col("w", call.type()));
        Map<Long, Object> res = new HashMap<>();
        for (List<Object> row : rows(new Window(s, List.of(call), out))) res.put((Long) row.get(0), row.get(4));
        assertThat(res).hasSize(data.size());
        return res;
    }

    WindowCall aggOver(AggFn fn, DataType t, Frame frame, Scan s) {
        AggCall agg = new AggCall(fn, fn == AggFn.COUNT_STAR ? List.of() : List.of(ref(s, 3)), false, null, t, null);
        return new WindowCall(
                WindowFn.AGGREGATE,
                agg,
                List.of(),
                List.of(ref(s, 1)),
                List.of(new SortKey(ref(s, 2), true, true)),
                frame,
                t,
                null);
    }

    interface FrameFn {
        int[] bounds(List<R> part, int i);
    }

    static Object reference(AggFn fn, List<R> part, int lo, int hi) {
        double sum = 0, sq = 0;
        long n = 0, all = 0;
        Double min = null, max = null;
        for (int k = Math.max(lo, 0); k <= Math.min(hi, part.size() - 1); k++) {
            all++;
            Double v = part.get(k).v;
            if (v == null) continue;
            n++;
            sum += v;
            sq += v * v;
            min = min == null ? v : Math.min(min, v);
            max = max == null ? v : Math.max(max, v);
        }
        return switch (fn) {
            case COUNT_STAR -> all;
            case COUNT -> n;
            case SUM -> n == 0 ? null : sum;
            case AVG -> n == 0 ? null : sum / n;
            case MIN -> min;
            case MAX -> max;
            case VAR_POP -> n == 0 ? null : (sq - sum * sum / n) / n;
            default -> throw new IllegalArgumentException();
        };
    }

    void check(Frame frame, FrameFn bounds) {
        for (AggFn fn :
                List.of(AggFn.COUNT_STAR, AggFn.COUNT, AggFn.SUM, AggFn.AVG, AggFn.MIN, AggFn.MAX, AggFn.VAR_POP)) {
            DataType t = fn == AggFn.COUNT || fn == AggFn.COUNT_STAR ? L : D;
            Map<Long, Object> got = run(aggOver(fn, t, frame, sc));
            for (List<R> part : partitions().values()) {
                for (int i = 0; i < part.size(); i++) {
                    int[] b = bounds.bounds(part, i);
                    Object exp = reference(fn, part, b[0], b[1]);
                    Object act = got.get(part.get(i).id);
                    if (exp instanceof Double e)
                        assertThat((Double) act)
                                .as(fn + " row " + part.get(i))
                                .isCloseTo(e, org.assertj.core.data.Offset.offset(1e-6));
                    else assertThat(act).as(fn + " row " + part.get(i)).isEqualTo(exp);
                }
            }
        }
    }

    @Test
    void defaultOrderedFrameIncludesPeers() {
        check(Frame.DEFAULT_ORDERED, (part, i) -> {
            int e = i;
            while (e + 1 < part.size() && part.get(e + 1).o == part.get(i).o) e++;
            return new int[] {0, e};
        });
    }

    @Test
    void rowsMovingWindow() {
        Frame f = new Frame(true, BoundKind.PRECEDING, lit(4), BoundKind.CURRENT_ROW, null);
        check(f, (part, i) -> new int[] {i - 4, i});
        Frame g = new Frame(true, BoundKind.PRECEDING, lit(2), BoundKind.FOLLOWING, lit(3));
        check(g, (part, i) -> new int[] {i - 2, i + 3});
        Frame h = new Frame(true, BoundKind.CURRENT_ROW, null, BoundKind.UNBOUNDED_FOLLOWING, null);
        check(h, (part, i) -> new int[] {i, part.size() - 1});
    }

    @Test
    void rangeValueFrames() {
        Frame f = new Frame(false, BoundKind.PRECEDING, lit(10), BoundKind.FOLLOWING, lit(5));
        check(f, (part, i) -> {
            long o = part.get(i).o;
            int s = 0;
            while (part.get(s).o < o - 10) s++;
            int e = part.size() - 1;
            while (part.get(e).o > o + 5) e--;
            return new int[] {s, e};
        });
    }

    @Test
    void wholePartitionWithoutOrder() {
        Scan s = sc;
        AggCall agg = new AggCall(AggFn.SUM, List.of(ref(s, 3)), false, null, D, null);
        WindowCall w = new WindowCall(
                WindowFn.AGGREGATE, agg, List.of(), List.of(ref(s, 1)), List.of(), Frame.WHOLE_PARTITION, D, null);
        Map<Long, Object> got = run(w);
        for (List<R> part : partitions().values()) {
            Object exp = reference(AggFn.SUM, part, 0, part.size() - 1);
            for (R r : part)
                assertThat((Double) got.get(r.id)).isCloseTo((Double) exp, org.assertj.core.data.Offset.offset(1e-6));
        }
    }

    WindowCall rankLike(WindowFn fn, List<Expr> args, DataType t) {
        Scan s = sc;
        return new WindowCall(
                fn,
                null,
                args,
                List.of(ref(s, 1)),
                List.of(new SortKey(ref(s, 2), true, true)),
                Frame.DEFAULT_ORDERED,
                t,
                null);
    }

    @Test
    void rankingFunctions() {
        Map<Long, Object> rn = run(rankLike(WindowFn.ROW_NUMBER, List.of(), L));
        Map<Long, Object> rank = run(rankLike(WindowFn.RANK, List.of(), L));
        Map<Long, Object> dense = run(rankLike(WindowFn.DENSE_RANK, List.of(), L));
        Map<Long, Object> pr = run(rankLike(WindowFn.PERCENT_RANK, List.of(), D));
        Map<Long, Object> cd = run(rankLike(WindowFn.CUME_DIST, List.of(), D));
        Map<Long, Object> nt = run(rankLike(WindowFn.NTILE, List.of(lit(7)), L));
        Scan s = sc;
        Map<Long, Object> lag = run(rankLike(WindowFn.LAG, List.of(ref(s, 0), lit(2), lit(-1)), L));
        Map<Long, Object> lead = run(rankLike(WindowFn.LEAD, List.of(ref(s, 0)), L));
        Map<Long, Object> first = run(rankLike(WindowFn.FIRST_VALUE, List.of(ref(s, 0)), L));
        Map<Long, Object> last = run(rankLike(WindowFn.LAST_VALUE, List.of(ref(s, 0)), L));
        Map<Long, Object> nth = run(rankLike(WindowFn.NTH_VALUE, List.of(ref(s, 0), lit(3)), L));
        for (List<R> part : partitions().values()) {
            int m = part.size();
            long dr = 0;
            for (int i = 0; i < m; i++) {
                R r = part.get(i);
                int ps = i, pe = i;
                while (ps > 0 && part.get(ps - 1).o == r.o) ps--;
                while (pe + 1 < m && part.get(pe + 1).o == r.o) pe++;
                if (ps == i) dr++;
                assertThat(rn.get(r.id)).isEqualTo((long) i + 1);
                assertThat(rank.get(r.id)).isEqualTo((long) ps + 1);
                assertThat(dense.get(r.id)).isEqualTo(dr);
                assertThat((Double) pr.get(r.id))
                        .isCloseTo(m > 1 ? (double) ps / (m - 1) : 0, org.assertj.core.data.Offset.offset(1e-12));
                assertThat((Double) cd.get(r.id))
                        .isCloseTo((double) (pe + 1) / m, org.assertj.core.data.Offset.offset(1e-12));
                assertThat(lag.get(r.id)).isEqualTo(i >= 2 ? part.get(i - 2).id : -1L);
                assertThat(lead.get(r.id)).isEqualTo(i + 1 < m ? part.get(i + 1).id : null);
                assertThat(first.get(r.id)).isEqualTo(part.get(0).id);
                assertThat(last.get(r.id)).isEqualTo(part.get(pe).id);
                assertThat(nth.get(r.id)).isEqualTo(pe >= 2 ? part.get(2).id : null);
            }
            // ntile: sizes differ by at most one, larger buckets first, in order
            long prev = 1;
            for (int i = 0; i < m; i++) {
                long b = (Long) nt.get(part.get(i).id);
                assertThat(b).isBetween(prev, prev + 1);
                prev = b;
            }
            assertThat(prev).isEqualTo(Math.min(7, m));
        }
    }

    @Test
    void cumulativeSumOverManyRowsIsLinear() {
        TestTable big = new TestTable("big", List.of("i", "v"), List.of(L, D));
        for (int i = 0; i < 200_000; i++) big.row((long) i, 1.0);
        Scan s = scan(big);
        AggCall agg = new AggCall(AggFn.SUM, List.of(ref(s, 1)), false, null, D, null);
        Frame f = new Frame(true, BoundKind.PRECEDING, lit(1000), BoundKind.CURRENT_ROW, null);
        WindowCall w = new WindowCall(
                WindowFn.AGGREGATE, agg, List.of(), List.of(), List.of(new SortKey(ref(s, 0), true, true)), f, D, null);
        List<Column> out = new ArrayList<>(s.output());
        out.add(col("w", D));
        long t0 = System.nanoTime();
        List<List<Object>> r = rows(new Window(s, List.of(w), out));
        assertThat(r.get(199_999).get(2)).isEqualTo(1001.0);
        assertThat(System.nanoTime() - t0).isLessThan(5_000_000_000L);
    }
}
