package dev.nabla.engine;

import dev.nabla.engine.catalog.Catalog;
import dev.nabla.engine.catalog.StoredTable;
import dev.nabla.parser.ast.Statement;
import dev.nabla.plan.bound.BoundStatement;
import dev.nabla.plan.bound.DerivativeExpander;
import dev.nabla.plan.bound.DmlRows;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.logical.ColumnIds;
import dev.nabla.plan.logical.LogicalPlan;
import dev.nabla.storage.DataType;
import java.util.List;
import java.util.Map;

/**
 * Binds and optimizes a parsed statement once, so that prepared statements re-execute without any
 * planning. The binder gives DML its final shape ({@link DmlRows}); the helpers below shape the rows
 * of plans the engine only builds at run time (CTAS, COPY FROM, ALTER TABLE), numbering their new
 * columns above the ids the plan already uses.
 */
final class Planner {
    private Planner() {}

    static Planned plan(Statement ast, Catalog catalog, DerivativeExpander expander) {
        return plan(ast, catalog, expander, Map.of());
    }

    /** {@code hints}: types for the parameters no context types, from the values bound to them (see {@link Pipeline#bind}). */
    static Planned plan(Statement ast, Catalog catalog, DerivativeExpander expander, Map<Integer, DataType> hints) {
        Pipeline.Bound bound = Pipeline.bind(ast, catalog, expander, hints);
        BoundStatement ready = Pipeline.optimize(bound.statement());
        return new Planned(
                ready,
                catalog.state().version(),
                bound.parameterTypes(),
                bound.freeParameters(),
                bound.decimalParameters(),
                GradLines.of(bound.gradReports(), bound.boundPlan()));
    }

    /** {@link DmlRows#insertRows} for a plan built at run time. */
    static LogicalPlan insertRows(StoredTable t, List<Integer> targetColumns, LogicalPlan source) {
        return DmlRows.insertRows(t, targetColumns, source, null, ColumnIds.above(source, List.of()));
    }

    /** {@link DmlRows#withChecks} for a plan built at run time. */
    static LogicalPlan withChecks(StoredTable t, LogicalPlan rows) {
        return DmlRows.withChecks(t, rows, ColumnIds.above(rows, List.of()));
    }

    static Expr coerce(Expr e, DataType type) {
        return DmlRows.coerce(e, type);
    }

    static List<Integer> allColumns(StoredTable t) {
        return DmlRows.allColumns(t);
    }
}
