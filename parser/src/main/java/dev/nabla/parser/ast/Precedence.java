package dev.nabla.parser.ast;

/**
 * Operator binding strength, weakest first, as in Postgres/SQLite: OR &lt; AND &lt; NOT &lt;
 * comparisons (= &lt;&gt; &lt; IS LIKE BETWEEN IN GLOB) &lt; other operators (|| &amp; | &lt;&lt; &gt;&gt;)
 * &lt; + - &lt; * / % &lt; unary - + ~ &lt; COLLATE &lt; :: &lt; atoms. The parser climbs it; {@code toSql}
 * uses it to decide where parentheses are needed.
 */
public enum Precedence {
    LOWEST,
    OR,
    AND,
    NOT,
    COMPARISON,
    OTHER,
    ADDITIVE,
    MULTIPLICATIVE,
    UNARY,
    COLLATE,
    CAST,
    PRIMARY;

    public boolean atLeast(Precedence other) {
        return compareTo(other) >= 0;
    }

    /** The next stronger level: the minimum for the right operand of a left-associative operator. */
    public Precedence next() {
        return this == PRIMARY ? PRIMARY : values()[ordinal() + 1];
    }
}
