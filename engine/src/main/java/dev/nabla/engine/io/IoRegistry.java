package dev.nabla.engine.io;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.common.Span;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * File formats for COPY and ATTACH, registered by the IO module. {@code COPY t FROM 'f'} reads through
 * the table function {@code read_<format>} (so every reader is also usable in FROM); {@code COPY ... TO}
 * uses a {@link CopyWriter}; {@code ATTACH} an {@link Attacher}. The format comes from the
 * {@code FORMAT}/{@code TYPE} option, else from the file extension.
 */
public final class IoRegistry {
    private final Map<String, CopyWriter> writers = new ConcurrentHashMap<>();
    private final Map<String, Attacher> attachers = new ConcurrentHashMap<>();

    public void registerWriter(String format, CopyWriter writer) {
        writers.put(key(format), Objects.requireNonNull(writer));
    }

    public void registerAttacher(String type, Attacher attacher) {
        attachers.put(key(type), Objects.requireNonNull(attacher));
    }

    public CopyWriter writer(String format, Span span) {
        CopyWriter w = writers.get(key(format));
        if (w == null)
            throw new NablaException(
                    ErrorCode.UNSUPPORTED,
                    span,
                    "COPY TO format " + format + " is not supported"
                            + (writers.isEmpty()
                                    ? ""
                                    : " (supported: " + String.join(", ", new java.util.TreeSet<>(writers.keySet()))
                                            + ")"));
        return w;
    }

    public Attacher attacher(String type, Span span) {
        Attacher a = attachers.get(key(type));
        if (a == null)
            throw new NablaException(
                    ErrorCode.UNSUPPORTED,
                    span,
                    "ATTACH type " + type + " is not supported"
                            + (attachers.isEmpty()
                                    ? ""
                                    : " (supported: " + String.join(", ", new java.util.TreeSet<>(attachers.keySet()))
                                            + ")"));
        return a;
    }

    /** The format named by option {@code format} (or {@code type}), else the file extension; lower case. */
    public static String formatOf(String path, Map<String, Object> options, Span span) {
        for (Map.Entry<String, Object> e : options.entrySet()) {
            String k = e.getKey().toLowerCase(Locale.ROOT);
            if ((k.equals("format") || k.equals("type")) && e.getValue() != null)
                return e.getValue().toString().toLowerCase(Locale.ROOT);
        }
        String p = path.toLowerCase(Locale.ROOT);
        if (p.endsWith(".gz")) p = p.substring(0, p.length() - 3);
        int dot = p.lastIndexOf('.');
        int slash = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
        if (dot > slash && dot < p.length() - 1) {
            String ext = p.substring(dot + 1);
            return switch (ext) {
                case "nc", "nc4", "cdf", "netcdf" -> "netcdf";
                case "tsv", "txt" -> "csv";
                case "pq", "parq" -> "parquet";
                case "ndjson", "jsonl" -> "json";
                default -> ext;
            };
        }
        throw new NablaException(
                ErrorCode.INVALID_ARGUMENT,
                span,
                "cannot tell the file format of '" + path + "': add (FORMAT csv|parquet|...)");
    }

    private static String key(String s) {
        return Objects.requireNonNull(s).toLowerCase(Locale.ROOT);
    }
}
