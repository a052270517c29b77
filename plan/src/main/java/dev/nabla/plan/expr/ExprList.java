package dev.nabla.plan.expr;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * The immutable child list of an expression node, with its hash code computed once. Expressions are
 * records, and after autograd they are DAGs whose shared subexpressions a recursive record hashCode
 * would visit once per path — exponential in the depth (the logistic map's third derivative). With
 * the children's hash cached in the list, a node's hash costs O(arity) once its children's are known.
 * Equality tests identity first for the same reason.
 */
final class ExprList<T> extends AbstractList<T> implements RandomAccess {
    private final Object[] items;
    /** 0 until computed (a computed 0 is stored as 1): one int, so a racing reader sees 0 or the value. */
    private int hash;

    private ExprList(Object[] items) {
        this.items = items;
    }

    /** {@code list} as an ExprList (itself when it already is one); rejects nulls like {@link List#copyOf}. */
    @SuppressWarnings("unchecked")
    static <T> List<T> of(List<? extends T> list) {
        if (list instanceof ExprList<?> e) return (List<T>) e;
        Object[] a = list.toArray();
        for (Object o : a) java.util.Objects.requireNonNull(o);
        return new ExprList<>(a);
    }

    @SuppressWarnings("unchecked")
    @Override
    public T get(int index) {
        return (T) items[index];
    }

    @Override
    public int size() {
        return items.length;
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = 1;
            for (Object o : items) h = 31 * h + o.hashCode();
            if (h == 0) h = 1;
            hash = h;
        }
        return h;
    }

    @Override
    public boolean equals(Object o) {
        if (o == this) return true;
        if (!(o instanceof List<?> other) || other.size() != items.length) return false;
        if (o instanceof ExprList<?> e && e.hashCode() != hashCode()) return false;
        for (int i = 0; i < items.length; i++) {
            Object a = items[i], b = other.get(i);
            if (a != b && !a.equals(b)) return false;
        }
        return true;
    }
}
