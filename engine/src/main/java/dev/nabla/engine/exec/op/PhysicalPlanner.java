package dev.nabla.engine.exec.op;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.engine.exec.ScannableSource;
import dev.nabla.engine.exec.expr.Casts;
import dev.nabla.engine.exec.expr.ExprCompiler;
import dev.nabla.engine.exec.expr.ExprProgram;
import dev.nabla.plan.PlanPrinter;
import dev.nabla.plan.expr.AggCall;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Literal;
import dev.nabla.plan.expr.SortKey;
import dev.nabla.plan.logical.Aggregate;
import dev.nabla.plan.logical.Column;
import dev.nabla.plan.logical.CteScan;
import dev.nabla.plan.logical.Distinct;
import dev.nabla.plan.logical.Filter;
import dev.nabla.plan.logical.Join;
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
import dev.nabla.storage.DataType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a {@link LogicalPlan} into physical operators: maps each node's column ids to batch positions
 * (its input's {@code output()} order) and compiles its expressions once. The result is immutable and
 * can be executed many times.
 */
public final class PhysicalPlanner implements ExprCompiler.SubplanBuilder {

    /**
     * What the session lets the physical planner choose: {@code fused} enables the fused-aggregate
     * rules ({@code SET fused = off} disables them).
     */
    public record Options(boolean fused) {
        public static final Options DEFAULT = new Options(true);
    }

    public static PhysicalNode plan(LogicalPlan plan) {
        return plan(plan, Options.DEFAULT);
    }

    public static PhysicalNode plan(LogicalPlan plan, Options options) {
        return new PhysicalPlanner(null, options).build(plan);
    }

    /**
     * EXPLAIN ANALYZE: like {@link #plan} but every operator built from a logical node (subquery plans
     * included) records its rows and time in {@code profile}, keyed by that node's identity.
     */
    public static PhysicalNode profiled(LogicalPlan plan, Map<LogicalPlan, OperatorStats> profile, Options options) {
        return new PhysicalPlanner(java.util.Objects.requireNonNull(profile), options).build(plan);
    }

    private final Map<LogicalPlan, OperatorStats> profile; // null unless profiling
    private final Options options;

    private PhysicalPlanner(Map<LogicalPlan, OperatorStats> profile, Options options) {
        this.profile = profile;
        this.options = options;
    }

    static Map<Integer, Integer> layout(List<Column> columns) {
        Map<Integer, Integer> m = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) m.putIfAbsent(columns.get(i).id(), i);
        return m;
    }

    static List<DataType> types(List<Column> columns) {
        List<DataType> t = new ArrayList<>(columns.size());
        for (Column c : columns) t.add(c.type());
        return t;
    }

    ExprProgram compile(List<? extends Expr> exprs, List<Column> input) {
        return ExprCompiler.compile(exprs, layout(input), subqueries);
    }

    /** Per node being built: the subquery plans its expressions compiled (EXPLAIN prints them under it). */
    private final java.util.ArrayDeque<List<PhysicalNode>> subqueryFrames = new java.util.ArrayDeque<>();

    private final ExprCompiler.SubplanBuilder subqueries = p -> {
        PhysicalNode n = build(p);
        if (!subqueryFrames.isEmpty()) subqueryFrames.peek().add(n);
        return n;
    };

    @Override
    public PhysicalNode build(LogicalPlan plan) {
        List<PhysicalNode> subs = new ArrayList<>();
        subqueryFrames.push(subs);
        PhysicalNode node;
        try {
            node = buildNode(plan).explainedAs(() -> PlanPrinter.describe(plan) + estimated(plan));
        } finally {
            subqueryFrames.pop();
        }
        node.withSubqueries(subs);
        return profile == null ? node : new ProfiledNode(node, profile.computeIfAbsent(plan, p -> new OperatorStats()));
    }

    private PhysicalNode buildNode(LogicalPlan plan) {
        return switch (plan) {
            case Scan s -> scan(s);
            case Values v -> values(v);
            case SingleRow r -> new SimpleNodes.SingleRow();
            case Filter f ->
                new SimpleNodes.Filter(
                        build(f.input()),
                        compile(List.of(predicate(f.predicate())), f.input().output()));
            case Project p -> project(p);
            case Aggregate a -> aggregate(a);
            case Window w -> WindowNode.create(w, build(w.input()), this);
            case Join j -> JoinNode.create(j, this);
            case Sort s -> sort(s, null, null);
            case Sample s -> new SimpleNodes.Sample(build(s.input()), s);
            case dev.nabla.plan.logical.Unnest u -> unnest(u);
            case Limit l -> {
                ExprProgram lim = l.limit() == null ? null : compile(List.of(l.limit()), List.of());
                ExprProgram off = l.offset() == null ? null : compile(List.of(l.offset()), List.of());
                PhysicalNode in = l.input() instanceof Sort s && lim != null
                        ? sort(s, lim, off).explainedAs(() -> PlanPrinter.describe(s) + " top-N")
                        : build(l.input());
                yield new SimpleNodes.Limit(in, lim, off);
            }
            case Distinct d -> new SetOpNode(build(d.input()), null, SetOpNode.Mode.DISTINCT);
            case SetOp s -> setOp(s);
            case RecursiveCte r ->
                new RecursiveCteNode(
                        types(r.output()),
                        r.cteId(),
                        r.name(),
                        build(positional(r.anchor(), r.output())),
                        build(positional(r.recursive(), r.output())),
                        r.unionAll());
            case WorkingTableScan w -> new SimpleNodes.WorkingTableScan(types(w.output()), w.cteId());
            case MaterializedCte m ->
                new MaterializedCteNode(types(m.output()), m.cteId(), m.name(), build(m.definition()), build(m.body()));
            case CteScan c -> {
                if (c.definition().output().size() != c.output().size())
                    throw new NablaException(ErrorCode.INTERNAL, "internal error: CTE " + c.name() + " column count");
                checkTypes(
                        c.definition().output().stream().<Expr>map(Column::ref).toList(), c.output(), "CTE");
                yield new MaterializedCteNode.Scan(types(c.output()), c.cteId(), c.name());
            }
        };
    }

    private PhysicalNode scan(Scan s) {
        if (!(s.source() instanceof ScannableSource src)) {
            throw new NablaException(
                    ErrorCode.INTERNAL, "table source " + s.source().name() + " cannot be scanned");
        }
        List<Column> out = new ArrayList<>(s.output());
        boolean withRowIds = s.rowIdColumn() != null;
        if (withRowIds
                && (out.isEmpty()
                        || out.get(out.size() - 1).id() != s.rowIdColumn().id())) out.add(s.rowIdColumn());
        ExprProgram filter = s.filter() == null ? null : compile(List.of(predicate(s.filter())), out);
        return new SimpleNodes.Scan(types(out), src, s.columnIndexes(), withRowIds, s.filter(), s.output(), filter);
    }

    /**
     * {@code " est=N"} after a join's EXPLAIN line: the rows the planner expected (join order and build side
     * were chosen by them; EXPLAIN ANALYZE prints the real rows beside), nothing for other operators.
     */
    static String estimated(LogicalPlan plan) {
        return plan instanceof dev.nabla.plan.logical.Join ? " est=" + Math.round(estimate(plan)) : "";
    }

    /** Estimated rows of a plan, for choosing the hash join's build side: the planner's one model, {@link dev.nabla.plan.optimize.Cardinality}. */
    static double estimate(LogicalPlan p) {
        return dev.nabla.plan.optimize.Cardinality.rows(p);
    }

    /** A filter, join or FILTER condition: the binder reads other types as BOOLEAN (SQLite's WHERE x) itself; checked, not repaired. */
    static Expr predicate(Expr e) {
        if (e.type() == DataType.BOOLEAN) return e;
        throw new NablaException(
                ErrorCode.INTERNAL,
                e.span(),
                "internal error: condition " + e.toSql() + " is " + e.type().sqlName() + ", not BOOLEAN");
    }

    static boolean compatible(DataType from, DataType to) {
        return from.equals(to)
                || to == DataType.NULL
                || (from.isIntegral() && to.isIntegral())
                || (from.isFloating() && to.isFloating());
    }

    /**
     * The binder gives every expression the type of the column it produces and every set operation
     * input its output's types (up to the physical representation, see {@link #compatible}); the
     * physical layer relies on that and does not repair it: a mismatch is a bug, reported as one.
     */
    static void checkTypes(List<Expr> exprs, List<Column> out, String node) {
        for (int i = 0; i < exprs.size(); i++) {
            Expr e = exprs.get(i);
            DataType t = out.get(i).type();
            if (!compatible(e.type(), t)) {
                throw new NablaException(
                        ErrorCode.INTERNAL,
                        e.span(),
                        "internal error: " + node + " column " + out.get(i).name() + " is " + t.sqlName()
                                + " but its expression " + e.toSql() + " is "
                                + e.type().sqlName());
            }
        }
    }

    /** {@code in}, whose columns map positionally to {@code target}'s (set operations, recursive CTEs); checked as above. */
    private static LogicalPlan positional(LogicalPlan in, List<Column> target) {
        List<Column> cols = in.output();
        if (cols.size() != target.size()) {
            throw new NablaException(
                    ErrorCode.INTERNAL,
                    "internal error: a set operation input has " + cols.size() + " columns, its output "
                            + target.size());
        }
        checkTypes(cols.stream().<Expr>map(Column::ref).toList(), target, "set operation");
        return in;
    }

    private PhysicalNode values(Values v) {
        List<DataType> types = types(v.output());
        int rows = v.rows().size(), width = types.size();
        Object[][] lits = new Object[rows][width];
        ExprProgram[][] computed = new ExprProgram[rows][width];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < width; c++) {
                Expr e = v.rows().get(r).get(c);
                if (e instanceof Literal lit) lits[r][c] = Casts.castValue(lit.value(), types.get(c));
                else computed[r][c] = compile(List.of(e), List.of());
            }
        }
        return new SimpleNodes.Values(types, lits, computed);
    }

    private PhysicalNode unnest(dev.nabla.plan.logical.Unnest u) {
        PhysicalNode input = build(u.input());
        List<Expr> lists = new ArrayList<>();
        boolean[] subscripts = new boolean[u.items().size()];
        for (int i = 0; i < subscripts.length; i++) {
            lists.add(u.items().get(i).list());
            subscripts[i] = u.items().get(i).subscripts();
        }
        return new UnnestNode(
                types(u.output()),
                input,
                compile(lists, u.input().output()),
                subscripts,
                u.ordinality() != null,
                u.outer());
    }

    private PhysicalNode project(Project p) {
        PhysicalNode input = build(p.input());
        checkTypes(p.exprs(), p.output(), "Project");
        return new SimpleNodes.Project(
                types(p.output()), input, compile(p.exprs(), p.input().output()));
    }

    /**
     * An aggregate: the fused-aggregate rule ({@link dev.nabla.engine.exec.fused.FusedAggregateRule},
     * when {@code SET fused} is on) or the ordinary hash aggregation.
     */
    private PhysicalNode aggregate(Aggregate a) {
        if (options.fused()) {
            PhysicalNode fused = dev.nabla.engine.exec.fused.FusedAggregateRule.apply(a, this);
            if (fused != null) return fused;
            PhysicalNode product = ProductAggregateNode.match(a, this);
            if (product != null) return product;
        }
        return hashAggregate(a);
    }

    /** Whether the operators being built record EXPLAIN ANALYZE statistics. */
    public boolean profiling() {
        return profile != null;
    }

    /** The ordinary aggregation of {@code a} (the fused operators fall back to it). */
    public PhysicalNode hashAggregate(Aggregate a) {
        PhysicalNode input = build(a.input());
        List<Expr> exprs = new ArrayList<>(a.groupKeys());
        int[][] roots = new int[a.aggregates().size()][];
        for (int i = 0; i < roots.length; i++) {
            AggCall call = a.aggregates().get(i);
            roots[i] = new int[3 + call.orderBy().size()];
            roots[i][0] = roots[i][1] = roots[i][2] = -1;
            for (int k = 0; k < call.orderBy().size(); k++) {
                roots[i][3 + k] = exprs.size();
                exprs.add(call.orderBy().get(k).expr());
            }
            for (int k = 0; k < Math.min(2, call.args().size()); k++) {
                roots[i][k] = exprs.size();
                exprs.add(call.args().get(k));
            }
            if (call.filter() != null) {
                roots[i][2] = exprs.size();
                exprs.add(predicate(call.filter()));
            }
        }
        PhysicalNode generic = new AggregateNode(
                types(a.output()),
                input,
                compile(exprs, a.input().output()),
                a.groupKeys().size(),
                a.aggregates(),
                roots);
        return generic.explainedAs(() -> PlanPrinter.describe(a));
    }

    private PhysicalNode sort(Sort s, ExprProgram limit, ExprProgram offset) {
        List<Expr> keys = new ArrayList<>();
        boolean[] asc = new boolean[s.keys().size()], nf = new boolean[s.keys().size()];
        for (int i = 0; i < asc.length; i++) {
            SortKey k = s.keys().get(i);
            keys.add(k.expr());
            asc[i] = k.ascending();
            nf[i] = k.nullsFirst();
        }
        return new SortNode(build(s.input()), compile(keys, s.input().output()), asc, nf, limit, offset);
    }

    private PhysicalNode setOp(SetOp s) {
        PhysicalNode l = build(positional(s.left(), s.output())), r = build(positional(s.right(), s.output()));
        SetOpNode.Mode mode = switch (s.kind()) {
            case UNION -> s.all() ? SetOpNode.Mode.UNION_ALL : SetOpNode.Mode.UNION;
            case INTERSECT -> s.all() ? SetOpNode.Mode.INTERSECT_ALL : SetOpNode.Mode.INTERSECT;
            case EXCEPT -> s.all() ? SetOpNode.Mode.EXCEPT_ALL : SetOpNode.Mode.EXCEPT;
        };
        return new SetOpNode(types(s.output()), l, r, mode);
    }
}
