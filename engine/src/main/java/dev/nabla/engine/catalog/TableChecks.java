package dev.nabla.engine.catalog;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.plan.bound.BoundStatement.CheckSpec;
import dev.nabla.plan.expr.ColumnRef;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Exprs;
import dev.nabla.plan.logical.Column;
import dev.nabla.storage.DataType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A table's CHECK constraints. {@code row} has one column per table column, in table order; the
 * conditions refer to those columns (by id), so {@link #conditionsOver} can put them over any row.
 */
public record TableChecks(List<Column> row, List<CheckSpec> checks) {
    public static final TableChecks NONE = new TableChecks(List.of(), List.of());

    public TableChecks {
        row = List.copyOf(row);
        checks = List.copyOf(checks);
    }

    public boolean isEmpty() {
        return checks.isEmpty();
    }

    public int size() {
        return checks.size();
    }

    /** Every condition rewritten to read {@code columns} (one per table column, in order) instead of {@link #row}. */
    public List<Expr> conditionsOver(List<Column> columns) {
        Map<Integer, Column> to = new HashMap<>();
        for (int c = 0; c < row.size(); c++) to.put(row.get(c).id(), columns.get(c));
        List<Expr> out = new ArrayList<>(checks.size());
        for (CheckSpec ch : checks) {
            out.add(Exprs.transformUp(
                    ch.condition(),
                    e -> e instanceof ColumnRef r && to.containsKey(r.id())
                            ? to.get(r.id()).ref()
                            : e));
        }
        return out;
    }

    /** Every condition with the table's columns replaced by {@code values} (one expression per table column, in order). */
    public List<Expr> conditionsOverExprs(List<Expr> values) {
        Map<Integer, Expr> to = new HashMap<>();
        for (int c = 0; c < row.size(); c++) to.put(row.get(c).id(), values.get(c));
        List<Expr> out = new ArrayList<>(checks.size());
        for (CheckSpec ch : checks) out.add(substitute(ch.condition(), to));
        return out;
    }

    /** {@code e} with each reference to a column id in {@code to} replaced by its expression. */
    public static Expr substitute(Expr e, Map<Integer, Expr> to) {
        return Exprs.transformUp(e, x -> x instanceof ColumnRef r && to.containsKey(r.id()) ? to.get(r.id()) : x);
    }

    /** After DROP COLUMN {@code k}; a column a check reads cannot be dropped. */
    public TableChecks withoutColumn(int k, String column, String table) {
        if (isEmpty()) return this;
        int id = row.get(k).id();
        for (CheckSpec ch : checks) {
            if (Exprs.columnIds(ch.condition()).contains(id)) {
                throw new NablaException(
                        ErrorCode.UNSUPPORTED,
                        "cannot drop column \"" + column + "\": check constraint \"" + ch.name() + "\" of \"" + table
                                + "\" uses it");
            }
        }
        List<Column> r = new ArrayList<>(row);
        r.remove(k);
        return new TableChecks(r, checks);
    }

    /** After ADD COLUMN: the row gains a column no condition reads. */
    public TableChecks withColumn(String name, DataType type) {
        if (isEmpty()) return this;
        int id = 0;
        for (Column c : row) id = Math.max(id, c.id());
        List<Column> r = new ArrayList<>(row);
        r.add(new Column(id + 1, name, null, type, true));
        return new TableChecks(r, checks);
    }
}
