package dev.nabla.plan.optimize;

import dev.nabla.plan.expr.AggCall;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Exprs;
import dev.nabla.plan.expr.SortKey;
import dev.nabla.plan.expr.WindowCall;
import dev.nabla.plan.logical.Aggregate;
import dev.nabla.plan.logical.Column;
import dev.nabla.plan.logical.CteScan;
import dev.nabla.plan.logical.Distinct;
import dev.nabla.plan.logical.Filter;
import dev.nabla.plan.logical.Join;
import dev.nabla.plan.logical.JoinType;
import dev.nabla.plan.logical.Limit;
import dev.nabla.plan.logical.LogicalPlan;
import dev.nabla.plan.logical.MaterializedCte;
import dev.nabla.plan.logical.Project;
import dev.nabla.plan.logical.RecursiveCte;
import dev.nabla.plan.logical.Sample;
import dev.nabla.plan.logical.Scan;
import dev.nabla.plan.logical.SetOp;
import dev.nabla.plan.logical.SingleRow;
import dev.nabla.plan.logical.Sort;
import dev.nabla.plan.logical.Values;
import dev.nabla.plan.logical.Window;
import dev.nabla.plan.logical.WorkingTableScan;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Projection pushdown: below a Project, every operator keeps only the columns something above still
 * reads, down to {@link Scan#columnIndexes()}. Unused aggregates, window functions and inner projections
 * are dropped. Distinct, set operations and recursive CTEs are barriers (their columns all matter).
 */
public final class PruneColumns implements Rule {
    @Override
    public String name() {
        return "PruneColumns";
    }

    @Override
    public Optional<LogicalPlan> apply(LogicalPlan node) {
        if (node instanceof Aggregate a) {
            // an Aggregate reads only its keys' and aggregates' columns, whatever is above it
            Set<Integer> need = new HashSet<>();
            for (Expr e : a.groupKeys()) need.addAll(Exprs.columnIds(e));
            for (Expr e : a.aggregates()) need.addAll(Exprs.columnIds(e));
            LogicalPlan in = new Pruner().prune(a.input(), need);
            return in == a.input()
                    ? Optional.empty()
                    : Optional.of(new Aggregate(in, a.groupKeys(), a.aggregates(), a.output()));
        }
        if (!(node instanceof Project p)) return Optional.empty();
        Set<Integer> need = new HashSet<>();
        for (Expr e : p.exprs()) need.addAll(Exprs.columnIds(e));
        LogicalPlan in = new Pruner().prune(p.input(), need);
        return in == p.input() ? Optional.empty() : Optional.of(new Project(in, p.exprs(), p.output()));
    }

    /** One pruning walk; remembers the outer references of subtrees it has looked at. */
    private static final class Pruner {
        private final FreeColumns free = new FreeColumns();

        /**
         * {@code p} narrowed to produce (at least) the {@code need}ed ids it has; the same object when nothing
         * changes. {@code need} is grown in place: ids are unique, so what one subtree needs never makes an
         * unrelated subtree keep a column it would not have to.
         */
        LogicalPlan prune(LogicalPlan p, Set<Integer> need) {
            return switch (p) {
                case Scan s -> {
                    List<Integer> idx = new ArrayList<>();
                    List<Column> out = new ArrayList<>();
                    Set<Integer> keep = need;
                    if (s.filter() != null) keep.addAll(Exprs.columnIds(s.filter()));
                    int n = s.columnIndexes().size();
                    for (int i = 0; i < n; i++) {
                        if (keep.contains(s.output().get(i).id())) {
                            idx.add(s.columnIndexes().get(i));
                            out.add(s.output().get(i));
                        }
                    }
                    if (idx.isEmpty() && n > 0) {
                        // row count still matters: keep one column
                        idx.add(s.columnIndexes().get(0));
                        out.add(s.output().get(0));
                    }
                    if (idx.size() == n) yield s;
                    if (s.rowIdColumn() != null) out.add(s.rowIdColumn());
                    yield new Scan(s.source(), idx, out, s.filter(), s.rowIdColumn());
                }
                case Filter f -> {
                    Set<Integer> n2 = need;
                    n2.addAll(Exprs.columnIds(f.predicate()));
                    LogicalPlan in = prune(f.input(), n2);
                    yield in == f.input() ? f : new Filter(in, f.predicate());
                }
                case Sort s -> {
                    Set<Integer> n2 = need;
                    for (SortKey k : s.keys()) n2.addAll(Exprs.columnIds(k.expr()));
                    LogicalPlan in = prune(s.input(), n2);
                    yield in == s.input() ? s : new Sort(in, s.keys());
                }
                case Sample sa -> {
                    LogicalPlan in = prune(sa.input(), need);
                    yield in == sa.input() ? sa : sa.withInputs(List.of(in));
                }
                case dev.nabla.plan.logical.Unnest u -> {
                    // every item stays: the longest list sets how many rows a row yields
                    Set<Integer> n2 = need;
                    for (dev.nabla.plan.logical.Unnest.Item it : u.items()) n2.addAll(Exprs.columnIds(it.list()));
                    LogicalPlan in = prune(u.input(), n2);
                    yield in == u.input() ? u : u.withInputs(List.of(in));
                }
                case Limit l -> {
                    LogicalPlan in = prune(l.input(), need);
                    yield in == l.input() ? l : new Limit(in, l.limit(), l.offset());
                }
                case Project pr -> {
                    List<Expr> es = new ArrayList<>();
                    List<Column> cols = new ArrayList<>();
                    for (int i = 0; i < pr.exprs().size(); i++) {
                        if (need.contains(pr.output().get(i).id())) {
                            es.add(pr.exprs().get(i));
                            cols.add(pr.output().get(i));
                        }
                    }
                    if (es.isEmpty() && !pr.exprs().isEmpty()) {
                        es.add(pr.exprs().get(0));
                        cols.add(pr.output().get(0));
                    }
                    Set<Integer> n2 = new HashSet<>();
                    for (Expr e : es) n2.addAll(Exprs.columnIds(e));
                    LogicalPlan in = prune(pr.input(), n2);
                    if (in == pr.input() && es.size() == pr.exprs().size()) yield pr;
                    yield new Project(in, es, cols);
                }
                case Aggregate a -> {
                    List<AggCall> aggs = new ArrayList<>();
                    List<Column> out =
                            new ArrayList<>(a.output().subList(0, a.groupKeys().size()));
                    int k = a.groupKeys().size();
                    for (int i = 0; i < a.aggregates().size(); i++) {
                        if (need.contains(a.output().get(k + i).id())) {
                            aggs.add(a.aggregates().get(i));
                            out.add(a.output().get(k + i));
                        }
                    }
                    Set<Integer> n2 = new HashSet<>();
                    for (Expr e : a.groupKeys()) n2.addAll(Exprs.columnIds(e));
                    for (Expr e : aggs) n2.addAll(Exprs.columnIds(e));
                    LogicalPlan in = prune(a.input(), n2);
                    if (in == a.input() && aggs.size() == a.aggregates().size()) yield a;
                    yield new Aggregate(in, a.groupKeys(), aggs, out);
                }
                case Window w -> {
                    List<WindowCall> fns = new ArrayList<>();
                    int base = w.input().output().size();
                    List<Column> fnCols = new ArrayList<>();
                    for (int i = 0; i < w.functions().size(); i++) {
                        if (need.contains(w.output().get(base + i).id())) {
                            fns.add(w.functions().get(i));
                            fnCols.add(w.output().get(base + i));
                        }
                    }
                    if (fns.isEmpty()) {
                        yield prune(w.input(), need);
                    }
                    Set<Integer> n2 = need;
                    for (Expr e : fns) n2.addAll(Exprs.columnIds(e));
                    LogicalPlan in = prune(w.input(), n2);
                    if (in == w.input() && fns.size() == w.functions().size()) yield w;
                    List<Column> out = new ArrayList<>(in.output());
                    out.addAll(fnCols);
                    yield new Window(in, fns, out);
                }
                case Join j -> {
                    Set<Integer> n2 = need;
                    if (j.condition() != null) n2.addAll(Exprs.columnIds(j.condition()));
                    // a lateral right side may read left columns
                    n2.addAll(free.of(j.right()));
                    // SEMI/ANTI output no right column, so their right side keeps only what the condition
                    // reads (n2 has it): q4's EXISTS would otherwise hash all sixteen lineitem columns
                    LogicalPlan l = prune(j.left(), n2), r = prune(j.right(), n2);
                    if (l == j.left() && r == j.right()) yield j;
                    Set<Integer> nullable = new HashSet<>();
                    for (Column c : j.output()) if (c.nullable()) nullable.add(c.id());
                    List<Column> out = new ArrayList<>();
                    for (Column c : l.output()) out.add(withNullable(c, nullable.contains(c.id())));
                    if (j.type() != JoinType.SEMI && j.type() != JoinType.ANTI)
                        for (Column c : r.output()) out.add(withNullable(c, nullable.contains(c.id())));
                    yield new Join(l, r, j.type(), j.condition(), out);
                }
                // barriers (all their columns matter) and leaves without columns to drop
                case Values _, SingleRow _, Distinct _, SetOp _, RecursiveCte _, WorkingTableScan _, CteScan _ -> p;
                // the definition keeps every column: its CteScans read them by position
                case MaterializedCte m -> {
                    LogicalPlan body = prune(m.body(), need);
                    yield body == m.body() ? m : new MaterializedCte(m.cteId(), m.name(), m.definition(), body);
                }
            };
        }
    }

    private static Column withNullable(Column c, boolean nullable) {
        return c.nullable() == nullable ? c : new Column(c.id(), c.name(), c.qualifier(), c.type(), nullable);
    }
}
