package dev.nabla.plan.bound;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.common.Span;
import dev.nabla.plan.bound.BoundStatement.MergeAction;
import dev.nabla.plan.bound.BoundStatement.MergeClause;
import dev.nabla.plan.expr.Cast;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Literal;
import dev.nabla.plan.logical.Column;
import dev.nabla.plan.logical.ColumnIds;
import dev.nabla.plan.logical.LogicalPlan;
import dev.nabla.plan.logical.Project;
import dev.nabla.plan.logical.TableSource;
import dev.nabla.plan.logical.WritableTable;
import dev.nabla.storage.DataType;
import java.util.ArrayList;
import java.util.List;

/**
 * The final shape of a DML statement's rows, given by the binder (which owns the statement's
 * {@link ColumnIds}) so that the engine only executes: an INSERT's source becomes a projection to
 * exactly the table's columns and types (casts and defaults included) followed by its CHECK results;
 * an UPDATE's rows become {@code (row id, new value..., RETURNING..., CHECK...)}; a DELETE's
 * {@code (row id, RETURNING...)}; a MERGE's the layout described at {@link #merge}. Every value is
 * converted to its column's type here, so later stages never repair types.
 */
public final class DmlRows {
    private DmlRows() {}

    /** {@code b} with its DML in final shape (an EXPLAIN's inner statement too); other statements unchanged. */
    public static BoundStatement shape(BoundStatement b, ColumnIds ids) {
        if (b instanceof BoundStatement.Insert i) return insert(i, ids);
        if (b instanceof BoundStatement.Update u) return update(u, ids);
        if (b instanceof BoundStatement.Delete d) return delete(d, ids);
        if (b instanceof BoundStatement.Merge m) return merge(m, ids);
        if (b instanceof BoundStatement.Truncate t) return new BoundStatement.Truncate(writable(t.target()));
        if (b instanceof BoundStatement.CopyFrom c)
            return new BoundStatement.CopyFrom(writable(c.target()), c.targetColumns(), c.path(), c.options());
        if (b instanceof BoundStatement.Explain e)
            return new BoundStatement.Explain(
                    shape(e.inner(), ids), e.analyze(), e.grad(), e.gradReports(), e.backwardSql());
        return b;
    }

    private static BoundStatement insert(BoundStatement.Insert i, ColumnIds ids) {
        WritableTable t = writable(i.target());
        BoundStatement.Returning r = i.returning();
        LogicalPlan rows = insertRows(t, i.targetColumns(), i.source(), r == null ? null : r.row(), ids);
        if (r != null) rows = appendReturning(rows, r, rows.output().size(), ids);
        return new BoundStatement.Insert(t, allColumns(t), withChecks(t, rows, ids), i.orReplace(), r, i.onConflict());
    }

    private static BoundStatement update(BoundStatement.Update u, ColumnIds ids) {
        WritableTable t = writable(u.target());
        BoundStatement.Returning r = u.returning();
        List<Expr> exprs = new ArrayList<>();
        List<Column> out = new ArrayList<>();
        exprs.add(u.rowId().ref());
        out.add(new Column(ids.next(), "rowid", null, DataType.BIGINT, false));
        LogicalPlan input = u.rows();
        List<Column> newRow = r != null ? r.row() : t.checkNames().isEmpty() ? null : new ArrayList<>();
        if (newRow != null && r == null) {
            for (int c = 0; c < t.columnNames().size(); c++)
                newRow.add(new Column(
                        ids.next(),
                        t.columnNames().get(c),
                        null,
                        t.columnTypes().get(c),
                        true));
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
            out.add(new Column(ids.next(), t.columnNames().get(c), null, type, true));
        }
        if (r != null) addReturning(exprs, out, r, ids);
        if (newRow != null) addChecks(exprs, out, t, newRow, ids);
        return new BoundStatement.Update(
                t, new Project(input, exprs, out), u.rowId(), u.targetColumns(), u.values(), r);
    }

    private static BoundStatement delete(BoundStatement.Delete d, ColumnIds ids) {
        WritableTable t = writable(d.target());
        BoundStatement.Returning r = d.returning();
        List<Expr> exprs = new ArrayList<>(List.of(d.rowId().ref()));
        List<Column> out = new ArrayList<>(List.of(new Column(ids.next(), "rowid", null, DataType.BIGINT, false)));
        if (r != null) addReturning(exprs, out, r, ids);
        return new BoundStatement.Delete(t, new Project(d.rows(), exprs, out), d.rowId(), r);
    }

    /**
     * A MERGE's rows: the target row id (NULL: no match), one BOOLEAN per clause (its condition; TRUE
     * when it has none), then for each UPDATE and INSERT clause, in clause order, the whole new row in
     * table order followed by the table's CHECK conditions over it. Everything a row's action needs is
     * computed by one pass of the join, before anything is changed.
     */
    private static BoundStatement merge(BoundStatement.Merge m, ColumnIds ids) {
        WritableTable t = writable(m.target());
        int width = t.columnNames().size();
        // inner: the join's columns plus every clause's new row
        List<Expr> defs = new ArrayList<>();
        List<Column> cols = new ArrayList<>(m.rows().output());
        for (Column c : m.rows().output()) defs.add(c.ref());
        List<List<Column>> newRows = new ArrayList<>();
        for (MergeClause mc : m.clauses()) {
            if (mc.action() != MergeAction.UPDATE && mc.action() != MergeAction.INSERT) {
                newRows.add(null);
                continue;
            }
            List<Column> row = new ArrayList<>();
            for (int c = 0; c < width; c++) {
                DataType type = t.columnTypes().get(c);
                int k = mc.targetColumns().indexOf(c);
                Expr e;
                if (k >= 0) e = coerce(mc.values().get(k), type);
                else if (mc.action() == MergeAction.UPDATE)
                    e = m.targetRow().get(c).ref();
                else if (t.defaultOf(c) != null) e = coerce(t.defaultOf(c), type);
                else e = Literal.nullOf(type);
                Column col = new Column(ids.next(), t.columnNames().get(c), null, type, true);
                defs.add(e);
                cols.add(col);
                row.add(col);
            }
            newRows.add(row);
        }
        LogicalPlan inner = new Project(m.rows(), defs, cols);
        // outer: row id, conditions, then per writing clause its row and CHECK results
        List<Expr> exprs = new ArrayList<>();
        List<Column> out = new ArrayList<>();
        exprs.add(m.rowId().ref());
        out.add(new Column(ids.next(), "rowid", null, DataType.BIGINT, true));
        for (MergeClause mc : m.clauses()) {
            exprs.add(
                    mc.condition() == null
                            ? new Literal(true, DataType.BOOLEAN, Span.NONE)
                            : coerce(mc.condition(), DataType.BOOLEAN));
            out.add(new Column(ids.next(), "when", null, DataType.BOOLEAN, true));
        }
        for (List<Column> row : newRows) {
            if (row == null) continue;
            for (Column c : row) {
                exprs.add(c.ref());
                out.add(new Column(ids.next(), c.name(), null, c.type(), true));
            }
            for (Expr check : t.checksOver(row)) {
                exprs.add(coerce(check, DataType.BOOLEAN));
                out.add(new Column(ids.next(), "check", null, DataType.BOOLEAN, true));
            }
        }
        return new BoundStatement.Merge(t, new Project(inner, exprs, out), m.rowId(), m.targetRow(), m.clauses());
    }

    /**
     * The source rows projected to every column of {@code t}, in table order: a target column takes
     * its source value (cast to the column type), any other its DEFAULT or NULL. {@code row}, when
     * given, are the output columns to use (a RETURNING clause refers to them); else fresh ones.
     */
    public static LogicalPlan insertRows(
            WritableTable t, List<Integer> targetColumns, LogicalPlan source, List<Column> row, ColumnIds ids) {
        List<Column> in = source.output();
        if (in.size() != targetColumns.size()) {
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT,
                    "INSERT into " + t.name() + " names " + targetColumns.size() + " columns but supplies " + in.size()
                            + " values");
        }
        int width = t.columnNames().size();
        List<Expr> exprs = new ArrayList<>(width);
        List<Column> out = new ArrayList<>(width);
        for (int c = 0; c < width; c++) {
            DataType type = t.columnTypes().get(c);
            int k = targetColumns.indexOf(c);
            Expr e;
            if (k >= 0) e = coerce(in.get(k).ref(), type);
            else if (t.defaultOf(c) != null) e = coerce(t.defaultOf(c), type);
            else e = Literal.nullOf(type);
            exprs.add(e);
            out.add(
                    row != null
                            ? row.get(c)
                            : new Column(ids.next(), t.columnNames().get(c), null, type, true));
        }
        return new Project(source, exprs, out);
    }

    /**
     * {@code rows} (the table's columns first, in order) followed by one BOOLEAN column per CHECK
     * constraint of {@code t}, the condition over that row; {@code rows} itself when there are none.
     */
    public static LogicalPlan withChecks(WritableTable t, LogicalPlan rows, ColumnIds ids) {
        if (t.checkNames().isEmpty()) return rows;
        List<Expr> exprs = new ArrayList<>();
        List<Column> out = new ArrayList<>();
        for (Column c : rows.output()) {
            exprs.add(c.ref());
            out.add(c);
        }
        addChecks(exprs, out, t, rows.output().subList(0, t.columnNames().size()), ids);
        return new Project(rows, exprs, out);
    }

    private static void addChecks(
            List<Expr> exprs, List<Column> out, WritableTable t, List<Column> row, ColumnIds ids) {
        List<Expr> conds = t.checksOver(row);
        List<String> names = t.checkNames();
        for (int k = 0; k < conds.size(); k++) {
            exprs.add(coerce(conds.get(k), DataType.BOOLEAN));
            out.add(new Column(ids.next(), names.get(k), null, DataType.BOOLEAN, true));
        }
    }

    /** {@code rows} (its first {@code width} columns kept) followed by one column per RETURNING expression. */
    private static LogicalPlan appendReturning(LogicalPlan rows, BoundStatement.Returning r, int width, ColumnIds ids) {
        List<Expr> exprs = new ArrayList<>();
        List<Column> out = new ArrayList<>();
        List<Column> keep = rows.output();
        for (int c = 0; c < width; c++) {
            exprs.add(keep.get(c).ref());
            out.add(keep.get(c));
        }
        addReturning(exprs, out, r, ids);
        return new Project(rows, exprs, out);
    }

    private static void addReturning(List<Expr> exprs, List<Column> out, BoundStatement.Returning r, ColumnIds ids) {
        for (int k = 0; k < r.exprs().size(); k++) {
            Expr e = r.exprs().get(k);
            exprs.add(e);
            out.add(new Column(ids.next(), r.names().get(k), null, e.type(), true));
        }
    }

    /** {@code e} converted to {@code type}: itself when it already has it, a typed NULL for an untyped NULL, else a CAST. */
    public static Expr coerce(Expr e, DataType type) {
        if (type.equals(e.type())) return e;
        if (e.type() == DataType.NULL) return Literal.nullOf(type);
        return new Cast(e, type, e.span());
    }

    /** 0 .. width-1: every column of {@code t}, in table order. */
    public static List<Integer> allColumns(TableSource t) {
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < t.columnNames().size(); i++) all.add(i);
        return all;
    }

    /** {@code s} as a table DML may change; UNSUPPORTED when it is read-only (a file, a table function). */
    public static WritableTable writable(TableSource s) {
        if (s instanceof WritableTable t) return t;
        throw new NablaException(ErrorCode.UNSUPPORTED, s.name() + " is read-only");
    }
}
