package dev.nabla.parser.ast;

import dev.nabla.common.Span;
import java.util.Objects;

/**
 * {@code ROWS|RANGE|GROUPS start} or {@code ... BETWEEN start AND end}. A frame written with a
 * start bound only has {@code end == null} (meaning CURRENT ROW).
 */
public record WindowFrame(FrameUnit unit, FrameBound start, FrameBound end, Span span) implements Node {
    public WindowFrame {
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(start, "start");
        span = SqlWriter.orNone(span);
    }

    public enum FrameUnit {
        ROWS,
        RANGE,
        GROUPS
    }

    public enum BoundKind {
        UNBOUNDED_PRECEDING,
        PRECEDING,
        CURRENT_ROW,
        FOLLOWING,
        UNBOUNDED_FOLLOWING
    }

    /** One frame edge; {@code offset} is set only for {@code n PRECEDING} and {@code n FOLLOWING}. */
    public record FrameBound(BoundKind kind, Expression offset, Span span) implements Node {
        public FrameBound {
            Objects.requireNonNull(kind, "kind");
            if ((kind == BoundKind.PRECEDING || kind == BoundKind.FOLLOWING) != (offset != null)) {
                throw new IllegalArgumentException("offset must be given exactly for n PRECEDING / n FOLLOWING");
            }
            span = SqlWriter.orNone(span);
        }

        public FrameBound(BoundKind kind, Expression offset) {
            this(kind, offset, Span.NONE);
        }

        @Override
        public String toSql() {
            return switch (kind) {
                case UNBOUNDED_PRECEDING -> "UNBOUNDED PRECEDING";
                case PRECEDING -> offset.toSql() + " PRECEDING";
                case CURRENT_ROW -> "CURRENT ROW";
                case FOLLOWING -> offset.toSql() + " FOLLOWING";
                case UNBOUNDED_FOLLOWING -> "UNBOUNDED FOLLOWING";
            };
        }
    }

    @Override
    public String toSql() {
        return end == null ? unit + " " + start.toSql() : unit + " BETWEEN " + start.toSql() + " AND " + end.toSql();
    }
}
