package dev.nabla.plan.logical;

import java.util.List;
import java.util.Objects;

/**
 * A common table expression computed once per execution of this node and read by several consumers: runs
 * {@code definition} into a stored table, then {@code body}, in which every {@link CteScan} with the same
 * {@code cteId} reads the stored rows (positionally: column i of a scan is column i of the definition).
 *
 * <p>Made by {@link ShareCtes} after the Differentiate stage for a CTE referenced more than once (or declared
 * {@code AS MATERIALIZED}), so that a derivative still sees through the CTE's definition while it is expanded.
 * As in PostgreSQL and DuckDB, a volatile function in the definition is evaluated once for all consumers.
 */
public record MaterializedCte(int cteId, String name, LogicalPlan definition, LogicalPlan body) implements LogicalPlan {
    public MaterializedCte {
        Objects.requireNonNull(definition);
        Objects.requireNonNull(body);
    }

    @Override
    public List<Column> output() {
        return body.output();
    }

    @Override
    public List<LogicalPlan> inputs() {
        return List.of(definition, body);
    }

    @Override
    public LogicalPlan withInputs(List<LogicalPlan> inputs) {
        return new MaterializedCte(cteId, name, inputs.get(0), inputs.get(1));
    }
}
