package dev.nabla.engine;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.common.Span;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.NullMarked;
import org.jspecify.annotations.Nullable;

/**
 * A session's settings ({@code SET name = value}). Only known names are accepted, each validated
 * and normalised to a Long; {@link #get} falls back to the default.
 */
@NullMarked
public final class Settings {
    /** Known settings and their defaults. */
    private static final Map<String, Long> DEFAULTS = new LinkedHashMap<>();

    static {
        DEFAULTS.put("max_recursion", 100_000L);
        DEFAULTS.put("threads", (long) Runtime.getRuntime().availableProcessors());
        DEFAULTS.put("lock_timeout", 30_000L);
    }

    private final Map<String, Object> values = new ConcurrentHashMap<>();

    public static java.util.Set<String> known() { return DEFAULTS.keySet(); }

    public void set(String name, Object value, Span span) {
        String key = name.toLowerCase(Locale.ROOT);
        if (!DEFAULTS.containsKey(key)) {
            throw new NablaException(ErrorCode.INVALID_ARGUMENT, span,
                    "unknown setting " + name + " (known settings: " + String.join(", ", DEFAULTS.keySet()) + ")");
        }
        long v = switch (value) {
            case Long l -> l;
            case Integer i -> i;
            case Double d when d == Math.rint(d) -> d.longValue();
            case String s when s.trim().matches("-?\\d+") -> Long.parseLong(s.trim());
            case null, default -> throw new NablaException(ErrorCode.INVALID_ARGUMENT, span, "setting " + key + " expects an integer, got " + value);
        };
        long min = key.equals("max_recursion") || key.equals("lock_timeout") ? 0 : 1;
        if (v < min) throw new NablaException(ErrorCode.INVALID_ARGUMENT, span, "setting " + key + " must be at least " + min);
        values.put(key, v);
    }

    /** The value, or the default; null for an unknown name. */
    public @Nullable Object get(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        Object v = values.get(key);
        return v != null ? v : DEFAULTS.get(key);
    }

    public long getLong(String name) {
        Object v = get(name);
        return v instanceof Number n ? n.longValue() : 0;
    }
}
