package dev.nabla.plan.bind;

import dev.nabla.plan.bound.BoundStatement.GradReport;
import dev.nabla.plan.bound.CatalogReader;
import dev.nabla.plan.bound.DerivativeExpander;
import dev.nabla.plan.expr.Expr;
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
    /** Defining expression of every computed Project output column, for autograd. */
    final Map<Integer, Expr> definitions = new HashMap<>();
    /** Columns of a set operation: the branch columns each value comes from (opaque to autograd, but not constant). */
    final Map<Integer, List<Expr>> sources = new HashMap<>();
    /** Parameter index → type as inferred from context. */
    final TreeMap<Integer, DataType> paramTypes = new TreeMap<>();
    /** Parameter index → type to take where no context decides one (from the values a client bound). */
    final Map<Integer, DataType> paramHints = new HashMap<>();
    /** Parameters given VARCHAR only because nothing around them decided a type. */
    final java.util.Set<Integer> defaultedParams = new java.util.HashSet<>();

    final List<GradReport> gradReports = new ArrayList<>();
    /** SQL text of each GRADIENT(...) backward plan bound, for EXPLAIN. */
    final List<String> backwardSql = new ArrayList<>();

    int viewDepth;

    BindState(CatalogReader catalog, DerivativeExpander expander) {
        this.catalog = catalog;
        this.expander = expander;
    }
}
