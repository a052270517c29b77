package dev.nabla.engine.exec.fused;

import dev.nabla.engine.exec.ExecState;
import dev.nabla.storage.Batch;
import dev.nabla.storage.TableScan;
import dev.nabla.storage.TableSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * Morsel-driven parallelism: morsels {@code 0..count-1} are taken in order by up to {@code threads}
 * (the session setting) workers, the calling thread being one of them. Callers keep one result per
 * morsel and combine them in morsel order, which makes results independent of the thread count.
 */
final class Morsels {
    private Morsels() {}

    /**
     * A thread joins only with this many morsels (segments of 65 536 rows) for it: handing work to
     * a parked thread costs tens of microseconds, as much as summing 100 000 rows, so a recursive
     * step over a small table ran slower with two threads than with one.
     */
    static final int MIN_MORSELS_PER_THREAD = 4;

    /** Daemon workers shared by all statements; a statement uses at most its {@code threads} setting. */
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "nabla-morsel");
        t.setDaemon(true);
        return t;
    });

    /** Runs every morsel; {@code worker} makes one morsel consumer per thread (its scratch is thread-confined). */
    static void run(ExecState st, int count, Supplier<IntConsumer> worker) {
        AtomicInteger next = new AtomicInteger();
        Runnable work = () -> {
            IntConsumer w = worker.get();
            for (int m; (m = next.getAndIncrement()) < count; ) w.accept(m);
        };
        int threads = workers(st, count);
        if (threads <= 1) {
            work.run();
            return;
        }
        List<Future<?>> helpers = new ArrayList<>();
        for (int t = 1; t < threads; t++) helpers.add(POOL.submit(work));
        RuntimeException failure = null;
        try {
            work.run();
        } catch (RuntimeException e) {
            failure = e;
            next.set(count);
        }
        for (Future<?> f : helpers) {
            try {
                f.get();
            } catch (ExecutionException e) {
                next.set(count);
                if (failure == null)
                    failure = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (failure == null) failure = new IllegalStateException(e);
            }
        }
        if (failure != null) throw failure;
    }

    /**
     * Feeds the batches of segment {@code seg} (one morsel) to {@code fold}, checking for cancellation
     * per batch. Progress is reported once per morsel: the session's row counter is shared by all
     * workers, and bumping it per batch made the two threads fight over its cache line.
     */
    static void scanSegment(
            ExecState st, TableSnapshot snap, int[] columns, int seg, int maxBatchRows, Consumer<Batch> fold) {
        TableScan scan = snap.scan(columns, seg, seg + 1, maxBatchRows);
        int rows = 0;
        for (Batch b; (b = scan.nextOrNull()) != null; ) {
            st.ctx.checkCancelled();
            rows += b.count;
            fold.accept(b);
        }
        st.ctx.rowsScanned(rows);
    }

    /**
     * How many threads {@link #run} uses for {@code count} morsels; with one, the morsels run in order
     * on the calling thread, so a caller may fold them all into one result instead of one per morsel.
     */
    static int workers(ExecState st, int count) {
        return (int) Math.max(1, Math.min(count / MIN_MORSELS_PER_THREAD, threads(st)));
    }

    private static long threads(ExecState st) {
        Object v = st.ctx.setting("threads");
        return v instanceof Number n ? n.longValue() : 1;
    }
}
