package dev.nabla.engine;

import dev.nabla.engine.catalog.StoredTable;
import dev.nabla.plan.bound.BoundStatement;
import dev.nabla.plan.bound.BoundStatement.MergeAction;
import dev.nabla.plan.bound.BoundStatement.MergeClause;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Literal;
import dev.nabla.plan.logical.Column;
import dev.nabla.plan.logical.LogicalPlan;
import dev.nabla.plan.logical.Project;
import dev.nabla.storage.DataType;
import java.util.ArrayList;
import java.util.List;

/**
 * The columns of a planned MERGE's rows: the target row id (NULL: no match), one BOOLEAN per clause
 * (its condition; TRUE when it has none), then for each UPDATE and INSERT clause, in clause order,
 * the whole new row in table order followed by the table's CHECK conditions over it. Everything a
 * row's action needs is computed by one pass of the join, before anything is changed.
 */
final class MergeLayout {
    /** Where clause k's new row starts; -1 for DELETE and DO NOTHING. */
    final int[] rowAt;
    final int width;
    final int checks;

    MergeLayout(StoredTable t, List<MergeClause> clauses) {
        width = t.columnNames().size();
        checks = t.checks().size();
        rowAt = new int[clauses.size()];
        int at = 1 + clauses.size();
        for (int k = 0; k < clauses.size(); k++) {
            MergeAction a = clauses.get(k).action();
            if (a == MergeAction.UPDATE || a == MergeAction.INSERT) {
                rowAt[k] = at;
                at += width + checks;
            } else {
                rowAt[k] = -1;
            }
        }
    }

    static int conditionAt(int clause) { return 1 + clause; }

    /** The statement with its rows plan laid out as above (new rows defined once, checks read them). */
    static BoundStatement.Merge plan(StoredTable t, BoundStatement.Merge m) {
        List<Expr> used = new ArrayList<>();
        for (MergeClause c : m.clauses()) {
            if (c.condition() != null) used.add(c.condition());
            used.addAll(c.values());
        }
        int id = PlanWalk.maxColumnId(m.rows(), used) + 1;
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
                if (k >= 0) e = Planner.coerce(mc.values().get(k), type);
                else if (mc.action() == MergeAction.UPDATE) e = m.targetRow().get(c).ref();
                else if (t.defaultOf(c) != null) e = Planner.coerce(t.defaultOf(c), type);
                else e = Literal.nullOf(type);
                Column col = new Column(id++, t.columnNames().get(c), null, type, true);
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
        out.add(new Column(id++, "rowid", null, DataType.BIGINT, true));
        for (MergeClause mc : m.clauses()) {
            exprs.add(mc.condition() == null ? new Literal(true, DataType.BOOLEAN, dev.nabla.common.Span.NONE)
                    : Planner.coerce(mc.condition(), DataType.BOOLEAN));
            out.add(new Column(id++, "when", null, DataType.BOOLEAN, true));
        }
        for (List<Column> row : newRows) {
            if (row == null) continue;
            for (Column c : row) {
                exprs.add(c.ref());
                out.add(new Column(id++, c.name(), null, c.type(), true));
            }
            for (Expr check : t.checks().conditionsOver(row)) {
                exprs.add(Planner.coerce(check, DataType.BOOLEAN));
                out.add(new Column(id++, "check", null, DataType.BOOLEAN, true));
            }
        }
        LogicalPlan rows = Pipeline.optimize(new Project(inner, exprs, out));
        return new BoundStatement.Merge(t, rows, m.rowId(), m.targetRow(), m.clauses());
    }
}
