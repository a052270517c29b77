package dev.nabla.engine.exec.op;

import dev.nabla.engine.exec.ExecState;
import java.util.concurrent.atomic.AtomicLong;

/**
 * EXPLAIN ANALYZE wrapper around an operator: counts the rows it emits and its time. Work happens per
 * batch, so two clock reads per batch are cheap; time spent in the consumer is subtracted, because in
 * a push-based plan the consumer runs inside the producer's call.
 */
final class ProfiledNode extends PhysicalNode {
    private final PhysicalNode inner;
    private final OperatorStats stats;

    ProfiledNode(PhysicalNode inner, OperatorStats stats) {
        super(inner.types);
        this.inner = inner;
        this.stats = stats;
    }

    PhysicalNode inner() {
        return inner;
    }

    @Override
    public OperatorStats stats() {
        return stats;
    }

    @Override
    public String explainLine() {
        return inner.explainLine();
    }

    @Override
    public java.util.List<? extends Explained> explainInputs() {
        return inner.explainInputs();
    }

    @Override
    public java.util.List<? extends Explained> explainSubqueries() {
        return inner.explainSubqueries();
    }

    @Override
    public boolean execute(ExecState st, Downstream out) {
        AtomicLong downstream = new AtomicLong();
        long start = System.nanoTime();
        try {
            return inner.execute(st, b -> {
                stats.rows.add(b.count);
                long t = System.nanoTime();
                try {
                    return out.accept(b);
                } finally {
                    downstream.addAndGet(System.nanoTime() - t);
                }
            });
        } finally {
            stats.runs.increment();
            stats.nanos.add(System.nanoTime() - start - downstream.get());
        }
    }
}
