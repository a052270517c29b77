package dev.nabla.engine;

import org.jspecify.annotations.NullMarked;

/**
 * Adds table functions, file formats or settings to every new {@link Database}: the IO module's
 * {@code read_csv}, {@code COPY ... TO} writers and NetCDF attacher plug in this way. Extensions are
 * found with {@link java.util.ServiceLoader} (a {@code META-INF/services/dev.nabla.engine.Extension}
 * file) or added with {@link Nabla#addExtension}.
 */
@FunctionalInterface
@NullMarked
public interface Extension {
    /** Registers what this extension provides, e.g. {@code db.tableFunctions().register("read_csv", ...)}. */
    void install(Database db);
}
