package dev.nabla.engine;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.engine.catalog.Catalog;
import dev.nabla.engine.catalog.StoredTable;
import dev.nabla.parser.ast.Statement;
import dev.nabla.plan.bound.BoundStatement;
import dev.nabla.plan.bound.DerivativeExpander;
import dev.nabla.plan.expr.Cast;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Literal;
import dev.nabla.plan.logical.Column;
import dev.nabla.plan.logical.LogicalPlan;
import dev.nabla.plan.logical.Project;
import dev.nabla.plan.logical.TableSource;
import dev.nabla.storage.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Binds, expands and optimizes a parsed statement once, so that prepared statements re-execute
 * without any planning. DML gets its final shape here: an INSERT's source becomes a projection to
 * exactly the table's columns and types (casts and defaults included); an UPDATE's rows become
 * {@code (row id, new value...)}; a DELETE's rows just {@code (row id)}.
 */
final class Planner {
    private Planner() {}

    static Planned plan(Statement ast, Catalog catalog, DerivativeExpander expander) {
        return plan(ast, catalog, expander, Map.of());
    }

    /** {@code hints}: types for the parameters no context types, from the values bound to them (see {@link Pipeline#bind}). */
    static Planned plan(Statement ast, Catalog catalog, DerivativeExpander expander, Map<Integer, DataType> hints) {
        if (ast instanceof Statement.Describe d) {
            Planned view = describeView(d, catalog, expander);
            if (view != null) return view;
        }
        Pipeline.Bound bound = Pipeline.bind(ast, catalog, expander, hints);
        BoundStatement ready = prepare(bound.statement());
        return new Planned(ready, catalog.state().version(), bound.parameterTypes(), bound.freeParameters(), GradLines.of(bound.gradReports()));
    }

    /** DESCRIBE of a view: the columns its query yields (null when the name is not a view). */
    private static Planned describeView(Statement.Describe d, Catalog catalog, DerivativeExpander expander) {
        List<dev.nabla.parser.ast.Ident> parts = d.table().parts();
        String schema = parts.size() > 1 ? parts.get(parts.size() - 2).value() : null;
        String name = parts.get(parts.size() - 1).value();
        if (catalog.table(schema, name).isPresent() || catalog.view(schema, name).isEmpty()) return null;
        Statement select = dev.nabla.parser.Parser.parseStatement("SELECT * FROM " + d.table().toSql());
        BoundStatement bound = Pipeline.bind(select, catalog, expander).statement();
        if (!(bound instanceof BoundStatement.Query q)) return null;
        List<String> names = q.columnNames();
        List<DataType> types = q.plan().output().stream().map(Column::type).toList();
        TableSource columns = new TableSource() {
            @Override public String name() { return name; }

            @Override public List<String> columnNames() { return names; }

            @Override public List<DataType> columnTypes() { return types; }

            @Override public long estimatedRows() { return -1; }
        };
        return new Planned(new BoundStatement.Describe(columns), catalog.state().version(), List.of(), List.of());
    }

    static BoundStatement prepare(BoundStatement b) {
        return switch (b) {
            case BoundStatement.Query q -> new BoundStatement.Query(Pipeline.optimize(q.plan()), q.columnNames());
            case BoundStatement.Insert i -> {
                StoredTable t = writable(i.target());
                BoundStatement.Returning r = i.returning();
                LogicalPlan rows = insertRows(t, i.targetColumns(), i.source(), r == null ? null : r.row());
                if (r != null) rows = appendReturning(rows, r, rows.output().size(), rows.output());
                yield new BoundStatement.Insert(t, allColumns(t), Pipeline.optimize(withChecks(t, rows)), i.orReplace(), r, i.onConflict());
            }
            case BoundStatement.Update u -> {
                StoredTable t = writable(u.target());
                BoundStatement.Returning r = u.returning();
                List<Expr> used = new ArrayList<>(u.values());
                if (r != null) {
                    used.addAll(r.exprs());
                    for (Column c : r.row()) used.add(c.ref());
                }
                int id = PlanWalk.maxColumnId(u.rows(), used) + 1;
                List<Expr> exprs = new ArrayList<>();
                List<Column> out = new ArrayList<>();
                exprs.add(u.rowId().ref());
                out.add(new Column(id++, "rowid", null, DataType.BIGINT, false));
                LogicalPlan input = u.rows();
                List<Column> newRow = r != null ? r.row() : t.checks().isEmpty() ? null : new ArrayList<>();
                if (newRow != null && r == null) {
                    for (int c = 0; c < t.columnNames().size(); c++) newRow.add(new Column(id++, t.columnNames().get(c), null, t.columnTypes().get(c), true));
                }
                if (newRow != null) {
                    // RETURNING reads the updated row: define it once, both stored and returned from there
                    List<Expr> defs = new ArrayList<>();
                    List<Column> cols = new ArrayList<>(input.output());
                    for (Column c : input.output()) defs.add(c.ref());
                    // the rows plan starts with the target scan's columns, in table order
                    List<Column> old = input.output();
                    for (int c = 0; c < newRow.size(); c++) {
                        int k = u.targetColumns().indexOf(c);
                        DataType type = t.columnTypes().get(c);
                        defs.add(k >= 0 ? coerce(u.values().get(k), type) : old.get(c).ref());
                        cols.add(newRow.get(c));
                    }
                    input = new Project(input, defs, cols);
                }
                for (int k = 0; k < u.targetColumns().size(); k++) {
                    int c = u.targetColumns().get(k);
                    DataType type = t.columnTypes().get(c);
                    exprs.add(newRow != null ? newRow.get(c).ref() : coerce(u.values().get(k), type));
                    out.add(new Column(id++, t.columnNames().get(c), null, type, true));
                }
                if (r != null) id = addReturning(exprs, out, r, id);
                if (newRow != null) id = addChecks(exprs, out, t, newRow, id);
                LogicalPlan rows = Pipeline.optimize(new Project(input, exprs, out));
                yield new BoundStatement.Update(t, rows, u.rowId(), u.targetColumns(), u.values(), r);
            }
            case BoundStatement.Delete d -> {
                StoredTable t = writable(d.target());
                BoundStatement.Returning r = d.returning();
                int id = PlanWalk.maxColumnId(d.rows(), r == null ? List.of() : r.exprs()) + 1;
                List<Expr> exprs = new ArrayList<>(List.of(d.rowId().ref()));
                List<Column> out = new ArrayList<>(List.of(new Column(id++, "rowid", null, DataType.BIGINT, false)));
                if (r != null) addReturning(exprs, out, r, id);
                LogicalPlan rows = Pipeline.optimize(new Project(d.rows(), exprs, out));
                yield new BoundStatement.Delete(t, rows, d.rowId(), r);
            }
            case BoundStatement.Merge m -> MergeLayout.plan(writable(m.target()), m);
            case BoundStatement.CreateTableAs c ->
                    new BoundStatement.CreateTableAs(c.schema(), c.name(), Pipeline.optimize(c.source()), c.columnNames(), c.ifNotExists());
            case BoundStatement.CopyTo c -> new BoundStatement.CopyTo(Pipeline.optimize(c.source()), c.columnNames(), c.path(), c.options());
            case BoundStatement.CopyFrom c -> new BoundStatement.CopyFrom(writable(c.target()), c.targetColumns(), c.path(), c.options());
            case BoundStatement.Truncate tr -> new BoundStatement.Truncate(writable(tr.target()));
            case BoundStatement.Explain e -> new BoundStatement.Explain(prepare(e.inner()), e.analyze(), e.grad(), e.gradReports());
            default -> b;
        };
    }

    /**
     * The source rows projected to every column of {@code t}, in table order: a target column takes
     * its source value (cast to the column type), any other its DEFAULT or NULL.
     */
    static LogicalPlan insertRows(StoredTable t, List<Integer> targetColumns, LogicalPlan source) {
        return insertRows(t, targetColumns, source, null);
    }

    /** As above; {@code row}, when given, are the output columns to use (a RETURNING clause refers to them). */
    static LogicalPlan insertRows(StoredTable t, List<Integer> targetColumns, LogicalPlan source, List<Column> row) {
        List<Column> in = source.output();
        if (in.size() != targetColumns.size()) {
            throw new NablaException(ErrorCode.INVALID_ARGUMENT,
                    "INSERT into " + t.name() + " names " + targetColumns.size() + " columns but supplies " + in.size() + " values");
        }
        int width = t.columnNames().size();
        List<Expr> exprs = new ArrayList<>(width);
        List<Column> out = new ArrayList<>(width);
        int id = PlanWalk.maxColumnId(source) + 1;
        for (int c = 0; c < width; c++) {
            DataType type = t.columnTypes().get(c);
            int k = targetColumns.indexOf(c);
            Expr e;
            if (k >= 0) e = coerce(in.get(k).ref(), type);
            else if (t.defaultOf(c) != null) e = coerce(t.defaultOf(c), type);
            else e = Literal.nullOf(type);
            exprs.add(e);
            out.add(row != null ? row.get(c) : new Column(id++, t.columnNames().get(c), null, type, true));
        }
        return new Project(source, exprs, out);
    }

    /**
     * {@code rows} (the table's columns first, in order) followed by one BOOLEAN column per CHECK
     * constraint of {@code t}, the condition over that row; {@code rows} itself when there are none.
     */
    static LogicalPlan withChecks(StoredTable t, LogicalPlan rows) {
        if (t.checks().isEmpty()) return rows;
        List<Expr> exprs = new ArrayList<>();
        List<Column> out = new ArrayList<>();
        for (Column c : rows.output()) {
            exprs.add(c.ref());
            out.add(c);
        }
        addChecks(exprs, out, t, rows.output().subList(0, t.columnNames().size()), PlanWalk.maxColumnId(rows) + 1);
        return new Project(rows, exprs, out);
    }

    private static int addChecks(List<Expr> exprs, List<Column> out, StoredTable t, List<Column> row, int id) {
        List<Expr> conds = t.checks().conditionsOver(row);
        for (int k = 0; k < conds.size(); k++) {
            exprs.add(coerce(conds.get(k), DataType.BOOLEAN));
            out.add(new Column(id++, t.checks().checks().get(k).name(), null, DataType.BOOLEAN, true));
        }
        return id;
    }

    /** {@code rows} (its first {@code width} columns kept) followed by one column per RETURNING expression. */
    private static LogicalPlan appendReturning(LogicalPlan rows, BoundStatement.Returning r, int width, List<Column> keep) {
        List<Expr> exprs = new ArrayList<>();
        List<Column> out = new ArrayList<>();
        for (int c = 0; c < width; c++) {
            exprs.add(keep.get(c).ref());
            out.add(keep.get(c));
        }
        addReturning(exprs, out, r, PlanWalk.maxColumnId(rows, r.exprs()) + 1);
        return new Project(rows, exprs, out);
    }

    /** Adds the RETURNING expressions as output columns with ids from {@code id} up; returns the next free id. */
    private static int addReturning(List<Expr> exprs, List<Column> out, BoundStatement.Returning r, int id) {
        for (int k = 0; k < r.exprs().size(); k++) {
            Expr e = r.exprs().get(k);
            exprs.add(e);
            out.add(new Column(id++, r.names().get(k), null, e.type(), true));
        }
        return id;
    }

    static Expr coerce(Expr e, DataType type) {
        if (e.type().equals(type)) return e;
        if (e.type() == DataType.NULL) return Literal.nullOf(type);
        return new Cast(e, type, e.span());
    }

    static List<Integer> allColumns(StoredTable t) {
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < t.columnNames().size(); i++) all.add(i);
        return all;
    }

    static StoredTable writable(TableSource s) {
        if (s instanceof StoredTable t) return t;
        throw new NablaException(ErrorCode.UNSUPPORTED, s.name() + " is read-only");
    }
}
