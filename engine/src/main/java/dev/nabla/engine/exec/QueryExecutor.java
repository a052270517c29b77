package dev.nabla.engine.exec;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.engine.exec.op.PhysicalNode;
import dev.nabla.engine.exec.op.PhysicalPlanner;
import dev.nabla.engine.exec.store.Batches;
import dev.nabla.plan.logical.LogicalPlan;
import dev.nabla.storage.Batch;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Entry point of the executor: plans a {@link LogicalPlan} physically (column ids → batch positions,
 * expressions compiled once) and runs it push-based over batches.
 */
public final class QueryExecutor {
    private QueryExecutor() {}

    /** Runs the plan and materialises its result. */
    public static QueryResult run(LogicalPlan plan, ExecContext ctx) {
        List<Batch> batches = new ArrayList<>();
        long[] rows = {0};
        run(plan, ctx, b -> {
            ctx.memory().reserve("result buffer", Batches.bytes(b), ctx::checkCancelled);
            Batch copy = Batches.copy(b);
            batches.add(copy);
            rows[0] += copy.count;
        });
        return new QueryResult(plan.output(), batches, rows[0]);
    }

    /**
     * Runs the plan, handing each non-empty output batch to {@code sink}. A batch is dense but only valid
     * during the call (it may alias storage or be reused): copy what you keep.
     */
    public static void run(LogicalPlan plan, ExecContext ctx, Consumer<Batch> sink) {
        PhysicalNode physical = prepare(plan, null, optionsOf(ctx));
        execute(physical, ctx, sink);
    }

    /** Physical planning only: the result is immutable and can be executed many times (prepared statements). */
    public static PhysicalNode prepare(LogicalPlan plan, PhysicalPlanner.Options options) {
        return prepare(plan, null, options);
    }

    /** The planner options a context's session settings ask for ({@code SET fused}). */
    public static PhysicalPlanner.Options optionsOf(ExecContext ctx) {
        Object fused = ctx.setting("fused");
        return new PhysicalPlanner.Options(!(fused instanceof Number n) || n.longValue() != 0);
    }

    /** Physical planning for EXPLAIN ANALYZE when {@code profile} is not null: operators record rows and time there. */
    public static PhysicalNode prepare(
            LogicalPlan plan,
            java.util.Map<LogicalPlan, dev.nabla.engine.exec.op.OperatorStats> profile,
            PhysicalPlanner.Options options) {
        try {
            return profile == null
                    ? PhysicalPlanner.plan(plan, options)
                    : PhysicalPlanner.profiled(plan, profile, options);
        } catch (NablaException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new NablaException(ErrorCode.INTERNAL, null, "internal error while planning: " + e, e);
        }
    }

    public static void execute(PhysicalNode physical, ExecContext ctx, Consumer<Batch> sink) {
        ExecState st = new ExecState(ctx);
        try {
            physical.execute(st, b -> {
                Batch d = Batches.dense(b);
                if (d.count > 0) sink.accept(d);
                return true;
            });
        } catch (NablaException e) {
            throw e;
        } catch (StackOverflowError e) {
            throw new NablaException(
                    ErrorCode.RECURSION_LIMIT,
                    null,
                    "statement too complex: nested too deeply for the thread's stack",
                    e);
        } catch (RuntimeException e) {
            throw new NablaException(ErrorCode.INTERNAL, null, "internal error: " + e, e);
        }
    }
}
