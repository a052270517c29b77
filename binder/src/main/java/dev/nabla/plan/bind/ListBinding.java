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

    /**
     * A list argument: a {@code DOUBLE[]}; a {@code DOUBLE[n]}, a text literal, a bare NULL or an untyped parameter
     * converts to one; anything else is 42804.
     */
    static Expr list(Expr e, String name, Span span) {
        if (ExprBinder.isUnknownParam(e)
                || e.type() == DataType.NULL
                || e instanceof Literal l && l.value() instanceof String
                || e.type() instanceof dev.nabla.storage.ArrayType) e = TypeRules.coerce(e, ListType.DOUBLE_LIST);
        if (!isList(e))
            throw new NablaException(
                    ErrorCode.TYPE_MISMATCH,
                    e.span().isKnown() ? e.span() : span,
                    name + " expects a DOUBLE[] list, got " + e.type().sqlName());
        return e;
    }

    /** {@code [e1, …]} with a NULL element or none, and {@code list_value(e1, …)}: all-constant folds to a literal. */
    static Expr value(java.util.List<Expr> elements, Span span) {
        java.util.List<Expr> conv = new java.util.ArrayList<>();
        boolean constant = true;
        for (Expr e : elements) {
            Expr x = element(e, "a list", span);
            constant &= x instanceof Literal;
            conv.add(x);
        }
        if (constant) {
            java.util.List<Double> v = new java.util.ArrayList<>();
            for (Expr x : conv) v.add(((Literal) x).isNull() ? null : ((Number) ((Literal) x).value()).doubleValue());
            return new Literal(dev.nabla.storage.ListValue.ofBoxed(v), ListType.DOUBLE_LIST, span);
        }
        return new dev.nabla.plan.expr.Call(dev.nabla.plan.expr.Fn.LIST_VALUE, conv, ListType.DOUBLE_LIST, span);
    }

    /** The list functions ({@link dev.nabla.plan.expr.Fn#isListFunction}), their arguments bound. */
    static Expr function(dev.nabla.plan.expr.Fn fn, java.util.List<Expr> a, Span span) {
        String name = fn.sqlName();
        DataType num = DataType.DOUBLE;
        return switch (fn) {
            case LIST_VALUE -> value(a, span);
            case LIST_CONCAT ->
                call(fn, ListType.DOUBLE_LIST, span, list(a.get(0), name, span), list(a.get(1), name, span));
            case LIST_CONTAINS ->
                call(fn, DataType.BOOLEAN, span, list(a.get(0), name, span), element(a.get(1), name, span));
            case LIST_POSITION ->
                call(fn, DataType.INTEGER, span, list(a.get(0), name, span), element(a.get(1), name, span));
            case LIST_SLICE ->
                call(
                        fn,
                        ListType.DOUBLE_LIST,
                        span,
                        list(a.get(0), name, span),
                        bound(a.get(1), name, span),
                        bound(a.get(2), name, span));
            case LIST_SORT, LIST_REVERSE_SORT -> sort(fn, a, span);
            case LIST_DISTINCT, LIST_REVERSE -> call(fn, ListType.DOUBLE_LIST, span, list(a.get(0), name, span));
            case LIST_SUM, LIST_AVG, LIST_MIN, LIST_MAX -> call(fn, num, span, list(a.get(0), name, span));
            case ARRAY_TO_STRING ->
                call(
                        fn,
                        DataType.VARCHAR,
                        span,
                        list(a.get(0), name, span),
                        TypeRules.coerce(a.get(1), DataType.VARCHAR));
            default -> throw new IllegalArgumentException(fn + " is not a list function");
        };
    }

    private static Expr call(dev.nabla.plan.expr.Fn fn, DataType t, Span span, Expr... args) {
        return new dev.nabla.plan.expr.Call(fn, java.util.List.of(args), t, span);
    }

    /** A slice bound: an integer (NULL allowed), as BIGINT. */
    private static Expr bound(Expr e, String name, Span span) {
        if (ExprBinder.isUnknownParam(e) || e.type() == DataType.NULL) return TypeRules.coerce(e, DataType.BIGINT);
        if (!e.type().isIntegral())
            throw new NablaException(
                    ErrorCode.TYPE_MISMATCH,
                    e.span().isKnown() ? e.span() : span,
                    name + ": a slice bound must be an integer, got " + e.type().sqlName());
        return TypeRules.coerce(e, DataType.BIGINT);
    }

    /**
     * {@code list_sort(v [, 'ASC' | 'DESC' [, 'NULLS FIRST' | 'NULLS LAST']])}, {@code list_reverse_sort(v [, nulls])}:
     * the order words are constants, read here into two BOOLEAN literals (descending, NULLs first). NULLs go last
     * unless asked (DuckDB's default).
     */
    private static Expr sort(dev.nabla.plan.expr.Fn fn, java.util.List<Expr> a, Span span) {
        String name = fn.sqlName();
        boolean reverse = fn == dev.nabla.plan.expr.Fn.LIST_REVERSE_SORT;
        boolean desc = reverse, nullsFirst = false;
        for (int i = 1; i < a.size(); i++) {
            Expr e = a.get(i);
            String word = e instanceof Literal l && l.value() instanceof String s
                    ? s.strip().replaceAll("\\s+", " ").toUpperCase(java.util.Locale.ROOT)
                    : null;
            boolean order = i == 1 && !reverse;
            if (order && ("ASC".equals(word) || "DESC".equals(word))) desc = "DESC".equals(word);
            else if (!order && ("NULLS FIRST".equals(word) || "NULLS LAST".equals(word)))
                nullsFirst = "NULLS FIRST".equals(word);
            else
                throw new NablaException(
                        ErrorCode.INVALID_ARGUMENT,
                        e.span().isKnown() ? e.span() : span,
                        name + ": argument " + (i + 1) + " must be the constant "
                                + (order ? "'ASC' or 'DESC'" : "'NULLS FIRST' or 'NULLS LAST'") + ", got " + e.toSql());
        }
        return call(
                dev.nabla.plan.expr.Fn.LIST_SORT,
                ListType.DOUBLE_LIST,
                span,
                list(a.get(0), name, span),
                new Literal(desc, DataType.BOOLEAN, span),
                new Literal(nullsFirst, DataType.BOOLEAN, span));
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
