package dev.nabla.plan.differentiate;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.plan.bound.BoundStatement;
import dev.nabla.plan.bound.BoundStatement.GradReport;
import dev.nabla.plan.bound.DerivativeExpander;
import dev.nabla.plan.expr.AggCall;
import dev.nabla.plan.expr.ColumnRef;
import dev.nabla.plan.expr.Derivative;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Exprs;
import dev.nabla.plan.expr.Literal;
import dev.nabla.plan.expr.SubqueryExpr;
import dev.nabla.plan.expr.WindowCall;
import dev.nabla.plan.logical.Aggregate;
import dev.nabla.plan.logical.Cardinality;
import dev.nabla.plan.logical.Column;
import dev.nabla.plan.logical.ColumnIds;
import dev.nabla.plan.logical.Filter;
import dev.nabla.plan.logical.LogicalPlan;
import dev.nabla.plan.logical.PlanExprs;
import dev.nabla.plan.logical.Project;
import dev.nabla.plan.logical.SetOp;
import dev.nabla.plan.logical.Window;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Differentiate stage of a statement's path (parse → bind → <b>differentiate</b> → optimise → physical
 * plan → execute): replaces every {@link Derivative} the binder left in the bound plans by its expansion.
 *
 * <p>What the expansion needs it reads from the plan nodes, not from the binder: the definition of a
 * column (a Project's expression, an Aggregate's key or {@code AggCall}, a Window's {@code WindowCall},
 * a set operation's branch columns; ids are unique per statement, so one map serves every level), the
 * group keys (the Aggregate of the derivative's own query level) and whether a column comes from a
 * relation of at most one row ({@link Cardinality#maxOneRow}).
 *
 * <p>The binder extracts {@code SUM(f)} out of {@code grad(SUM(f), w)} into the level's Aggregate like any
 * aggregate, so above an Aggregate or Window the derivative's body reads their output columns. Those are
 * put back inline ({@code s1} → {@code SUM(f)}), the expander runs on the inline form (so its linear-use
 * checks see the aggregates), and the aggregate and window calls of the result are extracted again: the
 * ones the nodes already compute become references, new ones ({@code SUM(∂f/∂w)}) are added to that
 * Aggregate or Window. Intermediate columns of CTEs, views and derived tables that a result reads are
 * passed up with {@link ExposeColumns}.
 *
 * <p>Nodes are visited bottom-up, so a derivative reads the expanded definitions of the levels below it.
 */
public final class Differentiate {
    /** The statement without Derivative nodes, and one report per expansion (what EXPLAIN GRAD prints). */
    public record Result(
            BoundStatement statement, List<GradReport> reports, IdentityHashMap<LogicalPlan, LogicalPlan> rebuilt) {
        public Result(BoundStatement statement, List<GradReport> reports) {
            this(statement, reports, new IdentityHashMap<>());
        }
    }

    private final DerivativeExpander expander;
    private final Map<Integer, Expr> definitions = new HashMap<>();
    private final Map<Integer, List<Expr>> sources = new HashMap<>();
    private final List<GradReport> reports = new ArrayList<>();
    /** Each plan node the walk replaced, by the node it replaced it with (ShareCtes follows CTE copies by it). */
    private final IdentityHashMap<LogicalPlan, LogicalPlan> rebuilt = new IdentityHashMap<>();
    /** Each plan node the walk visited, by its result (replaced or not): a node several parents read is walked once. */
    private final Map<LogicalPlan, LogicalPlan> memo = new IdentityHashMap<>();

    private final ColumnIds ids;

    private Differentiate(DerivativeExpander expander, ColumnIds ids) {
        this.expander = expander;
        this.ids = ids;
    }

    /** Runs the stage over every plan and expression of {@code statement} (an EXPLAIN's inner statement too). */
    public static Result run(BoundStatement statement, DerivativeExpander expander) {
        BoundStatement inner = statement instanceof BoundStatement.Explain e ? e.inner() : statement;
        if (inner instanceof BoundStatement.CreateTable t) {
            return new Result(rewrap(statement, checks(t, expander)), List.of());
        }
        if (inner instanceof BoundStatement.CreateView v && v.checked() != null) {
            // the view is bound again where it is read; expanding its derivatives now reports their errors now
            plan(v.checked(), expander);
            BoundStatement.CreateView done = new BoundStatement.CreateView(
                    v.name(), v.columnNames(), v.query(), v.sql(), v.orReplace(), v.ifNotExists(), null);
            return new Result(rewrap(statement, done), List.of());
        }
        Map<LogicalPlan, LogicalPlan> texts = new IdentityHashMap<>();
        if (hasText(inner)) {
            // derivative('expr', 'x') has constant arguments: folded to its text here, once
            inner = inner.mapPlans(
                    p -> DerivativeTexts.fold(p, expander, texts), e -> DerivativeTexts.foldDeep(e, expander, texts));
            if (!hasDerivative(inner))
                return new Result(rewrap(statement, inner), List.of(), replaced(texts, new IdentityHashMap<>()));
        }
        if (!hasDerivative(inner)) return new Result(statement, List.of());
        if (expander == null) {
            throw new NablaException(ErrorCode.UNSUPPORTED, "derivatives are not available in this context");
        }
        int[] max = {0};
        inner.mapPlans(
                p -> {
                    max[0] = Math.max(max[0], PlanExprs.maxColumnId(p, List.of()));
                    return p;
                },
                e -> {
                    max[0] =
                            Math.max(max[0], PlanExprs.maxColumnId(new dev.nabla.plan.logical.SingleRow(), List.of(e)));
                    return e;
                });
        Differentiate d = new Differentiate(expander, new ColumnIds(max[0] + 1));
        for (LogicalPlan p : inner.plans()) d.defineAll(p);
        Set<Integer> visible = new HashSet<>();
        Set<Integer> produced = new HashSet<>();
        BoundStatement out = inner.mapPlans(
                p -> {
                    LogicalPlan r = d.plan(p);
                    for (Column c : r.output()) visible.add(c.id());
                    collectProduced(r, produced);
                    return r;
                },
                e -> d.statementExpr(e, visible, produced));
        if (statement instanceof BoundStatement.Explain e)
            out = new BoundStatement.Explain(out, e.analyze(), e.grad(), d.reports, e.backwardSql());
        return new Result(out, List.copyOf(d.reports), replaced(texts, d.rebuilt));
    }

    /** The nodes replaced by the text folding, then by the walk: each original node to its final one. */
    private static IdentityHashMap<LogicalPlan, LogicalPlan> replaced(
            Map<LogicalPlan, LogicalPlan> texts, IdentityHashMap<LogicalPlan, LogicalPlan> walk) {
        IdentityHashMap<LogicalPlan, LogicalPlan> out = new IdentityHashMap<>(walk);
        for (Map.Entry<LogicalPlan, LogicalPlan> e : texts.entrySet())
            if (e.getValue() != e.getKey()) out.put(e.getKey(), walk.getOrDefault(e.getValue(), e.getValue()));
        return out;
    }

    /** One plan on its own (a view's query checked at CREATE VIEW): its Derivatives expanded, reports dropped. */
    public static LogicalPlan plan(LogicalPlan plan, DerivativeExpander expander) {
        return ((BoundStatement.Query)
                        run(new BoundStatement.Query(plan, List.of()), expander).statement())
                .plan();
    }

    /** {@code inner} in place of the statement an EXPLAIN wraps, or {@code inner} itself. */
    private static BoundStatement rewrap(BoundStatement statement, BoundStatement inner) {
        return statement instanceof BoundStatement.Explain e
                ? new BoundStatement.Explain(inner, e.analyze(), e.grad(), e.gradReports(), e.backwardSql())
                : inner;
    }

    /** CREATE TABLE with its CHECK conditions' derivatives expanded (a condition reads only the row). */
    private static BoundStatement.CreateTable checks(BoundStatement.CreateTable t, DerivativeExpander expander) {
        boolean any = false;
        for (BoundStatement.CheckSpec c : t.checks())
            any |= deepHasDerivative(c.condition()) || DerivativeTexts.any(c.condition());
        if (!any) return t;
        List<BoundStatement.CheckSpec> checks = new ArrayList<>();
        for (BoundStatement.CheckSpec c : t.checks())
            checks.add(new BoundStatement.CheckSpec(c.name(), storedExpression(c.condition(), expander)));
        return new BoundStatement.CreateTable(
                t.schema(),
                t.name(),
                t.columns(),
                t.primaryKey(),
                t.ifNotExists(),
                t.row(),
                checks,
                t.uniques(),
                t.foreignKeys(),
                t.orReplace());
    }

    /**
     * An expression the catalog stores and no statement plan holds (a CHECK condition over a table's row):
     * its derivatives expanded at once, with no definitions (it reads stored columns only).
     */
    private static Expr storedExpression(Expr e, DerivativeExpander expander) {
        e = DerivativeTexts.fold(e, expander);
        if (expander == null || !deepHasDerivative(e)) return e;
        Differentiate d = new Differentiate(expander, new ColumnIds(1));
        return d.expandAll(e, Level.NONE);
    }

    // ---------------------------------------------------------------- finding derivatives

    private static boolean hasDerivative(BoundStatement s) {
        boolean[] found = {false};
        s.mapPlans(
                p -> {
                    if (!found[0]) PlanExprs.forEachDeep(p, x -> found[0] |= x instanceof Derivative);
                    return p;
                },
                e -> {
                    if (!found[0]) found[0] = deepHasDerivative(e);
                    return e;
                });
        return found[0];
    }

    private static boolean hasText(BoundStatement s) {
        boolean[] found = {false};
        s.mapPlans(
                p -> {
                    if (!found[0]) PlanExprs.forEachDeep(p, x -> found[0] |= DerivativeTexts.isText(x));
                    return p;
                },
                e -> {
                    if (!found[0])
                        found[0] = Exprs.any(
                                e,
                                x -> DerivativeTexts.isText(x)
                                        || x instanceof SubqueryExpr s2
                                                && hasText(new BoundStatement.Query(s2.plan(), List.of())));
                    return e;
                });
        return found[0];
    }

    private static boolean deepHasDerivative(Expr e) {
        return Exprs.any(
                e,
                x -> x instanceof Derivative
                        || x instanceof SubqueryExpr s && hasDerivative(new BoundStatement.Query(s.plan(), List.of())));
    }

    private static boolean hasOwnDerivative(LogicalPlan node) {
        for (Expr e : PlanExprs.exprs(node)) if (Exprs.any(e, x -> x instanceof Derivative)) return true;
        return false;
    }

    // ---------------------------------------------------------------- definitions from the plan nodes

    private void defineAll(LogicalPlan p) {
        PlanExprs.forEachNodeDeep(p, this::define, x -> {});
    }

    /** Registers what {@code node}'s output columns are defined as (overwriting an earlier, unexpanded form). */
    private void define(LogicalPlan node) {
        switch (node) {
            case Project p -> {
                for (int i = 0; i < p.exprs().size(); i++) {
                    Expr e = p.exprs().get(i);
                    int id = p.output().get(i).id();
                    if (!(e instanceof ColumnRef r && r.id() == id)) definitions.put(id, e);
                }
            }
            case Aggregate a -> {
                int k = a.groupKeys().size();
                for (int i = 0; i < k; i++) {
                    Expr e = a.groupKeys().get(i);
                    int id = a.output().get(i).id();
                    if (!(e instanceof ColumnRef r && r.id() == id)) definitions.put(id, e);
                }
                // opaque to a derivative above this level: one through it is refused, not taken as 0
                for (int j = 0; j < a.aggregates().size(); j++)
                    definitions.put(a.output().get(k + j).id(), a.aggregates().get(j));
            }
            case Window w -> {
                List<Column> cols = functionColumns(w);
                for (int j = 0; j < cols.size(); j++)
                    definitions.put(cols.get(j).id(), w.functions().get(j));
            }
            case SetOp s -> {
                List<Column> lo = s.left().output(), ro = s.right().output();
                for (int i = 0; i < s.output().size(); i++) {
                    if (i >= lo.size() || i >= ro.size()) break;
                    sources.put(
                            s.output().get(i).id(),
                            List.of(lo.get(i).ref(), ro.get(i).ref()));
                }
            }
            case Filter f -> {}
            case dev.nabla.plan.logical.Scan x -> {}
            case dev.nabla.plan.logical.Join x -> {}
            case dev.nabla.plan.logical.Sort x -> {}
            case dev.nabla.plan.logical.Limit x -> {}
            case dev.nabla.plan.logical.Sample x -> {}
            case dev.nabla.plan.logical.Unnest u -> {
                // opaque, as an aggregate's column: a derivative through the elements is refused (lists have none)
                for (dev.nabla.plan.logical.Unnest.Item it : u.items())
                    definitions.put(
                            it.column().id(),
                            new dev.nabla.plan.expr.Call(
                                    it.subscripts()
                                            ? dev.nabla.plan.expr.Fn.GENERATE_SUBSCRIPTS
                                            : dev.nabla.plan.expr.Fn.UNNEST,
                                    List.of(it.list()),
                                    it.column().type(),
                                    it.list().span()));
            }
            case dev.nabla.plan.logical.Distinct x -> {}
            case dev.nabla.plan.logical.Values x -> {}
            case dev.nabla.plan.logical.SingleRow x -> {}
            case dev.nabla.plan.logical.RecursiveCte x -> {}
            case dev.nabla.plan.logical.WorkingTableScan x -> {}
            case dev.nabla.plan.logical.MaterializedCte x -> {}
            case dev.nabla.plan.logical.CteScan x -> {}
        }
    }

    /** A Window's function columns in function order: its output columns that its input does not have. */
    private static List<Column> functionColumns(Window w) {
        Set<Integer> in = new HashSet<>();
        for (Column c : w.input().output()) in.add(c.id());
        List<Column> cols = new ArrayList<>();
        for (Column c : w.output()) if (!in.contains(c.id())) cols.add(c);
        if (cols.size() != w.functions().size()) throw new IllegalStateException("Window output arity");
        return cols;
    }

    // ---------------------------------------------------------------- the walk

    private LogicalPlan plan(LogicalPlan p) {
        // a plan several nodes read (a grouping-sets union's input) is rebuilt once and stays shared
        LogicalPlan seen = memo.get(p);
        if (seen != null) return seen;
        LogicalPlan r = planOnce(p);
        memo.put(p, r);
        return r;
    }

    private LogicalPlan planOnce(LogicalPlan p) {
        List<LogicalPlan> ins = p.inputs();
        LogicalPlan node = p;
        if (!ins.isEmpty()) {
            List<LogicalPlan> nins = new ArrayList<>(ins.size());
            boolean changed = false;
            for (LogicalPlan in : ins) {
                LogicalPlan n = plan(in);
                changed |= n != in;
                nins.add(n);
            }
            if (changed) node = p.withInputs(nins);
        }
        node = PlanExprs.mapNode(node, this::subqueries);
        if (hasOwnDerivative(node)) node = expandAt(node);
        define(node);
        if (node != p) rebuilt.put(p, node);
        return node;
    }

    private Expr subqueries(Expr e) {
        if (!deepHasDerivative(e)) return e;
        return Exprs.transformUp(e, x -> x instanceof SubqueryExpr s ? s.withPlan(plan(s.plan())) : x);
    }

    /** An expression a statement evaluates outside its plans (RETURNING, UPDATE SET, MERGE clauses). */
    private Expr statementExpr(Expr e, Set<Integer> visible, Set<Integer> produced) {
        if (!deepHasDerivative(e)) return e;
        Expr r = expandAll(subqueries(e), Level.NONE);
        // the columns the expression reads itself are in scope; an intermediate value of a CTE or view it
        // differentiated through is not, and there is no plan here to pass it up through
        Set<Integer> inScope = Exprs.columnIds(e);
        for (int id : Exprs.columnIds(r)) {
            if (produced.contains(id) && !visible.contains(id) && !inScope.contains(id)) {
                throw new NablaException(
                        ErrorCode.GRAD,
                        e.span(),
                        "grad: cannot differentiate through a CTE, view or derived table in this clause");
            }
        }
        return r;
    }

    private static void collectProduced(LogicalPlan p, Set<Integer> into) {
        for (Column c : p.output()) into.add(c.id());
        for (LogicalPlan in : p.inputs()) collectProduced(in, into);
    }

    // ---------------------------------------------------------------- one node

    /**
     * The nodes of a query level below a node that computes over them: Filters (HAVING, QUALIFY) and Windows
     * down to the level's Aggregate. {@code chain} is top-down; {@code bottom} is what the chain stands on
     * (the FROM and WHERE plan, or the Aggregate's input).
     */
    private record Level(List<LogicalPlan> chain, Grouping grouping, LogicalPlan bottom) {
        static final Level NONE = new Level(List.of(), null, null);

        boolean computes() {
            if (grouping != null) return true;
            for (LogicalPlan n : chain) if (n instanceof Window) return true;
            return false;
        }
    }

    private static Level level(LogicalPlan node) {
        if (node.inputs().size() != 1) return Level.NONE;
        List<LogicalPlan> chain = new ArrayList<>();
        LogicalPlan cur = node.inputs().get(0);
        Grouping grouping = null;
        while (true) {
            if (cur instanceof Filter f) {
                chain.add(f);
                cur = f.input();
            } else if (cur instanceof Window w) {
                chain.add(w);
                cur = w.input();
            } else {
                grouping = cur instanceof Aggregate a ? Grouping.of(a) : Grouping.ofUnion(cur);
                if (grouping != null) {
                    chain.add(cur);
                    cur = grouping.input();
                }
                break;
            }
        }
        return new Level(chain, grouping, cur);
    }

    private LogicalPlan expandAt(LogicalPlan node) {
        Level lv = level(node);
        List<Expr> own = new ArrayList<>();
        for (Expr e : PlanExprs.exprs(node)) own.add(expandAll(e, lv));
        LogicalPlan input = node.inputs().size() == 1 ? node.inputs().get(0) : null;
        if (lv.computes()) {
            Extraction x = new Extraction(lv);
            // a Window's own calls stay its calls; only what they read is extracted
            own.replaceAll(e -> node instanceof Window ? x.extractInside((WindowCall) e) : x.extract(e));
            input = x.rebuild();
        }
        if (input != null) input = exposeFor(own, input, lv, node);
        else checkVisible(own, node);
        Iterator<Expr> it = own.iterator();
        LogicalPlan withInput = node;
        if (input != null && input != node.inputs().get(0)) {
            // a Window's output is its input's columns, then its function columns (the operator's layout)
            if (node instanceof Window w) {
                List<Column> out = new ArrayList<>(input.output());
                out.addAll(functionColumns(w));
                withInput = new Window(input, w.functions(), out);
            } else {
                withInput = node.withInputs(List.of(input));
            }
        }
        return PlanExprs.mapNode(withInput, e -> it.next());
    }

    /** {@code e} with each Derivative (outermost; the expander takes nested ones) replaced by its expansion. */
    private Expr expandAll(Expr e, Level lv) {
        return Exprs.transformDown(e, x -> x instanceof Derivative d ? expandOne(d, lv) : null);
    }

    private Expr expandOne(Derivative d, Level lv) {
        Map<Integer, Expr> inline = new HashMap<>();
        for (LogicalPlan n : lv.chain()) {
            if (n instanceof Window w) {
                List<Column> cols = functionColumns(w);
                for (int j = 0; j < cols.size(); j++)
                    inline.put(cols.get(j).id(), w.functions().get(j));
            }
        }
        Grouping g = lv.grouping();
        if (g != null) {
            for (int i = 0; i < g.keys().size(); i++) {
                Expr key = g.keys().get(i);
                int id = g.keyColumns().get(i).id();
                if (!(key instanceof ColumnRef r && r.id() == id)) inline.put(id, key);
            }
            for (int j = 0; j < g.aggregates().size(); j++)
                inline.put(g.aggColumns().get(j).id(), g.aggregates().get(j));
        }
        Derivative inlined = inline.isEmpty() ? d : (Derivative) inline(d, inline);
        return expander.expand(inlined, context(lv));
    }

    private static Expr inline(Expr e, Map<Integer, Expr> inline) {
        return Exprs.transformDown(
                e,
                x -> x instanceof ColumnRef r && inline.containsKey(r.id())
                        ? inline(inline.get(r.id()), inline)
                        : null);
    }

    private DerivativeExpander.Context context(Level lv) {
        Set<Integer> keyIds = new HashSet<>();
        if (lv.grouping() != null) for (Expr k : lv.grouping().keys()) if (k instanceof ColumnRef r) keyIds.add(r.id());
        return new DerivativeExpander.Context() {
            @Override
            public Expr definitionOf(ColumnRef column) {
                return definitions.get(column.id());
            }

            @Override
            public List<Expr> sourcesOf(ColumnRef column) {
                return sources.getOrDefault(column.id(), List.of());
            }

            @Override
            public boolean constantPerGroup(ColumnRef column) {
                return keyIds.contains(column.id()) || (lv.bottom() != null && singleRow(column.id(), lv.bottom()));
            }

            @Override
            public void report(Derivative derivative, Expr result, int before, int after) {
                reports.add(new GradReport(derivative, result, before, after));
            }
        };
    }

    /** True when column {@code id} reaches {@code p}'s output from a relation of at most one row. */
    private static boolean singleRow(int id, LogicalPlan p) {
        boolean out = false;
        for (Column c : p.output()) out |= c.id() == id;
        if (!out) return false;
        if (Cardinality.maxOneRow(p)) return true;
        for (LogicalPlan in : p.inputs()) if (singleRow(id, in)) return true;
        return false;
    }

    // ---------------------------------------------------------------- columns the results read

    /**
     * {@code input} extended with the intermediate columns {@code exprs} read that are computed below it but
     * not passed up (a derivative through a CTE, view or derived table reads its primal values).
     */
    private static LogicalPlan exposeFor(List<Expr> exprs, LogicalPlan input, Level lv, LogicalPlan node) {
        Set<Integer> missing = missing(exprs, input);
        if (missing.isEmpty()) return input;
        if (lv.grouping() != null) {
            // above the level's aggregation only keys and aggregates exist
            Set<Integer> plain = new HashSet<>();
            for (Column c : lv.grouping().input().output()) plain.add(c.id());
            for (Expr e : exprs) {
                for (ColumnRef r : Exprs.columnRefs(e)) {
                    if (missing.contains(r.id()) && plain.contains(r.id())) {
                        throw new NablaException(
                                ErrorCode.INVALID_ARGUMENT,
                                r.span(),
                                "column \"" + r.name()
                                        + "\" must appear in the GROUP BY clause or be used in an aggregate function");
                    }
                }
            }
            throw new NablaException(
                    ErrorCode.GRAD,
                    spanOf(exprs),
                    "grad: cannot differentiate through the FROM clause here: it reads a value computed below an aggregation");
        }
        return ExposeColumns.expose(input, missing, spanOf(exprs));
    }

    /** Ids {@code exprs} read that {@code input}'s subtree computes but does not output (outer columns excluded). */
    private static Set<Integer> missing(List<Expr> exprs, LogicalPlan input) {
        Set<Integer> have = new HashSet<>();
        for (Column c : input.output()) have.add(c.id());
        Set<Integer> produced = new HashSet<>();
        collectProduced(input, produced);
        Set<Integer> missing = new HashSet<>();
        for (Expr e : exprs)
            for (int id : Exprs.columnIds(e)) if (!have.contains(id) && produced.contains(id)) missing.add(id);
        return missing;
    }

    /** A node with several inputs (a join's ON) or none: a result may only read what its inputs output. */
    private static void checkVisible(List<Expr> exprs, LogicalPlan node) {
        Set<Integer> have = new HashSet<>();
        Set<Integer> produced = new HashSet<>();
        for (LogicalPlan in : node.inputs()) {
            for (Column c : in.output()) have.add(c.id());
            collectProduced(in, produced);
        }
        for (Expr e : exprs) {
            for (int id : Exprs.columnIds(e)) {
                if (!have.contains(id) && produced.contains(id)) {
                    throw new NablaException(
                            ErrorCode.GRAD,
                            spanOf(exprs),
                            "grad: cannot differentiate through a CTE, view or derived table in this clause");
                }
            }
        }
    }

    private static dev.nabla.common.Span spanOf(List<Expr> exprs) {
        for (Expr e : exprs) {
            Derivative[] d = {null};
            Exprs.forEach(e, x -> {
                if (d[0] == null && x instanceof Derivative dx) d[0] = dx;
            });
            if (d[0] != null) return d[0].span();
        }
        return exprs.isEmpty() ? dev.nabla.common.Span.NONE : exprs.get(0).span();
    }

    // ---------------------------------------------------------------- extracting aggregates and windows again

    /**
     * Rewrites expanded expressions to read the level's Aggregate and Window outputs, collecting the calls
     * those nodes must compute in addition, then rebuilds the level with them.
     */
    private final class Extraction {
        private final Level lv;
        private final Map<Expr, ColumnRef> keyRefs = new HashMap<>();
        private final Map<AggCall, ColumnRef> aggRefs = new LinkedHashMap<>();
        private final List<AggCall> newAggs = new ArrayList<>();
        private final List<Column> newAggCols = new ArrayList<>();
        private final Map<WindowCall, ColumnRef> winRefs = new HashMap<>();
        /** New window calls in the order met (inner before outer), each with its column. */
        private final Map<WindowCall, Column> newWins = new LinkedHashMap<>();

        private final Map<Expr, Expr> done = new IdentityHashMap<>();

        Extraction(Level lv) {
            this.lv = lv;
            Grouping g = lv.grouping();
            if (g != null) {
                for (int i = 0; i < g.keys().size(); i++)
                    keyRefs.putIfAbsent(g.keys().get(i), g.keyColumns().get(i).ref());
                for (int j = 0; j < g.aggregates().size(); j++)
                    aggRefs.putIfAbsent(
                            g.aggregates().get(j), g.aggColumns().get(j).ref());
            }
            for (LogicalPlan n : lv.chain()) {
                if (n instanceof Window w) {
                    List<Column> cols = functionColumns(w);
                    for (int j = 0; j < cols.size(); j++)
                        winRefs.putIfAbsent(w.functions().get(j), cols.get(j).ref());
                }
            }
        }

        Expr extract(Expr e) {
            Expr known = done.get(e);
            if (known != null) return known;
            Expr out;
            if (lv.grouping() != null && keyRefs.containsKey(e)) {
                // before the column test: a grouping-sets union outputs a key under an id of its own
                out = keyRefs.get(e);
            } else if (e instanceof ColumnRef || e instanceof Literal) {
                out = e;
            } else if (e instanceof AggCall a && lv.grouping() != null) {
                out = aggRef(a);
            } else if (e instanceof WindowCall w) {
                out = winRef(extractInside(w));
            } else {
                out = Exprs.mapChildren(e, this::extract);
            }
            done.put(e, out);
            return out;
        }

        /** {@code w} reading the level's outputs: its arguments, partition and order keys extracted. */
        WindowCall extractInside(WindowCall w) {
            List<Expr> kids = new ArrayList<>();
            List<Expr> wk = w.children();
            int start = 0;
            if (w.aggregate() != null) {
                // the window's own aggregate is computed by the Window node; only its arguments read the level
                kids.add(Exprs.mapChildren(w.aggregate(), this::extract));
                start = 1;
            }
            for (int i = start; i < wk.size(); i++) kids.add(extract(wk.get(i)));
            return (WindowCall) w.withChildren(kids);
        }

        private ColumnRef aggRef(AggCall a) {
            ColumnRef r = aggRefs.get(a);
            if (r != null) return r;
            Column col = new Column(ids.next(), Exprs.boundedSql(a), null, a.type(), true);
            newAggs.add(a);
            newAggCols.add(col);
            aggRefs.put(a, col.ref());
            return col.ref();
        }

        private ColumnRef winRef(WindowCall w) {
            ColumnRef r = winRefs.get(w);
            if (r != null) return r;
            Column col = new Column(ids.next(), Exprs.boundedSql(w), null, w.type(), true);
            newWins.put(w, col);
            winRefs.put(w, col.ref());
            return col.ref();
        }

        /** The level rebuilt bottom-up with the new aggregate and window calls; returns its new top. */
        LogicalPlan rebuild() {
            List<LogicalPlan> chain = lv.chain();
            int topWindow = -1;
            for (int i = chain.size() - 1; i >= 0; i--) if (chain.get(i) instanceof Window) topWindow = i;
            LogicalPlan cur = lv.bottom();
            for (int i = chain.size() - 1; i >= 0; i--) {
                LogicalPlan n = chain.get(i);
                // a level holds Filters, Windows and its aggregating node (see level())
                if (lv.grouping() != null && n == lv.grouping().node()) cur = newAggregates(lv.grouping());
                else if (n instanceof Filter f) cur = cur == f.input() ? f : new Filter(cur, f.predicate());
                else cur = passThrough((Window) n, cur);
                if (i == topWindow) cur = newWindows(cur);
                // a derivative of a later node (or level) through these columns reads what they compute now
                if (lv.grouping() != null && n == lv.grouping().node()) defineAll(cur);
                else define(cur);
            }
            if (topWindow < 0) cur = newWindows(cur);
            return cur;
        }

        /** The aggregating node with the new calls: its Aggregate, or every branch of a grouping-sets union. */
        private LogicalPlan newAggregates(Grouping g) {
            if (newAggs.isEmpty()) return g.node();
            List<Expr> args = new ArrayList<>(newAggs);
            LogicalPlan in = g.input();
            Set<Integer> missing = missing(args, in);
            if (!missing.isEmpty())
                in = ExposeColumns.expose(in, missing, newAggs.get(0).span());
            return g.withAggregates(newAggs, newAggCols, in, ids);
        }

        /** A Window over a changed input: the input's new columns pass through it. */
        private LogicalPlan passThrough(Window w, LogicalPlan input) {
            if (input == w.input()) return w;
            // the input's columns first, then the function columns: the layout a Window's operator assumes
            List<Column> out = new ArrayList<>(input.output());
            out.addAll(functionColumns(w));
            return new Window(input, w.functions(), out);
        }

        /**
         * The new window calls over {@code input}, in as many Window nodes as their nesting needs (the
         * vector-Jacobian product of a soft operator reads the operator's value).
         */
        private LogicalPlan newWindows(LogicalPlan input) {
            LogicalPlan cur = input;
            Map<WindowCall, Column> pending = new LinkedHashMap<>(newWins);
            while (!pending.isEmpty()) {
                Set<Integer> have = new HashSet<>();
                for (Column c : cur.output()) have.add(c.id());
                List<WindowCall> level = new ArrayList<>();
                for (WindowCall w : pending.keySet()) {
                    boolean ready = true;
                    for (int id : Exprs.columnIds(w))
                        if (!have.contains(id) && isPendingColumn(id, pending)) ready = false;
                    if (ready) level.add(w);
                }
                if (level.isEmpty()) throw new IllegalStateException("window calls nest in a cycle");
                List<Column> out = new ArrayList<>(cur.output());
                for (WindowCall w : level) out.add(pending.remove(w));
                cur = new Window(cur, level, out);
            }
            return cur;
        }

        private static boolean isPendingColumn(int id, Map<WindowCall, Column> pending) {
            for (Column c : pending.values()) if (c.id() == id) return true;
            return false;
        }
    }
}
