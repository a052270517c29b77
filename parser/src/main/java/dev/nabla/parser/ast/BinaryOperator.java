package dev.nabla.parser.ast;

/** Infix operators with their SQL spelling and binding strength. */
public enum BinaryOperator {
    OR("OR", Precedence.OR),
    AND("AND", Precedence.AND),
    EQ("=", Precedence.COMPARISON),
    NOT_EQ("<>", Precedence.COMPARISON),
    LT("<", Precedence.COMPARISON),
    LT_EQ("<=", Precedence.COMPARISON),
    GT(">", Precedence.COMPARISON),
    GT_EQ(">=", Precedence.COMPARISON),
    CONCAT("||", Precedence.OTHER),
    BIT_AND("&", Precedence.OTHER),
    BIT_OR("|", Precedence.OTHER),
    SHIFT_LEFT("<<", Precedence.OTHER),
    SHIFT_RIGHT(">>", Precedence.OTHER),
    PLUS("+", Precedence.ADDITIVE),
    MINUS("-", Precedence.ADDITIVE),
    MULTIPLY("*", Precedence.MULTIPLICATIVE),
    DIVIDE("/", Precedence.MULTIPLICATIVE),
    MODULO("%", Precedence.MULTIPLICATIVE);

    private final String sql;
    private final Precedence precedence;

    BinaryOperator(String sql, Precedence precedence) {
        this.sql = sql;
        this.precedence = precedence;
    }

    public String sql() {
        return sql;
    }

    public Precedence precedence() {
        return precedence;
    }

    public boolean isComparison() {
        return precedence == Precedence.COMPARISON;
    }
}
