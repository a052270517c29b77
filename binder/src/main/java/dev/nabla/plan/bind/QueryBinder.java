package dev.nabla.plan.bind;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.common.Span;
import dev.nabla.parser.ast.Cte;
import dev.nabla.parser.ast.Expression;
import dev.nabla.parser.ast.GroupingElement;
import dev.nabla.parser.ast.Ident;
import dev.nabla.parser.ast.NamedArg;
import dev.nabla.parser.ast.NamedWindow;
import dev.nabla.parser.ast.OrderItem;
import dev.nabla.parser.ast.Query;
import dev.nabla.parser.ast.QueryBody;
import dev.nabla.parser.ast.SelectItem;
import dev.nabla.parser.ast.TableRef;
import dev.nabla.plan.bound.CatalogReader;
import dev.nabla.plan.expr.AggCall;
import dev.nabla.plan.expr.AggFn;
import dev.nabla.plan.expr.Call;
import dev.nabla.plan.expr.ColumnRef;
import dev.nabla.plan.expr.Derivative;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Exprs;
import dev.nabla.plan.expr.Fn;
import dev.nabla.plan.expr.Literal;
import dev.nabla.plan.expr.Param;
import dev.nabla.plan.expr.SortKey;
import dev.nabla.plan.expr.SubqueryExpr;
import dev.nabla.plan.expr.WindowCall;
import dev.nabla.plan.logical.Aggregate;
import dev.nabla.plan.logical.Column;
import dev.nabla.plan.logical.Distinct;
import dev.nabla.plan.logical.Filter;
import dev.nabla.plan.logical.Join;
import dev.nabla.plan.logical.JoinType;
import dev.nabla.plan.logical.Limit;
import dev.nabla.plan.logical.LogicalPlan;
import dev.nabla.plan.logical.Project;
import dev.nabla.plan.logical.RecursiveCte;
import dev.nabla.plan.logical.Sample;
import dev.nabla.plan.logical.Scan;
import dev.nabla.plan.logical.SetOp;
import dev.nabla.plan.logical.SingleRow;
import dev.nabla.plan.logical.Sort;
import dev.nabla.plan.logical.TableSource;
import dev.nabla.plan.logical.Unnest;
import dev.nabla.plan.logical.Values;
import dev.nabla.plan.logical.Window;
import dev.nabla.plan.logical.WorkingTableScan;
import dev.nabla.plan.optimize.ConstantEvaluator;
import dev.nabla.plan.reverse.ReverseRewriter;
import dev.nabla.storage.DataType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Binds queries: WITH, set operations, VALUES, SELECT blocks with FROM/WHERE/GROUP BY/HAVING/windows/ORDER BY/LIMIT. */
final class QueryBinder {
    /** A bound subquery and the outer columns it reads. */
    record Sub(Rel rel, List<ColumnRef> correlated) {}

    private final BindState state;
    final ExprBinder exprs;

    QueryBinder(BindState state) {
        this.state = state;
        this.exprs = new ExprBinder(state, this);
    }

    // ---------------------------------------------------------------- queries

    /** A subquery used as a value or derived table, with {@code c} as its outer level. */
    Sub subquery(Query q, Ctx c) {
        Ctx level = new Ctx(c, c.ctes);
        Rel r = query(q, level, c.ctes);
        return new Sub(r, List.copyOf(level.correlated));
    }

    /** A top-level query (no outer level). */
    Rel topLevel(Query q) {
        return query(q, new Ctx(null, CteEnv.EMPTY), CteEnv.EMPTY);
    }

    Rel query(Query q, Ctx level, CteEnv env) {
        if (q.with() != null) {
            for (Cte cte : q.with().ctes()) {
                if (env.find(cte.name().value()) != null && isDeclaredIn(cte, q)) {
                    // a later CTE of the same WITH may not repeat a name
                    for (Cte other : q.with().ctes()) {
                        if (other != cte
                                && other.name().matches(cte.name().value())
                                && q.with().ctes().indexOf(other)
                                        < q.with().ctes().indexOf(cte)) {
                            throw new NablaException(
                                    ErrorCode.DUPLICATE_OBJECT,
                                    cte.name().span(),
                                    "WITH query name \"" + cte.name().value() + "\" specified more than once");
                        }
                    }
                }
                env = env.with(cte, level, q.with().recursive());
            }
        }
        Expr limit = q.limit() == null ? null : constantCount(q.limit(), "LIMIT", env);
        Expr offset = q.offset() == null ? null : constantCount(q.offset(), "OFFSET", env);
        if (q.body() instanceof QueryBody.Select s)
            return select(s, q.orderBy(), q.orderByAll(), limit, offset, level, env);
        Rel rel = body(q.body(), level, env);
        List<OrderItem> orderBy = q.orderByAll() == null
                ? q.orderBy()
                : orderAll(q.orderByAll(), rel.fields().size());
        if (!orderBy.isEmpty()) rel = orderOutput(rel, orderBy, level, env);
        if (limit != null || offset != null) rel = new Rel(new Limit(rel.plan(), limit, offset), rel.fields());
        return rel;
    }

    private static boolean isDeclaredIn(Cte cte, Query q) {
        return q.with().ctes().contains(cte);
    }

    Rel body(QueryBody b, Ctx level, CteEnv env) {
        return switch (b) {
            case QueryBody.Select s -> select(s, List.of(), null, null, null, level, env);
            case QueryBody.ParenthesizedQuery p -> query(p.query(), level, env);
            case QueryBody.ValuesBody v -> values(v.rows(), v.span(), new Ctx(level, env));
            case QueryBody.SetOperation op -> setOperation(op, level, env);
        };
    }

    private Rel setOperation(QueryBody.SetOperation op, Ctx level, CteEnv env) {
        Rel l = body(op.left(), level, env), r = body(op.right(), level, env);
        List<Column> lo = l.plan().output(), ro = r.plan().output();
        if (lo.size() != ro.size()) {
            throw new NablaException(
                    ErrorCode.TYPE_MISMATCH,
                    op.span(),
                    "each " + op.op() + " query must have the same number of columns (" + lo.size() + " vs " + ro.size()
                            + ")");
        }
        List<DataType> types = new ArrayList<>();
        for (int i = 0; i < lo.size(); i++) {
            DataType t = TypeRules.common(List.of(lo.get(i).type(), ro.get(i).type()));
            if (t == null) {
                throw new NablaException(
                        ErrorCode.TYPE_MISMATCH,
                        op.span(),
                        op.op() + " types " + lo.get(i).type().sqlName() + " and "
                                + ro.get(i).type().sqlName() + " cannot be matched (column " + (i + 1) + ")");
            }
            types.add(t);
        }
        LogicalPlan lp = castTo(l.plan(), types), rp = castTo(r.plan(), types);
        List<Column> out = new ArrayList<>();
        for (int i = 0; i < lo.size(); i++) {
            Column col = new Column(state.ids.next(), lo.get(i).name(), null, types.get(i), true);
            out.add(col);
        }
        SetOp.Kind kind = SetOp.Kind.valueOf(op.op().name());
        return outputRel(new SetOp(kind, op.all(), lp, rp, out));
    }

    /** {@code plan} with its columns converted to {@code types} (a Project when any differs). */
    LogicalPlan castTo(LogicalPlan plan, List<DataType> types) {
        List<Column> out = plan.output();
        boolean same = true;
        for (int i = 0; i < out.size(); i++) same &= out.get(i).type() == types.get(i) || types.get(i) == DataType.NULL;
        if (same) return plan;
        List<Expr> es = new ArrayList<>();
        List<Column> cols = new ArrayList<>();
        for (int i = 0; i < out.size(); i++) {
            Column c = out.get(i);
            if (c.type().equals(types.get(i))) {
                es.add(c.ref());
                cols.add(c);
            } else {
                es.add(TypeRules.coerce(c.ref(), types.get(i)));
                cols.add(new Column(state.ids.next(), c.name(), null, types.get(i), true));
            }
        }
        return new Project(plan, es, cols);
    }

    static Rel outputRel(LogicalPlan plan) {
        List<Field> fields = new ArrayList<>();
        for (Column c : plan.output()) fields.add(new Field(null, null, c.withQualifier(null), false));
        return new Rel(plan, fields);
    }

    /** ORDER BY over a set operation / VALUES result: output names, ordinals, or expressions of output columns. */
    private Rel orderOutput(Rel rel, List<OrderItem> items, Ctx level, CteEnv env) {
        Ctx c = new Ctx(level, env);
        c.fields = rel.fields();
        c.clause("ORDER BY", false, false);
        List<SortKey> keys = new ArrayList<>();
        List<Column> out = rel.plan().output();
        for (OrderItem o : items) {
            Integer ord = ordinal(o.expr(), out.size(), "ORDER BY");
            Expr e = ord != null ? out.get(ord).ref() : exprs.defaultParam(exprs.bind(o.expr(), c));
            keys.add(ExprBinder.sortKey(e, o));
        }
        return new Rel(new Sort(rel.plan(), keys), rel.fields());
    }

    /** 0-based position for an integer literal in ORDER BY / GROUP BY, null for other expressions. */
    private static Integer ordinal(Expression e, int n, String clause) {
        if (e instanceof Expression.NumberLiteral num && num.value() instanceof Long k) {
            if (k < 1 || k > n) {
                throw new NablaException(
                        ErrorCode.INVALID_ARGUMENT, e.span(), clause + " position " + k + " is not in select list");
            }
            return (int) (k - 1);
        }
        return null;
    }

    /**
     * {@code USING SAMPLE}: a {@link Sample} over the FROM clause's rows, below WHERE. The size and seed are
     * constants; a row count samples by reservoir, a percentage by Bernoulli trials (SYSTEM is taken as
     * BERNOULLI: rows are not stored in pages to pick from).
     */
    private LogicalPlan sample(LogicalPlan plan, dev.nabla.parser.ast.Sample s, CteEnv env) {
        Object size = exprs.constantValue(s.size(), env, "USING SAMPLE", "sample size");
        if (!(size instanceof Number num) || !(num.doubleValue() >= 0)) {
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT, s.size().span(), "sample size must be a non-negative number");
        }
        double v = num.doubleValue();
        Sample.Kind kind = s.percent() ? Sample.Kind.PERCENT : Sample.Kind.ROWS;
        if (kind == Sample.Kind.PERCENT && v > 100) {
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT, s.size().span(), "sample percentage must be between 0 and 100");
        }
        if (kind == Sample.Kind.ROWS && v != Math.rint(v)) {
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT, s.size().span(), "sample row count must be an integer (or add %)");
        }
        if (s.method() != null) {
            boolean reservoir = s.method().equals("reservoir");
            if (reservoir == s.percent()) {
                throw new NablaException(
                        ErrorCode.UNSUPPORTED,
                        s.span(),
                        reservoir
                                ? "reservoir sampling takes a row count here; use bernoulli for a percentage"
                                : s.method() + " sampling takes a percentage; use reservoir for a row count");
            }
        }
        Long seed = null;
        if (s.seed() != null) {
            Object sv = exprs.constantValue(s.seed(), env, "REPEATABLE", "seed");
            if (!(sv instanceof Long l)) {
                throw new NablaException(
                        ErrorCode.INVALID_ARGUMENT, s.seed().span(), "the sample seed must be an integer");
            }
            seed = l;
        }
        return new Sample(plan, kind, v, seed);
    }

    /** LIMIT/OFFSET: a non-negative integer constant or a parameter. */
    private Expr constantCount(Expression e, String what, CteEnv env) {
        Ctx c = new Ctx(null, env);
        c.clause(what, false, false);
        Expr b = exprs.bind(e, c);
        if (b instanceof Param p) return TypeRules.coerce(p, DataType.BIGINT);
        Literal l = ConstantEvaluator.evaluate(b);
        if (l == null || !(l.type().isNumeric())) {
            throw new NablaException(ErrorCode.INVALID_ARGUMENT, e.span(), what + " must be a constant integer");
        }
        if (l.value() instanceof Double d) {
            if (d != Math.rint(d))
                throw new NablaException(ErrorCode.INVALID_ARGUMENT, e.span(), what + " must be an integer");
            return new Literal(d.longValue(), DataType.BIGINT, e.span());
        }
        return new Literal(l.value(), DataType.BIGINT, e.span());
    }

    // ---------------------------------------------------------------- VALUES

    Rel values(List<List<Expression>> rows, Span span, Ctx c) {
        c.clause("VALUES", false, false);
        int width = rows.get(0).size();
        List<List<Expr>> bound = new ArrayList<>();
        for (List<Expression> row : rows) {
            if (row.size() != width)
                throw new NablaException(ErrorCode.INVALID_ARGUMENT, span, "VALUES lists must all be the same length");
            List<Expr> r = new ArrayList<>();
            for (Expression e : row) {
                Expr b = exprs.bind(e, c);
                if (Exprs.any(b, x -> x instanceof ColumnRef)) {
                    throw new NablaException(ErrorCode.UNSUPPORTED, e.span(), "VALUES rows may not reference columns");
                }
                r.add(b);
            }
            bound.add(r);
        }
        List<Column> out = new ArrayList<>();
        List<DataType> types = new ArrayList<>();
        for (int i = 0; i < width; i++) {
            List<DataType> ts = new ArrayList<>();
            for (List<Expr> r : bound)
                ts.add(
                        ExprBinder.isUnknownParam(r.get(i))
                                ? DataType.NULL
                                : r.get(i).type());
            DataType t = ExprBinder.unify(ts, span, "VALUES");
            if (t == DataType.NULL) {
                // a column of only parameters (and NULLs): the parameters' last-resort type
                for (List<Expr> r : bound) {
                    if (ExprBinder.isUnknownParam(r.get(i))) {
                        state.defaultedParams.add(((dev.nabla.plan.expr.Param) r.get(i)).index());
                        t = DataType.VARCHAR;
                    }
                }
            }
            types.add(t);
            out.add(new Column(state.ids.next(), "column" + (i + 1), null, t, true));
        }
        List<List<Expr>> conv = new ArrayList<>();
        for (List<Expr> r : bound) {
            List<Expr> cr = new ArrayList<>();
            for (int i = 0; i < width; i++) cr.add(TypeRules.coerce(r.get(i), types.get(i)));
            conv.add(cr);
        }
        return outputRel(new Values(conv, out));
    }

    // ---------------------------------------------------------------- SELECT

    /** ORDER BY ALL desugared: one key per output column, left to right, each with ALL's direction. */
    private static List<OrderItem> orderAll(Query.OrderAll all, int columns) {
        List<OrderItem> items = new ArrayList<>();
        for (int i = 1; i <= columns; i++) items.add(all.item(i));
        return items;
    }

    /**
     * A SELECT, in the phases of its clauses: FROM and WHERE, the select list's shape and GROUP BY, the
     * select list, HAVING, QUALIFY and ORDER BY with aggregates and windows inline, the aggregation, the
     * windows, then the projection with DISTINCT, ORDER BY and LIMIT.
     */
    private Rel select(
            QueryBody.Select s,
            List<OrderItem> orderBy,
            Query.OrderAll orderByAll,
            Expr limit,
            Expr offset,
            Ctx level,
            CteEnv env) {
        Ctx c = new Ctx(level, env);
        Source src = fromWhere(s, c, env);
        for (NamedWindow w : s.windows()) c.namedWindows.put(w.name().value().toLowerCase(Locale.ROOT), w.spec());

        // select list shape first (names, star expansion), GROUP BY may refer to it by ordinal or alias
        SelectShape shape = selectShape(s, c);
        if (orderByAll != null) orderBy = orderAll(orderByAll, shape.names().size());
        Grouping grouping = grouping(s, shape, c);
        Clauses clauses = clauses(s, orderBy, shape, src.aliases(), c);

        // aggregation: the Aggregate (or grouping-sets union) node, HAVING over it; expressions rewritten to its output
        Aggregated agg = aggregation(
                src.plan(),
                grouping.keys(),
                grouping.sets(),
                clauses.items(),
                clauses.having(),
                clauses.qualify(),
                clauses.orderTargets(),
                src.inputIds(),
                c);

        // windows; QUALIFY filters the windowed rows before DISTINCT, ORDER BY and LIMIT
        LogicalPlan plan = windows(agg.plan(), clauses.items(), agg.qualify(), clauses.orderTargets(), s);
        // unnest in the select list: after aggregates and windows (as DuckDB), before DISTINCT and ORDER BY
        plan = liftUnnests(plan, clauses.items(), clauses.orderTargets());
        return projection(s, plan, shape.names(), clauses.items(), clauses.orderTargets(), orderBy, limit, offset);
    }

    private static boolean isUnnestCall(Expr e) {
        return e instanceof Call call && (call.fn() == Fn.UNNEST || call.fn() == Fn.GENERATE_SUBSCRIPTS);
    }

    /** An unnest inside an aggregate's or window function's arguments: 0A000 (DuckDB refuses it too). */
    private static void checkUnnestPlacement(Expr item) {
        Exprs.forEach(item, x -> {
            if (x instanceof AggCall || x instanceof WindowCall) {
                for (Expr k : x.children())
                    Exprs.forEach(k, y -> {
                        if (isUnnestCall(y))
                            throw new NablaException(
                                    ErrorCode.UNSUPPORTED,
                                    y.span(),
                                    ((Call) y).fn().sqlName()
                                            + " is not allowed inside an aggregate or window function");
                    });
            }
        });
    }

    /**
     * Lifts the select list's unnest / generate_subscripts calls into one {@link Unnest} over {@code plan} (their
     * lists zipped, as DuckDB) and rewrites each call to a reference to its column; the plan itself when there is
     * none. An unnest of an unnest (a list of lists) does not type, so one level suffices.
     */
    private LogicalPlan liftUnnests(LogicalPlan plan, List<Expr> items, List<SortTarget> orderTargets) {
        Map<Expr, ColumnRef> lifted = new LinkedHashMap<>();
        for (Expr e : items)
            Exprs.forEach(e, x -> {
                if (isUnnestCall(x)) lifted.putIfAbsent(x, null);
            });
        if (lifted.isEmpty()) return plan;
        List<Unnest.Item> list = new ArrayList<>();
        for (Map.Entry<Expr, ColumnRef> en : lifted.entrySet()) {
            Call call = (Call) en.getKey();
            Column col = new Column(state.ids.next(), call.toSql(), null, call.type(), true);
            list.add(new Unnest.Item(call.arg(0), col, call.fn() == Fn.GENERATE_SUBSCRIPTS));
            en.setValue(col.ref());
        }
        items.replaceAll(e -> Exprs.transformDown(e, x -> lifted.get(x)));
        orderTargets.replaceAll(t -> t.map(e -> Exprs.transformDown(e, x -> lifted.get(x))));
        return new Unnest(plan, list, null, false);
    }

    /** The FROM plan (with TABLESAMPLE) and WHERE over it; the select-list aliases WHERE may fall back to. */
    private record Source(LogicalPlan plan, Set<Integer> inputIds, Map<String, Expression> aliases) {}

    private Source fromWhere(QueryBody.Select s, Ctx c, CteEnv env) {
        Rel from = s.from().isEmpty() ? new Rel(new SingleRow(), List.of()) : from(s.from(), c);
        c.fields = from.fields();
        LogicalPlan plan = from.plan();
        if (s.sample() != null) plan = sample(plan, s.sample(), env);
        Set<Integer> inputIds = new HashSet<>();
        for (Column col : plan.output()) inputIds.add(col.id());

        Map<String, Expression> aliases = new HashMap<>();
        for (SelectItem item : s.items()) {
            if (item instanceof SelectItem.ExprItem e && e.alias() != null)
                aliases.putIfAbsent(e.alias().value().toLowerCase(Locale.ROOT), e.expr());
        }
        if (s.where() != null) {
            c.clause("WHERE", false, false);
            c.selectAliases = aliases;
            plan = new Filter(plan, exprs.predicate(s.where(), c, "WHERE"));
            c.selectAliases = Map.of();
        }
        return new Source(plan, inputIds, aliases);
    }

    /** GROUP BY keys, and the grouping sets of GROUPING SETS / ROLLUP / CUBE (null for a plain GROUP BY). */
    private record Grouping(List<Expr> keys, List<List<Expr>> sets) {}

    private Grouping grouping(QueryBody.Select s, SelectShape shape, Ctx c) {
        List<Expression> itemExprs = shape.itemExprs();
        int n = shape.names().size();
        // GROUP BY ALL: by position, each item that does not aggregate
        List<Expression> groupBy = s.groupBy();
        if (s.groupByAll()) {
            groupBy = new ArrayList<>();
            for (int i = 0; i < n; i++)
                if (itemExprs.get(i) == null || !ColumnsExpansion.aggregates(itemExprs.get(i)))
                    groupBy.add(new Expression.NumberLiteral(Integer.toString(i + 1), (long) (i + 1), s.span()));
        }
        List<Expr> keys = new ArrayList<>();
        for (Expression g : groupBy) {
            c.clause("GROUP BY", false, false);
            Expr k = groupKey(g, itemExprs, shape.names(), shape.starRefs(), c);
            if (!keys.contains(k)) keys.add(k);
        }
        List<List<Expr>> sets = s.groupingSets().isEmpty()
                ? null
                : groupingSets(s.groupingSets(), keys, itemExprs, shape.names(), shape.starRefs(), c);
        return new Grouping(keys, sets);
    }

    /**
     * The select list, HAVING, QUALIFY and the ORDER BY / DISTINCT ON targets, bound over the FROM scope
     * with aggregates and windows inline (the later phases extract them). The lists are mutable: those
     * phases rewrite them in place.
     */
    private record Clauses(List<Expr> items, Expr having, Expr qualify, List<SortTarget> orderTargets) {}

    private Clauses clauses(
            QueryBody.Select s, List<OrderItem> orderBy, SelectShape shape, Map<String, Expression> aliases, Ctx c) {
        List<Expression> itemExprs = shape.itemExprs();
        List<String> names = shape.names();
        List<Expr> starRefs = shape.starRefs();
        int n = names.size();
        c.clause("SELECT", true, true);
        List<Expr> items = new ArrayList<>();
        c.unnestAllowed = true;
        try {
            for (int i = 0; i < n; i++) {
                Expr e =
                        starRefs.get(i) != null ? starRefs.get(i) : exprs.defaultParam(exprs.bind(itemExprs.get(i), c));
                items.add(e);
            }
        } finally {
            c.unnestAllowed = false;
        }
        for (Expr e : items) checkUnnestPlacement(e);
        Expr having = null;
        if (s.having() != null) {
            c.clause("HAVING", true, false);
            c.selectAliases = aliases;
            having = exprs.predicate(s.having(), c, "HAVING");
            c.selectAliases = Map.of();
            c.sawAggregate = true;
        }
        Expr qualify = null;
        if (s.qualify() != null) {
            c.clause("QUALIFY", true, true);
            c.selectAliases = aliases;
            qualify = exprs.predicate(s.qualify(), c, "QUALIFY");
            c.selectAliases = Map.of();
        }
        // each ORDER BY (and DISTINCT ON) key is either a select-list position or an expression over the FROM scope
        List<SortTarget> orderTargets = new ArrayList<>();
        c.clause("ORDER BY", true, true);
        for (OrderItem o : orderBy) orderTargets.add(sortTarget(o.expr(), "ORDER BY", n, names, itemExprs, aliases, c));
        c.clause("DISTINCT ON", true, true);
        for (Expression e : s.distinctOn())
            orderTargets.add(sortTarget(e, "DISTINCT ON", n, names, itemExprs, aliases, c));
        return new Clauses(items, having, qualify, orderTargets);
    }

    /**
     * The projection phase: the select items, then hidden columns for ORDER BY expressions that are not
     * items; DISTINCT ON / DISTINCT, the sort, LIMIT/OFFSET, and a last Project dropping the hidden columns.
     */
    private Rel projection(
            QueryBody.Select s,
            LogicalPlan plan,
            List<String> names,
            List<Expr> items,
            List<SortTarget> orderTargets,
            List<OrderItem> orderBy,
            Expr limit,
            Expr offset) {
        int n = names.size();
        List<Expr> projExprs = new ArrayList<>(items);
        List<Column> projCols = new ArrayList<>();
        Set<Integer> usedIds = new HashSet<>();
        for (int i = 0; i < n; i++) {
            Expr e = items.get(i);
            Column col;
            if (e instanceof ColumnRef r && usedIds.add(r.id())) {
                col = new Column(r.id(), names.get(i), null, r.type(), true);
            } else {
                col = new Column(state.ids.next(), names.get(i), null, e.type(), true);
            }
            projCols.add(col);
        }
        List<SortKey> sortKeys = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < orderTargets.size(); i++) {
            int pos;
            if (orderTargets.get(i) instanceof SortTarget.Position(int k)) {
                pos = k;
            } else {
                Expr e = ((SortTarget.Computed) orderTargets.get(i)).expr();
                pos = projExprs.indexOf(e);
                if (pos < 0) {
                    if (s.distinct() && s.distinctOn().isEmpty()) {
                        throw new NablaException(
                                ErrorCode.INVALID_ARGUMENT,
                                orderBy.get(i).span(),
                                "for SELECT DISTINCT, ORDER BY expressions must appear in select list");
                    }
                    pos = projExprs.size();
                    projExprs.add(e);
                    projCols.add(new Column(state.ids.next(), "#order" + i, null, e.type(), true));
                }
            }
            positions.add(pos);
            if (i < orderBy.size())
                sortKeys.add(ExprBinder.sortKey(projCols.get(pos).ref(), orderBy.get(i)));
        }
        plan = new Project(plan, projExprs, projCols);
        if (!s.distinctOn().isEmpty()) {
            List<Integer> on = positions.subList(orderBy.size(), positions.size());
            List<Expr> onKeys = new ArrayList<>();
            for (int pos : on) onKeys.add(projCols.get(pos).ref());
            plan = FirstPerGroup.first(plan, onKeys, sortKeys, state.ids);
            sortKeys.addAll(distinctOnTail(s.distinctOn(), on, positions.subList(0, orderBy.size()), projCols));
        } else if (s.distinct()) {
            plan = new Distinct(plan);
        }
        if (!sortKeys.isEmpty()) plan = new Sort(plan, sortKeys);
        if (limit != null || offset != null) plan = new Limit(plan, limit, offset);
        if (plan.output().size() > n) {
            List<Column> visible = projCols.subList(0, n);
            plan = new Project(
                    plan, visible.stream().map(col -> (Expr) col.ref()).toList(), visible);
        }
        return outputRel(plan);
    }

    /**
     * The select list's shape: per item its expression (null for a column of a star), its output name,
     * and for a star's columns the reference (null for an expression item).
     */
    private record SelectShape(List<Expression> itemExprs, List<String> names, List<Expr> starRefs) {}

    private static SelectShape selectShape(QueryBody.Select s, Ctx c) {
        List<Expression> itemExprs = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<Expr> starRefs = new ArrayList<>();
        for (SelectItem item : s.items()) {
            switch (item) {
                case SelectItem.ExprItem e
                when ColumnsExpansion.contains(e.expr()) -> {
                    String alias = e.alias() != null ? e.alias().value() : null;
                    for (ColumnsExpansion.Expanded x : ColumnsExpansion.expand(e.expr(), c.fields, alias)) {
                        itemExprs.add(x.expr());
                        names.add(alias != null && !ColumnsExpansion.renames(alias) ? alias : x.name());
                        starRefs.add(null);
                    }
                }
                case SelectItem.ExprItem e -> {
                    itemExprs.add(e.expr());
                    names.add(e.alias() != null ? e.alias().value() : nameOf(e.expr()));
                    starRefs.add(null);
                }
                case SelectItem.Star st -> {
                    List<Field> fs = new ArrayList<>();
                    for (Field f : c.fields) if (!f.qualifiedOnly()) fs.add(f);
                    if (fs.isEmpty())
                        throw new NablaException(
                                ErrorCode.INVALID_ARGUMENT,
                                st.span(),
                                "SELECT * with no tables specified is not valid");
                    StarColumns.expand(fs, st.exclude(), st.replace(), st.span(), itemExprs, names, starRefs);
                }
                case SelectItem.QualifiedStar qs -> {
                    List<Ident> q = qs.qualifier().parts();
                    String table = q.getLast().value();
                    List<Field> fs = new ArrayList<>();
                    for (Field f : c.fields) {
                        if (f.table() == null || !f.table().equalsIgnoreCase(table)) continue;
                        if (q.size() == 2
                                && f.schema() != null
                                && !f.schema().equalsIgnoreCase(q.get(0).value())) continue;
                        fs.add(f);
                    }
                    if (fs.isEmpty())
                        throw new NablaException(
                                ErrorCode.UNKNOWN_TABLE, qs.qualifier().span(), "unknown table \"" + table + "\"");
                    StarColumns.expand(fs, qs.exclude(), qs.replace(), qs.span(), itemExprs, names, starRefs);
                }
            }
        }
        return new SelectShape(itemExprs, names, starRefs);
    }

    /** The plan after the aggregation phase, and QUALIFY rewritten to read its output. */
    private record Aggregated(LogicalPlan plan, Expr qualify) {}

    /**
     * The aggregation phase of a SELECT: when it groups (GROUP BY, an aggregate, grouping sets), one
     * Aggregate node (or the union of one per grouping set) computing every aggregate of the select
     * list, HAVING, QUALIFY and ORDER BY, which are rewritten in place to read its output; HAVING becomes
     * a Filter over it.
     */
    private Aggregated aggregation(
            LogicalPlan plan,
            List<Expr> keys,
            List<List<Expr>> sets,
            List<Expr> items,
            Expr having,
            Expr qualify,
            List<SortTarget> orderTargets,
            Set<Integer> inputIds,
            Ctx c) {
        boolean grouped = !keys.isEmpty() || c.sawAggregate || sets != null;
        Map<Expr, ColumnRef> keyRefs = new LinkedHashMap<>();
        Map<AggCall, ColumnRef> aggRefs = new LinkedHashMap<>();
        if (grouped) {
            for (Expr e : items) collectAggs(e, aggRefs);
            if (having != null) collectAggs(having, aggRefs);
            if (qualify != null) collectAggs(qualify, aggRefs);
            for (SortTarget t : orderTargets) t.forExpr(e -> collectAggs(e, aggRefs));
            List<AggCall> groupingCalls = new ArrayList<>();
            for (AggCall a : aggRefs.keySet()) if (a.fn() == AggFn.GROUPING) groupingCalls.add(a);
            for (AggCall g : groupingCalls) {
                aggRefs.remove(g);
                for (Expr arg : g.args()) {
                    if (!keys.contains(arg)) {
                        throw new NablaException(
                                ErrorCode.INVALID_ARGUMENT,
                                arg.span().equals(Span.NONE) ? g.span() : arg.span(),
                                "arguments to GROUPING must be grouping expressions of the associated query level");
                    }
                }
            }
            if (sets != null && !(sets.size() == 1 && sets.get(0).size() == keys.size())) {
                Map<AggCall, Expr> groupingValues = new HashMap<>();
                plan = GroupingSetsPlan.build(
                        plan, keys, sets, aggRefs, keyRefs, groupingCalls, groupingValues, state.ids);
                Set<Integer> outIds = new HashSet<>();
                for (Column col : plan.output()) outIds.add(col.id());
                items.replaceAll(
                        e -> afterAggregate(replaceGrouping(e, groupingValues), keyRefs, aggRefs, inputIds, outIds));
                if (having != null) {
                    having =
                            afterAggregate(replaceGrouping(having, groupingValues), keyRefs, aggRefs, inputIds, outIds);
                    plan = new Filter(plan, having);
                }
                if (qualify != null)
                    qualify = afterAggregate(
                            replaceGrouping(qualify, groupingValues), keyRefs, aggRefs, inputIds, outIds);
                orderTargets.replaceAll(t -> t.map(
                        e -> afterAggregate(replaceGrouping(e, groupingValues), keyRefs, aggRefs, inputIds, outIds)));
            } else {
                // a plain GROUP BY is a single grouping set that holds every key: GROUPING(..) is 0
                Map<AggCall, Expr> groupingValues = new HashMap<>();
                for (AggCall g : groupingCalls) groupingValues.put(g, new Literal(0L, DataType.INTEGER, g.span()));
                items.replaceAll(e -> replaceGrouping(e, groupingValues));
                if (having != null) having = replaceGrouping(having, groupingValues);
                if (qualify != null) qualify = replaceGrouping(qualify, groupingValues);
                orderTargets.replaceAll(t -> t.map(e -> replaceGrouping(e, groupingValues)));
                List<Column> out = new ArrayList<>();
                for (Expr k : keys) {
                    Column col;
                    if (k instanceof ColumnRef r) {
                        Field f = fieldById(c.fields, r.id());
                        col = new Column(r.id(), r.name(), f == null ? null : f.table(), r.type(), true);
                    } else {
                        col = new Column(state.ids.next(), Exprs.boundedSql(k), null, k.type(), true);
                    }
                    out.add(col);
                    keyRefs.put(k, col.ref());
                }
                List<AggCall> aggs = new ArrayList<>(aggRefs.keySet());
                for (AggCall a : aggs) {
                    Column col = new Column(state.ids.next(), Exprs.boundedSql(a), null, a.type(), true);
                    out.add(col);
                    aggRefs.put(a, col.ref());
                }
                plan = new Aggregate(plan, keys, aggs, out);
                Set<Integer> outIds = new HashSet<>();
                for (Column col : out) outIds.add(col.id());
                items.replaceAll(e -> afterAggregate(e, keyRefs, aggRefs, inputIds, outIds));
                if (having != null) {
                    having = afterAggregate(having, keyRefs, aggRefs, inputIds, outIds);
                    plan = new Filter(plan, having);
                }
                if (qualify != null) qualify = afterAggregate(qualify, keyRefs, aggRefs, inputIds, outIds);
                orderTargets.replaceAll(t -> t.map(e -> afterAggregate(e, keyRefs, aggRefs, inputIds, outIds)));
            }
        } else if (having != null) {
            plan = new Filter(plan, having);
        }
        return new Aggregated(plan, qualify);
    }

    /**
     * The window phase of a SELECT: one Window node computing every window call of the select list,
     * QUALIFY and ORDER BY (replaced by its output column there), then QUALIFY as a Filter over it.
     */
    private LogicalPlan windows(
            LogicalPlan plan, List<Expr> items, Expr qualify, List<SortTarget> orderTargets, QueryBody.Select s) {
        Map<WindowCall, ColumnRef> winRefs = new LinkedHashMap<>();
        for (Expr e : items) collectWindows(e, winRefs);
        if (qualify != null) collectWindows(qualify, winRefs);
        for (SortTarget t : orderTargets) t.forExpr(e -> collectWindows(e, winRefs));
        if (qualify != null && winRefs.isEmpty()) {
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT,
                    s.qualify().span(),
                    "at least one window function must appear in the SELECT column or QUALIFY clause");
        }
        if (winRefs.isEmpty()) return plan;
        LogicalPlan windowed = plan;
        // SQL cannot nest window calls, but a derivative can (the vector-Jacobian product of a soft operator
        // reads the operator's value): such calls go in a Window node above the one computing what they read
        List<WindowCall> pending = new ArrayList<>(winRefs.keySet());
        Map<WindowCall, ColumnRef> done = new LinkedHashMap<>();
        while (!pending.isEmpty()) {
            List<WindowCall> level = new ArrayList<>(), later = new ArrayList<>();
            List<WindowCall> levelCalls = new ArrayList<>();
            for (WindowCall w : pending) {
                List<Expr> kids = new ArrayList<>();
                boolean nested = false;
                for (Expr k : w.children()) {
                    Expr r = k instanceof dev.nabla.plan.expr.AggCall ? k : replaceWindows(k, done);
                    kids.add(r);
                    nested |= containsWindow(r);
                }
                if (nested) later.add(w);
                else {
                    level.add(w);
                    levelCalls.add(done.isEmpty() ? w : (WindowCall) w.withChildren(kids));
                }
            }
            if (level.isEmpty()) throw new IllegalStateException("window calls nest in a cycle");
            List<Column> out = new ArrayList<>(windowed.output());
            for (int i = 0; i < level.size(); i++) {
                WindowCall w = levelCalls.get(i);
                Column col = new Column(state.ids.next(), Exprs.boundedSql(w), null, w.type(), true);
                out.add(col);
                done.put(level.get(i), col.ref());
            }
            windowed = new Window(windowed, List.copyOf(levelCalls), out);
            pending = later;
        }
        winRefs.putAll(done);
        items.replaceAll(e -> replaceWindows(e, winRefs));
        orderTargets.replaceAll(t -> t.map(e -> replaceWindows(e, winRefs)));
        return qualify == null ? windowed : new Filter(windowed, replaceWindows(qualify, winRefs));
    }

    /** An ORDER BY or DISTINCT ON key: a select-list position (ordinal or output name), else the bound expression. */
    private SortTarget sortTarget(
            Expression e,
            String clause,
            int n,
            List<String> names,
            List<Expression> itemExprs,
            Map<String, Expression> aliases,
            Ctx c) {
        Integer ord = ordinal(e, n, clause);
        if (ord == null && e instanceof Expression.Identifier id && id.name().size() == 1) {
            int alias = indexOfName(names, id.name().last().value(), itemExprs);
            if (alias >= 0) ord = alias;
        }
        if (ord != null) return new SortTarget.Position(ord);
        c.selectAliases = aliases;
        try {
            return new SortTarget.Computed(exprs.defaultParam(exprs.bind(e, c)));
        } finally {
            c.selectAliases = Map.of();
        }
    }

    /**
     * PostgreSQL's rule for DISTINCT ON with ORDER BY: the ORDER BY keys that are DISTINCT ON keys must all
     * come before any that is not, and a DISTINCT ON key missing from ORDER BY is only allowed when ORDER
     * BY holds nothing else. Returns the sort keys for the ON keys ORDER BY leaves out (ascending), to sort
     * the result by after the ORDER BY keys.
     */
    private static List<SortKey> distinctOnTail(
            List<Expression> onExprs, List<Integer> on, List<Integer> order, List<Column> cols) {
        boolean skipped = false;
        Set<Integer> covered = new HashSet<>();
        for (int pos : order) {
            if (!on.contains(pos)) {
                skipped = true;
            } else if (skipped) {
                throw mismatch(onExprs.get(on.indexOf(pos)));
            } else {
                covered.add(pos);
            }
        }
        List<SortKey> tail = new ArrayList<>();
        for (int j = 0; j < on.size(); j++) {
            int pos = on.get(j);
            if (covered.contains(pos)) continue;
            if (skipped) throw mismatch(onExprs.get(j));
            if (!order.isEmpty()) tail.add(new SortKey(cols.get(pos).ref(), true, true));
            covered.add(pos);
        }
        return tail;
    }

    private static NablaException mismatch(Expression on) {
        return new NablaException(
                ErrorCode.INVALID_ARGUMENT,
                on.span(),
                "SELECT DISTINCT ON expressions must match initial ORDER BY expressions");
    }

    private static int indexOfName(List<String> names, String name, List<Expression> itemExprs) {
        for (int i = 0; i < names.size(); i++) if (names.get(i).equalsIgnoreCase(name)) return i;
        return -1;
    }

    static String nameOf(Expression e) {
        return switch (e) {
            case Expression.Identifier id -> id.name().last().value();
            case Expression.FunctionCall f
            when f.over() == null && f.args().isEmpty() && !f.star() ->
                f.simpleName().toLowerCase(Locale.ROOT);
            default -> e.toSql();
        };
    }

    private static Field fieldById(List<Field> fields, int id) {
        for (Field f : fields) if (f.column().id() == id) return f;
        return null;
    }

    private Expr groupKey(Expression g, List<Expression> itemExprs, List<String> names, List<Expr> starRefs, Ctx c) {
        Integer ord = ordinal(g, names.size(), "GROUP BY");
        if (ord != null) {
            if (starRefs.get(ord) != null) return starRefs.get(ord);
            Expr e = exprs.bind(itemExprs.get(ord), withClauseForKey(c));
            return exprs.defaultParam(e);
        }
        if (g instanceof Expression.Identifier id && id.name().size() == 1) {
            ColumnRef r = exprs.resolve(id.name().parts(), id.span(), c, true);
            if (r != null) return r;
            int alias = indexOfName(names, id.name().last().value(), itemExprs);
            if (alias >= 0) {
                if (starRefs.get(alias) != null) return starRefs.get(alias);
                return exprs.defaultParam(exprs.bind(itemExprs.get(alias), withClauseForKey(c)));
            }
        }
        return exprs.defaultParam(exprs.bind(g, c));
    }

    /** Most grouping sets one GROUP BY may expand to (CUBE of 12 keys). */
    private static final int MAX_GROUPING_SETS = 4096;

    /**
     * Expands ROLLUP, CUBE, GROUPING SETS and plain keys of a GROUP BY into its grouping sets (the cross
     * product of the items, as in PostgreSQL), each a list of bound keys; every key is added to {@code keys}.
     */
    private List<List<Expr>> groupingSets(
            List<GroupingElement> elements,
            List<Expr> keys,
            List<Expression> itemExprs,
            List<String> names,
            List<Expr> starRefs,
            Ctx c) {
        List<List<Expr>> acc = List.of(List.of());
        for (GroupingElement el : elements) {
            List<List<Expr>> groups = new ArrayList<>();
            for (List<Expression> l : el.lists()) {
                List<Expr> g = new ArrayList<>();
                for (Expression e : l) {
                    c.clause("GROUP BY", false, false);
                    Expr k = groupKey(e, itemExprs, names, starRefs, c);
                    if (!keys.contains(k)) keys.add(k);
                    g.add(k);
                }
                groups.add(g);
            }
            List<List<Expr>> options = new ArrayList<>();
            switch (el.kind()) {
                case KEY, SETS -> options.addAll(groups);
                case ROLLUP -> {
                    for (int i = groups.size(); i >= 0; i--) options.add(concat(groups.subList(0, i)));
                }
                case CUBE -> {
                    int n = groups.size();
                    if (n > 12)
                        throw new NablaException(
                                ErrorCode.INVALID_ARGUMENT, el.span(), "CUBE is limited to 12 elements");
                    for (int mask = (1 << n) - 1; mask >= 0; mask--) {
                        List<List<Expr>> chosen = new ArrayList<>();
                        for (int j = 0; j < n; j++) if ((mask & (1 << (n - 1 - j))) != 0) chosen.add(groups.get(j));
                        options.add(concat(chosen));
                    }
                }
            }
            List<List<Expr>> next = new ArrayList<>();
            for (List<Expr> a : acc) {
                for (List<Expr> o : options) {
                    next.add(concat(List.of(a, o)));
                    if (next.size() > MAX_GROUPING_SETS) {
                        throw new NablaException(
                                ErrorCode.INVALID_ARGUMENT,
                                el.span(),
                                "too many grouping sets (at most " + MAX_GROUPING_SETS + ")");
                    }
                }
            }
            acc = next;
        }
        return acc;
    }

    /** The distinct keys of {@code parts}, in order. */
    private static List<Expr> concat(List<List<Expr>> parts) {
        List<Expr> out = new ArrayList<>();
        for (List<Expr> p : parts) for (Expr e : p) if (!out.contains(e)) out.add(e);
        return out;
    }

    private static Expr replaceGrouping(Expr e, Map<AggCall, Expr> values) {
        if (values.isEmpty()) return e;
        return Exprs.transformDown(e, x -> x instanceof AggCall a && a.fn() == AggFn.GROUPING ? values.get(a) : null);
    }

    private static Ctx withClauseForKey(Ctx c) {
        c.clause("GROUP BY", false, false);
        return c;
    }

    private static void collectAggs(Expr e, Map<AggCall, ColumnRef> into) {
        collectAggs(e, into, java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
    }

    /** Each distinct node once (see collectWindows). */
    private static void collectAggs(Expr e, Map<AggCall, ColumnRef> into, Set<Expr> seen) {
        if (!seen.add(e)) return;
        if (e instanceof AggCall a) {
            into.putIfAbsent(a, null);
            return;
        }
        if (e instanceof WindowCall w) {
            // the window's own aggregate is computed by the Window node; only its arguments may hold group aggregates
            List<Expr> kids = w.children();
            int start = w.aggregate() == null ? 0 : 1;
            if (w.aggregate() != null) for (Expr k : w.aggregate().children()) collectAggs(k, into, seen);
            for (int i = start; i < kids.size(); i++) collectAggs(kids.get(i), into, seen);
            return;
        }
        for (Expr k : e.children()) collectAggs(k, into, seen);
    }

    /** Rewrites an expression to read the Aggregate's output; fails on columns that are neither grouped nor aggregated. */
    private Expr afterAggregate(
            Expr e,
            Map<Expr, ColumnRef> keys,
            Map<AggCall, ColumnRef> aggs,
            Set<Integer> inputIds,
            Set<Integer> outIds) {
        Expr r = Exprs.transformDown(e, x -> {
            ColumnRef k = keys.get(x);
            if (k != null && !(x instanceof Literal)) return k;
            if (x instanceof AggCall a && aggs.get(a) != null) return aggs.get(a);
            if (x instanceof WindowCall w && w.aggregate() != null) {
                AggCall wa = w.aggregate();
                List<Expr> kids = new ArrayList<>();
                for (Expr ak : wa.children()) kids.add(afterAggregate(ak, keys, aggs, inputIds, outIds));
                AggCall na = (AggCall) wa.withChildren(kids);
                List<Expr> rest = new ArrayList<>();
                rest.add(na);
                List<Expr> wk = w.children();
                for (int i = 1; i < wk.size(); i++) rest.add(afterAggregate(wk.get(i), keys, aggs, inputIds, outIds));
                return w.withChildren(rest);
            }
            return null;
        });
        checkGrouped(r, inputIds, outIds, java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
        return r;
    }

    /**
     * Fails on a column of the level's input that is neither grouped nor aggregated. The variable of a
     * derivative is exempt: {@code grad(SUM(f), w)} differentiates with respect to the rows' w, and the
     * Differentiate stage turns it into aggregates ({@code SUM(∂f/∂w)}) the Aggregate computes.
     */
    private static void checkGrouped(Expr e, Set<Integer> inputIds, Set<Integer> outIds, Set<Expr> seen) {
        if (!seen.add(e)) return;
        if (e instanceof ColumnRef cr && inputIds.contains(cr.id()) && !outIds.contains(cr.id())) throw notGrouped(cr);
        if (e instanceof SubqueryExpr sq) {
            for (ColumnRef cr : sq.correlated())
                if (inputIds.contains(cr.id()) && !outIds.contains(cr.id())) throw notGrouped(cr);
        }
        if (e instanceof Derivative d) {
            checkGrouped(d.body(), inputIds, outIds, seen);
            if (d.seed() != null) checkGrouped(d.seed(), inputIds, outIds, seen);
            return;
        }
        for (Expr k : e.children()) checkGrouped(k, inputIds, outIds, seen);
    }

    private static NablaException notGrouped(ColumnRef cr) {
        return new NablaException(
                ErrorCode.INVALID_ARGUMENT,
                cr.span(),
                "column \"" + cr.name() + "\" must appear in the GROUP BY clause or be used in an aggregate function");
    }

    private static void collectWindows(Expr e, Map<WindowCall, ColumnRef> into) {
        // once per distinct node: a derivative's DAG visited per path is exponential in its depth
        Exprs.forEach(e, x -> {
            if (x instanceof WindowCall w) into.putIfAbsent(w, null);
        });
    }

    private static boolean containsWindow(Expr e) {
        boolean[] found = {false};
        Exprs.forEach(e, x -> found[0] |= x instanceof WindowCall);
        return found[0];
    }

    private static Expr replaceWindows(Expr e, Map<WindowCall, ColumnRef> refs) {
        return Exprs.transformDown(e, x -> x instanceof WindowCall w ? refs.get(w) : null);
    }

    // ---------------------------------------------------------------- FROM

    Rel from(List<TableRef> items, Ctx c) {
        Rel acc = null;
        for (TableRef item : items) {
            if (acc != null && isUnnestItem(item)) {
                // FROM t, unnest(t.v): the Unnest reads t's rows itself (lateral), no join needed
                acc = unnestFrom((TableRef.TableFunction) item, c, acc, false);
                continue;
            }
            Rel r = tableRef(item, c, acc);
            acc = acc == null ? r : crossJoin(acc, r);
        }
        return acc;
    }

    private Rel crossJoin(Rel l, Rel r) {
        List<Column> out = new ArrayList<>(l.plan().output());
        out.addAll(r.plan().output());
        List<Field> fields = new ArrayList<>(l.fields());
        fields.addAll(r.fields());
        return new Rel(new Join(l.plan(), r.plan(), JoinType.CROSS, null, out), fields);
    }

    /** Binds one FROM item; {@code left} is what precedes it (visible to LATERAL items), or null. */
    private Rel tableRef(TableRef ref, Ctx c, Rel left) {
        return switch (ref) {
            case TableRef.NamedTable t -> named(t, c);
            case TableRef.DerivedTable d -> {
                List<Field> saved = c.fields;
                c.fields = d.lateral() && left != null ? left.fields() : List.of();
                Sub sub;
                try {
                    sub = subquery(d.query(), c);
                } finally {
                    c.fields = saved;
                }
                yield alias(
                        sub.rel(),
                        d.alias(),
                        d.columnAliases(),
                        d.alias() == null ? null : d.alias().value(),
                        null,
                        d.span());
            }
            case TableRef.TableFunction f -> isUnnestItem(f) ? unnestFrom(f, c, null, false) : tableFunction(f, c);
            case TableRef.PathTable p -> {
                String qualifier = p.alias() != null ? p.alias().value() : pathTableName(p.path());
                Rel r = scan(state.catalog.fileTable(p.path(), p.span()), qualifier, null);
                yield alias(r, p.alias(), p.columnAliases(), qualifier, null, p.span());
            }
            case TableRef.ValuesTable v -> {
                Rel r = values(v.rows(), v.span(), new Ctx(c, c.ctes));
                yield alias(
                        r,
                        v.alias(),
                        v.columnAliases(),
                        v.alias() == null ? null : v.alias().value(),
                        null,
                        v.span());
            }
            case TableRef.Join j -> join(j, c, left);
            case TableRef.Gradient g -> gradient(g, c);
            case TableRef.SampledTable st -> {
                Rel r = tableRef(st.table(), c, left);
                yield new Rel(sample(r.plan(), st.sample(), c.ctes), r.fields());
            }
        };
    }

    /**
     * {@code GRADIENT(loss) WITH RESPECT TO t}: binds the loss as written (so its own errors point into it), then
     * binds the backward plan {@link ReverseRewriter} writes for it as a derived table.
     */
    private Rel gradient(TableRef.Gradient g, Ctx c) {
        Sub loss = subquery(g.query(), c);
        if (!loss.correlated().isEmpty())
            throw new NablaException(
                    ErrorCode.UNSUPPORTED, g.span(), "GRADIENT: the query may not refer to columns of the outer query");
        List<Field> lf = loss.rel().fields();
        if (lf.size() != 1 || !lf.getFirst().column().type().isNumeric()) {
            String what = lf.size() != 1
                    ? lf.size() + " columns"
                    : "a column of type " + lf.getFirst().column().type();
            throw new NablaException(
                    ErrorCode.GRAD,
                    g.query().span(),
                    "GRADIENT: the query must return one row with one numeric column (the loss), not " + what);
        }
        Span rs = g.relation().span();
        Query star = Query.of(new QueryBody.Select(
                false,
                List.of(),
                List.of(new SelectItem.Star(List.of(), List.of(), rs)),
                List.of(new TableRef.NamedTable(g.relation(), null, List.of(), rs)),
                null,
                List.of(),
                null,
                List.of(),
                rs));
        List<Field> tf = subquery(star, c).rel().fields();
        for (Ident listed : g.columns()) {
            Field f = null;
            for (Field x : tf) if (listed.matches(x.name())) f = x;
            if (f == null)
                throw new NablaException(
                        ErrorCode.UNKNOWN_COLUMN,
                        listed.span(),
                        "column \"" + listed.value() + "\" does not exist in "
                                + g.relation().toSql());
            DataType t = f.column().type();
            if (!t.isNumeric())
                throw new NablaException(
                        ErrorCode.UNSUPPORTED,
                        listed.span(),
                        "GRADIENT: column " + listed.value() + " of type " + t
                                + " cannot be differentiated (only scalar numeric columns)");
        }
        List<ReverseRewriter.TargetColumn> cols = new ArrayList<>();
        for (Field f : tf) {
            DataType t = f.column().type();
            boolean diff;
            if (!g.columns().isEmpty()) {
                diff = false;
                for (Ident listed : g.columns()) diff |= listed.matches(f.name());
            } else {
                if ((t instanceof dev.nabla.storage.ArrayType || t instanceof dev.nabla.storage.ListType)
                        && t.toString().matches("(?i)(DOUBLE|REAL|FLOAT).*"))
                    throw new NablaException(
                            ErrorCode.UNSUPPORTED,
                            rs,
                            "GRADIENT: array column " + f.name() + " (" + t + ") cannot be differentiated yet; list"
                                    + " the scalar columns to differentiate: WITH RESPECT TO "
                                    + g.relation().toSql()
                                    + " (col, ...)");
                diff = t == DataType.DOUBLE || t == DataType.REAL;
            }
            cols.add(new ReverseRewriter.TargetColumn(f.name(), diff, t == DataType.REAL ? "REAL" : "DOUBLE"));
        }
        String sql = ReverseRewriter.backwardSql(
                g.query(),
                g.relation(),
                cols,
                name -> c.ctes.find(name) != null
                        ? null
                        : state.catalog
                                .view(null, name)
                                .map(v -> new ReverseRewriter.ViewBody(v.query(), v.columnNames()))
                                .orElse(null),
                g.span());
        state.backwardSql.add(sql);
        Sub sub;
        try {
            sub = subquery(dev.nabla.parser.Parser.parseQuery(sql), c);
        } catch (NablaException e) {
            throw new NablaException(e.code(), g.span(), "GRADIENT: " + e.getMessage() + " (in the backward plan)", e);
        }
        String qualifier =
                g.alias() != null ? g.alias().value() : g.relation().last().value();
        return alias(sub.rel(), g.alias(), List.of(), qualifier, null, g.span());
    }

    /** The table name of {@code FROM 'dir/f.csv.gz'} without an alias: the file name before its first dot. */
    static String pathTableName(String path) {
        String name = path.substring(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
        int dot = name.indexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** Renames a relation's fields: table alias and optional column aliases. */
    private Rel alias(Rel r, Ident alias, List<Ident> columnAliases, String table, String schema, Span span) {
        List<Field> fs = r.fields();
        if (columnAliases.size() > fs.size()) {
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT,
                    span,
                    "table \"" + table + "\" has " + fs.size() + " columns available but " + columnAliases.size()
                            + " columns specified");
        }
        List<Field> out = new ArrayList<>();
        for (int i = 0; i < fs.size(); i++) {
            Column col = fs.get(i).column();
            String name = i < columnAliases.size() ? columnAliases.get(i).value() : col.name();
            out.add(new Field(table, schema, new Column(col.id(), name, table, col.type(), col.nullable()), false));
        }
        return new Rel(r.plan(), out);
    }

    private Rel named(TableRef.NamedTable t, Ctx c) {
        List<Ident> parts = t.name().parts();
        String name = t.name().last().value();
        String schema = parts.size() >= 2 ? parts.get(parts.size() - 2).value() : null;
        String qualifier = t.alias() != null ? t.alias().value() : name;
        if (schema == null) {
            CteEnv cte = c.ctes.find(name);
            if (cte != null)
                return alias(cteReference(cte, t.span()), t.alias(), t.columnAliases(), qualifier, null, t.span());
        }
        CatalogReader catalog = state.catalog;
        var view = catalog.view(schema, name);
        if (view.isPresent()) {
            Rel r = view(view.get(), t.span());
            return alias(r, t.alias(), t.columnAliases(), qualifier, null, t.span());
        }
        TableSource src = catalog.table(schema, name)
                .orElseThrow(() -> new NablaException(
                        ErrorCode.UNKNOWN_TABLE,
                        t.name().span().isKnown() ? t.name().span() : t.span(),
                        "unknown table \"" + t.name().toSql() + "\""
                                + Suggest.didYouMean(name, relationNames(catalog, schema, c.ctes))));
        return alias(scan(src, qualifier, null), t.alias(), t.columnAliases(), qualifier, schema, t.span());
    }

    /** What an unknown table name might have meant: CTEs in scope (unqualified only), then the catalog's tables and views. */
    private static List<String> relationNames(CatalogReader catalog, String schema, CteEnv env) {
        List<String> out = new ArrayList<>(schema == null ? cteNames(env) : List.of());
        out.addAll(catalog.tableNames(schema));
        out.addAll(catalog.viewNames(schema));
        return out;
    }

    private static List<String> cteNames(CteEnv env) {
        List<String> out = new ArrayList<>();
        for (CteEnv e = env; e != null && e.cte != null; e = e.parent)
            out.add(e.cte.name().value());
        return out;
    }

    /** A Scan of all columns of {@code src}, optionally with the row-id column (UPDATE/DELETE). */
    Rel scan(TableSource src, String qualifier, Column rowId) {
        List<Integer> idx = new ArrayList<>();
        List<Column> out = new ArrayList<>();
        List<Field> fields = new ArrayList<>();
        for (int i = 0; i < src.columnNames().size(); i++) {
            idx.add(i);
            Column col = new Column(
                    state.ids.next(),
                    src.columnNames().get(i),
                    qualifier,
                    src.columnTypes().get(i),
                    true);
            out.add(col);
            fields.add(new Field(qualifier, null, col, false));
        }
        if (rowId != null) out.add(rowId);
        return new Rel(new Scan(src, idx, out, null, rowId), fields);
    }

    private Rel view(CatalogReader.ViewDefinition def, Span span) {
        if (state.viewDepth > 32)
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT, span, "view \"" + def.name() + "\" is defined recursively");
        state.viewDepth++;
        try {
            Rel r = topLevel(def.query());
            if (!def.columnNames().isEmpty()) {
                List<Ident> names = def.columnNames().stream()
                        .map(nm -> new Ident(nm, false, Span.NONE))
                        .toList();
                r = alias(r, null, names, def.name(), null, span);
            }
            return r;
        } finally {
            state.viewDepth--;
        }
    }

    private Rel cteReference(CteEnv e, Span span) {
        String name = e.cte.name().value();
        CteEnv.RecursiveBinding rb = e.active;
        if (rb != null) {
            if (rb.inAnchor) {
                throw new NablaException(
                        ErrorCode.INVALID_ARGUMENT,
                        span,
                        "recursive reference to \"" + name + "\" must not appear in its non-recursive term");
            }
            if (++rb.references > 1) {
                throw new NablaException(
                        ErrorCode.INVALID_ARGUMENT,
                        span,
                        "recursive reference to \"" + name + "\" must appear exactly once in the recursive term");
            }
            List<Column> cols = new ArrayList<>();
            for (Column w : rb.workingColumns) cols.add(new Column(state.ids.next(), w.name(), name, w.type(), true));
            return outputRel(new WorkingTableScan(rb.cteId, name, cols));
        }
        Cte cte = e.cte;
        Rel r;
        if (e.recursive
                && cte.query().body() instanceof QueryBody.SetOperation op
                && op.op() == QueryBody.SetOperator.UNION) {
            r = recursive(e, op);
        } else if (e.recursive) {
            CteEnv.RecursiveBinding guard = new CteEnv.RecursiveBinding();
            CteEnv self = new CteEnv(e.parent, cte, e.definitionOuter, true, guard);
            r = query(cte.query(), new Ctx(e.definitionOuter, self), self);
        } else {
            r = query(cte.query(), new Ctx(e.definitionOuter, e.parent), e.parent);
        }
        // the copy as bound, before any renaming: ShareCtes computes it once if other copies read the same CTE
        state.cteCopies.copies().put(r.plan(), e.group);
        if (!cte.columns().isEmpty()) r = alias(r, null, cte.columns(), name, null, cte.span());
        return r;
    }

    private Rel recursive(CteEnv e, QueryBody.SetOperation op) {
        Cte cte = e.cte;
        Query q = cte.query();
        if (!q.orderBy().isEmpty() || q.limit() != null || q.offset() != null) {
            throw new NablaException(
                    ErrorCode.UNSUPPORTED, q.span(), "ORDER BY/LIMIT in a recursive query is not supported");
        }
        CteEnv.RecursiveBinding rb = new CteEnv.RecursiveBinding();
        rb.cteId = state.ids.next();
        CteEnv env = e.parent;
        Ctx level = new Ctx(e.definitionOuter, env);
        if (q.with() != null) {
            for (Cte inner : q.with().ctes())
                env = env.with(inner, level, q.with().recursive());
        }
        CteEnv self = new CteEnv(env, cte, e.definitionOuter, true, rb);
        rb.inAnchor = true;
        Rel anchor = body(op.left(), level, self);
        List<Column> ao = anchor.plan().output();
        if (!cte.columns().isEmpty() && cte.columns().size() != ao.size()) {
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT,
                    cte.span(),
                    "WITH query \"" + cte.name().value() + "\" has " + ao.size() + " columns available but "
                            + cte.columns().size() + " columns specified");
        }
        List<DataType> types = new ArrayList<>();
        for (Column col : ao) types.add(col.type() == DataType.NULL ? DataType.VARCHAR : col.type());
        Rel rec = null;
        for (int attempt = 0; attempt < 4; attempt++) {
            rb.inAnchor = false;
            rb.references = 0;
            List<Column> work = new ArrayList<>();
            for (int i = 0; i < ao.size(); i++) {
                String nm = i < cte.columns().size()
                        ? cte.columns().get(i).value()
                        : ao.get(i).name();
                work.add(new Column(0, nm, null, types.get(i), true));
            }
            rb.workingColumns = work;
            rec = body(op.right(), level, self);
            if (rb.references == 0) {
                // not actually recursive: an ordinary UNION
                return setOperationOf(op, anchor, rec);
            }
            List<Column> ro = rec.plan().output();
            if (ro.size() != ao.size()) {
                throw new NablaException(
                        ErrorCode.TYPE_MISMATCH, op.span(), "each UNION query must have the same number of columns");
            }
            List<DataType> unified = new ArrayList<>();
            for (int i = 0; i < ao.size(); i++) {
                DataType t = TypeRules.common(List.of(types.get(i), ro.get(i).type()));
                if (t == null) {
                    throw new NablaException(
                            ErrorCode.TYPE_MISMATCH,
                            op.span(),
                            "recursive query \"" + cte.name().value() + "\" column " + (i + 1) + " has type "
                                    + types.get(i).sqlName() + " in the non-recursive term but "
                                    + ro.get(i).type().sqlName() + " overall");
                }
                unified.add(t);
            }
            if (unified.equals(types)) break;
            types = unified;
        }
        List<Column> out = new ArrayList<>();
        for (int i = 0; i < ao.size(); i++) {
            String nm = i < cte.columns().size()
                    ? cte.columns().get(i).value()
                    : ao.get(i).name();
            out.add(new Column(state.ids.next(), nm, null, types.get(i), true));
        }
        return outputRel(new RecursiveCte(
                rb.cteId, cte.name().value(), castTo(anchor.plan(), types), castTo(rec.plan(), types), op.all(), out));
    }

    private Rel setOperationOf(QueryBody.SetOperation op, Rel l, Rel r) {
        List<Column> lo = l.plan().output(), ro = r.plan().output();
        if (lo.size() != ro.size())
            throw new NablaException(
                    ErrorCode.TYPE_MISMATCH, op.span(), "each UNION query must have the same number of columns");
        List<DataType> types = new ArrayList<>();
        for (int i = 0; i < lo.size(); i++) {
            DataType t = TypeRules.common(List.of(lo.get(i).type(), ro.get(i).type()));
            if (t == null)
                throw new NablaException(
                        ErrorCode.TYPE_MISMATCH, op.span(), "UNION types cannot be matched (column " + (i + 1) + ")");
            types.add(t);
        }
        List<Column> out = new ArrayList<>();
        for (int i = 0; i < lo.size(); i++)
            out.add(new Column(state.ids.next(), lo.get(i).name(), null, types.get(i), true));
        return outputRel(new SetOp(SetOp.Kind.UNION, op.all(), castTo(l.plan(), types), castTo(r.plan(), types), out));
    }

    private Rel tableFunction(TableRef.TableFunction f, Ctx c) {
        if (f.ordinality())
            throw new NablaException(
                    ErrorCode.UNSUPPORTED,
                    f.span(),
                    "WITH ORDINALITY is supported for unnest and generate_subscripts only; number other rows with"
                            + " row_number() OVER ()");
        List<Object> args = new ArrayList<>();
        for (Expression a : f.args()) args.add(constantValue(a, c));
        Map<String, Object> named = new LinkedHashMap<>();
        for (NamedArg na : f.namedArgs())
            named.put(na.name().value().toLowerCase(Locale.ROOT), constantValue(na.value(), c));
        String name = f.name().toSql();
        TableSource src =
                state.catalog.tableFunction(f.name().last().value().toLowerCase(Locale.ROOT), args, named, f.span());
        String qualifier =
                f.alias() != null ? f.alias().value() : f.name().last().value();
        return alias(scan(src, qualifier, null), f.alias(), f.columnAliases(), qualifier, null, f.span());
    }

    /**
     * A constant argument as a plain Java value (Long, Double, String, Boolean, null, a List of those,
     * or, for a struct literal {@code {'name': value}}, a Map from names to those in written order).
     */
    Object constantValue(Expression e, Ctx c) {
        if (e instanceof Expression.ArrayLiteral arr) {
            List<Object> out = new ArrayList<>();
            for (Expression x : arr.elements()) out.add(constantValue(x, c));
            return out;
        }
        if (e instanceof Expression.StructLiteral st) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (int i = 0; i < st.names().size(); i++) {
                if (out.put(st.names().get(i), constantValue(st.values().get(i), c)) != null) {
                    throw new NablaException(
                            ErrorCode.INVALID_ARGUMENT,
                            st.span(),
                            "duplicate field name '" + st.names().get(i) + "'");
                }
            }
            return out;
        }
        return exprs.constantValue(e, c.ctes, "table function arguments", "argument");
    }

    private static boolean isUnnestItem(TableRef ref) {
        if (!(ref instanceof TableRef.TableFunction f) || f.name().size() != 1) return false;
        String n = f.name().last().value().toLowerCase(Locale.ROOT);
        return n.equals("unnest") || n.equals("generate_subscripts");
    }

    /**
     * {@code unnest(list [, list ...]) [WITH ORDINALITY] [AS t(x [, n])]} (several lists as PostgreSQL: zipped) or
     * {@code generate_subscripts(list, 1)} as a FROM item: an {@link Unnest} over {@code left}, whose columns the
     * lists may read (a lateral item, as PostgreSQL and DuckDB treat functions in FROM), or over one row.
     * {@code outer} keeps a row whose lists are empty or NULL once, with NULL elements ({@code LEFT JOIN}).
     */
    private Rel unnestFrom(TableRef.TableFunction f, Ctx c, Rel left, boolean outer) {
        String name = f.name().last().value().toLowerCase(Locale.ROOT);
        boolean subscripts = name.equals("generate_subscripts");
        if (!f.namedArgs().isEmpty())
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT, f.namedArgs().getFirst().span(), name + " takes no named arguments");
        if (subscripts) FunctionBinder.checkArity(name, 2, 2, f.args().size(), f.span());
        else if (f.args().isEmpty()) FunctionBinder.checkArity(name, 1, -1, 0, f.span());
        List<Field> saved = c.fields;
        String clause = c.clause;
        boolean a = c.aggregatesAllowed, w = c.windowsAllowed;
        c.fields = left == null ? List.of() : left.fields();
        c.clause("FROM", false, false);
        List<Expr> lists = new ArrayList<>();
        try {
            List<Expression> args = subscripts ? f.args().subList(0, 1) : f.args();
            for (Expression arg : args) lists.add(FunctionBinder.unnestArgument(name, exprs.bind(arg, c), arg));
            if (subscripts) {
                Expression d = f.args().get(1);
                Expr dim = exprs.bind(d, c);
                Literal lit = dim instanceof Literal l ? l : ConstantEvaluator.evaluate(dim);
                if (lit == null
                        || !dim.type().isIntegral()
                        || !(lit.value() instanceof Number num)
                        || num.longValue() != 1)
                    throw new NablaException(
                            ErrorCode.UNSUPPORTED,
                            d.span(),
                            "generate_subscripts: lists have one dimension; the second argument must be 1");
            }
        } finally {
            c.fields = saved;
            c.clause = clause;
            c.aggregatesAllowed = a;
            c.windowsAllowed = w;
        }
        List<Unnest.Item> items = new ArrayList<>();
        List<Field> added = new ArrayList<>();
        for (int i = 0; i < lists.size(); i++) {
            // named as the alias names it, so EXPLAIN shows the name the query uses
            String colName = i < f.columnAliases().size()
                    ? f.columnAliases().get(i).value()
                    : i == 0 ? name : name + "_" + (i + 1);
            Column col = new Column(
                    state.ids.next(),
                    colName,
                    null,
                    subscripts
                            ? DataType.BIGINT
                            : FunctionBinder.unnestElement(lists.get(i).type()),
                    true);
            items.add(new Unnest.Item(lists.get(i), col, subscripts));
            added.add(new Field(null, null, col, false));
        }
        Column ord = null;
        if (f.ordinality()) {
            int k = lists.size();
            String ordName =
                    k < f.columnAliases().size() ? f.columnAliases().get(k).value() : "ordinality";
            ord = new Column(state.ids.next(), ordName, null, DataType.BIGINT, outer);
            added.add(new Field(null, null, ord, false));
        }
        LogicalPlan input = left == null ? new SingleRow() : left.plan();
        Unnest u = new Unnest(input, items, ord, outer);
        String qualifier = f.alias() != null ? f.alias().value() : name;
        Rel named = alias(new Rel(u, added), f.alias(), f.columnAliases(), qualifier, null, f.span());
        List<Field> fields = new ArrayList<>(left == null ? List.of() : left.fields());
        fields.addAll(named.fields());
        return new Rel(u, fields);
    }

    /**
     * {@code l [CROSS | INNER | LEFT] JOIN unnest(l.v) [ON cond]}: the Unnest over {@code l}, the ON condition a
     * filter over it (INNER); LEFT keeps a row with an empty list once, so its ON must be {@code true}.
     */
    private Rel joinUnnest(TableRef.Join j, Rel l, Ctx c) {
        boolean outer = j.type() == TableRef.JoinType.LEFT;
        boolean onTrue = j.condition() instanceof TableRef.JoinCondition.On on
                && on.expr() instanceof Expression.BooleanLiteral b
                && b.value();
        boolean supported = switch (j.type()) {
            case CROSS, INNER ->
                j.condition() instanceof TableRef.JoinCondition.On
                        || j.condition() instanceof TableRef.JoinCondition.None;
            case LEFT -> onTrue;
            case RIGHT, FULL -> false;
        };
        if (!supported)
            throw new NablaException(
                    ErrorCode.UNSUPPORTED,
                    j.span(),
                    "a join with unnest(..) supports CROSS JOIN, JOIN .. ON and LEFT JOIN .. ON true");
        Rel u = unnestFrom((TableRef.TableFunction) j.right(), c, l, outer);
        if (onTrue || !(j.condition() instanceof TableRef.JoinCondition.On on)) return u;
        List<Field> saved = c.fields;
        String clause = c.clause;
        boolean a = c.aggregatesAllowed, w = c.windowsAllowed;
        c.fields = u.fields();
        c.clause("JOIN/ON", false, false);
        try {
            return new Rel(new Filter(u.plan(), exprs.predicate(on.expr(), c, "JOIN/ON")), u.fields());
        } finally {
            c.fields = saved;
            c.clause = clause;
            c.aggregatesAllowed = a;
            c.windowsAllowed = w;
        }
    }

    private Rel join(TableRef.Join j, Ctx c, Rel outerLeft) {
        Rel l = tableRef(j.left(), c, outerLeft);
        if (isUnnestItem(j.right())) return joinUnnest(j, l, c);
        Rel r = tableRef(j.right(), c, l);
        JoinType type = switch (j.type()) {
            case INNER -> JoinType.INNER;
            case LEFT -> JoinType.LEFT;
            case RIGHT -> JoinType.RIGHT;
            case FULL -> JoinType.FULL;
            case CROSS -> JoinType.CROSS;
        };
        boolean lNull = type == JoinType.RIGHT || type == JoinType.FULL,
                rNull = type == JoinType.LEFT || type == JoinType.FULL;
        List<Field> lf = lNull ? l.fields().stream().map(Field::asNullable).toList() : l.fields();
        List<Field> rf = rNull ? r.fields().stream().map(Field::asNullable).toList() : r.fields();
        List<Column> out = new ArrayList<>();
        for (Column col : l.plan().output()) out.add(lNull ? nullable(col) : col);
        for (Column col : r.plan().output()) out.add(rNull ? nullable(col) : col);
        List<Field> fields = new ArrayList<>(lf);
        fields.addAll(rf);
        Expr cond = null;
        List<String> using = switch (j.condition()) {
            case TableRef.JoinCondition.Using u ->
                u.columns().stream().map(Ident::value).toList();
            case TableRef.JoinCondition.Natural nat -> {
                List<String> common = new ArrayList<>();
                for (Field f : lf) {
                    if (f.qualifiedOnly()) continue;
                    for (Field g : rf)
                        if (!g.qualifiedOnly()
                                && g.name().equalsIgnoreCase(f.name())
                                && !containsIgnoreCase(common, f.name())) common.add(f.name());
                }
                yield common;
            }
            default -> null;
        };
        if (j.condition() instanceof TableRef.JoinCondition.On on) {
            List<Field> saved = c.fields;
            c.fields = fields;
            String clause = c.clause;
            boolean a = c.aggregatesAllowed, w = c.windowsAllowed;
            c.clause("JOIN/ON", false, false);
            try {
                cond = exprs.predicate(on.expr(), c, "JOIN/ON");
            } finally {
                c.fields = saved;
                c.clause = clause;
                c.aggregatesAllowed = a;
                c.windowsAllowed = w;
            }
        } else if (using != null && !using.isEmpty()) {
            List<Expr> eqs = new ArrayList<>();
            List<Field> merged = new ArrayList<>();
            List<Field> rest = new ArrayList<>(fields);
            List<Expr> coalesce = new ArrayList<>();
            for (String name : using) {
                Field a = usingField(lf, name, "left", j.span());
                Field b = usingField(rf, name, "right", j.span());
                eqs.add(exprs.comparison(Fn.EQ, a.column().ref(), b.column().ref(), j.span()));
                rest.remove(a);
                rest.remove(b);
                if (type == JoinType.FULL) {
                    Expr[] ab = exprs.comparable(a.column().ref(), b.column().ref(), j.span());
                    coalesce.add(
                            new dev.nabla.plan.expr.Call(Fn.COALESCE, List.of(ab[0], ab[1]), ab[0].type(), j.span()));
                    merged.add(null);
                } else {
                    merged.add(type == JoinType.RIGHT ? b : a);
                }
                // the merged column is reachable unqualified; each side's own copy only qualified
                if (type == JoinType.FULL || type == JoinType.RIGHT) rest.add(a.hiddenUnqualified());
                if (type != JoinType.RIGHT) rest.add(b.hiddenUnqualified());
            }
            cond = Exprs.and(eqs);
            LogicalPlan plan = new Join(l.plan(), r.plan(), type == JoinType.CROSS ? JoinType.INNER : type, cond, out);
            if (type == JoinType.FULL) {
                List<Expr> pe = new ArrayList<>();
                List<Column> pc = new ArrayList<>(out);
                for (Column col : out) pe.add(col.ref());
                for (int i = 0; i < using.size(); i++) {
                    Column col = new Column(
                            state.ids.next(),
                            using.get(i),
                            null,
                            coalesce.get(i).type(),
                            true);
                    pe.add(coalesce.get(i));
                    pc.add(col);
                    merged.set(i, new Field(null, null, col, false));
                }
                plan = new Project(plan, pe, pc);
            }
            List<Field> ordered = new ArrayList<>(merged);
            ordered.addAll(rest);
            return new Rel(plan, ordered);
        }
        JoinType jt = cond == null
                ? (type == JoinType.INNER ? JoinType.CROSS : type)
                : (type == JoinType.CROSS ? JoinType.INNER : type);
        if (cond == null && (jt == JoinType.LEFT || jt == JoinType.RIGHT || jt == JoinType.FULL)) {
            cond = new Literal(true, DataType.BOOLEAN, j.span());
        }
        return new Rel(new Join(l.plan(), r.plan(), jt, cond, out), fields);
    }

    private static boolean containsIgnoreCase(List<String> l, String s) {
        for (String x : l) if (x.equalsIgnoreCase(s)) return true;
        return false;
    }

    private static Field usingField(List<Field> fs, String name, String side, Span span) {
        Field hit = null;
        for (Field f : fs) {
            if (f.qualifiedOnly() || !f.name().equalsIgnoreCase(name)) continue;
            if (hit != null)
                throw new NablaException(ErrorCode.AMBIGUOUS_COLUMN, span, "column \"" + name + "\" is ambiguous");
            hit = f;
        }
        if (hit == null) {
            throw new NablaException(
                    ErrorCode.UNKNOWN_COLUMN,
                    span,
                    "column \"" + name + "\" specified in USING clause does not exist in " + side + " table");
        }
        return hit;
    }

    private static Column nullable(Column c) {
        return new Column(c.id(), c.name(), c.qualifier(), c.type(), true);
    }

    static Map<String, Object> emptyMap() {
        return new HashMap<>();
    }
}
