package dev.nabla.plan.differentiate;

import dev.nabla.plan.expr.AggCall;
import dev.nabla.plan.expr.ColumnRef;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Literal;
import dev.nabla.plan.logical.Aggregate;
import dev.nabla.plan.logical.Column;
import dev.nabla.plan.logical.ColumnIds;
import dev.nabla.plan.logical.LogicalPlan;
import dev.nabla.plan.logical.Project;
import dev.nabla.plan.logical.SetOp;
import java.util.ArrayList;
import java.util.List;

/**
 * The node that aggregates a query level, seen the same way whether it is one {@link Aggregate} (GROUP BY)
 * or the union the binder builds for GROUPING SETS, ROLLUP and CUBE: a UNION ALL of one {@code
 * Project(Aggregate)} per grouping set, every Aggregate over the same input with the same aggregate calls,
 * every Project yielding the level's keys (NULL where its set does not group by one), the aggregates, then
 * the GROUPING(..) constants.
 *
 * <p>{@code keys} and {@code aggregates} are what the columns {@code keyColumns} and {@code aggColumns} of
 * {@code node}'s output compute; {@code input} is the plan they are computed over. {@link #withAggregates}
 * adds aggregate calls: to the Aggregate, or to every branch Aggregate, its Project and each union.
 */
record Grouping(
        LogicalPlan node,
        List<Expr> keys,
        List<Column> keyColumns,
        List<AggCall> aggregates,
        List<Column> aggColumns,
        LogicalPlan input) {

    static Grouping of(Aggregate a) {
        int k = a.groupKeys().size();
        return new Grouping(
                a,
                a.groupKeys(),
                a.output().subList(0, k),
                a.aggregates(),
                a.output().subList(k, a.output().size()),
                a.input());
    }

    /** The grouping-sets union {@code p} is, or null when it is not one. */
    static Grouping ofUnion(LogicalPlan p) {
        if (!(p instanceof SetOp top)) return null;
        List<Project> branches = new ArrayList<>();
        if (!branches(top, branches)) return null;
        Aggregate first = (Aggregate) branches.get(0).input();
        int width = top.output().size();
        int nAggs = first.aggregates().size();
        int nKeys = -1;
        Expr[] keys = null;
        for (Project b : branches) {
            Aggregate a = (Aggregate) b.input();
            // one input and one list of calls for all sets: what the binder builds (a union a user wrote has
            // an input per branch, with column ids of its own)
            if (a.input() != first.input() && !a.input().equals(first.input())) return null;
            if (!a.aggregates().equals(first.aggregates())) return null;
            if (b.exprs().size() != width) return null;
            int set = a.groupKeys().size();
            int i = 0;
            // the keys: a reference to one of the Aggregate's key columns, or NULL
            while (i < width && keyOrNull(b.exprs().get(i), a, set)) i++;
            if (nKeys < 0) {
                nKeys = i;
                keys = new Expr[nKeys];
            } else if (nKeys != i) {
                return null;
            }
            for (int k = 0; k < nKeys; k++) {
                if (b.exprs().get(k) instanceof ColumnRef r) {
                    Expr key = a.groupKeys().get(indexOf(a.output(), r.id()));
                    if (keys[k] == null) keys[k] = key;
                    else if (!keys[k].equals(key)) return null;
                }
            }
            // then the aggregates in order, then the GROUPING(..) constants
            for (int j = 0; j < nAggs; j++) {
                if (!(b.exprs().get(nKeys + j) instanceof ColumnRef r)
                        || r.id() != a.output().get(set + j).id()) return null;
            }
            for (int g = nKeys + nAggs; g < width; g++)
                if (!(b.exprs().get(g) instanceof Literal l) || l.value() == null) return null;
        }
        for (Expr k : keys) if (k == null) return null;
        return new Grouping(
                top,
                List.of(keys),
                top.output().subList(0, nKeys),
                first.aggregates(),
                top.output().subList(nKeys, nKeys + nAggs),
                first.input());
    }

    /** The Project(Aggregate) branches of a UNION ALL tree, left to right; false at any other shape. */
    private static boolean branches(LogicalPlan p, List<Project> out) {
        if (p instanceof SetOp s) {
            return s.kind() == SetOp.Kind.UNION && s.all() && branches(s.left(), out) && branches(s.right(), out);
        }
        if (p instanceof Project b && b.input() instanceof Aggregate) {
            out.add(b);
            return true;
        }
        return false;
    }

    private static boolean keyOrNull(Expr e, Aggregate a, int set) {
        if (e instanceof Literal l) return l.value() == null;
        if (!(e instanceof ColumnRef r)) return false;
        int at = indexOf(a.output(), r.id());
        return at >= 0 && at < set;
    }

    private static int indexOf(List<Column> cols, int id) {
        for (int i = 0; i < cols.size(); i++) if (cols.get(i).id() == id) return i;
        return -1;
    }

    /**
     * The node computing {@code more} as well, over {@code newInput} (the input with columns the new calls
     * read passed up); {@code moreColumns} are the new calls' columns in the node's output, appended after
     * its existing ones.
     */
    LogicalPlan withAggregates(List<AggCall> more, List<Column> moreColumns, LogicalPlan newInput, ColumnIds ids) {
        if (node instanceof Aggregate a) {
            List<AggCall> aggs = new ArrayList<>(a.aggregates());
            aggs.addAll(more);
            List<Column> out = new ArrayList<>(a.output());
            out.addAll(moreColumns);
            return new Aggregate(newInput, a.groupKeys(), aggs, out);
        }
        // otherwise the grouping-sets union (the two shapes of() and ofUnion() accept)
        return union(node, more, moreColumns, newInput, ids);
    }

    private static LogicalPlan union(
            LogicalPlan p, List<AggCall> more, List<Column> outColumns, LogicalPlan newInput, ColumnIds ids) {
        if (p instanceof SetOp s) {
            // every union above a branch passes the new columns on, positionally after its own
            LogicalPlan l = union(s.left(), more, fresh(outColumns, ids), newInput, ids);
            LogicalPlan r = union(s.right(), more, fresh(outColumns, ids), newInput, ids);
            List<Column> out = new ArrayList<>(s.output());
            out.addAll(outColumns);
            return new SetOp(s.kind(), s.all(), l, r, out);
        }
        Project b = (Project) p;
        Aggregate a = (Aggregate) b.input();
        List<Column> aggCols = fresh(outColumns, ids);
        List<AggCall> aggs = new ArrayList<>(a.aggregates());
        aggs.addAll(more);
        List<Column> aggOut = new ArrayList<>(a.output());
        aggOut.addAll(aggCols);
        Aggregate na = new Aggregate(newInput, a.groupKeys(), aggs, aggOut);
        List<Expr> exprs = new ArrayList<>(b.exprs());
        for (Column c : aggCols) exprs.add(c.ref());
        List<Column> out = new ArrayList<>(b.output());
        out.addAll(outColumns);
        return new Project(na, exprs, out);
    }

    private static List<Column> fresh(List<Column> like, ColumnIds ids) {
        List<Column> out = new ArrayList<>(like.size());
        for (Column c : like) out.add(new Column(ids.next(), c.name(), c.qualifier(), c.type(), c.nullable()));
        return out;
    }
}
