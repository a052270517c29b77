package dev.nabla.parser;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.common.Span;
import dev.nabla.parser.ast.Assignment;
import dev.nabla.parser.ast.Expression;
import dev.nabla.parser.ast.Ident;
import dev.nabla.parser.ast.NamedOption;
import dev.nabla.parser.ast.QualifiedName;
import dev.nabla.parser.ast.Query;
import dev.nabla.parser.ast.QueryBody;
import dev.nabla.parser.ast.SelectItem;
import dev.nabla.parser.ast.Statement;
import dev.nabla.parser.ast.TableRef;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL parser: public entry points, statement dispatch, DML and utility statements. Queries,
 * expressions and DDL have their own classes sharing one {@link TokenCursor}. All failures are
 * {@link NablaException}s with {@code ErrorCode.SYNTAX} (or RECURSION_LIMIT for
 * absurd nesting) and the span of the offending token.
 */
public final class Parser {
    private static final List<String> STATEMENT_WORDS = List.of(
            "SELECT",
            "WITH",
            "VALUES",
            "FROM",
            "INSERT",
            "REPLACE",
            "UPDATE",
            "DELETE",
            "CREATE",
            "DROP",
            "TRUNCATE",
            "BEGIN",
            "START",
            "COMMIT",
            "END",
            "ROLLBACK",
            "SET",
            "EXPLAIN",
            "SHOW",
            "DESCRIBE",
            "DESC",
            "COPY",
            "ATTACH",
            "DETACH",
            "CHECKPOINT",
            "EXPORT",
            "IMPORT",
            "PRAGMA",
            "ALTER",
            "SAVEPOINT",
            "RELEASE",
            "RESET",
            "MERGE",
            "USE");
    private static final List<String> CLAUSE_WORDS = List.of(
            "FROM",
            "WHERE",
            "GROUP",
            "HAVING",
            "ORDER",
            "LIMIT",
            "OFFSET",
            "UNION",
            "EXCEPT",
            "INTERSECT",
            "JOIN",
            "LEFT",
            "RIGHT",
            "INNER",
            "OUTER",
            "CROSS",
            "NATURAL",
            "WINDOW",
            "VALUES",
            "SET",
            "INTO",
            "SELECT");

    private final TokenCursor in;
    private final ExpressionParser exprs;
    private final QueryParser queries;
    private final DdlParser ddl;

    private Parser(String sql, Lexer lexer) {
        this.in = new TokenCursor(sql, lexer);
        this.exprs = new ExpressionParser(in);
        this.queries = new QueryParser(in, exprs);
        this.exprs.setQueryParser(queries);
        this.ddl = new DdlParser(in, exprs, queries);
    }

    private static Parser of(String sql, int line, int col) {
        String text = sql == null ? "" : sql;
        return new Parser(text, Lexer.streaming(text, line, col));
    }

    /** Exactly one statement, with optional trailing semicolons. */
    public static Statement parseStatement(String sql) {
        return guarded(() -> of(sql, 1, 1).parseSingle());
    }

    /** Every statement of a script, separated by semicolons, each with its text and position. */
    public static List<ParsedStatement> parseScript(String sql) {
        return guarded(() -> of(sql, 1, 1).parseAll());
    }

    /** A single expression, such as the body given to {@code derivative('x*x', 'x')}. */
    public static Expression parseExpression(String sql) {
        return guarded(() -> {
            Parser p = of(sql, 1, 1);
            Expression e = p.exprs.parseExpr();
            if (!p.in.at(TokenType.EOF)) throw p.in.expected("end of expression");
            return e;
        });
    }

    /** A query (SELECT, VALUES, WITH ...) with nothing after it but optional semicolons. */
    public static Query parseQuery(String sql) {
        return guarded(() -> {
            Parser p = of(sql, 1, 1);
            if (!p.queries.atQueryStart()) throw p.in.expected("a query");
            Query q = p.queries.parseQuery();
            p.expectEndOfInput();
            return q;
        });
    }

    /**
     * The depth limits keep parsing far from the stack's end on ordinary threads; on a thread with a
     * tiny stack the overflow itself is turned into the same user-facing error.
     */
    private static <T> T guarded(java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (StackOverflowError e) {
            throw new NablaException(
                    ErrorCode.RECURSION_LIMIT,
                    Span.NONE,
                    "statement too complex: nested too deeply for this thread's stack");
        }
    }

    private Statement parseSingle() {
        while (in.accept(TokenType.SEMICOLON)) {
            // empty statements before the one we want
        }
        Statement s = parseStatementBody();
        expectEndOfInput();
        return s;
    }

    private void expectEndOfInput() {
        while (in.accept(TokenType.SEMICOLON)) {
            // trailing semicolons
        }
        if (!in.at(TokenType.EOF)) throw trailing("end of input");
    }

    private List<ParsedStatement> parseAll() {
        List<ParsedStatement> out = new ArrayList<>();
        while (true) {
            while (in.accept(TokenType.SEMICOLON)) {
                // empty statements
            }
            if (in.at(TokenType.EOF)) return out;
            in.startStatement();
            Span start = in.peek().span();
            Statement s = parseStatementBody();
            Span span = in.spanFrom(start);
            if (!in.at(TokenType.SEMICOLON) && !in.at(TokenType.EOF)) throw trailing("';' or end of input");
            out.add(new ParsedStatement(s, in.text(span), start.startLine(), start.startCol()));
        }
    }

    private Statement parseStatementBody() {
        Token t = in.peek();
        Span start = t.span();
        if (t.type() == TokenType.LPAREN) return new Statement.QueryStatement(queries.parseQuery(), in.spanFrom(start));
        // ALTER is matched by spelling rather than as a keyword, so that it stays an ordinary name elsewhere
        if (t.type() == TokenType.IDENT && t.text().equalsIgnoreCase("ALTER")) {
            in.next();
            return ddl.parseAlter(start);
        }
        // SAVEPOINT, RELEASE and MERGE likewise
        if (t.type() == TokenType.IDENT && t.text().equalsIgnoreCase("MERGE")) {
            in.next();
            return parseMerge(start);
        }
        if (t.type() == TokenType.IDENT && t.text().equalsIgnoreCase("SAVEPOINT")) {
            in.next();
            return new Statement.Savepoint(in.parseIdent("a savepoint name"), in.spanFrom(start));
        }
        if (t.type() == TokenType.IDENT && t.text().equalsIgnoreCase("RESET")) {
            // RESET name is PostgreSQL's SET name TO DEFAULT
            in.next();
            QualifiedName name = queries.parseQualifiedName("a setting name");
            return new Statement.SetOption(
                    name, new Expression.StringLiteral("DEFAULT", in.spanFrom(start)), in.spanFrom(start));
        }
        if (t.type() == TokenType.IDENT && t.text().equalsIgnoreCase("USE")) {
            // DuckDB's USE database: the database unqualified names resolve in from now on
            in.next();
            return new Statement.Use(queries.parseQualifiedName("a database name"), in.spanFrom(start));
        }
        if (t.type() == TokenType.IDENT && t.text().equalsIgnoreCase("RELEASE")) {
            in.next();
            skipSavepointWord();
            return new Statement.ReleaseSavepoint(in.parseIdent("a savepoint name"), in.spanFrom(start));
        }
        if (t.type() != TokenType.KEYWORD) throw unknownStatement(t);
        switch (t.keyword()) {
            case SELECT, WITH, VALUES, FROM -> {
                return new Statement.QueryStatement(queries.parseQuery(), in.spanFrom(start));
            }
            case INSERT -> {
                in.next();
                return parseInsert(start, parseConflict());
            }
            case REPLACE -> {
                in.next();
                return parseInsert(start, Statement.Conflict.REPLACE);
            }
            case UPDATE -> {
                return parseUpdate(start);
            }
            case DELETE -> {
                return parseDelete(start);
            }
            case CREATE -> {
                in.next();
                return ddl.parseCreate(start);
            }
            case DROP -> {
                in.next();
                return ddl.parseDrop(start);
            }
            case TRUNCATE -> {
                in.next();
                return ddl.parseTruncate(start);
            }
            case BEGIN -> {
                in.next();
                if (!in.accept(Keyword.TRANSACTION)) in.accept(Keyword.WORK);
                return new Statement.Begin(parseTransactionModes(false), in.spanFrom(start));
            }
            case START -> {
                in.next();
                in.expect(Keyword.TRANSACTION);
                return new Statement.Begin(parseTransactionModes(false), in.spanFrom(start));
            }
            case COMMIT, END -> {
                in.next();
                if (!in.accept(Keyword.TRANSACTION)) in.accept(Keyword.WORK);
                return new Statement.Commit(in.spanFrom(start));
            }
            case ROLLBACK -> {
                in.next();
                if (!in.accept(Keyword.TRANSACTION)) in.accept(Keyword.WORK);
                if (in.accept(Keyword.TO)) {
                    skipSavepointWord();
                    return new Statement.RollbackToSavepoint(in.parseIdent("a savepoint name"), in.spanFrom(start));
                }
                return new Statement.Rollback(in.spanFrom(start));
            }
            case SET -> {
                return parseSet(start);
            }
            case EXPLAIN -> {
                in.next();
                boolean analyze = in.accept(Keyword.ANALYZE);
                boolean grad = in.accept(Keyword.GRAD);
                in.enter();
                try {
                    Statement inner;
                    if (in.peek().type() == TokenType.IDENT
                            && in.peek().text().equalsIgnoreCase("GRADIENT")
                            && in.peek(1).is(TokenType.LPAREN)) {
                        // EXPLAIN GRADIENT(q) WITH RESPECT TO t: the plan of SELECT * FROM GRADIENT(...), the backward
                        // plan
                        Span gs = in.next().span();
                        TableRef g = queries.parseGradient(gs);
                        Span all = in.spanFrom(gs);
                        inner = new Statement.QueryStatement(
                                Query.of(new QueryBody.Select(
                                        false,
                                        List.of(),
                                        List.of(new SelectItem.Star(List.of(), List.of(), all)),
                                        List.of(g),
                                        null,
                                        List.of(),
                                        null,
                                        List.of(),
                                        all)),
                                all);
                    } else inner = parseStatementBody();
                    return new Statement.Explain(analyze, grad, inner, in.spanFrom(start));
                } finally {
                    in.exit();
                }
            }
            case SHOW -> {
                in.next();
                if (in.accept(Keyword.TABLES)) return new Statement.ShowTables(in.spanFrom(start));
                if (in.accept(Keyword.ALL)) return new Statement.ShowAll(in.spanFrom(start));
                if ((in.peek().type() == TokenType.IDENT || in.peek().type() == TokenType.KEYWORD)
                        && in.peek().text().equalsIgnoreCase("DATABASES")) {
                    // DuckDB's SHOW DATABASES: SELECT database_name FROM duckdb_databases()
                    in.next();
                    Span sp = in.spanFrom(start);
                    TableRef.TableFunction fn = new TableRef.TableFunction(
                            QualifiedName.of("duckdb_databases"), List.of(), List.of(), null, List.of(), false, sp);
                    var select = new dev.nabla.parser.ast.QueryBody.Select(
                            false,
                            List.of(),
                            List.of(new SelectItem.ExprItem(
                                    new Expression.Identifier(QualifiedName.of("database_name"), sp), null, sp)),
                            List.of(fn),
                            null,
                            List.of(),
                            null,
                            List.of(),
                            sp);
                    return new Statement.QueryStatement(new Query(null, select, List.of(), null, null, sp), sp);
                }
                if ((in.peek().type() == TokenType.IDENT || in.peek().type() == TokenType.KEYWORD)
                        && in.peek().text().equalsIgnoreCase("FUNCTIONS")) {
                    in.next();
                    String pattern = in.accept(Keyword.LIKE)
                            ? in.expect(TokenType.STRING).text()
                            : null;
                    return new Statement.ShowFunctions(pattern, in.spanFrom(start));
                }
                if (in.accept(Keyword.COLUMNS)) {
                    if (!in.accept(Keyword.FROM)) in.expect(Keyword.IN);
                    return new Statement.Describe(queries.parseQualifiedName("a table name"), in.spanFrom(start));
                }
                if (in.atIdent()
                        || (in.peek().type() == TokenType.KEYWORD
                                && !in.peek().keyword().reserved()))
                    return new Statement.ShowSetting(queries.parseQualifiedName("a setting name"), in.spanFrom(start));
                throw in.expected("TABLES, COLUMNS, ALL, FUNCTIONS or a setting name");
            }
            case DESCRIBE, DESC -> {
                in.next();
                if (queries.atQueryStart())
                    return new Statement.DescribeQuery(queries.parseQuery(), in.spanFrom(start));
                return new Statement.Describe(queries.parseQualifiedName("a table name"), in.spanFrom(start));
            }
            case COPY -> {
                return parseCopy(start);
            }
            case ATTACH -> {
                return parseAttach(start);
            }
            case CHECKPOINT -> {
                in.next();
                return new Statement.Checkpoint(in.spanFrom(start));
            }
            case EXPORT -> {
                // DuckDB's EXPORT DATABASE 'dir' [(FORMAT csv|parquet, …)]
                in.next();
                in.expect(Keyword.DATABASE);
                String dir = in.expect(TokenType.STRING).text();
                List<NamedOption> options = in.at(TokenType.LPAREN) ? parseOptions() : List.of();
                return new Statement.ExportDatabase(dir, options, in.spanFrom(start));
            }
            case IMPORT -> {
                in.next();
                in.expect(Keyword.DATABASE);
                String dir = in.expect(TokenType.STRING).text();
                return new Statement.ImportDatabase(dir, in.spanFrom(start));
            }
            case PRAGMA -> {
                // DuckDB's PRAGMA name is SELECT * FROM pragma_name() (PRAGMA database_size)
                in.next();
                Ident name = in.parseIdent("a pragma name");
                Span sp = in.spanFrom(start);
                TableRef.TableFunction fn = new TableRef.TableFunction(
                        QualifiedName.of("pragma_" + name.lower()), List.of(), List.of(), null, List.of(), false, sp);
                var select = new dev.nabla.parser.ast.QueryBody.Select(
                        false,
                        List.of(),
                        List.of(new SelectItem.Star(sp)),
                        List.of(fn),
                        null,
                        List.of(),
                        null,
                        List.of(),
                        sp);
                return new Statement.QueryStatement(new Query(null, select, List.of(), null, null, sp), sp);
            }
            case DETACH -> {
                in.next();
                in.accept(Keyword.DATABASE);
                return new Statement.Detach(in.parseIdent("a database name"), in.spanFrom(start));
            }
            default -> throw unknownStatement(t);
        }
    }

    /** After MERGE: {@code INTO target [[AS] alias] USING source ON cond WHEN … THEN … […]}. */
    private Statement parseMerge(Span start) {
        in.expect(Keyword.INTO);
        QualifiedName target = queries.parseQualifiedName("a table name");
        Ident alias = null;
        if (in.accept(Keyword.AS)) alias = in.parseIdent("an alias");
        else if (in.atIdent()) alias = in.parseIdent("an alias");
        in.expect(Keyword.USING);
        TableRef source = queries.parseTableRef();
        in.expect(Keyword.ON);
        Expression on = exprs.parseExpr();
        List<Statement.MergeClause> clauses = new ArrayList<>();
        while (in.at(Keyword.WHEN)) clauses.add(parseMergeClause());
        if (clauses.isEmpty()) throw in.expected("WHEN MATCHED or WHEN NOT MATCHED");
        return new Statement.Merge(target, alias, source, on, clauses, in.spanFrom(start));
    }

    private Statement.MergeClause parseMergeClause() {
        Span start = in.peek().span();
        in.expect(Keyword.WHEN);
        boolean matched = !in.accept(Keyword.NOT);
        if (!in.peek().text().equalsIgnoreCase("MATCHED")) throw in.expected("MATCHED");
        in.next();
        Expression condition = in.accept(Keyword.AND) ? exprs.parseExpr() : null;
        in.expect(Keyword.THEN);
        if (in.peek().text().equalsIgnoreCase("DO")) {
            in.next();
            if (!in.peek().text().equalsIgnoreCase("NOTHING")) throw in.expected("NOTHING");
            in.next();
            return new Statement.MergeClause(
                    matched,
                    condition,
                    Statement.MergeAction.NOTHING,
                    List.of(),
                    List.of(),
                    List.of(),
                    in.spanFrom(start));
        }
        if (matched) {
            if (in.accept(Keyword.DELETE)) {
                return new Statement.MergeClause(
                        true,
                        condition,
                        Statement.MergeAction.DELETE,
                        List.of(),
                        List.of(),
                        List.of(),
                        in.spanFrom(start));
            }
            if (!in.at(Keyword.UPDATE)) throw in.expected("UPDATE, DELETE or DO NOTHING");
            in.next();
            in.expect(Keyword.SET);
            return new Statement.MergeClause(
                    true,
                    condition,
                    Statement.MergeAction.UPDATE,
                    parseAssignments(),
                    List.of(),
                    List.of(),
                    in.spanFrom(start));
        }
        if (!in.at(Keyword.INSERT)) throw in.expected("INSERT or DO NOTHING");
        in.next();
        List<Ident> columns = in.at(TokenType.LPAREN) ? queries.parseIdentList() : List.of();
        List<Expression> values = new ArrayList<>();
        if (in.accept(Keyword.DEFAULT)) {
            in.expect(Keyword.VALUES);
        } else {
            in.expect(Keyword.VALUES);
            in.expect(TokenType.LPAREN);
            do values.add(exprs.parseExpr());
            while (in.accept(TokenType.COMMA));
            in.expect(TokenType.RPAREN);
        }
        return new Statement.MergeClause(
                false, condition, Statement.MergeAction.INSERT, List.of(), columns, values, in.spanFrom(start));
    }

    /** Whether the token at {@code ahead} is the '=' or TO of {@code SET name = value}. */
    private boolean atSetValue(int ahead) {
        Token t = in.peek(ahead);
        return t.type() == TokenType.EQ || t.is(Keyword.TO);
    }

    /**
     * PostgreSQL's transaction modes after BEGIN, START TRANSACTION, SET TRANSACTION and SET SESSION
     * CHARACTERISTICS AS TRANSACTION: {@code ISOLATION LEVEL {SERIALIZABLE | REPEATABLE READ | READ COMMITTED |
     * READ UNCOMMITTED}}, {@code READ WRITE}, {@code READ ONLY}, {@code [NOT] DEFERRABLE}, separated by commas or
     * blanks. The level is kept as PostgreSQL spells it, lower case; the last of repeated modes wins, as there.
     */
    private Statement.TransactionModes parseTransactionModes(boolean required) {
        String isolation = null;
        Boolean readOnly = null;
        boolean any = false;
        while (true) {
            boolean comma = any && in.accept(TokenType.COMMA);
            if (acceptWord("ISOLATION")) {
                if (!acceptWord("LEVEL")) throw in.expected("LEVEL");
                if (acceptWord("SERIALIZABLE")) isolation = "serializable";
                else if (acceptWord("REPEATABLE")) {
                    if (!acceptWord("READ")) throw in.expected("READ");
                    isolation = "repeatable read";
                } else if (acceptWord("READ")) {
                    if (acceptWord("COMMITTED")) isolation = "read committed";
                    else if (acceptWord("UNCOMMITTED")) isolation = "read uncommitted";
                    else throw in.expected("COMMITTED or UNCOMMITTED");
                } else throw in.expected("SERIALIZABLE, REPEATABLE READ, READ COMMITTED or READ UNCOMMITTED");
            } else if (acceptWord("READ")) {
                if (in.accept(Keyword.ONLY)) readOnly = true;
                else if (acceptWord("WRITE")) readOnly = false;
                else throw in.expected("ONLY or WRITE");
            } else if (in.at(Keyword.NOT) && in.peek(1).is(Keyword.DEFERRABLE)) {
                // DEFERRABLE only matters to PostgreSQL's SERIALIZABLE READ ONLY, which never fails here anyway
                in.next();
                in.next();
            } else if (!in.accept(Keyword.DEFERRABLE)) {
                if (comma || (required && !any))
                    throw in.expected("ISOLATION LEVEL, READ WRITE, READ ONLY or DEFERRABLE");
                return new Statement.TransactionModes(isolation, readOnly);
            }
            any = true;
        }
    }

    /** Accepts a word of the statement's own grammar, spelled as a name or a keyword. */
    private boolean acceptWord(String word) {
        Token t = in.peek();
        if ((t.type() == TokenType.IDENT || t.type() == TokenType.KEYWORD)
                && t.text().equalsIgnoreCase(word)) {
            in.next();
            return true;
        }
        return false;
    }

    /** The optional SAVEPOINT of ROLLBACK TO [SAVEPOINT] x and RELEASE [SAVEPOINT] x (unless it is the name itself). */
    private void skipSavepointWord() {
        if (in.peek().type() == TokenType.IDENT
                && in.peek().text().equalsIgnoreCase("SAVEPOINT")
                && in.peek(1).type() != TokenType.EOF
                && in.peek(1).type() != TokenType.SEMICOLON) {
            in.next();
        }
    }

    /** "expected a statement", with a did-you-mean for near misses such as SELEC. */
    private NablaException unknownStatement(Token t) {
        return withHint(in.expected("a statement"), t, STATEMENT_WORDS);
    }

    /** Trailing text after a complete statement; a misspelt clause keyword (FORM, WEHRE) gets a hint. */
    private NablaException trailing(String what) {
        Token prev = in.previous();
        boolean nextIsHint = in.peek().type() == TokenType.IDENT
                && Suggestions.closest(in.peek().text(), CLAUSE_WORDS) != null;
        String asAlias = prev.type() == TokenType.IDENT ? Suggestions.closest(prev.text(), CLAUSE_WORDS) : null;
        if (asAlias != null && !nextIsHint) {
            NablaException e = in.expected(what);
            return new NablaException(
                    e.code(),
                    e.span(),
                    e.getMessage() + " ('" + prev.text() + "' was read as an alias; did you mean " + asAlias + "?)");
        }
        return withHint(in.expected(what), in.peek(), CLAUSE_WORDS);
    }

    private static NablaException withHint(NablaException e, Token t, List<String> candidates) {
        String hint = t.type() == TokenType.IDENT ? Suggestions.closest(t.text(), candidates) : null;
        return hint == null
                ? e
                : new NablaException(e.code(), e.span(), e.getMessage() + " (did you mean " + hint + "?)");
    }

    private Statement.Conflict parseConflict() {
        if (!in.accept(Keyword.OR)) return Statement.Conflict.ABORT;
        Token t = in.next();
        if (t.keyword() != null) {
            switch (t.keyword()) {
                case REPLACE -> {
                    return Statement.Conflict.REPLACE;
                }
                case IGNORE -> {
                    return Statement.Conflict.IGNORE;
                }
                case ABORT -> {
                    return Statement.Conflict.ABORT;
                }
                case FAIL -> {
                    return Statement.Conflict.FAIL;
                }
                case ROLLBACK -> {
                    return Statement.Conflict.ROLLBACK;
                }
                default -> {}
            }
        }
        throw TokenCursor.expected("REPLACE, IGNORE, ABORT, FAIL or ROLLBACK", t);
    }

    /** After INSERT [OR x] or REPLACE. */
    private Statement parseInsert(Span start, Statement.Conflict conflict) {
        in.expect(Keyword.INTO);
        QualifiedName table = queries.parseQualifiedName("a table name");
        List<Ident> columns = List.of();
        if (in.at(TokenType.LPAREN) && !queries.atQueryStart()) columns = queries.parseIdentList();
        // PostgreSQL's OVERRIDING SYSTEM VALUE: the rows give GENERATED ALWAYS identity columns their values;
        // OVERRIDING USER VALUE: the values the rows give identity columns are ignored for the defaults
        boolean overriding = false, overridingUser = false;
        if (atWord("OVERRIDING")) {
            in.next();
            if (atWord("SYSTEM")) overriding = true;
            else if (atWord("USER")) overridingUser = true;
            else throw in.expected("SYSTEM VALUE or USER VALUE");
            in.next();
            if (!atWord("VALUE")) throw in.expected("VALUE");
            in.next();
        }
        Query source = null;
        if (in.accept(Keyword.DEFAULT)) {
            in.expect(Keyword.VALUES);
        } else {
            if (!queries.atQueryStart()) throw in.expected("VALUES, SELECT or DEFAULT VALUES");
            source = queries.parseQuery();
        }
        Statement.OnConflict onConflict = parseOnConflict();
        if (onConflict != null && conflict != Statement.Conflict.ABORT) {
            throw in.error(onConflict.span(), "INSERT OR " + conflict + " cannot have an ON CONFLICT clause");
        }
        return new Statement.Insert(
                table,
                columns,
                source,
                conflict,
                onConflict,
                parseReturning(),
                in.spanFrom(start),
                overriding,
                overridingUser);
    }

    /** Whether the next token is {@code word} (a keyword or a plain identifier), any case. */
    private boolean atWord(String word) {
        var t = in.peek();
        return (t.type() == TokenType.IDENT || t.type() == TokenType.KEYWORD)
                && t.text().equalsIgnoreCase(word);
    }

    /** {@code ON CONFLICT [(cols)] DO NOTHING | DO UPDATE SET … [WHERE …]} (PostgreSQL), or null. */
    private Statement.OnConflict parseOnConflict() {
        if (!in.at(Keyword.ON) || !in.peek(1).text().equalsIgnoreCase("CONFLICT")) return null;
        Span start = in.peek().span();
        in.next();
        in.next();
        List<Ident> target = in.at(TokenType.LPAREN) ? queries.parseIdentList() : List.of();
        if (!in.peek().text().equalsIgnoreCase("DO")) throw in.expected("DO");
        in.next();
        if (in.peek().text().equalsIgnoreCase("NOTHING")) {
            in.next();
            return new Statement.OnConflict(target, List.of(), null, in.spanFrom(start));
        }
        in.expect(Keyword.UPDATE);
        in.expect(Keyword.SET);
        List<Assignment> set = parseAssignments();
        Expression where = in.accept(Keyword.WHERE) ? exprs.parseExpr() : null;
        return new Statement.OnConflict(target, set, where, in.spanFrom(start));
    }

    /** {@code col = expr [, …]} of UPDATE SET; {@code t.col} names the target's column. */
    private List<Assignment> parseAssignments() {
        List<Assignment> assignments = new ArrayList<>();
        do {
            Span as = in.peek().span();
            Ident col = in.parseIdent("a column name");
            if (in.at(TokenType.DOT)) {
                // t.col = ...: the qualifier can only be the target table
                in.next();
                col = in.parseIdent("a column name");
            }
            in.expect(TokenType.EQ);
            assignments.add(new Assignment(col, exprs.parseExpr(), in.spanFrom(as)));
        } while (in.accept(TokenType.COMMA));
        return assignments;
    }

    private Statement parseUpdate(Span start) {
        in.expect(Keyword.UPDATE);
        if (in.at(Keyword.OR)) {
            Statement.Conflict c = parseConflict();
            if (c != Statement.Conflict.ABORT)
                throw in.error(in.previous().span(), "UPDATE OR " + c + " is not supported");
        }
        QualifiedName table = queries.parseQualifiedName("a table name");
        Ident alias = null;
        if (in.accept(Keyword.AS)) alias = in.parseIdent("an alias");
        else if (in.atIdent()) alias = in.parseIdent("an alias");
        in.expect(Keyword.SET);
        List<Assignment> assignments = parseAssignments();
        List<TableRef> from = in.accept(Keyword.FROM) ? queries.parseTableRefs() : List.of();
        Expression where = in.accept(Keyword.WHERE) ? exprs.parseExpr() : null;
        return new Statement.Update(table, alias, assignments, from, where, parseReturning(), in.spanFrom(start));
    }

    private Statement parseDelete(Span start) {
        in.expect(Keyword.DELETE);
        in.expect(Keyword.FROM);
        QualifiedName table = queries.parseQualifiedName("a table name");
        Ident alias = null;
        if (in.accept(Keyword.AS)) alias = in.parseIdent("an alias");
        else if (in.atIdent()) alias = in.parseIdent("an alias");
        Expression where = in.accept(Keyword.WHERE) ? exprs.parseExpr() : null;
        return new Statement.Delete(table, alias, where, parseReturning(), in.spanFrom(start));
    }

    /** {@code [RETURNING item, ...]} after INSERT, UPDATE and DELETE: select-list items; empty when absent. */
    private List<SelectItem> parseReturning() {
        if (!in.accept(Keyword.RETURNING)) return List.of();
        List<SelectItem> items = new ArrayList<>();
        do items.add(queries.parseSelectItem());
        while (in.accept(TokenType.COMMA));
        return items;
    }

    private Statement parseSet(Span start) {
        in.expect(Keyword.SET);
        if (in.at(Keyword.TRANSACTION) && !atSetValue(1)) {
            in.next();
            return new Statement.SetTransaction(parseTransactionModes(true), false, in.spanFrom(start));
        }
        if (in.peek().text().equalsIgnoreCase("SESSION") && in.peek(1).text().equalsIgnoreCase("CHARACTERISTICS")) {
            in.next();
            in.next();
            in.expect(Keyword.AS);
            in.expect(Keyword.TRANSACTION);
            return new Statement.SetTransaction(parseTransactionModes(true), true, in.spanFrom(start));
        }
        QualifiedName name;
        if (in.peek().text().equalsIgnoreCase("TIME") && in.peek(1).text().equalsIgnoreCase("ZONE")) {
            // PostgreSQL's SET TIME ZONE 'Europe/Berlin' (LOCAL and DEFAULT: the default zone) is SET TimeZone
            Span at = in.peek().span();
            in.next();
            in.next();
            name = new QualifiedName(List.of(new Ident("timezone", false, at)), at);
            if (in.peek().text().equalsIgnoreCase("LOCAL")) {
                Token local = in.next();
                return new Statement.SetOption(
                        name, new Expression.StringLiteral("default", local.span()), in.spanFrom(start));
            }
        } else {
            name = queries.parseQualifiedName("a setting name");
            if (!in.accept(TokenType.EQ) && !in.accept(Keyword.TO)) throw in.expected("'=' or TO");
        }
        Token t = in.peek();
        boolean word = t.type() == TokenType.IDENT
                || (t.type() == TokenType.KEYWORD
                        && !t.is(Keyword.TRUE)
                        && !t.is(Keyword.FALSE)
                        && !t.is(Keyword.NULL)
                        && !t.is(Keyword.NOT)
                        && !t.is(Keyword.CASE)
                        && !t.is(Keyword.CAST));
        Expression value;
        if (word && (in.peek(1).type() == TokenType.EOF || in.peek(1).type() == TokenType.SEMICOLON)) {
            // SET x = on / SET mode TO fast: a bare word means its own name
            in.next();
            value = new Expression.StringLiteral(t.text(), t.span());
        } else {
            value = exprs.parseExpr();
        }
        return new Statement.SetOption(name, value, in.spanFrom(start));
    }

    private Statement parseCopy(Span start) {
        in.expect(Keyword.COPY);
        QualifiedName table = null;
        Query query = null;
        List<Ident> columns = List.of();
        if (in.at(TokenType.LPAREN)) {
            in.next();
            if (!queries.atQueryStart()) throw in.expected("a query");
            query = queries.parseQuery();
            in.expect(TokenType.RPAREN);
        } else {
            table = queries.parseQualifiedName("a table name or '('");
            if (in.at(TokenType.LPAREN)) columns = queries.parseIdentList();
        }
        Statement.CopyDirection direction;
        if (in.accept(Keyword.FROM)) direction = Statement.CopyDirection.FROM;
        else if (in.accept(Keyword.TO)) direction = Statement.CopyDirection.TO;
        else throw in.expected("FROM or TO");
        if (query != null && direction == Statement.CopyDirection.FROM) {
            throw in.error(in.previous().span(), "COPY (query) only works with TO");
        }
        String file = in.expect(TokenType.STRING).text();
        List<NamedOption> options = List.of();
        boolean with = in.accept(Keyword.WITH);
        if (with || in.at(TokenType.LPAREN)) options = parseOptions();
        return new Statement.Copy(table, columns, query, direction, file, options, in.spanFrom(start));
    }

    private Statement parseAttach(Span start) {
        in.expect(Keyword.ATTACH);
        in.accept(Keyword.DATABASE);
        String file = in.expect(TokenType.STRING).text();
        Ident alias = in.accept(Keyword.AS) ? in.parseIdent("a database name") : null;
        List<NamedOption> options = in.at(TokenType.LPAREN) ? parseOptions() : List.of();
        return new Statement.Attach(file, alias, options, in.spanFrom(start));
    }

    /** {@code (NAME [value], ...)}: a value is a literal, a signed number or a bare word. */
    private List<NamedOption> parseOptions() {
        in.expect(TokenType.LPAREN);
        List<NamedOption> options = new ArrayList<>();
        do {
            Token t = in.peek();
            if (!(t.type() == TokenType.IDENT || t.type() == TokenType.KEYWORD || t.type() == TokenType.QUOTED_IDENT)) {
                throw in.expected("an option name");
            }
            in.next();
            Ident name = new Ident(t.text(), t.type() == TokenType.QUOTED_IDENT, t.span());
            Expression value = null;
            if (!in.at(TokenType.COMMA) && !in.at(TokenType.RPAREN)) value = parseOptionValue();
            options.add(new NamedOption(name, value, in.spanFrom(t.span())));
        } while (in.accept(TokenType.COMMA));
        in.expect(TokenType.RPAREN);
        return options;
    }

    private Expression parseOptionValue() {
        Token t = in.peek();
        switch (t.type()) {
            case STRING, NUMBER, MINUS, PLUS -> {
                return exprs.parseExpr(dev.nabla.parser.ast.Precedence.UNARY);
            }
            case LPAREN -> {
                // a list of values, as DuckDB's EXPORT DATABASE writes FORCE_NOT_NULL ('a', 'b'): an array literal
                Span open = t.span();
                in.next();
                List<Expression> items = new ArrayList<>();
                if (!in.at(TokenType.RPAREN)) {
                    do items.add(parseOptionValue());
                    while (in.accept(TokenType.COMMA));
                }
                in.expect(TokenType.RPAREN);
                return new Expression.ArrayLiteral(items, in.spanFrom(open));
            }
            case KEYWORD -> {
                if (t.is(Keyword.TRUE) || t.is(Keyword.FALSE) || t.is(Keyword.NULL))
                    return exprs.parseExpr(dev.nabla.parser.ast.Precedence.UNARY);
                in.next();
                return new Expression.Identifier(QualifiedName.of(new Ident(t.text(), false, t.span())), t.span());
            }
            case IDENT, QUOTED_IDENT -> {
                in.next();
                return new Expression.Identifier(
                        QualifiedName.of(new Ident(t.text(), t.type() == TokenType.QUOTED_IDENT, t.span())), t.span());
            }
            default -> throw in.expected("an option value");
        }
    }
}
