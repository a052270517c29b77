package dev.nabla.parser.ast;

/** Prefix operators. */
public enum UnaryOperator {
    NOT("NOT", Precedence.NOT),
    MINUS("-", Precedence.UNARY),
    PLUS("+", Precedence.UNARY),
    BIT_NOT("~", Precedence.UNARY);

    private final String sql;
    private final Precedence precedence;

    UnaryOperator(String sql, Precedence precedence) {
        this.sql = sql;
        this.precedence = precedence;
    }

    public String sql() {
        return sql;
    }

    public Precedence precedence() {
        return precedence;
    }
}
