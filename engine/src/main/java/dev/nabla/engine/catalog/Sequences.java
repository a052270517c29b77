package dev.nabla.engine.catalog;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * A database's sequences, by (case-insensitive) name. As in PostgreSQL, drawing a value is never rolled back (a
 * rolled-back INSERT leaves a gap) and two sessions never get the same value. Unlike PostgreSQL, creating and
 * dropping a sequence is not transactional either: it takes effect at once, whatever becomes of the transaction.
 * An identity or SERIAL column owns the sequence {@code <table>_<column>_seq}: it cannot be dropped on its own, and
 * creating a table of that name again starts it afresh. It outlives DROP TABLE (which a rollback may undo), unused.
 *
 * <p>In a database file ({@link #attachLog}) every change is written to the log at once: CREATE, DROP and setval
 * write the sequences' state, and nextval writes it only when the value passes the last logged bound, which it
 * then sets {@value #LOG_AHEAD} values ahead (as PostgreSQL logs 32 ahead). The record is not forced: the COMMIT
 * of a transaction that used the value forces the log, and with it every earlier record. After a crash a
 * sequence resumes past its logged bound (a gap, never a repeated value); a checkpoint stores exact positions.
 * One lock ({@link #lock()}) guards every sequence, so a checkpoint's snapshot and the log agree.
 */
public final class Sequences {
    /** Values a nextval logs ahead of the one it hands out. */
    public static final int LOG_AHEAD = 1024;

    /** Where a file database writes the sequences' state (the log); called holding {@link #lock()}. */
    @FunctionalInterface
    public interface Log {
        void write(List<Saved> all);
    }

    /** A sequence as stored: its definition and where it resumes ({@code last}, {@code called} as in setval). */
    public record Saved(
            String name,
            long start,
            long increment,
            long min,
            long max,
            @Nullable String ownerTable,
            boolean always,
            long last,
            boolean called) {}

    private final Object lock = new Object();
    private volatile @Nullable Log log;

    /** One sequence. {@code owner} is {@code table.column} for an identity column's, else null. */
    public static final class Sequence {
        private final String name;
        private final long start;
        private final long increment;
        private final long min;
        private final long max;
        private final @Nullable String ownerTable;
        private final boolean always;
        private final Sequences owner;
        private long last;
        private boolean called;
        /** With a log: whether a bound is logged, and the bound (no value past it is handed out before logging). */
        private boolean hasAhead;

        private long ahead;

        Sequence(
                Sequences owner,
                String name,
                long start,
                long increment,
                long min,
                long max,
                @Nullable String ownerTable,
                boolean always) {
            this.owner = owner;
            this.name = name;
            this.start = start;
            this.increment = increment;
            this.min = min;
            this.max = max;
            this.ownerTable = ownerTable;
            this.always = always;
            this.last = start;
        }

        public String name() {
            return name;
        }

        public long start() {
            return start;
        }

        public long increment() {
            return increment;
        }

        /** The table whose identity column owns this sequence, or null. */
        public @Nullable String ownerTable() {
            return ownerTable;
        }

        /** For an identity column: GENERATED ALWAYS (true) or BY DEFAULT. */
        public boolean always() {
            return always;
        }

        /** The value last drawn or set. */
        public long lastValue() {
            synchronized (owner.lock) {
                return last;
            }
        }

        /** False until the first nextval (or after setval(…, false)): the next nextval then returns {@link #lastValue}. */
        public boolean isCalled() {
            synchronized (owner.lock) {
                return called;
            }
        }

        public long next() {
            synchronized (owner.lock) {
                long v;
                if (!called) v = last;
                else {
                    try {
                        v = Math.addExact(last, increment);
                    } catch (ArithmeticException e) {
                        throw limit();
                    }
                    if (v > max || v < min) throw limit();
                }
                Log l = owner.log;
                if (l != null && (!hasAhead || (increment > 0 ? v > ahead : v < ahead))) {
                    long bound;
                    try {
                        bound = Math.addExact(v, Math.multiplyExact(increment, (long) LOG_AHEAD));
                    } catch (ArithmeticException e) {
                        bound = increment > 0 ? max : min;
                    }
                    bound = Math.max(min, Math.min(max, bound));
                    boolean hadAhead = hasAhead;
                    long oldAhead = ahead;
                    hasAhead = true;
                    ahead = bound;
                    try {
                        l.write(owner.savedLocked());
                    } catch (RuntimeException e) {
                        hasAhead = hadAhead;
                        ahead = oldAhead;
                        throw e;
                    }
                }
                last = v;
                called = true;
                return v;
            }
        }

        public long set(long value, boolean isCalled) {
            synchronized (owner.lock) {
                if (value > max || value < min) {
                    throw new NablaException(
                            ErrorCode.SEQUENCE_LIMIT,
                            "setval: value " + value + " is out of bounds for sequence \"" + name + "\" (" + min + ".."
                                    + max + ")");
                }
                long oldLast = last;
                boolean oldCalled = called, oldAhead = hasAhead;
                last = value;
                called = isCalled;
                hasAhead = false;
                try {
                    owner.logLocked();
                } catch (RuntimeException e) {
                    // not logged (a read-only database file, a write error): the sequence stays as it was
                    last = oldLast;
                    called = oldCalled;
                    hasAhead = oldAhead;
                    throw e;
                }
                return value;
            }
        }

        /** As stored: where a reopened database resumes (past the logged bound when there is one). */
        private Saved saved(boolean exact) {
            boolean useAhead = hasAhead && !exact;
            return new Saved(
                    name, start, increment, min, max, ownerTable, always, useAhead ? ahead : last, useAhead || called);
        }

        private NablaException limit() {
            return new NablaException(
                    ErrorCode.SEQUENCE_LIMIT,
                    "nextval: reached "
                            + (increment > 0
                                    ? "maximum value of sequence \"" + name + "\" (" + max
                                    : "minimum value of sequence \"" + name + "\" (" + min)
                            + ")");
        }
    }

    private final Map<String, Sequence> byName = new ConcurrentHashMap<>();

    /** The lock every sequence change holds; a file database's checkpoint holds it too (see the class comment). */
    public Object lock() {
        return lock;
    }

    /** Makes these the sequences of a database file: every change from now on is written to {@code l}. */
    public void attachLog(Log l) {
        log = l;
    }

    /** Every sequence as the log stores it; the caller holds {@link #lock()}. */
    private List<Saved> savedLocked() {
        List<Saved> out = new java.util.ArrayList<>();
        for (Sequence q : new TreeMap<>(byName).values()) out.add(q.saved(false));
        return out;
    }

    private void logLocked() {
        Log l = log;
        if (l != null) l.write(savedLocked());
    }

    /**
     * Every sequence's exact position, for a checkpoint, which then starts an empty log: each sequence logs its
     * bound again at its next nextval. The caller holds {@link #lock()} until the checkpoint is written.
     */
    public List<Saved> savedForCheckpoint() {
        synchronized (lock) {
            List<Saved> out = new java.util.ArrayList<>();
            for (Sequence q : new TreeMap<>(byName).values()) {
                out.add(q.saved(true));
                q.hasAhead = false;
            }
            return out;
        }
    }

    /** Installs the sequences of a database file being opened (before its log is attached). */
    public void restore(List<Saved> saved) {
        synchronized (lock) {
            byName.clear();
            for (Saved v : saved) {
                Sequence q = new Sequence(
                        this, v.name(), v.start(), v.increment(), v.min(), v.max(), v.ownerTable(), v.always());
                q.last = v.last();
                q.called = v.called();
                byName.put(CatalogState.key(v.name()), q);
            }
        }
    }

    public @Nullable Sequence get(String name) {
        return byName.get(CatalogState.key(name));
    }

    /** The sequence of that name; 42P01 when there is none. */
    public Sequence require(String name) {
        Sequence s = get(name);
        if (s == null) throw new NablaException(ErrorCode.UNKNOWN_TABLE, "sequence \"" + name + "\" does not exist");
        return s;
    }

    /**
     * Creates a sequence. {@code start} null: 1 counting up, -1 counting down; {@code min}/{@code max} null: the
     * BIGINT range on the side the sequence counts. 42P07 when the name is taken, unless {@code ifNotExists}.
     */
    public void create(
            String name,
            @Nullable Long start,
            long increment,
            @Nullable Long min,
            @Nullable Long max,
            boolean ifNotExists,
            @Nullable String ownerTable,
            boolean always) {
        synchronized (lock) {
            createLocked(name, start, increment, min, max, ifNotExists, ownerTable, always);
        }
    }

    private void createLocked(
            String name,
            @Nullable Long start,
            long increment,
            @Nullable Long min,
            @Nullable Long max,
            boolean ifNotExists,
            @Nullable String ownerTable,
            boolean always) {
        if (increment == 0) throw new NablaException(ErrorCode.INVALID_ARGUMENT, "INCREMENT must not be zero");
        long lo = min != null ? min : increment > 0 ? 1 : Long.MIN_VALUE;
        long hi = max != null ? max : increment > 0 ? Long.MAX_VALUE : -1;
        long first = start != null ? start : increment > 0 ? lo : hi;
        if (first < lo || first > hi) {
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT,
                    "START value (" + first + ") must be between MINVALUE (" + lo + ") and MAXVALUE (" + hi + ")");
        }
        Sequence s = new Sequence(this, name, first, increment, lo, hi, ownerTable, always);
        Sequence before = byName.putIfAbsent(CatalogState.key(name), s);
        if (before != null && !ifNotExists)
            throw new NablaException(ErrorCode.DUPLICATE_OBJECT, "relation \"" + name + "\" already exists");
        if (before == null) logLocked();
    }

    /** Drops a sequence; false when there is none. 2BP01-like refusal for an identity column's own sequence. */
    public boolean drop(String name) {
        synchronized (lock) {
            return dropLocked(name);
        }
    }

    private boolean dropLocked(String name) {
        Sequence s = get(name);
        if (s == null) return false;
        if (s.ownerTable() != null) {
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT,
                    "cannot drop sequence \"" + name + "\": column of table \"" + s.ownerTable()
                            + "\" uses it (drop the table)");
        }
        byName.remove(CatalogState.key(name));
        logLocked();
        return true;
    }

    /**
     * The sequence of an identity column of a table being created: replaces one left by an earlier table of that
     * name; 42P07 when a sequence of that name is not such a leftover.
     */
    public void createOwned(String name, @Nullable Long start, long increment, String table, boolean always) {
        synchronized (lock) {
            Sequence before = get(name);
            if (before != null
                    && (before.ownerTable() == null || !before.ownerTable().equalsIgnoreCase(table)))
                throw new NablaException(ErrorCode.DUPLICATE_OBJECT, "relation \"" + name + "\" already exists");
            byName.remove(CatalogState.key(name));
            createLocked(name, start, increment, null, null, false, table, always);
        }
    }

    /**
     * The sequence an identity column of {@code t} draws from (its default is {@code nextval('<name>')} of a
     * sequence {@code t} owns), or null for any other column.
     */
    public @Nullable Sequence identityOf(StoredTable t, int column) {
        dev.nabla.plan.expr.Expr d = t.defaultOf(column);
        while (d instanceof dev.nabla.plan.expr.Cast c) d = c.arg();
        if (d instanceof dev.nabla.plan.expr.Call call
                && call.fn() == dev.nabla.plan.expr.Fn.NEXTVAL
                && call.args().get(0) instanceof dev.nabla.plan.expr.Literal l
                && l.value() instanceof String name) {
            Sequence s = get(name);
            return s != null && s.ownerTable() != null && s.ownerTable().equalsIgnoreCase(t.name()) ? s : null;
        }
        return null;
    }

    public List<Sequence> all() {
        TreeMap<String, Sequence> sorted = new TreeMap<>(byName);
        return List.copyOf(sorted.values());
    }
}
