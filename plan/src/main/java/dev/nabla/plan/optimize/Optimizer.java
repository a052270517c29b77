package dev.nabla.plan.optimize;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.plan.bound.BoundStatement;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Exprs;
import dev.nabla.plan.expr.SubqueryExpr;
import dev.nabla.plan.logical.Column;
import dev.nabla.plan.logical.LogicalPlan;
import dev.nabla.plan.logical.PlanExprs;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;

/**
 * Applies an ordered list of rules bottom-up over the plan (and inside subquery plans), pass after pass,
 * until a pass changes nothing or {@code maxPasses} is reached. After every rewrite it checks that the
 * rewritten node still has the same output columns (ids and types), naming the rule that broke it.
 */
public final class Optimizer {
    private final List<Rule> rules;
    private final int maxPasses;

    public Optimizer(List<Rule> rules, int maxPasses) {
        this.rules = List.copyOf(rules);
        this.maxPasses = maxPasses;
    }

    /** The standard rule list, in order. */
    public static Optimizer standard() {
        return new Optimizer(
                List.of(
                        new FoldConstants(),
                        new SimplifyExpressions(),
                        new FactorOrConjuncts(),
                        new EliminateEmpty(),
                        new DecorrelateLateral(),
                        new DecorrelateSubqueries(),
                        new DecorrelateScalarSubqueries(),
                        new ExtractJoinConditions(),
                        new DeriveOrFilters(),
                        new PushDownFilter(),
                        new PushSemiJoinDown(),
                        new ReorderJoins(),
                        new PruneColumns(),
                        new MergeProjects(),
                        new RemoveRedundantProject()),
                12);
    }

    public List<Rule> rules() {
        return rules;
    }

    /** The statement with every plan it holds optimized (and the subquery plans of its other expressions). */
    public BoundStatement optimize(BoundStatement b) {
        return b.mapPlans(this::optimize, e -> new Run().optimizeSubqueries(e));
    }

    public LogicalPlan optimize(LogicalPlan root) {
        return new Run().optimize(root);
    }

    /** One optimization: remembers subquery plans already optimized so later passes do not redo them. */
    private final class Run {
        private final IdentityHashMap<LogicalPlan, LogicalPlan> optimizedSubqueries = new IdentityHashMap<>();

        LogicalPlan optimize(LogicalPlan root) {
            LogicalPlan plan = root;
            for (int pass = 0; pass < maxPasses; pass++) {
                boolean[] changed = {false};
                plan = walk(plan, changed);
                if (!changed[0]) break;
            }
            return plan;
        }

        private LogicalPlan walk(LogicalPlan node, boolean[] changed) {
            List<LogicalPlan> ins = node.inputs();
            if (!ins.isEmpty()) {
                List<LogicalPlan> nins = new ArrayList<>(ins.size());
                boolean any = false;
                for (LogicalPlan in : ins) {
                    LogicalPlan n = walk(in, changed);
                    any |= n != in;
                    nins.add(n);
                }
                if (any) node = node.withInputs(nins);
            }
            if (PlanExprs.exprs(node).stream().anyMatch(Exprs::hasSubquery))
                node = PlanExprs.mapNode(node, this::optimizeSubqueries);
            for (Rule rule : rules) {
                Optional<LogicalPlan> r = rule.apply(node);
                if (r.isEmpty()) continue;
                LogicalPlan next = r.get();
                check(rule, node, next);
                if (next.equals(node)) continue;
                changed[0] = true;
                node = next;
            }
            return node;
        }

        Expr optimizeSubqueries(Expr e) {
            return Exprs.transformUp(e, x -> {
                if (!(x instanceof SubqueryExpr s)) return x;
                LogicalPlan p = optimizedSubqueries.get(s.plan());
                if (p == null) {
                    p = optimize(s.plan());
                    optimizedSubqueries.put(s.plan(), p);
                    optimizedSubqueries.put(p, p);
                }
                return p == s.plan() ? s : s.withPlan(p);
            });
        }
    }

    private static void check(Rule rule, LogicalPlan before, LogicalPlan after) {
        List<Column> a = before.output(), b = after.output();
        boolean ok = a.size() == b.size();
        for (int i = 0; ok && i < a.size(); i++)
            ok = a.get(i).id() == b.get(i).id()
                    && a.get(i).type().equals(b.get(i).type());
        if (!ok) {
            throw new NablaException(
                    ErrorCode.INTERNAL,
                    "optimizer rule " + rule.name() + " changed the output columns of "
                            + before.getClass().getSimpleName() + ": " + a + " -> " + b);
        }
    }
}
