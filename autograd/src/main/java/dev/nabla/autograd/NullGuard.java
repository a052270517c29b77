package dev.nabla.autograd;

import dev.nabla.plan.expr.AggCall;
import dev.nabla.plan.expr.AggFn;
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
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * NULL propagation for derivatives: the derivative of a NULL value is NULL, even when it simplifies
 * to a constant (grad(3*x, x) is NULL where x is NULL, not 3).
 *
 * <p>An expression built from strict functions (NULL in, NULL out) is NULL exactly when one of its
 * <em>null atoms</em> is: columns, parameters, aggregate/window/subquery values, NULL literals, and
 * every non-strict construct (CASE, COALESCE, ...) taken as a whole. If every atom of the primal is
 * also an atom of the simplified derivative, the derivative is already NULL wherever the primal is;
 * otherwise it is wrapped as {@code CASE WHEN m1 IS NULL OR ... THEN NULL ELSE d END} over only the
 * missing atoms. A call that can fail on its domain (ln of a negative number, division by zero) is an
 * atom too, so the derivative is NULL wherever the primal is, domain errors included.
 */
final class NullGuard {
    /** Functions that can return a non-NULL value for a NULL argument, or NULL for non-NULL ones. */
    private static final Set<Fn> NON_STRICT = EnumSet.of(
            Fn.AND,
            Fn.OR,
            Fn.IS_NULL,
            Fn.IS_NOT_NULL,
            Fn.IS_DISTINCT_FROM,
            Fn.IS_NOT_DISTINCT_FROM,
            Fn.COALESCE,
            Fn.IFNULL,
            Fn.NULLIF,
            Fn.GREATEST,
            Fn.LEAST,
            Fn.IN_LIST,
            Fn.CONCAT_FN,
            Fn.TYPEOF,
            Fn.DERIVATIVE_SQL);

    /**
     * Strict functions that can also be NULL for non-NULL arguments (a domain error: ln(-1), x / 0,
     * sqrt(-1), asin(2) ...): such a call is a null atom itself, besides the atoms of its arguments, so
     * a derivative is NULL where the primal failed (ln(x) at x = -1 makes grad(ln(x) + y, y) NULL).
     */
    private static final Set<Fn> PARTIAL = EnumSet.of(
            Fn.DIV, Fn.MOD, Fn.SQRT, Fn.LN, Fn.LOG, Fn.LOG10, Fn.LOG2, Fn.LOG1P, Fn.POWER, Fn.ASIN, Fn.ACOS, Fn.ACOSH,
            Fn.ATANH);

    private final ExprFactory f;
    private final Map<Expr, List<Expr>> memo = new IdentityHashMap<>();
    /** A derivative aggregate → the primal aggregate that is NULL exactly when it is (SUM(df) ~ SUM(f)). */
    private final Map<Expr, Expr> twins = new IdentityHashMap<>();

    NullGuard(ExprFactory f) {
        this.f = f;
    }

    void twin(Expr derivative, Expr primal) {
        twins.put(derivative, primal);
    }

    /** {@code d} made NULL wherever {@code primal} is NULL (both canonical). */
    Expr guard(Expr primal, Expr d) {
        if (ExprFactory.isNullLiteral(d)) return d;
        Set<Expr> have = identitySet(atoms(d));
        for (Expr a : atoms(d)) {
            Expr t = twins.get(a);
            if (t != null) have.add(t);
        }
        List<Expr> missing = new ArrayList<>();
        for (Expr a : atoms(primal)) if (!have.contains(a)) missing.add(a);
        if (missing.isEmpty()) return d;
        Expr cond = null;
        for (Expr m : missing) {
            if (ExprFactory.isNullLiteral(m)) return f.nullDouble;
            Expr test = nullTest(m);
            cond = cond == null ? test : f.or(cond, test);
        }
        return f.caseWhen(cond, f.nullDouble, d);
    }

    /**
     * When atom {@code m} is NULL. A partial call is tested on its argument against the function's domain
     * (ln(u) by u ≤ 0, x / b by b = 0) rather than by computing it again: the guard of a logistic loss's
     * derivative would otherwise evaluate two extra logarithms per row. Its arguments' own NULLs are atoms
     * of their own, tested separately; a NaN argument is inside every domain, and so is the comparison.
     */
    private Expr nullTest(Expr m) {
        if (m instanceof Call c && PARTIAL.contains(c.fn())) {
            if ((c.fn() == Fn.DIV || c.fn() == Fn.MOD) && c.args().size() == 2)
                return f.predicate(Fn.EQ, c.args().get(1), f.zero);
            dev.nabla.plan.fn.ScalarFunction def = dev.nabla.plan.fn.Functions.of(c.fn());
            if (c.args().size() == 1 && def != null && def.domain() instanceof dev.nabla.plan.fn.Domain.Interval d) {
                Expr u = c.args().get(0), below = null, above = null;
                if (d.lo() != Double.NEGATIVE_INFINITY || d.loOpen())
                    below = f.predicate(d.loOpen() ? Fn.LE : Fn.LT, u, f.lit(d.lo()));
                if (d.hi() != Double.POSITIVE_INFINITY || d.hiOpen())
                    above = f.predicate(d.hiOpen() ? Fn.GE : Fn.GT, u, f.lit(d.hi()));
                if (below != null || above != null)
                    return below == null ? above : above == null ? below : f.or(below, above);
            }
        }
        return f.isNull(m);
    }

    /** True when {@code e} is NULL wherever each of {@code required} is NULL. */
    boolean forcedNullBy(Expr e, List<Expr> required) {
        Set<Expr> have = identitySet(atoms(e));
        for (Expr r : required) if (!have.contains(r)) return false;
        return true;
    }

    /** The null atoms of a canonical expression, in first-seen order. */
    List<Expr> atoms(Expr e) {
        List<Expr> known = memo.get(e);
        if (known != null) return known;
        List<Expr> result = switch (e) {
            case Literal l -> l.isNull() ? List.of(e) : List.of();
            case ColumnRef c -> List.of(e);
            case Param p -> List.of(e);
            case AggCall a -> neverNull(a) ? List.of() : List.of(e);
            case WindowCall w ->
                switch (w.fn()) {
                    case ROW_NUMBER, RANK, DENSE_RANK, PERCENT_RANK, CUME_DIST, NTILE -> List.of();
                    case AGGREGATE -> neverNull(w.aggregate()) ? List.of() : List.of(e);
                    default -> List.of(e);
                };
            case SubqueryExpr s -> List.of(e);
            case Cast c -> atoms(c.arg());
            case Call c -> {
                if (NON_STRICT.contains(c.fn())) yield List.of(e);
                if (!PARTIAL.contains(c.fn()) || cannotFail(c)) yield union(c.args());
                List<Expr> all = new ArrayList<>(union(c.args()));
                all.add(e);
                yield all;
            }
            case Derivative d -> d.seed() == null ? atoms(d.body()) : union(List.of(d.body(), d.seed()));
            case CaseWhen c -> {
                List<Expr> guarded = guardedAtoms(c);
                if (guarded == null) yield List.of(e);
                List<Expr> all = new ArrayList<>(guarded);
                all.add(c.otherwise());
                yield union(all);
            }
        };
        memo.put(e, result);
        return result;
    }

    /**
     * Partial functions whose constant operand rules the domain error out: power with an integer-valued
     * literal exponent (defined for every base), division or modulo by a non-zero literal. The common
     * losses (power(r, 2), sum / n) then need no NULL guard in their derivative.
     */
    private static boolean cannotFail(Call c) {
        return switch (c.fn()) {
            case POWER ->
                c.args().get(1) instanceof Literal l
                        && l.value() instanceof Number n
                        && Double.isFinite(n.doubleValue())
                        && n.doubleValue() == Math.rint(n.doubleValue());
            case DIV, MOD ->
                c.args().get(1) instanceof Literal l
                        && l.value() instanceof Number n
                        && n.doubleValue() != 0
                        && !Double.isNaN(n.doubleValue());
            default -> false;
        };
    }

    /** COUNT is 0 and total() is 0.0 over no rows: never NULL. */
    private static boolean neverNull(AggCall a) {
        return a.fn() == AggFn.COUNT || a.fn() == AggFn.COUNT_STAR || a.fn() == AggFn.TOTAL;
    }

    /** For a guard {@code CASE WHEN a IS NULL OR b IS NULL ... THEN NULL ELSE e END}: [a, b, ...]; else null. */
    static List<Expr> guardedAtoms(CaseWhen c) {
        if (c.conditions().size() != 1 || !ExprFactory.isNullLiteral(c.results().get(0))) return null;
        List<Expr> tested = new ArrayList<>();
        return collectNullTests(c.conditions().get(0), tested) ? tested : null;
    }

    private static boolean collectNullTests(Expr cond, List<Expr> into) {
        if (cond instanceof Call c && c.fn() == Fn.IS_NULL) {
            into.add(c.arg(0));
            return true;
        }
        if (cond instanceof Call c && c.fn() == Fn.OR)
            return collectNullTests(c.arg(0), into) && collectNullTests(c.arg(1), into);
        return false;
    }

    private List<Expr> union(List<Expr> parts) {
        if (parts.size() == 1) return atoms(parts.get(0));
        List<Expr> out = new ArrayList<>();
        Set<Expr> seen = identitySet(List.of());
        for (Expr p : parts) for (Expr a : atoms(p)) if (seen.add(a)) out.add(a);
        return out;
    }

    private static Set<Expr> identitySet(List<Expr> items) {
        Set<Expr> s = Collections.newSetFromMap(new IdentityHashMap<>());
        s.addAll(items);
        return s;
    }
}
