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
 */
public final class Sequences {
    /** One sequence. {@code owner} is {@code table.column} for an identity column's, else null. */
    public static final class Sequence {
        private final String name;
        private final long start;
        private final long increment;
        private final long min;
        private final long max;
        private final @Nullable String ownerTable;
        private final boolean always;
        private long last;
        private boolean called;

        Sequence(
                String name,
                long start,
                long increment,
                long min,
                long max,
                @Nullable String ownerTable,
                boolean always) {
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
        public synchronized long lastValue() {
            return last;
        }

        /** False until the first nextval (or after setval(…, false)): the next nextval then returns {@link #lastValue}. */
        public synchronized boolean isCalled() {
            return called;
        }

        public synchronized long next() {
            if (!called) {
                called = true;
                return last;
            }
            long v;
            try {
                v = Math.addExact(last, increment);
            } catch (ArithmeticException e) {
                throw limit();
            }
            if (v > max || v < min) throw limit();
            last = v;
            return v;
        }

        public synchronized long set(long value, boolean isCalled) {
            if (value > max || value < min) {
                throw new NablaException(
                        ErrorCode.SEQUENCE_LIMIT,
                        "setval: value " + value + " is out of bounds for sequence \"" + name + "\" (" + min + ".."
                                + max + ")");
            }
            last = value;
            called = isCalled;
            return value;
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

    /**
     * The database file these sequences would belong to, or null in memory. A sequence's position is not yet
     * written to the log or the checkpoint (docs/storage.md), so a file database refuses sequences rather than
     * hand out repeated identity values after a reopen.
     */
    private volatile @Nullable String durableFile;

    /** Marks these sequences as those of a database file: creating one is refused from then on. */
    public void refuseInFile(String file) {
        durableFile = file;
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
        String file = durableFile;
        if (file != null) {
            throw new NablaException(
                    ErrorCode.UNSUPPORTED,
                    "sequences, identity and SERIAL columns are not stored in database files yet (" + file
                            + "): use them in an in-memory database");
        }
        if (increment == 0) throw new NablaException(ErrorCode.INVALID_ARGUMENT, "INCREMENT must not be zero");
        long lo = min != null ? min : increment > 0 ? 1 : Long.MIN_VALUE;
        long hi = max != null ? max : increment > 0 ? Long.MAX_VALUE : -1;
        long first = start != null ? start : increment > 0 ? lo : hi;
        if (first < lo || first > hi) {
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT,
                    "START value (" + first + ") must be between MINVALUE (" + lo + ") and MAXVALUE (" + hi + ")");
        }
        Sequence s = new Sequence(name, first, increment, lo, hi, ownerTable, always);
        Sequence before = byName.putIfAbsent(CatalogState.key(name), s);
        if (before != null && !ifNotExists)
            throw new NablaException(ErrorCode.DUPLICATE_OBJECT, "relation \"" + name + "\" already exists");
    }

    /** Drops a sequence; false when there is none. 2BP01-like refusal for an identity column's own sequence. */
    public boolean drop(String name) {
        Sequence s = get(name);
        if (s == null) return false;
        if (s.ownerTable() != null) {
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT,
                    "cannot drop sequence \"" + name + "\": column of table \"" + s.ownerTable()
                            + "\" uses it (drop the table)");
        }
        byName.remove(CatalogState.key(name));
        return true;
    }

    /**
     * The sequence of an identity column of a table being created: replaces one left by an earlier table of that
     * name; 42P07 when a sequence of that name is not such a leftover.
     */
    public void createOwned(String name, @Nullable Long start, long increment, String table, boolean always) {
        Sequence before = get(name);
        if (before != null
                && (before.ownerTable() == null || !before.ownerTable().equalsIgnoreCase(table)))
            throw new NablaException(ErrorCode.DUPLICATE_OBJECT, "relation \"" + name + "\" already exists");
        byName.remove(CatalogState.key(name));
        create(name, start, increment, null, null, false, table, always);
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
