package dev.nabla.parser;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.common.Span;
import dev.nabla.parser.ast.BinaryOperator;
import dev.nabla.parser.ast.Expression;
import dev.nabla.parser.ast.Expression.Between;
import dev.nabla.parser.ast.Expression.BinaryOp;
import dev.nabla.parser.ast.Expression.BooleanLiteral;
import dev.nabla.parser.ast.Expression.Case;
import dev.nabla.parser.ast.Expression.Cast;
import dev.nabla.parser.ast.Expression.CastStyle;
import dev.nabla.parser.ast.Expression.Collate;
import dev.nabla.parser.ast.Expression.Exists;
import dev.nabla.parser.ast.Expression.FunctionCall;
import dev.nabla.parser.ast.Expression.Glob;
import dev.nabla.parser.ast.Expression.Identifier;
import dev.nabla.parser.ast.Expression.InList;
import dev.nabla.parser.ast.Expression.InSubquery;
import dev.nabla.parser.ast.Expression.IsBoolean;
import dev.nabla.parser.ast.Expression.IsDistinctFrom;
import dev.nabla.parser.ast.Expression.IsNull;
import dev.nabla.parser.ast.Expression.Like;
import dev.nabla.parser.ast.Expression.NullLiteral;
import dev.nabla.parser.ast.Expression.NumberLiteral;
import dev.nabla.parser.ast.Expression.Parameter;
import dev.nabla.parser.ast.Expression.ParameterStyle;
import dev.nabla.parser.ast.Expression.RegexMatch;
import dev.nabla.parser.ast.Expression.SimilarTo;
import dev.nabla.parser.ast.Expression.StringLiteral;
import dev.nabla.parser.ast.Expression.TypedLiteral;
import dev.nabla.parser.ast.Expression.UnaryOp;
import dev.nabla.parser.ast.Expression.WhenClause;
import dev.nabla.parser.ast.Ident;
import dev.nabla.parser.ast.NamedArg;
import dev.nabla.parser.ast.OrderItem;
import dev.nabla.parser.ast.Precedence;
import dev.nabla.parser.ast.QualifiedName;
import dev.nabla.parser.ast.Query;
import dev.nabla.parser.ast.QueryBody;
import dev.nabla.parser.ast.SelectItem;
import dev.nabla.parser.ast.TableRef;
import dev.nabla.parser.ast.TypeName;
import dev.nabla.parser.ast.UnaryOperator;
import dev.nabla.parser.ast.WindowFrame;
import dev.nabla.parser.ast.WindowFrame.BoundKind;
import dev.nabla.parser.ast.WindowFrame.FrameBound;
import dev.nabla.parser.ast.WindowFrame.FrameUnit;
import dev.nabla.parser.ast.WindowSpec;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Expressions by Pratt parsing: {@link #parseExpr(Precedence)} reads a prefix form, then keeps
 * folding in infix and postfix operators that bind more strongly than the given level.
 */
final class ExpressionParser {
    private static final Set<String> INTERVAL_UNITS = Set.of(
            "YEAR",
            "YEARS",
            "MONTH",
            "MONTHS",
            "WEEK",
            "WEEKS",
            "DAY",
            "DAYS",
            "HOUR",
            "HOURS",
            "MINUTE",
            "MINUTES",
            "SECOND",
            "SECONDS",
            "MILLISECOND",
            "MILLISECONDS",
            "MICROSECOND",
            "MICROSECONDS");

    private final TokenCursor in;
    private QueryParser queries;

    ExpressionParser(TokenCursor in) {
        this.in = in;
    }

    void setQueryParser(QueryParser queries) {
        this.queries = queries;
    }

    Expression parseExpr() {
        return parseExpr(Precedence.LOWEST);
    }

    /** An expression whose top-level operators all bind more strongly than {@code min}. */
    Expression parseExpr(Precedence min) {
        in.enter();
        try {
            return continueExpr(parsePrefix(), min);
        } finally {
            in.exit();
        }
    }

    /** Folds the operators after an already-read operand, as {@link #parseExpr(Precedence)} would. */
    private Expression continueExpr(Expression left, Precedence min) {
        int chain = 0;
        while (true) {
            // v[i]: a subscript binds tightest; written without a space before '[' (so that `x [name]`
            // stays a bracket-quoted alias)
            // (the token just read: a parenthesised operand's span may stop inside its ')')
            if (in.at(TokenType.LBRACKET)
                    && (in.peek().span().offset() == left.span().endOffset()
                            || in.peek().span().offset() == in.previous().span().endOffset())) {
                in.next();
                Expression index = in.at(TokenType.COLON) ? null : parseExpr();
                List<Expression> args;
                String fn;
                if (in.accept(TokenType.COLON)) {
                    // v[a:b], v[:b], v[a:]: DuckDB's slice, list_slice(v, a, b) with 1 and -1 for a missing bound
                    Span at = in.peek().span();
                    Expression end = in.at(TokenType.RBRACKET) ? null : parseExpr();
                    fn = "list_slice";
                    args = List.of(
                            left,
                            index != null ? index : new NumberLiteral("1", 1L, at),
                            end != null ? end : new NumberLiteral("-1", -1L, at));
                } else {
                    if (index == null) throw in.expected("an index");
                    fn = "array_extract";
                    args = List.of(left, index);
                }
                in.expect(TokenType.RBRACKET);
                Span span = in.spanFrom(left.span());
                left = new FunctionCall(
                        QualifiedName.of(fn), args, List.of(), false, false, List.of(), null, null, span);
                in.checkChain(++chain);
                continue;
            }
            Precedence p = infixPrecedence();
            if (p == null || p.compareTo(min) <= 0) return left;
            left = parseInfix(left, p);
            in.checkChain(++chain);
        }
    }

    List<Expression> parseExprList() {
        List<Expression> list = new ArrayList<>();
        do list.add(parseExpr());
        while (in.accept(TokenType.COMMA));
        return list;
    }

    // ---------------------------------------------------------------- infix

    /** The binding strength of the operator starting at the next token, or null if none does. */
    private Precedence infixPrecedence() {
        Token t = in.peek();
        return switch (t.type()) {
            case EQ, NOT_EQ, LT, LT_EQ, GT, GT_EQ -> Precedence.COMPARISON;
            case CONCAT, AMPERSAND, PIPE, SHIFT_LEFT, SHIFT_RIGHT -> Precedence.OTHER;
            case PLUS, MINUS -> Precedence.ADDITIVE;
            case STAR, SLASH, PERCENT -> Precedence.MULTIPLICATIVE;
            case DOUBLE_COLON -> Precedence.CAST;
            case TILDE, TILDE_STAR, BANG_TILDE, BANG_TILDE_STAR -> Precedence.OTHER;
            case L2_DISTANCE, COSINE_DISTANCE, NEGATIVE_INNER_PRODUCT -> Precedence.OTHER;
            case IDENT -> atSimilarTo(0) ? Precedence.COMPARISON : atTimeZone() ? Precedence.COLLATE : null;
            case KEYWORD ->
                switch (t.keyword()) {
                    case OR -> Precedence.OR;
                    case AND -> Precedence.AND;
                    case IS, ISNULL, NOTNULL, LIKE, ILIKE, GLOB, IN, BETWEEN -> Precedence.COMPARISON;
                    case NOT ->
                        switch (in.peek(1).keyword()) {
                            case LIKE, ILIKE, GLOB, IN, BETWEEN, NULL -> Precedence.COMPARISON;
                            case null, default -> atSimilarTo(1) ? Precedence.COMPARISON : null;
                        };
                    case COLLATE -> Precedence.COLLATE;
                    default -> null;
                };
            default -> null;
        };
    }

    private Expression parseInfix(Expression left, Precedence p) {
        Token op = in.next();
        Span start = left.span();
        BinaryOperator binary = switch (op.type()) {
            case EQ -> BinaryOperator.EQ;
            case NOT_EQ -> BinaryOperator.NOT_EQ;
            case LT -> BinaryOperator.LT;
            case LT_EQ -> BinaryOperator.LT_EQ;
            case GT -> BinaryOperator.GT;
            case GT_EQ -> BinaryOperator.GT_EQ;
            case CONCAT -> BinaryOperator.CONCAT;
            case AMPERSAND -> BinaryOperator.BIT_AND;
            case PIPE -> BinaryOperator.BIT_OR;
            case SHIFT_LEFT -> BinaryOperator.SHIFT_LEFT;
            case SHIFT_RIGHT -> BinaryOperator.SHIFT_RIGHT;
            case PLUS -> BinaryOperator.PLUS;
            case MINUS -> BinaryOperator.MINUS;
            case STAR -> BinaryOperator.MULTIPLY;
            case SLASH -> BinaryOperator.DIVIDE;
            case PERCENT -> BinaryOperator.MODULO;
            case KEYWORD ->
                op.keyword() == Keyword.OR
                        ? BinaryOperator.OR
                        : op.keyword() == Keyword.AND ? BinaryOperator.AND : null;
            default -> null;
        };
        if (binary != null) {
            Expression right = parseExpr(p);
            return new BinaryOp(left, binary, right, in.spanFrom(start));
        }
        switch (op.type()) {
            case TILDE, TILDE_STAR, BANG_TILDE, BANG_TILDE_STAR -> {
                Expression pattern = parseExpr(p);
                boolean not = op.type() == TokenType.BANG_TILDE || op.type() == TokenType.BANG_TILDE_STAR;
                boolean ci = op.type() == TokenType.TILDE_STAR || op.type() == TokenType.BANG_TILDE_STAR;
                return new RegexMatch(left, pattern, not, ci, in.spanFrom(start));
            }
            case IDENT -> {
                if (op.text().equalsIgnoreCase("AT")) {
                    // x AT TIME ZONE z is PostgreSQL's (and DuckDB's) timezone(z, x)
                    in.next();
                    in.next();
                    Expression zone = parseExpr(p.next());
                    return new FunctionCall(
                            QualifiedName.of("timezone"),
                            List.of(zone, left),
                            List.of(),
                            false,
                            false,
                            List.of(),
                            null,
                            null,
                            in.spanFrom(start));
                }
                return parseSimilarTo(left, false, start);
            }
            case L2_DISTANCE, COSINE_DISTANCE, NEGATIVE_INNER_PRODUCT -> {
                // pgvector's operators are their DuckDB functions
                String fn = op.type() == TokenType.L2_DISTANCE
                        ? "array_distance"
                        : op.type() == TokenType.COSINE_DISTANCE
                                ? "array_cosine_distance"
                                : "array_negative_inner_product";
                Expression right = parseExpr(p);
                return new FunctionCall(
                        QualifiedName.of(fn),
                        List.of(left, right),
                        List.of(),
                        false,
                        false,
                        List.of(),
                        null,
                        null,
                        in.spanFrom(start));
            }
            default -> {}
        }
        if (op.type() == TokenType.DOUBLE_COLON) {
            TypeName type = parseTypeName(false);
            return new Cast(left, type, CastStyle.DOUBLE_COLON, in.spanFrom(start));
        }
        return switch (op.keyword()) {
            case IS -> parseIs(left, start);
            case ISNULL -> new IsNull(left, false, in.spanFrom(start));
            case NOTNULL -> new IsNull(left, true, in.spanFrom(start));
            case COLLATE -> new Collate(left, in.parseIdent("a collation name"), in.spanFrom(start));
            case NOT ->
                in.accept(Keyword.NULL)
                        ? new IsNull(left, true, in.spanFrom(start))
                        : parseNegatable(left, true, in.next(), start);
            default -> parseNegatable(left, false, op, start);
        };
    }

    private Expression parseIs(Expression left, Span start) {
        boolean not = in.accept(Keyword.NOT);
        if (in.accept(Keyword.NULL)) return new IsNull(left, not, in.spanFrom(start));
        if (in.accept(Keyword.TRUE)) return new IsBoolean(left, true, not, in.spanFrom(start));
        if (in.accept(Keyword.FALSE)) return new IsBoolean(left, false, not, in.spanFrom(start));
        if (in.accept(Keyword.DISTINCT)) {
            in.expect(Keyword.FROM);
            Expression right = parseExpr(Precedence.COMPARISON);
            return new IsDistinctFrom(left, right, not, in.spanFrom(start));
        }
        // SQLite: "a IS b" compares with NULLs equal, i.e. IS NOT DISTINCT FROM
        Expression right = parseExpr(Precedence.COMPARISON);
        return new IsDistinctFrom(left, right, !not, in.spanFrom(start));
    }

    /** LIKE, ILIKE, GLOB, IN, BETWEEN after an optional NOT. */
    private Expression parseNegatable(Expression left, boolean not, Token op, Span start) {
        if (op.type() == TokenType.IDENT) return parseSimilarTo(left, not, start);
        switch (op.keyword()) {
            case LIKE, ILIKE -> {
                Expression pattern = parseExpr(Precedence.COMPARISON);
                Expression escape = in.accept(Keyword.ESCAPE) ? parseExpr(Precedence.COMPARISON) : null;
                return new Like(left, pattern, escape, not, op.keyword() == Keyword.ILIKE, in.spanFrom(start));
            }
            case GLOB -> {
                Expression pattern = parseExpr(Precedence.COMPARISON);
                return new Glob(left, pattern, not, in.spanFrom(start));
            }
            case BETWEEN -> {
                Expression low = parseExpr(Precedence.COMPARISON);
                in.expect(Keyword.AND);
                Expression high = parseExpr(Precedence.COMPARISON);
                return new Between(left, low, high, not, in.spanFrom(start));
            }
            case IN -> {
                return parseIn(left, not, start);
            }
            case null, default -> throw TokenCursor.expected("LIKE, ILIKE, GLOB, IN or BETWEEN", op);
        }
    }

    /** Whether the tokens at {@code ahead} are SIMILAR TO (SIMILAR is not a keyword, so it arrives as a name). */
    /** At {@code AT TIME ZONE} (AT is not a keyword: the three words are checked together). */
    private boolean atTimeZone() {
        return in.peek().type() == TokenType.IDENT
                && in.peek().text().equalsIgnoreCase("AT")
                && in.peek(1).text().equalsIgnoreCase("TIME")
                && in.peek(2).text().equalsIgnoreCase("ZONE");
    }

    private boolean atSimilarTo(int ahead) {
        Token t = in.peek(ahead);
        return t.type() == TokenType.IDENT
                && t.text().equalsIgnoreCase("SIMILAR")
                && in.peek(ahead + 1).is(Keyword.TO);
    }

    /** After [NOT] SIMILAR: TO pattern [ESCAPE e]. */
    private Expression parseSimilarTo(Expression left, boolean not, Span start) {
        in.expect(Keyword.TO);
        Expression pattern = parseExpr(Precedence.COMPARISON);
        Expression escape = in.accept(Keyword.ESCAPE) ? parseExpr(Precedence.COMPARISON) : null;
        return new SimilarTo(left, pattern, escape, not, in.spanFrom(start));
    }

    private boolean atSelectStart() {
        return in.at(Keyword.SELECT) || in.at(Keyword.WITH) || in.at(Keyword.VALUES) || in.at(Keyword.FROM);
    }

    private Expression parseIn(Expression left, boolean not, Span start) {
        if (in.atIdent()) {
            // SQLite: "x IN t" means "x IN (SELECT * FROM t)"
            QualifiedName table = queries.parseQualifiedName("a table name");
            QueryBody.Select select = new QueryBody.Select(
                    false,
                    List.of(),
                    List.of(new SelectItem.Star(table.span())),
                    List.of(new TableRef.NamedTable(table, null, List.of(), table.span())),
                    null,
                    List.of(),
                    null,
                    List.of(),
                    table.span());
            return new InSubquery(left, Query.of(select), not, in.spanFrom(start));
        }
        if (!in.at(TokenType.LPAREN)) throw in.expected("'(' or a table name after IN");
        in.next();
        if (atSelectStart()) {
            Query q = queries.parseQuery();
            in.expect(TokenType.RPAREN);
            return new InSubquery(left, q, not, in.spanFrom(start));
        }
        if (in.accept(TokenType.RPAREN)) return new InList(left, List.of(), not, in.spanFrom(start));
        Span firstStart = in.peek().span();
        Expression first = parseExpr();
        if (first instanceof Expression.ScalarSubquery sq
                && (in.at(TokenType.RPAREN) || queries.atQueryContinuation())) {
            // "x IN ((SELECT ...) UNION ...)" and "x IN ((SELECT ...))" are subqueries, as in Postgres
            Query q = in.at(TokenType.RPAREN)
                    ? sq.query()
                    : queries.continueQuery(QueryParser.asOperand(sq.query(), sq.span()), firstStart);
            in.expect(TokenType.RPAREN);
            return new InSubquery(left, q, not, in.spanFrom(start));
        }
        List<Expression> list = new ArrayList<>();
        list.add(first);
        while (in.accept(TokenType.COMMA)) list.add(parseExpr());
        in.expect(TokenType.RPAREN);
        return new InList(left, list, not, in.spanFrom(start));
    }

    // ---------------------------------------------------------------- prefix

    private Expression parsePrefix() {
        Token t = in.peek();
        Span start = t.span();
        switch (t.type()) {
            case NUMBER -> {
                in.next();
                return parseNumber(t);
            }
            case STRING -> {
                in.next();
                return new StringLiteral(t.text(), t.span());
            }
            case PARAMETER -> {
                in.next();
                return parseParameter(t);
            }
            case BLOB -> {
                in.next();
                return new Expression.BlobLiteral(t.text(), t.span());
            }
            case MINUS, PLUS, TILDE -> {
                in.next();
                UnaryOperator op = t.type() == TokenType.MINUS
                        ? UnaryOperator.MINUS
                        : t.type() == TokenType.PLUS ? UnaryOperator.PLUS : UnaryOperator.BIT_NOT;
                Expression operand = parseExpr(Precedence.UNARY);
                if (op == UnaryOperator.MINUS && operand instanceof NumberLiteral lit)
                    return negate(lit, in.spanFrom(start));
                return new UnaryOp(op, operand, in.spanFrom(start));
            }
            case LPAREN -> {
                return parseParenthesized();
            }
            case LBRACKET -> {
                in.next();
                List<Expression> elements = in.at(TokenType.RBRACKET) ? List.of() : parseExprList();
                in.expect(TokenType.RBRACKET);
                return new Expression.ArrayLiteral(elements, in.spanFrom(start));
            }
            case LBRACE -> {
                // {'name': value, …}: DuckDB's struct literal, e.g. read_csv(…, types => {'amount': 'DECIMAL(10,2)'})
                in.next();
                List<String> names = new ArrayList<>();
                List<Expression> values = new ArrayList<>();
                if (!in.at(TokenType.RBRACE)) {
                    do {
                        TokenType kt = in.peek().type();
                        if (kt != TokenType.STRING && kt != TokenType.IDENT && kt != TokenType.QUOTED_IDENT)
                            throw in.expected("a field name ('name' or name)");
                        names.add(in.next().text()); // the token's text is already unquoted
                        in.expect(TokenType.COLON);
                        values.add(parseExpr());
                    } while (in.accept(TokenType.COMMA));
                }
                in.expect(TokenType.RBRACE);
                return new Expression.StructLiteral(names, values, in.spanFrom(start));
            }
            case IDENT, QUOTED_IDENT -> {
                return parseNameOrCall();
            }
            case KEYWORD -> {
                return parseKeywordPrefix(t);
            }
            default -> throw in.expected("an expression");
        }
    }

    private Expression parseKeywordPrefix(Token t) {
        Span start = t.span();
        switch (t.keyword()) {
            case NULL -> {
                in.next();
                return new NullLiteral(start);
            }
            case DEFAULT -> {
                // a column's default, where INSERT … VALUES and UPDATE … SET take one (the binder refuses it elsewhere)
                in.next();
                return new Expression.DefaultValue(start);
            }
            case TRUE, FALSE -> {
                in.next();
                return new BooleanLiteral(t.keyword() == Keyword.TRUE, start);
            }
            case NOT -> {
                in.next();
                Expression operand = parseExpr(Precedence.NOT);
                if (operand instanceof Exists e && !e.not()) return new Exists(e.query(), true, in.spanFrom(start));
                return new UnaryOp(UnaryOperator.NOT, operand, in.spanFrom(start));
            }
            case EXISTS -> {
                in.next();
                in.expect(TokenType.LPAREN);
                Query q = queries.parseQuery();
                in.expect(TokenType.RPAREN);
                return new Exists(q, false, in.spanFrom(start));
            }
            case CASE -> {
                return parseCase();
            }
            case CAST, TRY_CAST -> {
                if (in.peek(1).type() != TokenType.LPAREN) break;
                in.next();
                in.next();
                Expression e = parseExpr();
                in.expect(Keyword.AS);
                TypeName type = parseTypeName(true);
                in.expect(TokenType.RPAREN);
                return new Cast(
                        e, type, t.keyword() == Keyword.CAST ? CastStyle.CAST : CastStyle.TRY_CAST, in.spanFrom(start));
            }
            case LEFT, RIGHT, REPLACE -> {
                // string functions that share a name with a keyword
                if (in.peek(1).type() == TokenType.LPAREN) {
                    in.next();
                    return parseCall(new QualifiedName(List.of(new Ident(t.text(), false, start)), start), start);
                }
            }
            default -> {}
        }
        if (!t.keyword().reserved()) return parseNameOrCall();
        throw in.expected("an expression");
    }

    private Expression parseParenthesized() {
        Token open = in.next();
        if (atSelectStart()) {
            Query q = queries.parseQuery();
            in.expect(TokenType.RPAREN);
            return new Expression.ScalarSubquery(q, in.spanFrom(open.span()));
        }
        Span firstStart = in.peek().span();
        Expression first = parseExpr();
        if (first instanceof Expression.ScalarSubquery sq && queries.atQueryContinuation()) {
            // "((SELECT 1) UNION SELECT 2)": the inner subquery was the first operand of a longer query
            Query q = queries.continueQuery(QueryParser.asOperand(sq.query(), sq.span()), firstStart);
            in.expect(TokenType.RPAREN);
            return new Expression.ScalarSubquery(q, in.spanFrom(open.span()));
        }
        if (in.accept(TokenType.COMMA)) {
            List<Expression> values = new ArrayList<>();
            values.add(first);
            values.addAll(parseExprList());
            in.expect(TokenType.RPAREN);
            return new Expression.Row(values, in.spanFrom(open.span()));
        }
        in.expect(TokenType.RPAREN);
        return first;
    }

    private Expression parseCase() {
        Span start = in.next().span();
        Expression operand = in.at(Keyword.WHEN) ? null : parseExpr();
        List<WhenClause> whens = new ArrayList<>();
        while (in.at(Keyword.WHEN)) {
            Span whenStart = in.next().span();
            Expression cond = parseExpr();
            in.expect(Keyword.THEN);
            whens.add(new WhenClause(cond, parseExpr(), in.spanFrom(whenStart)));
        }
        if (whens.isEmpty()) throw in.expected("WHEN");
        Expression otherwise = in.accept(Keyword.ELSE) ? parseExpr() : null;
        in.expect(Keyword.END);
        return new Case(operand, whens, otherwise, in.spanFrom(start));
    }

    /** A name, a typed literal ({@code DATE '...'}) or a function call. */
    private Expression parseNameOrCall() {
        Token t = in.peek();
        Span start = t.span();
        if (t.type() == TokenType.IDENT && (in.peek(1).type() == TokenType.STRING || isIntervalNumber(t))) {
            Expression typed = parseTypedLiteral(t);
            if (typed != null) return typed;
        }
        List<Ident> parts = new ArrayList<>();
        parts.add(in.parseIdent("an expression"));
        while (in.at(TokenType.DOT) && in.peek(1).type() != TokenType.STAR) {
            in.next();
            parts.add(in.parseIdent("a name after '.'"));
        }
        QualifiedName name = new QualifiedName(parts, in.spanFrom(start));
        if (in.at(TokenType.LPAREN)) return parseCall(name, start);
        return new Identifier(name, name.span());
    }

    private boolean isIntervalNumber(Token t) {
        return t.text().equalsIgnoreCase("INTERVAL")
                && in.peek(1).type() == TokenType.NUMBER
                && INTERVAL_UNITS.contains(in.peek(2).text().toUpperCase(Locale.ROOT));
    }

    private Expression parseTypedLiteral(Token t) {
        String word = t.text().toUpperCase(Locale.ROOT);
        switch (word) {
            case "DATE", "TIME", "TIMESTAMP", "TIMESTAMPTZ", "INTERVAL", "UUID" -> {}
            default -> {
                return null;
            }
        }
        in.next();
        Token value = in.next();
        String text = value.text();
        if (word.equals("INTERVAL")
                && INTERVAL_UNITS.contains(in.peek().text().toUpperCase(Locale.ROOT))
                && in.peek().type() == TokenType.IDENT) {
            text = text + " " + in.next().text().toUpperCase(Locale.ROOT);
        }
        return new TypedLiteral(new TypeName(word, List.of(), List.of(), t.span()), text, in.spanFrom(t.span()));
    }

    /** After the function name, at '('. */
    private Expression parseCall(QualifiedName name, Span start) {
        in.expect(TokenType.LPAREN);
        String fn = name.size() == 1 ? name.last().value().toUpperCase(Locale.ROOT) : "";
        if (fn.equals("EXTRACT") && in.atIdent() && in.peek(1).is(Keyword.FROM)) {
            Token field = in.next();
            in.next();
            Expression source = parseExpr();
            in.expect(TokenType.RPAREN);
            return call(
                    name,
                    List.of(new StringLiteral(field.text().toLowerCase(Locale.ROOT), field.span()), source),
                    start);
        }
        boolean distinct = false, star = false;
        List<Expression> args = new ArrayList<>();
        if (fn.equals("POSITION")
                && !in.at(TokenType.RPAREN)
                && !(in.atIdent() && in.peek(1).type() == TokenType.ARROW)) {
            // POSITION(needle IN haystack); otherwise the needle was the start of an ordinary first argument
            Expression needle = parseExpr(Precedence.COMPARISON);
            if (in.accept(Keyword.IN)) {
                Expression haystack = parseExpr();
                in.expect(TokenType.RPAREN);
                return call(name, List.of(needle, haystack), start);
            }
            args.add(continueExpr(needle, Precedence.LOWEST));
            if (!in.accept(TokenType.COMMA)) {
                in.expect(TokenType.RPAREN);
                return call(name, args, start);
            }
        }
        List<NamedArg> named = new ArrayList<>();
        List<OrderItem> orderBy = List.of();
        if (args.isEmpty() && in.at(TokenType.STAR) && in.peek(1).type() == TokenType.RPAREN) {
            in.next();
            star = true;
        } else if (!in.at(TokenType.RPAREN) || !args.isEmpty()) {
            if (args.isEmpty()) {
                if (in.accept(Keyword.DISTINCT)) distinct = true;
                else in.accept(Keyword.ALL);
            }
            parseArguments(args, named);
            if ((fn.equals("SUBSTRING") || fn.equals("SUBSTR"))
                    && args.size() == 1
                    && named.isEmpty()
                    && in.accept(Keyword.FROM)) {
                args.add(parseExpr());
                if (in.accept(Keyword.FOR)) args.add(parseExpr());
            }
            if (in.accept(Keyword.ORDER)) {
                in.expect(Keyword.BY);
                orderBy = parseOrderItems();
            }
        }
        in.expect(TokenType.RPAREN);
        boolean withinGroup = false;
        // WITHIN is not a keyword: matched by spelling, before GROUP (reserved)
        if (in.peek().type() == TokenType.IDENT
                && in.peek().text().equalsIgnoreCase("WITHIN")
                && in.peek(1).is(Keyword.GROUP)) {
            Token within = in.next();
            in.next();
            if (!orderBy.isEmpty())
                throw in.error(within.span(), "ORDER BY cannot be given both inside the call and in WITHIN GROUP");
            in.expect(TokenType.LPAREN);
            in.expect(Keyword.ORDER);
            in.expect(Keyword.BY);
            orderBy = parseOrderItems();
            in.expect(TokenType.RPAREN);
            withinGroup = true;
        }
        Expression filter = null;
        if (in.at(Keyword.FILTER) && in.peek(1).type() == TokenType.LPAREN) {
            in.next();
            in.next();
            in.expect(Keyword.WHERE);
            filter = parseExpr();
            in.expect(TokenType.RPAREN);
        }
        WindowSpec over = null;
        if (in.accept(Keyword.OVER)) {
            if (in.at(TokenType.LPAREN)) over = parseWindowSpec();
            else {
                Ident w = in.parseIdent("a window name or '('");
                over = new WindowSpec(w, List.of(), List.of(), null, w.span());
            }
        }
        return new FunctionCall(
                name, args, named, distinct, star, orderBy, withinGroup, filter, over, in.spanFrom(start));
    }

    private FunctionCall call(QualifiedName name, List<Expression> args, Span start) {
        return new FunctionCall(name, args, List.of(), false, false, List.of(), null, null, in.spanFrom(start));
    }

    /** Comma-separated arguments, each positional or {@code name => value}. */
    void parseArguments(List<Expression> args, List<NamedArg> named) {
        parseArguments(args, named, false);
    }

    /**
     * With {@code equalsNames}, {@code name = value} is a named argument too: DuckDB's spelling for table
     * function options ({@code read_parquet('d/**', hive_partitioning = true)}), where a comparison of a column
     * would have no column to read.
     */
    void parseArguments(List<Expression> args, List<NamedArg> named, boolean equalsNames) {
        do {
            if (in.atIdent()
                    && (in.peek(1).type() == TokenType.ARROW
                            || equalsNames && in.peek(1).type() == TokenType.EQ)) {
                Span start = in.peek().span();
                Ident name = in.parseIdent("an argument name");
                in.next();
                named.add(new NamedArg(name, parseExpr(), in.spanFrom(start)));
            } else if (in.atIdent()
                    && in.peek(1).type() == TokenType.MINUS
                    && in.peek(2).type() == TokenType.GT) {
                // a lambda c -> body (COLUMNS(c -> c LIKE 'loss%')): "c - > x" means nothing else
                if (!named.isEmpty()) throw in.expected("a named argument (name => value) after named arguments");
                Span start = in.peek().span();
                Ident parameter = in.parseIdent("a lambda parameter");
                in.next();
                in.next();
                args.add(new Expression.Lambda(parameter, parseExpr(), in.spanFrom(start)));
            } else {
                if (!named.isEmpty()) throw in.expected("a named argument (name => value) after named arguments");
                args.add(parseExpr());
            }
        } while (in.accept(TokenType.COMMA));
    }

    List<OrderItem> parseOrderItems() {
        List<OrderItem> items = new ArrayList<>();
        do items.add(parseOrderItem());
        while (in.accept(TokenType.COMMA));
        return items;
    }

    OrderItem parseOrderItem() {
        Span start = in.peek().span();
        return parseOrderItemTail(parseExpr(), start);
    }

    /** {@code [ASC | DESC] [NULLS FIRST | LAST]} after an ORDER BY key already read. */
    OrderItem parseOrderItemTail(Expression e, Span start) {
        boolean desc = false;
        if (in.accept(Keyword.DESC)) desc = true;
        else in.accept(Keyword.ASC);
        OrderItem.NullOrdering nulls = OrderItem.NullOrdering.DEFAULT;
        if (in.accept(Keyword.NULLS)) {
            if (in.accept(Keyword.FIRST)) nulls = OrderItem.NullOrdering.FIRST;
            else if (in.accept(Keyword.LAST)) nulls = OrderItem.NullOrdering.LAST;
            else throw in.expected("FIRST or LAST");
        }
        return new OrderItem(e, desc, nulls, in.spanFrom(start));
    }

    /** {@code ( [base] [PARTITION BY ..] [ORDER BY ..] [frame] )}. */
    WindowSpec parseWindowSpec() {
        Span start = in.expect(TokenType.LPAREN).span();
        Ident base = null;
        if (in.atIdent()
                && !in.at(Keyword.PARTITION)
                && !in.at(Keyword.ROWS)
                && !in.at(Keyword.RANGE)
                && !in.at(Keyword.GROUPS)) {
            base = in.parseIdent("a window name");
        }
        List<Expression> partition = List.of();
        if (in.accept(Keyword.PARTITION)) {
            in.expect(Keyword.BY);
            partition = parseExprList();
        }
        List<OrderItem> order = List.of();
        if (in.accept(Keyword.ORDER)) {
            in.expect(Keyword.BY);
            order = parseOrderItems();
        }
        WindowFrame frame = null;
        if (in.at(Keyword.ROWS) || in.at(Keyword.RANGE) || in.at(Keyword.GROUPS)) frame = parseFrame();
        in.expect(TokenType.RPAREN);
        return new WindowSpec(base, partition, order, frame, in.spanFrom(start));
    }

    private WindowFrame parseFrame() {
        Token unitToken = in.next();
        FrameUnit unit = FrameUnit.valueOf(unitToken.keyword().name());
        if (in.accept(Keyword.BETWEEN)) {
            FrameBound lo = parseFrameBound();
            in.expect(Keyword.AND);
            FrameBound hi = parseFrameBound();
            return new WindowFrame(unit, lo, hi, in.spanFrom(unitToken.span()));
        }
        return new WindowFrame(unit, parseFrameBound(), null, in.spanFrom(unitToken.span()));
    }

    private FrameBound parseFrameBound() {
        Span start = in.peek().span();
        if (in.accept(Keyword.UNBOUNDED)) {
            if (in.accept(Keyword.PRECEDING))
                return new FrameBound(BoundKind.UNBOUNDED_PRECEDING, null, in.spanFrom(start));
            if (in.accept(Keyword.FOLLOWING))
                return new FrameBound(BoundKind.UNBOUNDED_FOLLOWING, null, in.spanFrom(start));
            throw in.expected("PRECEDING or FOLLOWING");
        }
        if (in.accept(Keyword.CURRENT)) {
            in.expect(Keyword.ROW);
            return new FrameBound(BoundKind.CURRENT_ROW, null, in.spanFrom(start));
        }
        Expression offset = parseExpr(Precedence.COMPARISON);
        if (in.accept(Keyword.PRECEDING)) return new FrameBound(BoundKind.PRECEDING, offset, in.spanFrom(start));
        if (in.accept(Keyword.FOLLOWING)) return new FrameBound(BoundKind.FOLLOWING, offset, in.spanFrom(start));
        throw in.expected("PRECEDING or FOLLOWING");
    }

    // ---------------------------------------------------------------- literals and types

    private Expression parseParameter(Token t) {
        String text = t.text();
        char kind = text.charAt(0);
        if (kind == ':')
            return new Parameter(
                    ParameterStyle.NAMED, in.namedParameter(text.substring(1)), text.substring(1), t.span());
        if (text.length() == 1)
            return new Parameter(ParameterStyle.QUESTION, in.nextPositionalParameter(), null, t.span());
        int index;
        try {
            index = Integer.parseInt(text.substring(1));
        } catch (NumberFormatException e) {
            throw in.error(t.span(), "parameter number too large: " + text);
        }
        if (index < 1) throw in.error(t.span(), "parameter numbers start at 1: " + text);
        return new Parameter(ParameterStyle.NUMBERED, index, null, t.span());
    }

    static NumberLiteral parseNumber(Token t) {
        Number v = numberValue(t.text());
        if (v == null) {
            String shown = t.text().length() <= 40
                    ? t.text()
                    : t.text().substring(0, 20) + "..." + " (" + t.text().length() + " characters)";
            throw new NablaException(
                    ErrorCode.NUMERIC_OVERFLOW,
                    t.span(),
                    "numeric literal " + shown + " is out of range for type DOUBLE");
        }
        return new NumberLiteral(t.text(), v, t.span());
    }

    /**
     * Long when an integer fits, BigInteger when it does not (a 19- or 20-digit value, so that
     * -9223372036854775808 is still a BIGINT), Double otherwise; null when the value is beyond DOUBLE's
     * range (there is no NUMERIC type to hold it). Linear in the text's length: digit counts decide the
     * huge cases before any BigInteger is built, since BigInteger's parse is quadratic.
     */
    static Number numberValue(String text) {
        if (text.length() > 2 && text.charAt(0) == '0' && (text.charAt(1) == 'x' || text.charAt(1) == 'X')) {
            int first = 2;
            while (first < text.length() - 1 && text.charAt(first) == '0') first++;
            // 256 hex digits are 1024 bits, past Double.MAX_VALUE
            if (text.length() - first > 256) return null;
            BigInteger v = new BigInteger(text.substring(first), 16);
            // SQLite reads up to 16 hex digits as a 64-bit two's-complement integer
            if (v.bitLength() <= 64) return v.longValue();
            return Double.isInfinite(v.doubleValue()) ? null : v;
        }
        boolean integral = true;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '.' || c == 'e' || c == 'E') {
                integral = false;
                break;
            }
        }
        if (integral) {
            if (text.length() < 19) return Long.parseLong(text);
            int first = 0;
            while (first < text.length() - 1 && text.charAt(first) == '0') first++;
            // 310 significant digits are at least 10^309, past Double.MAX_VALUE (about 1.8e308)
            if (text.length() - first >= 310) return null;
            BigInteger v = new BigInteger(text.substring(first));
            if (v.bitLength() < 64) return v.longValue();
            return Double.isInfinite(v.doubleValue()) ? null : v;
        }
        double d = Double.parseDouble(text);
        return Double.isInfinite(d) ? null : d;
    }

    private static NumberLiteral negate(NumberLiteral lit, Span span) {
        String text = lit.text().startsWith("-") ? lit.text().substring(1) : "-" + lit.text();
        Number v = switch (lit.value()) {
            case Long l when l != Long.MIN_VALUE -> -l;
            case Long l -> BigInteger.valueOf(l).negate();
            case BigInteger b -> {
                BigInteger neg = b.negate();
                yield neg.bitLength() < 64 ? (Number) neg.longValue() : neg;
            }
            case Double d -> -d;
            default ->
                throw new IllegalStateException(
                        "unexpected literal value " + lit.value().getClass());
        };
        return new NumberLiteral(text, v, span);
    }

    /**
     * A type name. With {@code freeForm} (CAST and column definitions) any run of plain words is
     * one name, as SQLite allows ({@code UNSIGNED BIG INT}); after {@code ::} only the standard
     * multi-word names are joined, so that {@code x::int y} keeps {@code y} as an alias.
     */
    TypeName parseTypeName(boolean freeForm) {
        Token first = in.peek();
        if (!(first.type() == TokenType.IDENT
                || (first.type() == TokenType.KEYWORD && !first.keyword().reserved()))) {
            throw in.expected("a type name");
        }
        in.next();
        StringBuilder name = new StringBuilder(first.text().toUpperCase(Locale.ROOT));
        String head = name.toString();
        if (head.equals("DOUBLE") && in.peek().text().equalsIgnoreCase("PRECISION")) {
            name.append(' ').append("PRECISION");
            in.next();
        } else if ((head.equals("CHARACTER") || head.equals("CHAR"))
                && in.peek().text().equalsIgnoreCase("VARYING")) {
            name.append(" VARYING");
            in.next();
        } else if (freeForm) {
            // a column constraint word ends the name (SQLite allows "UNSIGNED BIG INT" and the like)
            while (in.at(TokenType.IDENT)
                    && !in.peek().text().equalsIgnoreCase("GENERATED")
                    && !(head.equals("TIMESTAMP") || head.equals("TIME"))) {
                name.append(' ').append(in.next().text().toUpperCase(Locale.ROOT));
            }
        }
        List<Integer> params = new ArrayList<>();
        if (in.at(TokenType.LPAREN)) {
            in.next();
            do params.add(parseTypeParameter());
            while (in.accept(TokenType.COMMA));
            in.expect(TokenType.RPAREN);
        }
        if (head.equals("TIMESTAMP") || head.equals("TIME")) {
            if (in.at(Keyword.WITH)
                    && in.peek(1).text().equalsIgnoreCase("TIME")
                    && in.peek(2).text().equalsIgnoreCase("ZONE")) {
                in.next();
                in.next();
                in.next();
                name.append(" WITH TIME ZONE");
            } else if (in.at(Keyword.WITHOUT)
                    && in.peek(1).text().equalsIgnoreCase("TIME")
                    && in.peek(2).text().equalsIgnoreCase("ZONE")) {
                in.next();
                in.next();
                in.next();
                name.append(" WITHOUT TIME ZONE");
            }
        }
        List<Integer> arraySizes = new ArrayList<>();
        while (in.at(TokenType.LBRACKET)
                && (in.peek(1).type() == TokenType.RBRACKET
                        || in.peek(1).type() == TokenType.NUMBER && in.peek(2).type() == TokenType.RBRACKET)) {
            in.next();
            arraySizes.add(in.at(TokenType.RBRACKET) ? TypeName.UNSIZED : parseTypeParameter());
            in.expect(TokenType.RBRACKET);
        }
        return new TypeName(name.toString(), params, arraySizes, in.spanFrom(first.span()));
    }

    private int parseTypeParameter() {
        boolean negative = in.accept(TokenType.MINUS);
        if (!negative) in.accept(TokenType.PLUS);
        Token t = in.peek();
        if (t.type() != TokenType.NUMBER || !(numberValue(t.text()) instanceof Long l) || l > Integer.MAX_VALUE) {
            throw in.expected("an integer type parameter");
        }
        in.next();
        return negative ? (int) -l : (int) (long) l;
    }
}
