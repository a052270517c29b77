package dev.nabla.engine.exec.op;

import java.util.concurrent.atomic.LongAdder;

/**
 * What one operator did during EXPLAIN ANALYZE: the rows it pushed downstream, how many times it ran
 * (a correlated subquery or a recursive step runs again and again) and its time. Time is inclusive of
 * the operator's inputs but not of its consumers. Adders: fused operators may run on several threads.
 */
public final class OperatorStats {
    final LongAdder rows = new LongAdder(), nanos = new LongAdder(), runs = new LongAdder();

    public long rows() {
        return rows.sum();
    }

    public long nanos() {
        return nanos.sum();
    }

    public long runs() {
        return runs.sum();
    }

    /** Records one run of a part of a fused operator (its morsel scan): rows read and time taken. */
    public void record(long rowCount, long elapsedNanos) {
        rows.add(rowCount);
        nanos.add(elapsedNanos);
        runs.increment();
    }
}
