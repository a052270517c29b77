package dev.nabla.plan.logical;

import dev.nabla.plan.expr.Expr;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * {@code unnest(list)} (DuckDB, PostgreSQL): each input row repeated once per element of its lists, with the
 * elements as new columns. Several items are zipped: a row yields as many rows as its longest list has
 * elements, a shorter (or NULL) list giving NULL past its end; a row whose lists are all NULL or empty yields no
 * row, or, when {@code outer} ({@code LEFT JOIN unnest(..) ON true}), one row with NULL elements. An item with
 * {@code subscripts} yields the positions 1..length instead of the elements ({@code generate_subscripts(v, 1)}).
 * {@code ordinality}, when not null, numbers the rows of each input row from 1 ({@code WITH ORDINALITY}).
 *
 * <p>The output is the input's columns, then one column per item, then the ordinality column: the layout the
 * operator produces, so the input's columns pass through untouched. The list expressions read the input's
 * columns only (a FROM item {@code t, unnest(t.v)} is bound as this node over {@code t}: a lateral join that
 * needs no join).
 */
public record Unnest(LogicalPlan input, List<Item> items, Column ordinality, boolean outer) implements LogicalPlan {

    /** One unnested expression and the column that carries its elements (or subscripts). */
    public record Item(Expr list, Column column, boolean subscripts) {
        public Item {
            Objects.requireNonNull(list, "list");
            Objects.requireNonNull(column, "column");
        }
    }

    public Unnest {
        Objects.requireNonNull(input, "input");
        items = List.copyOf(items);
        if (items.isEmpty()) throw new IllegalArgumentException("unnest without lists");
    }

    @Override
    public List<Column> output() {
        List<Column> out = new ArrayList<>(input.output());
        for (Item it : items) out.add(it.column());
        if (ordinality != null) out.add(ordinality);
        return out;
    }

    @Override
    public List<LogicalPlan> inputs() {
        return List.of(input);
    }

    @Override
    public LogicalPlan withInputs(List<LogicalPlan> inputs) {
        return new Unnest(inputs.get(0), items, ordinality, outer);
    }

    /** The columns this node adds to its input's. */
    public List<Column> added() {
        List<Column> out = new ArrayList<>();
        for (Item it : items) out.add(it.column());
        if (ordinality != null) out.add(ordinality);
        return out;
    }

    /** The same node with its list expressions rewritten. */
    public Unnest mapLists(java.util.function.UnaryOperator<Expr> f) {
        List<Item> out = new ArrayList<>();
        for (Item it : items) out.add(new Item(f.apply(it.list()), it.column(), it.subscripts()));
        return new Unnest(input, out, ordinality, outer);
    }

    /** The EXPLAIN text: {@code Unnest [x := unnest(v), i := generate_subscripts(v), n := ordinality] outer}. */
    public String describe() {
        String s = items.stream()
                .map(it -> it.column().name() + " := " + (it.subscripts() ? "generate_subscripts(" : "unnest(")
                        + it.list().toSql() + ")")
                .collect(Collectors.joining(", "));
        if (ordinality != null) s += ", " + ordinality.name() + " := ordinality";
        return "Unnest [" + s + "]" + (outer ? " outer" : "");
    }
}
