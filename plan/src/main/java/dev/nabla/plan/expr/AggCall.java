package dev.nabla.plan.expr;

import dev.nabla.common.Span;
import dev.nabla.storage.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An aggregate call: lives in an {@code Aggregate} node (or a window function with fn AGGREGATE).
 * {@code orderBy} is the order the rows are fed in ({@code string_agg(x, ',' ORDER BY y)}); the binder
 * keeps it only for aggregates whose result depends on it.
 */
public record AggCall(
        AggFn fn, List<Expr> args, boolean distinct, Expr filter, List<SortKey> orderBy, DataType type, Span span)
        implements Expr {
    public AggCall {
        Objects.requireNonNull(fn);
        Objects.requireNonNull(type);
        args = ExprList.of(args);
        orderBy = List.copyOf(orderBy);
        span = span == null ? Span.NONE : span;
    }

    public AggCall(AggFn fn, List<Expr> args, boolean distinct, Expr filter, DataType type, Span span) {
        this(fn, args, distinct, filter, List.of(), type, span);
    }

    /** args, the filter when present, then the ORDER BY keys. */
    @Override
    public List<Expr> children() {
        List<Expr> all = new ArrayList<>(args);
        if (filter != null) all.add(filter);
        for (SortKey k : orderBy) all.add(k.expr());
        return all;
    }

    @Override
    public Expr withChildren(List<Expr> children) {
        int n = args.size();
        int i = filter == null ? n : n + 1;
        List<SortKey> order = new ArrayList<>();
        for (SortKey k : orderBy) order.add(new SortKey(children.get(i++), k.ascending(), k.nullsFirst()));
        return new AggCall(
                fn, children.subList(0, n), distinct, filter == null ? null : children.get(n), order, type, span);
    }

    @Override
    public String toSql() {
        return ExprPrinter.agg(this);
    }
}
