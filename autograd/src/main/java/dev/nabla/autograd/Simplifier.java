package dev.nabla.autograd;

import dev.nabla.plan.expr.AggCall;
import dev.nabla.plan.expr.Call;
import dev.nabla.plan.expr.CaseWhen;
import dev.nabla.plan.expr.Cast;
import dev.nabla.plan.expr.ColumnRef;
import dev.nabla.plan.expr.Derivative;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Exprs;
import dev.nabla.plan.expr.Fn;
import dev.nabla.plan.expr.Literal;
import dev.nabla.plan.expr.Param;
import dev.nabla.plan.expr.SubqueryExpr;
import dev.nabla.plan.expr.WindowCall;
import dev.nabla.plan.fn.Functions;
import dev.nabla.plan.fn.ScalarFunction;
import dev.nabla.storage.DataType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleBinaryOperator;

/**
 * Algebraic clean-up of a derivative, bottom-up over the canonical DAG (each shared node once).
 * Only DOUBLE calls over DOUBLE arguments are rewritten — integer arithmetic in the primal keeps its
 * exact semantics. The rewrites are value-preserving for finite, non-NULL operands; NULLs are
 * restored by {@link NullGuard} afterwards, and like JAX's symbolic zeros, 0·x folds to 0 even
 * where x would be infinite or NaN. x/x is never folded (x may be 0).
 */
final class Simplifier {
    private static final Map<Fn, DoubleBinaryOperator> ARITHMETIC = new EnumMap<>(Fn.class);

    static {
        ARITHMETIC.put(Fn.ADD, Double::sum);
        ARITHMETIC.put(Fn.SUB, (a, b) -> a - b);
        ARITHMETIC.put(Fn.MUL, (a, b) -> a * b);
        ARITHMETIC.put(Fn.DIV, (a, b) -> a / b);
    }

    /**
     * A registry function (or negation) of a constant, folded with the entry's scalar twin and domain
     * as constant folding does; null where it does not fold (outside the domain the runtime gives
     * NULL, and a NaN or infinite value has no literal).
     */
    private static Double fold(Fn fn, double v) {
        if (fn == Fn.NEG) return -v;
        ScalarFunction def = Functions.of(fn);
        if (def == null || def.arity() != 1) return null;
        Double r = def.value(v);
        return r != null && Double.isFinite(r) ? r : null;
    }

    private static Double fold(Fn fn, double a, double b) {
        DoubleBinaryOperator op = ARITHMETIC.get(fn);
        Double r;
        if (op != null) {
            r = op.applyAsDouble(a, b);
        } else {
            ScalarFunction def = Functions.of(fn);
            if (def == null || def.twin2() == null) return null;
            r = def.value(a, b);
        }
        return r != null && Double.isFinite(r) ? r : null;
    }

    private final ExprFactory f;
    private final NullGuard nulls;
    private final Map<Expr, Expr> memo = new IdentityHashMap<>();
    /** Nodes of the primal: left as written, so the derivative keeps sharing them with the primal. */
    private final Set<Expr> frozen = Collections.newSetFromMap(new IdentityHashMap<>());

    Simplifier(ExprFactory f, NullGuard nulls) {
        this.f = f;
        this.nulls = nulls;
    }

    /** Marks every node of a canonical primal expression as not to be rewritten. */
    void freeze(Expr primal) {
        if (!frozen.add(primal)) return;
        for (Expr k : primal.children()) freeze(k);
    }

    /** The simplified form of a canonical expression. */
    Expr simplify(Expr e) {
        if (frozen.contains(e)) return e;
        Expr known = memo.get(e);
        if (known != null) return known;
        dev.nabla.common.CancelCheck.poll();
        Expr mapped = Exprs.mapChildren(e, this::simplify);
        Expr rebuilt = mapped == e ? e : f.intern(mapped);
        Expr result = switch (rebuilt) {
            case Call c -> rewrite(c);
            case Cast c -> cast(c);
            case CaseWhen c -> caseWhen(c);
            // leaves and opaque nodes have nothing to rewrite (their children were simplified above)
            case Literal l -> rebuilt;
            case ColumnRef r -> rebuilt;
            case Param p -> rebuilt;
            case SubqueryExpr q -> rebuilt;
            case AggCall a -> rebuilt;
            case WindowCall w -> rebuilt;
            case Derivative d -> rebuilt;
        };
        memo.put(e, result);
        return result;
    }

    private Expr cast(Cast c) {
        if (c.type() == DataType.DOUBLE) {
            if (c.arg().type() == DataType.DOUBLE) return c.arg();
            if (c.arg() instanceof Literal) return f.asDouble(c.arg());
        }
        return c;
    }

    private Expr caseWhen(CaseWhen c) {
        List<Expr> conds = new ArrayList<>(), results = new ArrayList<>();
        boolean changed = false;
        for (int i = 0; i < c.conditions().size(); i++) {
            Expr cond = c.conditions().get(i);
            if (cond instanceof Literal l && l.value() instanceof Boolean b) {
                changed = true;
                if (b) {
                    if (conds.isEmpty()) return c.results().get(i);
                    return f.intern(new CaseWhen(conds, results, c.results().get(i), c.type(), c.span()));
                }
                continue; // FALSE never selects
            }
            conds.add(cond);
            results.add(c.results().get(i));
        }
        if (conds.isEmpty()) return c.otherwise();
        boolean allSame = true;
        for (Expr r : results) allSame &= r == c.otherwise();
        if (allSame) return c.otherwise();
        // a NULL guard whose value is NULL under the same conditions anyway
        CaseWhen current =
                changed ? (CaseWhen) f.intern(new CaseWhen(conds, results, c.otherwise(), c.type(), c.span())) : c;
        List<Expr> guarded = NullGuard.guardedAtoms(current);
        if (guarded != null) {
            List<Expr> atoms = new ArrayList<>();
            for (Expr g : guarded) atoms.addAll(nulls.atoms(g));
            if (nulls.forcedNullBy(current.otherwise(), atoms)) return current.otherwise();
        }
        return current;
    }

    private Expr rewrite(Call c) {
        if (c.type() != DataType.DOUBLE) return c;
        for (Expr a : c.args()) if (a.type() != DataType.DOUBLE) return c;
        List<Expr> a = c.args();
        if (a.size() == 1) {
            Double v = ExprFactory.constant(a.get(0));
            Double folded = v == null ? null : fold(c.fn(), v);
            if (folded != null) return f.lit(folded);
            if (ExprFactory.isNullLiteral(a.get(0)) && c.fn() != Fn.STOP_GRADIENT) return f.nullDouble;
            return c.fn() == Fn.NEG ? neg(a.get(0), c) : c;
        }
        if (a.size() != 2) return c;
        Expr x = a.get(0), y = a.get(1);
        if (ARITHMETIC.containsKey(c.fn()) || Functions.of(c.fn()) != null) {
            if (ExprFactory.isNullLiteral(x) || ExprFactory.isNullLiteral(y)) return f.nullDouble;
            Double cx = ExprFactory.constant(x), cy = ExprFactory.constant(y);
            Double v = cx != null && cy != null ? fold(c.fn(), cx, cy) : null;
            if (v != null) return f.lit(v);
        }
        return switch (c.fn()) {
            case ADD -> add(x, y, c);
            case SUB -> sub(x, y, c);
            case MUL -> mul(x, y, c);
            case DIV -> div(x, y, c);
            case POWER -> {
                if (ExprFactory.isOne(y)) yield x;
                if (ExprFactory.isZero(y)) yield f.one;
                yield c;
            }
            default -> c;
        };
    }

    // Each helper returns `original` when no rule applies, so unchanged nodes keep their identity.

    private Expr neg(Expr x, Expr original) {
        if (x instanceof Call c && c.type() == DataType.DOUBLE) {
            if (c.fn() == Fn.NEG) return c.arg(0);
            if (c.fn() == Fn.SUB) return sub(c.arg(1), c.arg(0), null);
            if (c.fn() == Fn.MUL && ExprFactory.constant(c.arg(0)) != null)
                return mul(f.lit(-ExprFactory.constant(c.arg(0))), c.arg(1), null);
        }
        return original != null ? original : f.call(Fn.NEG, x);
    }

    private Expr add(Expr x, Expr y, Expr original) {
        if (ExprFactory.isZero(x)) return y;
        if (ExprFactory.isZero(y)) return x;
        if (isNeg(y)) return sub(x, arg0(y), null);
        if (isNeg(x)) return sub(y, arg0(x), null);
        if (x == y) return mul(f.lit(2), x, null);
        Expr like = likeTerms(x, y);
        if (like != null) return like;
        Double cy = ExprFactory.constant(y);
        if (cy != null && cy < 0) return sub(x, f.lit(-cy), null);
        return original != null ? original : f.call(Fn.ADD, x, y);
    }

    /** c1·t + c2·t → (c1 + c2)·t (a bare t counts as 1·t), and a·b + b·a → 2·(a·b). */
    private Expr likeTerms(Expr x, Expr y) {
        if (isMul(x) && isMul(y) && arg0(x) == arg1(y) && arg1(x) == arg0(y)) return mul(f.lit(2), x, null);
        Double cx = coefficient(x), cy = coefficient(y);
        if (cx == null || cy == null || term(x) != term(y)) return null;
        return mul(f.lit(cx + cy), term(x), null);
    }

    private static Double coefficient(Expr e) {
        if (isMul(e)) {
            Double c = ExprFactory.constant(arg0(e));
            if (c != null) return c;
        }
        return ExprFactory.constant(e) == null ? 1.0 : null;
    }

    private static Expr term(Expr e) {
        return isMul(e) && ExprFactory.constant(arg0(e)) != null ? arg1(e) : e;
    }

    private static boolean isMul(Expr e) {
        return e instanceof Call c && c.fn() == Fn.MUL && c.type() == DataType.DOUBLE;
    }

    private static Expr arg1(Expr e) {
        return ((Call) e).arg(1);
    }

    private Expr sub(Expr x, Expr y, Expr original) {
        if (ExprFactory.isZero(y)) return x;
        if (ExprFactory.isZero(x)) return neg(y, null);
        if (x == y) return f.zero;
        if (isNeg(y)) return add(x, arg0(y), null);
        Double cx = coefficient(x), cy = coefficient(y);
        if (cx != null && cy != null && term(x) == term(y)) return mul(f.lit(cx - cy), term(x), null);
        return original != null ? original : f.call(Fn.SUB, x, y);
    }

    private Expr mul(Expr x, Expr y, Expr original) {
        if (ExprFactory.isZero(x) || ExprFactory.isZero(y)) return f.zero;
        if (ExprFactory.isOne(x)) return y;
        if (ExprFactory.isOne(y)) return x;
        Double cx = ExprFactory.constant(x), cy = ExprFactory.constant(y);
        if (cy != null && cx == null) return mul(y, x, null); // constants to the left: 2 * x
        if (cx != null && cx == -1.0) return neg(y, null);
        if (isNeg(x) && isNeg(y)) return mul(arg0(x), arg0(y), null);
        if (cx != null && isNeg(y)) return mul(f.lit(-cx), arg0(y), null);
        if (isNeg(x)) return neg(mul(arg0(x), y, null), null);
        if (isNeg(y)) return neg(mul(x, arg0(y), null), null);
        if (cx != null && y instanceof Call m && m.fn() == Fn.MUL && m.type() == DataType.DOUBLE) {
            Double inner = ExprFactory.constant(m.arg(0));
            if (inner != null) return mul(f.lit(cx * inner), m.arg(1), null);
        }
        if (cx != null && y instanceof Call d && d.fn() == Fn.DIV && d.type() == DataType.DOUBLE) {
            Double inner = ExprFactory.constant(d.arg(0));
            if (inner != null) return div(f.lit(cx * inner), d.arg(1), null);
        }
        return original != null ? original : f.call(Fn.MUL, x, y);
    }

    private Expr div(Expr x, Expr y, Expr original) {
        if (ExprFactory.isOne(y)) return x;
        Double cy = ExprFactory.constant(y);
        if (cy != null && cy == -1.0) return neg(x, null);
        if (ExprFactory.isZero(x) && cy != null && cy != 0.0) return f.zero;
        if (isNeg(x)) return neg(div(arg0(x), y, null), null);
        // (c·a) / (c·b) → a / b
        if (isMul(x)
                && isMul(y)
                && ExprFactory.constant(arg0(x)) != null
                && ExprFactory.constant(arg0(x)).equals(ExprFactory.constant(arg0(y)))) {
            return div(arg1(x), arg1(y), null);
        }
        if (isNeg(y)) return neg(div(x, arg0(y), null), null);
        return original != null ? original : f.call(Fn.DIV, x, y);
    }

    private static boolean isNeg(Expr e) {
        return e instanceof Call c && c.fn() == Fn.NEG && c.type() == DataType.DOUBLE;
    }

    private static Expr arg0(Expr e) {
        return ((Call) e).arg(0);
    }
}
