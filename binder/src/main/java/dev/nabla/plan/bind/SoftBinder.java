package dev.nabla.plan.bind;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.common.Span;
import dev.nabla.parser.ast.BinaryOperator;
import dev.nabla.parser.ast.Expression;
import dev.nabla.parser.ast.QualifiedName;
import dev.nabla.parser.ast.TypeName;
import dev.nabla.plan.expr.Call;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Fn;
import dev.nabla.plan.expr.Literal;
import dev.nabla.plan.expr.WindowCall.WindowFn;
import dev.nabla.plan.optimize.ConstantEvaluator;
import dev.nabla.storage.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Binding of the soft (relaxed) operators (docs/vectors-and-soft-operators.md): their parameters (τ, ε, k)
 * are constants checked here, so a bad one fails before anything runs; the canonical bound forms divide
 * by τ once ({@code softmax(x, τ)} is {@code softmax(x/τ)}), so the engine and the derivative rules see one
 * argument; the soft aggregates are written as the exact-sum aggregates they are.
 */
final class SoftBinder {
    private SoftBinder() {}

    /**
     * soft_count(w) = total(w), soft_sum(w, v) = sum(w·v), soft_avg(w, v) = sum(w·v) / nullif(Σw over the
     * rows with v, 0): rewritten to the aggregates they are, so FILTER, OVER, exact summation and the
     * derivative rules of SUM come with them. Null for any other function.
     */
    static Expression aggregateSugar(Expression.FunctionCall f, String name) {
        int arity = switch (name) {
            case "soft_count" -> 1;
            case "soft_sum", "soft_avg" -> 2;
            default -> -1;
        };
        if (arity < 0) return null;
        FunctionBinder.checkArity(name, arity, arity, f.args().size(), f.span());
        if (f.distinct() || f.star() || !f.orderBy().isEmpty())
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT, f.span(), name + " does not take DISTINCT, * or ORDER BY");
        Span s = f.span();
        Expression w = new Expression.Cast(
                f.args().get(0),
                TypeName.of("DOUBLE"),
                Expression.CastStyle.CAST,
                f.args().get(0).span());
        if (name.equals("soft_count")) return agg("total", w, f);
        Expression v = f.args().get(1);
        Expression weighted = agg("sum", new Expression.BinaryOp(w, BinaryOperator.MULTIPLY, v, s), f);
        if (name.equals("soft_sum")) return weighted;
        // the denominator counts the same rows as the numerator: those where both w and v are not NULL
        Expression wWhereV = new Expression.Case(
                null,
                List.of(new Expression.WhenClause(
                        new Expression.IsNull(v, false, s), new Expression.NullLiteral(s), s)),
                w,
                s);
        Expression total = agg("sum", wWhereV, f);
        Expression nonZero = Expression.FunctionCall.of("nullif", total, Expression.NumberLiteral.of(0));
        return new Expression.BinaryOp(weighted, BinaryOperator.DIVIDE, nonZero, s);
    }

    private static Expression.FunctionCall agg(String fn, Expression arg, Expression.FunctionCall like) {
        return new Expression.FunctionCall(
                QualifiedName.of(fn),
                List.of(arg),
                List.of(),
                false,
                false,
                List.of(),
                like.filter(),
                like.over(),
                like.span());
    }

    /**
     * soft_gate(score, threshold [, τ]) = σ((score − threshold)/τ), τ a positive constant: the registry's
     * two-argument soft_gate(score/τ, threshold/τ), whose derivative rules are in the registry.
     */
    static Expr gate(List<Expr> args, Span span) {
        FunctionBinder.checkArity("soft_gate", 2, 3, args.size(), span);
        double tau = args.size() > 2 ? temperature(args.get(2), "soft_gate") : 1.0;
        Expr score = scaled(numeric(args.get(0), "soft_gate"), tau, span);
        Expr threshold = scaled(numeric(args.get(1), "soft_gate"), tau, span);
        return new Call(Fn.SOFT_GATE, List.of(score, threshold), DataType.DOUBLE, span);
    }

    /** {@code x/τ} as DOUBLE ({@code x} itself for τ = 1). */
    static Expr scaled(Expr x, double tau, Span span) {
        Expr d = TypeRules.coerce(x, DataType.DOUBLE);
        if (tau == 1.0) return d;
        return new Call(Fn.DIV, List.of(d, new Literal(tau, DataType.DOUBLE, span)), DataType.DOUBLE, span);
    }

    static Expr numeric(Expr e, String fn) {
        if (ExprBinder.isUnknownParam(e)) return TypeRules.coerce(e, DataType.DOUBLE);
        // soft operators are smooth, so DOUBLE: a DECIMAL enters as its nearest double
        if (e.type() instanceof dev.nabla.storage.DecimalType) return TypeRules.coerce(e, DataType.DOUBLE);
        if (!e.type().isNumeric() && e.type() != DataType.NULL) {
            throw new NablaException(
                    ErrorCode.TYPE_MISMATCH,
                    e.span(),
                    fn + " expects a numeric argument, got " + e.toSql() + " of type "
                            + e.type().sqlName());
        }
        return e;
    }

    /** A temperature: a positive finite constant (22023 otherwise). */
    static double temperature(Expr e, String fn) {
        double t = number(e, fn + " temperature τ");
        if (!(t > 0) || Double.isInfinite(t))
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT, e.span(), fn + ": the temperature τ must be positive, got " + t);
        return t;
    }

    /** A regularisation strength: a non-negative finite constant (0 means the hard operator). */
    static double regularisation(Expr e, String fn) {
        double t = number(e, fn + " regularisation ε");
        if (!(t >= 0) || Double.isInfinite(t))
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT,
                    e.span(),
                    fn + ": the regularisation ε must be a non-negative number, got " + t);
        return t;
    }

    /** A constant number (not NULL), else 22023 naming {@code what}. */
    static double number(Expr e, String what) {
        Literal l = e instanceof Literal lit ? lit : ConstantEvaluator.evaluate(e);
        if (l == null || !(l.value() instanceof Number n))
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT,
                    e.span(),
                    what + " must be a constant number" + (l != null && l.isNull() ? ", not NULL" : ""));
        return n.doubleValue();
    }

    /** A constant string option among {@code allowed} (case-insensitive). */
    static String option(Expr e, String what, String... allowed) {
        Literal l = e instanceof Literal lit ? lit : ConstantEvaluator.evaluate(e);
        String v = l != null && l.value() instanceof String s ? s.toLowerCase(Locale.ROOT) : null;
        for (String a : allowed) if (a.equals(v)) return a;
        throw new NablaException(
                ErrorCode.INVALID_ARGUMENT,
                e.span(),
                what + " must be one of " + String.join(", ", allowed) + ", got " + e.toSql());
    }

    /**
     * The canonical arguments of a soft window function, and whether the result is negated (soft_sort
     * DESC is −soft_sort(−x) ASC; soft_rank DESC is soft_rank(−x) ASC).
     */
    record Bound(List<Expr> args, boolean negateResult) {}

    static Bound window(WindowFn fn, String name, List<Expr> a, Span span) {
        List<Expr> args = new ArrayList<>();
        switch (fn) {
            case SOFTMAX, LOG_SOFTMAX -> {
                FunctionBinder.checkArity(name, 1, 2, a.size(), span);
                double tau = a.size() > 1 ? temperature(a.get(1), name) : 1.0;
                args.add(scaled(numeric(a.get(0), name), tau, span));
                return new Bound(args, false);
            }
            case SOFT_TOPK -> {
                FunctionBinder.checkArity(name, 2, 3, a.size(), span);
                double k = number(a.get(1), name + " k");
                if (!(k >= 0) || Double.isInfinite(k))
                    throw new NablaException(
                            ErrorCode.INVALID_ARGUMENT, a.get(1).span(), name + ": k must be ≥ 0, got " + k);
                double tau = a.size() > 2 ? temperature(a.get(2), name) : 1.0;
                args.add(scaled(numeric(a.get(0), name), tau, span));
                args.add(new Literal(k, DataType.DOUBLE, a.get(1).span()));
                return new Bound(args, false);
            }
            case SOFT_RANK, SOFT_SORT -> {
                FunctionBinder.checkArity(name, 1, 4, a.size(), span);
                double eps = a.size() > 1 ? regularisation(a.get(1), name) : 1.0;
                boolean kl = a.size() > 2
                        && option(a.get(2), name + " regularisation", "l2", "kl")
                                .equals("kl");
                boolean desc = a.size() > 3
                        && option(a.get(3), name + " direction", "asc", "desc").equals("desc");
                Expr x = TypeRules.coerce(numeric(a.get(0), name), DataType.DOUBLE);
                if (desc) x = new Call(Fn.NEG, List.of(x), DataType.DOUBLE, span);
                args.add(x);
                args.add(new Literal(eps, DataType.DOUBLE, span));
                // the KL form is marked by a third argument (the window operator counts the arguments); the L2
                // form keeps two, so its plans and printed derivatives are unchanged
                if (kl) args.add(new Literal("kl", DataType.VARCHAR, a.get(2).span()));
                return new Bound(args, desc && fn == WindowFn.SOFT_SORT);
            }
            default -> throw new IllegalStateException(fn + " is not a soft window function");
        }
    }
}
