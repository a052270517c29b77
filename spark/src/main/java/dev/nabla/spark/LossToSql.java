package dev.nabla.spark;

import dev.nabla.autograd.PortableSql;
import dev.nabla.autograd.SqlDialect;
import dev.nabla.parser.ast.SqlWriter;
import dev.nabla.plan.expr.Expr;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.catalyst.expressions.Alias;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.ExprId;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.NamedExpression;
import org.apache.spark.sql.catalyst.expressions.SubqueryExpression;
import org.apache.spark.sql.catalyst.optimizer.InlineCTE;
import org.apache.spark.sql.catalyst.plans.Cross$;
import org.apache.spark.sql.catalyst.plans.Inner$;
import org.apache.spark.sql.catalyst.plans.logical.Aggregate;
import org.apache.spark.sql.catalyst.plans.logical.Filter;
import org.apache.spark.sql.catalyst.plans.logical.Join;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.Project;
import org.apache.spark.sql.catalyst.plans.logical.SubqueryAlias;
import org.apache.spark.sql.catalyst.plans.logical.View;
import scala.jdk.javaapi.CollectionConverters;

/**
 * A loss query's analyzed Catalyst plan as the text of a Nabla query, for Nabla's reverse-mode rewriter
 * ({@code ReverseRewriter}). Only the operators on the way from the loss to the relation differentiated against are
 * written out (Project, Filter, inner/cross Join, Aggregate, SubqueryAlias, View; CTEs are inlined first); every subtree that does not read it is
 * left to Spark: it becomes a relation of its own ({@link #relations}), which the caller registers as a temporary
 * view, so any Spark source or operator may sit there. Columns are named by Catalyst {@code exprId}
 * ({@code c<id>}), so {@code a.x} and {@code b.x} stay distinct. Expressions go through {@link ToNabla} and are
 * printed by the autograd module's printer: the text reads the same in Nabla and, after {@link SparkText}, in Spark.
 */
final class LossToSql {
    /** A FROM list, its WHERE conditions, and the SQL of each column the operator outputs, by exprId. */
    private record Block(String from, List<String> where, Map<ExprId, String> columns) {}

    private final String target;
    private final String prefix;
    /** The target relation's name as the loss text writes it (the rewriter finds it by this name). */
    private final String targetSql;

    /** Each subtree that does not read the target, by the name it has in the text; its columns are {@code c<id>}. */
    final Map<String, LogicalPlan> relations = new LinkedHashMap<>();

    private int aliases;
    private boolean readsTarget;

    /**
     * @param target the relation's (last) name, matched case-insensitively against the plan's aliases
     * @param prefix a prefix unique to this call for the names of {@link #relations}
     */
    LossToSql(String target, String prefix) {
        this.target = target;
        this.prefix = prefix;
        this.targetSql = SqlWriter.ident(target, false);
    }

    String targetSql() {
        return targetSql;
    }

    /** The loss as one Nabla query: a SELECT with one column. */
    String query(LogicalPlan plan) {
        // the loss's CTEs (WITH …) as the subtrees they name, so they are differentiated through like derived tables
        LogicalPlan p = new InlineCTE(true, false).apply(plan);
        while (p instanceof SubqueryAlias s && !isTarget(s)) p = s.child();
        if (p.output().size() != 1)
            throw DerivativeResolution.error("GRADIENT: the loss must have exactly one column (the loss), not "
                    + p.output().size() + ": " + p.schema().simpleString());
        String sql;
        if (p instanceof Aggregate a && a.groupingExpressions().isEmpty()) {
            Block b = block(a.child());
            sql = "SELECT " + expr((Expression) a.aggregateExpressions().apply(0), b, a) + " FROM " + b.from()
                    + where(b);
        } else {
            Block b = block(p);
            sql = "SELECT " + b.columns().get(p.output().apply(0).exprId()) + " FROM " + b.from() + where(b);
        }
        if (!readsTarget)
            throw DerivativeResolution.error("GRADIENT: the loss does not read " + target
                    + ", so there is nothing to differentiate with respect to");
        return sql;
    }

    private static String where(Block b) {
        return b.where().isEmpty() ? "" : " WHERE " + String.join(" AND ", b.where());
    }

    private boolean isTarget(LogicalPlan p) {
        return p instanceof SubqueryAlias s && s.identifier().name().equalsIgnoreCase(target);
    }

    private boolean reads(LogicalPlan p) {
        return p.exists(n -> isTarget(n));
    }

    private boolean readsInSubquery(LogicalPlan p) {
        return p.exists(n -> n.expressions()
                .exists(e -> e.exists(
                        x -> x instanceof SubqueryExpression s && (reads(s.plan()) || readsInSubquery(s.plan())))));
    }

    private Block block(LogicalPlan p) {
        if (isTarget(p)) {
            readsTarget = true;
            String alias = "t" + aliases++;
            Map<ExprId, String> cols = new HashMap<>();
            for (Attribute a : CollectionConverters.asJava(p.output()))
                cols.put(a.exprId(), alias + "." + SqlWriter.ident(a.name(), false));
            return new Block(targetSql + " AS " + alias, new ArrayList<>(), cols);
        }
        if (!reads(p)) {
            if (readsInSubquery(p))
                throw DerivativeResolution.error("GRADIENT on Spark: a subquery reads " + target + " inside "
                        + p.nodeName() + " (" + p.simpleString(200) + "); read it in FROM instead");
            String name = prefix + "r" + relations.size();
            String alias = "t" + aliases++;
            relations.put(name, p);
            Map<ExprId, String> cols = new HashMap<>();
            for (Attribute a : CollectionConverters.asJava(p.output()))
                cols.put(a.exprId(), alias + "." + column(a.exprId()));
            return new Block(name + " AS " + alias, new ArrayList<>(), cols);
        }
        return switch (p) {
            case SubqueryAlias s -> block(s.child());
            // a view's body: its output is its child's (Spark re-aliases it through casts to the declared types)
            case View v -> block(v.child());
            case Project pr -> {
                Block b = block(pr.child());
                yield new Block(b.from(), b.where(), outputs(pr.projectList(), b, pr));
            }
            case Filter f -> {
                Block b = block(f.child());
                b.where().add("(" + expr(f.condition(), b, f) + ")");
                yield b;
            }
            case Join j
            when j.joinType() == Inner$.MODULE$ || j.joinType() == Cross$.MODULE$ -> {
                Block l = block(j.left());
                Block r = block(j.right());
                List<String> where = new ArrayList<>(l.where());
                where.addAll(r.where());
                Map<ExprId, String> cols = new HashMap<>(l.columns());
                cols.putAll(r.columns());
                Block b = new Block(l.from() + ", " + r.from(), where, cols);
                if (j.condition().isDefined())
                    where.add("(" + expr(j.condition().get(), b, j) + ")");
                yield b;
            }
            case Aggregate a -> {
                Block b = block(a.child());
                String alias = "q" + aliases++;
                List<String> items = new ArrayList<>();
                Map<ExprId, String> cols = new HashMap<>();
                for (NamedExpression ne : CollectionConverters.asJava(a.aggregateExpressions())) {
                    items.add(expr((Expression) ne, b, a) + " AS " + column(ne.exprId()));
                    cols.put(ne.exprId(), alias + "." + column(ne.exprId()));
                }
                List<String> keys = new ArrayList<>();
                for (Expression k : CollectionConverters.asJava(a.groupingExpressions())) keys.add(expr(k, b, a));
                String sql = "(SELECT " + String.join(", ", items) + " FROM " + b.from() + where(b)
                        + (keys.isEmpty() ? "" : " GROUP BY " + String.join(", ", keys)) + ") AS " + alias;
                yield new Block(sql, new ArrayList<>(), cols);
            }
            case Join j ->
                throw DerivativeResolution.error(
                        "GRADIENT on Spark: the join type " + j.joinType().sql() + " on the way to " + target
                                + " is not supported (inner and cross joins are)");
            default ->
                throw DerivativeResolution.error("GRADIENT on Spark: cannot differentiate through the Spark operator "
                        + p.nodeName() + " (" + p.simpleString(200) + "), which reads " + target
                        + "; supported on the way to it: Project, Filter, inner/cross Join, Aggregate, SubqueryAlias");
        };
    }

    private Map<ExprId, String> outputs(scala.collection.immutable.Seq<NamedExpression> list, Block b, LogicalPlan at) {
        Map<ExprId, String> cols = new HashMap<>();
        for (NamedExpression ne : CollectionConverters.asJava(list)) {
            if (ne instanceof Attribute a) {
                String known = b.columns().get(a.exprId());
                if (known == null) throw unknown(a, at);
                cols.put(a.exprId(), known);
            } else cols.put(ne.exprId(), "(" + expr((Expression) ne, b, at) + ")");
        }
        return cols;
    }

    static String column(ExprId id) {
        return "c" + id.id();
    }

    private RuntimeException unknown(Attribute a, LogicalPlan at) {
        return DerivativeResolution.error(
                "GRADIENT on Spark: the column " + a.name() + " read by " + at.nodeName() + " is not in scope");
    }

    /**
     * One Catalyst expression as SQL text over the block's columns, through Nabla's IR (the same translation the
     * derivatives use, so the loss means the same to the rewriter as to Spark). Subexpressions Nabla has no node
     * for are refused, naming them.
     */
    private String expr(Expression e, Block b, LogicalPlan at) {
        Expression x = e instanceof Alias al ? al.child() : e;
        ToNabla t = new ToNabla(new PlanFacts(at, Map.of()), Set.of(), Set.of());
        Expr ir = t.translate(x);
        return PortableSql.print(ir, SqlDialect.NABLA, c -> {
            Expression ce = t.catalystOf.get(c.id());
            if (ce instanceof Attribute a) {
                String known = b.columns().get(a.exprId());
                if (known == null) throw unknown(a, at);
                return known;
            }
            if (ce instanceof org.apache.spark.sql.catalyst.expressions.Cast k
                    && k.child() instanceof Attribute a
                    && b.columns().containsKey(a.exprId()))
                return "CAST(" + b.columns().get(a.exprId()) + " AS DOUBLE)";
            throw DerivativeResolution.error("GRADIENT on Spark: no translation for the Spark expression "
                    + ce.nodeName() + " (" + ce.sql() + ") in " + at.nodeName()
                    + " on the way to " + target);
        });
    }
}
