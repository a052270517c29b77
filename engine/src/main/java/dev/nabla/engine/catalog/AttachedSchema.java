package dev.nabla.engine.catalog;

import dev.nabla.engine.exec.ScannableSource;
import java.util.Map;
import java.util.TreeMap;

/** A read-only schema opened with ATTACH: its tables by (case-insensitive) name. */
public record AttachedSchema(String name, String path, Map<String, ScannableSource> tables) {
    public AttachedSchema {
        TreeMap<String, ScannableSource> t = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        t.putAll(tables);
        tables = java.util.Collections.unmodifiableMap(t);
    }
}
