package dev.nabla.autograd;

import dev.nabla.plan.expr.Call;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Fn;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one registry of derivative rules, keyed on {@link Fn}. A rule maps a call and the tangents of
 * its arguments to the call's tangent (forward mode). Rules are only consulted when at least one
 * argument tangent is non-zero, and they skip zero tangents themselves, so expressions that do not
 * depend on the variable never grow derivative nodes. Every Fn is either here or in
 * {@link #NON_DIFFERENTIABLE}; a test pins that.
 *
 * <p>Conventions at kinks (see docs/derivatives.md): abs'(0) = 0, relu'(0) = 0, sign/floor/ceil/
 * round/trunc have derivative 0 everywhere, greatest/least follow the first selected argument on
 * ties, d(x % c)/dx = 1.
 */
final class DerivativeRules {
    private DerivativeRules() {}

    /** A rule: the tangent of {@code call} given its arguments' tangents (canonical; zero is {@code f.zero}). */
    @FunctionalInterface
    interface Rule {
        Expr apply(ExprFactory f, Call call, List<Expr> tangents);
    }

    /** The tangent of a unary function given its argument {@code x} and the argument's non-zero tangent {@code dx}. */
    @FunctionalInterface
    interface Unary {
        Expr apply(ExprFactory f, Expr x, Expr dx);
    }

    /** Like {@link Unary}, with the call's own value {@code y = fn(x)} (shared with the primal). */
    @FunctionalInterface
    interface UnaryUsingResult {
        Expr apply(ExprFactory f, Expr x, Expr y, Expr dx);
    }

    private static final Map<Fn, Rule> RULES = new EnumMap<>(Fn.class);

    /** Functions with no derivative: an argument that depends on the variable is a GRAD error. */
    static final Set<Fn> NON_DIFFERENTIABLE = Collections.unmodifiableSet(EnumSet.of(
            Fn.EQ, Fn.NE, Fn.LT, Fn.LE, Fn.GT, Fn.GE, Fn.IS_DISTINCT_FROM, Fn.IS_NOT_DISTINCT_FROM,
            Fn.AND, Fn.OR, Fn.NOT, Fn.IS_NULL, Fn.IS_NOT_NULL, Fn.IN_LIST, Fn.LIKE, Fn.ILIKE, Fn.GLOB,
            Fn.CONCAT, Fn.BIT_AND, Fn.BIT_OR, Fn.BIT_NOT, Fn.SHIFT_LEFT, Fn.SHIFT_RIGHT, Fn.RANDOM,
            Fn.LOWER, Fn.UPPER, Fn.LENGTH, Fn.SUBSTR, Fn.TRIM, Fn.LTRIM, Fn.RTRIM, Fn.REPLACE, Fn.INSTR,
            Fn.LEFT, Fn.RIGHT, Fn.REPEAT, Fn.REVERSE, Fn.LPAD, Fn.RPAD, Fn.CONCAT_FN, Fn.STARTS_WITH,
            Fn.CONTAINS, Fn.TYPEOF, Fn.CURRENT_DATE, Fn.CURRENT_TIMESTAMP, Fn.EXTRACT, Fn.DATE_TRUNC,
            Fn.DERIVATIVE_SQL, Fn.OCTET_LENGTH, Fn.HEX, Fn.UNHEX,
            Fn.REGEXP_MATCHES, Fn.REGEXP_FULL_MATCH, Fn.REGEXP_REPLACE, Fn.REGEXP_EXTRACT, Fn.SIMILAR_TO,
            Fn.SPLIT_PART, Fn.ENDS_WITH, Fn.INITCAP, Fn.CONCAT_WS, Fn.TRANSLATE, Fn.ASCII, Fn.CHR, Fn.MD5, Fn.PRINTF, Fn.ADD_INTERVAL));

    static Rule rule(Fn fn) { return RULES.get(fn); }

    static Set<Fn> differentiable() { return Collections.unmodifiableSet(RULES.keySet()); }

    // ---- shaped helpers -------------------------------------------------------------------------

    private static void rule(Fn fn, Rule rule) {
        if (RULES.put(fn, rule) != null) throw new IllegalStateException("two rules for " + fn);
    }

    private static void unary(Fn fn, Unary u) {
        rule(fn, (f, call, t) -> ExprFactory.isZero(t.get(0)) ? f.zero : u.apply(f, call.arg(0), t.get(0)));
    }

    private static void unaryUsingResult(Fn fn, UnaryUsingResult u) {
        rule(fn, (f, call, t) -> ExprFactory.isZero(t.get(0)) ? f.zero : u.apply(f, call.arg(0), call, t.get(0)));
    }

    /** Linear functions: the tangent is the function applied to the tangents. */
    private static void linear(Fn fn) {
        rule(fn, (f, call, t) -> switch (fn) {
            case NEG -> f.neg(t.get(0));
            case ADD -> f.add(t.get(0), t.get(1));
            case SUB -> f.sub(t.get(0), t.get(1));
            default -> throw new IllegalStateException(fn + " is not linear");
        });
    }

    /** Bilinear functions (product rule): d(a·b) = da·b + a·db. */
    private static void bilinear(Fn fn) {
        rule(fn, (f, call, t) -> f.add(f.mul(t.get(0), call.arg(1)), f.mul(call.arg(0), t.get(1))));
    }

    /** Piecewise-constant or constant functions: derivative 0 wherever it exists. */
    private static void zero(Fn fn) { rule(fn, (f, call, t) -> f.zero); }

    static {
        linear(Fn.NEG);
        linear(Fn.ADD);
        linear(Fn.SUB);
        bilinear(Fn.MUL);
        // d(a/b) = (da − (a/b)·db) / b, reusing the primal quotient
        rule(Fn.DIV, (f, c, t) -> f.div(f.sub(t.get(0), f.mul(c, t.get(1))), c.arg(1)));
        // a % b = a − b·trunc(a/b); trunc is piecewise constant, so d = da − trunc(a/b)·db
        rule(Fn.MOD, (f, c, t) -> f.sub(t.get(0), f.mul(f.call(Fn.TRUNC, f.call(Fn.DIV, c.arg(0), c.arg(1))), t.get(1))));

        unary(Fn.SIN, (f, x, dx) -> f.mul(f.call(Fn.COS, x), dx));
        unary(Fn.COS, (f, x, dx) -> f.neg(f.mul(f.call(Fn.SIN, x), dx)));
        unaryUsingResult(Fn.TAN, (f, x, y, dx) -> f.mul(f.add(f.one, f.square(y)), dx));
        unary(Fn.ASIN, (f, x, dx) -> f.div(dx, f.call(Fn.SQRT, f.sub(f.one, f.square(x)))));
        unary(Fn.ACOS, (f, x, dx) -> f.neg(f.div(dx, f.call(Fn.SQRT, f.sub(f.one, f.square(x))))));
        unary(Fn.ATAN, (f, x, dx) -> f.div(dx, f.add(f.one, f.square(x))));
        unary(Fn.SINH, (f, x, dx) -> f.mul(f.call(Fn.COSH, x), dx));
        unary(Fn.COSH, (f, x, dx) -> f.mul(f.call(Fn.SINH, x), dx));
        unaryUsingResult(Fn.TANH, (f, x, y, dx) -> f.mul(f.sub(f.one, f.square(y)), dx));
        unary(Fn.ASINH, (f, x, dx) -> f.div(dx, f.call(Fn.SQRT, f.add(f.square(x), f.one))));
        // sqrt(x−1)·sqrt(x+1) rather than sqrt(x²−1): no cancellation near x = 1
        unary(Fn.ACOSH, (f, x, dx) -> f.div(dx, f.mul(f.call(Fn.SQRT, f.sub(x, f.one)), f.call(Fn.SQRT, f.add(x, f.one)))));
        unary(Fn.ATANH, (f, x, dx) -> f.div(dx, f.sub(f.one, f.square(x))));

        unaryUsingResult(Fn.EXP, (f, x, y, dx) -> f.mul(y, dx));
        unary(Fn.EXPM1, (f, x, dx) -> f.mul(f.call(Fn.EXP, x), dx));
        unary(Fn.LN, (f, x, dx) -> f.div(dx, x));
        unary(Fn.LOG10, (f, x, dx) -> f.div(dx, f.mul(x, f.lit(Math.log(10)))));
        unary(Fn.LOG2, (f, x, dx) -> f.div(dx, f.mul(x, f.lit(Math.log(2)))));
        unary(Fn.LOG1P, (f, x, dx) -> f.div(dx, f.add(f.one, x)));
        // log(b, x) = ln x / ln b
        rule(Fn.LOG, (f, c, t) -> {
            Expr b = c.arg(0), x = c.arg(1);
            Expr lnB = f.call(Fn.LN, b);
            Expr viaX = f.div(t.get(1), f.mul(x, lnB));
            Expr viaB = ExprFactory.isZero(t.get(0)) ? f.zero
                    : f.div(f.mul(c, t.get(0)), f.mul(b, lnB));  // log_b x · db / (b ln b)
            return f.sub(viaX, viaB);
        });
        unaryUsingResult(Fn.SQRT, (f, x, y, dx) -> f.div(dx, f.mul(f.lit(2), y)));
        unaryUsingResult(Fn.CBRT, (f, x, y, dx) -> f.div(dx, f.mul(f.lit(3), f.square(y))));
        rule(Fn.POWER, DerivativeRules::power);
        rule(Fn.ATAN2, (f, c, t) -> {
            Expr y = c.arg(0), x = c.arg(1);
            Expr num = f.sub(f.mul(x, t.get(0)), f.mul(y, t.get(1)));
            return f.div(num, f.add(f.square(x), f.square(y)));
        });

        // abs'(0) = 0 by sign(0) = 0
        unary(Fn.ABS, (f, x, dx) -> f.mul(f.call(Fn.SIGN, x), dx));
        zero(Fn.SIGN);
        zero(Fn.FLOOR);
        zero(Fn.CEIL);
        zero(Fn.ROUND);
        zero(Fn.TRUNC);
        zero(Fn.PI);
        zero(Fn.STOP_GRADIENT);

        unaryUsingResult(Fn.SIGMOID, (f, x, y, dx) -> f.mul(f.mul(y, f.sub(f.one, y)), dx));
        unary(Fn.SOFTPLUS, (f, x, dx) -> f.mul(f.call(Fn.SIGMOID, x), dx));
        // relu'(0) = 0: the strict comparison selects the zero branch at the kink
        unary(Fn.RELU, (f, x, dx) -> f.caseWhen(f.predicate(Fn.GT, x, f.zero), dx, f.zero));

        rule(Fn.GREATEST, (f, c, t) -> selected(f, c, t, Fn.GE));
        rule(Fn.LEAST, (f, c, t) -> selected(f, c, t, Fn.LE));
        rule(Fn.COALESCE, DerivativeRules::firstNonNull);
        rule(Fn.IFNULL, DerivativeRules::firstNonNull);
        // nullif(a, b) is NULL where a = b, else a: b only selects
        rule(Fn.NULLIF, (f, c, t) -> f.caseWhen(f.predicate(Fn.EQ, c.arg(0), c.arg(1)), f.nullDouble, t.get(0)));
    }

    /**
     * power(u, v). When only the base depends on the variable use v·u^(v−1)·du, which is right for
     * negative u (integer v), and 0 for v = 0; when only the exponent does, u^v·ln u·dv (0 at u = 0 for
     * v > 0); otherwise the general form
     * u^v·(dv·ln u + v·du/u), defined for u > 0.
     */
    /** The value of a non-NULL numeric literal, else null. */
    private static Double constant(Expr e) {
        return e instanceof dev.nabla.plan.expr.Literal l && l.value() instanceof Number n ? n.doubleValue() : null;
    }

    private static Expr power(ExprFactory f, Call c, List<Expr> t) {
        Expr u = c.arg(0), v = c.arg(1), du = t.get(0), dv = t.get(1);
        if (ExprFactory.isZero(dv)) {
            // v = 0: the derivative of u^0 = 1 is 0, also at u = 0 where v·u^(v−1) is 0·∞ (issue 12)
            Expr general = f.mul(v, f.call(Fn.POWER, u, f.sub(v, f.one)));
            Double k = constant(v);
            // only the point u = 0 = v is special: elsewhere the general form is right and keeps its v-derivative
            Expr singular = f.and(f.predicate(Fn.EQ, v, f.zero), f.predicate(Fn.EQ, u, f.zero));
            Expr slope = k == null ? f.caseWhen(singular, f.zero, general) : k == 0 ? f.zero : general;
            return f.mul(slope, du);
        }
        if (ExprFactory.isZero(du)) {
            // u = 0, v > 0: u^v is 0 near v, so its slope is 0 (u^v·ln u would be 0·NULL)
            Expr general = f.mul(c, f.call(Fn.LN, u));
            Double base = constant(u), k = constant(v);
            Expr slope;
            if (base != null && base != 0 || k != null && !(k > 0)) slope = general;
            else if (k != null) slope = f.caseWhen(f.predicate(Fn.EQ, u, f.zero), f.zero, general);
            else if (base != null) slope = f.caseWhen(f.predicate(Fn.GT, v, f.zero), f.zero, general);
            else slope = f.caseWhen(f.and(f.predicate(Fn.EQ, u, f.zero), f.predicate(Fn.GT, v, f.zero)), f.zero, general);
            return f.mul(slope, dv);
        }
        return f.mul(c, f.add(f.mul(dv, f.call(Fn.LN, u)), f.div(f.mul(v, du), u)));
    }

    /**
     * greatest/least: the tangent of the selected argument. Argument i is selected when it is not NULL
     * and beats (or ties, {@code cmp} includes equality) every later non-NULL argument; earlier
     * arguments were rejected by the preceding WHENs, so ties go to the first argument.
     */
    private static Expr selected(ExprFactory f, Call c, List<Expr> t, Fn cmp) {
        int n = c.args().size();
        if (n == 1) return t.get(0);
        List<Expr> conditions = new ArrayList<>(), results = new ArrayList<>();
        for (int i = 0; i < n - 1; i++) {
            Expr cond = f.isNotNull(c.arg(i));
            for (int j = i + 1; j < n; j++) {
                cond = f.and(cond, f.or(f.isNull(c.arg(j)), f.predicate(cmp, c.arg(i), c.arg(j))));
            }
            conditions.add(cond);
            results.add(t.get(i));
        }
        return f.caseWhen(conditions, results, t.get(n - 1));
    }

    /** coalesce/ifnull: the tangent of the first non-NULL argument. */
    private static Expr firstNonNull(ExprFactory f, Call c, List<Expr> t) {
        int n = c.args().size();
        if (n == 1) return t.get(0);
        List<Expr> conditions = new ArrayList<>(), results = new ArrayList<>();
        for (int i = 0; i < n - 1; i++) {
            conditions.add(f.isNotNull(c.arg(i)));
            results.add(t.get(i));
        }
        return f.caseWhen(conditions, results, t.get(n - 1));
    }
}
