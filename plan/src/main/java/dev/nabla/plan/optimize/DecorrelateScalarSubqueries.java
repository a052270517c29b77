package dev.nabla.plan.optimize;

import dev.nabla.plan.expr.AggCall;
import dev.nabla.plan.expr.Call;
import dev.nabla.plan.expr.ColumnRef;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Exprs;
import dev.nabla.plan.expr.Fn;
import dev.nabla.plan.expr.Literal;
import dev.nabla.plan.expr.SubqueryExpr;
import dev.nabla.plan.logical.Aggregate;
import dev.nabla.plan.logical.Column;
import dev.nabla.plan.logical.Filter;
import dev.nabla.plan.logical.Join;
import dev.nabla.plan.logical.JoinType;
import dev.nabla.plan.logical.LogicalPlan;
import dev.nabla.plan.logical.PlanExprs;
import dev.nabla.plan.logical.Project;
import dev.nabla.plan.logical.Scan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A correlated scalar aggregate in a Filter, {@code WHERE x < (SELECT 0.2 * avg(q) FROM r WHERE r.k = t.k)},
 * becomes a LEFT join with the aggregate grouped by the inner side of its correlation equalities (Neumann and
 * Kemper's unnesting for equality correlations: the domain of outer values needs no separate join because
 * every correlation is {@code inner = outer}):
 * {@code Filter(x < 0.2 * a) over t LEFT JOIN (SELECT k, avg(q) AS a FROM r GROUP BY k) ON t.k = r.k}.
 * A key without rows gives NULL for every aggregate, which is what the ungrouped aggregate gives over no
 * rows, except count: its references become {@code coalesce(count, 0)}. The subquery must be a Project (of
 * aggregate outputs only) over an ungrouped Aggregate whose input's correlated conjuncts can all be pulled
 * up ({@link CorrelatedConjuncts}) and are equalities between an inner column and an outer expression.
 * When a small part of the outer input supplies the correlated columns, the grouped side is first
 * semi-joined with it ({@link #reduce}).
 */
public final class DecorrelateScalarSubqueries implements Rule {
    @Override
    public String name() {
        return "DecorrelateScalarSubqueries";
    }

    @Override
    public Optional<LogicalPlan> apply(LogicalPlan node) {
        if (!(node instanceof Filter f) || !Exprs.hasSubquery(f.predicate())) return Optional.empty();
        Set<Integer> inputIds = ExtractJoinConditions.ids(f.input().output());
        SubqueryExpr[] found = {null};
        Exprs.forEach(f.predicate(), e -> {
            if (found[0] == null
                    && e instanceof SubqueryExpr s
                    && s.kind() == SubqueryExpr.Kind.SCALAR
                    && !s.correlated().isEmpty()
                    && inputIds.containsAll(CorrelatedConjuncts.ids(s.correlated()))) found[0] = s;
        });
        if (found[0] == null) return Optional.empty();
        for (Expr e : Exprs.conjuncts(f.predicate())) if (Exprs.isVolatile(e)) return Optional.empty();
        SubqueryExpr s = found[0];
        Rewrite r = rewrite(s, f.input(), Exprs.conjuncts(f.predicate()));
        if (r == null) return Optional.empty();
        Expr pred = Exprs.transformUp(f.predicate(), e -> e == s ? r.value : e);
        LogicalPlan filtered = new Filter(r.joined, pred);
        List<Column> want = f.input().output();
        return Optional.of(
                new Project(filtered, want.stream().map(c -> (Expr) c.ref()).toList(), want));
    }

    private record Rewrite(LogicalPlan joined, Expr value) {}

    private static Rewrite rewrite(SubqueryExpr s, LogicalPlan input, List<Expr> siblings) {
        LogicalPlan p = s.plan();
        Project top = null;
        if (p instanceof Project pr && pr.exprs().size() == 1) {
            top = pr;
            p = pr.input();
        }
        if (!(p instanceof Aggregate agg) || !agg.groupKeys().isEmpty()) return null;
        if (top == null && agg.aggregates().size() != 1) return null;
        Set<Integer> outer = CorrelatedConjuncts.ids(s.correlated());
        for (AggCall a : agg.aggregates()) {
            if (!java.util.Collections.disjoint(Exprs.columnIds(a), outer)) return null;
            if (!nullOnEmpty(a) && !isCount(a)) return null;
        }
        if (top != null) {
            Set<Integer> aggIds = ExtractJoinConditions.ids(agg.output());
            Expr e = top.exprs().get(0);
            if (!aggIds.containsAll(Exprs.columnIds(e)) || Exprs.isVolatile(e) || Exprs.hasSubquery(e)) return null;
        }
        CorrelatedConjuncts cc = new CorrelatedConjuncts(outer);
        LogicalPlan inner = cc.pull(agg.input());
        if (inner == null || cc.pulled.isEmpty()) return null;
        Set<Integer> innerIds = ExtractJoinConditions.ids(inner.output());
        // inner column id -> its column; the join condition: outer expression = inner key
        Map<Integer, Column> keys = new LinkedHashMap<>();
        List<Expr> cond = new ArrayList<>();
        for (Expr c : cc.pulled) {
            if (!(c instanceof Call call && call.fn() == Fn.EQ)) return null;
            Expr a = call.arg(0), b = call.arg(1);
            ColumnRef in;
            Expr out;
            if (a instanceof ColumnRef ra && innerIds.contains(ra.id()) && outer.containsAll(Exprs.columnIds(b))) {
                in = ra;
                out = b;
            } else if (b instanceof ColumnRef rb
                    && innerIds.contains(rb.id())
                    && outer.containsAll(Exprs.columnIds(a))) {
                in = rb;
                out = a;
            } else {
                return null;
            }
            if (Exprs.isVolatile(out)) return null;
            for (Column col : inner.output()) if (col.id() == in.id()) keys.putIfAbsent(col.id(), col);
            cond.add(Exprs.comparison(Fn.EQ, out, in));
        }
        inner = reduce(inner, input, outer, cc.pulled, siblings);
        List<Expr> groupKeys = new ArrayList<>();
        List<Column> aggOut = new ArrayList<>();
        for (Column k : keys.values()) {
            groupKeys.add(k.ref());
            aggOut.add(k);
        }
        aggOut.addAll(agg.output());
        Aggregate grouped = new Aggregate(inner, groupKeys, agg.aggregates(), aggOut);
        List<Column> joinOut = new ArrayList<>(input.output());
        for (Column c : aggOut) joinOut.add(new Column(c.id(), c.name(), c.qualifier(), c.type(), true));
        Join join = new Join(input, grouped, JoinType.LEFT, Exprs.and(cond), joinOut);

        // the subquery's value over the join: a count of no rows is 0, not NULL
        Map<Integer, Expr> subst = new HashMap<>();
        for (int i = 0; i < agg.aggregates().size(); i++) {
            Column c = agg.output().get(i);
            Expr ref = c.ref();
            if (isCount(agg.aggregates().get(i))) ref = new Call(Fn.COALESCE, c.type(), ref, Literal.ofLong(0));
            subst.put(c.id(), ref);
        }
        Expr value = top == null
                ? subst.get(agg.output().get(0).id())
                : Exprs.transformUp(
                        top.exprs().get(0),
                        e -> e instanceof ColumnRef r && subst.containsKey(r.id()) ? subst.get(r.id()) : e);
        return new Rewrite(join, value);
    }

    /**
     * Semi-join reduction (the "domain" of the unnesting): when a much smaller part of the outer input
     * provides every correlated column (in q17, the few parts of one brand and container), the aggregate
     * only needs the inner rows that match it, so the inner side is SEMI-joined with a copy of that part
     * on the correlation conjuncts before grouping, instead of grouping the whole inner relation.
     */
    private static LogicalPlan reduce(
            LogicalPlan inner, LogicalPlan outerInput, Set<Integer> outer, List<Expr> conds, List<Expr> siblings) {
        LogicalPlan domain = outerInput;
        descend:
        while (true) {
            for (LogicalPlan in : domain.inputs()) {
                if (ExtractJoinConditions.ids(in.output()).containsAll(outer)
                        // never below a Filter: it is what makes the domain small
                        && (domain instanceof Project
                                || (domain instanceof Join j
                                        && (j.type() == JoinType.INNER || j.type() == JoinType.CROSS)))) {
                    domain = in;
                    continue descend;
                }
            }
            break;
        }
        // an uncorrelated subquery (q20's ps_partkey IN (SELECT p_partkey ...)) has one value for the whole
        // statement, so the domain's copy may run it again; a correlated one or a volatile call may not
        boolean[] unsafe = {false};
        PlanExprs.forEachDeep(domain, e -> unsafe[0] |= correlatedOrVolatile(e));
        if (unsafe[0] || !new FreeColumns().of(domain).isEmpty()) return inner;
        // the Filter's other conjuncts on the domain's columns alone (not pushed down yet) restrict it too
        Set<Integer> domainIds = ExtractJoinConditions.ids(domain.output());
        List<Expr> restrict = new ArrayList<>();
        for (Expr c : siblings) {
            Set<Integer> used = Exprs.columnIds(c);
            boolean[] unsafe2 = {false};
            Exprs.forEach(c, e -> unsafe2[0] |= correlatedOrVolatile(e));
            if (!used.isEmpty() && domainIds.containsAll(used) && !unsafe2[0]) restrict.add(c);
        }
        LogicalPlan d = copy(restrict.isEmpty() ? domain : new Filter(domain, Exprs.and(restrict)));
        if (Cardinality.rows(d) * 4 > Cardinality.rows(inner)) return inner;
        return new Join(inner, d, JoinType.SEMI, Exprs.and(conds), inner.output());
    }

    /** What a copy of the domain may not repeat: a correlated subquery, or a call that differs per evaluation. */
    private static boolean correlatedOrVolatile(Expr e) {
        if (e instanceof SubqueryExpr sq) {
            if (!sq.correlated().isEmpty()) return true;
            // run twice, an uncorrelated subquery gives the same rows unless something in it is random
            boolean[] random = {false};
            PlanExprs.forEachDeep(
                    sq.plan(),
                    x -> random[0] |= x instanceof Call c
                            && (c.fn() == Fn.RANDOM
                                    || c.fn() == Fn.GEN_RANDOM_UUID
                                    || c.fn() == Fn.NEXTVAL
                                    || c.fn() == Fn.CURRVAL
                                    || c.fn() == Fn.SETVAL));
            return random[0];
        }
        return Exprs.isVolatile(e);
    }

    /** A structural copy, subquery plans included, so that no plan node object appears twice in the plan. */
    private static LogicalPlan copy(LogicalPlan p) {
        LogicalPlan node;
        if (p instanceof Scan s) {
            node = new Scan(s.source(), s.columnIndexes(), s.output(), s.filter(), s.rowIdColumn());
        } else {
            List<LogicalPlan> ins = new ArrayList<>();
            for (LogicalPlan in : p.inputs()) ins.add(copy(in));
            node = p.withInputs(ins);
        }
        if (!PlanExprs.exprs(node).stream().anyMatch(Exprs::hasSubquery)) return node;
        return PlanExprs.mapNode(
                node, e -> Exprs.transformUp(e, x -> x instanceof SubqueryExpr sq ? sq.withPlan(copy(sq.plan())) : x));
    }

    private static boolean isCount(AggCall a) {
        return a.fn() == dev.nabla.plan.expr.AggFn.COUNT || a.fn() == dev.nabla.plan.expr.AggFn.COUNT_STAR;
    }

    /** Aggregates that are NULL over no rows, as a missing key of the LEFT join is. */
    private static boolean nullOnEmpty(AggCall a) {
        return switch (a.fn()) {
            case SUM,
                    AVG,
                    MIN,
                    MAX,
                    STDDEV_SAMP,
                    STDDEV_POP,
                    VAR_SAMP,
                    VAR_POP,
                    STRING_AGG,
                    BOOL_AND,
                    BOOL_OR,
                    PERCENTILE_CONT,
                    PERCENTILE_DISC,
                    MODE,
                    LOGSUMEXP,
                    SOFTMAX_SUM,
                    MIN_BY,
                    MAX_BY,
                    ARRAY_AGG,
                    COVAR_POP,
                    COVAR_SAMP,
                    CORR,
                    REGR_AVGX,
                    REGR_AVGY,
                    REGR_SXX,
                    REGR_SYY,
                    REGR_SXY,
                    REGR_SLOPE,
                    REGR_INTERCEPT,
                    REGR_R2 -> true;
            case COUNT_STAR, COUNT, TOTAL, GROUPING, REGR_COUNT -> false;
        };
    }
}
