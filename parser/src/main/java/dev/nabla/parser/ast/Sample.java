package dev.nabla.parser.ast;

import dev.nabla.common.Span;
import java.util.Objects;

/**
 * DuckDB's {@code USING SAMPLE size [% | PERCENT | ROWS] [(method [, seed])] [REPEATABLE (seed)]} of a SELECT:
 * the rows of its FROM clause thinned before WHERE. {@code method} is {@code reservoir}, {@code bernoulli} or
 * {@code system} as written (null: reservoir for a row count, bernoulli for a percentage); {@code seed} may be
 * null (a fresh seed per statement).
 */
public record Sample(Expression size, boolean percent, String method, Expression seed, Span span) implements Node {
    public Sample {
        Objects.requireNonNull(size, "size");
        span = SqlWriter.orNone(span);
    }

    @Override
    public String toSql() {
        StringBuilder sb =
                new StringBuilder("USING SAMPLE ").append(size.toSql()).append(percent ? "%" : " ROWS");
        if (method != null) sb.append(" (").append(method).append(')');
        if (seed != null) sb.append(" REPEATABLE (").append(seed.toSql()).append(')');
        return sb.toString();
    }
}
