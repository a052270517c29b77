package dev.nabla.parser.ast;

import dev.nabla.common.Span;
import java.util.ArrayList;
import java.util.List;

/**
 * A window: {@code OVER (base PARTITION BY .. ORDER BY .. frame)}. {@code baseWindow} names a window
 * from the WINDOW clause (also how {@code OVER w} is represented); it and {@code frame} may be null.
 */
public record WindowSpec(
        Ident baseWindow, List<Expression> partitionBy, List<OrderItem> orderBy, WindowFrame frame, Span span)
        implements Node {
    public WindowSpec {
        partitionBy = List.copyOf(partitionBy);
        orderBy = List.copyOf(orderBy);
        span = SqlWriter.orNone(span);
    }

    @Override
    public String toSql() {
        List<String> parts = new ArrayList<>();
        if (baseWindow != null) parts.add(baseWindow.toSql());
        if (!partitionBy.isEmpty()) parts.add("PARTITION BY " + SqlWriter.join(partitionBy));
        if (!orderBy.isEmpty()) parts.add("ORDER BY " + SqlWriter.join(orderBy));
        if (frame != null) parts.add(frame.toSql());
        return "(" + String.join(" ", parts) + ")";
    }
}
