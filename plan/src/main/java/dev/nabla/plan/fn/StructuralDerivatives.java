package dev.nabla.plan.fn;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.common.Span;
import dev.nabla.plan.expr.AggCall;
import dev.nabla.plan.expr.AggFn;
import dev.nabla.plan.expr.CaseWhen;
import dev.nabla.plan.expr.Cast;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.WindowCall;
import dev.nabla.plan.expr.WindowCall.WindowFn;
import dev.nabla.storage.DataType;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The registry's derivative rules of the expressions that are not scalar function calls: CAST, CASE,
 * aggregates (one entry per {@link AggFn}) and window functions (one per {@link WindowFn}); the scalar
 * functions' rules are their {@link ScalarFunction#derivative()} entries. {@link Functions#derivative(AggFn)}
 * and {@link Functions#derivative(WindowFn)} look them up. A rule reads its operands' tangents through
 * {@link Tangents} and builds with its {@link DerivativeBuilder}; autograd's walk keeps the bookkeeping
 * that depends on where the derivative is taken (is the variable constant per group, is an aggregate
 * used linearly). An aggregate without an entry (STDDEV, string_agg …) has no derivative: a GRAD error
 * when its argument depends on the variable.
 */
public final class StructuralDerivatives {
    private StructuralDerivatives() {}

    @FunctionalInterface
    public interface AggregateRule {
        /** The tangent of {@code a}, one of whose arguments depends on the variable. */
        Expr apply(Tangents t, AggCall a);
    }

    @FunctionalInterface
    public interface WindowRule {
        /** The tangent of {@code w} (zero when no operand depends on the variable). */
        Expr apply(Tangents t, WindowCall w);
    }

    private static final Map<AggFn, AggregateRule> AGGREGATES = new EnumMap<>(AggFn.class);
    private static final Map<WindowFn, WindowRule> WINDOWS = new EnumMap<>(WindowFn.class);

    static {
        AGGREGATES.put(AggFn.COUNT, (t, a) -> t.f().zero());
        AGGREGATES.put(AggFn.COUNT_STAR, (t, a) -> t.f().zero());
        // linear: d SUM(f) = SUM(df), with df NULL exactly where f is, so AVG divides by the same count
        for (AggFn fn : List.of(AggFn.SUM, AggFn.TOTAL, AggFn.AVG)) {
            AGGREGATES.put(fn, (t, a) -> {
                Expr d = t.f().aggregate(a.fn(), t.rowTangent(a.args().get(0)), a.filter(), a.span());
                t.twin(d, a);
                return d;
            });
        }
        for (AggFn fn : List.of(AggFn.MIN, AggFn.MAX)) {
            AGGREGATES.put(fn, (t, a) -> {
                throw new NablaException(
                        ErrorCode.GRAD,
                        a.span(),
                        t.mode() + ": no derivative rule for " + t.print(a)
                                + where(a.span()) + ": " + a.fn().sqlName()
                                + " selects one row, and the selected row's derivative is not tracked; use a CASE over the row"
                                + " that attains it instead");
            });
        }

        // d logsumexp(z) = Σ softmax(z)·dz: the gradient of logsumexp is softmax
        AGGREGATES.put(AggFn.LOGSUMEXP, (t, a) -> {
            Expr z = a.args().get(0);
            Expr d = softmaxSum(t, t.rowTangent(z), z, a);
            t.twin(d, a);
            return d;
        });
        // y = Σ p_i v_i, p = softmax(z): dy = Σ p_i (dv_i + v_i dz_i) − y·Σ p_i dz_i (dp = p⊙(dz − ⟨p, dz⟩))
        AGGREGATES.put(AggFn.SOFTMAX_SUM, (t, a) -> {
            DerivativeBuilder f = t.f();
            Expr v = a.args().get(0), z = a.args().get(1);
            Expr dv = t.rowTangent(v), dz = t.rowTangent(z);
            Expr d;
            if (t.f().isZero(dz)) d = softmaxSum(t, dv, z, a);
            else d = f.sub(softmaxSum(t, f.add(dv, f.mul(v, dz)), z, a), f.mul(a, softmaxSum(t, dz, z, a)));
            t.twin(d, a);
            return d;
        });

        WINDOWS.put(WindowFn.AGGREGATE, StructuralDerivatives::windowAggregate);
        for (WindowFn fn : List.of(
                WindowFn.SOFTMAX, WindowFn.LOG_SOFTMAX, WindowFn.SOFT_RANK, WindowFn.SOFT_SORT, WindowFn.SOFT_TOPK)) {
            WINDOWS.put(fn, StructuralDerivatives::softWindow);
        }
        for (WindowFn fn : List.of(
                WindowFn.SOFTMAX_JVP,
                WindowFn.LOG_SOFTMAX_JVP,
                WindowFn.SOFT_RANK_JVP,
                WindowFn.SOFT_SORT_JVP,
                WindowFn.SOFT_TOPK_JVP,
                WindowFn.LOG_SOFTMAX_VJP,
                WindowFn.SOFT_RANK_VJP,
                WindowFn.SOFT_SORT_VJP)) {
            WINDOWS.put(fn, (t, w) -> {
                for (Expr a : w.args()) {
                    if (!t.f().isZero(t.tangent(a)))
                        throw noRule(
                                t.mode(),
                                "a second derivative through " + w.fn().name().toLowerCase(Locale.ROOT),
                                w.span());
                }
                return t.f().zero();
            });
        }
        for (WindowFn fn :
                List.of(WindowFn.LAG, WindowFn.LEAD, WindowFn.FIRST_VALUE, WindowFn.LAST_VALUE, WindowFn.NTH_VALUE)) {
            WINDOWS.put(fn, StructuralDerivatives::selectingWindow);
        }
        // rank-like functions are piecewise constant
        for (WindowFn fn : List.of(
                WindowFn.ROW_NUMBER,
                WindowFn.RANK,
                WindowFn.DENSE_RANK,
                WindowFn.PERCENT_RANK,
                WindowFn.CUME_DIST,
                WindowFn.NTILE)) {
            WINDOWS.put(fn, (t, w) -> {
                for (Expr a : w.args()) {
                    if (!t.f().isZero(t.tangent(a)))
                        throw noRule(t.mode(), w.fn().name().toLowerCase(Locale.ROOT), w.span());
                }
                return t.f().zero();
            });
        }
    }

    /** The rule of aggregate {@code fn}, or null when it has none (a GRAD error if its argument depends on the variable). */
    public static AggregateRule aggregate(AggFn fn) {
        return AGGREGATES.get(fn);
    }

    /** The rule of window function {@code fn}; every window function has one. */
    public static WindowRule window(WindowFn fn) {
        return WINDOWS.get(fn);
    }

    /**
     * CAST of a value whose tangent is {@code t} (non-zero): to a floating type, or integer to integer,
     * the tangent passes; a DOUBLE cast to an integer is piecewise constant (0 between the integers).
     */
    public static Expr cast(Tangents rules, Cast c, Expr t) {
        DataType to = c.type(), from = c.arg().type();
        if (to.isFloating() || (to.isIntegral() && from.isIntegral())) return t;
        if (to.isIntegral() && (from.isFloating() || from == DataType.NULL))
            return rules.f().zero();
        throw noRule(rules.mode(), "CAST(… AS " + to.sqlName() + ")", c.span());
    }

    /**
     * CASE is piecewise: the tangent of the selected branch under the same conditions (which are not
     * differentiated); a NULL branch keeps its NULL, so where the CASE is NULL so is its derivative.
     */
    public static Expr caseWhen(Tangents t, CaseWhen c) {
        DerivativeBuilder f = t.f();
        List<Expr> results = new ArrayList<>(c.results().size());
        boolean any = false;
        for (Expr r : c.results()) {
            Expr d = isNullLiteral(r) ? f.nullDouble() : t.tangent(r);
            results.add(d);
            any |= !t.f().isZero(d) && !isNullLiteral(d);
        }
        Expr otherwise = isNullLiteral(c.otherwise()) ? f.nullDouble() : t.tangent(c.otherwise());
        any |= !t.f().isZero(otherwise) && !isNullLiteral(otherwise);
        return any ? f.caseWhen(c.conditions(), results, otherwise) : f.zero();
    }

    /** SUM/AVG/total(f) OVER (...): the same window over the aggregate's tangent. */
    private static Expr windowAggregate(Tangents t, WindowCall w) {
        AggCall a = w.aggregate();
        boolean any = false;
        for (Expr arg : a.args()) any |= !t.f().isZero(t.tangent(arg));
        if (!any) return t.f().zero();
        Expr aggTangent = aggregateTangent(t, a);
        if (t.f().isZero(aggTangent)) return t.f().zero();
        Expr d = t.f().node(new WindowCall(
                w.fn(),
                (AggCall) aggTangent,
                List.of(),
                w.partitionBy(),
                w.orderBy(),
                w.frame(),
                DataType.DOUBLE,
                w.span()));
        t.twin(d, w);
        return d;
    }

    /** softmax_sum(arg, z) with the filter of {@code like}: the softmax-weighted mean of arg. */
    private static Expr softmaxSum(Tangents t, Expr arg, Expr z, AggCall like) {
        DerivativeBuilder f = t.f();
        if (t.f().isZero(arg)) return f.zero();
        return f.node(new AggCall(
                AggFn.SOFTMAX_SUM, List.of(f.asDouble(arg), z), false, like.filter(), DataType.DOUBLE, like.span()));
    }

    /**
     * A soft operator couples the rows of its partition: its tangent is the exact Jacobian-vector product
     * over the partition, a window of the same partition over the operator's argument and that argument's
     * tangent (softmax: p⊙(ṫ − ⟨p, ṫ⟩)). With the tangent 1 ({@code grad}) this is the derivative along a
     * uniform shift of the variable in every row — exactly ∂/∂θ when the variable θ is one parameter shared
     * by the rows. The parameters (τ, ε, k) are constants.
     */
    private static Expr softWindow(Tangents t, WindowCall w) {
        Expr x = w.args().get(0);
        if (t.f().isZero(t.tangent(x))) return t.f().zero();
        List<Expr> args = new ArrayList<>(w.args());
        args.add(t.f().asDouble(t.rowTangent(x)));
        Expr d = t.f().node(new WindowCall(
                w.fn().jvp(), null, args, w.partitionBy(), w.orderBy(), w.frame(), DataType.DOUBLE, w.span()));
        t.twin(d, w);
        return d;
    }

    /** lag/lead/first_value/last_value/nth_value select a row: the derivative selects the same row's tangent (or the default's). */
    private static Expr selectingWindow(Tangents t, WindowCall w) {
        DerivativeBuilder f = t.f();
        Expr value = w.args().get(0);
        Expr dv = t.tangent(value);
        boolean hasDefault =
                (w.fn() == WindowFn.LAG || w.fn() == WindowFn.LEAD) && w.args().size() > 2;
        Expr dDefault = hasDefault ? t.tangent(w.args().get(2)) : f.zero();
        for (int i = 1; i < w.args().size(); i++) {
            if (!(hasDefault && i == 2) && !t.f().isZero(t.tangent(w.args().get(i)))) {
                throw noRule(t.mode(), w.fn().name().toLowerCase(Locale.ROOT) + " with a variable offset", w.span());
            }
        }
        if (t.f().isZero(dv) && t.f().isZero(dDefault)) return f.zero();
        List<Expr> args = new ArrayList<>(w.args());
        args.set(0, t.rowTangent(value));
        if (hasDefault) args.set(2, f.asDouble(t.rowTangent(w.args().get(2))));
        Expr d = f.node(
                new WindowCall(w.fn(), null, args, w.partitionBy(), w.orderBy(), w.frame(), DataType.DOUBLE, w.span()));
        // the same row (or default) is selected, and both value and tangent are NULL-guarded alike
        t.twin(d, w);
        return d;
    }

    /** The tangent of an aggregate one of whose arguments depends on the variable, by its rule. */
    public static Expr aggregateTangent(Tangents t, AggCall a) {
        if (a.distinct()) {
            throw new NablaException(
                    ErrorCode.GRAD,
                    a.span(),
                    t.mode() + ": no derivative rule for " + t.print(a) + where(a.span())
                            + ": DISTINCT makes the aggregate non-linear in its rows");
        }
        AggregateRule rule = aggregate(a.fn());
        if (rule == null)
            throw noRule(t.mode(), a.fn().sqlName() + "(" + a.args().size() + ")", a.span());
        return rule.apply(t, a);
    }

    public static NablaException noRule(String mode, String what, Span span) {
        return new NablaException(ErrorCode.GRAD, span, mode + ": no derivative rule for " + what + where(span));
    }

    private static boolean isNullLiteral(Expr e) {
        return e instanceof dev.nabla.plan.expr.Literal l && l.isNull();
    }

    /** " at line:col" — in the message too, because a span can be lost when the error surfaces from a nested context. */
    public static String where(Span span) {
        return span.isKnown() ? " at " + span.startLine() + ":" + span.startCol() : "";
    }
}
