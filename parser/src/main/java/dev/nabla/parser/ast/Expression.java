package dev.nabla.parser.ast;

import dev.nabla.common.Span;
import java.math.BigInteger;
import java.util.List;
import java.util.Objects;

/**
 * A scalar expression as written. Parentheses are not kept: the tree shape carries grouping, and
 * {@link #toSql()} adds parentheses wherever {@link #precedence()} requires them. Named
 * {@code Expression} (not {@code Expr}) so it never clashes with the binder's bound expressions.
 */
public sealed interface Expression extends Node {

    /** How strongly this expression binds, for deciding parentheses when it is an operand. */
    default Precedence precedence() {
        return Precedence.PRIMARY;
    }

    /**
     * A number as written. {@code value} is a {@link Long} for integers that fit, a {@link BigInteger}
     * for larger integers, and a {@link Double} for anything with a decimal point or exponent;
     * {@code text} keeps the exact spelling (with a leading '-' when the parser folded a negation
     * into the literal) for engines that want exact decimals.
     */
    record NumberLiteral(String text, Number value, Span span) implements Expression {
        public NumberLiteral {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(value, "value");
            span = SqlWriter.orNone(span);
        }

        public static NumberLiteral of(long v) {
            return new NumberLiteral(Long.toString(v), v, Span.NONE);
        }

        public boolean isInteger() {
            return value instanceof Long || value instanceof BigInteger;
        }

        /** True when the integer did not fit in a long. */
        public boolean isBigInteger() {
            return value instanceof BigInteger;
        }

        @Override
        public Precedence precedence() {
            return text.startsWith("-") ? Precedence.UNARY : Precedence.PRIMARY;
        }

        @Override
        public String toSql() {
            return text;
        }
    }

    record StringLiteral(String value, Span span) implements Expression {
        public StringLiteral {
            Objects.requireNonNull(value, "value");
            span = SqlWriter.orNone(span);
        }

        @Override
        public String toSql() {
            return SqlWriter.string(value);
        }
    }

    /** SQLite's {@code x'0A1B'}: {@code hex} holds the digits (an even number of them) as written. */
    record BlobLiteral(String hex, Span span) implements Expression {
        public BlobLiteral {
            Objects.requireNonNull(hex, "hex");
            span = SqlWriter.orNone(span);
        }

        public byte[] bytes() {
            return java.util.HexFormat.of().parseHex(hex);
        }

        @Override
        public String toSql() {
            return "x'" + hex + "'";
        }
    }

    record BooleanLiteral(boolean value, Span span) implements Expression {
        public BooleanLiteral {
            span = SqlWriter.orNone(span);
        }

        @Override
        public String toSql() {
            return value ? "TRUE" : "FALSE";
        }
    }

    record NullLiteral(Span span) implements Expression {
        public NullLiteral {
            span = SqlWriter.orNone(span);
        }

        @Override
        public String toSql() {
            return "NULL";
        }
    }

    /** {@code DATE '2020-01-01'}, {@code TIMESTAMP '...'}, {@code TIME '...'}, {@code INTERVAL '1 day'}. */
    record TypedLiteral(TypeName type, String value, Span span) implements Expression {
        public TypedLiteral {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(value, "value");
            span = SqlWriter.orNone(span);
        }

        @Override
        public String toSql() {
            return type.toSql() + " " + SqlWriter.string(value);
        }
    }

    /** A column (or other name) reference: {@code a}, {@code t.a}, {@code schema.t.a}. */
    record Identifier(QualifiedName name, Span span) implements Expression {
        public Identifier {
            Objects.requireNonNull(name, "name");
            span = SqlWriter.orNone(span);
        }

        public static Identifier of(String... parts) {
            return new Identifier(QualifiedName.of(parts), Span.NONE);
        }

        @Override
        public String toSql() {
            return name.toSql();
        }
    }

    /**
     * A bind parameter. {@code index} is 1-based: the order of appearance for {@code ?} and
     * {@code :name}, the written number for {@code $n}; {@code name} is set only for {@code :name}.
     */
    record Parameter(ParameterStyle style, int index, String name, Span span) implements Expression {
        public Parameter {
            Objects.requireNonNull(style, "style");
            span = SqlWriter.orNone(span);
        }

        @Override
        public String toSql() {
            return switch (style) {
                case QUESTION -> "?";
                case NUMBERED -> "$" + index;
                case NAMED -> ":" + name;
            };
        }
    }

    enum ParameterStyle {
        QUESTION,
        NUMBERED,
        NAMED
    }

    record UnaryOp(UnaryOperator op, Expression operand, Span span) implements Expression {
        public UnaryOp {
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(operand, "operand");
            span = SqlWriter.orNone(span);
        }

        @Override
        public Precedence precedence() {
            return op.precedence();
        }

        @Override
        public String toSql() {
            String inner = SqlWriter.operand(operand, op.precedence());
            if (op == UnaryOperator.NOT) return "NOT " + inner;
            // "- -x" must not become the comment "--x"
            if (inner.startsWith("-") || inner.startsWith("+")) inner = "(" + inner + ")";
            return op.sql() + inner;
        }
    }

    record BinaryOp(Expression left, BinaryOperator op, Expression right, Span span) implements Expression {
        public BinaryOp {
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(right, "right");
            span = SqlWriter.orNone(span);
        }

        @Override
        public Precedence precedence() {
            return op.precedence();
        }

        @Override
        public String toSql() {
            Precedence p = op.precedence();
            // comparisons are written non-associatively so that "(a = b) = c" stays explicit
            Precedence leftMin = p == Precedence.COMPARISON ? p.next() : p;
            return SqlWriter.operand(left, leftMin) + " " + op.sql() + " " + SqlWriter.operand(right, p.next());
        }
    }

    /** {@code expr IS [NOT] NULL}. */
    record IsNull(Expression expr, boolean not, Span span) implements Expression {
        public IsNull {
            Objects.requireNonNull(expr, "expr");
            span = SqlWriter.orNone(span);
        }

        @Override
        public Precedence precedence() {
            return Precedence.COMPARISON;
        }

        @Override
        public String toSql() {
            return SqlWriter.operand(expr, Precedence.OTHER) + (not ? " IS NOT NULL" : " IS NULL");
        }
    }

    /** {@code expr IS [NOT] TRUE|FALSE}. */
    record IsBoolean(Expression expr, boolean value, boolean not, Span span) implements Expression {
        public IsBoolean {
            Objects.requireNonNull(expr, "expr");
            span = SqlWriter.orNone(span);
        }

        @Override
        public Precedence precedence() {
            return Precedence.COMPARISON;
        }

        @Override
        public String toSql() {
            return SqlWriter.operand(expr, Precedence.OTHER) + " IS " + (not ? "NOT " : "")
                    + (value ? "TRUE" : "FALSE");
        }
    }

    /**
     * {@code left IS [NOT] DISTINCT FROM right}; SQLite's {@code a IS b} is parsed as
     * {@code a IS NOT DISTINCT FROM b} and {@code a IS NOT b} as {@code a IS DISTINCT FROM b}.
     */
    record IsDistinctFrom(Expression left, Expression right, boolean not, Span span) implements Expression {
        public IsDistinctFrom {
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(right, "right");
            span = SqlWriter.orNone(span);
        }

        @Override
        public Precedence precedence() {
            return Precedence.COMPARISON;
        }

        @Override
        public String toSql() {
            return SqlWriter.operand(left, Precedence.OTHER)
                    + (not ? " IS NOT DISTINCT FROM " : " IS DISTINCT FROM ")
                    + SqlWriter.operand(right, Precedence.OTHER);
        }
    }

    record Between(Expression expr, Expression low, Expression high, boolean not, Span span) implements Expression {
        public Between {
            Objects.requireNonNull(expr, "expr");
            Objects.requireNonNull(low, "low");
            Objects.requireNonNull(high, "high");
            span = SqlWriter.orNone(span);
        }

        @Override
        public Precedence precedence() {
            return Precedence.COMPARISON;
        }

        @Override
        public String toSql() {
            return SqlWriter.operand(expr, Precedence.OTHER) + (not ? " NOT BETWEEN " : " BETWEEN ")
                    + SqlWriter.operand(low, Precedence.OTHER) + " AND " + SqlWriter.operand(high, Precedence.OTHER);
        }
    }

    /** {@code expr [NOT] IN (a, b, ...)}; the list may be empty (SQLite allows {@code IN ()}). */
    record InList(Expression expr, List<Expression> list, boolean not, Span span) implements Expression {
        public InList {
            Objects.requireNonNull(expr, "expr");
            list = List.copyOf(list);
            span = SqlWriter.orNone(span);
        }

        @Override
        public Precedence precedence() {
            return Precedence.COMPARISON;
        }

        @Override
        public String toSql() {
            return SqlWriter.operand(expr, Precedence.OTHER) + (not ? " NOT IN (" : " IN (") + SqlWriter.join(list)
                    + ")";
        }
    }

    record InSubquery(Expression expr, Query query, boolean not, Span span) implements Expression {
        public InSubquery {
            Objects.requireNonNull(expr, "expr");
            Objects.requireNonNull(query, "query");
            span = SqlWriter.orNone(span);
        }

        @Override
        public Precedence precedence() {
            return Precedence.COMPARISON;
        }

        @Override
        public String toSql() {
            return SqlWriter.operand(expr, Precedence.OTHER) + (not ? " NOT IN (" : " IN (") + query.toSql() + ")";
        }
    }

    record Exists(Query query, boolean not, Span span) implements Expression {
        public Exists {
            Objects.requireNonNull(query, "query");
            span = SqlWriter.orNone(span);
        }

        @Override
        public Precedence precedence() {
            return not ? Precedence.NOT : Precedence.PRIMARY;
        }

        @Override
        public String toSql() {
            return (not ? "NOT EXISTS (" : "EXISTS (") + query.toSql() + ")";
        }
    }

    record ScalarSubquery(Query query, Span span) implements Expression {
        public ScalarSubquery {
            Objects.requireNonNull(query, "query");
            span = SqlWriter.orNone(span);
        }

        @Override
        public String toSql() {
            return "(" + query.toSql() + ")";
        }
    }

    /** {@code expr [NOT] LIKE|ILIKE pattern [ESCAPE e]}; {@code escape} may be null. */
    record Like(Expression expr, Expression pattern, Expression escape, boolean not, boolean caseInsensitive, Span span)
            implements Expression {
        public Like {
            Objects.requireNonNull(expr, "expr");
            Objects.requireNonNull(pattern, "pattern");
            span = SqlWriter.orNone(span);
        }

        @Override
        public Precedence precedence() {
            return Precedence.COMPARISON;
        }

        @Override
        public String toSql() {
            String sql = SqlWriter.operand(expr, Precedence.OTHER)
                    + (not ? " NOT" : "")
                    + (caseInsensitive ? " ILIKE " : " LIKE ")
                    + SqlWriter.operand(pattern, Precedence.OTHER);
            return escape == null ? sql : sql + " ESCAPE " + SqlWriter.operand(escape, Precedence.OTHER);
        }
    }

    /**
     * PostgreSQL's regular-expression match operators {@code expr ~ pattern}, {@code ~*} (case-insensitive),
     * {@code !~} and {@code !~*} (negated).
     */
    record RegexMatch(Expression expr, Expression pattern, boolean not, boolean caseInsensitive, Span span)
            implements Expression {
        public RegexMatch {
            Objects.requireNonNull(expr, "expr");
            Objects.requireNonNull(pattern, "pattern");
            span = SqlWriter.orNone(span);
        }

        @Override
        public Precedence precedence() {
            return Precedence.OTHER;
        }

        @Override
        public String toSql() {
            String op = (not ? "!~" : "~") + (caseInsensitive ? "*" : "");
            return SqlWriter.operand(expr, Precedence.OTHER) + " " + op + " "
                    + SqlWriter.operand(pattern, Precedence.ADDITIVE);
        }
    }

    /** SQL's {@code expr [NOT] SIMILAR TO pattern [ESCAPE e]}; {@code escape} may be null. */
    record SimilarTo(Expression expr, Expression pattern, Expression escape, boolean not, Span span)
            implements Expression {
        public SimilarTo {
            Objects.requireNonNull(expr, "expr");
            Objects.requireNonNull(pattern, "pattern");
            span = SqlWriter.orNone(span);
        }

        @Override
        public Precedence precedence() {
            return Precedence.COMPARISON;
        }

        @Override
        public String toSql() {
            String sql = SqlWriter.operand(expr, Precedence.OTHER)
                    + (not ? " NOT SIMILAR TO " : " SIMILAR TO ")
                    + SqlWriter.operand(pattern, Precedence.OTHER);
            return escape == null ? sql : sql + " ESCAPE " + SqlWriter.operand(escape, Precedence.OTHER);
        }
    }

    /** SQLite's {@code expr [NOT] GLOB pattern}. */
    record Glob(Expression expr, Expression pattern, boolean not, Span span) implements Expression {
        public Glob {
            Objects.requireNonNull(expr, "expr");
            Objects.requireNonNull(pattern, "pattern");
            span = SqlWriter.orNone(span);
        }

        @Override
        public Precedence precedence() {
            return Precedence.COMPARISON;
        }

        @Override
        public String toSql() {
            return SqlWriter.operand(expr, Precedence.OTHER)
                    + (not ? " NOT GLOB " : " GLOB ")
                    + SqlWriter.operand(pattern, Precedence.OTHER);
        }
    }

    /** {@code CASE [operand] WHEN .. THEN .. [ELSE ..] END}; {@code operand} and {@code elseResult} may be null. */
    record Case(Expression operand, List<WhenClause> whens, Expression elseResult, Span span) implements Expression {
        public Case {
            whens = List.copyOf(whens);
            if (whens.isEmpty()) throw new IllegalArgumentException("CASE without WHEN");
            span = SqlWriter.orNone(span);
        }

        @Override
        public String toSql() {
            StringBuilder sb = new StringBuilder("CASE");
            if (operand != null) sb.append(' ').append(operand.toSql());
            for (WhenClause w : whens) sb.append(' ').append(w.toSql());
            if (elseResult != null) sb.append(" ELSE ").append(elseResult.toSql());
            return sb.append(" END").toString();
        }
    }

    /** One {@code WHEN condition THEN result} of a CASE. */
    record WhenClause(Expression condition, Expression result, Span span) implements Node {
        public WhenClause {
            Objects.requireNonNull(condition, "condition");
            Objects.requireNonNull(result, "result");
            span = SqlWriter.orNone(span);
        }

        public WhenClause(Expression condition, Expression result) {
            this(condition, result, Span.NONE);
        }

        @Override
        public String toSql() {
            return "WHEN " + condition.toSql() + " THEN " + result.toSql();
        }
    }

    /** {@code CAST(expr AS type)}, {@code TRY_CAST(...)} or {@code expr::type}. */
    record Cast(Expression expr, TypeName type, CastStyle style, Span span) implements Expression {
        public Cast {
            Objects.requireNonNull(expr, "expr");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(style, "style");
            span = SqlWriter.orNone(span);
        }

        /** TRY_CAST yields NULL instead of failing. */
        public boolean isTry() {
            return style == CastStyle.TRY_CAST;
        }

        @Override
        public Precedence precedence() {
            return style == CastStyle.DOUBLE_COLON ? Precedence.CAST : Precedence.PRIMARY;
        }

        @Override
        public String toSql() {
            return switch (style) {
                case CAST -> "CAST(" + expr.toSql() + " AS " + type.toSql() + ")";
                case TRY_CAST -> "TRY_CAST(" + expr.toSql() + " AS " + type.toSql() + ")";
                case DOUBLE_COLON -> SqlWriter.operand(expr, Precedence.CAST) + "::" + type.toSql();
            };
        }
    }

    enum CastStyle {
        CAST,
        TRY_CAST,
        DOUBLE_COLON
    }

    /**
     * A function or aggregate call. {@code grad}, {@code jvp}, {@code derivative} and friends are
     * ordinary calls. {@code star} is {@code COUNT(*)}; {@code namedArgs} are {@code name => expr};
     * {@code orderBy} is an ordered-aggregate argument ({@code string_agg(x, ',' ORDER BY y)});
     * {@code filter} ({@code FILTER (WHERE ...)}) and {@code over} may be null.
     */
    record FunctionCall(
            QualifiedName name,
            List<Expression> args,
            List<NamedArg> namedArgs,
            boolean distinct,
            boolean star,
            List<OrderItem> orderBy,
            boolean withinGroup,
            Expression filter,
            WindowSpec over,
            Span span)
            implements Expression {
        /** {@code withinGroup}: {@code orderBy} was written as {@code WITHIN GROUP (ORDER BY ..)} after the arguments. */
        public FunctionCall {
            Objects.requireNonNull(name, "name");
            args = List.copyOf(args);
            namedArgs = List.copyOf(namedArgs);
            orderBy = List.copyOf(orderBy);
            if (withinGroup && orderBy.isEmpty()) throw new IllegalArgumentException("WITHIN GROUP without ORDER BY");
            span = SqlWriter.orNone(span);
        }

        public FunctionCall(
                QualifiedName name,
                List<Expression> args,
                List<NamedArg> namedArgs,
                boolean distinct,
                boolean star,
                List<OrderItem> orderBy,
                Expression filter,
                WindowSpec over,
                Span span) {
            this(name, args, namedArgs, distinct, star, orderBy, false, filter, over, span);
        }

        public static FunctionCall of(String name, Expression... args) {
            return new FunctionCall(
                    QualifiedName.of(name), List.of(args), List.of(), false, false, List.of(), null, null, Span.NONE);
        }

        /** The function's own name, without any schema qualifier. */
        public String simpleName() {
            return name.last().value();
        }

        @Override
        public String toSql() {
            StringBuilder sb = new StringBuilder(SqlWriter.functionName(name)).append('(');
            if (distinct) sb.append("DISTINCT ");
            if (star) sb.append('*');
            boolean first = !star;
            for (Expression a : args) {
                if (!first) sb.append(", ");
                sb.append(a.toSql());
                first = false;
            }
            for (NamedArg a : namedArgs) {
                if (!first) sb.append(", ");
                sb.append(a.toSql());
                first = false;
            }
            if (!orderBy.isEmpty() && !withinGroup) sb.append(" ORDER BY ").append(SqlWriter.join(orderBy));
            sb.append(')');
            if (withinGroup)
                sb.append(" WITHIN GROUP (ORDER BY ")
                        .append(SqlWriter.join(orderBy))
                        .append(')');
            if (filter != null)
                sb.append(" FILTER (WHERE ").append(filter.toSql()).append(')');
            if (over != null) sb.append(" OVER ").append(over.toSql());
            return sb.toString();
        }
    }

    /**
     * {@code DEFAULT} as a value: the target column's default in an {@code INSERT … VALUES} row or an
     * {@code UPDATE … SET col = DEFAULT} (PostgreSQL); anywhere else it is an error.
     */
    record DefaultValue(Span span) implements Expression {
        public DefaultValue {
            span = SqlWriter.orNone(span);
        }

        @Override
        public String toSql() {
            return "DEFAULT";
        }
    }

    /** {@code [a, b, c]}. */
    record ArrayLiteral(List<Expression> elements, Span span) implements Expression {
        public ArrayLiteral {
            elements = List.copyOf(elements);
            span = SqlWriter.orNone(span);
        }

        @Override
        public String toSql() {
            return "[" + SqlWriter.join(elements) + "]";
        }
    }

    /**
     * {@code {'name': value, …}}: DuckDB's struct literal. Only table function options take one
     * ({@code read_csv(…, types => {'amount': 'DECIMAL(10,2)'})}); there is no STRUCT type.
     */
    record StructLiteral(List<String> names, List<Expression> values, Span span) implements Expression {
        public StructLiteral {
            names = List.copyOf(names);
            values = List.copyOf(values);
            span = SqlWriter.orNone(span);
        }

        @Override
        public String toSql() {
            StringBuilder sb = new StringBuilder("{");
            for (int i = 0; i < names.size(); i++) {
                if (i > 0) sb.append(", ");
                sb.append('\'')
                        .append(names.get(i).replace("'", "''"))
                        .append("': ")
                        .append(values.get(i).toSql());
            }
            return sb.append('}').toString();
        }
    }

    /** A parenthesized row {@code (a, b)} of two or more values, e.g. in {@code (a, b) IN (...)}. */
    record Row(List<Expression> values, Span span) implements Expression {
        public Row {
            values = List.copyOf(values);
            span = SqlWriter.orNone(span);
        }

        @Override
        public String toSql() {
            return "(" + SqlWriter.join(values) + ")";
        }
    }

    /** {@code expr COLLATE name}. */
    /**
     * A lambda {@code c -> body}, as DuckDB writes them; only {@code COLUMNS(c -> …)} takes one (its body is
     * evaluated once per column name, {@code c} standing for the name as a string).
     */
    record Lambda(Ident parameter, Expression body, Span span) implements Expression {
        public Lambda {
            Objects.requireNonNull(parameter, "parameter");
            Objects.requireNonNull(body, "body");
            span = SqlWriter.orNone(span);
        }

        @Override
        public Precedence precedence() {
            return Precedence.LOWEST;
        }

        @Override
        public String toSql() {
            return parameter.toSql() + " -> " + body.toSql();
        }
    }

    record Collate(Expression expr, Ident collation, Span span) implements Expression {
        public Collate {
            Objects.requireNonNull(expr, "expr");
            Objects.requireNonNull(collation, "collation");
            span = SqlWriter.orNone(span);
        }

        @Override
        public Precedence precedence() {
            return Precedence.COLLATE;
        }

        @Override
        public String toSql() {
            return SqlWriter.operand(expr, Precedence.COLLATE) + " COLLATE " + collation.toSql();
        }
    }
}
