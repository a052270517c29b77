package dev.nabla.engine.exec;

/**
 * One operator run's share of its statement's {@link MemoryReservation}: the operator calls
 * {@link #grow} with an estimate before it keeps more (once per batch), and closing the lease gives
 * the bytes back when the operator's run is over (so an operator re-run per outer row, in a correlated
 * subquery or a recursive CTE step, does not accumulate). Use in try-with-resources. Thread-safe: the
 * morsels of a parallel operator may share one lease.
 */
public final class MemoryLease implements AutoCloseable {
    private final MemoryReservation reservation;
    private final String operator;
    private final Runnable cancelCheck;
    private long held;
    /** Whether this lease counts among its statement's operators that may spill. */
    private boolean spiller;

    MemoryLease(MemoryReservation reservation, String operator, Runnable cancelCheck) {
        this.reservation = reservation;
        this.operator = operator;
        this.cancelCheck = cancelCheck;
    }

    /** Reserves {@code bytes} more; throws OUT_OF_MEMORY (53200) naming the operator past the limit. */
    public synchronized void grow(long bytes) {
        if (bytes <= 0) return;
        reservation.reserve(operator, bytes, cancelCheck);
        held += bytes;
    }

    /**
     * Reserves {@code bytes} more only if they fit under the limit now, without stopping another statement or
     * waiting, and keep this operator within its share: a third of the limit when its statement has other
     * operators that may spill, else half with {@code headroom}, else all. False tells an operator that can
     * spill to write what it holds to disk first.
     */
    public synchronized boolean tryGrow(long bytes, boolean headroom) {
        if (bytes <= 0) return true;
        if (!reservation.tryReserve(bytes, held, headroom)) return false;
        held += bytes;
        return true;
    }

    /** Whether this operator may spill to disk: the database has a spill space and spilling is on. */
    public synchronized boolean canSpill() {
        TempSpace t = reservation.temp();
        boolean can = t != null && t.enabled();
        if (can && !spiller) {
            spiller = true;
            reservation.spillers(1);
        }
        return can;
    }

    /** A new spill file for this operator (see {@link #canSpill}); close it to delete it. */
    public SpillFile spillFile() {
        TempSpace t = reservation.temp();
        if (t == null) throw new IllegalStateException("no spill space");
        cancelCheck.run();
        return t.create(operator);
    }

    /** Grows the lease to {@code estimate} bytes when that is more than it holds (for estimates recomputed per batch). */
    public synchronized void growTo(long estimate) {
        if (estimate > held) grow(estimate - held);
    }

    /** Gives back {@code bytes} of what this lease holds (e.g. a recursive CTE's previous working table). */
    public synchronized void shrink(long bytes) {
        long b = Math.min(bytes, held);
        if (b <= 0) return;
        reservation.release(b);
        held -= b;
    }

    public synchronized long held() {
        return held;
    }

    @Override
    public synchronized void close() {
        shrink(held);
        if (spiller) {
            spiller = false;
            reservation.spillers(-1);
        }
    }
}
