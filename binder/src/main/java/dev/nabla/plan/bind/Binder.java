package dev.nabla.plan.bind;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.parser.ast.Expression;
import dev.nabla.parser.ast.Ident;
import dev.nabla.parser.ast.IndexColumn;
import dev.nabla.parser.ast.NamedOption;
import dev.nabla.parser.ast.QualifiedName;
import dev.nabla.parser.ast.Query;
import dev.nabla.parser.ast.Statement;
import dev.nabla.parser.ast.TableRef;
import dev.nabla.plan.bound.BoundStatement;
import dev.nabla.plan.bound.CatalogReader;
import dev.nabla.plan.bound.DerivativeExpander;
import dev.nabla.plan.bound.DmlRows;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Exprs;
import dev.nabla.plan.expr.Param;
import dev.nabla.plan.logical.Column;
import dev.nabla.plan.logical.ColumnIds;
import dev.nabla.plan.logical.LogicalPlan;
import dev.nabla.plan.logical.PlanExprs;
import dev.nabla.plan.logical.Project;
import dev.nabla.plan.logical.TableSource;
import dev.nabla.storage.DataType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Binds a parsed statement: resolves names against the catalog, types and converts expressions,
 * plans queries into {@link LogicalPlan}s and expands derivatives through the {@link DerivativeExpander}.
 * This is the statement binder: it dispatches on the statement and binds queries, COPY, SET/SHOW,
 * ATTACH and transaction control itself; {@link DmlBinder} binds INSERT/UPDATE/DELETE/MERGE and
 * {@link DdlBinder} CREATE TABLE/ALTER TABLE/CREATE VIEW, over the same {@link BindState}.
 * One instance binds one statement; afterwards {@link #parameterTypes()} tells what each {@code ?} was typed as.
 */
public final class Binder {
    final BindState state;
    final QueryBinder queries;
    private final ExprBinder exprs;
    private final DmlBinder dml;
    private final DdlBinder ddl;
    private List<DataType> parameterTypes = List.of();
    private java.util.Set<Integer> freeParameters = java.util.Set.of();

    public Binder(CatalogReader catalog, DerivativeExpander expander) {
        this.state = new BindState(catalog, expander);
        this.queries = new QueryBinder(state);
        this.exprs = queries.exprs;
        this.dml = new DmlBinder(this, state, queries);
        this.ddl = new DdlBinder(state, queries);
    }

    /** One-call entry point for the engine. */
    public static BoundStatement bind(Statement stmt, CatalogReader catalog, DerivativeExpander expander) {
        return new Binder(catalog, expander).bind(stmt);
    }

    /** The type of each parameter (index 0 = first {@code ?}); untyped ones are VARCHAR. Valid after {@link #bind(Statement)}. */
    public List<DataType> parameterTypes() {
        return parameterTypes;
    }

    /**
     * Types for parameters whose context does not decide one (a bare {@code SELECT ?}, {@code CASE … THEN ?}):
     * index → type, usually the type of the value a client bound. Call before {@link #bind(Statement)}.
     */
    public Binder hintParameters(Map<Integer, DataType> hints) {
        state.paramHints.clear();
        state.paramHints.putAll(hints);
        return this;
    }

    /**
     * The parameters no context typed (they took their hint, or VARCHAR without one): a client's value
     * decides their type. Valid after {@link #bind(Statement)}.
     */
    public java.util.Set<Integer> freeParameters() {
        return freeParameters;
    }

    /** The smallest column id not used by anything bound so far: later passes may allocate from here. */
    public int nextColumnId() {
        return state.ids.peek();
    }

    /** Every grad/jvp/vjp expansion made so far. */
    public List<BoundStatement.GradReport> gradReports() {
        return List.copyOf(state.gradReports);
    }

    /** The bound statement; DML comes out in its final shape ({@link DmlRows}), with column ids from this statement's {@link ColumnIds}. */
    public BoundStatement bind(Statement stmt) {
        return DmlRows.shape(finishParams(statement(stmt)), state.ids);
    }

    private BoundStatement statement(Statement stmt) {
        return switch (stmt) {
            case Statement.QueryStatement q -> query(q.query());
            case Statement.Insert i -> dml.insert(i);
            case Statement.Update u -> dml.update(u);
            case Statement.Delete d -> dml.delete(d);
            case Statement.CreateTable ct -> ddl.createTable(ct);
            case Statement.CreateTableAs ct -> {
                BoundStatement.Query q = query(ct.query());
                yield new BoundStatement.CreateTableAs(
                        schemaOf(ct.name()),
                        ct.name().last().value(),
                        q.plan(),
                        q.columnNames(),
                        ct.ifNotExists(),
                        ct.orReplace());
            }
            case Statement.DropTable d ->
                new BoundStatement.DropTable(
                        d.names().stream().map(Binder::dotted).toList(),
                        d.ifExists(),
                        d.names().stream().map(QualifiedName::span).toList());
            case Statement.CreateView v -> ddl.createView(v);
            case Statement.DropView d ->
                new BoundStatement.DropView(
                        d.names().stream().map(Binder::dotted).toList(),
                        d.ifExists(),
                        d.names().stream().map(QualifiedName::span).toList());
            case Statement.CreateIndex ci -> {
                TableSource t = table(ci.table());
                List<String> cols = new ArrayList<>();
                for (IndexColumn ic : ci.columns())
                    cols.add(
                            columnIndex(t, ic.column(), ci.table().toSql()) >= 0
                                    ? ic.column().value()
                                    : null);
                yield new BoundStatement.CreateIndex(
                        dotted(ci.name()),
                        dotted(ci.table()),
                        cols,
                        ci.unique(),
                        ci.ifNotExists(),
                        ci.name().span(),
                        ci.table().span());
            }
            case Statement.DropIndex d -> {
                if (d.names().size() != 1)
                    throw new NablaException(ErrorCode.UNSUPPORTED, d.span(), "DROP INDEX takes one index name");
                yield new BoundStatement.DropIndex(
                        dotted(d.names().get(0)), d.ifExists(), d.names().get(0).span());
            }
            case Statement.CreateSequence cs ->
                new BoundStatement.SequenceDdl(
                        List.of(dotted(cs.name())),
                        true,
                        cs.ifNotExists(),
                        cs.start(),
                        cs.increment(),
                        cs.min(),
                        cs.max());
            case Statement.DropSequence ds ->
                new BoundStatement.SequenceDdl(
                        ds.names().stream().map(Binder::dotted).toList(), false, ds.ifExists(), null, 1, null, null);
            case Statement.Truncate t -> new BoundStatement.Truncate(table(t.table()));
            case Statement.AlterTable a -> ddl.alterTable(a);
            case Statement.Begin b -> new BoundStatement.Begin();
            case Statement.Commit c -> new BoundStatement.Commit();
            case Statement.Rollback r -> new BoundStatement.Rollback();
            case Statement.SetOption s ->
                new BoundStatement.SetOption(dotted(s.name()).toLowerCase(Locale.ROOT), optionValue(s.value()));
            case Statement.Explain e -> {
                BoundStatement inner = statement(e.statement());
                yield new BoundStatement.Explain(inner, e.analyze(), e.grad(), state.gradReports);
            }
            case Statement.ShowTables s -> new BoundStatement.ShowTables();
            case Statement.ShowSetting s ->
                new BoundStatement.ShowSetting(dotted(s.name()).toLowerCase(Locale.ROOT));
            case Statement.Describe d -> new BoundStatement.Describe(describable(d.table()));
            case Statement.DescribeQuery d -> {
                BoundStatement.Query q = query(d.query());
                yield new BoundStatement.Describe(new ViewShape(
                        "query",
                        q.columnNames(),
                        q.plan().output().stream().map(Column::type).toList()));
            }
            // SHOW ALL is a query over the settings' catalog function, so it prints, filters and sorts like one
            case Statement.ShowAll s ->
                query(dev.nabla.parser.Parser.parseQuery(
                        "SELECT name, value, description FROM duckdb_settings() ORDER BY name"));
            case Statement.Copy c -> copy(c);
            case Statement.Attach a ->
                new BoundStatement.Attach(
                        a.file(),
                        a.alias() == null
                                ? defaultAttachName(a.file())
                                : a.alias().value(),
                        options(a.options()));
            case Statement.Detach d -> new BoundStatement.Detach(d.name().value());
            case Statement.Checkpoint c -> new BoundStatement.Checkpoint();
            case Statement.Merge m -> dml.merge(m);
            case Statement.Savepoint s -> new BoundStatement.Savepoint(savepointName(s.name()));
            case Statement.RollbackToSavepoint r -> new BoundStatement.RollbackToSavepoint(savepointName(r.name()));
            case Statement.ReleaseSavepoint r -> new BoundStatement.ReleaseSavepoint(savepointName(r.name()));
        };
    }

    /** PostgreSQL folds unquoted names to lower case; quoted ones are kept as written. */
    private static String savepointName(Ident name) {
        return name.quoted() ? name.value() : name.lower();
    }

    // ---------------------------------------------------------------- queries

    private BoundStatement.Query query(Query q) {
        Rel r = queries.topLevel(q);
        return new BoundStatement.Query(
                r.plan(), r.plan().output().stream().map(Column::name).toList());
    }

<<<<<<< HEAD
    // ---------------------------------------------------------------- DML

    private BoundStatement insert(Statement.Insert ins) {
        TableSource t = table(ins.table());
        List<Integer> targets = new ArrayList<>();
        if (ins.columns().isEmpty()) {
            for (int i = 0; i < t.columnNames().size(); i++) targets.add(i);
        } else {
            Set<Integer> seen = new HashSet<>();
            for (Ident col : ins.columns()) {
                int idx = columnIndex(t, col, ins.table().toSql());
                if (!seen.add(idx))
                    throw new NablaException(
                            ErrorCode.INVALID_ARGUMENT,
                            col.span(),
                            "column \"" + col.value() + "\" specified more than once");
                targets.add(idx);
            }
        }
        for (int idx : targets) {
            if (!ins.overridingSystemValue() && state.catalog.generatedAlways(t, idx))
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
            source = insertValues(t, targets, v);
        } else {
            Rel r = queries.topLevel(ins.source());
            source = convertForInsert(t, targets, r.plan(), ins.source().span());
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
            int idx = columnIndex(t, col, name);
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
                int idx = columnIndex(t, a.column(), name);
                checkNotAlways(t, idx, a);
                if (setColumns.contains(idx)) {
                    throw new NablaException(
                            ErrorCode.INVALID_ARGUMENT,
                            a.span(),
                            "multiple assignments to same column \""
                                    + a.column().value() + "\"");
                }
                setColumns.add(idx);
                setValues.add(assign(exprs.bind(a.value(), c), t, idx, a.value().span()));
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

    private LogicalPlan insertValues(TableSource t, List<Integer> targets, QueryBody.ValuesBody v) {
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
                Expr e = exprs.bind(row.get(i), c);
                r.add(assign(e, t, targets.get(i), row.get(i).span()));
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
    private BoundStatement update(Statement.Update u) {
        TableSource t = table(u.table());
        Column rowId = new Column(state.ids.next(), "rowid", null, DataType.BIGINT, false);
        String q = u.alias() != null ? u.alias().value() : u.table().last().value();
        Rel target = queries.scan(t, q, rowId);
        Ctx c = new Ctx(null, CteEnv.EMPTY);
        LogicalPlan rows = target.plan();
        List<Field> fields = new ArrayList<>(target.fields());
        Column fromRow = null;
        if (!u.from().isEmpty()) {
            for (TableRef ref : u.from()) {
                if (exposes(ref, q)) {
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

    /** Binds SET assignments into target column indexes and values; of several assignments to one column the rightmost wins (SQLite). */
    /** PostgreSQL: a GENERATED ALWAYS identity column is never given a value, by UPDATE or ON CONFLICT either (428C9). */
    private void checkNotAlways(TableSource t, int idx, Assignment a) {
        if (state.catalog.generatedAlways(t, idx))
            throw new NablaException(
                    ErrorCode.GENERATED_ALWAYS,
                    a.column().span(),
                    "column \"" + t.columnNames().get(idx)
                            + "\" can only be updated to DEFAULT: it is GENERATED ALWAYS AS IDENTITY");
    }

    private void bindAssignments(
            List<Assignment> set, Ctx c, TableSource t, String tableSql, List<Integer> targets, List<Expr> values) {
        for (Assignment a : set) {
            int idx = columnIndex(t, a.column(), tableSql);
            checkNotAlways(t, idx, a);
            Expr v = assign(exprs.bind(a.value(), c), t, idx, a.value().span());
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
    private BoundStatement merge(Statement.Merge m) {
        TableSource t = table(m.target());
        String q = m.alias() != null ? m.alias().value() : m.target().last().value();
        if (exposes(m.source(), q)) {
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
                            int idx = columnIndex(t, col, m.target().toSql());
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
                        values.add(assign(exprs.bind(e, c), t, targets.get(i), e.span()));
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
=======
    // ---------------------------------------------------------------- DML (DmlBinder), helpers it shares
>>>>>>> main

    /** Whether a FROM item makes {@code name} visible as a table name (it would clash with the UPDATE target). */
    static boolean exposes(TableRef ref, String name) {
        return switch (ref) {
            case TableRef.NamedTable n ->
                (n.alias() != null ? n.alias() : n.name().last()).matches(name);
            case TableRef.DerivedTable d -> d.alias() != null && d.alias().matches(name);
            case TableRef.TableFunction f -> f.alias() != null && f.alias().matches(name);
            case TableRef.ValuesTable v -> v.alias() != null && v.alias().matches(name);
            case TableRef.PathTable p ->
                (p.alias() != null ? p.alias().value() : QueryBinder.pathTableName(p.path())).equalsIgnoreCase(name);
            case TableRef.Join j -> exposes(j.left(), name) || exposes(j.right(), name);
        };
    }

    // ---------------------------------------------------------------- COPY, SET, ATTACH

    private BoundStatement copy(Statement.Copy c) {
        Map<String, Object> opts = options(c.options());
        if (c.direction() == Statement.CopyDirection.FROM) {
            TableSource t = table(c.table());
            List<Integer> targets = new ArrayList<>();
            if (c.columns().isEmpty()) for (int i = 0; i < t.columnNames().size(); i++) targets.add(i);
            else
                for (Ident id : c.columns())
                    targets.add(columnIndex(t, id, c.table().toSql()));
            return new BoundStatement.CopyFrom(t, targets, c.file(), opts);
        }
        if (c.query() != null) {
            BoundStatement.Query q = query(c.query());
            return new BoundStatement.CopyTo(q.plan(), q.columnNames(), c.file(), opts);
        }
        TableSource t = table(c.table());
        Rel r = queries.scan(t, c.table().last().value(), null);
        LogicalPlan plan = r.plan();
        List<String> names = new ArrayList<>(t.columnNames());
        if (!c.columns().isEmpty()) {
            List<Expr> es = new ArrayList<>();
            List<Column> cols = new ArrayList<>();
            names = new ArrayList<>();
            for (Ident id : c.columns()) {
                Column col = plan.output().get(columnIndex(t, id, c.table().toSql()));
                es.add(col.ref());
                cols.add(col);
                names.add(col.name());
            }
            plan = new Project(plan, es, cols);
        }
        return new BoundStatement.CopyTo(plan, names, c.file(), opts);
    }

    private Map<String, Object> options(List<NamedOption> opts) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (NamedOption o : opts) {
            String key = o.name().value().toLowerCase(Locale.ROOT);
            Object v = o.value() == null ? Boolean.TRUE : optionValue(o.value());
            out.put(key, v);
        }
        return out;
    }

    /** A constant option value: literals folded; a bare word is its text. */
    private Object optionValue(Expression e) {
        if (e instanceof Expression.Identifier id)
            return String.join(".", id.name().parts().stream().map(Ident::value).toList());
        return exprs.constantValue(e, CteEnv.EMPTY, "SET", "value");
    }

    private static String defaultAttachName(String file) {
        String base = file.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1);
        int dot = base.indexOf('.');
        return dot > 0 ? base.substring(0, dot) : base;
    }

    // ---------------------------------------------------------------- helpers

    TableSource table(QualifiedName name) {
        String schema = schemaOf(name);
        return state.catalog
                .table(schema, name.last().value())
                .orElseThrow(() -> new NablaException(
                        ErrorCode.UNKNOWN_TABLE,
                        name.span(),
                        "unknown table \"" + name.toSql() + "\""
                                + Suggest.didYouMean(name.last().value(), state.catalog.tableNames(schema))));
    }

    /** A table, or a view described by the columns its query produces. */
    private TableSource describable(QualifiedName name) {
        var table = state.catalog.table(schemaOf(name), name.last().value());
        if (table.isPresent()) return table.get();
        var view = state.catalog.view(schemaOf(name), name.last().value());
        if (view.isEmpty()) return table(name);
        Rel r = queries.topLevel(view.get().query());
        List<Column> out = r.plan().output();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < out.size(); i++) {
            names.add(
                    i < view.get().columnNames().size()
                            ? view.get().columnNames().get(i)
                            : out.get(i).name());
        }
        return new ViewShape(
                view.get().name(), names, out.stream().map(Column::type).toList());
    }

    /** The shape of a view, for DESCRIBE. */
    public record ViewShape(String name, List<String> columnNames, List<DataType> columnTypes) implements TableSource {
        public ViewShape {
            columnNames = List.copyOf(columnNames);
            columnTypes = List.copyOf(columnTypes);
        }

        @Override
        public long estimatedRows() {
            return -1;
        }
    }

    static int columnIndex(TableSource t, Ident col, String table) {
        List<String> names = t.columnNames();
        for (int i = 0; i < names.size(); i++) if (names.get(i).equalsIgnoreCase(col.value())) return i;
        throw new NablaException(
                ErrorCode.UNKNOWN_COLUMN,
                col.span(),
                "unknown column \"" + col.value() + "\" in table " + table + Suggest.didYouMean(col.value(), names));
    }

    static String schemaOf(QualifiedName n) {
        return n.size() >= 2 ? n.parts().get(n.size() - 2).value() : null;
    }

    static String dotted(QualifiedName n) {
        return ExprBinder.dotted(n.parts());
    }

    /** Gives every still-untyped parameter VARCHAR and records all parameter types. */
    private BoundStatement finishParams(BoundStatement b) {
        if (state.paramTypes.isEmpty()) return b;
        DataType[] types = new DataType[state.paramTypes.lastKey() + 1];
        // free: typed by nothing but the last-resort VARCHAR (or by the hint that stands in for it)
        java.util.Set<Integer> typedByContext = new HashSet<>();
        java.util.function.UnaryOperator<Expr> fix = e -> {
            if (e instanceof Param p) {
                if (p.type() != DataType.NULL
                        && p.type() != state.paramHints.get(p.index())
                        && !(p.type() == DataType.VARCHAR && state.defaultedParams.contains(p.index()))) {
                    typedByContext.add(p.index());
                }
                DataType t = p.type() == DataType.NULL ? DataType.VARCHAR : p.type();
                if (p.index() < types.length && (types[p.index()] == null || types[p.index()] == DataType.VARCHAR))
                    types[p.index()] = t;
                return t.equals(p.type()) ? p : new Param(p.index(), t, p.span());
            }
            return e;
        };
        BoundStatement out = rewrite(b, fix);
        java.util.Set<Integer> free = new java.util.TreeSet<>();
        for (int i : state.paramTypes.keySet()) if (!typedByContext.contains(i)) free.add(i);
        freeParameters = java.util.Set.copyOf(free);
        List<DataType> list = new ArrayList<>();
        for (DataType t : types) list.add(t == null ? DataType.VARCHAR : t);
        parameterTypes = List.copyOf(list);
        return out;
    }

    private static BoundStatement rewrite(BoundStatement b, java.util.function.UnaryOperator<Expr> f) {
        return b.mapPlans(p -> PlanExprs.mapDeep(p, f), e -> deep(e, f));
    }

    private static Expr deep(Expr e, java.util.function.UnaryOperator<Expr> f) {
        return Exprs.transformUp(
                e,
                x -> f.apply(
                        x instanceof dev.nabla.plan.expr.SubqueryExpr s
                                ? s.withPlan(PlanExprs.mapDeep(s.plan(), f))
                                : x));
    }
}
