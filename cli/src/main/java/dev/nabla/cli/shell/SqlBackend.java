package dev.nabla.cli.shell;

import dev.nabla.cli.output.ResultTable;

/**
 * The database as the shell sees it: run one statement, cancel it from another thread. Catalog
 * questions (tables, columns) are asked in SQL ({@code SHOW TABLES}, {@code DESCRIBE}), so this
 * stays small enough to fake in tests. {@link EngineBackend} is the real one.
 */
public interface SqlBackend extends AutoCloseable {
    /** Runs exactly one statement; throws {@link dev.nabla.common.NablaException} for user errors. */
    Outcome execute(String sql);

    /** Called from another thread (Ctrl-C): the running statement fails with CANCELLED and changes nothing. */
    void cancel();

    boolean inTransaction();

    /** The result the shell showed last, which SQL then reads as {@code _}; a backend may ignore it. */
    default void rememberResult(ResultTable table) {}

    /** What the running statement has done so far (polled from another thread); null when unknown. */
    default dev.nabla.engine.Progress progress() {
        return null;
    }

    /** Names of the indexes on {@code table} (all tables when null), for {@code .indexes}; empty when unknown. */
    default java.util.List<String> indexNames(String table) {
        return java.util.List.of();
    }

    @Override
    void close();

    /** What a statement produced. */
    sealed interface Outcome {
        record Rows(ResultTable table) implements Outcome {
            public Rows {
                java.util.Objects.requireNonNull(table);
            }
        }

        record Count(long count, String message) implements Outcome {}

        record Ok(String message) implements Outcome {}
    }
}
