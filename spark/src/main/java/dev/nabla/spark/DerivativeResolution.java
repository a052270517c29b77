package dev.nabla.spark;

import dev.nabla.autograd.Autograd;
import dev.nabla.common.NablaException;
import dev.nabla.plan.expr.Derivative;
import dev.nabla.plan.expr.Expr;
import java.util.Set;
import org.apache.spark.QueryContext;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.catalyst.expressions.ExprId;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.rules.Rule;
import scala.Option;
import scala.runtime.AbstractPartialFunction;

/**
 * The resolution rule: replaces each {@link NablaCall} whose arguments are resolved by ordinary Catalyst
 * expressions. A {@code grad}/{@code jvp}/{@code vjp} is translated with everything inside it (nested
 * derivatives, {@code stop_gradient}) to Nabla's bound IR, expanded by Nabla's autograd (its rule registry,
 * simplifier, subexpression sharing and NULL guard: the same code as Nabla's binder uses) and translated
 * back. Outside a derivative, {@code stop_gradient(x)} is {@code x} and {@code sigmoid}/{@code softplus}/
 * {@code relu} are their Catalyst formulas. Runs in Spark's resolution batch, so it works wherever Spark
 * resolves expressions: projections, filters, aggregates, windows, recursive CTEs, {@code expr()}.
 */
final class DerivativeResolution extends Rule<LogicalPlan> {
    @Override
    public LogicalPlan apply(LogicalPlan plan) {
        if (!containsCall(plan)) return plan;
        java.util.Map<Long, org.apache.spark.sql.catalyst.plans.logical.CTERelationDef> ctes = PlanFacts.ctesOf(plan);
        return plan.transformUp(new AbstractPartialFunction<LogicalPlan, LogicalPlan>() {
            @Override
            public boolean isDefinedAt(LogicalPlan node) {
                return node.expressions().exists(DerivativeResolution::containsCall);
            }

            @Override
            public LogicalPlan apply(LogicalPlan node) {
                PlanFacts[] facts = {null};
                return (LogicalPlan) node.mapExpressions(e -> rewrite(e, node, ctes, facts));
            }
        });
    }

    private static boolean containsCall(LogicalPlan plan) {
        return plan.exists(n -> n.expressions().exists(DerivativeResolution::containsCall));
    }

    static boolean containsCall(Expression e) {
        return e.exists(x -> x instanceof NablaCall);
    }

    private static Expression rewrite(
            Expression e,
            LogicalPlan node,
            java.util.Map<Long, org.apache.spark.sql.catalyst.plans.logical.CTERelationDef> ctes,
            PlanFacts[] facts) {
        if (!containsCall(e)) return e;
        if (e instanceof NablaCall c && c.childrenResolved()) {
            if (c.function().isDerivative()) {
                if (facts[0] == null) facts[0] = new PlanFacts(node, ctes).withOuterFromAnalysisContext();
                return expand(c, facts[0], node);
            }
            if (c.function() == NablaFunction.DERIVATIVE) return derivativeText(c);
            Expression arg = rewrite(c.arguments().get(0), node, ctes, facts);
            if (!arg.resolved()) return c;
            return switch (c.function()) {
                case STOP_GRADIENT -> arg;
                case SIGMOID ->
                    ToCatalyst.sigmoid(ToCatalyst.castTo(arg, org.apache.spark.sql.types.DataTypes.DoubleType));
                case SOFTPLUS ->
                    ToCatalyst.softplus(ToCatalyst.castTo(arg, org.apache.spark.sql.types.DataTypes.DoubleType));
                case RELU -> ToCatalyst.relu(ToCatalyst.castTo(arg, org.apache.spark.sql.types.DataTypes.DoubleType));
                case LOG_SIGMOID ->
                    ToCatalyst.logSigmoid(ToCatalyst.castTo(arg, org.apache.spark.sql.types.DataTypes.DoubleType));
                case GRAD, JVP, VJP, DERIVATIVE -> throw new IllegalStateException("expanded above");
            };
        }
        return e.mapChildren(k -> rewrite(k, node, ctes, facts));
    }

    /**
     * {@code derivative('expr', 'x')}: folded to the text Nabla's own {@code derivative()} gives (the same
     * {@link DerivativeSql} code: Nabla's parser, binder and autograd), so it is a constant of the query.
     */
    static Expression derivativeText(NablaCall c) {
        String[] text = new String[2];
        for (int i = 0; i < 2; i++) {
            Expression a = c.arguments().get(i);
            if (!a.foldable() || !(a.dataType() instanceof org.apache.spark.sql.types.StringType))
                throw error("derivative() expects constant string arguments: derivative('expression', 'variable'),"
                        + " got " + a.sql());
            Object v = a.eval(null);
            if (v == null) throw error("derivative() arguments must not be NULL");
            text[i] = v.toString();
        }
        try {
            return org.apache.spark.sql.catalyst.expressions.Literal.create(
                    dev.nabla.autograd.DerivativeSql.derivative(text[0], text[1], Autograd.INSTANCE),
                    org.apache.spark.sql.types.DataTypes.StringType);
        } catch (NablaException ex) {
            String m = ex.getMessage();
            throw error(m.startsWith("derivative") ? m : "derivative('" + text[0] + "', '" + text[1] + "'): " + m);
        }
    }

    /**
     * Catalyst expressions are trees: Spark prints, plans and generates code for each shared node once per
     * use, so an expansion whose tree form is exponential in its DAG form (high orders) would exhaust memory.
     */
    static final long MAX_TREE_NODES = 20_000;

    private static long treeSize(Expr e, java.util.Map<Expr, Long> memo) {
        Long known = memo.get(e);
        if (known != null) return known;
        long n = 1;
        for (Expr k : e.children()) n = Math.min(Long.MAX_VALUE / 4, n + treeSize(k, memo));
        memo.put(e, n);
        return n;
    }

    /** One derivative marker, with every marker inside it, through Nabla's autograd and back. */
    static Expression expand(NablaCall call, PlanFacts facts, LogicalPlan node) {
        Set<ExprId> variables = ToNabla.variablesOf(call, facts);
        ToNabla in = new ToNabla(facts, variables, ToNabla.outerVariablesOf(call, facts));
        Expr nabla = in.translate(call);
        Expr expanded;
        try {
            expanded = Autograd.INSTANCE.expand((Derivative) nabla, in);
        } catch (NablaException ex) {
            throw error(ex.getMessage());
        }
        long treeSize = treeSize(expanded, new java.util.IdentityHashMap<>());
        if (treeSize > MAX_TREE_NODES) {
            throw error(call.prettyName() + ": the expanded derivative has " + treeSize
                    + " nodes as a Catalyst tree (Nabla shares them as a DAG, Spark would copy them); the limit is "
                    + MAX_TREE_NODES
                    + ": lower the derivative's order or split the expression into columns of a subquery");
        }
        Expression out = new ToCatalyst(visible(in.catalystOf, facts, node)).translate(expanded);
        return ToCatalyst.castTo(out, org.apache.spark.sql.types.DataTypes.DoubleType);
    }

    /**
     * How the expansion's columns read in the operator: the expansion reaches through definitions to the
     * columns they are computed from, which may lie below the operator's input (a derived table's {@code x},
     * or its intermediate {@code v} in {@code d(v*v)/dx = 2·v·v'}). Such a column is read as the input column
     * with the same value (its alias chain ends there), else as its definition over input columns; one
     * computed by an aggregate or window below cannot be recomputed here and is refused.
     */
    private static java.util.function.IntFunction<Expression> visible(
            java.util.Map<Integer, Expression> columns, PlanFacts facts, LogicalPlan node) {
        org.apache.spark.sql.catalyst.expressions.AttributeSet input = node.inputSet();
        java.util.List<org.apache.spark.sql.catalyst.expressions.Attribute> inputs =
                scala.jdk.javaapi.CollectionConverters.asJava(input.toSeq());
        return id -> {
            Expression e = columns.get(id);
            if (e == null) throw error("internal: the expansion reads a column it was not given");
            return expose(e, input, inputs, facts, 0);
        };
    }

    private static Expression expose(
            Expression e,
            org.apache.spark.sql.catalyst.expressions.AttributeSet input,
            java.util.List<org.apache.spark.sql.catalyst.expressions.Attribute> inputs,
            PlanFacts facts,
            int depth) {
        if (depth > 100) throw error("grad: column definitions nest too deeply");
        if (e instanceof org.apache.spark.sql.catalyst.expressions.OuterReference) return e;
        if (e instanceof org.apache.spark.sql.catalyst.expressions.Attribute a) {
            if (input.contains(a)) return a;
            ExprId canonical = facts.canonical(a.exprId());
            for (org.apache.spark.sql.catalyst.expressions.Attribute v : inputs)
                if (facts.canonical(v.exprId()).equals(canonical)) return v;
            Expression def = facts.definitionOf(a.exprId());
            if (def == null
                    || def.exists(
                            x -> x instanceof org.apache.spark.sql.catalyst.expressions.aggregate.AggregateExpression
                                    || x instanceof org.apache.spark.sql.catalyst.expressions.WindowExpression
                                    || x instanceof org.apache.spark.sql.catalyst.expressions.Nondeterministic)) {
                throw error("grad: the derivative reads column " + a.name()
                        + " of a derived table, CTE or view, which this query does not select; select it too");
            }
            return expose(def, input, inputs, facts, depth + 1);
        }
        return e.mapChildren(k -> expose(k, input, inputs, facts, depth + 1));
    }

    /**
     * Throws an AnalysisException with Nabla's message (Spark shows it as the query's error). Scala has no
     * checked exceptions and Spark's own rules throw it from anywhere, so it is thrown unchecked here too;
     * the return type lets callers write {@code throw error(...)}.
     */
    static RuntimeException error(String message) {
        throw DerivativeResolution.<RuntimeException>sneaky(new AnalysisException(
                message,
                Option.empty(),
                Option.empty(),
                Option.empty(),
                Option.empty(),
                scala.collection.immutable.Map$.MODULE$.empty(),
                new QueryContext[0]));
    }

    /** Rethrows Spark's own AnalysisException unchanged (unchecked, as in Scala). */
    static RuntimeException rethrow(AnalysisException e) {
        throw DerivativeResolution.<RuntimeException>sneaky(e);
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T sneaky(Throwable t) throws T {
        throw (T) t;
    }

    /** A marker reached evaluation: the rule did not run (the extension is half installed) or could not resolve it. */
    static RuntimeException survived(NablaCall c) {
        return error(
                c.prettyName() + "(...) was not expanded during analysis: is " + NablaSparkExtensions.class.getName()
                        + " installed in spark.sql.extensions, and are its arguments resolvable?");
    }

    /** The check rule: a marker left after analysis fails the query with its name, not at run time. */
    static void check(LogicalPlan plan) {
        plan.foreach(n -> {
            n.expressions().foreach(e -> {
                e.foreach(x -> {
                    if (x instanceof NablaCall c) throw survived(c);
                    return null;
                });
                return null;
            });
            return null;
        });
    }
}
