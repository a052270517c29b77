package dev.nabla.plan.bind;

import dev.nabla.parser.ast.WindowSpec;
import dev.nabla.plan.expr.ColumnRef;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Name-resolution state of one query level (a SELECT, VALUES or set-operation operand). {@code fields}
 * is what unqualified and qualified names resolve to right now (the binder swaps it while binding FROM,
 * ON and the clauses); {@code outer} is the enclosing level for correlated references, which are
 * collected into {@code correlated} of every level between the use and the definition.
 */
final class Ctx {
    final Ctx outer;
    final CteEnv ctes;
    List<Field> fields = List.of();
    final LinkedHashSet<ColumnRef> correlated = new LinkedHashSet<>();

    /** What the clause being bound allows; {@code clause} names it in errors ("WHERE"). */
    String clause = "this context";

    boolean aggregatesAllowed;
    boolean windowsAllowed;
    boolean sawAggregate;
    /** Whether a set-returning unnest / generate_subscripts may appear (a SELECT list's items). */
    boolean unnestAllowed;

    /**
     * Select-list aliases an unknown bare name may fall back to (SQLite lets WHERE, HAVING and ORDER BY
     * expressions use them); empty where that does not apply. {@code expandingAliases} stops self-reference.
     */
    Map<String, dev.nabla.parser.ast.Expression> selectAliases = Map.of();

    final Set<String> expandingAliases = new HashSet<>();
    Map<String, WindowSpec> namedWindows = new HashMap<>();

    Ctx(Ctx outer, CteEnv ctes) {
        this.outer = outer;
        this.ctes = ctes;
    }

    void clause(String name, boolean aggregates, boolean windows) {
        clause = name;
        aggregatesAllowed = aggregates;
        windowsAllowed = windows;
    }
}
