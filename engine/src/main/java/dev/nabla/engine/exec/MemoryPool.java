package dev.nabla.engine.exec;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Set;

/**
 * A database's memory accountant: one budget ({@code SET memory_limit}) shared by the statements of all
 * its sessions. Each running statement holds a {@link MemoryReservation}; operators that materialise
 * (hash tables, sorts, window partitions, recursive working tables, result buffers) reserve an
 * estimate of what they are about to hold before they grow, once per batch.
 *
 * <p>When a reservation would pass the limit the greediest statement fails first: if the requesting
 * statement holds the most it fails at once (53200); otherwise the one that holds the most is told to
 * stop (it fails with 53200 at its next reservation or cancellation check, and its reservations go back
 * to the pool) and the requester waits for that memory, up to {@link #EVICTION_WAIT_MILLIS}. So a small
 * statement of a bystander session never fails because another statement is greedy.
 *
 * <p>The estimates are of the arrays the operators keep (8 bytes a value, strings by a sample of their
 * lengths), not of every Java object they allocate; so the default limit is a fraction of the heap
 * ({@link #DEFAULT_HEAP_FRACTION}), leaving the rest for that overhead, the stored tables and garbage.
 */
public final class MemoryPool {
    /** The default limit's share of the JVM's max heap ({@code -Xmx}). */
    public static final double DEFAULT_HEAP_FRACTION = 0.5;
    /** How long a statement waits for a greedier one to give its memory back before it fails itself. */
    static final long EVICTION_WAIT_MILLIS = 5_000;

    private final long defaultLimit;
    private volatile long limit;
    private long used; // guarded by this
    private final Set<MemoryReservation> active = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Where operators past the limit spill ({@code temp_directory}, {@code max_temp_directory_size}). */
    private final TempSpace temp = new TempSpace();

    public MemoryPool() {
        this.defaultLimit = (long) (Runtime.getRuntime().maxMemory() * DEFAULT_HEAP_FRACTION);
        this.limit = defaultLimit;
    }

    public long limit() {
        return limit;
    }

    public long defaultLimit() {
        return defaultLimit;
    }

    public TempSpace temp() {
        return temp;
    }

    /** The bytes reserved by running statements now. */
    public synchronized long used() {
        return used;
    }

    public void setLimit(long bytes) {
        if (bytes < 1) throw new NablaException(ErrorCode.INVALID_ARGUMENT, "memory_limit must be positive");
        limit = bytes;
        synchronized (this) {
            notifyAll();
        }
    }

    public void resetLimit() {
        setLimit(defaultLimit);
    }

    /**
     * A reservation for one statement; close it when the statement ends (success, error or cancel). It
     * joins the pool's running statements at its first reservation: most statements reserve nothing.
     */
    public MemoryReservation open() {
        return new MemoryReservation(this);
    }

    synchronized void close(MemoryReservation r) {
        if (!r.registered) return;
        used -= r.held;
        r.held = 0;
        r.registered = false;
        active.remove(r);
        notifyAll();
    }

    synchronized void release(MemoryReservation r, long bytes) {
        long b = Math.min(bytes, r.held);
        if (b <= 0) return;
        r.held -= b;
        used -= b;
        notifyAll();
    }

    /** Reserves {@code bytes} for {@code r}, failing it (53200) or the greediest statement as the class describes. */
    synchronized void grow(MemoryReservation r, String operator, long bytes, Runnable cancelCheck) {
        if (!r.registered) {
            r.registered = true;
            active.add(r);
        }
        long deadline = 0;
        while (true) {
            r.checkEvicted();
            long lim = limit;
            if (used + bytes <= lim) {
                used += bytes;
                r.held += bytes;
                return;
            }
            MemoryReservation top = r;
            for (MemoryReservation o : active) if (o.held > top.held) top = o;
            // fail the requester when it is the greediest, or when a request alone passes what the others could free
            if (top == r || used - top.held + bytes > lim) throw exceeded(operator, bytes, r.held, used, lim);
            top.evict("out of memory: this statement was stopped to free memory for another statement; it held "
                    + format(top.held) + " (the most), " + format(used) + " in use of memory_limit " + format(lim)
                    + " (SET memory_limit to raise it)");
            long now = System.nanoTime();
            if (deadline == 0) deadline = now + EVICTION_WAIT_MILLIS * 1_000_000L;
            if (now - deadline > 0) throw exceeded(operator, bytes, r.held, used, lim);
            try {
                wait(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NablaException(ErrorCode.CANCELLED, "statement cancelled");
            }
            // a cancelled requester stops waiting (checked outside the monitor's fast path)
            cancelCheck.run();
        }
    }

    /**
     * Reserves {@code bytes} for {@code r} only if they fit under the limit now: no statement is stopped and
     * nothing waits. An operator that can spill asks this first and spills what it holds when it is refused.
     */
    synchronized boolean tryGrow(MemoryReservation r, long bytes, long operatorHeld, boolean headroom) {
        r.checkEvicted();
        // with several spilling operators in one statement (an aggregate below a sort) each takes at most a
        // third of the limit, so that the others keep room; a lone one may take all of it, or half when it
        // asks for headroom (an aggregate goes on folding the groups it holds once it spills)
        long cap = r.spillers > 1 ? limit / 3 : headroom ? limit / 2 : Long.MAX_VALUE;
        if (used + bytes > limit || operatorHeld + bytes > cap) return false;
        if (!r.registered) {
            r.registered = true;
            active.add(r);
        }
        used += bytes;
        r.held += bytes;
        return true;
    }

    synchronized void spillers(MemoryReservation r, int delta) {
        r.spillers += delta;
    }

    static NablaException exceeded(String operator, long requested, long held, long used, long limit) {
        return new NablaException(
                ErrorCode.OUT_OF_MEMORY,
                "out of memory: " + operator + " requested " + format(requested) + ", the statement holds "
                        + format(held) + ", " + format(used) + " in use of memory_limit " + format(limit)
                        + " (SET memory_limit to raise it, or process less at once)");
    }

    /** Bytes in PostgreSQL's style: {@code 512kB}, {@code 64MB}, {@code 1.5GB}. */
    public static String format(long bytes) {
        if (bytes < 1024) return bytes + "bytes";
        String[] units = {"kB", "MB", "GB", "TB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return (v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.1f", v)) + units[u];
    }

    /**
     * Parses a memory_limit value: a byte count, a size with a unit ({@code 512MB}, {@code 8GB},
     * {@code 64kB}, {@code 1TB}; case-insensitive, KiB/MiB/GiB accepted and all powers of 1024), or a
     * percentage of the max heap ({@code 50%}).
     */
    public static long parse(Object value) {
        if (value instanceof Number n) {
            if (n.doubleValue() < 1)
                throw new NablaException(ErrorCode.INVALID_ARGUMENT, "memory_limit must be positive, got " + value);
            return n.longValue();
        }
        String s = String.valueOf(value).trim().toLowerCase(Locale.ROOT).replace(" ", "");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                        "(\\d+(?:\\.\\d+)?)(%|b|bytes|kb|kib|mb|mib|gb|gib|tb|tib)?")
                .matcher(s);
        if (!m.matches())
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT,
                    "memory_limit expects a size such as '512MB', '8GB' or '50%', got " + value);
        double v = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2);
        double bytes = switch (unit) {
            case "%" -> {
                if (v > 100)
                    throw new NablaException(
                            ErrorCode.INVALID_ARGUMENT, "memory_limit percentage must be at most 100%");
                yield Runtime.getRuntime().maxMemory() * v / 100;
            }
            case "kb", "kib" -> v * 1024;
            case "mb", "mib" -> v * 1024 * 1024;
            case "gb", "gib" -> v * 1024 * 1024 * 1024;
            case "tb", "tib" -> v * 1024 * 1024 * 1024 * 1024;
            default -> v;
        };
        if (bytes < 1 || bytes >= Long.MAX_VALUE)
            throw new NablaException(ErrorCode.INVALID_ARGUMENT, "memory_limit out of range: " + value);
        return (long) bytes;
    }
}
