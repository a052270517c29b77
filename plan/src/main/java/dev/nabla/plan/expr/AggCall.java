package dev.nabla.plan.expr;

import dev.nabla.common.Span;
import dev.nabla.storage.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** An aggregate call: lives in an {@code Aggregate} node (or a window function with fn AGGREGATE). */
public record AggCall(AggFn fn, List<Expr> args, boolean distinct, Expr filter, DataType type, Span span) implements Expr {
    public AggCall {
        Objects.requireNonNull(fn);
        Objects.requireNonNull(type);
        args = List.copyOf(args);
        span = span == null ? Span.NONE : span;
    }

    @Override public List<Expr> children() {
        List<Expr> all = new ArrayList<>(args);
        if (filter != null) all.add(filter);
        return all;
    }

    @Override public Expr withChildren(List<Expr> children) {
        int n = args.size();
        return new AggCall(fn, children.subList(0, n), distinct, filter == null ? null : children.get(n), type, span);
    }

    @Override public String toSql() { return ExprPrinter.agg(this); }
}
