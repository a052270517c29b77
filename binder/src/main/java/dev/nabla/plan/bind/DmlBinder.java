package dev.nabla.plan.bind;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.common.Span;
import dev.nabla.parser.ast.Assignment;
import dev.nabla.parser.ast.Expression;
import dev.nabla.parser.ast.Ident;
import dev.nabla.parser.ast.QueryBody;
import dev.nabla.parser.ast.SelectItem;
import dev.nabla.parser.ast.Statement;
import dev.nabla.parser.ast.TableRef;
import dev.nabla.plan.bound.BoundStatement;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Literal;
import dev.nabla.plan.expr.Param;
import dev.nabla.plan.expr.SortKey;
import dev.nabla.plan.logical.Column;
import dev.nabla.plan.logical.Filter;
import dev.nabla.plan.logical.Join;
import dev.nabla.plan.logical.JoinType;
import dev.nabla.plan.logical.LogicalPlan;
import dev.nabla.plan.logical.Project;
import dev.nabla.plan.logical.TableSource;
import dev.nabla.plan.logical.Values;
import dev.nabla.plan.logical.Window;
import dev.nabla.plan.logical.WritableTable;
import dev.nabla.storage.DataType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The data-changing statements: INSERT (VALUES or a query, ON CONFLICT, RETURNING), UPDATE (with FROM),
 * DELETE and MERGE, bound to the rows they write; {@link dev.nabla.plan.bound.DmlRows} then gives them
 * their final shape. Part of {@link Binder}, which dispatches to it.
 */
final class DmlBinder {
    private final Binder binder;
    private final BindState state;
    private final QueryBinder queries;
    private final ExprBinder exprs;

    DmlBinder(Binder binder, BindState state, QueryBinder queries) {
        this.binder = binder;
        this.state = state;
        this.queries = queries;
        this.exprs = queries.exprs;
    }

    BoundStatement insert(Statement.Insert ins) {
        TableSource t = binder.table(ins.table());
        List<Integer> targets = new ArrayList<>();
        if (ins.columns().isEmpty()) {
            for (int i = 0; i < t.columnNames().size(); i++) targets.add(i);
        } else {
            Set<Integer> seen = new HashSet<>();
            for (Ident col : ins.columns()) {
                int idx = Binder.columnIndex(t, col, ins.table().toSql());
                if (!seen.add(idx))
                    throw new NablaException(
                            ErrorCode.INVALID_ARGUMENT,
                            col.span(),
                            "column \"" + col.value() + "\" specified more than once");
                targets.add(idx);
            }
        }
        boolean valuesBody =
                ins.source() != null && ins.source().isBare() && ins.source().body() instanceof QueryBody.ValuesBody;
        for (int idx : targets) {
            // a VALUES row may still give such a column DEFAULT: insertValues checks cell by cell
            if (!valuesBody
                    && !ins.overridingSystemValue()
                    && !ins.overridingUserValue()
                    && state.catalog.generatedAlways(t, idx))
                throw new NablaException(
                        ErrorCode.GENERATED_ALWAYS,
                        ins.columns().isEmpty()
                                ? ins.table().span()
                                : ins.columns().get(targets.indexOf(idx)).span(),
                        "cannot insert a non-DEFAULT value into column \""
                                + t.columnNames().get(idx)
                                + "\": it is GENERATED ALWAYS AS IDENTITY (use OVERRIDING SYSTEM VALUE to give it)");
        }
        LogicalPlan source;
        if (ins.source() == null) {
            // DEFAULT VALUES: one row with no explicit columns
            targets = List.of();
            source = new Values(List.of(List.of()), List.of());
        } else if (ins.source().isBare() && ins.source().body() instanceof QueryBody.ValuesBody v) {
            source = insertValues(t, targets, v, ins.overridingSystemValue(), ins.overridingUserValue());
        } else {
            Rel r = queries.topLevel(ins.source());
            source = convertForInsert(t, targets, r.plan(), ins.source().span());
            if (ins.overridingUserValue()) {
                // the query's values for identity columns are dropped: those columns take their defaults
                List<Integer> kept = new ArrayList<>();
                List<Expr> es = new ArrayList<>();
                List<Column> cols = new ArrayList<>();
                for (int i = 0; i < targets.size(); i++) {
                    if (state.catalog.identity(t, targets.get(i))) continue;
                    kept.add(targets.get(i));
                    Column col = source.output().get(i);
                    es.add(col.ref());
                    cols.add(new Column(state.ids.next(), col.name(), null, col.type(), true));
                }
                if (kept.size() < targets.size()) {
                    source = new Project(source, es, cols);
                    targets = kept;
                }
            }
        }
        BoundStatement.Returning returning = null;
        if (!ins.returning().isEmpty()) {
            // RETURNING sees the row as inserted: the table's columns, defaults filled in
            Rel row = queries.scan(t, ins.table().last().value(), null);
            Ctx c = new Ctx(null, CteEnv.EMPTY);
            c.fields = row.fields();
            returning = returning(ins.returning(), c, row.plan().output());
        }
        Statement.OnConflict oc = ins.onConflict();
        // SQLite's INSERT OR IGNORE skips a row whose key is taken: ON CONFLICT DO NOTHING
        if (oc == null && ins.conflict() == Statement.Conflict.IGNORE)
            oc = new Statement.OnConflict(List.of(), List.of(), null, ins.span());
        BoundStatement.OnConflict onConflict =
                oc == null ? null : onConflict(t, ins.table().last().value(), oc);
        return new BoundStatement.Insert(
                t, targets, source, ins.conflict() == Statement.Conflict.REPLACE, returning, onConflict);
    }

    /**
     * ON CONFLICT: SET and WHERE see the stored row's columns (unqualified or qualified by the table's
     * name) and the proposed row as {@code excluded.col}, as in PostgreSQL.
     */
    private BoundStatement.OnConflict onConflict(TableSource t, String name, Statement.OnConflict oc) {
        List<Integer> target = new ArrayList<>();
        for (Ident col : oc.target()) {
            int idx = Binder.columnIndex(t, col, name);
            if (!target.contains(idx)) target.add(idx);
        }
        if (!oc.doNothing() && target.isEmpty()) {
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT,
                    oc.span(),
                    "ON CONFLICT DO UPDATE requires a conflict target: ON CONFLICT (col, …)");
        }
        List<Column> existing = new ArrayList<>(), excluded = new ArrayList<>();
        List<Field> fields = new ArrayList<>();
        for (int c = 0; c < t.columnNames().size(); c++) {
            Column e = new Column(
                    state.ids.next(),
                    t.columnNames().get(c),
                    name,
                    t.columnTypes().get(c),
                    true);
            Column x = new Column(
                    state.ids.next(),
                    t.columnNames().get(c),
                    "excluded",
                    t.columnTypes().get(c),
                    true);
            existing.add(e);
            excluded.add(x);
            fields.add(new Field(name, null, e, false, false));
            fields.add(new Field("excluded", null, x, true, false));
        }
        List<Integer> setColumns = new ArrayList<>();
        List<Expr> setValues = new ArrayList<>();
        Expr where = null;
        if (!oc.doNothing()) {
            Ctx c = new Ctx(null, CteEnv.EMPTY);
            c.fields = fields;
            c.clause("ON CONFLICT", false, false);
            for (Assignment a : oc.set()) {
                int idx = Binder.columnIndex(t, a.column(), name);
                boolean toDefault = a.value() instanceof Expression.DefaultValue;
                if (!toDefault) checkNotAlways(t, idx, a);
                if (setColumns.contains(idx)) {
                    throw new NablaException(
                            ErrorCode.INVALID_ARGUMENT,
                            a.span(),
                            "multiple assignments to same column \""
                                    + a.column().value() + "\"");
                }
                setColumns.add(idx);
                setValues.add(
                        toDefault
                                ? defaultOf(t, idx)
                                : assign(
                                        exprs.bind(a.value(), c),
                                        t,
                                        idx,
                                        a.value().span()));
            }
            if (oc.where() != null) {
                c.clause("WHERE", false, false);
                where = exprs.bind(oc.where(), c);
                if (where.type() != DataType.BOOLEAN && where.type() != DataType.NULL) {
                    throw new NablaException(
                            ErrorCode.TYPE_MISMATCH,
                            oc.where().span(),
                            "argument of WHERE must be type BOOLEAN, not "
                                    + where.type().sqlName());
                }
            }
        }
        return new BoundStatement.OnConflict(target, existing, excluded, setColumns, setValues, where);
    }

    private LogicalPlan insertValues(
            TableSource t,
            List<Integer> targets,
            QueryBody.ValuesBody v,
            boolean overridingSystemValue,
            boolean overridingUserValue) {
        List<List<Expr>> rows = new ArrayList<>();
        Ctx c = new Ctx(null, CteEnv.EMPTY);
        c.clause("VALUES", false, false);
        for (List<Expression> row : v.rows()) {
            if (row.size() != targets.size()) {
                throw new NablaException(
                        ErrorCode.INVALID_ARGUMENT,
                        v.span(),
                        "INSERT has " + row.size() + " values but " + targets.size() + " target columns");
            }
            List<Expr> r = new ArrayList<>();
            for (int i = 0; i < row.size(); i++) {
                int idx = targets.get(i);
                if (row.get(i) instanceof Expression.DefaultValue
                        || (overridingUserValue && state.catalog.identity(t, idx))) {
                    r.add(defaultOf(t, idx));
                    continue;
                }
                if (!overridingSystemValue && state.catalog.generatedAlways(t, idx)) // (USER VALUE took DEFAULT above)
                throw new NablaException(
                            ErrorCode.GENERATED_ALWAYS,
                            row.get(i).span(),
                            "cannot insert a non-DEFAULT value into column \""
                                    + t.columnNames().get(idx)
                                    + "\": it is GENERATED ALWAYS AS IDENTITY (use OVERRIDING SYSTEM VALUE to give it)");
                Expr e = exprs.bind(row.get(i), c);
                r.add(assign(e, t, idx, row.get(i).span()));
            }
            rows.add(r);
        }
        List<Column> out = new ArrayList<>();
        for (int idx : targets)
            out.add(new Column(
                    state.ids.next(),
                    t.columnNames().get(idx),
                    null,
                    t.columnTypes().get(idx),
                    true));
        return new Values(rows, out);
    }

    /**
     * {@code INSERT INTO t SELECT ?, ...}: a bare parameter in the select list had no type context and was
     * defaulted to VARCHAR; the target column is its context, as for {@code INSERT ... VALUES (?)}.
     */
    private LogicalPlan typeSelectedParams(TableSource t, List<Integer> targets, LogicalPlan plan) {
        if (!(plan instanceof Project p)) return plan;
        List<Expr> es = new ArrayList<>(p.exprs());
        List<Column> cols = new ArrayList<>(p.output());
        boolean changed = false;
        for (int i = 0; i < es.size(); i++) {
            DataType to = t.columnTypes().get(targets.get(i));
            if (es.get(i) instanceof Param q && q.type() == DataType.VARCHAR && to != DataType.VARCHAR) {
                es.set(i, new Param(q.index(), to, q.span()));
                Column c = cols.get(i);
                cols.set(i, new Column(c.id(), c.name(), c.qualifier(), to, c.nullable()));
                changed = true;
            }
        }
        return changed ? new Project(p.input(), es, cols) : plan;
    }

    /** {@code e} converted to the type of column {@code idx}, or an error when it cannot be stored there. */
    /** Column {@code idx}'s DEFAULT (its identity's or SERIAL's nextval included) at the column's type, or NULL. */
    private static Expr defaultOf(TableSource t, int idx) {
        DataType to = t.columnTypes().get(idx);
        Expr d = t instanceof WritableTable w ? w.defaultOf(idx) : null;
        return d == null ? Literal.nullOf(to) : TypeRules.coerce(d, to);
    }

    private Expr assign(Expr e, TableSource t, int idx, Span span) {
        DataType to = t.columnTypes().get(idx);
        if (ExprBinder.isUnknownParam(e)) return TypeRules.coerce(e, to);
        if (!TypeRules.assignable(e, to)) {
            throw new NablaException(
                    ErrorCode.TYPE_MISMATCH,
                    span,
                    "cannot insert " + e.type().sqlName() + " into column "
                            + t.columnNames().get(idx) + " of type " + to.sqlName());
        }
        return TypeRules.coerce(e, to);
    }

    private LogicalPlan convertForInsert(TableSource t, List<Integer> targets, LogicalPlan plan, Span span) {
        List<Column> out = plan.output();
        if (out.size() != targets.size()) {
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT,
                    span,
                    "INSERT has " + out.size() + " expressions but " + targets.size() + " target columns");
        }
        plan = typeSelectedParams(t, targets, plan);
        out = plan.output();
        boolean same = true;
        for (int i = 0; i < out.size(); i++)
            same &= out.get(i).type().equals(t.columnTypes().get(targets.get(i)));
        if (same) return plan;
        List<Expr> es = new ArrayList<>();
        List<Column> cols = new ArrayList<>();
        for (int i = 0; i < out.size(); i++) {
            int idx = targets.get(i);
            es.add(assign(out.get(i).ref(), t, idx, span));
            cols.add(new Column(
                    state.ids.next(),
                    t.columnNames().get(idx),
                    null,
                    t.columnTypes().get(idx),
                    true));
        }
        return new Project(plan, es, cols);
    }

    /**
     * {@code UPDATE t SET ... [FROM refs] [WHERE ...]}. With FROM, the target is cross-joined with the FROM
     * rows (numbered in the order the FROM clause yields them) and filtered by WHERE; a target row matched
     * by several FROM rows keeps only the first of them, so each row is updated once and deterministically.
     */
    BoundStatement update(Statement.Update u) {
        TableSource t = binder.table(u.table());
        Column rowId = new Column(state.ids.next(), "rowid", null, DataType.BIGINT, false);
        String q = u.alias() != null ? u.alias().value() : u.table().last().value();
        Rel target = queries.scan(t, q, rowId);
        Ctx c = new Ctx(null, CteEnv.EMPTY);
        LogicalPlan rows = target.plan();
        List<Field> fields = new ArrayList<>(target.fields());
        Column fromRow = null;
        if (!u.from().isEmpty()) {
            for (TableRef ref : u.from()) {
                if (Binder.exposes(ref, q)) {
                    throw new NablaException(
                            ErrorCode.DUPLICATE_OBJECT,
                            ref.span(),
                            "table name \"" + q + "\" specified more than once");
                }
            }
            Rel from = queries.from(u.from(), c);
            Window numbered = FirstPerGroup.numbered(from.plan(), "#from_row", state.ids);
            fromRow = numbered.output().getLast();
            List<Column> out = new ArrayList<>(rows.output());
            out.addAll(numbered.output());
            rows = new Join(rows, numbered, JoinType.CROSS, null, out);
            fields.addAll(from.fields());
        }
        c.fields = fields;
        if (u.where() != null) {
            c.clause("WHERE", false, false);
            rows = new Filter(rows, exprs.predicate(u.where(), c, "WHERE"));
        }
        if (fromRow != null)
            rows = FirstPerGroup.first(
                    rows, List.of(rowId.ref()), List.of(new SortKey(fromRow.ref(), true, false)), state.ids);
        c.clause("UPDATE SET", false, false);
        List<Integer> targets = new ArrayList<>();
        List<Expr> values = new ArrayList<>();
        bindAssignments(u.assignments(), c, t, u.table().toSql(), targets, values);
        BoundStatement.Returning returning = null;
        if (!u.returning().isEmpty()) {
            // the target's names mean the row as updated: fresh columns the engine defines from the new values
            Rel updated = queries.scan(t, q, null);
            Ctx rc = new Ctx(null, CteEnv.EMPTY);
            List<Field> visible = new ArrayList<>(updated.fields());
            visible.addAll(fields.subList(target.fields().size(), fields.size()));
            rc.fields = visible;
            returning = returning(u.returning(), rc, updated.plan().output());
        }
        return new BoundStatement.Update(t, rows, rowId, targets, values, returning);
    }

    /** PostgreSQL: a GENERATED ALWAYS identity column is never given a value, by UPDATE or ON CONFLICT either (428C9). */
    private void checkNotAlways(TableSource t, int idx, Assignment a) {
        if (state.catalog.generatedAlways(t, idx))
            throw new NablaException(
                    ErrorCode.GENERATED_ALWAYS,
                    a.column().span(),
                    "column \"" + t.columnNames().get(idx)
                            + "\" can only be updated to DEFAULT: it is GENERATED ALWAYS AS IDENTITY");
    }

    /** Binds SET assignments into target column indexes and values; of several assignments to one column the rightmost wins (SQLite). */
    private void bindAssignments(
            List<Assignment> set, Ctx c, TableSource t, String tableSql, List<Integer> targets, List<Expr> values) {
        for (Assignment a : set) {
            int idx = Binder.columnIndex(t, a.column(), tableSql);
            Expr v;
            if (a.value() instanceof Expression.DefaultValue) {
                v = defaultOf(t, idx); // allowed for a GENERATED ALWAYS identity too (PostgreSQL)
            } else {
                checkNotAlways(t, idx, a);
                v = assign(exprs.bind(a.value(), c), t, idx, a.value().span());
            }
            int prev = targets.indexOf(idx);
            if (prev >= 0) {
                values.set(prev, v);
                continue;
            }
            targets.add(idx);
            values.add(v);
        }
    }

    /**
     * MERGE: the source LEFT JOIN the target on the condition. WHEN MATCHED clauses see the source's
     * and the target's columns; WHEN NOT MATCHED ones only the source's (there is no target row).
     */
    BoundStatement merge(Statement.Merge m) {
        TableSource t = binder.table(m.target());
        String q = m.alias() != null ? m.alias().value() : m.target().last().value();
        if (Binder.exposes(m.source(), q)) {
            throw new NablaException(
                    ErrorCode.DUPLICATE_OBJECT, m.source().span(), "name \"" + q + "\" specified more than once");
        }
        Column scanRowId = new Column(state.ids.next(), "rowid", null, DataType.BIGINT, false);
        Rel target = queries.scan(t, q, scanRowId);
        Ctx c = new Ctx(null, CteEnv.EMPTY);
        Rel source = queries.from(List.of(m.source()), c);
        List<Column> out = new ArrayList<>(source.plan().output());
        List<Column> targetRow = new ArrayList<>();
        Column rowId = null;
        for (Column col : target.plan().output()) {
            Column n = new Column(col.id(), col.name(), col.qualifier(), col.type(), true);
            out.add(n);
            if (col.id() == scanRowId.id()) rowId = n;
            else targetRow.add(n);
        }
        List<Field> all = new ArrayList<>(source.fields());
        for (Field f : target.fields()) all.add(f.asNullable());
        c.fields = all;
        c.clause("MERGE/ON", false, false);
        Expr on = exprs.predicate(m.on(), c, "MERGE/ON");
        LogicalPlan rows = new Join(source.plan(), target.plan(), JoinType.LEFT, on, out);
        List<BoundStatement.MergeClause> clauses = new ArrayList<>();
        for (Statement.MergeClause mc : m.clauses()) {
            c.fields = mc.matched() ? all : source.fields();
            Expr cond = null;
            if (mc.condition() != null) {
                c.clause("WHEN", false, false);
                cond = exprs.predicate(mc.condition(), c, "WHEN");
            }
            List<Integer> targets = new ArrayList<>();
            List<Expr> values = new ArrayList<>();
            switch (mc.action()) {
                case UPDATE -> {
                    c.clause("UPDATE SET", false, false);
                    bindAssignments(mc.set(), c, t, m.target().toSql(), targets, values);
                }
                case INSERT -> {
                    c.clause("INSERT VALUES", false, false);
                    if (mc.columns().isEmpty()) {
                        for (int i = 0;
                                i < mc.values().size() && i < t.columnNames().size();
                                i++) targets.add(i);
                    } else {
                        for (Ident col : mc.columns()) {
                            int idx = Binder.columnIndex(t, col, m.target().toSql());
                            if (targets.contains(idx)) {
                                throw new NablaException(
                                        ErrorCode.INVALID_ARGUMENT,
                                        col.span(),
                                        "column \"" + col.value() + "\" specified more than once");
                            }
                            targets.add(idx);
                        }
                    }
                    if (!mc.values().isEmpty() && mc.values().size() != targets.size()) {
                        throw new NablaException(
                                ErrorCode.INVALID_ARGUMENT,
                                mc.span(),
                                mc.values().size() > targets.size()
                                        ? "INSERT has more expressions than target columns"
                                        : "INSERT has more target columns than expressions");
                    }
                    if (mc.values().isEmpty()) targets.clear();
                    for (int i = 0; i < mc.values().size(); i++) {
                        Expression e = mc.values().get(i);
                        values.add(
                                e instanceof Expression.DefaultValue
                                        ? defaultOf(t, targets.get(i))
                                        : assign(exprs.bind(e, c), t, targets.get(i), e.span()));
                    }
                }
                case DELETE, NOTHING -> {}
            }
            BoundStatement.MergeAction action = switch (mc.action()) {
                case UPDATE -> BoundStatement.MergeAction.UPDATE;
                case DELETE -> BoundStatement.MergeAction.DELETE;
                case INSERT -> BoundStatement.MergeAction.INSERT;
                case NOTHING -> BoundStatement.MergeAction.NOTHING;
            };
            clauses.add(new BoundStatement.MergeClause(mc.matched(), cond, action, targets, values));
        }
        return new BoundStatement.Merge(t, rows, rowId, targetRow, clauses);
    }

    BoundStatement delete(Statement.Delete d) {
        TableSource t = binder.table(d.table());
        Column rowId = new Column(state.ids.next(), "rowid", null, DataType.BIGINT, false);
        String q = d.alias() != null ? d.alias().value() : d.table().last().value();
        Rel r = queries.scan(t, q, rowId);
        LogicalPlan rows = r.plan();
        Ctx c = new Ctx(null, CteEnv.EMPTY);
        c.fields = r.fields();
        if (d.where() != null) {
            c.clause("WHERE", false, false);
            rows = new Filter(rows, exprs.predicate(d.where(), c, "WHERE"));
        }
        return new BoundStatement.Delete(t, rows, rowId, returning(d.returning(), c, tableColumns(r, t)));
    }

    /** The columns of a target-table scan, without its row id. */
    private static List<Column> tableColumns(Rel scan, TableSource t) {
        return scan.plan().output().subList(0, t.columnNames().size());
    }

    /**
     * A RETURNING clause bound over {@code c}'s fields (the target table's, plus FROM columns for UPDATE):
     * {@code *} and {@code t.*} expand like in a select list; null when there is no clause.
     */
    private BoundStatement.Returning returning(List<SelectItem> items, Ctx c, List<Column> row) {
        if (items.isEmpty()) return null;
        c.clause("RETURNING", false, false);
        List<Expr> out = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (SelectItem item : items) {
            switch (item) {
                case SelectItem.ExprItem e -> {
                    out.add(exprs.defaultParam(exprs.bind(e.expr(), c)));
                    names.add(e.alias() != null ? e.alias().value() : QueryBinder.nameOf(e.expr()));
                }
                case SelectItem.Star st -> {
                    List<Field> fs = new ArrayList<>();
                    for (Field f : c.fields) if (!f.qualifiedOnly()) fs.add(f);
                    starItems(fs, st.exclude(), st.replace(), st.span(), c, out, names);
                }
                case SelectItem.QualifiedStar qs -> {
                    String table = qs.qualifier().last().value();
                    List<Field> fs = new ArrayList<>();
                    for (Field f : c.fields) if (f.table() != null && f.table().equalsIgnoreCase(table)) fs.add(f);
                    if (fs.isEmpty())
                        throw new NablaException(
                                ErrorCode.UNKNOWN_TABLE, qs.qualifier().span(), "unknown table \"" + table + "\"");
                    starItems(fs, qs.exclude(), qs.replace(), qs.span(), c, out, names);
                }
            }
        }
        return new BoundStatement.Returning(row, out, names);
    }

    /** A RETURNING star's columns, EXCLUDE and REPLACE applied as in a select list. */
    private void starItems(
            List<Field> fields,
            List<Ident> exclude,
            List<SelectItem.Replacement> replace,
            Span span,
            Ctx c,
            List<Expr> out,
            List<String> names) {
        List<Expression> itemExprs = new ArrayList<>();
        List<Expr> refs = new ArrayList<>();
        StarColumns.expand(fields, exclude, replace, span, itemExprs, names, refs);
        for (int i = 0; i < refs.size(); i++)
            out.add(refs.get(i) != null ? refs.get(i) : exprs.defaultParam(exprs.bind(itemExprs.get(i), c)));
    }
}
