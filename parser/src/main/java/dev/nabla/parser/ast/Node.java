package dev.nabla.parser.ast;

import dev.nabla.common.Span;

/**
 * Every syntax-tree node: where it was written and how to write it back. {@link #toSql()} output
 * re-parses to an equal tree (spans always compare equal, so equality is by meaning).
 */
public interface Node {
    Span span();

    String toSql();
}
