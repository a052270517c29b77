package dev.nabla.engine;

import dev.nabla.engine.exec.op.PhysicalNode;
import dev.nabla.engine.exec.op.PhysicalPlanner;
import dev.nabla.plan.bound.BoundStatement;
import dev.nabla.plan.logical.LogicalPlan;
import dev.nabla.storage.DataType;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A statement ready to execute: bound, derivatives expanded, plans optimized and (for DML) wrapped in
 * the projections the engine evaluates; valid while the catalog is at {@code catalogVersion}.
 */
record Planned(
        BoundStatement bound,
        long catalogVersion,
        List<DataType> parameterTypes,
        java.util.Set<Integer> freeParameters,
        java.util.Set<Integer> decimalParameters,
        List<String> gradReport,
        Map<LogicalPlan, PhysicalNode> physical,
        Map<LogicalPlan, PhysicalPlanner.Options> optionsOf) {
    Planned {
        parameterTypes = List.copyOf(parameterTypes);
        freeParameters = java.util.Set.copyOf(freeParameters);
        decimalParameters = java.util.Set.copyOf(decimalParameters);
        gradReport = List.copyOf(gradReport);
    }

    Planned(BoundStatement bound, long catalogVersion, List<DataType> parameterTypes, List<String> gradReport) {
        this(
                bound,
                catalogVersion,
                parameterTypes,
                java.util.Set.of(),
                java.util.Set.of(),
                gradReport,
                new IdentityHashMap<>(),
                new IdentityHashMap<>());
    }

    Planned(
            BoundStatement bound,
            long catalogVersion,
            List<DataType> parameterTypes,
            java.util.Set<Integer> freeParameters,
            java.util.Set<Integer> decimalParameters,
            List<String> gradReport) {
        this(
                bound,
                catalogVersion,
                parameterTypes,
                freeParameters,
                decimalParameters,
                gradReport,
                new IdentityHashMap<>(),
                new IdentityHashMap<>());
    }

    /** The physical plan of one of this statement's logical plans, made on first use and then reused. */
    PhysicalNode physical(LogicalPlan plan, PhysicalPlanner.Options options) {
        synchronized (physical) {
            PhysicalNode node = physical.get(plan);
            // planned again when the session's planner settings (SET fused) changed since
            if (node == null || !options.equals(optionsOf.get(plan))) {
                node = Pipeline.physical(plan, options);
                physical.put(plan, node);
                optionsOf.put(plan, options);
            }
            return node;
        }
    }
}
