package dev.nabla.plan.fn;

import dev.nabla.common.Span;
import dev.nabla.plan.expr.Call;
import dev.nabla.plan.expr.CaseWhen;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Fn;
import dev.nabla.plan.expr.Literal;
import dev.nabla.storage.DataType;
import java.util.List;

/**
 * Builds a rule's expression exactly as written: plain calls, no simplification, no hash-consing. The
 * registry walk evaluates rules built this way, and the docs print them ({@link #arg} lets a subclass
 * rename operands). Autograd uses its own simplifying factory instead.
 */
public class PlainDerivativeBuilder implements DerivativeBuilder {
    private final Literal zero = Literal.ofDouble(0.0);

    /** An operand as it goes into a built call; the identity here. */
    protected Expr arg(Expr e) {
        return e;
    }

    @Override
    public Expr zero() {
        return zero;
    }

    @Override
    public Expr one() {
        return Literal.ofDouble(1.0);
    }

    @Override
    public Expr nullDouble() {
        return Literal.nullOf(DataType.DOUBLE);
    }

    @Override
    public Expr lit(double v) {
        return Literal.ofDouble(v);
    }

    @Override
    public Expr call(Fn fn, Expr... args) {
        for (int i = 0; i < args.length; i++) args[i] = arg(args[i]);
        return new Call(fn, DataType.DOUBLE, args);
    }

    @Override
    public Expr predicate(Fn fn, Expr... args) {
        for (int i = 0; i < args.length; i++) args[i] = arg(args[i]);
        // relu(INTEGER)'s rule compares x with the DOUBLE zero: the operands read as one type
        if (args.length == 2) return dev.nabla.plan.expr.Exprs.comparison(fn, args[0], args[1]);
        return new Call(fn, DataType.BOOLEAN, args);
    }

    @Override
    public Expr add(Expr a, Expr b) {
        return call(Fn.ADD, a, b);
    }

    @Override
    public Expr sub(Expr a, Expr b) {
        return call(Fn.SUB, a, b);
    }

    @Override
    public Expr mul(Expr a, Expr b) {
        return call(Fn.MUL, a, b);
    }

    @Override
    public Expr div(Expr a, Expr b) {
        return call(Fn.DIV, a, b);
    }

    @Override
    public Expr neg(Expr a) {
        return call(Fn.NEG, a);
    }

    @Override
    public Expr caseWhen(List<Expr> conditions, List<Expr> results, Expr otherwise) {
        return new CaseWhen(conditions, results, otherwise, DataType.DOUBLE, Span.NONE);
    }

    @Override
    public boolean isZero(Expr e) {
        return e == zero;
    }
}
