package dev.nabla.parser;

/** Lexical categories. Keywords share {@link #KEYWORD}; {@link Token#keyword()} says which. */
public enum TokenType {
    IDENT,
    /** "double quoted", `backticked` or [bracketed]; the token's text is the name without quotes. */
    QUOTED_IDENT,
    KEYWORD,
    /** '...'; the token's text is the value with '' undone. */
    STRING,
    NUMBER,
    /** x'0A1B' (SQLite blob); the token's text is the hex digits. */
    BLOB,
    /** ?, ?3, $1 or :name; the token's text is as written. */
    PARAMETER,
    PLUS,
    MINUS,
    STAR,
    SLASH,
    PERCENT,
    CONCAT,
    EQ,
    NOT_EQ,
    LT,
    LT_EQ,
    GT,
    GT_EQ,
    DOUBLE_COLON,
    ARROW,
    AMPERSAND,
    PIPE,
    TILDE,
    SHIFT_LEFT,
    SHIFT_RIGHT,
    LPAREN,
    RPAREN,
    LBRACKET,
    RBRACKET,
    /** {@code {} and {@code }}: a struct literal {@code {'name': value, …}} (DuckDB's, for table function options). */
    LBRACE,
    RBRACE,
    /** A single {@code :} (between a struct literal's name and value). */
    COLON,
    COMMA,
    SEMICOLON,
    DOT,
    /** Only from {@link Lexer#tokenizeLenient}: -- line and /* block *&#47; comments. */
    COMMENT,
    /** Only from {@link Lexer#tokenizeLenient}: an unterminated string, identifier or comment, or a stray character. */
    ERROR,
    EOF,
    /** Regular-expression match operators: ~* (case-insensitive), !~ and !~* (negated); plain ~ is TILDE. */
    TILDE_STAR,
    BANG_TILDE,
    BANG_TILDE_STAR,
    /** pgvector's distance operators: {@code <->} (L2), {@code <=>} (cosine), {@code <#>} (negative inner product). */
    L2_DISTANCE,
    COSINE_DISTANCE,
    NEGATIVE_INNER_PRODUCT
}
