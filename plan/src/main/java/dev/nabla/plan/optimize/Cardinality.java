package dev.nabla.plan.optimize;

import dev.nabla.plan.expr.Call;
import dev.nabla.plan.expr.Cast;
import dev.nabla.plan.expr.ColumnRef;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Exprs;
import dev.nabla.plan.expr.Fn;
import dev.nabla.plan.expr.Literal;
import dev.nabla.plan.logical.Aggregate;
import dev.nabla.plan.logical.Column;
import dev.nabla.plan.logical.ColumnStats;
import dev.nabla.plan.logical.Distinct;
import dev.nabla.plan.logical.Filter;
import dev.nabla.plan.logical.Join;
import dev.nabla.plan.logical.Limit;
import dev.nabla.plan.logical.LogicalPlan;
import dev.nabla.plan.logical.Project;
import dev.nabla.plan.logical.RecursiveCte;
import dev.nabla.plan.logical.Sample;
import dev.nabla.plan.logical.Scan;
import dev.nabla.plan.logical.SetOp;
import dev.nabla.plan.logical.SingleRow;
import dev.nabla.plan.logical.Sort;
import dev.nabla.plan.logical.Values;
import dev.nabla.plan.logical.Window;
import dev.nabla.plan.logical.WorkingTableScan;
import dev.nabla.storage.DataType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * The planner's one cardinality model, used by join ordering ({@link ReorderJoins}) and by the executor's
 * choice of a hash join's build side: estimated output rows of a plan from the tables' statistics
 * ({@link ColumnStats}: distinct counts, NULL fractions, min/max).
 *
 * <ul>
 *   <li>{@code col = const}: (1 − nulls) / ndv; {@code col IN (k consts)}: k times that; {@code <>}: the rest.
 *   <li>range comparisons of a column with a constant: the fraction of [min, max] they keep, the bounds of one
 *       column in a conjunction intersected first ({@code BETWEEN}, q6's discount band), not multiplied.
 *   <li>{@code IS [NOT] NULL}: the NULL fraction; LIKE with a wildcard 1/10, without one an equality.
 *   <li>AND multiplies, OR adds less the overlap, NOT complements; anything else keeps 1/4.
 *   <li>equi-join {@code |L|·|R| / max(ndv)} of its most selective column equality, distinct counts capped by
 *       each side's rows (a foreign key into a filtered table keeps that table's fraction of the rows).
 * </ul>
 */
public final class Cardinality {
    private Cardinality() {}

    /** Selectivity of a predicate nothing is known about (the planner's old fixed filter factor). */
    static final double UNKNOWN = 0.25;
    /** A range comparison whose column has no min/max (strings, expressions): one third, as PostgreSQL. */
    static final double RANGE = 1.0 / 3;
    /** LIKE / GLOB with a wildcard. */
    static final double PATTERN = 0.1;

    /** Rows of a source whose size is unknown (a function's result, a working table). */
    private static final double DEFAULT_ROWS = 1000;

    /** Estimated output rows of {@code p} (at least 1 for anything but an empty VALUES). */
    public static double rows(LogicalPlan p) {
        return switch (p) {
            case Scan s -> {
                long n = s.source().estimatedRows();
                double rows = n < 0 ? DEFAULT_ROWS : n;
                yield s.filter() == null ? rows : atLeastOne(rows * selectivity(s.filter(), id -> stats(s, id)));
            }
            case Values v -> v.rows().size();
            case SingleRow _ -> 1;
            // a Filter repeating its Scan's pushed-down filter (kept for the SQL-level NULL semantics) selects nothing
            // more
            case Filter f ->
                f.input() instanceof Scan s && s.filter() != null
                        ? rows(f.input())
                        : atLeastOne(rows(f.input()) * selectivity(f.predicate(), id -> stats(f.input(), id)));
            case Aggregate a -> groups(a);
            case Sample s ->
                s.kind() == Sample.Kind.ROWS ? Math.min(s.size(), rows(s.input())) : rows(s.input()) * s.size() / 100;
            case Limit l ->
                l.limit() instanceof Literal lit && lit.value() instanceof Long k
                        ? Math.min(k, rows(l.input()))
                        : rows(l.input());
            case Join j ->
                switch (j.type()) {
                    case SEMI, ANTI -> semiRows(j);
                    case CROSS -> rows(j.left()) * rows(j.right());
                    case INNER, LEFT, RIGHT, FULL ->
                        j.condition() == null ? rows(j.left()) * rows(j.right()) : joinRows(j);
                };
            case SetOp s -> rows(s.left()) + rows(s.right());
            case RecursiveCte _ -> DEFAULT_ROWS;
            case WorkingTableScan _ -> 100;
            case dev.nabla.plan.logical.CteScan c -> rows(c.definition());
            case dev.nabla.plan.logical.MaterializedCte m -> rows(m.body());
            // a list's length is unknown: DuckDB's guess of a few elements per row
            case dev.nabla.plan.logical.Unnest u -> rows(u.input()) * 4;
            case Project pr -> rows(pr.input());
            case Window w -> rows(w.input());
            case Sort s -> rows(s.input());
            case Distinct d -> rows(d.input());
        };
    }

    private static double atLeastOne(double rows) {
        return Math.max(1, rows);
    }

    /** Groups of an aggregate: the product of its key columns' distinct counts, capped by its input's rows. */
    private static double groups(Aggregate a) {
        if (a.groupKeys().isEmpty()) return 1;
        double in = rows(a.input());
        double product = 1;
        for (Expr k : a.groupKeys()) {
            double d = k instanceof ColumnRef r ? stats(a.input(), r.id()).distinct() : -1;
            // an expression key (or an unknown column): a tenth of the rows, as before statistics
            if (d <= 0) return Math.max(1, Math.min(in, in / 10 * product));
            product *= d;
            if (product >= in) return Math.max(1, in);
        }
        return Math.max(1, Math.min(in, product));
    }

    /**
     * Rows of a SEMI or ANTI join. SEMI: the left rows times the share of their key values the right side has,
     * {@code min(1, ndv(right key) / ndv(left key))} for the most selective column equality, distinct counts
     * capped by rows, times the selectivity of the other conjuncts (q21's {@code l3.l_suppkey <> l1.l_suppkey});
     * without a column equality, the left rows. ANTI on column equalities alone: the left rows the SEMI join
     * would not keep, as PostgreSQL's {@code 1 − semi selectivity}. ANTI with another conjunct, or without a
     * column equality: the left rows. The complement is not reliable there: q21's {@code l3.l_suppkey <>
     * l1.l_suppkey} is true for almost any pair of rows but often false for all of one order's few line items
     * (5 % of the rows survive, not 0.03 %), and an estimate near zero moved that NOT EXISTS below the joins
     * that cut its input to 2 % ({@link PushSemiJoinDown}).
     */
    private static double semiRows(Join j) {
        double l = rows(j.left());
        if (j.condition() == null) return l;
        double r = rows(j.right());
        Set<Integer> leftIds = ids(j.left().output()), rightIds = ids(j.right().output());
        double share = 1;
        boolean keyed = false;
        List<Expr> residual = new ArrayList<>();
        for (Expr c : Exprs.conjuncts(j.condition())) {
            if (!(c instanceof Call call
                    && (call.fn() == Fn.EQ || call.fn() == Fn.IS_NOT_DISTINCT_FROM)
                    && key(call.arg(0)) instanceof ColumnRef a
                    && key(call.arg(1)) instanceof ColumnRef b)) {
                residual.add(c);
                continue;
            }
            ColumnRef lk = leftIds.contains(a.id()) ? a : leftIds.contains(b.id()) ? b : null;
            ColumnRef rk = rightIds.contains(a.id()) ? a : rightIds.contains(b.id()) ? b : null;
            long dl = lk == null ? 0 : stats(j.left(), lk.id()).distinct(),
                    dr = rk == null ? 0 : stats(j.right(), rk.id()).distinct();
            if (dl <= 0 || dr <= 0) {
                residual.add(c);
                continue;
            }
            keyed = true;
            share = Math.min(share, Math.min(dr, r) / Math.min(dl, Math.max(1, l)));
        }
        if (!keyed) return l;
        double semi = Math.min(1, share);
        if (j.type() == dev.nabla.plan.logical.JoinType.ANTI)
            return residual.isEmpty() ? Math.max(1, l * (1 - semi)) : l;
        if (!residual.isEmpty()) semi *= selectivity(Exprs.and(residual), id -> stats(j, id));
        return Math.max(1, l * semi);
    }

    /**
     * Rows of a join with a condition: {@code |L|·|R| / max(ndv)} over its column equalities (the most
     * selective one; a composite key's columns are far from independent), distinct counts capped by each
     * side's rows. Without a column equality, or without statistics, the larger side (a foreign-key join).
     * Outer joins keep at least their preserved side.
     */
    private static double joinRows(Join j) {
        double l = rows(j.left()), r = rows(j.right());
        Set<Integer> leftIds = ids(j.left().output());
        double divisor = 0;
        for (Expr c : Exprs.conjuncts(j.condition())) {
            if (!(c instanceof Call call
                    && (call.fn() == Fn.EQ || call.fn() == Fn.IS_NOT_DISTINCT_FROM)
                    && key(call.arg(0)) instanceof ColumnRef a
                    && key(call.arg(1)) instanceof ColumnRef b)) continue;
            boolean aLeft = leftIds.contains(a.id());
            if (aLeft == leftIds.contains(b.id())) continue;
            double da = distinct(aLeft ? j.left() : j.right(), a.id(), aLeft ? l : r),
                    db = distinct(aLeft ? j.right() : j.left(), b.id(), aLeft ? r : l);
            divisor = Math.max(divisor, Math.max(da, db));
        }
        double rows = divisor > 0 ? Math.max(1, l * r / divisor) : Math.max(l, r);
        return switch (j.type()) {
            case LEFT -> Math.max(rows, l);
            case RIGHT -> Math.max(rows, r);
            case FULL -> Math.max(rows, Math.max(l, r));
            case INNER, CROSS, SEMI, ANTI -> rows;
        };
    }

    /**
     * Distinct values of column {@code id} of {@code p}, whose rows are {@code rows}: the statistics' count
     * capped by the rows, or the rows when unknown (as if the column were a key).
     */
    static double distinct(LogicalPlan p, int id, double rows) {
        long d = stats(p, id).distinct();
        return d > 0 ? Math.min(d, Math.max(1, rows)) : Math.max(1, rows);
    }

    static Set<Integer> ids(List<Column> cols) {
        Set<Integer> s = new HashSet<>();
        for (Column c : cols) s.add(c.id());
        return s;
    }

    /**
     * The base table's statistics of column {@code id} of {@code p}, followed through the operators that pass
     * the column on (filters, joins, projections of the column itself, renaming ones included);
     * {@link ColumnStats#UNKNOWN} for computed columns.
     */
    public static ColumnStats stats(LogicalPlan p, int id) {
        if (p instanceof Scan s) {
            for (int k = 0; k < s.output().size(); k++) {
                if (s.output().get(k).id() == id)
                    return s.source().columnStats(s.columnIndexes().get(k));
            }
            return ColumnStats.UNKNOWN;
        }
        if (p instanceof Project pr) {
            for (int k = 0; k < pr.output().size(); k++) {
                if (pr.output().get(k).id() != id) continue;
                return column(pr.exprs().get(k)) instanceof ColumnRef r
                        ? stats(pr.input(), r.id())
                        : ColumnStats.UNKNOWN;
            }
            return ColumnStats.UNKNOWN;
        }
        // an aggregate's output columns are new ones, and set operations mix two inputs
        if (p instanceof Aggregate || p instanceof SetOp || p instanceof RecursiveCte) return ColumnStats.UNKNOWN;
        for (LogicalPlan in : p.inputs()) {
            for (Column c : in.output()) if (c.id() == id) return stats(in, id);
        }
        return ColumnStats.UNKNOWN;
    }

    /**
     * The column under casts that keep its values' numbers and order ({@code CAST(int_col AS BIGINT)}, an integer
     * or DECIMAL as DOUBLE, DECIMAL widening), so that a constant compares with its statistics' min and max;
     * otherwise {@code e}. Not under other casts: a DATE's statistics count days, a TIMESTAMP constant
     * microseconds (see {@link #side}), and a cast to text or to an integer from a fraction changes the order or
     * the distinct values.
     */
    static Expr column(Expr e) {
        while (e instanceof Cast c && sameNumbers(c.arg().type(), c.type())) e = c.arg();
        return e;
    }

    private static boolean sameNumbers(DataType from, DataType to) {
        if (from.equals(to)) return true;
        return from.isNumeric() && to.isNumeric() && (from.isIntegral() || !to.isIntegral());
    }

    /** Microseconds per day: a DATE column widened to TIMESTAMP compares a constant's microseconds with its days. */
    private static final double MICROS_PER_DAY = 86_400_000_000.0;

    /**
     * A column as a comparison sees it, and the unit a constant on the other side is divided by to compare with
     * the column's statistics: 1 under {@link #column}'s casts, microseconds per day for {@code CAST(date_col AS
     * TIMESTAMP)} (the binder widens a DATE column compared with a TIMESTAMP). Null when not a column.
     */
    private record Side(ColumnRef col, double unit) {}

    private static Side side(Expr e) {
        e = column(e);
        if (e instanceof ColumnRef r) return new Side(r, 1);
        if (e instanceof Cast c
                && c.type() == DataType.TIMESTAMP
                && c.arg().type() == DataType.DATE
                && column(c.arg()) instanceof ColumnRef r) return new Side(r, MICROS_PER_DAY);
        return null;
    }

    /** The column under {@link #side}'s casts (for distinct counts and NULL fractions, which those casts keep). */
    static Expr key(Expr e) {
        Side s = side(e);
        return s == null ? e : s.col;
    }

    /**
     * Fraction of rows for which {@code predicate} is true, columns' statistics from {@code statsOf}
     * (by column id).
     */
    public static double selectivity(Expr predicate, IntFunction<ColumnStats> statsOf) {
        List<Expr> conj = Exprs.conjuncts(predicate);
        if (conj.size() > 1) return conjunction(conj, statsOf);
        return clamp(single(predicate, statsOf));
    }

    private static double clamp(double s) {
        return Double.isNaN(s) ? UNKNOWN : Math.max(0, Math.min(1, s));
    }

    /** AND: range bounds on one column are intersected into one interval; everything else multiplies. */
    private static double conjunction(List<Expr> conj, IntFunction<ColumnStats> statsOf) {
        double s = 1;
        Map<Integer, double[]> ranges = new HashMap<>(); // column id -> {lo, hi}
        List<Integer> order = new ArrayList<>();
        for (Expr c : conj) {
            Bound b = bound(c, statsOf);
            if (b == null) {
                s *= clamp(single(c, statsOf));
                continue;
            }
            double[] r = ranges.get(b.column);
            if (r == null) {
                r = new double[] {Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY};
                ranges.put(b.column, r);
                order.add(b.column);
            }
            if (b.lower) r[0] = Math.max(r[0], b.value);
            else r[1] = Math.min(r[1], b.value);
        }
        for (int id : order) {
            double[] r = ranges.get(id);
            s *= rangeFraction(statsOf.apply(id), r[0], r[1]);
        }
        return clamp(s);
    }

    /** {@code col >= v} / {@code col > v} (lower) or {@code col <= v} / {@code col < v} (upper), with a known range. */
    private record Bound(int column, boolean lower, double value) {}

    private static Bound bound(Expr e, IntFunction<ColumnStats> statsOf) {
        if (!(e instanceof Call c)) return null;
        boolean lower;
        switch (c.fn()) {
            case GT, GE -> lower = true;
            case LT, LE -> lower = false;
            default -> {
                return null;
            }
        }
        Side a = side(c.arg(0));
        Expr b = c.arg(1);
        if (a == null) {
            a = side(c.arg(1));
            b = c.arg(0);
            lower = !lower;
        }
        if (a == null) return null;
        ColumnStats st = statsOf.apply(a.col.id());
        double v = numeric(b, a.col) / a.unit;
        if (!st.hasRange() || Double.isNaN(v)) return null;
        return new Bound(a.col.id(), lower, v);
    }

    /** The fraction of a column's non-NULL [min, max] inside [lo, hi] (a uniform spread), times its non-NULL part. */
    private static double rangeFraction(ColumnStats st, double lo, double hi) {
        double nonNull = 1 - st.nullFraction();
        if (lo > hi) return 0;
        double min = st.min(), max = st.max();
        if (max <= min) return lo <= min && min <= hi ? nonNull : 0;
        double from = Math.max(lo, min), to = Math.min(hi, max);
        if (from > to) return 0;
        // at least one value's share: a bound equal to min or max keeps that value
        double frac = (to - from) / (max - min);
        if (st.distinct() > 0) frac = Math.max(frac, 1.0 / st.distinct());
        return nonNull * Math.min(1, frac);
    }

    /**
     * The number a constant {@code e} compares as against {@code col} (stored long of integers and
     * temporal values, DECIMAL's unscaled value at the column's scale, DOUBLE); NaN when not a constant or
     * not comparable so.
     */
    private static double numeric(Expr e, Expr col) {
        if (!(e instanceof Literal lit) || lit.value() == null) return Double.NaN;
        Object v = lit.value();
        if (col.type() instanceof dev.nabla.storage.DecimalType dt) {
            return v instanceof BigDecimal d ? d.movePointRight(dt.scale()).doubleValue() : Double.NaN;
        }
        return switch (v) {
            case Long l -> l;
            case Double d -> d;
            case BigDecimal d -> d.doubleValue();
            default -> Double.NaN;
        };
    }

    private static double single(Expr e, IntFunction<ColumnStats> statsOf) {
        if (e instanceof Literal l) return Boolean.TRUE.equals(l.value()) ? 1 : 0;
        if (!(e instanceof Call c)) return UNKNOWN;
        return switch (c.fn()) {
            case AND -> conjunction(Exprs.conjuncts(e), statsOf);
            case OR -> {
                double a = selectivity(c.arg(0), statsOf), b = selectivity(c.arg(1), statsOf);
                yield a + b - a * b;
            }
            case NOT -> 1 - selectivity(c.arg(0), statsOf);
            case EQ, IS_NOT_DISTINCT_FROM -> equality(c.arg(0), c.arg(1), statsOf);
            case NE, IS_DISTINCT_FROM -> {
                Expr col = key(c.arg(0)) instanceof ColumnRef ? c.arg(0) : c.arg(1);
                double nonNull = key(col) instanceof ColumnRef r
                        ? 1 - statsOf.apply(r.id()).nullFraction()
                        : 1;
                yield Math.max(0, nonNull - equality(c.arg(0), c.arg(1), statsOf));
            }
            case LT, LE, GT, GE -> {
                Bound b = bound(e, statsOf);
                if (b == null) yield RANGE;
                yield rangeFraction(
                        statsOf.apply(b.column),
                        b.lower ? b.value : Double.NEGATIVE_INFINITY,
                        b.lower ? Double.POSITIVE_INFINITY : b.value);
            }
            case IS_NULL ->
                key(c.arg(0)) instanceof ColumnRef r ? statsOf.apply(r.id()).nullFraction() : UNKNOWN;
            case IS_NOT_NULL ->
                key(c.arg(0)) instanceof ColumnRef r ? 1 - statsOf.apply(r.id()).nullFraction() : 1 - UNKNOWN;
            case IN_LIST -> {
                double one = equality(c.arg(0), c.arg(1), statsOf);
                yield Math.min(1, one * (c.args().size() - 1));
            }
            case LIKE, ILIKE, GLOB -> {
                if (c.arg(1) instanceof Literal p && p.value() instanceof String s && !hasWildcard(s, c.fn())) {
                    yield equality(c.arg(0), c.arg(1), statsOf);
                }
                yield PATTERN;
            }
            default -> UNKNOWN;
        };
    }

    private static boolean hasWildcard(String pattern, Fn fn) {
        for (int i = 0; i < pattern.length(); i++) {
            char ch = pattern.charAt(i);
            if (fn == Fn.GLOB ? ch == '*' || ch == '?' || ch == '[' : ch == '%' || ch == '_' || ch == '\\') return true;
        }
        return false;
    }

    /**
     * {@code a = b}: with a column and a constant, (1 − nulls) / ndv; two columns, 1 / max(ndv); otherwise
     * the unknown factor.
     */
    private static double equality(Expr a, Expr b, IntFunction<ColumnStats> statsOf) {
        Side sa = side(a), sb = side(b);
        if (sa != null && sb != null) {
            ColumnRef ra = sa.col, rb = sb.col;
            long da = statsOf.apply(ra.id()).distinct(),
                    db = statsOf.apply(rb.id()).distinct();
            long d = Math.max(da, db);
            return d > 0 ? 1.0 / d : UNKNOWN;
        }
        Side side = sa != null ? sa : sb;
        Expr other = sa != null ? b : a;
        if (side == null || !Exprs.columnIds(other).isEmpty()) return UNKNOWN;
        ColumnStats st = statsOf.apply(side.col.id());
        if (st.distinct() <= 0) return UNKNOWN;
        double v = numeric(other, side.col) / side.unit;
        // a constant outside the column's range matches nothing (but stay above zero: statistics age)
        if (st.hasRange() && !Double.isNaN(v) && (v < st.min() || v > st.max()))
            return 1.0 / Math.max(1, st.distinct()) / 10;
        return (1 - st.nullFraction()) / st.distinct();
    }
}
