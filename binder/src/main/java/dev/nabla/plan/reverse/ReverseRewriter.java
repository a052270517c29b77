package dev.nabla.plan.reverse;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.common.Span;
import dev.nabla.parser.ast.Cte;
import dev.nabla.parser.ast.Expression;
import dev.nabla.parser.ast.Expression.FunctionCall;
import dev.nabla.parser.ast.Ident;
import dev.nabla.parser.ast.QualifiedName;
import dev.nabla.parser.ast.Query;
import dev.nabla.parser.ast.QueryBody;
import dev.nabla.parser.ast.SelectItem;
import dev.nabla.parser.ast.SqlWriter;
import dev.nabla.parser.ast.TableRef;
import dev.nabla.plan.fn.Functions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Reverse mode over a whole query: turns {@code GRADIENT(loss) WITH RESPECT TO t} into one ordinary SQL query (the
 * backward plan) that the normal binder, optimizer and executor run. docs/reverse-mode.md describes the rules.
 *
 * <p>The loss query is cut at its aggregations into <em>levels</em> (one per aggregating SELECT block; the top block
 * is a level too). Between two levels, projections, filters and joins are differentiated by forward mode
 * ({@code grad(arg, v)}, the per-function rules of the registry), because a non-aggregating block maps one input row
 * to one output row: the chain rule through it is the per-row derivative. Across a level, the adjoint of each
 * aggregate is broadcast to the rows of its group by the aggregate's own rule (SUM ×1, AVG ×1/n, ...), multiplied by
 * the per-row derivative of the aggregate's argument, and routed to the rows that produced the row: rows of {@code t}
 * by a row number ({@code __rid}), groups of a lower level by their group key. Contributions to the same row add up
 * (GROUP BY), so self-joins and fan-out are summed.
 */
public final class ReverseRewriter {

    /** One column of the relation differentiated against. {@code sqlType} is the type the gradient is cast to. */
    public record TargetColumn(String name, boolean differentiable, String sqlType) {}

    /** A stored view's query and column names (empty: the query's own), differentiated through like a CTE. */
    public record ViewBody(Query query, List<String> columns) {}

    private static final String RID = "__rid";

    private final Query loss;
    private final String target;
    private final String targetSql;
    private final List<TargetColumn> columns;
    private final Span span;
    private final Function<String, ViewBody> views;
    /** A relation holding the target's rows already numbered in {@code __rid}, or null to number them here. */
    private final String numbered;

    private final Map<String, Cte> ctes = new LinkedHashMap<>();
    private final List<String> defs = new ArrayList<>();
    private final List<String> contributions = new ArrayList<>();
    private int levels;
    private int names;

    private ReverseRewriter(
            Query loss,
            QualifiedName target,
            List<TargetColumn> columns,
            Function<String, ViewBody> views,
            Span span,
            String numbered) {
        this.views = views;
        this.numbered = numbered;
        this.loss = loss;
        this.target = target.last().lower();
        this.targetSql = target.toSql();
        this.columns = columns;
        this.span = span;
    }

    /**
     * The SQL text of the backward plan: a query returning the rows of {@code target} in order, with each
     * differentiable column replaced by ∂loss/∂value. {@code target} is the relation's name as written in the loss.
     *
     * @throws NablaException GRAD or UNSUPPORTED, at {@code span}, for a loss this rewriter cannot differentiate
     */
    public static String backwardSql(
            Query loss, QualifiedName target, List<TargetColumn> columns, Function<String, ViewBody> views, Span span) {
        return new ReverseRewriter(loss, target, columns, views, span, null).build();
    }

    /**
     * As {@link #backwardSql(Query, QualifiedName, List, Function, Span)}, but the rows of {@code target} come
     * numbered: {@code numbered} names a relation with a unique {@code __rid} and the target's columns, and every
     * reading of the target in the backward plan reads it. For engines without a materialized CTE, where
     * {@code row_number() OVER ()} computed again could number the rows differently (Spark: the caller numbers the
     * rows once, in a checkpointed Dataset). The result is then ordered by that {@code __rid}.
     */
    public static String backwardSql(
            Query loss,
            QualifiedName target,
            List<TargetColumn> columns,
            Function<String, ViewBody> views,
            Span span,
            String numbered) {
        return new ReverseRewriter(loss, target, columns, views, span, numbered).build();
    }

    // ---------------------------------------------------------------- structure

    /** Who a variable or lineage column belongs to: an occurrence of the target, or a lower level (its groups). */
    private sealed interface Owner permits TargetOwner, LevelOwner {}

    private record TargetOwner(int id) implements Owner {}

    private record LevelOwner(Level level) implements Owner {}

    /** A column in the current block's scope that gradients flow to: {@code index} is the target column or aggregate. */
    private record Var(String ref, Owner owner, int index) {}

    /** The columns identifying which row of {@code owner} a joined row came from. */
    private record Lineage(List<String> refs, Owner owner) {}

    private record Scope(List<Var> vars, List<Lineage> lineage) {
        static Scope empty() {
            return new Scope(new ArrayList<>(), new ArrayList<>());
        }

        void add(Scope s) {
            vars.addAll(s.vars);
            lineage.addAll(s.lineage);
        }
    }

    /** One aggregate call of a level: function name (lower case), argument (null for COUNT(*)). */
    private record Agg(FunctionCall call, String fn, String arg) {}

    /** An aggregating SELECT block (or the top block). */
    private static final class Level {
        final int id;
        final boolean top;
        boolean plain; // top block without aggregates: one row of single-row inputs
        String from;
        String where;
        final List<String> keys = new ArrayList<>();
        final List<Agg> aggs = new ArrayList<>();
        Scope scope;
        String lossItem;

        Level(int id, boolean top) {
            this.id = id;
            this.top = top;
        }

        String name(String part) {
            return "__l" + id + "_" + part;
        }
    }

    private String build() {
        if (loss.with() != null) {
            if (loss.with().recursive()) throw unsupported("WITH RECURSIVE inside GRADIENT(...) is not supported yet");
            for (Cte c : loss.with().ctes()) {
                ctes.put(c.name().lower(), c);
                defs.add(c.toSql());
            }
        }
        if (!loss.orderBy().isEmpty() || loss.orderByAll() != null || loss.limit() != null || loss.offset() != null)
            throw unsupported("ORDER BY / LIMIT / OFFSET on the loss query");
        if (!readsTarget(loss.body())) {
            throw new NablaException(
                    ErrorCode.GRAD,
                    span,
                    "GRADIENT: the query does not read " + target + ", so there is nothing to differentiate with"
                            + " respect to");
        }
        StringBuilder star = new StringBuilder("SELECT row_number() OVER () AS " + RID);
        for (TargetColumn c : columns) star.append(", ").append(quote(c.name()));
        // computed once for every reader (a shared CTE), so each row keeps one number even where the relation (a view,
        // a CTE) returns its rows in a different order each time it is computed
        // a caller's pre-numbered relation is read directly, each reading a relation of its own: an engine that
        // identifies the columns of two readings of one CTE (Spark's analyzer maps a CTE reference's columns to the
        // definition's) would make a self-join's two sides one variable
        if (numbered == null) defs.add("__gt AS MATERIALIZED (" + star + " FROM " + targetSql + ")");
        QueryBody.Select top = hoist(select(loss.body(), "the loss query"));
        Level l0 = level(top, true);
        int diff = 0;
        for (TargetColumn c : columns) if (c.differentiable()) diff++;
        if (diff == 0) throw grad("GRADIENT: " + target + " has no DOUBLE or REAL column to differentiate");
        if (l0.plain) emitPlain(l0);
        else {
            // the adjoint of each aggregate of the top block: ∂loss/∂aggregate, by forward mode over the aggregates
            StringBuilder w = new StringBuilder("SELECT ").append(l0.lossItem).append(" AS __loss");
            for (int j = 0; j < l0.aggs.size(); j++)
                w.append(", ")
                        .append(l0.aggs.get(j).call().toSql())
                        .append(" AS __a")
                        .append(j);
            w.append(" FROM ").append(topFrom(top));
            if (top.where() != null) w.append(" WHERE ").append(top.where().toSql());
            StringBuilder adj = new StringBuilder("SELECT ");
            for (int j = 0; j < l0.aggs.size(); j++) {
                if (j > 0) adj.append(", ");
                adj.append("grad(__w.__loss, __w.__a")
                        .append(j)
                        .append(") AS __b")
                        .append(j);
            }
            defs.add(l0.name("adj") + " AS (" + adj + " FROM (" + w + ") AS __w)");
            emitLevel(l0);
        }
        StringBuilder sums = new StringBuilder("SELECT " + RID);
        StringBuilder out = new StringBuilder("SELECT ");
        int k = 0;
        for (int i = 0; i < columns.size(); i++) {
            TargetColumn c = columns.get(i);
            if (i > 0) out.append(", ");
            if (c.differentiable()) {
                sums.append(", SUM(__g").append(i).append(") AS __g").append(i);
                out.append("CAST(COALESCE(__gs.__g")
                        .append(i)
                        .append(", 0.0) AS ")
                        .append(c.sqlType())
                        .append(") AS ")
                        .append(quote(c.name()));
                k++;
            } else out.append("__gt.").append(quote(c.name()));
        }
        defs.add("__gs AS (" + sums + " FROM (" + String.join(" UNION ALL ", contributions) + ") AS __u GROUP BY " + RID
                + ")");
        out.append(" FROM " + (numbered == null ? "__gt" : numbered + " AS __gt") + " LEFT JOIN __gs ON __gs.")
                .append(RID)
                .append(" = __gt.")
                .append(RID)
                .append(" ORDER BY __gt.")
                .append(RID);
        // one CTE a line: EXPLAIN prints this text as the backward plan
        return "WITH " + String.join(",\n     ", defs) + "\n" + out;
    }

    /** The relation of the target's numbered rows: the shared CTE, or the caller's. */
    private String gt() {
        return numbered == null ? "__gt" : numbered;
    }

    /** The FROM list of the top block as written (its CTE references resolve to the loss query's WITH). */
    private static String topFrom(QueryBody.Select s) {
        return sql(s.from());
    }

    private QueryBody.Select select(QueryBody body, String what) {
        return switch (body) {
            case QueryBody.Select s -> s;
            case QueryBody.ParenthesizedQuery p -> {
                if (!p.query().isBare()) throw unsupported("WITH / ORDER BY / LIMIT inside " + what);
                yield select(p.query().body(), what);
            }
            case QueryBody.SetOperation op -> {
                if (op.op() == QueryBody.SetOperator.UNION && op.all())
                    throw unsupported("UNION ALL in " + what + " is not supported by GRADIENT yet");
                throw grad("GRADIENT: cannot differentiate through " + op.op() + (op.all() ? " ALL" : "")
                        + " (a set operation compares rows; only UNION ALL has a gradient)");
            }
            case QueryBody.ValuesBody v -> throw grad("GRADIENT: VALUES does not read " + target);
        };
    }

    /** Builds the level of an aggregating (or the top) block: its rewritten FROM, keys, aggregates and scope. */
    private Level level(QueryBody.Select s, boolean top) {
        Level l = new Level(levels++, top);
        checkBlock(s);
        Scope scope = Scope.empty();
        List<String> from = new ArrayList<>();
        for (TableRef r : s.from()) from.add(ref(r, scope));
        l.scope = scope;
        l.from = String.join(", ", from);
        l.where = s.where() == null ? null : s.where().toSql();
        boolean grouped = !s.groupBy().isEmpty() || s.groupByAll();
        for (SelectItem it : s.items()) {
            if (!(it instanceof SelectItem.ExprItem e)) {
                if (top) throw grad("GRADIENT: the query must return exactly one numeric column, not *");
                continue;
            }
            checkNoSubqueryReads(e.expr(), "the select list");
            collectAggs(e.expr(), l);
        }
        if (s.groupByAll()) throw unsupported("GROUP BY ALL inside GRADIENT(...)");
        for (Expression k : s.groupBy()) l.keys.add(key(k, s).toSql());
        if (top) {
            if (s.items().size() != 1)
                throw grad("GRADIENT: the query must return exactly one column (the loss), not "
                        + s.items().size());
            if (grouped || s.having() != null)
                throw grad("GRADIENT: the query must return exactly one row: aggregate it without GROUP BY / HAVING");
            l.lossItem = ((SelectItem.ExprItem) s.items().getFirst()).expr().toSql();
            if (l.aggs.isEmpty()) {
                l.plain = true;
                if (s.where() != null)
                    throw grad("GRADIENT: the query must return exactly one row: a loss without aggregates may not"
                            + " have a WHERE clause");
                for (Lineage lin : scope.lineage)
                    if (!(lin.owner() instanceof LevelOwner lo
                            && lo.level().keys.isEmpty()))
                        throw grad("GRADIENT: the query must return exactly one row: aggregate it (SUM, AVG, ...)");
            }
        }
        return l;
    }

    private void checkBlock(QueryBody.Select s) {
        if (s.distinct() || !s.distinctOn().isEmpty())
            throw grad("GRADIENT: cannot differentiate through DISTINCT (it compares rows; use GROUP BY with an"
                    + " aggregate)");
        if (!s.groupingSets().isEmpty()) throw unsupported("GROUPING SETS / ROLLUP / CUBE inside GRADIENT(...)");
        if (s.qualify() != null || !s.windows().isEmpty()) throw unsupported("windows inside GRADIENT(...)");
        if (s.sample() != null) throw unsupported("USING SAMPLE inside GRADIENT(...)");
    }

    /** A GROUP BY key as an expression of the FROM columns: ordinals and select-list aliases resolved. */
    private static Expression key(Expression k, QueryBody.Select s) {
        if (k instanceof Expression.NumberLiteral n && n.isInteger()) {
            int i = n.value().intValue();
            if (i >= 1 && i <= s.items().size() && s.items().get(i - 1) instanceof SelectItem.ExprItem e)
                return e.expr();
        }
        if (k instanceof Expression.Identifier id && id.name().size() == 1) {
            for (SelectItem it : s.items())
                if (it instanceof SelectItem.ExprItem e
                        && e.alias() != null
                        && e.alias().matches(id.name().last().value())
                        && !(e.expr() instanceof Expression.Identifier other
                                && other.name().last().matches(id.name().last().value()))) return e.expr();
        }
        return k;
    }

    private void collectAggs(Expression e, Level l) {
        for (Expression x : walk(e)) {
            if (!(x instanceof FunctionCall f)) continue;
            if (f.over() != null)
                throw unsupported(
                        "window function " + f.simpleName() + "(...) OVER inside GRADIENT(...) (" + f.toSql() + ")");
            if (Functions.aggregate(f.simpleName()) == null) continue;
            String fn = f.simpleName().toLowerCase(Locale.ROOT);
            boolean known = switch (fn) {
                case "sum",
                        "total",
                        "avg",
                        "mean",
                        "count",
                        "min",
                        "max",
                        "stddev",
                        "stddev_samp",
                        "stddev_pop",
                        "variance",
                        "var_samp",
                        "var_pop" -> true;
                default -> false;
            };
            if (!known) throw unsupported("GRADIENT: no backward rule for the aggregate " + f.toSql());
            if (f.distinct()) throw grad("GRADIENT: cannot differentiate through " + f.toSql() + " (DISTINCT)");
            String arg;
            if (f.star() || f.args().isEmpty()) arg = null;
            else {
                if (f.args().size() != 1) throw unsupported("GRADIENT: aggregate " + f.toSql());
                arg = f.args().getFirst().toSql();
                if (f.filter() != null) arg = "CASE WHEN " + f.filter().toSql() + " THEN " + arg + " END";
            }
            String sql = f.toSql();
            boolean seen = false;
            for (Agg a : l.aggs) seen |= a.call().toSql().equals(sql);
            if (!seen) l.aggs.add(new Agg(f, fn, arg));
        }
    }

    // ---------------------------------------------------------------- FROM rewriting

    /** The SQL of one FROM item rewritten to carry lineage and variables up; adds what it exposes to {@code scope}. */
    private String ref(TableRef r, Scope scope) {
        return switch (r) {
            case TableRef.NamedTable n -> {
                String name = n.name().last().lower();
                if (n.name().size() == 1 && ctes.containsKey(name) && !name.equals(target)) {
                    Cte c = ctes.get(name);
                    if (!readsTarget(c.query().body())) yield n.toSql();
                    if (!c.query().isBare()) throw unsupported("WITH / ORDER BY / LIMIT in CTE " + name);
                    List<Ident> cols = !n.columnAliases().isEmpty() ? n.columnAliases() : c.columns();
                    String alias =
                            n.alias() != null ? n.alias().toSql() : c.name().toSql();
                    yield derived(select(c.query().body(), "CTE " + name), alias, cols, scope);
                }
                ViewBody view = !isTarget(n) && !ctes.containsKey(name) ? view(n) : null;
                if (view != null) {
                    if (!readsTarget(view.query().body())) yield n.toSql();
                    if (!view.query().isBare()) throw unsupported("WITH / ORDER BY / LIMIT in view " + name);
                    List<Ident> cols = n.columnAliases();
                    if (cols.isEmpty())
                        cols = view.columns().stream().map(Ident::of).toList();
                    String alias = n.alias() != null
                            ? n.alias().toSql()
                            : n.name().last().toSql();
                    yield derived(select(view.query().body(), "view " + name), alias, cols, scope);
                }
                if (!isTarget(n)) yield n.toSql();
                if (!n.columnAliases().isEmpty()) throw unsupported("column aliases on " + target);
                String alias =
                        n.alias() != null ? n.alias().toSql() : n.name().last().toSql();
                TargetOwner o = new TargetOwner(names++);
                for (int i = 0; i < columns.size(); i++)
                    if (columns.get(i).differentiable())
                        scope.vars.add(
                                new Var(alias + "." + quote(columns.get(i).name()), o, i));
                scope.lineage.add(new Lineage(List.of(alias + "." + RID), o));
                yield gt() + " AS " + alias;
            }
            case TableRef.DerivedTable d -> {
                if (!readsTarget(d.query().body())) yield d.toSql();
                if (d.lateral()) throw unsupported("LATERAL subqueries inside GRADIENT(...)");
                if (!d.query().isBare()) throw unsupported("WITH / ORDER BY / LIMIT in a derived table");
                String alias = d.alias() != null ? d.alias().toSql() : "__d" + names++;
                yield derived(select(d.query().body(), "a derived table"), alias, d.columnAliases(), scope);
            }
            case TableRef.Join j -> {
                String l = ref(j.left(), scope);
                String rr = ref(j.right(), scope);
                if (j.right() instanceof TableRef.Join) rr = "(" + rr + ")";
                String kw = switch (j.type()) {
                    case INNER -> "JOIN";
                    case LEFT -> "LEFT JOIN";
                    case RIGHT -> "RIGHT JOIN";
                    case FULL -> "FULL JOIN";
                    case CROSS -> "CROSS JOIN";
                };
                if (j.condition() instanceof TableRef.JoinCondition.Natural) {
                    if (readsTarget(j)) throw unsupported("NATURAL JOIN of " + target + " inside GRADIENT(...)");
                    kw = "NATURAL " + kw;
                }
                String sql = l + " " + kw + " " + rr;
                yield switch (j.condition()) {
                    case TableRef.JoinCondition.On on ->
                        sql + " ON " + on.expr().toSql();
                    case TableRef.JoinCondition.Using u -> sql + " USING (" + sql(u.columns()) + ")";
                    case TableRef.JoinCondition.Natural nat -> sql;
                    case TableRef.JoinCondition.None none -> sql;
                };
            }
            case TableRef.TableFunction f -> f.toSql();
            case TableRef.PathTable p -> p.toSql();
            case TableRef.ValuesTable v -> v.toSql();
            case TableRef.Gradient g -> throw unsupported("GRADIENT(...) nested inside GRADIENT(...)");
            case TableRef.SampledTable st -> {
                if (readsTarget(st.table())) throw unsupported("TABLESAMPLE of a FROM item that reads " + target);
                yield st.toSql();
            }
        };
    }

    /**
     * A derived table (or CTE reference) that reads the target. A non-aggregating block is inlined: it passes its
     * inputs' variables and lineage up as extra columns, so the consumer's {@code grad} differentiates through its
     * projections. An aggregating block becomes a lower level: it exposes its group keys (lineage) and each
     * aggregate (a variable, whose adjoint the level's backward rule then spreads over the group).
     */
    private String derived(QueryBody.Select written, String alias, List<Ident> colAliases, Scope scope) {
        QueryBody.Select s = hoist(written);
        boolean aggregating = !s.groupBy().isEmpty() || s.groupByAll() || s.having() != null || hasAggregate(s);
        StringBuilder sql = new StringBuilder("(SELECT ");
        List<String> items = new ArrayList<>();
        for (SelectItem it : s.items()) items.add(it.toSql());
        if (aggregating) {
            Level l = level(s, false);
            LevelOwner o = new LevelOwner(l);
            List<String> lin = new ArrayList<>();
            for (int i = 0; i < l.keys.size(); i++) {
                String c = "__k" + names++;
                items.add(l.keys.get(i) + " AS " + c);
                lin.add(alias + "." + c);
            }
            for (int j = 0; j < l.aggs.size(); j++) {
                String c = "__a" + names++;
                items.add(l.aggs.get(j).call().toSql() + " AS " + c);
                scope.vars.add(new Var(alias + "." + c, o, j));
            }
            scope.lineage.add(new Lineage(lin, o));
            // the forward values the consumer reads: the block as written, plus its keys and aggregates
            sql.append(String.join(", ", items)).append(" FROM ").append(sql(s.from()));
            if (s.where() != null) sql.append(" WHERE ").append(s.where().toSql());
            if (!s.groupBy().isEmpty()) sql.append(" GROUP BY ").append(sql(s.groupBy()));
            if (s.having() != null) sql.append(" HAVING ").append(s.having().toSql());
        } else {
            checkBlock(s);
            Scope inner = Scope.empty();
            List<String> from = new ArrayList<>();
            for (TableRef r : s.from()) from.add(ref(r, inner));
            for (SelectItem it : s.items())
                if (it instanceof SelectItem.ExprItem e) {
                    checkNoSubqueryReads(e.expr(), "the select list");
                    for (Expression x : walk(e.expr()))
                        if (x instanceof FunctionCall f && f.over() != null)
                            throw unsupported("window function " + f.simpleName() + "(...) OVER inside GRADIENT(...) ("
                                    + f.toSql() + ")");
                }
            for (Var v : inner.vars) {
                String c = "__v" + names++;
                items.add(v.ref() + " AS " + c);
                scope.vars.add(new Var(alias + "." + c, v.owner(), v.index()));
            }
            for (Lineage lin : inner.lineage) {
                List<String> refs = new ArrayList<>();
                for (String r : lin.refs()) {
                    String c = "__r" + names++;
                    items.add(r + " AS " + c);
                    refs.add(alias + "." + c);
                }
                scope.lineage.add(new Lineage(refs, lin.owner()));
            }
            sql.append(String.join(", ", items)).append(" FROM ").append(String.join(", ", from));
            if (s.where() != null) sql.append(" WHERE ").append(s.where().toSql());
        }
        sql.append(") AS ").append(alias);
        if (!colAliases.isEmpty()) sql.append(" (").append(sql(colAliases)).append(')');
        return sql.toString();
    }

    private static boolean hasAggregate(QueryBody.Select s) {
        for (SelectItem it : s.items())
            if (it instanceof SelectItem.ExprItem e)
                for (Expression x : walk(e.expr()))
                    if (x instanceof FunctionCall f && f.over() == null && Functions.aggregate(f.simpleName()) != null)
                        return true;
        return false;
    }

    // ---------------------------------------------------------------- backward emission

    /** The loss without aggregates: its per-row derivative is the whole gradient (its inputs have one row each). */
    private void emitPlain(Level l) {
        StringBuilder back = new StringBuilder("SELECT ");
        List<String> cols = new ArrayList<>();
        List<String> lin = lineageColumns(l, cols);
        for (int v = 0; v < l.scope.vars.size(); v++)
            cols.add("grad(" + l.lossItem + ", " + l.scope.vars.get(v).ref() + ") AS __c" + v);
        back.append(String.join(", ", cols)).append(" FROM ").append(l.from);
        defs.add(l.name("back") + " AS (" + back + ")");
        route(l, lin);
    }

    private List<String> lineageColumns(Level l, List<String> cols) {
        List<String> names = new ArrayList<>();
        int i = 0;
        for (Lineage lin : l.scope.lineage)
            for (String r : lin.refs()) {
                cols.add(r + " AS __lin" + i);
                names.add("__lin" + i);
                i++;
            }
        return names;
    }

    /**
     * The backward CTEs of an aggregating level whose aggregate adjoints are in {@code <level>_adj} (group keys
     * {@code __k<i>}, adjoint {@code __b<j>} of aggregate j): rows with their lineage and per-row derivatives, group
     * statistics, then each row's contribution to each variable.
     */
    private void emitLevel(Level l) {
        List<String> cols = new ArrayList<>();
        lineageColumns(l, cols);
        for (int i = 0; i < l.keys.size(); i++) cols.add(l.keys.get(i) + " AS __k" + i);
        for (int j = 0; j < l.aggs.size(); j++) {
            Agg a = l.aggs.get(j);
            if (a.arg() == null) continue;
            cols.add("CAST(" + a.arg() + " AS DOUBLE) AS __a" + j);
            for (int v = 0; v < l.scope.vars.size(); v++)
                cols.add("grad(" + a.arg() + ", " + l.scope.vars.get(v).ref() + ") AS __d" + j + "_" + v);
        }
        StringBuilder rows = new StringBuilder("SELECT ")
                .append(String.join(", ", cols))
                .append(" FROM ")
                .append(l.from);
        if (l.where != null) rows.append(" WHERE ").append(l.where);
        defs.add(l.name("rows") + " AS (" + rows + ")");

        List<String> keyCols = new ArrayList<>();
        for (int i = 0; i < l.keys.size(); i++) keyCols.add("__k" + i);
        String groupBy = keyCols.isEmpty() ? "" : " GROUP BY " + String.join(", ", keyCols);
        List<String> grp = new ArrayList<>(keyCols);
        boolean ties = false;
        for (int j = 0; j < l.aggs.size(); j++) {
            Agg a = l.aggs.get(j);
            if (a.arg() == null || a.fn().equals("count")) continue;
            String fn = a.fn().equals("mean") ? "avg" : a.fn();
            grp.add(fn + "(__a" + j + ") AS __A" + j);
            grp.add("COUNT(__a" + j + ") AS __n" + j);
            grp.add("AVG(__a" + j + ") AS __m" + j);
            ties |= fn.equals("min") || fn.equals("max");
        }
        grp.add("COUNT(*) AS __rows");
        // the group statistics are read by the weights of AVG, MIN/MAX, VARIANCE…; a level of SUMs alone (a
        // matrix product's) never reads them, and its rows are not joined to them: each row has exactly one group
        boolean readsGroup = ties;
        String[] weights = new String[l.aggs.size()];
        for (int j = 0; j < weights.length; j++) {
            weights[j] = weight(l.aggs.get(j), j);
            readsGroup |= weights[j] != null && weights[j].contains("__g.");
        }
        if (readsGroup)
            defs.add(l.name("grp") + " AS (SELECT " + String.join(", ", grp) + " FROM " + l.name("rows") + groupBy
                    + ")");
        if (ties) {
            List<String> t = new ArrayList<>();
            for (String k : keyCols) t.add("__r." + k);
            for (int j = 0; j < l.aggs.size(); j++) {
                String fn = l.aggs.get(j).fn();
                if (l.aggs.get(j).arg() != null && (fn.equals("min") || fn.equals("max")))
                    t.add("SUM(CASE WHEN __r.__a" + j + " = __g.__A" + j + " THEN 1.0 ELSE 0.0 END) AS __t" + j);
            }
            StringBuilder ts = new StringBuilder("SELECT ")
                    .append(String.join(", ", t))
                    .append(" FROM ")
                    .append(l.name("rows"))
                    .append(" AS __r ")
                    .append(join("__r", l.name("grp"), "__g", keyCols));
            if (!keyCols.isEmpty()) {
                List<String> g = new ArrayList<>();
                for (String k : keyCols) g.add("__r." + k);
                ts.append(" GROUP BY ").append(String.join(", ", g));
            }
            defs.add(l.name("ties") + " AS (" + ts + ")");
        }

        List<String> back = new ArrayList<>();
        List<String> lin = new ArrayList<>();
        int li = 0;
        for (Lineage x : l.scope.lineage)
            for (int i = 0; i < x.refs().size(); i++) {
                back.add("__r.__lin" + li + " AS __lin" + li);
                lin.add("__lin" + li);
                li++;
            }
        for (int v = 0; v < l.scope.vars.size(); v++) {
            List<String> terms = new ArrayList<>();
            for (int j = 0; j < l.aggs.size(); j++) {
                String w = weights[j];
                if (w == null) continue;
                terms.add("COALESCE(__b.__b" + j + " * " + w + " * __r.__d" + j + "_" + v + ", 0.0)");
            }
            back.add((terms.isEmpty() ? "0.0" : String.join(" + ", terms)) + " AS __c" + v);
        }
        StringBuilder b = new StringBuilder("SELECT ")
                .append(String.join(", ", back))
                .append(" FROM ")
                .append(l.name("rows"))
                .append(" AS __r");
        if (readsGroup) b.append(' ').append(join("__r", l.name("grp"), "__g", keyCols));
        if (ties) b.append(' ').append(join("__r", l.name("ties"), "__t", keyCols));
        b.append(' ').append(join("__r", l.name("adj"), "__b", keyCols));
        defs.add(l.name("back") + " AS (" + b + ")");
        route(l, lin);
    }

    /** ∂aggregate/∂(one row's argument), as SQL over {@code __r} (the row) and {@code __g} (its group); null for 0. */
    private static String weight(Agg a, int j) {
        if (a.arg() == null) return null;
        String x = "__r.__a" + j, agg = "__g.__A" + j, n = "__g.__n" + j, m = "__g.__m" + j;
        // test hook (ReverseGradientCheckTest): scales one aggregate's rule, so the checker is seen to fail
        String perturb = a.fn().equals(System.getProperty("nabla.reverse.perturb")) ? "1.001 * " : "";
        return perturb
                + switch (a.fn()) {
                    case "sum", "total" -> "1.0";
                    case "avg", "mean" -> "(1.0 / " + n + ")";
                    case "count" -> null;
                    case "min", "max" -> "(CASE WHEN " + x + " = " + agg + " THEN 1.0 / __t.__t" + j + " ELSE 0.0 END)";
                    case "variance", "var_samp" -> "(2.0 * (" + x + " - " + m + ") / (" + n + " - 1))";
                    case "var_pop" -> "(2.0 * (" + x + " - " + m + ") / " + n + ")";
                    case "stddev", "stddev_samp" -> "((" + x + " - " + m + ") / ((" + n + " - 1) * " + agg + "))";
                    case "stddev_pop" -> "((" + x + " - " + m + ") / (" + n + " * " + agg + "))";
                    default -> throw new IllegalStateException("no weight for " + a.fn());
                };
    }

    private static String join(String left, String table, String alias, List<String> keys) {
        if (keys.isEmpty()) return "CROSS JOIN " + table + " AS " + alias;
        List<String> on = new ArrayList<>();
        for (String k : keys) on.add(left + "." + k + " IS NOT DISTINCT FROM " + alias + "." + k);
        return "JOIN " + table + " AS " + alias + " ON " + String.join(" AND ", on);
    }

    /** Sends the contributions of {@code <level>_back} to the target rows and to the lower levels' groups. */
    private void route(Level l, List<String> lin) {
        String back = l.name("back");
        int li = 0;
        for (Lineage x : l.scope.lineage) {
            List<String> mine = lin.subList(li, li + x.refs().size());
            li += x.refs().size();
            switch (x.owner()) {
                case TargetOwner t -> {
                    StringBuilder c = new StringBuilder("SELECT " + mine.getFirst() + " AS " + RID);
                    for (int i = 0; i < columns.size(); i++) {
                        if (!columns.get(i).differentiable()) continue;
                        String sum = "0.0";
                        for (int v = 0; v < l.scope.vars.size(); v++) {
                            Var var = l.scope.vars.get(v);
                            if (var.owner().equals(t) && var.index() == i) sum = sum + " + __c" + v;
                        }
                        c.append(", ").append(sum).append(" AS __g").append(i);
                    }
                    contributions.add(c + " FROM " + back);
                }
                case LevelOwner lo -> {
                    Level child = lo.level();
                    List<String> items = new ArrayList<>();
                    for (int i = 0; i < mine.size(); i++) items.add(mine.get(i) + " AS __k" + i);
                    for (int j = 0; j < child.aggs.size(); j++) {
                        String sum = "0.0";
                        for (int v = 0; v < l.scope.vars.size(); v++) {
                            Var var = l.scope.vars.get(v);
                            if (var.owner().equals(lo) && var.index() == j) sum = sum + " + __c" + v;
                        }
                        items.add("SUM(" + sum + ") AS __b" + j);
                    }
                    String group = mine.isEmpty() ? "" : " GROUP BY " + String.join(", ", mine);
                    defs.add(child.name("adj") + " AS (SELECT " + String.join(", ", items) + " FROM " + back + group
                            + ")");
                    emitLevel(child);
                }
            }
        }
    }

    // ---------------------------------------------------------------- AST helpers

    private ViewBody view(TableRef.NamedTable n) {
        if (n.name().size() > 1 && !n.name().parts().getFirst().matches("main")) return null;
        return views.apply(n.name().last().lower());
    }

    private boolean isTarget(TableRef.NamedTable n) {
        return n.name().last().lower().equals(target);
    }

    /** Whether a query body reads the target in its FROM clauses (directly, through derived tables or CTEs). */
    private boolean readsTarget(QueryBody b) {
        return switch (b) {
            case QueryBody.Select s -> {
                boolean r = false;
                for (TableRef t : s.from()) r |= readsTarget(t);
                for (SelectItem it : s.items())
                    if (it instanceof SelectItem.ExprItem e)
                        for (Expression x : walk(e.expr()))
                            if (x instanceof Expression.ScalarSubquery sq)
                                r |= readsTarget(sq.query().body());
                yield r;
            }
            case QueryBody.SetOperation op -> readsTarget(op.left()) || readsTarget(op.right());
            case QueryBody.ValuesBody v -> false;
            case QueryBody.ParenthesizedQuery p -> readsTarget(p.query().body());
        };
    }

    private boolean readsTarget(TableRef t) {
        return switch (t) {
            case TableRef.NamedTable n -> {
                String name = n.name().last().lower();
                if (isTarget(n)) yield true;
                Cte c = n.name().size() == 1 ? ctes.get(name) : null;
                if (c != null) yield readsTarget(c.query().body());
                ViewBody v = view(n);
                yield v != null && readsTarget(v.query().body());
            }
            case TableRef.DerivedTable d -> readsTarget(d.query().body());
            case TableRef.Join j -> readsTarget(j.left()) || readsTarget(j.right());
            case TableRef.Gradient g -> false;
            case TableRef.SampledTable st -> readsTarget(st.table());
            case TableRef.TableFunction f -> false;
            case TableRef.PathTable p -> false;
            case TableRef.ValuesTable v -> false;
        };
    }

    /**
     * The block with each scalar subquery of its select list that reads the target and aggregates without GROUP BY
     * (so has exactly one row) moved into FROM as a cross-joined derived table {@code (subquery) AS __sN (__s)}: it
     * is then a lower level like any other. Filters (WHERE, ON) keep theirs: a condition has no gradient.
     */
    private QueryBody.Select hoist(QueryBody.Select written) {
        QueryBody.Select s = windowsAsJoins(written);
        List<String> items = new ArrayList<>();
        List<String> extra = new ArrayList<>();
        boolean aggregating = !s.groupBy().isEmpty() || s.groupByAll() || s.having() != null || hasAggregate(s);
        if (aggregating) {
            // in an aggregating block a subquery's value outside the aggregates would need its own adjoint path
            List<Expression> insideAggregates = new ArrayList<>();
            for (SelectItem it : s.items())
                if (it instanceof SelectItem.ExprItem e)
                    for (Expression x : walk(e.expr()))
                        if (x instanceof FunctionCall f
                                && f.over() == null
                                && Functions.aggregate(f.simpleName()) != null)
                            for (Expression a : f.args()) insideAggregates.addAll(walk(a));
            for (SelectItem it : s.items())
                if (it instanceof SelectItem.ExprItem e)
                    for (Expression x : walk(e.expr()))
                        if (x instanceof Expression.ScalarSubquery sq
                                && readsTarget(sq.query().body())
                                && insideAggregates.stream().noneMatch(y -> y == x))
                            throw unsupported("a scalar subquery that reads " + target + " outside the aggregates of"
                                    + " an aggregating block (" + x.toSql() + ")");
        }
        for (SelectItem it : s.items()) {
            String text = it.toSql();
            if (it instanceof SelectItem.ExprItem e)
                for (Expression x : walk(e.expr())) {
                    if (!(x instanceof Expression.ScalarSubquery sq)
                            || !readsTarget(sq.query().body())) continue;
                    if (!(sq.query().isBare()
                            && sq.query().body() instanceof QueryBody.Select inner
                            && inner.groupBy().isEmpty()
                            && !inner.groupByAll()
                            && inner.having() == null
                            && hasAggregate(inner)
                            && inner.items().size() == 1)) continue; // refused by checkNoSubqueryReads
                    String sub = x.toSql();
                    if (!text.contains(sub)) continue;
                    String name = "__s" + names++;
                    text = text.replace(sub, name + ".__s");
                    extra.add(sub + " AS " + name + " (__s)");
                }
            items.add(text);
        }
        if (extra.isEmpty()) return s;
        StringBuilder q =
                new StringBuilder("SELECT ").append(String.join(", ", items)).append(" FROM ");
        List<String> from = new ArrayList<>();
        for (TableRef r : s.from()) from.add(r.toSql());
        from.addAll(extra);
        q.append(String.join(", ", from));
        if (s.where() != null) q.append(" WHERE ").append(s.where().toSql());
        if (!s.groupBy().isEmpty()) q.append(" GROUP BY ").append(sql(s.groupBy()));
        if (s.groupByAll()) q.append(" GROUP BY ALL");
        if (s.having() != null) q.append(" HAVING ").append(s.having().toSql());
        if (s.distinct()
                || !s.distinctOn().isEmpty()
                || !s.groupingSets().isEmpty()
                || !s.windows().isEmpty()) return s; // refused later with its own message
        return (QueryBody.Select)
                dev.nabla.parser.Parser.parseQuery(q.toString()).body();
    }

    /**
     * The block with each aggregate used as a window over whole partitions ({@code SUM(e) OVER (PARTITION BY k)},
     * {@code AVG(e) OVER ()}: no ORDER BY, no frame) replaced by a join to the same aggregate grouped by the partition
     * keys over the block's own FROM and WHERE: {@code (SELECT k AS __p0, SUM(e) AS __w FROM … WHERE … GROUP BY k)
     * AS __wN}, matched on {@code k IS NOT DISTINCT FROM __wN.__p0}. The value of every row is the same; the grouped
     * block is then a lower level like any other, so the window's backward rule is the aggregate's (each row of a
     * partition receives the sum of the adjoints of the partition's outputs, times ∂aggregate/∂row). Only in a block
     * without aggregates (where a window sees the FROM rows); other windows are refused later, naming the function.
     */
    private QueryBody.Select windowsAsJoins(QueryBody.Select s) {
        boolean aggregating = !s.groupBy().isEmpty() || s.groupByAll() || s.having() != null || hasAggregate(s);
        if (aggregating
                || s.distinct()
                || !s.distinctOn().isEmpty()
                || !s.groupingSets().isEmpty()
                || !s.windows().isEmpty()
                || s.qualify() != null
                || s.sample() != null
                || s.from().isEmpty()) return s;
        List<String> items = new ArrayList<>();
        List<String> extra = new ArrayList<>();
        List<String> on = new ArrayList<>();
        String from = sql(s.from());
        for (SelectItem it : s.items()) {
            String text = it.toSql();
            if (it instanceof SelectItem.ExprItem e)
                for (Expression x : walk(e.expr())) {
                    if (!(x instanceof FunctionCall f)
                            || f.over() == null
                            || Functions.aggregate(f.simpleName()) == null
                            || f.over().baseWindow() != null
                            || !f.over().orderBy().isEmpty()
                            || f.over().frame() != null
                            || !readsTarget(s)) continue;
                    String sub = f.toSql();
                    if (!text.contains(sub)) continue;
                    for (Expression a : f.args())
                        for (Expression y : walk(a))
                            if (y instanceof FunctionCall g && g.over() != null)
                                throw unsupported("a window function inside the argument of " + sub);
                    String name = "__w" + names++;
                    FunctionCall agg = new FunctionCall(
                            f.name(),
                            f.args(),
                            f.namedArgs(),
                            f.distinct(),
                            f.star(),
                            f.orderBy(),
                            f.withinGroup(),
                            f.filter(),
                            null,
                            f.span());
                    List<String> keys = new ArrayList<>();
                    List<String> cols = new ArrayList<>();
                    for (int i = 0; i < f.over().partitionBy().size(); i++) {
                        String k = f.over().partitionBy().get(i).toSql();
                        keys.add(k);
                        cols.add(k + " AS __p" + i);
                        on.add("(" + k + ") IS NOT DISTINCT FROM " + name + ".__p" + i);
                    }
                    cols.add(agg.toSql() + " AS __w");
                    StringBuilder d = new StringBuilder("(SELECT ")
                            .append(String.join(", ", cols))
                            .append(" FROM ")
                            .append(from);
                    if (s.where() != null) d.append(" WHERE ").append(s.where().toSql());
                    if (!keys.isEmpty()) d.append(" GROUP BY ").append(String.join(", ", keys));
                    d.append(") AS ").append(name);
                    extra.add(d.toString());
                    text = text.replace(sub, name + ".__w");
                }
            items.add(text);
        }
        if (extra.isEmpty()) return s;
        StringBuilder q = new StringBuilder("SELECT ")
                .append(String.join(", ", items))
                .append(" FROM ")
                .append(from);
        for (String e : extra) q.append(", ").append(e);
        List<String> where = new ArrayList<>();
        if (s.where() != null) where.add("(" + s.where().toSql() + ")");
        where.addAll(on);
        if (!where.isEmpty()) q.append(" WHERE ").append(String.join(" AND ", where));
        return (QueryBody.Select)
                dev.nabla.parser.Parser.parseQuery(q.toString()).body();
    }

    private boolean readsTarget(QueryBody.Select s) {
        return readsTarget((QueryBody) s);
    }

    /** A subquery inside an expression that reads the target would need a backward rule of its own. */
    private void checkNoSubqueryReads(Expression e, String where) {
        for (Expression x : walk(e)) {
            Query q = null;
            if (x instanceof Expression.ScalarSubquery sq) q = sq.query();
            else if (x instanceof Expression.InSubquery sq) q = sq.query();
            else if (x instanceof Expression.Exists sq) q = sq.query();
            if (q != null && readsTarget(q.body()))
                throw unsupported("a subquery in " + where + " that reads " + target + " (" + x.toSql()
                        + ") other than a scalar aggregate without GROUP BY; join it as a derived table instead");
        }
    }

    /** {@code e} and every expression under it (not inside subqueries). */
    static List<Expression> walk(Expression e) {
        List<Expression> out = new ArrayList<>();
        walk(e, out);
        return out;
    }

    private static void walk(Expression e, List<Expression> out) {
        if (e == null) return;
        out.add(e);
        switch (e) {
            case Expression.NumberLiteral x -> {}
            case Expression.StringLiteral x -> {}
            case Expression.BlobLiteral x -> {}
            case Expression.BooleanLiteral x -> {}
            case Expression.NullLiteral x -> {}
            case Expression.TypedLiteral x -> {}
            case Expression.Identifier x -> {}
            case Expression.Parameter x -> {}
            case Expression.InSubquery x -> walk(x.expr(), out);
            case Expression.Exists x -> {}
            case Expression.ScalarSubquery x -> {}
            case Expression.UnaryOp x -> walk(x.operand(), out);
            case Expression.BinaryOp x -> {
                walk(x.left(), out);
                walk(x.right(), out);
            }
            case Expression.IsNull x -> walk(x.expr(), out);
            case Expression.IsBoolean x -> walk(x.expr(), out);
            case Expression.IsDistinctFrom x -> {
                walk(x.left(), out);
                walk(x.right(), out);
            }
            case Expression.Between x -> {
                walk(x.expr(), out);
                walk(x.low(), out);
                walk(x.high(), out);
            }
            case Expression.InList x -> {
                walk(x.expr(), out);
                for (Expression y : x.list()) walk(y, out);
            }
            case Expression.Like x -> {
                walk(x.expr(), out);
                walk(x.pattern(), out);
                walk(x.escape(), out);
            }
            case Expression.RegexMatch x -> {
                walk(x.expr(), out);
                walk(x.pattern(), out);
            }
            case Expression.SimilarTo x -> {
                walk(x.expr(), out);
                walk(x.pattern(), out);
                walk(x.escape(), out);
            }
            case Expression.Glob x -> {
                walk(x.expr(), out);
                walk(x.pattern(), out);
            }
            case Expression.Case x -> {
                walk(x.operand(), out);
                for (Expression.WhenClause w : x.whens()) {
                    walk(w.condition(), out);
                    walk(w.result(), out);
                }
                walk(x.elseResult(), out);
            }
            case Expression.Cast x -> walk(x.expr(), out);
            case FunctionCall x -> {
                for (Expression y : x.args()) walk(y, out);
                walk(x.filter(), out);
            }
            case Expression.ArrayLiteral x -> {
                for (Expression y : x.elements()) walk(y, out);
            }
            case Expression.Row x -> {
                for (Expression y : x.values()) walk(y, out);
            }
            case Expression.DefaultValue x -> {}
            case Expression.StructLiteral x -> {
                for (Expression y : x.values()) walk(y, out);
            }
            case Expression.Collate x -> walk(x.expr(), out);
            // only COLUMNS(c -> …) takes a lambda, and it is expanded away before this runs
            case Expression.Lambda x -> {}
        }
    }

    private static String sql(List<? extends dev.nabla.parser.ast.Node> nodes) {
        List<String> out = new ArrayList<>();
        for (dev.nabla.parser.ast.Node n : nodes) out.add(n.toSql());
        return String.join(", ", out);
    }

    private static String quote(String name) {
        return SqlWriter.ident(name, false);
    }

    private NablaException unsupported(String what) {
        String m = what.startsWith("GRADIENT") ? what : "GRADIENT: " + what + " is not supported";
        return new NablaException(ErrorCode.UNSUPPORTED, span, m);
    }

    private NablaException grad(String message) {
        return new NablaException(ErrorCode.GRAD, span, message);
    }
}
