package dev.nabla.autograd;

import dev.nabla.common.Span;
import dev.nabla.plan.bound.DerivativeExpander;
import dev.nabla.plan.expr.Call;
import dev.nabla.plan.expr.ColumnRef;
import dev.nabla.plan.expr.Derivative;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Fn;
import dev.nabla.plan.expr.Literal;
import dev.nabla.storage.DataType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Small builders for bound expressions in tests. */
final class Exprs {
    private Exprs() {}

    static final ColumnRef X = col(1, "x"), Y = col(2, "y"), Z = col(3, "z");

    static ColumnRef col(int id, String name) {
        return new ColumnRef(id, name, DataType.DOUBLE, Span.NONE);
    }

    static Literal lit(double v) {
        return Literal.ofDouble(v);
    }

    static Call call(Fn fn, Expr... args) {
        return new Call(fn, List.of(args), DataType.DOUBLE, Span.NONE);
    }

    static Call add(Expr a, Expr b) {
        return call(Fn.ADD, a, b);
    }

    static Call sub(Expr a, Expr b) {
        return call(Fn.SUB, a, b);
    }

    static Call mul(Expr a, Expr b) {
        return call(Fn.MUL, a, b);
    }

    static Call div(Expr a, Expr b) {
        return call(Fn.DIV, a, b);
    }

    static Derivative grad(Expr body, ColumnRef wrt) {
        return new Derivative(Derivative.Mode.GRAD, body, wrt, null, Span.NONE);
    }

    static Derivative jvp(Expr body, ColumnRef wrt, Expr t) {
        return new Derivative(Derivative.Mode.JVP, body, wrt, t, Span.NONE);
    }

    static Derivative vjp(Expr body, ColumnRef wrt, Expr c) {
        return new Derivative(Derivative.Mode.VJP, body, wrt, c, Span.NONE);
    }

    static Map<Integer, Double> row(Object... idValue) {
        Map<Integer, Double> m = new HashMap<>();
        for (int i = 0; i < idValue.length; i += 2) {
            ColumnRef c = (ColumnRef) idValue[i];
            m.put(c.id(), idValue[i + 1] == null ? null : ((Number) idValue[i + 1]).doubleValue());
        }
        return m;
    }

    /** A context with optional definitions and grouping; records reports. */
    static final class Ctx implements DerivativeExpander.Context {
        final Map<Integer, Expr> definitions = new HashMap<>();
        final List<Integer> constantPerGroup = new ArrayList<>();
        final List<int[]> reports = new ArrayList<>();

        Ctx define(ColumnRef c, Expr definition) {
            definitions.put(c.id(), definition);
            return this;
        }

        Ctx grouped(ColumnRef c) {
            constantPerGroup.add(c.id());
            return this;
        }

        @Override
        public Expr definitionOf(ColumnRef column) {
            return definitions.get(column.id());
        }

        @Override
        public boolean constantPerGroup(ColumnRef column) {
            return constantPerGroup.contains(column.id());
        }

        @Override
        public void report(Derivative derivative, Expr result, int before, int after) {
            reports.add(new int[] {before, after});
        }
    }

    static Expr expand(Derivative d) {
        return Autograd.INSTANCE.expand(d, new Ctx());
    }

    static Expr expand(Derivative d, DerivativeExpander.Context ctx) {
        return Autograd.INSTANCE.expand(d, ctx);
    }
}
