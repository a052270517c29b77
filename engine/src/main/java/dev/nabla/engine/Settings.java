package dev.nabla.engine;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.common.Span;
import dev.nabla.engine.exec.MemoryPool;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.NullMarked;
import org.jspecify.annotations.Nullable;

/**
 * A session's settings ({@code SET name = value}). Only known names are accepted, each validated
 * and normalised to a Long; {@link #get} falls back to the default. {@code SET name = DEFAULT} (and
 * {@code RESET name}) restores the default. {@code memory_limit} is the one database-wide setting:
 * it is the limit of the database's {@link MemoryPool}, shared by all its sessions, and reads back as
 * a size ({@code 8GB}).
 */
@NullMarked
public final class Settings {
    private volatile long version;

    /** Known settings and their defaults. */
    private static final Map<String, Long> DEFAULTS = new LinkedHashMap<>();

    static final String MEMORY_LIMIT = "memory_limit";

    static {
        DEFAULTS.put("max_recursion", 100_000L);
        DEFAULTS.put("threads", (long) Runtime.getRuntime().availableProcessors());
        DEFAULTS.put("lock_timeout", 30_000L);
        // the system property is only the default; SET fused = off|on is the switch
        DEFAULTS.put(MEMORY_LIMIT, 0L); // placeholder: the value lives in the database's MemoryPool
        DEFAULTS.put("fused", System.getProperty("nabla.fused", "on").trim().equalsIgnoreCase("off") ? 0L : 1L);
        // adaptive execution of fused kernels (docs/architecture.md): off waits for the kernel instead
        DEFAULTS.put(
                "adaptive", System.getProperty("nabla.adaptive", "on").trim().equalsIgnoreCase("off") ? 0L : 1L);
    }

    private static final Map<String, String> DESCRIPTIONS = Map.of(
            "max_recursion",
            "most iterations of a recursive CTE or loop before it fails",
            "threads",
            "worker threads of a parallel scan or aggregation",
            "lock_timeout",
            "milliseconds a writer waits for the write lock",
            MEMORY_LIMIT,
            "memory shared by all sessions of the database (a size: 8GB, 512MB, 50%)",
            "fused",
            "whether aggregates may run as fused SIMD kernels (on/off)",
            "adaptive",
            "whether fused kernels start on the per-node path while compiled in the background (on/off)");

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
    private static final java.util.Set<String> SWITCHES = java.util.Set.of("fused", "adaptive");

    private final Map<String, Object> values = new ConcurrentHashMap<>();
    private final MemoryPool memory;

    public Settings(MemoryPool memory) {
        this.memory = memory;
    }

    /** Settings of a context without a database (a private memory pool). */
    public Settings() {
        this(new MemoryPool());
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
        if (key.equals(MEMORY_LIMIT)) {
            if (reset) memory.resetLimit();
            else memory.setLimit(MemoryPool.parse(value));
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

    /** Whether the fused aggregate kernels may be chosen ({@code SET fused = on}, the default). */
    public boolean fused() {
        return getLong("fused") != 0;
    }

    /** The value, or the default; null for an unknown name. */
    public @Nullable Object get(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        if (key.equals(MEMORY_LIMIT)) return MemoryPool.format(memory.limit());
        Object v = values.get(key);
        return v != null ? v : DEFAULTS.get(key);
    }

    public long getLong(String name) {
        Object v = get(name);
        return v instanceof Number n ? n.longValue() : 0;
    }
}
