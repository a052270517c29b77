package dev.nabla.autograd;

import dev.nabla.common.Span;
import dev.nabla.plan.expr.AggCall;
import dev.nabla.plan.expr.AggFn;
import dev.nabla.plan.expr.Call;
import dev.nabla.plan.expr.CaseWhen;
import dev.nabla.plan.expr.Cast;
import dev.nabla.plan.expr.ColumnRef;
import dev.nabla.plan.expr.Derivative;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Fn;
import dev.nabla.plan.expr.Literal;
import dev.nabla.plan.expr.Param;
import dev.nabla.plan.expr.SortKey;
import dev.nabla.plan.expr.SubqueryExpr;
import dev.nabla.plan.expr.WindowCall;
import dev.nabla.storage.DataType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hash-consing table for bound expressions: every expression built or seen through one factory is
 * replaced by a canonical node, so structurally equal subexpressions are the same Java object and a
 * derivative shares its subexpressions with the primal. The table is keyed on a node's own
 * attributes plus the identities of its (already canonical) children, so lookups are O(arity) and
 * never walk a subtree — record equals/hashCode would be exponential on a heavily shared DAG.
 *
 * <p>The arithmetic helpers here know only the symbolic zero and one (JAX-style: rules skip zero
 * tangents); the algebraic rewriting lives in {@link Simplifier}.
 */
final class ExprFactory {
    private final Map<Key, Expr> table = new HashMap<>();
    private final IdentityHashMap<Expr, Expr> canonical = new IdentityHashMap<>();
    final Expr zero;
    final Expr one;
    final Expr nullDouble;

    ExprFactory() {
        zero = intern(Literal.ofDouble(0.0));
        one = intern(Literal.ofDouble(1.0));
        nullDouble = intern(Literal.nullOf(DataType.DOUBLE));
    }

    /** The canonical node structurally equal to {@code e} (memoised by identity, so linear in the DAG size). */
    Expr intern(Expr e) {
        Expr known = canonical.get(e);
        if (known != null) return known;
        dev.nabla.common.CancelCheck.poll();
        List<Expr> kids = e.children();
        Expr[] canon = new Expr[kids.size()];
        boolean same = true;
        for (int i = 0; i < canon.length; i++) {
            canon[i] = intern(kids.get(i));
            same &= canon[i] == kids.get(i);
        }
        Key key = new Key(attributes(e), canon);
        Expr found = table.get(key);
        if (found == null) {
            found = same ? e : e.withChildren(Arrays.asList(canon));
            table.put(key, found);
            canonical.put(found, found);
        }
        canonical.put(e, found);
        return found;
    }

    // ---- leaves -------------------------------------------------------------------------------

    Expr lit(double v) {
        return intern(Literal.ofDouble(v));
    }

    static boolean isZero(Expr e) {
        return e instanceof Literal l && l.value() instanceof Double d && d == 0.0;
    }

    static boolean isOne(Expr e) {
        return e instanceof Literal l && l.value() instanceof Double d && d == 1.0;
    }

    static boolean isNullLiteral(Expr e) {
        return e instanceof Literal l && l.isNull();
    }

    /** The numeric value of a non-null numeric literal, or null. */
    static Double constant(Expr e) {
        if (e instanceof Literal l && l.value() instanceof Number n && l.type().isNumeric()) return n.doubleValue();
        return null;
    }

    /** {@code e} as a DOUBLE expression: literals are converted, other types get a CAST. */
    Expr asDouble(Expr e) {
        if (e.type() == DataType.DOUBLE) return intern(e);
        if (e instanceof Literal l) {
            if (l.isNull()) return nullDouble;
            Double c = constant(l);
            if (c != null) return lit(c);
            if (l.value() instanceof Boolean b) return lit(b ? 1 : 0);
        }
        return intern(new Cast(intern(e), DataType.DOUBLE, Span.NONE));
    }

    // ---- DOUBLE arithmetic with the symbolic zero and one ----------------------------------------

    /** A DOUBLE call with its arguments coerced to DOUBLE; no simplification. */
    Expr call(Fn fn, Expr... args) {
        List<Expr> a = new ArrayList<>(args.length);
        for (Expr x : args) a.add(asDouble(x));
        return intern(new Call(fn, a, DataType.DOUBLE, Span.NONE));
    }

    /** A BOOLEAN call (comparison, IS NULL, AND, OR); comparison operands are coerced to a common type. */
    Expr predicate(Fn fn, Expr... args) {
        List<Expr> a = new ArrayList<>(args.length);
        boolean mixed = false;
        for (Expr x : args) mixed |= !x.type().equals(args[0].type());
        for (Expr x : args) a.add(mixed ? asDouble(x) : intern(x));
        return intern(new Call(fn, a, DataType.BOOLEAN, Span.NONE));
    }

    Expr add(Expr a, Expr b) {
        if (isZero(a)) return asDouble(b);
        if (isZero(b)) return asDouble(a);
        return call(Fn.ADD, a, b);
    }

    Expr sub(Expr a, Expr b) {
        if (isZero(b)) return asDouble(a);
        if (isZero(a)) return neg(b);
        return call(Fn.SUB, a, b);
    }

    Expr mul(Expr a, Expr b) {
        if (isZero(a) || isZero(b)) return zero;
        if (isOne(a)) return asDouble(b);
        if (isOne(b)) return asDouble(a);
        return call(Fn.MUL, a, b);
    }

    Expr div(Expr a, Expr b) {
        if (isZero(a)) return zero;
        if (isOne(b)) return asDouble(a);
        return call(Fn.DIV, a, b);
    }

    Expr neg(Expr a) {
        if (isZero(a)) return zero;
        return call(Fn.NEG, a);
    }

    Expr square(Expr a) {
        return mul(a, a);
    }

    Expr isNull(Expr a) {
        return predicate(Fn.IS_NULL, a);
    }

    Expr isNotNull(Expr a) {
        return predicate(Fn.IS_NOT_NULL, a);
    }

    Expr and(Expr a, Expr b) {
        return predicate(Fn.AND, a, b);
    }

    Expr or(Expr a, Expr b) {
        return predicate(Fn.OR, a, b);
    }

    /** A DOUBLE searched CASE; results are coerced to DOUBLE. */
    Expr caseWhen(List<Expr> conditions, List<Expr> results, Expr otherwise) {
        List<Expr> c = new ArrayList<>(conditions.size());
        List<Expr> r = new ArrayList<>(results.size());
        for (Expr x : conditions) c.add(intern(x));
        for (Expr x : results) r.add(asDouble(x));
        return intern(new CaseWhen(c, r, asDouble(otherwise), DataType.DOUBLE, Span.NONE));
    }

    Expr caseWhen(Expr condition, Expr then, Expr otherwise) {
        return caseWhen(List.of(condition), List.of(then), otherwise);
    }

    Expr aggregate(AggFn fn, Expr arg, Expr filter, Span span) {
        return intern(new AggCall(fn, List.of(asDouble(arg)), false, filter, DataType.DOUBLE, span));
    }

    // ---- keys -----------------------------------------------------------------------------------

    private record LiteralKey(Object value, DataType type) {}

    private record ColumnKey(int id, DataType type) {}

    private record ParamKey(int index, DataType type) {}

    private record CallKey(Fn fn, DataType type) {}

    private record CastKey(DataType type) {}

    private record CaseKey(DataType type, int branches) {}

    private record AggKey(AggFn fn, boolean distinct, boolean filtered, int args, DataType type) {}

    private record WindowKey(
            WindowCall.WindowFn fn,
            WindowCall.Frame frame,
            List<Boolean> sortFlags,
            int args,
            int partitions,
            boolean aggregate,
            DataType type) {}

    private record SubqueryKey(SubqueryExpr.Kind kind, Identity plan, List<ColumnRef> correlated, DataType type) {}

    private record DerivativeKey(Derivative.Mode mode, boolean seeded) {}

    /** Compares by identity: logical plans inside subqueries are never merged, only reused. */
    private record Identity(Object target) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Identity i && i.target == target;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(target);
        }
    }

    private static Object attributes(Expr e) {
        return switch (e) {
            case Literal l -> new LiteralKey(l.value(), l.type());
            case ColumnRef c -> new ColumnKey(c.id(), c.type());
            case Param p -> new ParamKey(p.index(), p.type());
            case Call c -> new CallKey(c.fn(), c.type());
            case Cast c -> new CastKey(c.type());
            case CaseWhen c -> new CaseKey(c.type(), c.conditions().size());
            case AggCall a ->
                new AggKey(a.fn(), a.distinct(), a.filter() != null, a.args().size(), a.type());
            case WindowCall w -> {
                List<Boolean> flags = new ArrayList<>();
                for (SortKey k : w.orderBy()) {
                    flags.add(k.ascending());
                    flags.add(k.nullsFirst());
                }
                yield new WindowKey(
                        w.fn(),
                        w.frame(),
                        flags,
                        w.args().size(),
                        w.partitionBy().size(),
                        w.aggregate() != null,
                        w.type());
            }
            case SubqueryExpr s -> new SubqueryKey(s.kind(), new Identity(s.plan()), s.correlated(), s.type());
            case Derivative d -> new DerivativeKey(d.mode(), d.seed() != null);
        };
    }

    private static final class Key {
        private final Object attributes;
        private final Expr[] children;
        private final int hash;

        Key(Object attributes, Expr[] children) {
            this.attributes = attributes;
            this.children = children;
            int h = attributes.hashCode();
            for (Expr c : children) h = h * 31 + System.identityHashCode(c);
            this.hash = h;
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Key k) || k.hash != hash || k.children.length != children.length) return false;
            for (int i = 0; i < children.length; i++) if (k.children[i] != children[i]) return false;
            return k.attributes.equals(attributes);
        }
    }
}
