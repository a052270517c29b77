package dev.nabla.spark;

import dev.nabla.common.Span;
import dev.nabla.plan.bound.DerivativeExpander;
import dev.nabla.plan.expr.AggCall;
import dev.nabla.plan.expr.AggFn;
import dev.nabla.plan.expr.Call;
import dev.nabla.plan.expr.ColumnRef;
import dev.nabla.plan.expr.Derivative;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Fn;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.catalyst.expressions.*;
import org.apache.spark.sql.catalyst.expressions.aggregate.AggregateExpression;
import org.apache.spark.sql.catalyst.expressions.aggregate.AggregateFunction;
import org.apache.spark.sql.catalyst.expressions.aggregate.Average;
import org.apache.spark.sql.catalyst.expressions.aggregate.Count;
import org.apache.spark.sql.catalyst.expressions.aggregate.Max;
import org.apache.spark.sql.catalyst.expressions.aggregate.Min;
import org.apache.spark.sql.catalyst.expressions.aggregate.Sum;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.unsafe.types.UTF8String;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Catalyst expressions → Nabla's bound expression IR, for one operator of a Spark plan. Attributes become
 * {@link ColumnRef}s keyed by their {@code exprId} (so {@code a.x} and {@code b.x} stay distinct); a
 * subexpression Nabla has no node for becomes an opaque column when it does not depend on a variable
 * being differentiated, and is refused (naming the Catalyst node) when it does. Also the
 * {@link DerivativeExpander.Context} the autograd module asks about column definitions: the aliases of
 * the operators below, so {@code grad(y, x)} differentiates through {@code SELECT x*x AS y}.
 */
final class ToNabla implements DerivativeExpander.Context {
    private static final Map<Class<?>, Fn> UNARY = new HashMap<>();
    private static final Map<Class<?>, Fn> BINARY = new HashMap<>();

    static {
        UNARY.put(Sqrt.class, Fn.SQRT);
        UNARY.put(Cbrt.class, Fn.CBRT);
        UNARY.put(Exp.class, Fn.EXP);
        UNARY.put(Expm1.class, Fn.EXPM1);
        UNARY.put(Log.class, Fn.LN);
        UNARY.put(Log10.class, Fn.LOG10);
        UNARY.put(Log2.class, Fn.LOG2);
        UNARY.put(Log1p.class, Fn.LOG1P);
        UNARY.put(Sin.class, Fn.SIN);
        UNARY.put(Cos.class, Fn.COS);
        UNARY.put(Tan.class, Fn.TAN);
        UNARY.put(Asin.class, Fn.ASIN);
        UNARY.put(Acos.class, Fn.ACOS);
        UNARY.put(Atan.class, Fn.ATAN);
        UNARY.put(Sinh.class, Fn.SINH);
        UNARY.put(Cosh.class, Fn.COSH);
        UNARY.put(Tanh.class, Fn.TANH);
        UNARY.put(Asinh.class, Fn.ASINH);
        UNARY.put(Acosh.class, Fn.ACOSH);
        UNARY.put(Atanh.class, Fn.ATANH);
        UNARY.put(Signum.class, Fn.SIGN);
        UNARY.put(Floor.class, Fn.FLOOR);
        UNARY.put(Ceil.class, Fn.CEIL);
        UNARY.put(UnaryMinus.class, Fn.NEG);
        UNARY.put(Abs.class, Fn.ABS);
        UNARY.put(Not.class, Fn.NOT);
        UNARY.put(IsNull.class, Fn.IS_NULL);
        UNARY.put(IsNotNull.class, Fn.IS_NOT_NULL);
        BINARY.put(Add.class, Fn.ADD);
        BINARY.put(Subtract.class, Fn.SUB);
        BINARY.put(Multiply.class, Fn.MUL);
        BINARY.put(Divide.class, Fn.DIV);
        BINARY.put(Remainder.class, Fn.MOD);
        BINARY.put(Pow.class, Fn.POWER);
        BINARY.put(Logarithm.class, Fn.LOG);
        BINARY.put(Atan2.class, Fn.ATAN2);
        BINARY.put(EqualTo.class, Fn.EQ);
        BINARY.put(EqualNullSafe.class, Fn.IS_NOT_DISTINCT_FROM);
        BINARY.put(LessThan.class, Fn.LT);
        BINARY.put(LessThanOrEqual.class, Fn.LE);
        BINARY.put(GreaterThan.class, Fn.GT);
        BINARY.put(GreaterThanOrEqual.class, Fn.GE);
        BINARY.put(And.class, Fn.AND);
        BINARY.put(Or.class, Fn.OR);
    }

    private final PlanFacts facts;
    /** The canonical exprIds of every variable differentiated in the marker being translated. */
    private final Set<ExprId> variables;
    /** The variables that are outer-query columns (see {@link #outerVariablesOf}); empty outside subqueries. */
    private final Set<ExprId> outerVariables;

    /** A column by exprId, and whether it is read as an outer reference (a subquery may reuse the outer exprId). */
    private record Key(ExprId id, boolean outer) {}

    private final Map<Key, ColumnRef> columns = new HashMap<>();
    /** What each ColumnRef id stands for in Catalyst: an attribute or an opaque subexpression. */
    final Map<Integer, Expression> catalystOf = new HashMap<>();

    private final Map<ExprId, Expr> definitions = new HashMap<>();
    private final Map<Expression, ColumnRef> opaque = new HashMap<>();
    private final Map<ExprId, Boolean> dependsMemo = new HashMap<>();
    private int nextId = 1;

    ToNabla(PlanFacts facts, Set<ExprId> variables, Set<ExprId> outerVariables) {
        this.facts = facts;
        this.variables = variables;
        this.outerVariables = outerVariables;
    }

    /** Every variable a marker (and the markers inside it) differentiates with respect to, canonicalised. */
    static Set<ExprId> variablesOf(Expression e, PlanFacts facts) {
        Set<ExprId> out = new HashSet<>();
        collectVariables(e, facts, out, false);
        return out;
    }

    /**
     * The variables of a marker that are columns of the outer query (read through an {@link OuterReference}
     * in a correlated subquery), as exprIds: raw, and canonical in the outer query's facts when known.
     */
    static Set<ExprId> outerVariablesOf(Expression e, PlanFacts facts) {
        Set<ExprId> out = new HashSet<>();
        collectVariables(e, facts, out, true);
        return out;
    }

    private static void collectVariables(Expression e, PlanFacts facts, Set<ExprId> out, boolean outerOnly) {
        if (e instanceof NablaCall c && c.function().isDerivative()) {
            Expression wrt = c.arguments().get(1);
            boolean outer = wrt instanceof OuterReference;
            if (wrt instanceof OuterReference o) wrt = (Expression) o.e();
            if (wrt instanceof Attribute a && (outer || !outerOnly)) {
                if (outerOnly) {
                    out.add(a.exprId());
                    if (facts.outer() != null) out.add(facts.outer().canonical(a.exprId()));
                } else {
                    out.add(facts.canonical(a.exprId()));
                    for (Expression s : facts.sourcesOf(a.exprId()))
                        if (s instanceof Attribute sa) out.add(facts.canonical(sa.exprId()));
                }
            }
        }
        for (Expression k : CollectionConverters.asJava(e.children())) collectVariables(k, facts, out, outerOnly);
    }

    /** An attribute an expression reads, and whether it reads it as a column of the outer query. */
    record Read(Attribute attribute, boolean outer) {}

    /**
     * Every column {@code e} reads, including those Catalyst's {@code references} leaves out: an
     * {@link OuterReference}'s column (a leaf, so it has no references), and the columns a subquery inside
     * {@code e} reads from this query (its outer attributes and the outer references in its plan; the latter
     * may also belong to a query further out, so they are reported both ways).
     */
    static List<Read> reads(Expression e) {
        List<Read> out = new ArrayList<>();
        e.foreach(x -> {
            if (x instanceof OuterReference o) {
                if (o.e() instanceof Attribute a) out.add(new Read(a, true));
            } else if (x instanceof Attribute a) {
                out.add(new Read(a, false));
            } else if (x instanceof SubqueryExpression s) {
                for (Expression oa : CollectionConverters.asJava(s.getOuterAttrs()))
                    for (Attribute a :
                            CollectionConverters.asJava(oa.references().toSeq())) out.add(new Read(a, false));
                s.plan().foreach(n -> {
                    n.expressions().foreach(ne -> {
                        for (Read r : reads(ne)) {
                            if (r.outer()) out.add(new Read(r.attribute(), false));
                            out.add(r);
                        }
                        return null;
                    });
                    return null;
                });
            }
            return null;
        });
        return out;
    }

    ColumnRef column(Attribute a) {
        return column(a, a);
    }

    /** The column of attribute {@code a}, which the expansion reads as {@code value} (itself, or its outer reference). */
    private ColumnRef column(Attribute a, Expression value) {
        Key key = new Key(a.exprId(), value instanceof OuterReference);
        ColumnRef known = columns.get(key);
        if (known != null) return known;
        DataType t = a.dataType();
        ColumnRef c;
        if (t instanceof DecimalType) {
            // Nabla differentiates in DOUBLE: a DECIMAL column enters as its DOUBLE value
            c = new ColumnRef(nextId++, a.name(), dev.nabla.storage.DataType.DOUBLE, Span.NONE);
            catalystOf.put(c.id(), ToCatalyst.castTo(value, DataTypes.DoubleType));
        } else {
            c = new ColumnRef(nextId++, a.name(), nablaType(t, a), Span.NONE);
            catalystOf.put(c.id(), value);
        }
        columns.put(key, c);
        return c;
    }

    /** The Nabla IR of {@code e}. */
    Expr translate(Expression e) {
        if (e instanceof NablaCall c) return call(c);
        if (e instanceof Attribute a) return column(a);
        // a correlated subquery's reference to the outer query's row (the iteration row of a recursive CTE)
        if (e instanceof OuterReference o && o.e() instanceof Attribute a) return column(a, o);
        if (e instanceof Literal l) return literal(l);
        if (e instanceof Alias a) return translate(a.child());
        if (e instanceof UnaryPositive p) return translate(p.child());
        if (e instanceof org.apache.spark.sql.catalyst.expressions.Cast c) {
            Expr arg = translate(c.child());
            dev.nabla.storage.DataType to = castType(c.dataType());
            if (to != null) return arg.type().equals(to) ? arg : new dev.nabla.plan.expr.Cast(arg, to, Span.NONE);
            return opaqueOrFail(e);
        }
        Fn unary = UNARY.get(e.getClass());
        if (unary != null)
            return new Call(unary, type(e), translate(e.children().apply(0)));
        Fn binary = BINARY.get(e.getClass());
        if (binary != null)
            return new Call(
                    binary,
                    type(e),
                    translate(e.children().apply(0)),
                    translate(e.children().apply(1)));
        if (e instanceof Coalesce || e instanceof Greatest || e instanceof Least) {
            Fn fn = e instanceof Coalesce ? Fn.COALESCE : e instanceof Greatest ? Fn.GREATEST : Fn.LEAST;
            return new Call(fn, translateAll(e.children()), type(e), Span.NONE);
        }
        if (e instanceof If i) {
            return new dev.nabla.plan.expr.CaseWhen(
                    List.of(translate(i.predicate())),
                    List.of(translate(i.trueValue())),
                    translate(i.falseValue()),
                    type(e),
                    Span.NONE);
        }
        if (e instanceof org.apache.spark.sql.catalyst.expressions.CaseWhen c) {
            List<Expr> conditions = new ArrayList<>(), results = new ArrayList<>();
            for (scala.Tuple2<Expression, Expression> b : CollectionConverters.asJava(c.branches())) {
                conditions.add(translate(b._1()));
                results.add(translate(b._2()));
            }
            Expr otherwise = c.elseValue().isDefined()
                    ? translate(c.elseValue().get())
                    : dev.nabla.plan.expr.Literal.nullOf(type(e));
            return new dev.nabla.plan.expr.CaseWhen(conditions, results, otherwise, type(e), Span.NONE);
        }
        if (e instanceof AggregateExpression a) {
            Expr aggregate = aggregate(a);
            if (aggregate != null) return aggregate;
        }
        return opaqueOrFail(e);
    }

    private Expr call(NablaCall c) {
        List<Expression> args = c.arguments();
        return switch (c.function()) {
            case GRAD, JVP, VJP -> {
                Expression variable = args.get(1) instanceof OuterReference o ? (Expression) o.e() : args.get(1);
                if (!(variable instanceof Attribute)) {
                    throw DerivativeResolution.error(
                            c.function().sqlName() + ": the second argument must be a column, not "
                                    + args.get(1).sql());
                }
                Derivative.Mode mode = Derivative.Mode.valueOf(c.function().name());
                Expr seed = mode == Derivative.Mode.GRAD ? null : translate(args.get(2));
                yield new Derivative(mode, translate(args.get(0)), (ColumnRef) translate(args.get(1)), seed, Span.NONE);
            }
            case STOP_GRADIENT -> {
                Expr arg = translate(args.get(0));
                yield new Call(Fn.STOP_GRADIENT, arg.type(), arg);
            }
            case SIGMOID -> new Call(Fn.SIGMOID, dev.nabla.storage.DataType.DOUBLE, asDouble(translate(args.get(0))));
            case SOFTPLUS -> new Call(Fn.SOFTPLUS, dev.nabla.storage.DataType.DOUBLE, asDouble(translate(args.get(0))));
            case RELU -> new Call(Fn.RELU, dev.nabla.storage.DataType.DOUBLE, asDouble(translate(args.get(0))));
            case LOG_SIGMOID ->
                new Call(Fn.LOG_SIGMOID, dev.nabla.storage.DataType.DOUBLE, asDouble(translate(args.get(0))));
            // a constant text: no derivative flows through it
            case DERIVATIVE -> translate(DerivativeResolution.derivativeText(c));
        };
    }

    private static Expr asDouble(Expr e) {
        return e.type().equals(dev.nabla.storage.DataType.DOUBLE)
                ? e
                : new dev.nabla.plan.expr.Cast(e, dev.nabla.storage.DataType.DOUBLE, Span.NONE);
    }

    private List<Expr> translateAll(scala.collection.immutable.Seq<Expression> es) {
        List<Expr> out = new ArrayList<>();
        for (Expression k : CollectionConverters.asJava(es)) out.add(translate(k));
        return out;
    }

    /** SUM, AVG, COUNT, MIN, MAX as Nabla aggregates (their derivative rules are Nabla's); null for others. */
    private Expr aggregate(AggregateExpression a) {
        AggregateFunction f = a.aggregateFunction();
        AggFn fn;
        if (f instanceof Sum) fn = AggFn.SUM;
        else if (f instanceof Average) fn = AggFn.AVG;
        else if (f instanceof Min) fn = AggFn.MIN;
        else if (f instanceof Max) fn = AggFn.MAX;
        else if (f instanceof Count c) {
            List<Expression> kids = CollectionConverters.asJava(c.children());
            if (kids.size() != 1) return null;
            fn = kids.get(0) instanceof Literal l && l.value() != null ? AggFn.COUNT_STAR : AggFn.COUNT;
        } else return null;
        List<Expr> args = fn == AggFn.COUNT_STAR ? List.of() : translateAll(f.children());
        Expr filter = a.filter().isDefined() ? translate(a.filter().get()) : null;
        return new AggCall(fn, args, a.isDistinct(), filter, type(a), Span.NONE);
    }

    private Expr literal(Literal l) {
        Object v = l.value();
        DataType t = l.dataType();
        dev.nabla.storage.DataType nt;
        Object nv;
        if (t instanceof DecimalType) {
            nt = dev.nabla.storage.DataType.DOUBLE;
            nv = v == null ? null : ((Decimal) v).toDouble();
        } else {
            nt = nablaType(t, l);
            nv = switch (v) {
                case null -> null;
                case Integer i -> (long) i;
                case Short s -> (long) s;
                case Byte b -> (long) b;
                case Float f -> (double) f;
                case UTF8String s -> s.toString();
                default -> v;
            };
        }
        if (nv != null
                && !(nv instanceof Long || nv instanceof Double || nv instanceof Boolean || nv instanceof String))
            return opaqueOrFail(l);
        return new dev.nabla.plan.expr.Literal(nv, nt, Span.NONE);
    }

    /**
     * A subexpression Nabla cannot model: a constant column of the expansion when no variable reaches it (a
     * string function in a condition, a scalar subquery), otherwise the AnalysisException the issue asks for.
     */
    private Expr opaqueOrFail(Expression e) {
        for (Read r : reads(e)) {
            if (mayDependOnVariable(r)) {
                throw DerivativeResolution.error("grad: no derivative rule for the Spark expression " + e.nodeName()
                        + " (" + e.sql() + "), which "
                        + (r.outer()
                                ? "reads " + r.attribute().name() + " of the outer query, which may depend"
                                : "depends")
                        + " on a differentiated column");
            }
        }
        ColumnRef known = opaque.get(e);
        if (known != null) return known;
        DataType t = e.dataType();
        Expression value = t instanceof DecimalType ? ToCatalyst.castTo(e, DataTypes.DoubleType) : e;
        ColumnRef c = new ColumnRef(
                nextId++,
                e.prettyName(),
                t instanceof DecimalType ? dev.nabla.storage.DataType.DOUBLE : nablaType(t, e),
                Span.NONE);
        catalystOf.put(c.id(), value);
        opaque.put(e, c);
        return c;
    }

    private boolean mayDependOnVariable(Read r) {
        return r.outer()
                ? outerMayDependOnVariable(r.attribute().exprId())
                : dependsOnVariable(r.attribute().exprId(), new HashSet<>());
    }

    private boolean dependsOnVariable(ExprId id, Set<ExprId> seen) {
        Boolean known = dependsMemo.get(id);
        if (known != null) return known;
        if (!seen.add(id)) return false;
        boolean d = variables.contains(id) || variables.contains(facts.canonical(id)) || facts.unseen(id);
        if (!d) {
            List<Expression> from = new ArrayList<>(facts.sourcesOf(id));
            Expression def = facts.definitionOf(id);
            if (def != null) from.add(def);
            for (Expression s : from)
                for (Read r : reads(s))
                    d |= r.outer()
                            ? outerMayDependOnVariable(r.attribute().exprId())
                            : dependsOnVariable(r.attribute().exprId(), seen);
        }
        dependsMemo.put(id, d);
        return d;
    }

    /**
     * Whether a column of the outer query may depend on a variable. Only an outer variable can reach it (the
     * subquery's own columns are fixed per outer row). The outer query's column definitions come from the
     * outer operator Spark is resolving the subquery for; when it is unknown, or a definition there reads a
     * query further out, the answer is "may", so the caller refuses instead of calling it a constant.
     */
    private boolean outerMayDependOnVariable(ExprId id) {
        if (outerVariables.isEmpty()) return false;
        if (outerVariables.contains(id)) return true;
        PlanFacts outer = facts.outer();
        if (outer == null) return true;
        return outerDepends(outer, id, new HashSet<>());
    }

    private boolean outerDepends(PlanFacts outer, ExprId id, Set<ExprId> seen) {
        if (!seen.add(id)) return false;
        if (outerVariables.contains(id) || outerVariables.contains(outer.canonical(id)) || outer.unseen(id))
            return true;
        List<Expression> from = new ArrayList<>(outer.sourcesOf(id));
        Expression def = outer.definitionOf(id);
        if (def != null) from.add(def);
        for (Expression s : from)
            for (Read r : reads(s))
                if (r.outer() || outerDepends(outer, r.attribute().exprId(), seen)) return true;
        return false;
    }

    private dev.nabla.storage.DataType type(Expression e) {
        DataType t = e.dataType();
        return t instanceof DecimalType ? dev.nabla.storage.DataType.DOUBLE : nablaType(t, e);
    }

    static dev.nabla.storage.DataType castType(DataType t) {
        if (t == DataTypes.DoubleType) return dev.nabla.storage.DataType.DOUBLE;
        if (t == DataTypes.FloatType) return dev.nabla.storage.DataType.REAL;
        if (t == DataTypes.LongType) return dev.nabla.storage.DataType.BIGINT;
        if (t == DataTypes.IntegerType || t == DataTypes.ShortType || t == DataTypes.ByteType)
            return dev.nabla.storage.DataType.INTEGER;
        if (t == DataTypes.BooleanType) return dev.nabla.storage.DataType.BOOLEAN;
        if (t instanceof DecimalType) return dev.nabla.storage.DataType.DOUBLE;
        return null;
    }

    private static dev.nabla.storage.DataType nablaType(DataType t, Expression where) {
        dev.nabla.storage.DataType n = castType(t);
        if (n != null) return n;
        if (t instanceof org.apache.spark.sql.types.StringType) return dev.nabla.storage.DataType.VARCHAR;
        if (t == DataTypes.NullType) return dev.nabla.storage.DataType.NULL;
        if (t == DataTypes.DateType) return dev.nabla.storage.DataType.DATE;
        if (t == DataTypes.TimestampType) return dev.nabla.storage.DataType.TIMESTAMP;
        // other types (structs, maps, binary, …) only ever sit in opaque columns, which Nabla never looks inside
        return dev.nabla.storage.DataType.BLOB;
    }

    // ---- DerivativeExpander.Context ----------------------------------------------------------------

    @Override
    public Expr definitionOf(ColumnRef column) {
        Expression c = catalystOf.get(column.id());
        if (c instanceof OuterReference o && o.e() instanceof Attribute a) {
            // an outer column's definition lies in the outer query, which this expansion cannot differentiate
            // through: one that may depend on an outer variable is refused rather than taken as a constant
            if (!outerVariables.contains(a.exprId()) && outerMayDependOnVariable(a.exprId())) {
                throw DerivativeResolution.error("grad: the derivative reads " + a.name()
                        + " of the outer query, which may depend on the differentiated outer column through a"
                        + " definition the subquery cannot see; take the derivative in the outer query or pass the"
                        + " column's defining expression");
            }
            return null;
        }
        if (!(c instanceof Attribute a)) return null;
        if (facts.unseen(a.exprId()) && !variables.contains(a.exprId())) {
            throw DerivativeResolution.error("grad: the derivative reads " + a.name()
                    + " of a CTE whose definition is outside this subquery, so whether it depends on the"
                    + " differentiated column cannot be seen; take the derivative in the CTE or the outer query");
        }
        if (definitions.containsKey(a.exprId())) return definitions.get(a.exprId());
        Expression def = facts.definitionOf(a.exprId());
        definitions.put(a.exprId(), null); // a self-reference sees no definition rather than recursing here
        Expr e = def == null ? null : translate(def);
        definitions.put(a.exprId(), e);
        return e;
    }

    @Override
    public List<Expr> sourcesOf(ColumnRef column) {
        Expression c = catalystOf.get(column.id());
        if (!(c instanceof Attribute a)) return List.of();
        List<Expr> out = new ArrayList<>();
        for (Expression s : facts.sourcesOf(a.exprId())) out.add(translate(s));
        return out;
    }

    @Override
    public boolean constantPerGroup(ColumnRef column) {
        Expression c = catalystOf.get(column.id());
        return c instanceof Attribute a && facts.isGroupingKey(a.exprId());
    }

    @Override
    public void report(Derivative derivative, Expr result, int nodesBeforeSimplify, int nodesAfterSimplify) {}
}
