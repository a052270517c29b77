package dev.nabla.plan.bind;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.common.Span;
import dev.nabla.plan.expr.Call;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Fn;
import dev.nabla.plan.expr.Literal;
import dev.nabla.plan.fn.ArrayFunction;
import dev.nabla.plan.fn.Functions;
import dev.nabla.storage.ArrayType;
import dev.nabla.storage.DataType;
import java.util.ArrayList;
import java.util.List;

/**
 * Binding of fixed-size arrays ({@code DOUBLE[n]}): literals {@code [e1, …]}, {@code array_value},
 * subscripts, the DuckDB array functions (and pgvector's operators, parsed as those functions), and
 * element-wise arithmetic. Sizes are checked here, so a mismatch fails before anything runs.
 */
final class ArrayBinding {
    private ArrayBinding() {}

    static boolean isArray(Expr e) {
        return e.type() instanceof ArrayType;
    }

    /** {@code [e1, …, en]} and {@code array_value(e1, …, en)}: all-constant elements fold to one literal. */
    static Expr value(List<Expr> elements, Span span) {
        if (elements.isEmpty()) {
            throw new NablaException(
                    ErrorCode.UNSUPPORTED,
                    span,
                    "empty arrays are not supported: a DOUBLE[n] has at least one element");
        }
        List<Expr> conv = new ArrayList<>(elements.size());
        boolean allConstant = true;
        for (int i = 0; i < elements.size(); i++) {
            Expr e = elements.get(i);
            if (ExprBinder.isUnknownParam(e)) e = TypeRules.coerce(e, DataType.DOUBLE);
            if (e instanceof Literal l && l.isNull())
                throw nullElement(i, e.span().isKnown() ? e.span() : span);
            if (!e.type().isNumeric() && e.type() != DataType.BOOLEAN) {
                throw new NablaException(
                        ErrorCode.TYPE_MISMATCH,
                        e.span().isKnown() ? e.span() : span,
                        "array elements must be numbers, got " + e.type().sqlName()
                                + " (only DOUBLE[n] arrays are stored)");
            }
            e = TypeRules.coerce(e, DataType.DOUBLE);
            allConstant &= e instanceof Literal;
            conv.add(e);
        }
        ArrayType type = new ArrayType(DataType.DOUBLE, conv.size());
        if (allConstant) {
            double[] v = new double[conv.size()];
            for (int i = 0; i < v.length; i++) v[i] = ((Number) ((Literal) conv.get(i)).value()).doubleValue();
            return new Literal(v, type, span);
        }
        return new Call(Fn.ARRAY_VALUE, conv, type, span);
    }

    static NablaException nullElement(int index, Span span) {
        return new NablaException(
                ErrorCode.INVALID_ARGUMENT,
                span,
                "array element " + (index + 1) + " is NULL: a DOUBLE[n] holds no NULL elements");
    }

    /** The array functions (their arguments bound). */
    static Expr function(Fn fn, List<Expr> a, Span span) {
        String name = fn.sqlName();
        return switch (fn) {
            case ARRAY_VALUE -> value(a, span);
            case ARRAY_EXTRACT -> {
                Expr v = ListBinding.isList(a.get(0)) ? a.get(0) : array(a.get(0), name, span);
                Expr i = a.get(1);
                if (ExprBinder.isUnknownParam(i)) i = TypeRules.coerce(i, DataType.BIGINT);
                if (!i.type().isIntegral() && i.type() != DataType.NULL) {
                    throw new NablaException(
                            ErrorCode.TYPE_MISMATCH,
                            i.span().isKnown() ? i.span() : span,
                            "an array subscript must be an integer, got "
                                    + i.type().sqlName());
                }
                DataType t = v.type() instanceof dev.nabla.storage.ListType(DataType e) ? e : DataType.DOUBLE;
                yield new Call(fn, List.of(v, TypeRules.coerce(i, DataType.BIGINT)), t, span);
            }
            case ARRAY_LENGTH -> {
                Expr v = ListBinding.isList(a.get(0)) ? a.get(0) : array(a.get(0), name, span);
                yield new Call(fn, List.of(v), DataType.BIGINT, span);
            }
            default -> registered(fn, a, span);
        };
    }

    /** A registry array function ({@link Functions#array}): its arity and result type from the entry. */
    private static Expr registered(Fn fn, List<Expr> a, Span span) {
        ArrayFunction def = Functions.array(fn);
        if (def == null) throw new IllegalArgumentException(fn + " is not an array function");
        String name = fn.sqlName();
        if (a.stream().anyMatch(ListBinding::isList)) return ListBinding.registered(def, a, span);
        List<Expr> args;
        if (def.arrays() == 1) {
            args = List.of(array(a.get(0), name, span));
        } else {
            Expr[] lr = pair(a.get(0), a.get(1), name, span);
            args = List.of(lr[0], lr[1]);
        }
        DataType type = switch (def.result()) {
            case DOUBLE -> DataType.DOUBLE;
            case SAME_ARRAY -> args.getFirst().type();
        };
        return new Call(fn, args, type, span);
    }

    /** Two arrays of one size; a text literal or an untyped parameter takes the other side's type. */
    private static Expr[] pair(Expr l, Expr r, String name, Span span) {
        if (isArray(l) && !isArray(r)) r = adopt(r, l.type());
        if (isArray(r) && !isArray(l)) l = adopt(l, r.type());
        l = array(l, name, span);
        r = array(r, name, span);
        sameSize(l, r, name, span);
        return new Expr[] {l, r};
    }

    private static Expr adopt(Expr e, DataType type) {
        if (ExprBinder.isUnknownParam(e) || e.type() == DataType.NULL) return TypeRules.coerce(e, type);
        if (e instanceof Literal l && l.value() instanceof String) return TypeRules.coerce(e, type);
        return e;
    }

    private static void sameSize(Expr l, Expr r, String name, Span span) {
        int n = ((ArrayType) l.type()).size(), m = ((ArrayType) r.type()).size();
        if (n != m) {
            throw new NablaException(
                    ErrorCode.TYPE_MISMATCH,
                    span,
                    name + ": the arrays differ in size: " + l.type().sqlName() + " and "
                            + r.type().sqlName());
        }
    }

    private static Expr array(Expr e, String name, Span span) {
        if (isArray(e)) return e;
        throw new NablaException(
                ErrorCode.TYPE_MISMATCH,
                e.span().isKnown() ? e.span() : span,
                name + " expects DOUBLE[n] arguments, got " + e.type().sqlName()
                        + (ListBinding.isList(e) ? " (cast a list to its size first: CAST(v AS DOUBLE[n]))" : ""));
    }

    /**
     * {@code v + w}, {@code v - w}, {@code v * w} element-wise on arrays of one size; {@code v * s},
     * {@code s * v} and {@code v / s} by a number. The array comes first in the bound call.
     */
    static Expr arithmetic(Fn fn, Expr l, Expr r, Span span) {
        if (isArray(l) && isArray(r)) {
            if (fn == Fn.ADD || fn == Fn.SUB || fn == Fn.MUL) {
                sameSize(l, r, "operator " + fn.sqlName(), span);
                return new Call(fn, List.of(l, r), l.type(), span);
            }
        } else if (isArray(l) && (fn == Fn.MUL || fn == Fn.DIV)) {
            return new Call(fn, List.of(l, scalar(r, fn, l.type(), span)), l.type(), span);
        } else if (isArray(r) && fn == Fn.MUL) {
            return new Call(fn, List.of(r, scalar(l, fn, r.type(), span)), r.type(), span);
        } else if (isArray(l) && r.type() == DataType.NULL || isArray(r) && l.type() == DataType.NULL) {
            DataType t = isArray(l) ? l.type() : r.type();
            if (fn == Fn.ADD || fn == Fn.SUB)
                return new Call(fn, List.of(TypeRules.coerce(l, t), TypeRules.coerce(r, t)), t, span);
        }
        throw new NablaException(
                ErrorCode.TYPE_MISMATCH,
                span,
                "operator " + fn.sqlName() + " cannot be applied to " + l.type().sqlName() + " and "
                        + r.type().sqlName()
                        + " (arrays take + - * element-wise with an array of the same size, * and / by a number)");
    }

    private static Expr scalar(Expr s, Fn fn, DataType arrayType, Span span) {
        if (ExprBinder.isUnknownParam(s)) s = TypeRules.coerce(s, DataType.DOUBLE);
        if (!s.type().isNumeric()) {
            throw new NablaException(
                    ErrorCode.TYPE_MISMATCH,
                    span,
                    "operator " + fn.sqlName() + " cannot be applied to " + arrayType.sqlName() + " and "
                            + s.type().sqlName());
        }
        return TypeRules.coerce(s, DataType.DOUBLE);
    }

    static NablaException notComparable(Expr e, Span span) {
        return new NablaException(
                ErrorCode.UNSUPPORTED,
                e.span().isKnown() ? e.span() : span,
                "values of type " + e.type().sqlName()
                        + " cannot be compared; compare a distance (array_distance, <->) or an element (v[i])");
    }
}
