package dev.nabla.plan.optimize;

import dev.nabla.plan.expr.Call;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Exprs;
import dev.nabla.plan.expr.Fn;
import dev.nabla.plan.expr.Literal;
import dev.nabla.plan.logical.LogicalPlan;
import dev.nabla.plan.logical.PlanExprs;
import java.util.Optional;

/**
 * Algebraic identities that hold for every value of x, NULL, NaN, ±Infinity and −0 included: x*1, 1*x,
 * x-0, x/1, x+0 and 0+x (integers, or a −0.0 literal: IEEE's −0 + +0 is +0) when the type is unchanged,
 * x AND TRUE, TRUE AND x, x OR FALSE, FALSE OR x, NOT NOT x. x*0 is not 0 (NaN·0, ∞·0 and NULL·0 are
 * not 0). This is the engine's one rewriting policy; autograd's symbolic zeros are not SQL values (see
 * docs/architecture.md, "Zeros: one policy").
 */
public final class SimplifyExpressions implements Rule {
    @Override
    public String name() {
        return "SimplifyExpressions";
    }

    @Override
    public Optional<LogicalPlan> apply(LogicalPlan node) {
        boolean[] changed = {false};
        LogicalPlan out = PlanExprs.mapNode(
                node,
                e -> Exprs.transformUp(e, x -> {
                    Expr s = simplify(x);
                    if (s != x) changed[0] = true;
                    return s;
                }));
        return changed[0] ? Optional.of(out) : Optional.empty();
    }

    static Expr simplify(Expr e) {
        if (!(e instanceof Call c)) return e;
        switch (c.fn()) {
            case MUL -> {
                if (isNumber(c.arg(1), 1) && sameType(c.arg(0), c)) return c.arg(0);
                if (isNumber(c.arg(0), 1) && sameType(c.arg(1), c)) return c.arg(1);
            }
            case ADD -> {
                if (isAdditiveIdentity(c.arg(1), c) && sameType(c.arg(0), c)) return c.arg(0);
                if (isAdditiveIdentity(c.arg(0), c) && sameType(c.arg(1), c)) return c.arg(1);
            }
            case SUB -> {
                if (isNumber(c.arg(1), 0) && sameType(c.arg(0), c)) return c.arg(0);
            }
            case DIV -> {
                if (isNumber(c.arg(1), 1) && sameType(c.arg(0), c)) return c.arg(0);
            }
            case AND -> {
                if (isBool(c.arg(1), true)) return c.arg(0);
                if (isBool(c.arg(0), true)) return c.arg(1);
            }
            case OR -> {
                if (isBool(c.arg(1), false)) return c.arg(0);
                if (isBool(c.arg(0), false)) return c.arg(1);
            }
            case NOT -> {
                if (c.arg(0) instanceof Call inner && inner.fn() == Fn.NOT) return inner.arg(0);
            }
            default -> {}
        }
        return e;
    }

    private static boolean sameType(Expr a, Expr b) {
        return a.type().equals(b.type());
    }

    private static boolean isNumber(Expr e, long v) {
        return e instanceof Literal l && l.value() instanceof Number n && n.doubleValue() == v;
    }

    /** 0 for integers; for doubles only −0.0, since x + (+0.0) turns x = −0.0 into +0.0. */
    private static boolean isAdditiveIdentity(Expr e, Expr sum) {
        if (!isNumber(e, 0)) return false;
        if (!sum.type().isFloating()) return true;
        return ((Literal) e).value() instanceof Double d && Double.doubleToRawLongBits(d) == Long.MIN_VALUE;
    }

    private static boolean isBool(Expr e, boolean v) {
        return e instanceof Literal l && Boolean.valueOf(v).equals(l.value());
    }
}
