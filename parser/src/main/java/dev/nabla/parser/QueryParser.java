package dev.nabla.parser;

import dev.nabla.common.Span;
import dev.nabla.parser.ast.Cte;
import dev.nabla.parser.ast.Expression;
import dev.nabla.parser.ast.GroupingElement;
import dev.nabla.parser.ast.Ident;
import dev.nabla.parser.ast.NamedArg;
import dev.nabla.parser.ast.NamedWindow;
import dev.nabla.parser.ast.OrderItem;
import dev.nabla.parser.ast.Precedence;
import dev.nabla.parser.ast.QualifiedName;
import dev.nabla.parser.ast.Query;
import dev.nabla.parser.ast.QueryBody;
import dev.nabla.parser.ast.QueryBody.SetOperator;
import dev.nabla.parser.ast.Sample;
import dev.nabla.parser.ast.SelectItem;
import dev.nabla.parser.ast.TableRef;
import dev.nabla.parser.ast.TableRef.JoinCondition;
import dev.nabla.parser.ast.TableRef.JoinType;
import dev.nabla.parser.ast.With;
import java.util.ArrayList;
import java.util.List;

/** Queries: WITH, set operations, SELECT blocks, VALUES, FROM clauses and joins, ORDER BY / LIMIT. */
final class QueryParser {
    private final TokenCursor in;
    private final ExpressionParser exprs;

    QueryParser(TokenCursor in, ExpressionParser exprs) {
        this.in = in;
        this.exprs = exprs;
    }

    /** Whether a query (not a parenthesized expression) starts at the next token. */
    boolean atQueryStart() {
        if (in.at(Keyword.SELECT) || in.at(Keyword.WITH) || in.at(Keyword.VALUES) || in.at(Keyword.FROM)) return true;
        // "((SELECT ..." and deeper: a parenthesized query as the whole operand
        int i = 0;
        while (in.peek(i).type() == TokenType.LPAREN) i++;
        if (i == 0) return false;
        Token t = in.peek(i);
        return t.is(Keyword.SELECT) || t.is(Keyword.WITH) || t.is(Keyword.VALUES) || t.is(Keyword.FROM);
    }

    Query parseQuery() {
        in.enter(TokenCursor.QUERY_COST);
        try {
            Span start = in.peek().span();
            With with = in.at(Keyword.WITH) ? parseWith() : null;
            QueryBody body = parseSetExpression(0);
            return parseQueryTail(with, body, start);
        } finally {
            in.exit(TokenCursor.QUERY_COST);
        }
    }

    /**
     * Whether a query whose first operand has been read goes on here: a set operator or an
     * ORDER BY / LIMIT / OFFSET / FETCH clause.
     */
    boolean atQueryContinuation() {
        Token t = in.peek();
        return peekSetOperator() != null
                || t.is(Keyword.ORDER)
                || t.is(Keyword.LIMIT)
                || t.is(Keyword.OFFSET)
                || t.is(Keyword.FETCH);
    }

    /**
     * Finishes a query whose first set operand was already read as something else, e.g. the
     * "(SELECT 1)" of "((SELECT 1) UNION SELECT 2)" that was read as a scalar subquery. Reading on
     * instead of backtracking keeps parsing linear in nested parentheses.
     */
    Query continueQuery(QueryBody first, Span start) {
        in.enter(TokenCursor.QUERY_COST);
        try {
            return parseQueryTail(null, continueSetExpression(first, 0), start);
        } finally {
            in.exit(TokenCursor.QUERY_COST);
        }
    }

    /** A parenthesized query as a set operand: its body when it has no clauses of its own. */
    static QueryBody asOperand(Query q, Span span) {
        return q.isBare() ? q.body() : new QueryBody.ParenthesizedQuery(q, span);
    }

    private Query parseQueryTail(With with, QueryBody body, Span start) {
        {
            List<OrderItem> orderBy = List.of();
            Query.OrderAll orderByAll = null;
            if (in.accept(Keyword.ORDER)) {
                in.expect(Keyword.BY);
                if (in.at(Keyword.ALL)) orderByAll = parseOrderAll();
                else orderBy = exprs.parseOrderItems();
            }
            Expression limit = null, offset = null;
            boolean sawLimit = false, sawOffset = false;
            while (true) {
                if (!sawLimit && in.accept(Keyword.LIMIT)) {
                    sawLimit = true;
                    if (in.accept(Keyword.ALL)) continue;
                    limit = exprs.parseExpr();
                    if (!sawOffset && in.accept(TokenType.COMMA)) {
                        // SQLite: LIMIT offset, count
                        offset = limit;
                        limit = exprs.parseExpr();
                        sawOffset = true;
                    }
                } else if (!sawOffset && in.accept(Keyword.OFFSET)) {
                    sawOffset = true;
                    offset = exprs.parseExpr();
                    if (!in.accept(Keyword.ROWS)) in.accept(Keyword.ROW);
                } else if (!sawLimit && in.accept(Keyword.FETCH)) {
                    sawLimit = true;
                    if (!in.accept(Keyword.FIRST) && !in.accept(Keyword.NEXT)) throw in.expected("FIRST or NEXT");
                    limit = in.at(Keyword.ROW) || in.at(Keyword.ROWS)
                            ? Expression.NumberLiteral.of(1)
                            : exprs.parseExpr();
                    if (!in.accept(Keyword.ROWS) && !in.accept(Keyword.ROW)) throw in.expected("ROWS");
                    in.expect(Keyword.ONLY);
                } else {
                    break;
                }
            }
            return new Query(with, body, orderBy, orderByAll, limit, offset, in.spanFrom(start));
        }
    }

    /** DuckDB's {@code ALL [ASC | DESC] [NULLS FIRST | LAST]} after ORDER BY. */
    private Query.OrderAll parseOrderAll() {
        Span start = in.expect(Keyword.ALL).span();
        // the item grammar reads direction and NULLS placement; ALL itself is a placeholder it never binds
        OrderItem item = exprs.parseOrderItemTail(Expression.NumberLiteral.of(1), start);
        return new Query.OrderAll(item.descending(), item.nulls(), in.spanFrom(start));
    }

    private With parseWith() {
        Span start = in.expect(Keyword.WITH).span();
        boolean recursive = in.accept(Keyword.RECURSIVE);
        List<Cte> ctes = new ArrayList<>();
        do {
            Span cteStart = in.peek().span();
            Ident name = in.parseIdent("a CTE name");
            List<Ident> columns = in.at(TokenType.LPAREN) ? parseIdentList() : List.of();
            in.expect(Keyword.AS);
            // Postgres: AS [NOT] MATERIALIZED; the hint does not change results, only whether the CTE is computed
            // once for all its references (ShareCtes)
            Boolean materialized = null;
            if (in.peek().text().equalsIgnoreCase("MATERIALIZED")) {
                in.next();
                materialized = Boolean.TRUE;
            } else if (in.at(Keyword.NOT) && in.peek(1).text().equalsIgnoreCase("MATERIALIZED")) {
                in.next();
                in.next();
                materialized = Boolean.FALSE;
            }
            in.expect(TokenType.LPAREN);
            Query q = parseQuery();
            in.expect(TokenType.RPAREN);
            ctes.add(new Cte(name, columns, q, materialized, in.spanFrom(cteStart)));
        } while (in.accept(TokenType.COMMA));
        return new With(recursive, ctes, in.spanFrom(start));
    }

    /** {@code (a, b, c)}. */
    List<Ident> parseIdentList() {
        in.expect(TokenType.LPAREN);
        List<Ident> ids = new ArrayList<>();
        do ids.add(in.parseIdent("a column name"));
        while (in.accept(TokenType.COMMA));
        in.expect(TokenType.RPAREN);
        return ids;
    }

    /** Set operations by precedence climbing: INTERSECT (2) binds tighter than UNION and EXCEPT (1). */
    private QueryBody parseSetExpression(int minPrecedence) {
        return continueSetExpression(parseSetOperand(), minPrecedence);
    }

    private QueryBody continueSetExpression(QueryBody left, int minPrecedence) {
        int chain = 0;
        while (true) {
            SetOperator op = peekSetOperator();
            if (op == null || op.precedence() < minPrecedence) return left;
            in.checkChain(++chain);
            in.next();
            boolean all = in.accept(Keyword.ALL);
            if (!all) in.accept(Keyword.DISTINCT);
            in.enter();
            try {
                QueryBody right = parseSetExpression(op.precedence() + 1);
                left = new QueryBody.SetOperation(
                        op, all, left, right, left.span().to(right.span()));
            } finally {
                in.exit();
            }
        }
    }

    private SetOperator peekSetOperator() {
        Token t = in.peek();
        if (t.is(Keyword.UNION)) return SetOperator.UNION;
        if (t.is(Keyword.EXCEPT)) return SetOperator.EXCEPT;
        if (t.is(Keyword.INTERSECT)) return SetOperator.INTERSECT;
        return null;
    }

    private QueryBody parseSetOperand() {
        if (in.at(Keyword.SELECT)) return parseSelect();
        if (in.at(Keyword.FROM)) return parseFromFirst();
        if (in.at(Keyword.VALUES)) return parseValues();
        if (in.at(TokenType.LPAREN)) {
            Span start = in.next().span();
            Query q = parseQuery();
            in.expect(TokenType.RPAREN);
            // grouping parentheses live in the tree shape; only a query with its own clauses keeps them
            return asOperand(q, in.spanFrom(start));
        }
        throw in.expected("SELECT, FROM, VALUES or '('");
    }

    private QueryBody.ValuesBody parseValues() {
        Span start = in.expect(Keyword.VALUES).span();
        return new QueryBody.ValuesBody(parseValuesRows(), in.spanFrom(start));
    }

    /** {@code (a, b), (c, d)} after VALUES. */
    List<List<Expression>> parseValuesRows() {
        List<List<Expression>> rows = new ArrayList<>();
        do {
            in.expect(TokenType.LPAREN);
            rows.add(exprs.parseExprList());
            in.expect(TokenType.RPAREN);
        } while (in.accept(TokenType.COMMA));
        return rows;
    }

    private QueryBody.Select parseSelect() {
        Span start = in.expect(Keyword.SELECT).span();
        SelectHead head = parseSelectHead();
        List<TableRef> from = List.of();
        if (in.accept(Keyword.FROM)) from = parseTableRefs();
        return parseSelectRest(head, from, start);
    }

    /**
     * DuckDB's FROM-first query: {@code FROM t [SELECT items] [WHERE ...]...}. Without SELECT it selects
     * {@code *}; the clauses after it are those of a SELECT.
     */
    private QueryBody.Select parseFromFirst() {
        Span start = in.expect(Keyword.FROM).span();
        List<TableRef> from = parseTableRefs();
        SelectHead head = in.accept(Keyword.SELECT)
                ? parseSelectHead()
                : new SelectHead(false, List.of(), List.of(new SelectItem.Star(in.spanFrom(start))));
        return parseSelectRest(head, from, start);
    }

    /** What follows SELECT up to FROM: DISTINCT [ON (..)] and the items. */
    private record SelectHead(boolean distinct, List<Expression> distinctOn, List<SelectItem> items) {}

    private SelectHead parseSelectHead() {
        boolean distinct = false;
        List<Expression> distinctOn = List.of();
        if (in.accept(Keyword.DISTINCT)) {
            distinct = true;
            if (in.accept(Keyword.ON)) {
                in.expect(TokenType.LPAREN);
                distinctOn = exprs.parseExprList();
                in.expect(TokenType.RPAREN);
            }
        } else {
            in.accept(Keyword.ALL);
        }
        List<SelectItem> items = new ArrayList<>();
        // a trailing comma before the end of the list is allowed (DuckDB): "SELECT a, b, FROM t"
        do {
            if (!items.isEmpty() && atSelectListEnd()) break;
            items.add(parseSelectItem());
        } while (in.accept(TokenType.COMMA));
        return new SelectHead(distinct, distinctOn, items);
    }

    /** Whether the token after a select list's comma ends the list (the comma was a trailing one). */
    private boolean atSelectListEnd() {
        Token t = in.peek();
        return switch (t.type()) {
            case RPAREN, SEMICOLON, EOF -> true;
            case KEYWORD ->
                switch (t.keyword()) {
                    case FROM,
                            WHERE,
                            GROUP,
                            HAVING,
                            WINDOW,
                            QUALIFY,
                            ORDER,
                            LIMIT,
                            OFFSET,
                            FETCH,
                            UNION,
                            EXCEPT,
                            INTERSECT,
                            USING -> true;
                    default -> false;
                };
            default -> false;
        };
    }

    private QueryBody.Select parseSelectRest(SelectHead head, List<TableRef> from, Span start) {
        Expression where = in.accept(Keyword.WHERE) ? exprs.parseExpr() : null;
        List<Expression> groupBy = List.of();
        List<GroupingElement> groupingSets = List.of();
        boolean groupByAll = false;
        if (in.accept(Keyword.GROUP)) {
            in.expect(Keyword.BY);
            if (in.accept(Keyword.ALL)) groupByAll = true;
            else groupBy = null;
        }
        if (groupBy == null) {
            List<GroupingElement> elements = new ArrayList<>();
            do elements.add(parseGroupingElement(true));
            while (in.accept(TokenType.COMMA));
            if (elements.stream().allMatch(g -> g.kind() == GroupingElement.Kind.KEY)) {
                groupBy = elements.stream().map(g -> g.lists().get(0).get(0)).toList();
            } else {
                groupBy = List.of();
                groupingSets = elements;
            }
        }
        Expression having = in.accept(Keyword.HAVING) ? exprs.parseExpr() : null;
        List<NamedWindow> windows = new ArrayList<>();
        if (in.accept(Keyword.WINDOW)) {
            do {
                Span ws = in.peek().span();
                Ident name = in.parseIdent("a window name");
                in.expect(Keyword.AS);
                windows.add(new NamedWindow(name, exprs.parseWindowSpec(), in.spanFrom(ws)));
            } while (in.accept(TokenType.COMMA));
        }
        Expression qualify = in.accept(Keyword.QUALIFY) ? exprs.parseExpr() : null;
        Sample sample = isWord(1, "SAMPLE") && in.at(Keyword.USING) ? parseSample() : null;
        return new QueryBody.Select(
                head.distinct(),
                head.distinctOn(),
                head.items(),
                from,
                where,
                groupBy,
                groupingSets,
                groupByAll,
                having,
                windows,
                qualify,
                sample,
                in.spanFrom(start));
    }

    /**
     * {@code USING SAMPLE size [% | PERCENT | ROWS] [(method [, seed])] [REPEATABLE (seed)]}, and DuckDB's
     * {@code USING SAMPLE method(size [% | ROWS]) ...}.
     */
    private Sample parseSample() {
        Span start = in.expect(Keyword.USING).span();
        in.next(); // SAMPLE
        return sampleBody(start);
    }

    /** What follows USING SAMPLE (or DuckDB's TABLESAMPLE without a leading method call). */
    private Sample sampleBody(Span start) {
        String method = null;
        boolean wrapped = false;
        if (in.atIdent() && in.peek(1).type() == TokenType.LPAREN) {
            method = parseSampleMethod();
            in.expect(TokenType.LPAREN);
            wrapped = true;
        }
        // above '%' so that "10%" is a percentage, not a modulo
        Expression size = exprs.parseExpr(Precedence.MULTIPLICATIVE);
        boolean percent = false;
        if (in.accept(TokenType.PERCENT) || acceptWord("PERCENT")) percent = true;
        else in.accept(Keyword.ROWS);
        Expression seed = null;
        if (wrapped) in.expect(TokenType.RPAREN);
        else if (in.accept(TokenType.LPAREN)) {
            method = parseSampleMethod();
            if (in.accept(TokenType.COMMA)) seed = exprs.parseExpr();
            in.expect(TokenType.RPAREN);
        }
        return new Sample(size, percent, method, repeatable(seed), in.spanFrom(start));
    }

    /** {@code [REPEATABLE (seed)]}: its seed, else {@code seed}. */
    private Expression repeatable(Expression seed) {
        if (!acceptWord("REPEATABLE")) return seed;
        in.expect(TokenType.LPAREN);
        Expression e = exprs.parseExpr();
        in.expect(TokenType.RPAREN);
        return e;
    }

    private String parseSampleMethod() {
        Token t = in.peek();
        String m = in.parseIdent("a sampling method").value().toLowerCase(java.util.Locale.ROOT);
        if (!m.equals("reservoir") && !m.equals("bernoulli") && !m.equals("system"))
            throw in.error(t.span(), "unknown sampling method \"" + m + "\" (reservoir, bernoulli or system)");
        return m;
    }

    private boolean acceptWord(String word) {
        if (!isWord(0, word)) return false;
        in.next();
        return true;
    }

    /**
     * A GROUP BY item: an expression, {@code ()}, {@code ROLLUP (..)}, {@code CUBE (..)} or (at the top level
     * only, as in PostgreSQL without nesting) {@code GROUPING SETS (..)}. ROLLUP, CUBE and GROUPING are not
     * keywords, so they are matched by spelling, followed by '('.
     */
    private GroupingElement parseGroupingElement(boolean topLevel) {
        Span start = in.peek().span();
        if (in.at(TokenType.LPAREN) && in.peek(1).type() == TokenType.RPAREN) {
            in.next();
            in.next();
            return new GroupingElement(GroupingElement.Kind.SETS, List.of(List.of()), in.spanFrom(start));
        }
        boolean rollup = isWord(0, "ROLLUP") && in.peek(1).type() == TokenType.LPAREN;
        boolean cube = isWord(0, "CUBE") && in.peek(1).type() == TokenType.LPAREN;
        if (rollup || cube) {
            in.next();
            in.expect(TokenType.LPAREN);
            List<List<Expression>> groups = new ArrayList<>();
            do groups.add(parseColumnGroup());
            while (in.accept(TokenType.COMMA));
            in.expect(TokenType.RPAREN);
            return new GroupingElement(
                    rollup ? GroupingElement.Kind.ROLLUP : GroupingElement.Kind.CUBE, groups, in.spanFrom(start));
        }
        if (topLevel && isWord(0, "GROUPING") && isWord(1, "SETS") && in.peek(2).type() == TokenType.LPAREN) {
            in.next();
            in.next();
            in.expect(TokenType.LPAREN);
            List<List<Expression>> sets = new ArrayList<>();
            do {
                if (isWord(0, "ROLLUP") || isWord(0, "CUBE") || isWord(0, "GROUPING") && isWord(1, "SETS")) {
                    throw in.error(
                            in.peek().span(),
                            "ROLLUP, CUBE and GROUPING SETS nested in GROUPING SETS are not supported");
                }
                sets.add(parseColumnGroup());
            } while (in.accept(TokenType.COMMA));
            in.expect(TokenType.RPAREN);
            return new GroupingElement(GroupingElement.Kind.SETS, sets, in.spanFrom(start));
        }
        Expression e = exprs.parseExpr();
        return new GroupingElement(GroupingElement.Kind.KEY, List.of(List.of(e)), in.spanFrom(start));
    }

    /** {@code a} or {@code (a, b)} or {@code ()}: one column group of ROLLUP/CUBE, one set of GROUPING SETS. */
    private List<Expression> parseColumnGroup() {
        if (in.at(TokenType.LPAREN) && in.peek(1).type() == TokenType.RPAREN) {
            in.next();
            in.next();
            return List.of();
        }
        Expression e = exprs.parseExpr();
        // "(a, b)" reads as a row value; a parenthesized single expression is just that expression
        if (e instanceof Expression.Row row) return row.values();
        return List.of(e);
    }

    private boolean isWord(int ahead, String word) {
        Token t = in.peek(ahead);
        return t.type() == TokenType.IDENT && t.text().equalsIgnoreCase(word);
    }

    SelectItem parseSelectItem() {
        Token t = in.peek();
        if (t.type() == TokenType.STAR) {
            in.next();
            List<Ident> exclude = parseStarExclude();
            List<SelectItem.Replacement> replace = parseStarReplace();
            return new SelectItem.Star(exclude, replace, in.spanFrom(t.span()));
        }
        if (in.atIdent()) {
            // name.name.* : look ahead over "ident ." pairs for a trailing star
            int i = 0;
            while (in.peek(i).isIdentifierLike() && in.peek(i + 1).type() == TokenType.DOT) i += 2;
            if (i > 0 && in.peek(i).type() == TokenType.STAR) {
                List<Ident> parts = new ArrayList<>();
                for (int k = 0; k < i; k += 2) {
                    parts.add(in.parseIdent("a name"));
                    in.next();
                }
                in.next();
                QualifiedName qualifier = new QualifiedName(parts, in.spanFrom(t.span()));
                List<Ident> exclude = parseStarExclude();
                List<SelectItem.Replacement> replace = parseStarReplace();
                return new SelectItem.QualifiedStar(qualifier, exclude, replace, in.spanFrom(t.span()));
            }
        }
        Expression e = exprs.parseExpr();
        Ident alias = parseAlias(true);
        return new SelectItem.ExprItem(e, alias, in.spanFrom(t.span()));
    }

    /** DuckDB's {@code EXCLUDE (a, b)} (or {@code EXCLUDE a}) after a star; empty when absent. */
    private List<Ident> parseStarExclude() {
        if (!in.accept(Keyword.EXCLUDE)) return List.of();
        if (!in.at(TokenType.LPAREN)) return List.of(in.parseIdent("a column name"));
        return parseIdentList();
    }

    /** DuckDB's {@code REPLACE (expr AS c, ...)} after a star; empty when absent. */
    private List<SelectItem.Replacement> parseStarReplace() {
        if (!in.accept(Keyword.REPLACE)) return List.of();
        in.expect(TokenType.LPAREN);
        List<SelectItem.Replacement> out = new ArrayList<>();
        do {
            Span start = in.peek().span();
            Expression e = exprs.parseExpr();
            in.expect(Keyword.AS);
            out.add(new SelectItem.Replacement(e, in.parseIdent("a column name"), in.spanFrom(start)));
        } while (in.accept(TokenType.COMMA));
        in.expect(TokenType.RPAREN);
        return out;
    }

    private Ident parseAlias() {
        return parseAlias(false);
    }

    /**
     * {@code [AS] name}, also {@code AS 'name'}; null when there is none. A select item's label after AS may
     * be any keyword, reserved ones too (PostgreSQL's ColLabel: {@code AS order}); a table alias may not.
     */
    private Ident parseAlias(boolean columnLabel) {
        if (in.accept(Keyword.AS)) {
            Token t = in.peek();
            if (t.type() == TokenType.STRING) {
                in.next();
                return new Ident(t.text(), true, t.span());
            }
            // after AS any keyword is a column label, reserved ones too (PostgreSQL's ColLabel: AS order, AS isnull)
            if (columnLabel && t.type() == TokenType.KEYWORD && t.keyword().reserved()) {
                in.next();
                return new Ident(
                        t.text(), true, t.span()); // as if quoted, so that it prints (and re-parses) as "order"
            }
            return in.parseIdent("an alias");
        }
        // "FROM t TABLESAMPLE ..." : TABLESAMPLE is not a keyword, but it is no alias either
        if (!columnLabel && isWord(0, "TABLESAMPLE")) return null;
        return in.atIdent() ? in.parseIdent("an alias") : null;
    }

    List<TableRef> parseTableRefs() {
        List<TableRef> refs = new ArrayList<>();
        do refs.add(parseTableRef());
        while (in.accept(TokenType.COMMA));
        return refs;
    }

    /** A table primary followed by any number of joins (left-deep). */
    TableRef parseTableRef() {
        TableRef left = parseTablePrimary();
        int chain = 0;
        while (true) {
            in.checkChain(chain++);
            Span start = left.span();
            boolean natural = in.accept(Keyword.NATURAL);
            JoinType type;
            if (in.accept(Keyword.JOIN)) type = JoinType.INNER;
            else if (in.accept(Keyword.INNER)) {
                in.expect(Keyword.JOIN);
                type = JoinType.INNER;
            } else if (in.at(Keyword.LEFT) || in.at(Keyword.RIGHT) || in.at(Keyword.FULL)) {
                Keyword k = in.next().keyword();
                in.accept(Keyword.OUTER);
                in.expect(Keyword.JOIN);
                type = k == Keyword.LEFT ? JoinType.LEFT : k == Keyword.RIGHT ? JoinType.RIGHT : JoinType.FULL;
            } else if (in.accept(Keyword.CROSS)) {
                in.expect(Keyword.JOIN);
                type = JoinType.CROSS;
            } else {
                if (natural) throw in.expected("JOIN");
                return left;
            }
            if (natural && type == JoinType.CROSS)
                throw in.error(in.previous().span(), "NATURAL CROSS JOIN is not allowed");
            in.enter();
            try {
                TableRef right = parseTablePrimary();
                JoinCondition condition;
                if (natural) condition = new JoinCondition.Natural();
                else if (type == JoinType.CROSS) condition = new JoinCondition.None();
                else if (in.accept(Keyword.ON)) condition = new JoinCondition.On(exprs.parseExpr());
                else if (in.accept(Keyword.USING)) condition = new JoinCondition.Using(parseIdentList());
                else if (type == JoinType.INNER)
                    condition = new JoinCondition.None(); // SQLite: "a JOIN b" is a cross join
                else throw in.expected("ON or USING");
                left = new TableRef.Join(left, right, type, condition, in.spanFrom(start));
            } finally {
                in.exit();
            }
        }
    }

    private TableRef parseTablePrimary() {
        Span start = in.peek().span();
        TableRef table = parseUnsampledTable();
        if (!isWord(0, "TABLESAMPLE")) return table;
        return new TableRef.SampledTable(table, parseTableSample(), in.spanFrom(start));
    }

    /**
     * After a FROM item: {@code TABLESAMPLE method (size [% | PERCENT | ROWS]) [REPEATABLE (seed)]}, or DuckDB's
     * {@code TABLESAMPLE size [% | PERCENT | ROWS] [(method [, seed])] [REPEATABLE (seed)]}. A size written
     * without a unit is a percentage for BERNOULLI and SYSTEM (the standard's methods) and a row count for
     * RESERVOIR or no method.
     */
    private Sample parseTableSample() {
        Span start = in.next().span(); // TABLESAMPLE
        if (!(in.atIdent() && in.peek(1).type() == TokenType.LPAREN)) return sampleBody(start);
        String method = parseSampleMethod();
        in.expect(TokenType.LPAREN);
        Expression size = exprs.parseExpr(Precedence.MULTIPLICATIVE);
        boolean percent;
        if (in.accept(TokenType.PERCENT) || acceptWord("PERCENT")) percent = true;
        else if (in.accept(Keyword.ROWS)) percent = false;
        else percent = !method.equals("reservoir");
        in.expect(TokenType.RPAREN);
        return new Sample(size, percent, method, repeatable(null), in.spanFrom(start));
    }

    private TableRef parseUnsampledTable() {
        Token t = in.peek();
        Span start = t.span();
        boolean lateral = in.accept(Keyword.LATERAL);
        if (in.at(TokenType.LPAREN)) {
            in.enter();
            try {
                return parseParenthesizedTable(start, lateral);
            } finally {
                in.exit();
            }
        }
        if (!lateral && t.type() == TokenType.STRING) {
            in.next();
            Ident alias = parseAlias();
            List<Ident> cols = alias != null && in.at(TokenType.LPAREN) ? parseIdentList() : List.of();
            return new TableRef.PathTable(t.text(), alias, cols, in.spanFrom(start));
        }
        if (!in.atIdent()) throw in.expected(lateral ? "a subquery or table function after LATERAL" : "a table name");
        QualifiedName name = parseQualifiedName("a table name");
        if (!lateral
                && name.size() == 1
                && !name.last().quoted()
                && name.last().value().equalsIgnoreCase("GRADIENT")
                && in.at(TokenType.LPAREN)
                && (in.peek(1).is(Keyword.SELECT) || in.peek(1).is(Keyword.WITH))) return parseGradient(start);
        if (in.at(TokenType.LPAREN)) {
            in.next();
            List<Expression> args = new ArrayList<>();
            List<NamedArg> named = new ArrayList<>();
            if (!in.at(TokenType.RPAREN)) exprs.parseArguments(args, named, true);
            in.expect(TokenType.RPAREN);
            // PostgreSQL's WITH ORDINALITY (ORDINALITY is no keyword: matched by spelling)
            boolean ordinality = false;
            if (in.at(Keyword.WITH) && in.peek(1).text().equalsIgnoreCase("ORDINALITY")) {
                in.next();
                in.next();
                ordinality = true;
            }
            Ident alias = parseAlias();
            List<Ident> cols = alias != null && in.at(TokenType.LPAREN) ? parseIdentList() : List.of();
            return new TableRef.TableFunction(name, args, named, alias, cols, lateral, ordinality, in.spanFrom(start));
        }
        if (lateral) throw in.expected("'(' after a table function name");
        boolean hintFirst =
                in.peek().text().equalsIgnoreCase("INDEXED") && in.peek(1).is(Keyword.BY);
        Ident alias = hintFirst ? null : parseAlias();
        skipIndexHint();
        List<Ident> cols = alias != null && in.at(TokenType.LPAREN) ? parseIdentList() : List.of();
        return new TableRef.NamedTable(name, alias, cols, in.spanFrom(start));
    }

    /** After the word GRADIENT: {@code (query) WITH RESPECT TO relation [(cols)] [[AS] alias]}. */
    TableRef parseGradient(Span start) {
        in.expect(TokenType.LPAREN);
        Query q;
        in.enter();
        try {
            q = parseQuery();
        } finally {
            in.exit();
        }
        in.expect(TokenType.RPAREN);
        in.expect(Keyword.WITH);
        if (!in.peek().text().equalsIgnoreCase("RESPECT")) throw in.expected("RESPECT TO after GRADIENT(...) WITH");
        in.next();
        in.expect(Keyword.TO);
        QualifiedName relation = parseQualifiedName("a table name after WITH RESPECT TO");
        List<Ident> cols = in.at(TokenType.LPAREN) ? parseIdentList() : List.of();
        Ident alias = parseAlias();
        return new TableRef.Gradient(q, relation, cols, alias, in.spanFrom(start));
    }

    /** SQLite's {@code INDEXED BY name} / {@code NOT INDEXED}: planner hints with no effect on results. */
    private void skipIndexHint() {
        if (in.peek().type() == TokenType.IDENT
                && in.peek().text().equalsIgnoreCase("INDEXED")
                && in.peek(1).is(Keyword.BY)) {
            in.next();
            in.next();
            in.parseIdent("an index name");
        } else if (in.at(Keyword.NOT)
                && in.peek(1).type() == TokenType.IDENT
                && in.peek(1).text().equalsIgnoreCase("INDEXED")) {
            in.next();
            in.next();
        }
    }

    /** After '(' in FROM: a subquery, a VALUES list or a parenthesized join. */
    private TableRef parseParenthesizedTable(Span start, boolean lateral) {
        in.expect(TokenType.LPAREN);
        if (in.at(Keyword.VALUES) && !lateral) {
            Span valuesStart = in.next().span();
            List<List<Expression>> rows = parseValuesRows();
            if (in.accept(TokenType.RPAREN)) {
                Ident alias = parseAlias();
                List<Ident> cols = alias != null && in.at(TokenType.LPAREN) ? parseIdentList() : List.of();
                return new TableRef.ValuesTable(rows, alias, cols, in.spanFrom(start));
            }
            // VALUES ... UNION ... or ORDER BY: a full query
            Query q = continueQuery(new QueryBody.ValuesBody(rows, in.spanFrom(valuesStart)), valuesStart);
            in.expect(TokenType.RPAREN);
            return derived(q, start, lateral);
        }
        if (in.at(Keyword.SELECT) || in.at(Keyword.WITH) || in.at(Keyword.VALUES) || in.at(Keyword.FROM)) {
            Query q = parseQuery();
            in.expect(TokenType.RPAREN);
            return derived(q, start, lateral);
        }
        if (lateral) throw in.expected("a subquery after LATERAL");
        // "((SELECT 1) UNION SELECT 2)", "((SELECT 1) AS a JOIN b ON ...)", "(a JOIN b)", "((SELECT 1))"
        Span innerStart = in.peek().span();
        TableRef inner = parseTableRef();
        if (inner instanceof TableRef.DerivedTable d && d.alias() == null && !d.lateral() && atQueryContinuation()) {
            Query q = continueQuery(asOperand(d.query(), d.span()), innerStart);
            in.expect(TokenType.RPAREN);
            return derived(q, start, false);
        }
        in.expect(TokenType.RPAREN);
        if (inner instanceof TableRef.DerivedTable d && d.alias() == null && !d.lateral())
            return derived(d.query(), start, false);
        return inner;
    }

    private TableRef derived(Query q, Span start, boolean lateral) {
        Ident alias = parseAlias();
        List<Ident> cols = alias != null && in.at(TokenType.LPAREN) ? parseIdentList() : List.of();
        return new TableRef.DerivedTable(q, alias, cols, lateral, in.spanFrom(start));
    }

    QualifiedName parseQualifiedName(String what) {
        Span start = in.peek().span();
        List<Ident> parts = new ArrayList<>();
        parts.add(in.parseIdent(what));
        while (in.at(TokenType.DOT)) {
            in.next();
            parts.add(in.parseIdent("a name after '.'"));
        }
        return new QualifiedName(parts, in.spanFrom(start));
    }
}
