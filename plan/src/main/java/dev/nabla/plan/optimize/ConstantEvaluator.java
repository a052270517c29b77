package dev.nabla.plan.optimize;

import dev.nabla.plan.expr.AggCall;
import dev.nabla.plan.expr.Call;
import dev.nabla.plan.expr.CaseWhen;
import dev.nabla.plan.expr.Cast;
import dev.nabla.plan.expr.ColumnRef;
import dev.nabla.plan.expr.Derivative;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Fn;
import dev.nabla.plan.expr.Literal;
import dev.nabla.plan.expr.Param;
import dev.nabla.plan.expr.SubqueryExpr;
import dev.nabla.plan.expr.WindowCall;
import dev.nabla.plan.fn.ArrayFunction;
import dev.nabla.plan.fn.Functions;
import dev.nabla.plan.fn.ScalarFunction;
import dev.nabla.storage.DataType;
import java.util.List;

/**
 * Evaluates one operator over literal operands at plan time. Returns null whenever the runtime might
 * behave differently (overflow, division by zero, NaN/infinite results, lossy or locale-dependent casts),
 * so folding never changes a result or hides an error. The numeric functions fold through their
 * registry entry ({@link Functions}): the scalar twin inside the domain, NULL outside it.
 */
public final class ConstantEvaluator {
    private ConstantEvaluator() {}

    /** The literal value of {@code e} after folding all its constant subtrees, or null. */
    public static Literal evaluate(Expr e) {
        Expr folded = dev.nabla.plan.expr.Exprs.transformUp(e, ConstantEvaluator::foldNode);
        return folded instanceof Literal l ? l : null;
    }

    /** {@code e} itself when it cannot be folded, else the literal (whose children are all literals already). */
    public static Expr foldNode(Expr e) {
        Literal r = switch (e) {
            case Call c when allLiterals(c.args()) -> call(c);
            case Call c -> shortCircuit(c);
            case Cast c when c.arg() instanceof Literal l -> cast(l, c.type());
            case CaseWhen c -> caseWhen(c);
            // a cast of a non-literal, and nodes whose value is not known at plan time
            case Cast c -> null;
            case Literal l -> null;
            case ColumnRef ref -> null;
            case Param p -> null;
            case SubqueryExpr q -> null;
            case AggCall a -> null;
            case WindowCall w -> null;
            case Derivative d -> null;
        };
        if (r == null) return e;
        return new Literal(r.value(), e.type(), e.span());
    }

    private static boolean allLiterals(List<Expr> args) {
        for (Expr a : args) if (!(a instanceof Literal)) return false;
        return true;
    }

    private static Literal shortCircuit(Call c) {
        // FALSE AND x = FALSE, TRUE OR x = TRUE even for NULL/unknown x (x has no side effects to skip)
        if (c.fn() == Fn.AND || c.fn() == Fn.OR) {
            boolean absorbing = c.fn() == Fn.OR;
            for (Expr a : c.args()) {
                if (a instanceof Literal l && l.value() instanceof Boolean b && b == absorbing) return bool(absorbing);
            }
        }
        return null;
    }

    private static Literal caseWhen(CaseWhen c) {
        for (int i = 0; i < c.conditions().size(); i++) {
            if (!(c.conditions().get(i) instanceof Literal l)) return null;
            if (Boolean.TRUE.equals(l.value())) return c.results().get(i) instanceof Literal r ? r : null;
        }
        return c.otherwise() instanceof Literal o ? o : null;
    }

    private static Literal bool(Boolean b) {
        return new Literal(b, DataType.BOOLEAN, null);
    }

    private static Literal nul() {
        return new Literal(null, DataType.NULL, null);
    }

    private static Literal lng(long v) {
        return new Literal(v, DataType.BIGINT, null);
    }

    private static Literal dbl(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? null : new Literal(v, DataType.DOUBLE, null);
    }

    private static Literal call(Call c) {
        List<Expr> a = c.args();
        Fn fn = c.fn();
        switch (fn) {
            case AND -> {
                return and3(val(a, 0), val(a, 1));
            }
            case OR -> {
                return or3(val(a, 0), val(a, 1));
            }
            case NOT -> {
                return val(a, 0) == null ? nul() : bool(!(Boolean) val(a, 0));
            }
            case IS_NULL -> {
                return bool(val(a, 0) == null);
            }
            case IS_NOT_NULL -> {
                return bool(val(a, 0) != null);
            }
            case COALESCE, IFNULL -> {
                for (Expr x : a) if (((Literal) x).value() != null) return (Literal) x;
                return nul();
            }
            default -> {}
        }
        for (Expr x : a) if (((Literal) x).value() == null) return nullPropagating(fn) ? nul() : null;
        DataType t = c.type();
        DataType at = a.isEmpty() ? null : a.get(0).type();
        try {
            switch (fn) {
                case ADD, SUB, MUL, DIV, MOD -> {
                    if (t.isIntegral()) {
                        long x = ((Number) val(a, 0)).longValue(), y = ((Number) val(a, 1)).longValue();
                        if (a.get(0).type().isTemporal() || a.get(1).type().isTemporal()) return null;
                        return switch (fn) {
                            case ADD -> lng(Math.addExact(x, y));
                            case SUB -> lng(Math.subtractExact(x, y));
                            case MUL -> lng(Math.multiplyExact(x, y));
                            case DIV -> y == 0 || (x == Long.MIN_VALUE && y == -1) ? null : lng(x / y);
                            default -> y == 0 ? null : lng(x % y);
                        };
                    }
                    if (t.isFloating()
                            && a.get(0).type().isFloating()
                            && a.get(1).type().isFloating()) {
                        double x = d(a, 0), y = d(a, 1);
                        return switch (fn) {
                            case ADD -> dbl(x + y);
                            case SUB -> dbl(x - y);
                            case MUL -> dbl(x * y);
                            case DIV -> y == 0 ? null : dbl(x / y);
                            default -> y == 0 ? null : dbl(x % y);
                        };
                    }
                    return null;
                }
                case NEG -> {
                    if (t.isIntegral()) return ((Long) val(a, 0)) == Long.MIN_VALUE ? null : lng(-(Long) val(a, 0));
                    return t.isFloating() ? dbl(-d(a, 0)) : null;
                }
                case EQ, NE, LT, LE, GT, GE, IS_DISTINCT_FROM, IS_NOT_DISTINCT_FROM -> {
                    if (!a.get(0).type().equals(a.get(1).type())
                            && !(at.isIntegral() && a.get(1).type().isIntegral())) return null;
                    int cmp = compare(val(a, 0), val(a, 1));
                    return bool(
                            switch (fn) {
                                case EQ, IS_NOT_DISTINCT_FROM -> cmp == 0;
                                case NE, IS_DISTINCT_FROM -> cmp != 0;
                                case LT -> cmp < 0;
                                case LE -> cmp <= 0;
                                case GT -> cmp > 0;
                                default -> cmp >= 0;
                            });
                }
                case CONCAT -> {
                    return a.get(0).type() == DataType.VARCHAR && a.get(1).type() == DataType.VARCHAR
                            ? new Literal((String) val(a, 0) + val(a, 1), DataType.VARCHAR, null)
                            : null;
                }
                case LOWER -> {
                    return new Literal(((String) val(a, 0)).toLowerCase(java.util.Locale.ROOT), DataType.VARCHAR, null);
                }
                case UPPER -> {
                    return new Literal(((String) val(a, 0)).toUpperCase(java.util.Locale.ROOT), DataType.VARCHAR, null);
                }
                case ABS -> {
                    if (t.isIntegral())
                        return (Long) val(a, 0) == Long.MIN_VALUE ? null : lng(Math.abs((Long) val(a, 0)));
                    return registered(c);
                }
                default -> {
                    return registered(c);
                }
            }
        } catch (ArithmeticException | ClassCastException ex) {
            return null;
        }
    }

    private static boolean nullPropagating(Fn fn) {
        return switch (fn) {
            case ADD, SUB, MUL, DIV, MOD, NEG, EQ, NE, LT, LE, GT, GE, CONCAT, LOWER, UPPER -> true;
            default -> Functions.of(fn) != null || Functions.array(fn) != null;
        };
    }

    /**
     * A registry function over DOUBLE literals, from its scalar twin and domain: NULL outside the domain
     * (as at run time), not folded when the value is NaN or infinite (no literal spells them).
     */
    private static Literal registered(Call c) {
        if (Functions.array(c.fn()) != null) return array(Functions.array(c.fn()), c);
        ScalarFunction def = Functions.of(c.fn());
        if (def == null || c.type() != DataType.DOUBLE) return null;
        for (Expr x : c.args()) if (!x.type().isFloating()) return null;
        Double v = switch (c.args().size()) {
            case 0 -> def.twin().applyAsDouble(0);
            case 1 -> def.value(d(c.args(), 0));
            case 2 -> def.value(d(c.args(), 0), d(c.args(), 1));
            default -> null;
        };
        if (v == null) return c.args().isEmpty() ? null : nul();
        return dbl(v);
    }

    /**
     * An array function over DOUBLE[n] literals, from its twin; not folded when a value is NaN or infinite
     * (no literal spells them).
     */
    private static Literal array(ArrayFunction def, Call c) {
        // over DOUBLE[] lists the call runs per row (lengths are checked there, with their errors)
        for (Expr e : c.args()) if (!(e.type() instanceof dev.nabla.storage.ArrayType)) return null;
        double[] x = (double[]) val(c.args(), 0);
        double[] y = c.args().size() > 1 ? (double[]) val(c.args(), 1) : null;
        Object v = def.twin().apply(x, y);
        return switch (v) {
            case null -> nul();
            case Double d -> dbl(d);
            case double[] r -> {
                for (double e : r) if (!Double.isFinite(e)) yield null;
                yield new Literal(r, c.type(), null);
            }
            default -> null;
        };
    }

    private static Object val(List<Expr> a, int i) {
        Object v = ((Literal) a.get(i)).value();
        return v;
    }

    private static double d(List<Expr> a, int i) {
        return ((Number) val(a, i)).doubleValue();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(Object x, Object y) {
        if (x == null || y == null) {
            if (x == null && y == null) return 0;
            return x == null ? -1 : 1;
        }
        if (x instanceof Number n && y instanceof Number m) {
            if (x instanceof Long l && y instanceof Long k) return Long.compare(l, k);
            double a = n.doubleValue(), b = m.doubleValue();
            return a < b ? -1 : a > b ? 1 : 0; // -0.0 = 0.0 as in SQL
        }
        if (x instanceof java.util.UUID u && y instanceof java.util.UUID v)
            return dev.nabla.storage.Uuids.compare(u, v);
        return ((Comparable) x).compareTo(y);
    }

    private static Literal and3(Object x, Object y) {
        if (Boolean.FALSE.equals(x) || Boolean.FALSE.equals(y)) return bool(false);
        if (x == null || y == null) return nul();
        return bool(true);
    }

    private static Literal or3(Object x, Object y) {
        if (Boolean.TRUE.equals(x) || Boolean.TRUE.equals(y)) return bool(true);
        if (x == null || y == null) return nul();
        return bool(false);
    }

    private static Literal cast(Literal l, DataType to) {
        Object v = l.value();
        DataType from = l.type();
        if (v == null) return new Literal(null, to, null);
        if (from.equals(to)) return l;
        if (from.isIntegral() && to.isFloating()) return new Literal(((Long) v).doubleValue(), to, null);
        if (from.isIntegral() && to.isIntegral()) return new Literal(v, to, null);
        if (from.isIntegral() && to == DataType.VARCHAR) return new Literal(v.toString(), to, null);
        if (from == DataType.BOOLEAN && to.isIntegral()) return new Literal((Boolean) v ? 1L : 0L, to, null);
        if (from.isIntegral() && to == DataType.BOOLEAN) return new Literal((Long) v != 0, to, null);
        if (from == DataType.VARCHAR && to == DataType.VARCHAR) return l;
        return null;
    }
}
