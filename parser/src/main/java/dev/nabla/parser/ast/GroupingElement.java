package dev.nabla.parser.ast;

import dev.nabla.common.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One item of a GROUP BY that uses grouping sets: a plain expression ({@code KEY}, one set of one
 * expression), {@code ROLLUP (..)}, {@code CUBE (..)}, {@code GROUPING SETS (..)} or the empty set
 * {@code ()} ({@code SETS} with one empty list). For ROLLUP and CUBE each inner list is one column
 * group (a parenthesized {@code (a, b)} moves as one); for GROUPING SETS each inner list is one set.
 */
public record GroupingElement(Kind kind, List<List<Expression>> lists, Span span) implements Node {
    public enum Kind {
        KEY,
        ROLLUP,
        CUBE,
        SETS
    }

    public GroupingElement {
        Objects.requireNonNull(kind, "kind");
        lists = lists.stream().map(List::copyOf).toList();
        if (kind == Kind.KEY && (lists.size() != 1 || lists.get(0).size() != 1))
            throw new IllegalArgumentException("KEY holds one expression");
        span = SqlWriter.orNone(span);
    }

    @Override
    public String toSql() {
        if (kind == Kind.KEY) return lists.get(0).get(0).toSql();
        List<String> parts = new ArrayList<>();
        for (List<Expression> l : lists)
            parts.add(l.size() == 1 && kind != Kind.SETS ? l.get(0).toSql() : "(" + SqlWriter.join(l) + ")");
        String inner = String.join(", ", parts);
        return switch (kind) {
            case KEY -> throw new IllegalStateException();
            case ROLLUP -> "ROLLUP (" + inner + ")";
            case CUBE -> "CUBE (" + inner + ")";
            case SETS -> lists.size() == 1 && lists.get(0).isEmpty() ? "()" : "GROUPING SETS (" + inner + ")";
        };
    }
}
