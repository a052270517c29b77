package dev.nabla.plan.optimize;

import dev.nabla.plan.bound.BoundStatement;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Exprs;
import dev.nabla.plan.expr.SubqueryExpr;
import dev.nabla.plan.logical.Column;
import dev.nabla.plan.logical.CteScan;
import dev.nabla.plan.logical.LogicalPlan;
import dev.nabla.plan.logical.MaterializedCte;
import dev.nabla.plan.logical.PlanExprs;
import dev.nabla.plan.logical.RecursiveCte;
import dev.nabla.plan.logical.Scan;
import dev.nabla.plan.logical.WorkingTableScan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Computes a CTE once per statement when several consumers read it: the stage between Differentiate and the
 * optimizer. The binder binds every reference of a CTE afresh (so each has its own column ids, and a derivative
 * can see through the CTE's definition while the Differentiate stage expands it) and records each such copy.
 * Here the copies still in a plan unchanged (Differentiate rebuilds a copy it had to pass a column up through:
 * that copy stays inline) are replaced by {@link CteScan}s of one {@link MaterializedCte} at the root of the plan,
 * whose definition is the first copy.
 *
 * <p>A copy is shared only when it is self-contained: it reads no column it does not produce (a correlated CTE is
 * re-evaluated per outer row) and no working table of a recursive CTE outside it (which changes every iteration).
 * Copies inside uncorrelated subquery expressions count too (TPC-H q15 reads its revenue view in the join and in
 * {@code (SELECT max(total_revenue) FROM revenue)}): such a subquery runs once per execution of the statement, while
 * the rows are stored, so it reads them like any other consumer. Copies inside correlated subqueries stay inline:
 * those run once per outer row, and a CTE there is computed each time. A CTE is shared when at least two copies
 * qualify, or one and the CTE was declared {@code AS MATERIALIZED}; {@code AS NOT MATERIALIZED} keeps every copy
 * inline.
 */
public final class ShareCtes {

    /** What the binder recorded: each bound copy of a CTE reference, by identity. */
    public record Copies(IdentityHashMap<LogicalPlan, Group> copies) {
        public static Copies none() {
            return new Copies(new IdentityHashMap<>());
        }
    }

    /**
     * One CTE definition as bound in one environment; {@code materialized}: null (no hint), TRUE (AS MATERIALIZED),
     * FALSE (AS NOT MATERIALIZED).
     */
    public static final class Group {
        final String name;
        final Boolean materialized;

        public Group(String name, Boolean materialized) {
            this.name = name;
            this.materialized = materialized;
        }
    }

    private final Copies recorded;
    private int nextId = -1; // negative: never a recursive CTE's id (those are column ids, positive)

    private ShareCtes(Copies recorded) {
        this.recorded = recorded;
    }

    /**
     * {@code statement} with its multiply-read CTEs materialized once; the same object when there are none.
     * {@code rebuilt}: the nodes the Differentiate stage replaced (old → new). A copy Differentiate rebuilt inside
     * (its derivatives expanded, the same way in every copy) is still a copy if its output columns are the same; one
     * it passed extra columns up through is not.
     */
    public static BoundStatement apply(
            BoundStatement statement, Copies copies, IdentityHashMap<LogicalPlan, LogicalPlan> rebuilt) {
        if (copies.copies().isEmpty()) return statement;
        IdentityHashMap<LogicalPlan, Group> now = new IdentityHashMap<>();
        for (var e : copies.copies().entrySet()) {
            LogicalPlan n = rebuilt.getOrDefault(e.getKey(), e.getKey());
            if (n.output().equals(e.getKey().output())) now.put(n, e.getValue());
        }
        ShareCtes s = new ShareCtes(new Copies(now));
        return statement.mapPlans(s::plan, e -> e);
    }

    /** One plan of the statement: its shared CTEs hoisted into MaterializedCte nodes above it. */
    LogicalPlan plan(LogicalPlan root) {
        Map<Group, Integer> count = new HashMap<>();
        countCopies(root, count);
        Map<Group, Shared> shared = new LinkedHashMap<>();
        for (var e : count.entrySet()) {
            Group g = e.getKey();
            if (Boolean.FALSE.equals(g.materialized)) continue;
            if (e.getValue() >= 2 || (Boolean.TRUE.equals(g.materialized) && e.getValue() >= 1)) shared.put(g, null);
        }
        if (shared.isEmpty()) return root;
        List<Shared> order = new ArrayList<>();
        LogicalPlan body = replace(root, shared, order);
        // order is the order definitions were completed (inner CTEs first): the first is the outermost node, so
        // a definition reading another CTE runs while that one's rows are stored
        for (int i = order.size() - 1; i >= 0; i--) {
            Shared s = order.get(i);
            body = new MaterializedCte(s.id, s.name, s.definition, body);
        }
        return body;
    }

    private record Shared(int id, String name, LogicalPlan definition) {}

    private void countCopies(LogicalPlan p, Map<Group, Integer> count) {
        Group g = recorded.copies().get(p);
        if (g != null && selfContained(p)) count.merge(g, 1, Integer::sum);
        for (LogicalPlan in : p.inputs()) countCopies(in, count);
        for (Expr e : PlanExprs.exprs(p)) {
            Exprs.forEach(e, x -> {
                if (x instanceof SubqueryExpr sq && sq.correlated().isEmpty()) countCopies(sq.plan(), count);
            });
        }
    }

    /** Whether {@code p}'s own expressions hold an uncorrelated subquery (whose plan may read a shared CTE). */
    private static boolean hasUncorrelatedSubquery(LogicalPlan p) {
        boolean[] found = {false};
        for (Expr e : PlanExprs.exprs(p)) {
            Exprs.forEach(
                    e,
                    x -> found[0] |=
                            x instanceof SubqueryExpr sq && sq.correlated().isEmpty());
        }
        return found[0];
    }

    private LogicalPlan replace(LogicalPlan p, Map<Group, Shared> shared, List<Shared> order) {
        Group g = recorded.copies().get(p);
        boolean mine = g != null && shared.containsKey(g) && selfContained(p);
        Shared s = mine ? shared.get(g) : null;
        if (s != null) return new CteScan(s.id, s.name, p.output(), s.definition);
        LogicalPlan node = p;
        List<LogicalPlan> ins = p.inputs();
        if (!ins.isEmpty()) {
            List<LogicalPlan> nins = new ArrayList<>(ins.size());
            boolean changed = false;
            for (LogicalPlan in : ins) {
                LogicalPlan n = replace(in, shared, order);
                changed |= n != in;
                nins.add(n);
            }
            if (changed) node = p.withInputs(nins);
        }
        if (hasUncorrelatedSubquery(node)) {
            node = PlanExprs.mapNode(
                    node,
                    e -> Exprs.transformUp(
                            e,
                            x -> x instanceof SubqueryExpr sq && sq.correlated().isEmpty()
                                    ? sq.withPlan(replace(sq.plan(), shared, order))
                                    : x));
        }
        if (!mine) return node;
        // the first copy met: its (inner CTEs replaced) plan is the definition; this copy reads it like the others
        s = new Shared(nextId--, g.name, node);
        shared.put(g, s);
        order.add(s);
        return new CteScan(s.id, s.name, p.output(), s.definition);
    }

    /** Reads only columns it produces, and no working table of a recursive CTE. */
    private static boolean selfContained(LogicalPlan copy) {
        Set<Integer> produced = new HashSet<>();
        Set<Integer> read = new HashSet<>();
        Set<Integer> workingRead = new HashSet<>();
        Set<Integer> recursiveDefined = new HashSet<>();
        PlanExprs.forEachNodeDeep(
                copy,
                n -> {
                    for (Column c : n.output()) produced.add(c.id());
                    if (n instanceof Scan sc && sc.rowIdColumn() != null)
                        produced.add(sc.rowIdColumn().id());
                    for (var e : PlanExprs.exprs(n)) read.addAll(Exprs.columnIds(e));
                    if (n instanceof WorkingTableScan w) workingRead.add(w.cteId());
                    if (n instanceof RecursiveCte rc) recursiveDefined.add(rc.cteId());
                },
                e -> {});
        if (!recursiveDefined.containsAll(workingRead)) return false;
        return produced.containsAll(read);
    }
}
