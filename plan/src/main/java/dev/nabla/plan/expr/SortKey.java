package dev.nabla.plan.expr;

import java.util.Objects;

/** One ORDER BY key. {@code nullsFirst} is resolved by the binder (default: NULLs sort as smallest, like SQLite). */
public record SortKey(Expr expr, boolean ascending, boolean nullsFirst) {
    public SortKey {
        Objects.requireNonNull(expr);
    }
}
