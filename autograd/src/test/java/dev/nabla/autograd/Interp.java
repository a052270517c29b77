package dev.nabla.autograd;

import dev.nabla.plan.expr.Call;
import dev.nabla.plan.expr.CaseWhen;
import dev.nabla.plan.expr.Cast;
import dev.nabla.plan.expr.ColumnRef;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Literal;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reference interpreter over bound expressions for tests: a row maps column ids to Doubles (null =
 * SQL NULL); values are Double, Boolean or null with SQL three-valued logic. Independent of the engine.
 */
final class Interp {
    private static final Object NULL = new Object();
    private final Map<Integer, Double> row;
    private final Map<Expr, Object> memo = new IdentityHashMap<>();

    private Interp(Map<Integer, Double> row) {
        this.row = row;
    }

    static Object eval(Expr e, Map<Integer, Double> row) {
        return new Interp(row).value(e);
    }

    static Double num(Expr e, Map<Integer, Double> row) {
        Object v = eval(e, row);
        return v == null ? null : (Double) v;
    }

    private Object value(Expr e) {
        Object known = memo.get(e);
        if (known != null) return known == NULL ? null : known;
        Object v = compute(e);
        memo.put(e, v == null ? NULL : v);
        return v;
    }

    private Double d(Expr e) {
        Object v = value(e);
        if (v instanceof Boolean b) return b ? 1.0 : 0.0;
        return (Double) v;
    }

    private Boolean b(Expr e) {
        return (Boolean) value(e);
    }

    private Object compute(Expr e) {
        return switch (e) {
            case Literal l ->
                l.value() == null ? null : l.value() instanceof Number n ? (Object) n.doubleValue() : l.value();
            case ColumnRef c -> {
                if (!row.containsKey(c.id()))
                    throw new IllegalStateException("no value for column " + c.name() + "#" + c.id());
                yield row.get(c.id());
            }
            case Cast c -> {
                Double v = d(c.arg());
                if (v == null) yield null;
                yield c.type().isIntegral() ? (double) (long) (double) v : v;
            }
            case CaseWhen c -> {
                for (int i = 0; i < c.conditions().size(); i++) {
                    if (Boolean.TRUE.equals(b(c.conditions().get(i))))
                        yield value(c.results().get(i));
                }
                yield value(c.otherwise());
            }
            case Call c -> call(c);
            default -> throw new IllegalStateException("interp: " + e.toSql());
        };
    }

    private Object call(Call c) {
        List<Expr> a = c.args();
        switch (c.fn()) {
            case AND -> {
                Boolean x = b(a.get(0)), y = b(a.get(1));
                if (Boolean.FALSE.equals(x) || Boolean.FALSE.equals(y)) return false;
                return x == null || y == null ? null : true;
            }
            case OR -> {
                Boolean x = b(a.get(0)), y = b(a.get(1));
                if (Boolean.TRUE.equals(x) || Boolean.TRUE.equals(y)) return true;
                return x == null || y == null ? null : false;
            }
            case IS_NULL -> {
                return value(a.get(0)) == null;
            }
            case IS_NOT_NULL -> {
                return value(a.get(0)) != null;
            }
            case COALESCE, IFNULL -> {
                for (Expr x : a) {
                    Object v = value(x);
                    if (v != null) return v;
                }
                return null;
            }
            case NULLIF -> {
                Double x = d(a.get(0)), y = d(a.get(1));
                return x == null ? null : y != null && x.equals(y) ? null : x;
            }
            case GREATEST, LEAST -> {
                Double best = null;
                for (Expr x : a) {
                    Double v = d(x);
                    if (v != null
                            && (best == null || (c.fn() == dev.nabla.plan.expr.Fn.GREATEST ? v > best : v < best)))
                        best = v;
                }
                return best;
            }
            case PI -> {
                return Math.PI;
            }
            default -> {}
        }
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) {
            Double x = d(a.get(i));
            if (x == null) return null;
            v[i] = x;
        }
        return switch (c.fn()) {
            case EQ -> v[0] == v[1];
            case NE -> v[0] != v[1];
            case LT -> v[0] < v[1];
            case LE -> v[0] <= v[1];
            case GT -> v[0] > v[1];
            case GE -> v[0] >= v[1];
            case NOT -> v[0] == 0;
            default -> (Object) numeric(c, v);
        };
    }

    private static double numeric(Call c, double[] v) {
        return switch (c.fn()) {
            case ADD -> v[0] + v[1];
            case SUB -> v[0] - v[1];
            case MUL -> v[0] * v[1];
            case DIV -> v[0] / v[1];
            case MOD -> v[0] % v[1];
            case NEG -> -v[0];
            case ABS -> Math.abs(v[0]);
            case SIGN -> Math.signum(v[0]);
            case FLOOR -> Math.floor(v[0]);
            case CEIL -> Math.ceil(v[0]);
            case ROUND -> Math.signum(v[0]) * Math.floor(Math.abs(v[0]) + 0.5);
            case TRUNC -> v[0] < 0 ? Math.ceil(v[0]) : Math.floor(v[0]);
            case SQRT -> Math.sqrt(v[0]);
            case CBRT -> Math.cbrt(v[0]);
            case EXP -> Math.exp(v[0]);
            case EXPM1 -> Math.expm1(v[0]);
            case LN -> Math.log(v[0]);
            case LOG10 -> Math.log10(v[0]);
            case LOG2 -> Math.log(v[0]) / Math.log(2);
            case LOG1P -> Math.log1p(v[0]);
            case LOG -> Math.log(v[1]) / Math.log(v[0]);
            case POWER -> Math.pow(v[0], v[1]);
            case SIN -> Math.sin(v[0]);
            case COS -> Math.cos(v[0]);
            case TAN -> Math.tan(v[0]);
            case ASIN -> Math.asin(v[0]);
            case ACOS -> Math.acos(v[0]);
            case ATAN -> Math.atan(v[0]);
            case ATAN2 -> Math.atan2(v[0], v[1]);
            case SINH -> Math.sinh(v[0]);
            case COSH -> Math.cosh(v[0]);
            case TANH -> Math.tanh(v[0]);
            case ASINH -> Math.log(v[0] + Math.sqrt(v[0] * v[0] + 1));
            case ACOSH -> Math.log(v[0] + Math.sqrt(v[0] * v[0] - 1));
            case ATANH -> 0.5 * Math.log((1 + v[0]) / (1 - v[0]));
            case SIGMOID -> 1 / (1 + Math.exp(-v[0]));
            case SOFTPLUS -> Math.log1p(Math.exp(v[0]));
            case LOG_SIGMOID -> -Math.log1p(Math.exp(-v[0]));
            case SOFT_GATE -> 1 / (1 + Math.exp(v[1] - v[0]));
            case RELU -> Math.max(0, v[0]);
            case STOP_GRADIENT -> v[0];
            default -> throw new IllegalStateException("interp: no " + c.fn());
        };
    }
}
