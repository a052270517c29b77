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
 * Algebraic identities that hold under SQL NULL semantics: x*1, 1*x, x+0, 0+x, x-0, x/1 (when the type is
 * unchanged), x AND TRUE, TRUE AND x, x OR FALSE, FALSE OR x, NOT NOT x. (x*0 is not 0 for NULL or NaN.)
 */
public final class SimplifyExpressions implements Rule {
    @Override public String name() { return "SimplifyExpressions"; }

    @Override public Optional<LogicalPlan> apply(LogicalPlan node) {
        boolean[] changed = {false};
        LogicalPlan out = PlanExprs.mapNode(node, e -> Exprs.transformUp(e, x -> {
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
                if (isNumber(c.arg(1), 0) && sameType(c.arg(0), c)) return c.arg(0);
                if (isNumber(c.arg(0), 0) && sameType(c.arg(1), c)) return c.arg(1);
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
            default -> { }
        }
        return e;
    }

    private static boolean sameType(Expr a, Expr b) { return a.type().equals(b.type()); }

    private static boolean isNumber(Expr e, long v) {
        return e instanceof Literal l && l.value() instanceof Number n && n.doubleValue() == v;
    }

    private static boolean isBool(Expr e, boolean v) { return e instanceof Literal l && Boolean.valueOf(v).equals(l.value()); }
}
