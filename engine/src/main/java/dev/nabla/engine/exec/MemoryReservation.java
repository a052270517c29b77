package dev.nabla.engine.exec;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;

/**
 * What one statement holds of its database's {@link MemoryPool}. Operators reserve through
 * {@link ExecState#lease}; the session closes the reservation when the statement ends, which gives
 * everything back whatever the outcome.
 */
public final class MemoryReservation {
    /** A reservation without a pool: reserves nothing, never fails (contexts outside a database). */
    public static final MemoryReservation NONE = new MemoryReservation(null);

    private final MemoryPool pool;
    long held; // guarded by pool
    boolean registered; // guarded by pool: among the pool's running statements (from its first reservation)
    int spillers; // guarded by pool: open leases of operators that may spill
    private volatile String evicted;

    MemoryReservation(MemoryPool pool) {
        this.pool = pool;
    }

    /** Reserves {@code bytes} for {@code operator}; throws OUT_OF_MEMORY (53200) past the limit. */
    public void reserve(String operator, long bytes, Runnable cancelCheck) {
        if (pool == null || bytes <= 0) return;
        pool.grow(this, operator, bytes, cancelCheck);
    }

    /** Reserves {@code bytes} if they fit under the limit now and the operator, holding {@code operatorHeld}, stays within its share (see {@link MemoryPool#tryGrow}); true without a pool. */
    public boolean tryReserve(long bytes, long operatorHeld, boolean headroom) {
        if (pool == null || bytes <= 0) return true;
        return pool.tryGrow(this, bytes, operatorHeld, headroom);
    }

    /** The spill space of this statement's database; null without a pool (nothing is ever refused then). */
    public TempSpace temp() {
        return pool == null ? null : pool.temp();
    }

    /** Counts an operator that may spill in (1) or out (-1): with several, each keeps to a third of the limit. */
    void spillers(int delta) {
        if (pool != null) pool.spillers(this, delta);
    }

    public void release(long bytes) {
        if (pool != null && bytes > 0) pool.release(this, bytes);
    }

    /** The bytes this statement holds. */
    public long held() {
        if (pool == null) return 0;
        synchronized (pool) {
            return held;
        }
    }

    /** Throws OUT_OF_MEMORY when the pool chose this statement to stop for a less greedy one. */
    public void checkEvicted() {
        String m = evicted;
        if (m != null) throw new NablaException(ErrorCode.OUT_OF_MEMORY, m);
    }

    void evict(String message) {
        if (evicted == null) evicted = message;
    }

    /** Gives back all this statement holds; called once when the statement ends. */
    public void close() {
        if (pool == null) return;
        synchronized (pool) {
            if (!registered) return;
        }
        pool.close(this);
    }
}
