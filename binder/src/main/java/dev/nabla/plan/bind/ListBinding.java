package dev.nabla.plan.bind;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.common.Span;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Literal;
import dev.nabla.storage.DataType;
import dev.nabla.storage.ListType;

/**
 * Binding of variable-length lists ({@code DOUBLE[]}, {@code BIGINT[]}, {@code INTEGER[]}, {@code VARCHAR[]}): list
 * values, the list functions, the element a list is built from ({@code array_agg}, {@code min_by(x, key, k)}) and
 * the constants that size them. Subscripts and lengths of lists are bound
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
     * (read as a list) or a text literal; an integer list converts to {@code DOUBLE[]}, a {@code VARCHAR[]} is
     * 42804; lengths are checked per row when it runs (two lists may differ).
     * The result is a DOUBLE, or a {@code DOUBLE[]} where the array form gives an array.
     */
    static Expr registered(dev.nabla.plan.fn.ArrayFunction def, java.util.List<Expr> a, Span span) {
        java.util.List<Expr> args = new java.util.ArrayList<>();
        for (Expr e : a) {
            if (ExprBinder.isUnknownParam(e)
                    || e.type() == DataType.NULL
                    || e instanceof Literal l && l.value() instanceof String
                    || e.type() instanceof dev.nabla.storage.ArrayType
                    || e.type() instanceof ListType(DataType el) && el.isIntegral())
                e = TypeRules.coerce(e, ListType.DOUBLE_LIST);
            if (!e.type().equals(ListType.DOUBLE_LIST)) {
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
     * A list argument: a list of any stored type; a {@code DOUBLE[n]}, a text literal, a bare NULL or an untyped
     * parameter converts to a {@code DOUBLE[]}; anything else is 42804.
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
                    name + " expects a list, got " + e.type().sqlName());
        return e;
    }

    /**
     * The element type a list of values of {@code t} gets: VARCHAR for text, INTEGER for INTEGER, BIGINT for the
     * other integers, DOUBLE for other numbers and booleans (as before lists of other types); null for NULL.
     */
    static DataType elementTypeOf(DataType t) {
        if (t == DataType.NULL) return null;
        if (t == DataType.VARCHAR) return DataType.VARCHAR;
        if (t == DataType.INTEGER) return DataType.INTEGER;
        if (t.isIntegral() && t != DataType.BOOLEAN && !(t instanceof dev.nabla.storage.DecimalType))
            return DataType.BIGINT;
        if (t.isNumeric() || t == DataType.BOOLEAN) return DataType.DOUBLE;
        return null;
    }

    /**
     * An element of a list of its own type ({@link #elementTypeOf}): {@code array_agg}'s argument. Anything
     * else (a date, a list) is a 42804 naming the type.
     */
    static Expr typedElement(Expr x, String name, Span span) {
        if (ExprBinder.isUnknownParam(x) || x.type() == DataType.NULL) return TypeRules.coerce(x, DataType.DOUBLE);
        DataType t = elementTypeOf(x.type());
        if (t == null) {
            throw new NablaException(
                    ErrorCode.TYPE_MISMATCH,
                    x.span().isKnown() ? x.span() : span,
                    name + " builds a list of numbers or text, got " + x.type().sqlName()
                            + " (lists of other types are not supported yet)");
        }
        return TypeRules.coerce(x, t);
    }

    /** The common element type of two (null = not known yet): text only with text, else the wider number. */
    private static DataType unifyElements(DataType a, DataType b, String name, Span span) {
        if (a == null) return b;
        if (b == null || a.equals(b)) return a;
        if (a == DataType.VARCHAR || b == DataType.VARCHAR) {
            throw new NablaException(
                    ErrorCode.TYPE_MISMATCH,
                    span,
                    name + ": cannot mix " + a.sqlName() + " and " + b.sqlName() + " elements in one list");
        }
        return a == DataType.DOUBLE || b == DataType.DOUBLE ? DataType.DOUBLE : DataType.BIGINT;
    }

    /**
     * {@code [e1, …]} with a NULL element, none, or a text element ({@code brackets}), and {@code list_value(e1, …)}:
     * text elements make a {@code VARCHAR[]}; numbers in brackets a {@code DOUBLE[]} (the engine's vector
     * element; DuckDB would say INTEGER[] for {@code [1, NULL]}), numbers in {@code list_value} a list of their
     * own type (INTEGER[], BIGINT[] or DOUBLE[], as DuckDB). All-constant folds to a literal.
     */
    static Expr value(java.util.List<Expr> elements, Span span) {
        return value(elements, span, true);
    }

    static Expr value(java.util.List<Expr> elements, Span span, boolean brackets) {
        DataType elem = null;
        for (Expr e : elements) {
            if (ExprBinder.isUnknownParam(e) || e.type() == DataType.NULL) continue;
            DataType t = elementTypeOf(e.type());
            if (t == null) {
                throw new NablaException(
                        ErrorCode.TYPE_MISMATCH,
                        e.span().isKnown() ? e.span() : span,
                        "a list holds numbers or text, got " + e.type().sqlName()
                                + " (lists of other types are not supported yet)");
            }
            if (brackets && t != DataType.VARCHAR) t = DataType.DOUBLE;
            elem = unifyElements(elem, t, "a list", e.span().isKnown() ? e.span() : span);
        }
        if (elem == null) elem = DataType.DOUBLE;
        ListType type = new ListType(elem);
        java.util.List<Expr> conv = new java.util.ArrayList<>();
        boolean constant = true;
        for (Expr e : elements) {
            Expr x = TypeRules.coerce(e, elem);
            constant &= x instanceof Literal;
            conv.add(x);
        }
        if (constant) {
            java.util.List<Object> v = new java.util.ArrayList<>();
            for (Expr x : conv) v.add(((Literal) x).value());
            return new Literal(dev.nabla.storage.ListValue.ofObjects(v, type.kind()), type, span);
        }
        return new dev.nabla.plan.expr.Call(dev.nabla.plan.expr.Fn.LIST_VALUE, conv, type, span);
    }

    /** The list functions ({@link dev.nabla.plan.expr.Fn#isListFunction}), their arguments bound. */
    static Expr function(dev.nabla.plan.expr.Fn fn, java.util.List<Expr> a, Span span) {
        String name = fn.sqlName();
        return switch (fn) {
            case LIST_VALUE -> value(a, span, false);
            case LIST_CONCAT -> {
                Expr x = a.get(0), y = a.get(1);
                // a NULL, text literal or parameter takes the other side's list type
                if (isList(x) && !isList(y) && !(y.type() instanceof dev.nabla.storage.ArrayType))
                    y = TypeRules.coerce(y, x.type());
                if (isList(y) && !isList(x) && !(x.type() instanceof dev.nabla.storage.ArrayType))
                    x = TypeRules.coerce(x, y.type());
                x = list(x, name, span);
                y = list(y, name, span);
                DataType e = unifyElements(elementOf(x), elementOf(y), name, span);
                ListType t = new ListType(e);
                yield call(fn, t, span, TypeRules.coerce(x, t), TypeRules.coerce(y, t));
            }
            case LIST_CONTAINS, LIST_POSITION -> {
                Expr l = list(a.get(0), name, span);
                Expr needle = a.get(1);
                DataType e = elementOf(l);
                if (!(ExprBinder.isUnknownParam(needle) || needle.type() == DataType.NULL)) {
                    DataType nt = elementTypeOf(needle.type());
                    if (nt == null || (nt == DataType.VARCHAR) != (e == DataType.VARCHAR)) {
                        throw new NablaException(
                                ErrorCode.TYPE_MISMATCH,
                                needle.span().isKnown() ? needle.span() : span,
                                name + ": cannot look for a " + needle.type().sqlName() + " in a "
                                        + l.type().sqlName());
                    }
                    // a fractional needle in an integer list: compare as doubles (2.5 is not in [2, 3])
                    if (nt == DataType.DOUBLE && e != DataType.DOUBLE) {
                        l = TypeRules.coerce(l, ListType.DOUBLE_LIST);
                        e = DataType.DOUBLE;
                    }
                }
                DataType needleType = e == DataType.INTEGER ? DataType.BIGINT : e;
                yield call(
                        fn,
                        fn == dev.nabla.plan.expr.Fn.LIST_CONTAINS ? DataType.BOOLEAN : DataType.INTEGER,
                        span,
                        l,
                        TypeRules.coerce(needle, needleType));
            }
            case LIST_SLICE -> {
                Expr l = list(a.get(0), name, span);
                yield call(fn, l.type(), span, l, bound(a.get(1), name, span), bound(a.get(2), name, span));
            }
            case LIST_SORT, LIST_REVERSE_SORT -> sort(fn, a, span);
            case LIST_DISTINCT, LIST_REVERSE -> {
                Expr l = list(a.get(0), name, span);
                yield call(fn, l.type(), span, l);
            }
            case LIST_SUM, LIST_AVG, LIST_MIN, LIST_MAX -> {
                Expr l = list(a.get(0), name, span);
                DataType e = elementOf(l);
                boolean minMax = fn == dev.nabla.plan.expr.Fn.LIST_MIN || fn == dev.nabla.plan.expr.Fn.LIST_MAX;
                if (e == DataType.VARCHAR && !minMax)
                    throw new NablaException(
                            ErrorCode.TYPE_MISMATCH,
                            a.get(0).span().isKnown() ? a.get(0).span() : span,
                            name + " needs a list of numbers, got " + l.type().sqlName());
                DataType t = minMax
                        ? e
                        : fn == dev.nabla.plan.expr.Fn.LIST_AVG || e == DataType.DOUBLE
                                ? DataType.DOUBLE
                                : DataType.BIGINT;
                yield call(fn, t, span, l);
            }
            case STRING_SPLIT ->
                call(fn, ListType.VARCHAR_LIST, span, ExprBinder.toVarchar(a.get(0)), ExprBinder.toVarchar(a.get(1)));
            case REGEXP_SPLIT_TO_ARRAY -> {
                // the options are a constant, checked here; a constant pattern is compiled here so that a bad
                // one fails at its position before anything runs
                String options = "";
                Expr text = ExprBinder.toVarchar(a.get(0)), pattern = ExprBinder.toVarchar(a.get(1));
                if (a.size() > 2) {
                    Expr o = ExprBinder.toVarchar(a.get(2));
                    if (!(o instanceof Literal lit))
                        throw new NablaException(
                                ErrorCode.INVALID_ARGUMENT,
                                o.span().isKnown() ? o.span() : span,
                                name + ": the regular-expression options must be a constant");
                    options = lit.value() == null ? "" : lit.value().toString();
                    dev.nabla.plan.expr.SqlRegex.flags(options, o.span());
                }
                if (pattern instanceof Literal p && p.value() instanceof String regex)
                    dev.nabla.plan.expr.SqlRegex.compile(
                            regex, dev.nabla.plan.expr.SqlRegex.flags(options, p.span()), p.span());
                yield call(
                        fn, ListType.VARCHAR_LIST, span, text, pattern, new Literal(options, DataType.VARCHAR, span));
            }
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

    /**
     * Both sides of a comparison with a list, converted to one list type: a NULL, a parameter or a text literal
     * takes the list's type, two number lists meet as the wider (DuckDB's order: element by element, a NULL
     * element after every value, a prefix first). A fixed-size array converts to a {@code DOUBLE[]}; a scalar is
     * 42804.
     */
    static Expr[] comparable(Expr l, Expr r, Span span) {
        if (!isList(l)) l = comparand(l, r, span);
        if (!isList(r)) r = comparand(r, l, span);
        if (l.type().equals(r.type())) return new Expr[] {l, r};
        DataType t = DataType.commonSuperType(l.type(), r.type());
        if (t == null)
            throw new NablaException(
                    ErrorCode.TYPE_MISMATCH,
                    span,
                    "cannot compare " + l.type().sqlName() + " with " + r.type().sqlName());
        return new Expr[] {TypeRules.coerce(l, t), TypeRules.coerce(r, t)};
    }

    private static Expr comparand(Expr e, Expr list, Span span) {
        if (ExprBinder.isUnknownParam(e)
                || e.type() == DataType.NULL
                || e instanceof Literal lit && lit.value() instanceof String) return TypeRules.coerce(e, list.type());
        // a DOUBLE[n] beside a list compares as the DOUBLE[] it converts to ([1, NULL] < [1, 2])
        if (e.type() instanceof dev.nabla.storage.ArrayType) return TypeRules.coerce(e, ListType.DOUBLE_LIST);
        throw new NablaException(
                ErrorCode.TYPE_MISMATCH,
                span,
                "cannot compare " + list.type().sqlName() + " with " + e.type().sqlName());
    }

    /** The element type of a bound list expression. */
    static DataType elementOf(Expr list) {
        return ((ListType) list.type()).element();
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
        Expr l = list(a.get(0), name, span);
        return call(
                dev.nabla.plan.expr.Fn.LIST_SORT,
                l.type(),
                span,
                l,
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
