package dev.nabla.autograd;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.common.Span;
import dev.nabla.plan.bound.DerivativeExpander;
import dev.nabla.plan.expr.AggCall;
import dev.nabla.plan.expr.CaseWhen;
import dev.nabla.plan.expr.Call;
import dev.nabla.plan.expr.Cast;
import dev.nabla.plan.expr.ColumnRef;
import dev.nabla.plan.expr.Derivative;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Literal;
import dev.nabla.plan.expr.Param;
import dev.nabla.plan.expr.SubqueryExpr;
import dev.nabla.plan.expr.WindowCall;
import dev.nabla.plan.fn.DerivativeBuilder;
import dev.nabla.plan.fn.DerivativeRule;
import dev.nabla.storage.DataType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Forward-mode symbolic differentiation of one canonical expression with respect to one column:
 * {@link #tangent} maps each node to its tangent, memoised by node identity so a shared subexpression
 * is differentiated once and its tangent is shared too. Also tracks whether the variable reaches an
 * aggregate through a non-linear path, which is only defined when the variable is constant per group.
 */
final class Differentiator {
    /** How a node depends on aggregates (or window aggregates) of the variable. */
    private enum AggUse { NONE, LINEAR, WINDOW, NONLINEAR }

    private final Expansion session;
    private final ExprFactory f;
    /** The factory as the registry's rules see it. */
    private final DerivativeBuilder rules;
    private final DerivativeExpander.Context context;
    private final ColumnRef wrt;
    private final Expr wrtTangent;
    private final Map<Expr, Expr> tangents = new IdentityHashMap<>();
    private final Map<Expr, AggUse> aggUse = new IdentityHashMap<>();
    private final Set<Integer> definitionsInProgress = new HashSet<>();
    private Boolean constantPerGroup;

    Differentiator(Expansion session, ColumnRef wrt, Expr wrtTangent) {
        this.session = session;
        this.f = session.factory;
        this.rules = DerivativeRules.builder(f);
        this.context = session.context;
        this.wrt = wrt;
        this.wrtTangent = wrtTangent;
    }

    /** The (unsimplified, canonical) tangent of canonical expression {@code e}; {@code f.zero} if it does not depend on the variable. */
    Expr tangent(Expr e) {
        Expr known = tangents.get(e);
        if (known != null) return known;
        Expr t = switch (e) {
            case Literal l -> f.zero;
            case Param p -> f.zero;
            case ColumnRef c -> column(c);
            case Call c -> call(c);
            case Cast c -> cast(c);
            case CaseWhen c -> caseWhen(c);
            case AggCall a -> aggregate(a);
            case WindowCall w -> window(w);
            case SubqueryExpr s -> subquery(s);
            case Derivative d -> tangent(session.expandNested(d));
        };
        tangents.put(e, t);
        return t;
    }

    private AggUse use(Expr e) { return aggUse.getOrDefault(e, AggUse.NONE); }

    private void markUse(Expr e, AggUse u) {
        if (u == AggUse.NONE) return;
        if (u == AggUse.NONLINEAR && !isConstantPerGroup()) {
            throw new NablaException(ErrorCode.GRAD, e.span(), "grad: derivative of " + DerivativePrinter.print(e) + " with respect to "
                    + wrt.toSql() + " is undefined: " + wrt.toSql()
                    + " varies within the group and the expression is not linear in the aggregate");
        }
        aggUse.put(e, u);
    }

    private boolean isConstantPerGroup() {
        if (constantPerGroup == null) constantPerGroup = context.constantPerGroup(wrt);
        return constantPerGroup;
    }

    private AggUse maxUse(List<Expr> es) {
        AggUse m = AggUse.NONE;
        for (Expr e : es) if (use(e).ordinal() > m.ordinal()) m = use(e);
        return m;
    }

    private Expr column(ColumnRef c) {
        if (c.id() == wrt.id()) return wrtTangent;
        Expr definition = context.definitionOf(c);
        if (definition == null) return f.zero;
        if (!definitionsInProgress.add(c.id())) {
            throw new NablaException(ErrorCode.GRAD, c.span(), "grad: the definition of column " + c.toSql() + " refers to itself");
        }
        try {
            Expr def = f.intern(session.expandDerivatives(definition));
            Expr t = tangent(def);
            aggUse.put(c, use(def));
            return t;
        } finally {
            definitionsInProgress.remove(c.id());
        }
    }

    private Expr call(Call c) {
        List<Expr> ts = new ArrayList<>(c.args().size());
        boolean any = false;
        for (Expr a : c.args()) {
            Expr t = tangent(a);
            ts.add(t);
            any |= !ExprFactory.isZero(t);
        }
        if (!any) return f.zero;
        AggUse u = maxUse(c.args());
        if (u != AggUse.NONE) markUse(c, linearIn(c, u) ? u : nonlinear(c, u));
        DerivativeRule rule = DerivativeRules.rule(c.fn());
        if (rule == null) throw noRule(c.fn().sqlName() + "(" + c.args().size() + ")", c.span());
        return rule.jvp().apply(rules, c, ts);
    }

    /** A window value varies row by row within its partition, so only its linear uses have a per-row meaning. */
    private AggUse nonlinear(Expr e, AggUse u) {
        if (u == AggUse.WINDOW) {
            throw new NablaException(ErrorCode.GRAD, e.span(), "grad: derivative of " + DerivativePrinter.print(e) + " with respect to "
                    + wrt.toSql() + " is undefined: the expression is not linear in the window function");
        }
        return AggUse.NONLINEAR;
    }

    /** Whether a call passes aggregate tangents through linearly (coefficients constant per group). */
    private boolean linearIn(Call c, AggUse u) {
        if (u == AggUse.NONLINEAR) return false;
        return switch (c.fn()) {
            case ADD, SUB, NEG, STOP_GRADIENT -> true;
            case MUL -> use(c.arg(0)) == AggUse.NONE || use(c.arg(1)) == AggUse.NONE;
            case DIV -> use(c.arg(1)) == AggUse.NONE;
            default -> false;
        };
    }

    private Expr cast(Cast c) {
        Expr t = tangent(c.arg());
        if (ExprFactory.isZero(t)) return f.zero;
        aggUse.put(c, use(c.arg()));
        DataType to = c.type(), from = c.arg().type();
        if (to.isFloating() || (to.isIntegral() && from.isIntegral())) return t;
        // CAST(double AS INTEGER) is piecewise constant: derivative 0 between the integers
        if (to.isIntegral() && (from.isFloating() || from == DataType.NULL)) return f.zero;
        throw noRule("CAST(… AS " + to.sqlName() + ")", c.span());
    }

    /** Piecewise: the tangent of the selected branch; conditions are not differentiated. */
    private Expr caseWhen(CaseWhen c) {
        List<Expr> results = new ArrayList<>(c.results().size());
        boolean any = false;
        for (Expr r : c.results()) {
            Expr t = branchTangent(r);
            results.add(t);
            any |= !ExprFactory.isZero(t) && !ExprFactory.isNullLiteral(t);
        }
        Expr otherwise = branchTangent(c.otherwise());
        any |= !ExprFactory.isZero(otherwise) && !ExprFactory.isNullLiteral(otherwise);
        if (!any) return f.zero;
        List<Expr> branches = new ArrayList<>(c.results());
        branches.add(c.otherwise());
        AggUse u = maxUse(branches);
        aggUse.put(c, u);
        return f.caseWhen(c.conditions(), results, otherwise);
    }

    /** A NULL branch keeps its NULL: where the CASE is NULL, so is its derivative. */
    private Expr branchTangent(Expr branch) {
        return ExprFactory.isNullLiteral(branch) ? f.nullDouble : tangent(branch);
    }

    /** Linear aggregates differentiate row by row: d SUM(f) = SUM(df), with df NULL exactly where f is. */
    private Expr aggregate(AggCall a) {
        boolean any = false;
        for (Expr arg : a.args()) any |= !ExprFactory.isZero(tangent(arg));
        if (!any) return f.zero;
        String name = DerivativePrinter.print(a);
        if (a.distinct()) {
            throw new NablaException(ErrorCode.GRAD, a.span(), session.mode() + ": no derivative rule for " + name
                    + where(a.span()) + ": DISTINCT makes the aggregate non-linear in its rows");
        }
        Expr result = switch (a.fn()) {
            case COUNT, COUNT_STAR -> f.zero;
            case SUM, TOTAL, AVG -> {
                Expr arg = a.args().get(0);
                Expr rowTangent = session.nulls.guard(arg, session.simplifier.simplify(tangent(arg)));
                Expr d = f.aggregate(a.fn(), rowTangent, a.filter(), a.span());
                session.nulls.twin(d, a);
                yield d;
            }
            case MIN, MAX -> throw new NablaException(ErrorCode.GRAD, a.span(), session.mode() + ": no derivative rule for " + name
                    + where(a.span()) + ": " + a.fn().sqlName()
                    + " selects one row, and the selected row's derivative is not tracked; use a CASE over the row"
                    + " that attains it instead");
            default -> throw noRule(a.fn().sqlName() + "(" + a.args().size() + ")", a.span());
        };
        if (!ExprFactory.isZero(result)) markUse(a, AggUse.LINEAR);
        return result;
    }

    /** Window aggregates SUM/AVG/TOTAL and the value-selecting window functions are linear in their argument. */
    private Expr window(WindowCall w) {
        if (w.fn() == WindowCall.WindowFn.AGGREGATE) {
            Expr aggTangent = aggregate(w.aggregate());
            if (ExprFactory.isZero(aggTangent)) return f.zero;
            Expr d = f.intern(new WindowCall(w.fn(), (AggCall) aggTangent, List.of(), w.partitionBy(), w.orderBy(), w.frame(),
                    DataType.DOUBLE, w.span()));
            session.nulls.twin(d, w);
            markWindow(w);
            return d;
        }
        return switch (w.fn()) {
            case LAG, LEAD, FIRST_VALUE, LAST_VALUE, NTH_VALUE -> {
                Expr value = w.args().get(0);
                Expr dv = tangent(value);
                boolean hasDefault = (w.fn() == WindowCall.WindowFn.LAG || w.fn() == WindowCall.WindowFn.LEAD) && w.args().size() > 2;
                Expr dDefault = hasDefault ? tangent(w.args().get(2)) : f.zero;
                for (int i = 1; i < w.args().size(); i++) {
                    if (!(hasDefault && i == 2) && !ExprFactory.isZero(tangent(w.args().get(i)))) {
                        throw noRule(w.fn().name().toLowerCase(java.util.Locale.ROOT) + " with a variable offset", w.span());
                    }
                }
                if (ExprFactory.isZero(dv) && ExprFactory.isZero(dDefault)) yield f.zero;
                List<Expr> args = new ArrayList<>(w.args());
                args.set(0, session.nulls.guard(value, session.simplifier.simplify(dv)));
                if (hasDefault) args.set(2, f.asDouble(session.nulls.guard(w.args().get(2), session.simplifier.simplify(dDefault))));
                Expr d = f.intern(new WindowCall(w.fn(), null, args, w.partitionBy(), w.orderBy(), w.frame(), DataType.DOUBLE, w.span()));
                // the same row (or default) is selected, and both value and tangent are NULL-guarded alike
                session.nulls.twin(d, w);
                markWindow(w);
                yield d;
            }
            default -> {
                for (Expr a : w.args()) {
                    if (!ExprFactory.isZero(tangent(a))) throw noRule(w.fn().name().toLowerCase(java.util.Locale.ROOT), w.span());
                }
                yield f.zero;  // rank-like functions are piecewise constant
            }
        };
    }

    /** A window value is per row of a partition the context knows nothing about: only linear use is allowed. */
    private void markWindow(WindowCall w) {
        aggUse.put(w, AggUse.WINDOW);
    }

    private Expr subquery(SubqueryExpr s) {
        if (s.lhs() != null && !ExprFactory.isZero(tangent(s.lhs()))) throw noRule("IN (subquery)", s.span());
        for (ColumnRef c : s.correlated()) {
            if (!ExprFactory.isZero(tangent(f.intern(c)))) {
                throw noRule("a subquery correlated with " + c.toSql(), s.span());
            }
        }
        return f.zero;  // an uncorrelated (or independent) subquery is a constant
    }

    private NablaException noRule(String what, Span span) {
        return new NablaException(ErrorCode.GRAD, span, session.mode() + ": no derivative rule for " + what + where(span));
    }

    /** " at line:col" — in the message too, because a span can be lost when the error surfaces from a nested context. */
    static String where(Span span) {
        return span.isKnown() ? " at " + span.startLine() + ":" + span.startCol() : "";
    }
}
