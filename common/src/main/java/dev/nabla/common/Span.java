package dev.nabla.common;

/**
 * A source range in SQL text. Lines and columns are 1-based; offsets are 0-based char offsets.
 * Every {@code Span} equals every other one so that AST and expression records compare by meaning,
 * not by where they were written.
 */
public record Span(int startLine, int startCol, int endLine, int endCol, int offset, int endOffset) {
    public static final Span NONE = new Span(0, 0, 0, 0, -1, -1);

    public boolean isKnown() {
        return offset >= 0;
    }

    /** The smallest span covering both; unknown spans are ignored. */
    public Span to(Span other) {
        if (!isKnown()) return other;
        if (other == null || !other.isKnown()) return this;
        Span first = offset <= other.offset ? this : other;
        Span last = endOffset >= other.endOffset ? this : other;
        return new Span(first.startLine, first.startCol, last.endLine, last.endCol, first.offset, last.endOffset);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Span;
    }

    @Override
    public int hashCode() {
        return 0;
    }

    @Override
    public String toString() {
        return isKnown() ? startLine + ":" + startCol : "?";
    }
}
