package dev.nabla.engine;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.common.Span;
import dev.nabla.engine.exec.MemoryPool;
import dev.nabla.storage.Instants;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.NullMarked;
import org.jspecify.annotations.Nullable;

/**
 * A session's settings ({@code SET name = value}). Only known names are accepted, each validated
 * and normalised to a Long; {@link #get} falls back to the default. {@code SET name = DEFAULT} (and
 * {@code RESET name}) restores the default. {@code memory_limit} and {@code checkpoint_threshold} are
 * database-wide: the limit of the database's {@link MemoryPool} and the log size that triggers an automatic
 * checkpoint of a database file, shared by all its sessions; both read back as a size ({@code 8GB}).
 */
@NullMarked
public final class Settings {
    private volatile long version;

    /** Known settings and their defaults. */
    private static final Map<String, Object> DEFAULTS = new LinkedHashMap<>();

    static final String MEMORY_LIMIT = "memory_limit";
    static final String DEFAULT_TRANSACTION_ISOLATION = "default_transaction_isolation";
    static final String TRANSACTION_ISOLATION = "transaction_isolation";
    static final String DEFAULT_TRANSACTION_READ_ONLY = "default_transaction_read_only";
    static final String TRANSACTION_READ_ONLY = "transaction_read_only";
    static final String CHECKPOINT_THRESHOLD = "checkpoint_threshold";
    /** DuckDB's: where operators past memory_limit spill, and how much they may write (database-wide). */
    static final String TEMP_DIRECTORY = "temp_directory";

    static final String MAX_TEMP_DIRECTORY_SIZE = "max_temp_directory_size";
    /** DuckDB's: read_only or read_write, fixed when the database is opened. */
    static final String ACCESS_MODE = "access_mode";
    /** PostgreSQL's and DuckDB's: the zone TIMESTAMPTZ values are shown, parsed and truncated in. */
    public static final String TIME_ZONE = "timezone";

    static {
        DEFAULTS.put("max_recursion", 100_000L);
        DEFAULTS.put("threads", (long) Runtime.getRuntime().availableProcessors());
        DEFAULTS.put("lock_timeout", 30_000L);
        // the system property is only the default; SET fused = off|on is the switch
        DEFAULTS.put(MEMORY_LIMIT, 0L); // placeholder: the value lives in the database's MemoryPool
        DEFAULTS.put(CHECKPOINT_THRESHOLD, 0L); // placeholder: the value is the database's
        DEFAULTS.put(TEMP_DIRECTORY, ""); // placeholder: the value lives in the MemoryPool's TempSpace
        DEFAULTS.put(MAX_TEMP_DIRECTORY_SIZE, 0L); // placeholder: likewise
        DEFAULTS.put(ACCESS_MODE, "read_write"); // placeholder: the database's, chosen when it was opened
        DEFAULTS.put("fused", System.getProperty("nabla.fused", "on").trim().equalsIgnoreCase("off") ? 0L : 1L);
        // adaptive execution of fused kernels (docs/architecture.md): off waits for the kernel instead
        DEFAULTS.put(
                "adaptive", System.getProperty("nabla.adaptive", "on").trim().equalsIgnoreCase("off") ? 0L : 1L);
        // PostgreSQL's names; the open transaction's two are the session's (see TransactionModes)
        DEFAULTS.put(DEFAULT_TRANSACTION_ISOLATION, "serializable");
        DEFAULTS.put(TRANSACTION_ISOLATION, "serializable");
        DEFAULTS.put(DEFAULT_TRANSACTION_READ_ONLY, 0L);
        DEFAULTS.put(TRANSACTION_READ_ONLY, 0L);
        // UTC rather than the machine's zone (DuckDB's default): the same query gives the same text on every
        // machine; SET TimeZone chooses another for the session
        DEFAULTS.put(TIME_ZONE, "UTC");
    }

    private static final Map<String, String> DESCRIPTIONS = Map.ofEntries(
            Map.entry("max_recursion", "most iterations of a recursive CTE or loop before it fails"),
            Map.entry("threads", "worker threads of a parallel scan or aggregation"),
            Map.entry("lock_timeout", "milliseconds a writer waits for the write lock"),
            Map.entry(MEMORY_LIMIT, "memory shared by all sessions of the database (a size: 8GB, 512MB, 50%)"),
            Map.entry(
                    CHECKPOINT_THRESHOLD,
                    "write-ahead log size after which a commit checkpoints a database file (a size: 16MB; off: never)"),
            Map.entry(
                    ACCESS_MODE,
                    "read_only or read_write, chosen when the database is opened (access_mode=read_only, --readonly)"),
            Map.entry(
                    TEMP_DIRECTORY, "directory of the files that sorts spill past memory_limit (empty: spilling off)"),
            Map.entry(
                    MAX_TEMP_DIRECTORY_SIZE,
                    "most bytes of spill files at once (a size: 10GB; default 90% of the free disk space)"),
            Map.entry("fused", "whether aggregates may run as fused SIMD kernels (on/off)"),
            Map.entry(
                    "adaptive",
                    "whether fused kernels start on the per-node path while compiled in the background (on/off)"),
            Map.entry(
                    DEFAULT_TRANSACTION_ISOLATION,
                    "isolation level of each new transaction (serializable, read committed)"),
            Map.entry(TRANSACTION_ISOLATION, "isolation level of the current transaction"),
            Map.entry(DEFAULT_TRANSACTION_READ_ONLY, "whether each new transaction is read-only (on/off)"),
            Map.entry(TRANSACTION_READ_ONLY, "whether the current transaction is read-only"),
            Map.entry(TIME_ZONE, "the zone TIMESTAMPTZ values are shown and read in (UTC, Europe/Berlin, +05:30)"));

    /** What a setting does, for SHOW ALL; null for an unknown name. */
    public static @Nullable String description(String name) {
        return DESCRIPTIONS.get(name.toLowerCase(Locale.ROOT));
    }

    /** A setting's value as SHOW ALL and current_setting() print it: on/off for a switch, digits otherwise. */
    public static @Nullable String display(String name, @Nullable Object value) {
        if (value == null) return null;
        if (SWITCHES.contains(name.toLowerCase(Locale.ROOT)))
            return value instanceof Number n && n.longValue() != 0 ? "on" : "off";
        return value.toString();
    }

    /** Settings that are switches: on/off, true/false or 1/0, kept as 1/0. */
    private static final java.util.Set<String> SWITCHES =
            java.util.Set.of("fused", "adaptive", DEFAULT_TRANSACTION_READ_ONLY, TRANSACTION_READ_ONLY);

    /**
     * The open transaction's modes, which belong to the session: {@code transaction_isolation} and {@code
     * transaction_read_only} read the open transaction's (null when none is open: the defaults then), and
     * {@code SET} of either is PostgreSQL's SET TRANSACTION.
     */
    interface TransactionModes {
        @Nullable
        Object current(String key);

        void set(@Nullable String isolation, @Nullable Boolean readOnly);
    }

    private volatile @Nullable TransactionModes transaction;

    void bindTransaction(TransactionModes modes) {
        this.transaction = modes;
    }

    /**
     * The isolation level a name asks for, as it runs (docs/sql.md, Transactions and isolation): READ UNCOMMITTED
     * is READ COMMITTED and REPEATABLE READ is SERIALIZABLE (stronger than asked, as the SQL standard allows).
     */
    static String isolationLevel(String key, @Nullable Object value) {
        String v = value == null
                ? ""
                : String.valueOf(value).trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
        return switch (v) {
            case "serializable", "repeatable read" -> "serializable";
            case "read committed", "read uncommitted" -> "read committed";
            default ->
                throw new NablaException(
                        ErrorCode.INVALID_ARGUMENT,
                        "invalid value for parameter \"" + key + "\": \"" + value
                                + "\" (available values: serializable, repeatable read, read committed, read uncommitted)");
        };
    }

    private final Map<String, Object> values = new ConcurrentHashMap<>();
    private final MemoryPool memory;
    /** The database's automatic-checkpoint threshold in bytes (negative: never); shared by its sessions. */
    private final java.util.concurrent.atomic.AtomicLong checkpointThreshold;

    /** Whether the database was opened read-only (its access_mode). */
    private final java.util.function.BooleanSupplier readOnly;

    public Settings(
            MemoryPool memory,
            java.util.concurrent.atomic.AtomicLong checkpointThreshold,
            java.util.function.BooleanSupplier readOnly) {
        this.memory = memory;
        this.checkpointThreshold = checkpointThreshold;
        this.readOnly = readOnly;
    }

    /** Settings of a context without a database (a private memory pool and threshold). */
    public Settings() {
        this(new MemoryPool(), new java.util.concurrent.atomic.AtomicLong(DEFAULT_CHECKPOINT_THRESHOLD), () -> false);
    }

    /** The WAL size that triggers a checkpoint unless set: 16 MiB, or {@code -Dnabla.checkpoint_threshold}. */
    static final long DEFAULT_CHECKPOINT_THRESHOLD = Long.getLong("nabla.checkpoint_threshold", 16L << 20);

    /** A checkpoint_threshold value: a size as memory_limit takes it (no percentage), or off / -1 for never. */
    private static long checkpointBytes(Object value, Span span) {
        if (value instanceof Number n) return n.longValue() < 0 ? -1 : n.longValue();
        String v = String.valueOf(value).trim();
        if (v.equalsIgnoreCase("off") || v.equals("-1")) return -1;
        if (v.matches("\\d+")) return Long.parseLong(v);
        if (v.endsWith("%"))
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT, span, "checkpoint_threshold expects a size such as '64MB' or off");
        try {
            return MemoryPool.parse(v);
        } catch (NablaException e) {
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT,
                    span,
                    "checkpoint_threshold expects a size such as '64MB' or off, got " + value);
        }
    }

    public static java.util.Set<String> known() {
        return DEFAULTS.keySet();
    }

    /**
     * Counts the changes made through {@link #set}: a prepared statement planned under another count is planned
     * again, since binding reads settings ({@code current_setting()}, {@code max_recursion}, …).
     */
    public long version() {
        return version;
    }

    public void set(String name, Object value, Span span) {
        apply(name, value, span);
        version++;
    }

    private void apply(String name, Object value, Span span) {
        String key = name.toLowerCase(Locale.ROOT);
        if (!DEFAULTS.containsKey(key)) {
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT,
                    span,
                    "unknown setting " + name + " (known settings: " + String.join(", ", DEFAULTS.keySet()) + ")");
        }
        boolean reset = value instanceof String str && str.trim().equalsIgnoreCase("default");
        if (key.equals(TRANSACTION_ISOLATION) || key.equals(TRANSACTION_READ_ONLY)) {
            TransactionModes t = transaction;
            // without a session there is no transaction to change (PostgreSQL: no effect outside a transaction)
            if (t == null) return;
            if (key.equals(TRANSACTION_ISOLATION))
                t.set(isolationLevel(key, reset ? get(DEFAULT_TRANSACTION_ISOLATION) : value), null);
            else t.set(null, reset ? getLong(DEFAULT_TRANSACTION_READ_ONLY) != 0 : switchValue(key, value, span));
            return;
        }
        if (key.equals(DEFAULT_TRANSACTION_ISOLATION)) {
            if (reset) values.remove(key);
            else values.put(key, isolationLevel(key, value));
            return;
        }
        if (key.equals(MEMORY_LIMIT)) {
            if (reset) memory.resetLimit();
            else memory.setLimit(MemoryPool.parse(value));
            return;
        }
        if (key.equals(TEMP_DIRECTORY)) {
            if (reset) memory.temp().resetDirectory();
            else memory.temp().setDirectory(value == null ? null : String.valueOf(value));
            return;
        }
        if (key.equals(MAX_TEMP_DIRECTORY_SIZE)) {
            if (reset) memory.temp().resetMaxSize();
            else if (value instanceof Number n && n.longValue() == 0
                    || String.valueOf(value).trim().matches("0+(\\.0*)?\\s*[a-zA-Z]*"))
                memory.temp().setMaxSize(0);
            else memory.temp().setMaxSize(MemoryPool.parse(value));
            return;
        }
        if (key.equals(ACCESS_MODE)) {
            // as DuckDB: the mode belongs to the open database; a file is reopened to change it
            throw new NablaException(
                    ErrorCode.NOT_IN_PREREQUISITE_STATE,
                    span,
                    "access_mode cannot be changed after the database is opened (it is " + get(ACCESS_MODE)
                            + "; reopen the file with access_mode=read_only or --readonly)");
        }
        if (key.equals(TIME_ZONE)) {
            if (reset) values.remove(key);
            else values.put(key, Instants.name(zoneNamed(value, span)));
            return;
        }
        if (key.equals(CHECKPOINT_THRESHOLD)) {
            checkpointThreshold.set(reset ? DEFAULT_CHECKPOINT_THRESHOLD : checkpointBytes(value, span));
            return;
        }
        if (reset) {
            values.remove(key);
            return;
        }
        if (SWITCHES.contains(key)) {
            values.put(key, switchValue(key, value, span) ? 1L : 0L);
            return;
        }
        long v = switch (value) {
            case Long l -> l;
            case Integer i -> i;
            case Double d when d == Math.rint(d) -> d.longValue();
            case String s when s.trim().matches("-?\\d+") -> Long.parseLong(s.trim());
            case null, default ->
                throw new NablaException(
                        ErrorCode.INVALID_ARGUMENT, span, "setting " + key + " expects an integer, got " + value);
        };
        long min = key.equals("max_recursion") || key.equals("lock_timeout") ? 0 : 1;
        if (v < min)
            throw new NablaException(ErrorCode.INVALID_ARGUMENT, span, "setting " + key + " must be at least " + min);
        values.put(key, v);
    }

    private static boolean switchValue(String key, Object value, Span span) {
        String v = value == null ? "" : String.valueOf(value).trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "on", "true", "1" -> true;
            case "off", "false", "0" -> false;
            default ->
                throw new NablaException(
                        ErrorCode.INVALID_ARGUMENT, span, "setting " + key + " expects on or off, got " + value);
        };
    }

    /** The zone a TimeZone value names; 22023 naming the value otherwise (PostgreSQL's message). */
    public static ZoneId zoneNamed(@Nullable Object value, @Nullable Span span) {
        ZoneId z = value == null ? null : Instants.zone(String.valueOf(value));
        if (z == null)
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT,
                    span,
                    "invalid value for parameter \"TimeZone\": \"" + value
                            + "\" (an IANA zone name such as Europe/Berlin, UTC, or an offset such as +05:30)");
        return z;
    }

    /** The session's zone ({@code SET TimeZone}). */
    public ZoneId zone() {
        Object v = get(TIME_ZONE);
        ZoneId z = v == null ? null : Instants.zone(v.toString());
        return z == null ? ZoneOffset.UTC : z;
    }

    /** Whether the fused aggregate kernels may be chosen ({@code SET fused = on}, the default). */
    public boolean fused() {
        return getLong("fused") != 0;
    }

    /** The value, or the default; null for an unknown name. */
    public @Nullable Object get(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        if (key.equals(MEMORY_LIMIT)) return MemoryPool.format(memory.limit());
        if (key.equals(TRANSACTION_ISOLATION) || key.equals(TRANSACTION_READ_ONLY)) {
            TransactionModes t = transaction;
            Object current = t != null ? t.current(key) : null;
            if (current != null) return current;
            key = key.equals(TRANSACTION_ISOLATION) ? DEFAULT_TRANSACTION_ISOLATION : DEFAULT_TRANSACTION_READ_ONLY;
        }
        if (key.equals(TEMP_DIRECTORY)) {
            java.nio.file.Path d = memory.temp().directory();
            return d == null ? "" : d.toString();
        }
        if (key.equals(MAX_TEMP_DIRECTORY_SIZE)) {
            long m = memory.temp().maxSizeSetting();
            return m < 0 ? "90% of available disk space" : MemoryPool.format(m);
        }
        if (key.equals(ACCESS_MODE)) return readOnly.getAsBoolean() ? "read_only" : "read_write";
        if (key.equals(CHECKPOINT_THRESHOLD)) {
            long t = checkpointThreshold.get();
            return t < 0 ? "off" : MemoryPool.format(t);
        }
        Object v = values.get(key);
        return v != null ? v : DEFAULTS.get(key);
    }

    public long getLong(String name) {
        Object v = get(name);
        return v instanceof Number n ? n.longValue() : 0;
    }
}
