package dev.nabla.jmh;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The hand-written limit for {@code threads > 1}: the row range cut into one contiguous share per
 * thread (the calling thread takes the first), the same loop over each share, partial sums added in
 * share order. No morsels, no batches: the best a programmer would do by hand, so the ratio to it
 * shows what Nabla's morsel scheduling costs and what the machine's memory bandwidth allows.
 */
final class HandParallel {
    private HandParallel() {}

    /** Sums of one row range, one entry per output. */
    interface RangeSum {
        double[] sum(int from, int to);
    }

    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "hand-loop");
        t.setDaemon(true);
        return t;
    });

    static double[] sum(int threads, int n, RangeSum loop) {
        if (threads <= 1) return loop.sum(0, n);
        @SuppressWarnings("unchecked")
        Future<double[]>[] helpers = new Future[threads - 1];
        for (int t = 1; t < threads; t++) {
            int from = share(n, threads, t), to = share(n, threads, t + 1);
            helpers[t - 1] = POOL.submit(() -> loop.sum(from, to));
        }
        double[] total = loop.sum(0, share(n, threads, 1)).clone();
        for (Future<double[]> f : helpers) {
            double[] part;
            try {
                part = f.get();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            for (int o = 0; o < total.length; o++) total[o] += part[o];
        }
        return total;
    }

    /** Start of share {@code t} of {@code threads}, aligned to 64 rows so no two threads share a cache line. */
    private static int share(int n, int threads, int t) {
        if (t >= threads) return n;
        return (int) ((long) n * t / threads) & ~63;
    }
}
