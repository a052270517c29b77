package dev.nabla.plan.bound;

import dev.nabla.common.Span;
import dev.nabla.plan.logical.TableSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the binder may ask the engine's catalog. Names are compared case-insensitively; schema is null
 * for an unqualified name (then the default schema {@code main}, then attached schemas with a single
 * table, are searched).
 */
public interface CatalogReader {
    Optional<TableSource> table(String schema, String name);

    Optional<ViewDefinition> view(String schema, String name);

    /**
     * Resolves a table function call whose arguments were constant-folded by the binder (Long, Double,
     * String, Boolean, null, or a List of those for array literals), e.g. read_csv, generate_series.
     * Throws NablaException (UNKNOWN_FUNCTION, INVALID_ARGUMENT, IO) with the given span.
     */
    TableSource tableFunction(String name, List<Object> args, Map<String, Object> namedArgs, Span span);

    /**
     * A file named by a string literal in FROM ({@code FROM 'f.parquet'}), read by the reader of the file format
     * its extension names. Throws NablaException (UNSUPPORTED, INVALID_ARGUMENT, IO) with the given span.
     */
    default TableSource fileTable(String path, Span span) {
        throw new dev.nabla.common.NablaException(
                dev.nabla.common.ErrorCode.UNSUPPORTED, span, "reading a file in FROM is not supported here");
    }

    /**
     * Names of the tables in {@code schema} (null: those of the default schema, then the tables of
     * attached schemas an unqualified name may reach), for "did you mean" hints; empty when unknown.
     */
    default List<String> tableNames(String schema) {
        return List.of();
    }

    /** Names of the views in {@code schema} (null: the default schema), for hints; empty when unknown. */
    default List<String> viewNames(String schema) {
        return List.of();
    }

    /**
     * Whether {@code column} of {@code table} is GENERATED ALWAYS AS IDENTITY, so an INSERT may not give it a
     * value (428C9); false when unknown.
     */
    default boolean generatedAlways(TableSource table, int column) {
        return false;
    }

    /**
     * Whether {@code column} of {@code table} is an identity column (GENERATED ALWAYS or BY DEFAULT, SERIAL
     * included), whose given values {@code INSERT … OVERRIDING USER VALUE} ignores; false when unknown.
     */
    default boolean identity(TableSource table, int column) {
        return false;
    }

    /** Session setting such as {@code max_recursion}; null when unset. */
    Object setting(String name);

    /**
     * A setting as {@code current_setting('name')} returns it (text, {@code on}/{@code off} for a switch); null for
     * an unknown name.
     */
    default String settingText(String name) {
        Object v = setting(name);
        return v == null ? null : v.toString();
    }

    /** A stored view: its column names (may be empty = take the query's), parsed query AST and text. */
    record ViewDefinition(String name, List<String> columnNames, dev.nabla.parser.ast.Query query, String sql) {}
}
