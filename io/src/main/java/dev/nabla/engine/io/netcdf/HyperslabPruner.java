package dev.nabla.engine.io.netcdf;

import dev.nabla.plan.expr.Call;
import dev.nabla.plan.expr.Cast;
import dev.nabla.plan.expr.ColumnRef;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Fn;
import dev.nabla.plan.expr.Literal;
import dev.nabla.plan.logical.Column;
import dev.nabla.storage.DataType;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the conjuncts of a pushed-down filter that compare a dimension column with constants
 * ({@code =, <, >, <=, >=, IN}; BETWEEN arrives as two of them) into an index range per dimension:
 * the bounding range of the coordinate values that pass. Anything else (OR, functions of a
 * dimension, other columns) is ignored; the executor still applies the whole filter.
 */
final class HyperslabPruner {
    private HyperslabPruner() {}

    /**
     * Fills {@code lo}/{@code hi} (inclusive index bounds, initially the full extent) for each
     * dimension; returns false when some dimension has no passing coordinate (nothing to read).
     */
    static boolean prune(
            Expr filter, List<NcDimension> dims, List<Integer> columns, List<Column> scanOutput, int[] lo, int[] hi) {
        for (int d = 0; d < dims.size(); d++) {
            lo[d] = 0;
            hi[d] = dims.get(d).length() - 1;
        }
        if (filter == null) return true;
        List<Expr> conj = new ArrayList<>();
        conjuncts(filter, conj);
        int nd = dims.size();
        boolean[][] allowed = new boolean[nd][];
        for (Expr e : conj) {
            if (!(e instanceof Call c)) continue;
            Fn fn = c.fn();
            if (fn == Fn.IN_LIST) {
                int d = dimension(c.arg(0), dims, columns, scanOutput);
                if (d < 0) continue;
                double[] values = new double[c.args().size() - 1];
                boolean ok = true;
                for (int i = 1; i < c.args().size(); i++) {
                    Double v = constant(c.arg(i), dims.get(d).type());
                    if (v == null) ok = false;
                    else values[i - 1] = v;
                }
                if (!ok) continue;
                boolean[] mask = mask(allowed, d, dims.get(d).length());
                for (int i = 0; i < mask.length; i++) {
                    if (!mask[i]) continue;
                    double x = dims.get(d).valueAt(i);
                    boolean any = false;
                    for (double v : values) any |= x == v;
                    mask[i] = any;
                }
                continue;
            }
            if (fn != Fn.EQ && fn != Fn.LT && fn != Fn.LE && fn != Fn.GT && fn != Fn.GE) continue;
            int d = dimension(c.arg(0), dims, columns, scanOutput);
            Expr other = c.arg(1);
            if (d < 0) {
                d = dimension(c.arg(1), dims, columns, scanOutput);
                other = c.arg(0);
                fn = flip(fn);
            }
            if (d < 0) continue;
            Double v = constant(other, dims.get(d).type());
            if (v == null) continue;
            boolean[] mask = mask(allowed, d, dims.get(d).length());
            for (int i = 0; i < mask.length; i++) {
                if (!mask[i]) continue;
                double x = dims.get(d).valueAt(i);
                mask[i] = switch (fn) {
                    case EQ -> x == v;
                    case LT -> x < v;
                    case LE -> x <= v;
                    case GT -> x > v;
                    case GE -> x >= v;
                    default -> true;
                };
            }
        }
        for (int d = 0; d < nd; d++) {
            if (allowed[d] == null) continue;
            int first = -1, last = -1;
            for (int i = 0; i < allowed[d].length; i++) {
                if (allowed[d][i]) {
                    if (first < 0) first = i;
                    last = i;
                }
            }
            if (first < 0) return false;
            lo[d] = first;
            hi[d] = last;
        }
        return true;
    }

    private static boolean[] mask(boolean[][] allowed, int d, int n) {
        if (allowed[d] == null) {
            allowed[d] = new boolean[n];
            java.util.Arrays.fill(allowed[d], true);
        }
        return allowed[d];
    }

    private static void conjuncts(Expr e, List<Expr> out) {
        if (e instanceof Call c && c.fn() == Fn.AND) {
            for (Expr a : c.args()) conjuncts(a, out);
        } else {
            out.add(e);
        }
    }

    private static Fn flip(Fn fn) {
        return switch (fn) {
            case LT -> Fn.GT;
            case LE -> Fn.GE;
            case GT -> Fn.LT;
            case GE -> Fn.LE;
            default -> fn;
        };
    }

    /** The dimension a (possibly widened) column reference reads, or -1. */
    private static int dimension(Expr e, List<NcDimension> dims, List<Integer> columns, List<Column> scanOutput) {
        while (e instanceof Cast c && monotoneWidening(c.arg().type(), c.type())) e = c.arg();
        if (!(e instanceof ColumnRef r)) return -1;
        for (int k = 0; k < scanOutput.size() && k < columns.size(); k++) {
            if (scanOutput.get(k).id() == r.id()) {
                int src = columns.get(k);
                return src < dims.size() ? src : -1;
            }
        }
        return -1;
    }

    private static boolean monotoneWidening(DataType from, DataType to) {
        return (from.isNumeric() && to.isNumeric() && !(from.isFloating() && to.isIntegral())) || from.equals(to);
    }

    /** A constant comparable with coordinates of type {@code t}: numbers as doubles, DATE/TIMESTAMP as micros. */
    private static Double constant(Expr e, DataType t) {
        DataType castTo = null;
        while (e instanceof Cast c) {
            if (castTo == null) castTo = c.type();
            e = c.arg();
        }
        if (!(e instanceof Literal l) || l.value() == null) return null;
        DataType lt = l.type();
        if (t == DataType.TIMESTAMP) {
            if (l.value() instanceof Long v) {
                if (lt == DataType.TIMESTAMP) return (double) v;
                if (lt == DataType.DATE) return v * 86_400e6;
                return null;
            }
            if (l.value() instanceof String s) {
                try {
                    return (double) dev.nabla.engine.exec.expr.Casts.parseTimestamp(s);
                } catch (RuntimeException ex) {
                    return null;
                }
            }
            return null;
        }
        if (castTo != null && castTo.isIntegral() && l.value() instanceof Double) return null;
        Double v = l.value() instanceof Long x && lt.isNumeric()
                ? Double.valueOf(x)
                : l.value() instanceof Double x ? x : null;
        // a constant cast to REAL is compared after rounding to float: prune with the same value
        if (v != null && (castTo == DataType.REAL || (castTo == null && lt == DataType.REAL)))
            v = Double.valueOf((float) v.doubleValue());
        return v;
    }
}
