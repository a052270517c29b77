package dev.nabla.plan.logical;

import dev.nabla.plan.expr.Expr;
import java.util.List;

/**
 * A table that INSERT, UPDATE, DELETE and MERGE may change: beyond names and types, what shaping a
 * statement's rows needs (column defaults and CHECK constraints). Sources that are not writable
 * (attached files, table functions) make DML fail while binding.
 */
public interface WritableTable extends TableSource {
    /** Column {@code column}'s bound DEFAULT expression, or null (then NULL). */
    Expr defaultOf(int column);

    /** The CHECK constraints' names, in the order of {@link #checksOver}. */
    List<String> checkNames();

    /** Every CHECK condition rewritten to read {@code row} (one column per table column, in table order). */
    List<Expr> checksOver(List<Column> row);
}
