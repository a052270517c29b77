package dev.nabla.plan;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.plan.bound.DerivativeExpander;
import dev.nabla.plan.expr.AggCall;
import dev.nabla.plan.expr.AggFn;
import dev.nabla.plan.expr.Call;
import dev.nabla.plan.expr.Cast;
import dev.nabla.plan.expr.ColumnRef;
import dev.nabla.plan.expr.Derivative;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Fn;
import dev.nabla.plan.expr.Literal;
import dev.nabla.storage.DataType;
import java.util.ArrayList;
import java.util.List;

/** A tiny symbolic differentiator (+, -, *, columns, constants, SUM) standing in for autograd in tests. */
public final class FakeExpander implements DerivativeExpander {
    public final List<Derivative> seen = new ArrayList<>();

    @Override
    public Expr expand(Derivative d, Context ctx) {
        seen.add(d);
        Expr r = diff(d.body(), d.wrt(), ctx);
        if (d.seed() != null) r = new Call(Fn.MUL, DataType.DOUBLE, r, d.seed());
        ctx.report(d, r, 1, 1);
        return r;
    }

    /** Stands in for the engine's parser-backed folding of derivative('e', 'x'). */
    @Override
    public String derivativeText(String expr, String variable) {
        return "d(" + expr + ")/d" + variable;
    }

    private Expr diff(Expr e, ColumnRef wrt, Context ctx) {
        return switch (e) {
            case ColumnRef c when c.id() == wrt.id() -> Literal.ofDouble(1);
            case ColumnRef c -> {
                Expr def = ctx.definitionOf(c);
                yield def == null ? Literal.ofDouble(0) : diff(def, wrt, ctx);
            }
            case Literal l -> Literal.ofDouble(0);
            case Cast c -> diff(c.arg(), wrt, ctx);
            case Call c
            when c.fn() == Fn.ADD || c.fn() == Fn.SUB ->
                new Call(c.fn(), DataType.DOUBLE, diff(c.arg(0), wrt, ctx), diff(c.arg(1), wrt, ctx));
            case Call c
            when c.fn() == Fn.MUL ->
                new Call(
                        Fn.ADD,
                        DataType.DOUBLE,
                        new Call(Fn.MUL, DataType.DOUBLE, diff(c.arg(0), wrt, ctx), c.arg(1)),
                        new Call(Fn.MUL, DataType.DOUBLE, c.arg(0), diff(c.arg(1), wrt, ctx)));
            case AggCall a
            when a.fn() == AggFn.SUM ->
                new AggCall(
                        AggFn.SUM,
                        List.of(diff(a.args().get(0), wrt, ctx)),
                        false,
                        a.filter(),
                        DataType.DOUBLE,
                        a.span());
            default -> throw new NablaException(ErrorCode.GRAD, e.span(), "no derivative rule for " + e.toSql());
        };
    }
}
