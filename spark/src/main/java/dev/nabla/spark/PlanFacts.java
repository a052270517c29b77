package dev.nabla.spark;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.catalyst.expressions.Alias;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.ExprId;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.NamedExpression;
import org.apache.spark.sql.catalyst.expressions.aggregate.AggregateExpression;
import org.apache.spark.sql.catalyst.plans.logical.Aggregate;
import org.apache.spark.sql.catalyst.plans.logical.CTERelationDef;
import org.apache.spark.sql.catalyst.plans.logical.CTERelationRef;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.Project;
import org.apache.spark.sql.catalyst.plans.logical.Union;
import org.apache.spark.sql.catalyst.plans.logical.Window;
import scala.jdk.javaapi.CollectionConverters;

/**
 * What the operators below a Spark operator say about the columns its expressions read: the definition of
 * each computed column (an {@code Alias} in a {@code Project}, {@code Aggregate} or {@code Window} below, so
 * a derivative reaches through derived tables, CTEs and views as in Nabla), the branches a set operation's
 * output comes from, and the grouping keys of the operator itself when it aggregates.
 */
final class PlanFacts {
    private final Map<ExprId, Expression> definitions = new HashMap<>();
    private final Map<ExprId, List<Expression>> sources = new HashMap<>();
    private final Set<ExprId> groupingKeys = new HashSet<>();
    /** Columns of a CTE reference whose definition is not in the plan at hand (a subquery reading the outer statement's CTE). */
    private final Set<ExprId> unseen = new HashSet<>();
    /** The facts of the outer query's operator when this operator is in a correlated subquery being resolved. */
    private PlanFacts outer;

    /** The CTE definitions of the statement, by id: a reference to one is read through its definition. */
    private final Map<Long, CTERelationDef> ctes;

    private final Set<Long> ctesCollected = new HashSet<>();

    PlanFacts(LogicalPlan operator, Map<Long, CTERelationDef> ctes) {
        this.ctes = ctes;
        for (LogicalPlan child : CollectionConverters.asJava(operator.children())) collect(child);
        // set outputs reuse their first branch's exprIds: that branch's definition is one source among several
        for (Map.Entry<ExprId, List<Expression>> e : sources.entrySet()) definitions.remove(e.getKey());
        if (operator instanceof Aggregate a) {
            for (Expression g : CollectionConverters.asJava(a.groupingExpressions()))
                if (g instanceof Attribute at) groupingKeys.add(canonical(at.exprId()));
        }
    }

    private void collect(LogicalPlan node) {
        for (LogicalPlan child : CollectionConverters.asJava(node.children())) collect(child);
        switch (node) {
            case Project p -> aliases(p.projectList());
            case Aggregate a -> aggregateAliases(a.aggregateExpressions());
            case Window w -> aliases(w.windowExpressions());
            case Union u -> setOutput(node);
            case org.apache.spark.sql.catalyst.plans.logical.Intersect i -> setOutput(node);
            case org.apache.spark.sql.catalyst.plans.logical.Except x -> setOutput(node);
            case CTERelationRef r -> cteReference(r);
            default -> {
                // Spark 4.1's recursive CTE (UnionLoop) is a set operation too; matched by name to keep the
                // module compiling against releases without it
                if (node.nodeName().equals("UnionLoop")) setOutput(node);
            }
        }
    }

    /**
     * A (non-recursive) reference to a CTE: its columns are new attributes standing for the definition's output
     * columns. A recursive self-reference is the previous iteration's row: a stored value, no definition.
     */
    private void cteReference(CTERelationRef r) {
        if (r.recursive()) return;
        CTERelationDef def = ctes.get(r.cteId());
        if (def == null) {
            for (Attribute a : CollectionConverters.asJava(r.output())) unseen.add(a.exprId());
            return;
        }
        if (ctesCollected.add(def.id())) collect(def.child());
        List<Attribute> refs = CollectionConverters.asJava(r.output());
        List<Attribute> defined = CollectionConverters.asJava(def.child().output());
        for (int i = 0; i < refs.size() && i < defined.size(); i++) {
            if (!refs.get(i).exprId().equals(defined.get(i).exprId()))
                definitions.put(refs.get(i).exprId(), defined.get(i));
        }
    }

    /** Every CTE definition in {@code plan}, by id. */
    static Map<Long, CTERelationDef> ctesOf(LogicalPlan plan) {
        Map<Long, CTERelationDef> out = new HashMap<>();
        plan.foreach(n -> {
            if (n instanceof CTERelationDef d) out.put(d.id(), d);
            return null;
        });
        return out;
    }

    private void aliases(scala.collection.immutable.Seq<? extends NamedExpression> list) {
        for (NamedExpression n : CollectionConverters.asJava(list)) {
            if (n instanceof Alias a) definitions.put(a.exprId(), stripNoOpCast(a.child()));
        }
    }

    /**
     * An aggregate's output columns. Nabla binds each distinct aggregate call once, so in
     * {@code SELECT 3 * avg(x) AS l, avg(x) AS a} the column {@code l} is {@code 3 * a} and {@code grad(l, a)} is 3;
     * Catalyst keeps two copies of {@code avg(x)}. So a column that is an aggregate call is defined as the first
     * column that is the same call, and an aggregate call inside another column's expression is read as the column
     * that is that call (reverse mode's adjoint {@code grad(__loss, __a0)} needs this).
     */
    private void aggregateAliases(scala.collection.immutable.Seq<? extends NamedExpression> list) {
        List<Alias> calls = new ArrayList<>();
        List<Alias> others = new ArrayList<>();
        for (NamedExpression n : CollectionConverters.asJava(list)) {
            if (!(n instanceof Alias a)) continue;
            if (stripNoOpCast(a.child()) instanceof AggregateExpression) calls.add(a);
            else others.add(a);
        }
        List<Alias> distinct = new ArrayList<>();
        for (Alias a : calls) {
            Expression call = stripNoOpCast(a.child());
            Alias first = null;
            for (Alias d : distinct) if (stripNoOpCast(d.child()).semanticEquals(call)) first = d;
            if (first == null) {
                distinct.add(a);
                definitions.put(a.exprId(), call);
            } else definitions.put(a.exprId(), first.toAttribute());
        }
        for (Alias a : others) {
            Expression def = stripNoOpCast(a.child()).transformUp(new scala.runtime.AbstractPartialFunction<>() {
                @Override
                public boolean isDefinedAt(Expression x) {
                    return x instanceof AggregateExpression && column(x) != null;
                }

                @Override
                public Expression apply(Expression x) {
                    Alias d = column(x);
                    return d == null ? x : d.toAttribute();
                }

                private Alias column(Expression x) {
                    for (Alias d : distinct) if (stripNoOpCast(d.child()).semanticEquals(x)) return d;
                    return null;
                }
            });
            definitions.put(a.exprId(), def);
        }
    }

    /** A view's output is re-aliased through casts to its declared types; a cast to the same type is no step. */
    private static Expression stripNoOpCast(Expression e) {
        while (e instanceof org.apache.spark.sql.catalyst.expressions.Cast c
                && c.child().dataType().equals(c.dataType())) e = c.child();
        return e;
    }

    private void setOutput(LogicalPlan node) {
        List<LogicalPlan> branches = CollectionConverters.asJava(node.children());
        List<Attribute> out = CollectionConverters.asJava(node.output());
        for (int i = 0; i < out.size(); i++) {
            List<Expression> from = new ArrayList<>();
            for (LogicalPlan b : branches) {
                Attribute a = CollectionConverters.asJava(b.output()).get(i);
                Expression def = definitions.get(a.exprId());
                // a branch that is itself a set operation (a UNION b UNION c nests): its sources are this
                // output's too, flattened so one level of sources names every branch
                List<Expression> nested = sources.getOrDefault(a.exprId(), List.of());
                if (a.exprId().equals(out.get(i).exprId())) {
                    // the branch whose exprId the output reuses: its definition, if it has one, is the source
                    if (def != null) from.add(def);
                } else from.add(def != null ? def : a);
                from.addAll(nested);
            }
            sources.put(out.get(i).exprId(), from);
        }
    }

    /** Whether {@code id} is a column of a CTE whose definition this plan does not hold. */
    boolean unseen(ExprId id) {
        return unseen.contains(id);
    }

    PlanFacts outer() {
        return outer;
    }

    /**
     * The facts of the outer query when {@code operator} is inside a correlated subquery Spark is resolving:
     * the analyzer names the outer operator in its context while it resolves the subquery's plan.
     */
    PlanFacts withOuterFromAnalysisContext() {
        scala.Option<LogicalPlan> o =
                org.apache.spark.sql.catalyst.analysis.AnalysisContext.get().outerPlan();
        if (o.isDefined()) outer = new PlanFacts(o.get(), ctesOf(o.get()));
        return this;
    }

    Expression definitionOf(ExprId id) {
        return definitions.get(id);
    }

    List<Expression> sourcesOf(ExprId id) {
        return sources.getOrDefault(id, List.of());
    }

    boolean isGroupingKey(ExprId id) {
        return groupingKeys.contains(canonical(id));
    }

    /** The exprId at the end of an alias chain ({@code SELECT x AS v}): the column a variable really is. */
    ExprId canonical(ExprId id) {
        ExprId r = id;
        for (int hops = 0; hops < 1000; hops++) {
            if (!(definitions.get(r) instanceof Attribute a) || a.exprId().equals(r)) break;
            r = a.exprId();
        }
        return r;
    }
}
