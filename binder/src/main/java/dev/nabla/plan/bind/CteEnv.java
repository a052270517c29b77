package dev.nabla.plan.bind;

import dev.nabla.parser.ast.Cte;
import java.util.Locale;

/**
 * The CTEs visible at some point: an immutable chain, innermost first. Each reference re-binds the CTE's
 * query (so every use gets fresh column ids) in the environment and outer level of its definition.
 */
final class CteEnv {
    static final CteEnv EMPTY = new CteEnv(null, null, null, false, null);

    final CteEnv parent;
    final Cte cte;
    /** Level the WITH clause belongs to, for correlated references inside the CTE body. */
    final Ctx definitionOuter;

    final boolean recursive;
    /** Set while the CTE's own recursive body is being bound. */
    RecursiveBinding active;

    private final String key;

    /** Identifies this definition's bound copies for ShareCtes (one per WITH clause binding, not per reference). */
    final dev.nabla.plan.optimize.ShareCtes.Group group;

    CteEnv(CteEnv parent, Cte cte, Ctx definitionOuter, boolean recursive, RecursiveBinding active) {
        this.parent = parent;
        this.cte = cte;
        this.definitionOuter = definitionOuter;
        this.recursive = recursive;
        this.active = active;
        this.key = cte == null ? null : cte.name().value().toLowerCase(Locale.ROOT);
        this.group = cte == null
                ? null
                : new dev.nabla.plan.optimize.ShareCtes.Group(cte.name().value(), cte.materialized());
    }

    CteEnv with(Cte c, Ctx outer, boolean recursive) {
        return new CteEnv(this, c, outer, recursive, null);
    }

    /** The innermost CTE called {@code name}, or null. */
    CteEnv find(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (CteEnv e = this; e != null && e.cte != null; e = e.parent) if (e.key.equals(n)) return e;
        return null;
    }

    /** State of a recursive CTE while its body is bound: which part, and how often the recursive part referenced it. */
    static final class RecursiveBinding {
        boolean inAnchor = true;
        int references;
        int cteId;
        java.util.List<dev.nabla.plan.logical.Column> workingColumns;
    }
}
