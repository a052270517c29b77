package dev.nabla.plan.bind;

import dev.nabla.plan.bound.CatalogReader;
import dev.nabla.plan.bound.DerivativeExpander;
import dev.nabla.plan.logical.ColumnIds;
import dev.nabla.storage.DataType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Everything shared by the binding of one statement. */
final class BindState {
    final CatalogReader catalog;
    final DerivativeExpander expander;
    final ColumnIds ids = new ColumnIds();
    /** Parameter index → type as inferred from context. */
    final TreeMap<Integer, DataType> paramTypes = new TreeMap<>();
    /** Parameter index → type to take where no context decides one (from the values a client bound). */
    final Map<Integer, DataType> paramHints = new HashMap<>();
    /** Parameters given VARCHAR only because nothing around them decided a type. */
    final java.util.Set<Integer> defaultedParams = new java.util.HashSet<>();
    /**
     * Untyped parameters compared with or added to a DECIMAL: they take the DECIMAL's type only as a
     * fallback; the bound value's own type (its exact scale) decides, so {@code d = ?} with 0.105 does
     * not round to d's scale first (DuckDB and PostgreSQL compare 0.105 with 0.11 as unequal).
     */
    final java.util.Set<Integer> decimalContextParams = new java.util.HashSet<>();

    /** SQL text of each GRADIENT(...) backward plan bound, for EXPLAIN. */
    final List<String> backwardSql = new ArrayList<>();

    int viewDepth;

    /** Each bound copy of a CTE reference, for {@link dev.nabla.plan.optimize.ShareCtes} after Differentiate. */
    final dev.nabla.plan.optimize.ShareCtes.Copies cteCopies = dev.nabla.plan.optimize.ShareCtes.Copies.none();

    BindState(CatalogReader catalog, DerivativeExpander expander) {
        this.catalog = catalog;
        this.expander = expander;
    }
}
