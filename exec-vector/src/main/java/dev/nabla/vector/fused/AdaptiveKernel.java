package dev.nabla.vector.fused;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fused kernel of one expression shape, made ready off the query thread (adaptive execution, as in
 * Kohn, Leis, Neumann, ICDE 2018). A generated kernel is Vector API code, and the Vector API is only
 * fast once C2 has compiled the method: interpreted or in C1 every vector operation is an object and a
 * call, a thousand times slower than the compiled loop. So a statement asks {@link #hot()} per morsel:
 * while it answers null the morsel runs on the operator's per-node vectorized path (the kernels of
 * the expression program, shared by every query, so in a working session already compiled — in a
 * fresh JVM they are as cold as the kernel: docs/benchmarks.md "First run") and reports its rows and time
 * to {@link #rowsSeen}; once enough rows have passed to pay for code generation, a background thread
 * generates the class and calls it on scratch rows until it runs a row faster than the per-node path
 * last did. Later morsels — of this statement, of any later statement or session with the same
 * shape — take the kernel.
 * <p>Both paths compute every row with the same operations (the summation is {@code ExactSum} on
 * both), so the switch point never changes a result; the one caveat is the JDK's, not this class's:
 * the Vector API's sin/exp/... are {@code Math.*} per lane until C2 compiles a method and SVML
 * afterwards, which may differ in the last bit on either path.
 * <p>Instances are shared per shape ({@link FusedCompiler#adaptive}) and thread-safe.
 */
public final class AdaptiveKernel {
    /**
     * Rows of this shape (all statements) before the kernel is generated: a tiny input never pays for
     * code generation, a statement over a table or a loop of small statements (a recursive CTE) does.
     */
    public static final long GENERATE_AFTER_ROWS = 1 << 15;

    /** Rows per warm-up call: eight 8-lane iterations and a scalar tail of 3, so both loops are profiled. */
    private static final int WARM_ROWS = 67;

    private static final int CALLS_PER_BLOCK = 32;
    /** Warm-up gives up timing (and publishes the kernel) after this long: without a JIT it would never end. */
    private static final long WARM_LIMIT_NANOS = 3_000_000_000L;

    /** One daemon thread generates and warms kernels, one at a time, so it never takes both cores. */
    private static final ExecutorService COMPILER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "nabla-kernel-compiler");
        t.setDaemon(true);
        return t;
    });

    private static final AtomicLong GENERATED = new AtomicLong();

    private final List<FusedExpr> outputs;
    private final int columns, scalars;
    private final AtomicLong seen = new AtomicLong();
    /** Nanoseconds per row of the per-node path's last morsel (NaN: none measured yet). */
    private volatile double perNodeNanosPerRow = Double.NaN;

    private final AtomicBoolean started = new AtomicBoolean();
    private volatile FusedKernel hot;
    private volatile boolean tooLarge;

    AdaptiveKernel(List<FusedExpr> outputs, int columns, int scalars, FusedKernel ready) {
        this.outputs = List.copyOf(outputs);
        this.columns = columns;
        this.scalars = scalars;
        this.hot = ready;
        if (ready != null) started.set(true);
    }

    /** The compiled kernel, or null while it is being prepared (or never will be: {@link #tooLarge()}). */
    public FusedKernel hot() {
        return hot;
    }

    /** Whether the shape does not fit in one generated method: it always runs on the per-node path. */
    public boolean tooLarge() {
        return tooLarge;
    }

    /**
     * Reports a morsel that ran on the per-node path: its rows and wall time (what the kernel has to
     * beat); starts the background work once there were enough rows.
     */
    public void rowsSeen(long rows, long nanos) {
        if (hot != null || rows == 0) return;
        perNodeNanosPerRow = (double) nanos / rows;
        if (!started.get() && seen.addAndGet(rows) >= GENERATE_AFTER_ROWS && started.compareAndSet(false, true))
            COMPILER.execute(this::prepare);
    }

    /**
     * The kernel now, generated on the calling thread when needed, without warm-up ({@code SET
     * adaptive = off}, tests); null when the shape is too large.
     */
    public FusedKernel now() {
        FusedKernel k = hot;
        if (k != null || tooLarge) return k;
        synchronized (this) {
            if (hot == null && !tooLarge) publish(FusedCompiler.tryCompile(outputs));
            return hot;
        }
    }

    private synchronized void publish(FusedKernel k) {
        if (k == null) tooLarge = true;
        else hot = k;
    }

    /** Background: generate, warm until compiled, publish. A failure leaves the shape on the per-node path. */
    private void prepare() {
        try {
            FusedKernel k = FusedCompiler.tryCompile(outputs);
            GENERATED.incrementAndGet();
            if (k != null && hot == null) warm(k);
            publish(k);
        } catch (RuntimeException e) {
            publish(null);
        }
    }

    /**
     * Calls the kernel on scratch rows in blocks until a block runs a row faster than the per-node path
     * did on its last morsel (both wall time). There is no portable way to ask the JVM whether a method
     * is compiled, and what matters is which path is faster now: interpreted, a kernel call costs
     * microseconds per row; in C1, tens of nanoseconds (often already faster than a cold per-node path
     * in a fresh JVM); in C2, one or two. Once the query thread runs the kernel, it gets C2 by itself.
     */
    private void warm(FusedKernel k) {
        double[][] cols = new double[columns][WARM_ROWS];
        for (double[] c : cols) for (int i = 0; i < WARM_ROWS; i++) c[i] = 0.25 + i * 0.001;
        int[] offs = new int[columns];
        double[] sc = new double[scalars];
        java.util.Arrays.fill(sc, 0.5);
        double[][] outs = new double[outputs.size()][WARM_ROWS];
        // a summing caller runs the deposit loop (and eval only for refused chunks): warm both
        DepositKernel dk = k instanceof DepositKernel d ? d : null;
        double[] grids = new double[outputs.size()];
        java.util.Arrays.fill(grids, 1.5 * (1 << 13));
        double[] lanes = new double[dk == null ? 0 : 2 * outputs.size() * DepositKernel.lanes()];
        long[] range = new long[2 * outputs.size()];
        long begin = System.nanoTime();
        for (int block = 0; hot == null && System.nanoTime() - begin < WARM_LIMIT_NANOS; block++) {
            long t0 = System.nanoTime();
            for (int c = 0; c < CALLS_PER_BLOCK; c++) {
                k.eval(cols, offs, sc, WARM_ROWS, outs);
                if (dk != null) dk.evalDeposit(cols, offs, sc, WARM_ROWS, grids, lanes, range, outs);
            }
            double perRow = (double) (System.nanoTime() - t0) / ((dk == null ? 1 : 2) * CALLS_PER_BLOCK * WARM_ROWS);
            // the first block pays one-time linkage (species, the vector math library): never decisive
            if (block > 0 && perRow < perNodeNanosPerRow) break;
        }
    }

    /** Kernels generated by background preparation (all shapes), for tests and diagnostics. */
    public static long generatedInBackground() {
        return GENERATED.get();
    }

    /** Tests: waits until the background thread has finished the work queued so far. */
    public static void awaitBackground() {
        try {
            COMPILER.submit(() -> {}).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }
}
