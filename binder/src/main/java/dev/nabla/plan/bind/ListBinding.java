package dev.nabla.plan.bind;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.common.Span;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Literal;
import dev.nabla.storage.DataType;
import dev.nabla.storage.ListType;

/**
 * Binding of variable-length {@code DOUBLE[]} lists: the element a list is built from ({@code array_agg},
 * {@code min_by(x, key, k)}) and the constants that size them. Subscripts and lengths of lists are bound
 * by {@link ArrayBinding} beside those of fixed-size arrays.
 */
final class ListBinding {
    private ListBinding() {}

    static boolean isList(Expr e) {
        return e.type() instanceof ListType;
    }

    /**
     * A list element: a number or boolean (NULL allowed) read as DOUBLE, the one stored element type
     * ({@code DOUBLE[]}); anything else is a 42804 naming the type.
     */
    static Expr element(Expr x, String name, Span span) {
        if (ExprBinder.isUnknownParam(x) || x.type() == DataType.NULL) return TypeRules.coerce(x, DataType.DOUBLE);
        if (!x.type().isNumeric() && x.type() != DataType.BOOLEAN) {
            throw new NablaException(
                    ErrorCode.TYPE_MISMATCH,
                    x.span().isKnown() ? x.span() : span,
                    name + " builds a DOUBLE[] list, so its values must be numbers, got "
                            + x.type().sqlName() + " (lists of other types are not supported yet)");
        }
        return TypeRules.coerce(x, DataType.DOUBLE);
    }

    /**
     * A registry array function with a {@code DOUBLE[]} argument: the other may be a list, a {@code DOUBLE[n]}
     * (read as a list) or a text literal; lengths are checked per row when it runs (two lists may differ).
     * The result is a DOUBLE, or a {@code DOUBLE[]} where the array form gives an array.
     */
    static Expr registered(dev.nabla.plan.fn.ArrayFunction def, java.util.List<Expr> a, Span span) {
        java.util.List<Expr> args = new java.util.ArrayList<>();
        for (Expr e : a) {
            if (ExprBinder.isUnknownParam(e)
                    || e.type() == DataType.NULL
                    || e instanceof Literal l && l.value() instanceof String
                    || e.type() instanceof dev.nabla.storage.ArrayType) e = TypeRules.coerce(e, ListType.DOUBLE_LIST);
            if (!isList(e)) {
                throw new NablaException(
                        ErrorCode.TYPE_MISMATCH,
                        e.span().isKnown() ? e.span() : span,
                        def.name() + " expects DOUBLE[n] or DOUBLE[] arguments, got "
                                + e.type().sqlName());
            }
            args.add(e);
        }
        DataType type = switch (def.result()) {
            case DOUBLE -> DataType.DOUBLE;
            case SAME_ARRAY -> ListType.DOUBLE_LIST;
        };
        return new dev.nabla.plan.expr.Call(def.fn(), args, type, span);
    }

    /** A constant integer ≥ 1 (a list's size bound), as a BIGINT literal. */
    static Expr positiveConstant(Expr e, String what, Span span) {
        if (e instanceof Literal l
                && l.value() instanceof Number v
                && (e.type().isIntegral() || v.doubleValue() == Math.rint(v.doubleValue()))
                && v.doubleValue() >= 1) {
            return new Literal(v.longValue(), DataType.BIGINT, l.span());
        }
        throw new NablaException(
                ErrorCode.INVALID_ARGUMENT,
                e.span().isKnown() ? e.span() : span,
                what + " must be a constant integer of at least 1, got " + e.toSql());
    }
}
