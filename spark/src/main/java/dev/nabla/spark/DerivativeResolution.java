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
                Hoisted hoisted = new Hoisted(node);
                LogicalPlan out = (LogicalPlan) node.mapExpressions(e -> rewrite(e, node, ctes, facts, hoisted, false));
                return hoisted.below(out);
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
            PlanFacts[] facts,
            Hoisted hoisted,
            boolean inAggregate) {
        if (!containsCall(e)) return e;
        if (e instanceof NablaCall c && c.childrenResolved()) {
            if (c.function().isDerivative()) {
                if (facts[0] == null) facts[0] = new PlanFacts(node, ctes).withOuterFromAnalysisContext();
                return expand(c, facts[0], node, hoisted, inAggregate);
            }
            if (c.function() == NablaFunction.DERIVATIVE) return derivativeText(c);
            Expression arg = rewrite(c.arguments().get(0), node, ctes, facts, hoisted, inAggregate);
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
        boolean aggregated =
                inAggregate || e instanceof org.apache.spark.sql.catalyst.expressions.aggregate.AggregateExpression;
        return e.mapChildren(k -> rewrite(k, node, ctes, facts, hoisted, aggregated));
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
    static Expression expand(NablaCall call, PlanFacts facts, LogicalPlan node, Hoisted hoisted, boolean inAggregate) {
        Set<ExprId> variables = ToNabla.variablesOf(call, facts);
        ToNabla in = new ToNabla(facts, variables, ToNabla.outerVariablesOf(call, facts));
        Expr nabla = in.translate(call);
        Expr expanded;
        try {
            expanded = Autograd.INSTANCE.expand((Derivative) nabla, in);
        } catch (NablaException ex) {
            throw error(ex.getMessage());
        }
        ToCatalyst out = new ToCatalyst(visible(in.catalystOf, facts, node));
        long treeSize = treeSize(expanded, new java.util.IdentityHashMap<>());
        if (treeSize > MAX_TREE_NODES) {
            // too large as a tree: compute the shared subexpressions as columns of projections below the operator
            // (Spark then evaluates each once per row, as Nabla's DAG does) and read those columns here
            long largest = hoisted.share(expanded, in.catalystOf, out, inAggregate);
            if (largest > MAX_TREE_NODES) {
                throw error(call.prettyName() + ": the expanded derivative has " + treeSize
                        + " nodes as a Catalyst tree, and " + largest
                        + " after its shared subexpressions are computed in lower projections"
                        + (hoisted.possible() ? "" : " (possible below a SELECT, WHERE, GROUP BY or ORDER BY only)")
                        + "; the limit is " + MAX_TREE_NODES
                        + ": lower the derivative's order or split the expression into columns of a subquery");
            }
        }
        return ToCatalyst.castTo(out.translate(expanded), org.apache.spark.sql.types.DataTypes.DoubleType);
    }

    /**
     * The shared subexpressions of large expansions in one operator, computed by projections inserted between
     * the operator and its input, one per nesting level (a level's columns read only lower levels' columns).
     * Spark's CollapseProject does not merge a projection whose non-trivial column is read more than once, so
     * each is evaluated once per row.
     */
    static final class Hoisted {
        private final LogicalPlan node;
        private final java.util.List<java.util.List<org.apache.spark.sql.catalyst.expressions.NamedExpression>> levels =
                new java.util.ArrayList<>();

        Hoisted(LogicalPlan node) {
            this.node = node;
        }

        /** Operators whose input can take extra columns without changing what they output (after a re-projection). */
        boolean possible() {
            return node instanceof org.apache.spark.sql.catalyst.plans.logical.Project
                    || node instanceof org.apache.spark.sql.catalyst.plans.logical.Filter
                    || node instanceof org.apache.spark.sql.catalyst.plans.logical.Aggregate
                    || node instanceof org.apache.spark.sql.catalyst.plans.logical.Sort;
        }

        /**
         * Binds each hoistable shared node of {@code root} in {@code out} to a new lower column; returns the largest
         * tree size left (of the root or of one hoisted column), or the root's tree size when nothing can be hoisted.
         */
        long share(Expr root, java.util.Map<Integer, Expression> columns, ToCatalyst out, boolean inAggregate) {
            if (!possible()) return treeSize(root, new java.util.IdentityHashMap<>());
            java.util.Map<Expr, Integer> parents = new java.util.IdentityHashMap<>();
            countParents(root, parents, java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
            java.util.Map<Expr, Boolean> rowwise = new java.util.IdentityHashMap<>();
            // below an aggregate only what is aggregated can be hoisted: a new column used outside an aggregate
            // function would be neither grouped nor aggregated
            java.util.Set<Expr> outside = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            // (a derivative inside an aggregate function is per row as a whole)
            if (node instanceof org.apache.spark.sql.catalyst.plans.logical.Aggregate && !inAggregate)
                outsideAggregates(root, outside);
            java.util.Set<Expr> shared = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            for (java.util.Map.Entry<Expr, Integer> p : parents.entrySet()) {
                Expr e = p.getKey();
                if (p.getValue() >= 2
                        && !e.children().isEmpty()
                        && !outside.contains(e)
                        && rowwise(e, columns, rowwise)) shared.add(e);
            }
            java.util.Map<Expr, Integer> level = new java.util.IdentityHashMap<>();
            levelOf(root, shared, level);
            java.util.List<Expr> order = new java.util.ArrayList<>(shared);
            order.sort(java.util.Comparator.comparingInt(x -> level.getOrDefault(x, 0)));
            java.util.Map<Expr, Long> sizes = new java.util.IdentityHashMap<>();
            for (Expr e : shared) sizes.put(e, 1L); // as a column of a lower projection, a shared node is one node
            long largest = 0;
            for (Expr e : order) {
                sizes.remove(e);
                largest = Math.max(largest, treeSize(e, sizes));
                sizes.put(e, 1L);
                int at = level.getOrDefault(e, 0);
                while (levels.size() <= at) levels.add(new java.util.ArrayList<>());
                org.apache.spark.sql.catalyst.expressions.Alias a = new org.apache.spark.sql.catalyst.expressions.Alias(
                        out.translate(e),
                        "_nabla_shared_" + levels.get(at).size() + "_" + at,
                        org.apache.spark.sql.catalyst.expressions.NamedExpression.newExprId(),
                        scala.collection.immutable.Seq$.MODULE$.<String>empty(),
                        Option.empty(),
                        scala.collection.immutable.Seq$.MODULE$.<String>empty());
                levels.get(at).add(a);
                out.bind(e, a.toAttribute());
            }
            return Math.max(largest, treeSize(root, sizes));
        }

        /** Whether {@code e} can be computed per input row below the operator: no aggregate, window or outer column. */
        private static boolean rowwise(
                Expr e, java.util.Map<Integer, Expression> columns, java.util.Map<Expr, Boolean> memo) {
            Boolean known = memo.get(e);
            if (known != null) return known;
            boolean ok;
            if (e instanceof dev.nabla.plan.expr.AggCall || e instanceof dev.nabla.plan.expr.WindowCall) {
                ok = false;
            } else if (e instanceof dev.nabla.plan.expr.ColumnRef c) {
                Expression x = columns.get(c.id());
                ok = x != null
                        && !x.exists(y -> y instanceof org.apache.spark.sql.catalyst.expressions.OuterReference
                                || y instanceof org.apache.spark.sql.catalyst.expressions.SubqueryExpression
                                || y
                                        instanceof
                                        org.apache.spark.sql.catalyst.expressions.aggregate.AggregateExpression);
            } else {
                ok = true;
                for (Expr k : e.children()) ok &= rowwise(k, columns, memo);
            }
            memo.put(e, ok);
            return ok;
        }

        private static void outsideAggregates(Expr e, java.util.Set<Expr> outside) {
            if (e instanceof dev.nabla.plan.expr.AggCall || !outside.add(e)) return;
            for (Expr k : e.children()) outsideAggregates(k, outside);
        }

        private static void countParents(Expr e, java.util.Map<Expr, Integer> parents, java.util.Set<Expr> visited) {
            if (!visited.add(e)) return;
            for (Expr k : e.children()) {
                parents.merge(k, 1, Integer::sum);
                countParents(k, parents, visited);
            }
        }

        /** The projection a shared node goes to: one above every shared node inside it (0 for none). */
        private static int levelOf(Expr e, java.util.Set<Expr> shared, java.util.Map<Expr, Integer> memo) {
            Integer known = memo.get(e);
            if (known != null) return known;
            int l = 0;
            for (Expr k : e.children()) l = Math.max(l, levelOf(k, shared, memo) + (shared.contains(k) ? 1 : 0));
            memo.put(e, l);
            return l;
        }

        /** {@code rewritten} (the operator with its expansions) over the projections of the hoisted columns. */
        LogicalPlan below(LogicalPlan rewritten) {
            if (levels.isEmpty()) return rewritten;
            LogicalPlan child = rewritten.children().head();
            for (java.util.List<org.apache.spark.sql.catalyst.expressions.NamedExpression> level : levels) {
                java.util.List<org.apache.spark.sql.catalyst.expressions.NamedExpression> list =
                        new java.util.ArrayList<>(scala.jdk.javaapi.CollectionConverters.asJava(child.output()));
                list.addAll(level);
                child = new org.apache.spark.sql.catalyst.plans.logical.Project(
                        scala.jdk.javaapi.CollectionConverters.asScala(list).toList(), child);
            }
            LogicalPlan replaced =
                    rewritten.withNewChildren(scala.jdk.javaapi.CollectionConverters.asScala(java.util.List.of(child))
                            .toIndexedSeq());
            // a filter or sort outputs its input's columns: keep the hoisted ones out of what it outputs
            if (rewritten instanceof org.apache.spark.sql.catalyst.plans.logical.Filter
                    || rewritten instanceof org.apache.spark.sql.catalyst.plans.logical.Sort) {
                java.util.List<org.apache.spark.sql.catalyst.expressions.NamedExpression> output =
                        new java.util.ArrayList<>(scala.jdk.javaapi.CollectionConverters.asJava(rewritten.output()));
                replaced = new org.apache.spark.sql.catalyst.plans.logical.Project(
                        scala.jdk.javaapi.CollectionConverters.asScala(output).toList(), replaced);
            }
            return replaced;
        }
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
