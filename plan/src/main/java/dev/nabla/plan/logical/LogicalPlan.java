package dev.nabla.plan.logical;

import java.util.List;

/**
 * A node of the logical query plan. Nodes are immutable records; every node states its output
 * columns. Optimizer rules rebuild nodes with {@link #withInputs}.
 */
public sealed interface LogicalPlan
        permits Scan,
                Values,
                SingleRow,
                Filter,
                Project,
                Aggregate,
                Window,
                Join,
                Sort,
                Limit,
                Sample,
                Unnest,
                Distinct,
                SetOp,
                RecursiveCte,
                WorkingTableScan,
                MaterializedCte,
                CteScan {
    List<Column> output();

    List<LogicalPlan> inputs();

    LogicalPlan withInputs(List<LogicalPlan> inputs);
}
