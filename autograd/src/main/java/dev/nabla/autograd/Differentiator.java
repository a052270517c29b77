package dev.nabla.autograd;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.common.Span;
import dev.nabla.plan.bound.DerivativeExpander;
import dev.nabla.plan.expr.AggCall;
import dev.nabla.plan.expr.Call;
import dev.nabla.plan.expr.CaseWhen;
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
import dev.nabla.plan.fn.Functions;
import dev.nabla.plan.fn.StructuralDerivatives;
import dev.nabla.plan.fn.Tangents;
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
    private enum AggUse {
        NONE,
        LINEAR,
        WINDOW,
        NONLINEAR
    }

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
        this(session, wrt, wrtTangent, Map.of());
    }

    /** With {@code seeds}: nodes whose tangent is given rather than derived (reverse mode through a soft operator). */
    Differentiator(Expansion session, ColumnRef wrt, Expr wrtTangent, Map<Expr, Expr> seeds) {
        tangents.putAll(seeds);
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
        dev.nabla.common.CancelCheck.poll();
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

    private AggUse use(Expr e) {
        return aggUse.getOrDefault(e, AggUse.NONE);
    }

    private void markUse(Expr e, AggUse u) {
        if (u == AggUse.NONE) return;
        if (u == AggUse.NONLINEAR && !isConstantPerGroup()) {
            throw new NablaException(
                    ErrorCode.GRAD,
                    e.span(),
                    "grad: derivative of " + DerivativePrinter.print(e) + " with respect to "
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
        if (c.id() == wrt.id() || canonicalId(c) == wrtId()) return wrtTangent;
        Expr definition = context.definitionOf(c);
        if (definition == null) {
            for (Expr source : context.sourcesOf(c)) {
                if (dependsOnVariable(source, new HashSet<>())) {
                    throw new NablaException(
                            ErrorCode.GRAD,
                            c.span(),
                            "grad: cannot differentiate " + c.toSql() + " with respect to "
                                    + wrt.toSql()
                                    + ": it is the output of a set operation (UNION, INTERSECT, EXCEPT) whose branches depend on "
                                    + wrt.toSql() + "; take the derivative inside each branch");
                }
            }
            return f.zero;
        }
        if (definition instanceof AggCall || definition instanceof WindowCall) {
            // the output of a lower level's aggregate or window: its derivative would have to be computed in
            // that node, which this expansion cannot reach; refuse rather than call it a constant
            if (dependsOnVariable(definition, new HashSet<>())) {
                throw new NablaException(
                        ErrorCode.GRAD,
                        c.span(),
                        "grad: cannot differentiate " + c.toSql() + " with respect to "
                                + wrt.toSql() + ": it is the output of " + DerivativePrinter.print(definition)
                                + " in a CTE, view or derived table; take the derivative inside it");
            }
            return f.zero;
        }
        if (!definitionsInProgress.add(c.id())) {
            throw new NablaException(
                    ErrorCode.GRAD, c.span(), "grad: the definition of column " + c.toSql() + " refers to itself");
        }
        try {
            Expr def = f.intern(session.expandDerivatives(definition));
            // a definition is primal like the body: its conditions and values are kept as the user wrote them
            // (simplifying y - y to 0 there would be wrong where y is NULL)
            session.simplifier.freeze(def);
            Expr t = tangent(def);
            aggUse.put(c, use(def));
            return t;
        } finally {
            definitionsInProgress.remove(c.id());
        }
    }

    private int wrtCanonical = Integer.MIN_VALUE;

    private int wrtId() {
        if (wrtCanonical == Integer.MIN_VALUE) wrtCanonical = canonicalId(wrt);
        return wrtCanonical;
    }

    /** A column defined as another column (SELECT x AS v, x) is that column: the id at the end of the alias chain. */
    private int canonicalId(ColumnRef c) {
        ColumnRef r = c;
        for (int hops = 0; hops < 1000; hops++) {
            if (!(context.definitionOf(r) instanceof ColumnRef next) || next.id() == r.id()) break;
            r = next;
        }
        return r.id();
    }

    /** The variable's canonical id and, when it is a set operation's output, those of the branch columns it comes from. */
    private Set<Integer> variableIds;

    private Set<Integer> variableIds() {
        if (variableIds == null) {
            variableIds = new HashSet<>();
            variableIds.add(wrtId());
            for (Expr s : context.sourcesOf(wrt)) if (s instanceof ColumnRef r) variableIds.add(canonicalId(r));
        }
        return variableIds;
    }

    /** Whether {@code e} reads the variable, directly or through column definitions. */
    private boolean dependsOnVariable(Expr e, Set<Integer> seen) {
        if (e instanceof ColumnRef c) {
            if (c.id() == wrt.id() || variableIds().contains(canonicalId(c))) return true;
            Expr d = context.definitionOf(c);
            return d != null && seen.add(c.id()) && dependsOnVariable(d, seen);
        }
        for (Expr k : e.children()) if (dependsOnVariable(k, seen)) return true;
        return false;
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
        // derivatives through DOUBLE[n] values (grad(e, v) for an array v, jvp/vjp with array tangents) are not
        // built yet: a scalar rule applied to an array operand would give a wrongly typed derivative
        for (Expr a : c.args()) if (a.type() instanceof dev.nabla.storage.ArrayType) throw noArrayRule(c);
        if (c.type() instanceof dev.nabla.storage.ArrayType) throw noArrayRule(c);
        AggUse u = maxUse(c.args());
        if (u != AggUse.NONE) markUse(c, linearIn(c, u) ? u : nonlinear(c, u));
        DerivativeRule rule = DerivativeRules.rule(c.fn());
        if (rule == null) throw noRule(c.fn().sqlName() + "(" + c.args().size() + ")", c.span());
        return rule.jvp().apply(rules, c, ts);
    }

    private NablaException noArrayRule(Call c) {
        return new NablaException(
                ErrorCode.GRAD,
                c.span(),
                "grad: derivatives through array values are not supported yet: " + DerivativePrinter.print(c)
                        + " depends on " + wrt.toSql() + Differentiator.where(c.span()));
    }

    /** A window value varies row by row within its partition, so only its linear uses have a per-row meaning. */
    private AggUse nonlinear(Expr e, AggUse u) {
        if (u == AggUse.WINDOW) {
            throw new NablaException(
                    ErrorCode.GRAD,
                    e.span(),
                    "grad: derivative of " + DerivativePrinter.print(e) + " with respect to " + wrt.toSql()
                            + " is undefined: the expression is not linear in the window function");
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
        return StructuralDerivatives.cast(structural, c, t);
    }

    private Expr caseWhen(CaseWhen c) {
        Expr t = StructuralDerivatives.caseWhen(structural, c);
        if (ExprFactory.isZero(t)) return t;
        List<Expr> branches = new ArrayList<>(c.results());
        branches.add(c.otherwise());
        aggUse.put(c, maxUse(branches));
        return t;
    }

    /** An aggregate by its registry rule; a non-zero tangent is a linear use of the aggregate. */
    private Expr aggregate(AggCall a) {
        boolean any = false;
        for (Expr arg : a.args()) any |= !ExprFactory.isZero(tangent(arg));
        if (!any) return f.zero;
        Expr result = StructuralDerivatives.aggregateTangent(structural, a);
        if (!ExprFactory.isZero(result)) markUse(a, AggUse.LINEAR);
        return result;
    }

    /** A window function by its rule; a non-zero tangent may only be used linearly. */
    private Expr window(WindowCall w) {
        Expr d = Functions.derivative(w.fn()).apply(structural, w);
        // a soft operator's tangent is its exact Jacobian product per row, so any use of it chains per row
        if (!ExprFactory.isZero(d) && !w.fn().soft()) markWindow(w);
        return d;
    }

    /** The rules' view of this differentiation. */
    private final Tangents structural = new Tangents() {
        @Override
        public DerivativeBuilder f() {
            return rules;
        }

        @Override
        public String print(Expr e) {
            return DerivativePrinter.print(e);
        }

        @Override
        public String mode() {
            return session.mode();
        }

        @Override
        public Expr tangent(Expr e) {
            return Differentiator.this.tangent(e);
        }

        @Override
        public Expr rowTangent(Expr primal) {
            return session.nulls.guard(primal, session.simplifier.simplify(Differentiator.this.tangent(primal)));
        }

        @Override
        public void twin(Expr d, Expr primal) {
            session.nulls.twin(d, primal);
        }
    };

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
        return f.zero; // an uncorrelated (or independent) subquery is a constant
    }

    private NablaException noRule(String what, Span span) {
        return StructuralDerivatives.noRule(session.mode(), what, span);
    }

    /** " at line:col" — in the message too, because a span can be lost when the error surfaces from a nested context. */
    static String where(Span span) {
        return StructuralDerivatives.where(span);
    }
}
