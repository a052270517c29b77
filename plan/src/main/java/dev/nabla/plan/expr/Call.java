package dev.nabla.plan.expr;

import dev.nabla.common.Span;
import dev.nabla.storage.DataType;
import java.util.List;
import java.util.Objects;

/** A scalar function or operator applied to arguments. */
public record Call(Fn fn, List<Expr> args, DataType type, Span span) implements Expr {
    public Call {
        Objects.requireNonNull(fn);
        Objects.requireNonNull(type);
        args = ExprList.of(args);
        span = span == null ? Span.NONE : span;
        if (args.size() < fn.minArgs() || (fn.maxArgs() >= 0 && args.size() > fn.maxArgs())) {
            throw new IllegalArgumentException(
                    fn + " takes " + fn.minArgs() + ".." + fn.maxArgs() + " args, got " + args.size());
        }
    }

    public Call(Fn fn, DataType type, Expr... args) {
        this(fn, List.of(args), type, Span.NONE);
    }

    public Expr arg(int i) {
        return args.get(i);
    }

    @Override
    public List<Expr> children() {
        return args;
    }

    @Override
    public Expr withChildren(List<Expr> children) {
        return new Call(fn, children, type, span);
    }

    @Override
    public String toSql() {
        return ExprPrinter.call(this);
    }
}
