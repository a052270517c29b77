package dev.nabla.parser;

import dev.nabla.common.Span;
import dev.nabla.parser.ast.ColumnConstraint;
import dev.nabla.parser.ast.ColumnDef;
import dev.nabla.parser.ast.Expression;
import dev.nabla.parser.ast.Ident;
import dev.nabla.parser.ast.IndexColumn;
import dev.nabla.parser.ast.Precedence;
import dev.nabla.parser.ast.QualifiedName;
import dev.nabla.parser.ast.Query;
import dev.nabla.parser.ast.Statement;
import dev.nabla.parser.ast.TableConstraint;
import dev.nabla.parser.ast.TypeName;
import java.util.ArrayList;
import java.util.List;

/** CREATE and DROP of tables, views and indexes, and TRUNCATE. */
final class DdlParser {
    private final TokenCursor in;
    private final ExpressionParser exprs;
    private final QueryParser queries;

    DdlParser(TokenCursor in, ExpressionParser exprs, QueryParser queries) {
        this.in = in;
        this.exprs = exprs;
        this.queries = queries;
    }

    /** After CREATE. */
    Statement parseCreate(Span start) {
        boolean orReplace = in.accept(Keyword.OR, Keyword.REPLACE);
        boolean temporary = in.accept(Keyword.TEMP) || in.accept(Keyword.TEMPORARY);
        boolean unique = in.accept(Keyword.UNIQUE);
        if (in.accept(Keyword.INDEX)) {
            if (orReplace || temporary)
                throw in.error(in.previous().span(), "OR REPLACE and TEMP are not allowed with CREATE INDEX");
            return parseCreateIndex(start, unique);
        }
        if (unique) throw in.expected("INDEX");
        if (acceptWord("SEQUENCE")) {
            if (orReplace || temporary)
                throw in.error(in.previous().span(), "OR REPLACE and TEMP are not allowed with CREATE SEQUENCE");
            boolean ifNotExists = parseIfNotExists();
            QualifiedName name = queries.parseQualifiedName("a sequence name");
            SequenceOptions o = parseSequenceOptions();
            return new Statement.CreateSequence(
                    name, ifNotExists, o.start, o.increment, o.min, o.max, in.spanFrom(start));
        }
        if (in.accept(Keyword.VIEW)) return parseCreateView(start, orReplace, temporary);
        if (in.accept(Keyword.TABLE)) {
            Span table = in.previous().span();
            Statement created = parseCreateTable(start, temporary, orReplace);
            if (orReplace
                    && (created instanceof Statement.CreateTable c && c.ifNotExists()
                            || created instanceof Statement.CreateTableAs a && a.ifNotExists()))
                throw in.error(table, "OR REPLACE and IF NOT EXISTS cannot both be given");
            return created;
        }
        throw in.expected("TABLE, VIEW, INDEX or SEQUENCE");
    }

    /** A word that is not a keyword of Nabla's grammar (SEQUENCE, GENERATED, IDENTITY, ...), any case. */
    private boolean acceptWord(String word) {
        Token t = in.peek();
        if ((t.type() == TokenType.IDENT || t.type() == TokenType.KEYWORD)
                && t.text().equalsIgnoreCase(word)) {
            in.next();
            return true;
        }
        return false;
    }

    private void expectWord(String word) {
        if (!acceptWord(word)) throw in.expected(word);
    }

    /** Sequence options; null where not given. */
    private static final class SequenceOptions {
        Long start;
        long increment = 1;
        Long min;
        Long max;
    }

    /**
     * PostgreSQL's sequence options, in any order: START [WITH] n, INCREMENT [BY] n, MINVALUE n | NO MINVALUE,
     * MAXVALUE n | NO MAXVALUE, CACHE n and NO CYCLE (accepted; a cache changes nothing here). AS type is accepted.
     */
    private SequenceOptions parseSequenceOptions() {
        SequenceOptions o = new SequenceOptions();
        while (true) {
            if (in.accept(Keyword.START)) {
                in.accept(Keyword.WITH);
                o.start = signedLong();
            } else if (acceptWord("INCREMENT")) {
                in.accept(Keyword.BY);
                o.increment = signedLong();
            } else if (acceptWord("MINVALUE")) {
                o.min = signedLong();
            } else if (acceptWord("MAXVALUE")) {
                o.max = signedLong();
            } else if (acceptWord("CACHE")) {
                signedLong();
            } else if (in.at(Keyword.AS)) {
                in.next();
                exprs.parseTypeName(true);
            } else if (acceptWord("NO")) {
                if (acceptWord("CYCLE") || acceptWord("MINVALUE") || acceptWord("MAXVALUE")) continue;
                throw in.expected("CYCLE, MINVALUE or MAXVALUE");
            } else if (acceptWord("CYCLE")) {
                throw in.error(in.previous().span(), "CYCLE sequences are not supported");
            } else {
                return o;
            }
        }
    }

    private long signedLong() {
        boolean negative = in.accept(TokenType.MINUS);
        if (!negative) in.accept(TokenType.PLUS);
        Token t = in.peek();
        if (t.type() != TokenType.NUMBER) throw in.expected("an integer");
        in.next();
        try {
            long v = Long.parseLong(t.text());
            return negative ? -v : v;
        } catch (NumberFormatException e) {
            throw in.error(t.span(), "not a BIGINT: " + t.text());
        }
    }

    private boolean parseIfNotExists() {
        if (!in.accept(Keyword.IF)) return false;
        in.expect(Keyword.NOT);
        in.expect(Keyword.EXISTS);
        return true;
    }

    private boolean parseIfExists() {
        if (!in.accept(Keyword.IF)) return false;
        in.expect(Keyword.EXISTS);
        return true;
    }

    private Statement parseCreateTable(Span start, boolean temporary, boolean orReplace) {
        boolean ifNotExists = parseIfNotExists();
        QualifiedName name = queries.parseQualifiedName("a table name");
        if (in.accept(Keyword.AS)) {
            Query q = queries.parseQuery();
            return new Statement.CreateTableAs(name, ifNotExists, temporary, q, orReplace, in.spanFrom(start));
        }
        if (!in.at(TokenType.LPAREN)) throw in.expected("'(' or AS");
        in.next();
        List<ColumnDef> columns = new ArrayList<>();
        List<TableConstraint> constraints = new ArrayList<>();
        do {
            if (atTableConstraint()) {
                constraints.add(parseTableConstraint());
            } else {
                if (!constraints.isEmpty()) throw in.expected("a table constraint");
                columns.add(parseColumnDef());
            }
        } while (in.accept(TokenType.COMMA));
        in.expect(TokenType.RPAREN);
        if (columns.isEmpty()) throw in.error(in.spanFrom(start), "a table needs at least one column");
        // SQLite table options: WITHOUT ROWID, STRICT (no effect on an in-memory column store)
        while (true) {
            if (in.at(Keyword.WITHOUT) && in.peek(1).text().equalsIgnoreCase("ROWID")) {
                in.next();
                in.next();
            } else if (in.peek().text().equalsIgnoreCase("STRICT") && in.peek().type() == TokenType.IDENT) {
                in.next();
            } else if (!in.accept(TokenType.COMMA)) {
                break;
            }
        }
        return new Statement.CreateTable(
                name, ifNotExists, temporary, columns, constraints, orReplace, in.spanFrom(start));
    }

    private boolean atTableConstraint() {
        Token t = in.peek();
        if (t.is(Keyword.CONSTRAINT) || t.is(Keyword.PRIMARY) || t.is(Keyword.UNIQUE) || t.is(Keyword.CHECK))
            return true;
        return t.is(Keyword.FOREIGN) && in.peek(1).is(Keyword.KEY);
    }

    private TableConstraint parseTableConstraint() {
        Span start = in.peek().span();
        String name = in.accept(Keyword.CONSTRAINT)
                ? in.parseIdent("a constraint name").value()
                : null;
        if (in.accept(Keyword.PRIMARY)) {
            in.expect(Keyword.KEY);
            List<Ident> cols = parseKeyColumns();
            return new TableConstraint.PrimaryKey(cols, in.spanFrom(start));
        }
        if (in.accept(Keyword.UNIQUE)) {
            List<Ident> cols = parseKeyColumns();
            return new TableConstraint.Unique(name, cols, in.spanFrom(start));
        }
        if (in.accept(Keyword.CHECK)) {
            in.expect(TokenType.LPAREN);
            Expression condition = exprs.parseExpr();
            in.expect(TokenType.RPAREN);
            return new TableConstraint.Check(name, condition, in.spanFrom(start));
        }
        if (in.accept(Keyword.FOREIGN)) {
            in.expect(Keyword.KEY);
            List<Ident> cols = queries.parseIdentList();
            ColumnConstraint.References ref = parseReferences(null, in.peek().span());
            return new TableConstraint.ForeignKey(name, cols, ref, in.spanFrom(start));
        }
        throw in.expected("PRIMARY KEY, UNIQUE, CHECK or FOREIGN KEY");
    }

    /** {@code (a [ASC|DESC], b ...)} of a key; directions do not matter for uniqueness. */
    private List<Ident> parseKeyColumns() {
        in.expect(TokenType.LPAREN);
        List<Ident> cols = new ArrayList<>();
        do {
            cols.add(in.parseIdent("a column name"));
            if (!in.accept(Keyword.ASC)) in.accept(Keyword.DESC);
        } while (in.accept(TokenType.COMMA));
        in.expect(TokenType.RPAREN);
        skipConflictClause();
        return cols;
    }

    /** {@code REFERENCES t [(cols)] [ON DELETE|UPDATE action]...}; MATCH and DEFERRABLE are read and dropped. */
    private ColumnConstraint.References parseReferences(String name, Span start) {
        in.expect(Keyword.REFERENCES);
        QualifiedName parent = queries.parseQualifiedName("a table name");
        List<Ident> parentCols = in.at(TokenType.LPAREN) ? queries.parseIdentList() : List.of();
        String onDelete = null, onUpdate = null;
        while (true) {
            if (in.accept(Keyword.ON)) {
                boolean delete = in.accept(Keyword.DELETE);
                if (!delete && !in.accept(Keyword.UPDATE)) throw in.expected("DELETE or UPDATE");
                String action;
                if (in.accept(Keyword.SET)) {
                    if (in.accept(Keyword.NULL)) action = "SET NULL";
                    else if (in.accept(Keyword.DEFAULT)) action = "SET DEFAULT";
                    else throw in.expected("NULL or DEFAULT");
                } else if (in.peek().text().equalsIgnoreCase("NO")) {
                    in.next();
                    in.expect(Keyword.ACTION);
                    action = "NO ACTION";
                } else if (in.peek().text().equalsIgnoreCase("CASCADE")
                        || in.peek().text().equalsIgnoreCase("RESTRICT")) {
                    action = in.next().text().toUpperCase(java.util.Locale.ROOT);
                } else {
                    throw in.expected("a referential action");
                }
                if (delete) onDelete = action;
                else onUpdate = action;
            } else if (in.peek().text().equalsIgnoreCase("MATCH")) {
                in.next();
                in.parseIdent("a match type");
            } else if (in.accept(Keyword.NOT)) {
                in.expect(Keyword.DEFERRABLE);
            } else if (in.accept(Keyword.DEFERRABLE)) {
                if (in.peek().text().equalsIgnoreCase("INITIALLY")) {
                    in.next();
                    in.next();
                }
            } else {
                return new ColumnConstraint.References(
                        name, parent, parentCols, onDelete, onUpdate, in.spanFrom(start));
            }
        }
    }

    /** SQLite's {@code ON CONFLICT action} after a constraint: accepted, not kept. */
    private void skipConflictClause() {
        if (in.at(Keyword.ON) && in.peek(1).text().equalsIgnoreCase("CONFLICT")) {
            in.next();
            in.next();
            in.parseIdent("a conflict action");
        }
    }

    private ColumnDef parseColumnDef() {
        Span start = in.peek().span();
        Ident name = in.parseIdent("a column name");
        TypeName type = null;
        if (in.peek().type() == TokenType.IDENT
                || (in.peek().type() == TokenType.KEYWORD
                        && !in.peek().keyword().reserved())) {
            type = exprs.parseTypeName(true);
        }
        List<ColumnConstraint> constraints = new ArrayList<>();
        while (true) {
            Span cs = in.peek().span();
            boolean named = in.accept(Keyword.CONSTRAINT);
            String cname = named ? in.parseIdent("a constraint name").value() : null;
            if (in.accept(Keyword.NOT)) {
                in.expect(Keyword.NULL);
                skipConflictClause();
                constraints.add(new ColumnConstraint.NotNull(in.spanFrom(cs)));
            } else if (in.accept(Keyword.NULL)) {
                constraints.add(new ColumnConstraint.Nullable(in.spanFrom(cs)));
            } else if (in.accept(Keyword.PRIMARY)) {
                in.expect(Keyword.KEY);
                boolean desc = in.accept(Keyword.DESC);
                if (!desc) in.accept(Keyword.ASC);
                skipConflictClause();
                boolean autoincrement = in.accept(Keyword.AUTOINCREMENT);
                constraints.add(new ColumnConstraint.PrimaryKey(desc, autoincrement, in.spanFrom(cs)));
            } else if (in.accept(Keyword.UNIQUE)) {
                skipConflictClause();
                constraints.add(new ColumnConstraint.Unique(cname, in.spanFrom(cs)));
            } else if (acceptWord("GENERATED")) {
                boolean always;
                if (acceptWord("ALWAYS")) always = true;
                else {
                    in.expect(Keyword.BY);
                    in.expect(Keyword.DEFAULT);
                    always = false;
                }
                in.expect(Keyword.AS);
                expectWord("IDENTITY");
                SequenceOptions o = new SequenceOptions();
                if (in.accept(TokenType.LPAREN)) {
                    o = parseSequenceOptions();
                    in.expect(TokenType.RPAREN);
                }
                constraints.add(new ColumnConstraint.Identity(always, o.start, o.increment, in.spanFrom(cs)));
            } else if (in.accept(Keyword.DEFAULT)) {
                Expression value = exprs.parseExpr(Precedence.COMPARISON);
                constraints.add(new ColumnConstraint.Default(value, in.spanFrom(cs)));
            } else if (in.accept(Keyword.CHECK)) {
                in.expect(TokenType.LPAREN);
                Expression condition = exprs.parseExpr();
                in.expect(TokenType.RPAREN);
                constraints.add(new ColumnConstraint.Check(cname, condition, in.spanFrom(cs)));
            } else if (in.accept(Keyword.COLLATE)) {
                Ident collation = in.parseIdent("a collation name");
                constraints.add(new ColumnConstraint.Collation(collation, in.spanFrom(cs)));
            } else if (in.at(Keyword.REFERENCES)) {
                constraints.add(parseReferences(cname, cs));
            } else if (named) {
                throw in.expected("a column constraint");
            } else {
                break;
            }
        }
        return new ColumnDef(name, type, constraints, in.spanFrom(start));
    }

    private Statement parseCreateView(Span start, boolean orReplace, boolean temporary) {
        boolean ifNotExists = parseIfNotExists();
        QualifiedName name = queries.parseQualifiedName("a view name");
        List<Ident> columns = in.at(TokenType.LPAREN) ? queries.parseIdentList() : List.of();
        in.expect(Keyword.AS);
        Span queryStart = in.peek().span();
        Query q = queries.parseQuery();
        String text = in.text(in.spanFrom(queryStart));
        return new Statement.CreateView(name, columns, q, text, ifNotExists, orReplace, temporary, in.spanFrom(start));
    }

    private Statement parseCreateIndex(Span start, boolean unique) {
        boolean ifNotExists = parseIfNotExists();
        QualifiedName name = queries.parseQualifiedName("an index name");
        in.expect(Keyword.ON);
        QualifiedName table = queries.parseQualifiedName("a table name");
        in.expect(TokenType.LPAREN);
        List<IndexColumn> cols = new ArrayList<>();
        do {
            Span cs = in.peek().span();
            Ident col = in.parseIdent("a column name");
            if (in.accept(Keyword.COLLATE)) in.parseIdent("a collation name");
            boolean desc = in.accept(Keyword.DESC);
            if (!desc) in.accept(Keyword.ASC);
            cols.add(new IndexColumn(col, desc, in.spanFrom(cs)));
        } while (in.accept(TokenType.COMMA));
        in.expect(TokenType.RPAREN);
        return new Statement.CreateIndex(unique, ifNotExists, name, table, cols, in.spanFrom(start));
    }

    /** After DROP. */
    Statement parseDrop(Span start) {
        Keyword what;
        if (in.accept(Keyword.TABLE)) what = Keyword.TABLE;
        else if (in.accept(Keyword.VIEW)) what = Keyword.VIEW;
        else if (in.accept(Keyword.INDEX)) what = Keyword.INDEX;
        else if (acceptWord("SEQUENCE")) {
            boolean ifExists = parseIfExists();
            List<QualifiedName> names = new ArrayList<>();
            do names.add(queries.parseQualifiedName("a sequence name"));
            while (in.accept(TokenType.COMMA));
            return new Statement.DropSequence(ifExists, names, in.spanFrom(start));
        } else throw in.expected("TABLE, VIEW, INDEX or SEQUENCE");
        boolean ifExists = parseIfExists();
        List<QualifiedName> names = new ArrayList<>();
        do
            names.add(queries.parseQualifiedName(
                    what == Keyword.INDEX ? "an index name" : what == Keyword.VIEW ? "a view name" : "a table name"));
        while (in.accept(TokenType.COMMA));
        // Postgres' RESTRICT is what DROP does anyway (CASCADE is not supported, so it stays an error)
        if (in.peek().type() == TokenType.IDENT && in.peek().text().equalsIgnoreCase("RESTRICT")) in.next();
        Span span = in.spanFrom(start);
        return switch (what) {
            case TABLE -> new Statement.DropTable(ifExists, names, span);
            case VIEW -> new Statement.DropView(ifExists, names, span);
            default -> new Statement.DropIndex(ifExists, names, span);
        };
    }

    /**
     * After ALTER: {@code TABLE [IF EXISTS] t} and one of {@code ADD [COLUMN] [IF NOT EXISTS] def},
     * {@code DROP [COLUMN] [IF EXISTS] c}, {@code RENAME [COLUMN] a TO b}, {@code RENAME TO t2}.
     * ADD, COLUMN and RENAME are words here, not keywords (they stay usable as names).
     */
    Statement parseAlter(Span start) {
        in.expect(Keyword.TABLE);
        boolean ifExists = parseIfExists();
        QualifiedName table = queries.parseQualifiedName("a table name");
        Statement.AlterAction action;
        if (acceptWord("ADD")) {
            acceptWord("COLUMN");
            boolean ifNotExists = parseIfNotExists();
            action = new Statement.AlterAction.AddColumn(parseColumnDef(), ifNotExists);
        } else if (in.accept(Keyword.DROP)) {
            acceptWord("COLUMN");
            boolean ifColumnExists = parseIfExists();
            action = new Statement.AlterAction.DropColumn(in.parseIdent("a column name"), ifColumnExists);
        } else if (acceptWord("RENAME")) {
            if (in.accept(Keyword.TO)) {
                action = new Statement.AlterAction.RenameTable(in.parseIdent("a table name"));
            } else {
                acceptWord("COLUMN");
                Ident from = in.parseIdent("a column name");
                in.expect(Keyword.TO);
                action = new Statement.AlterAction.RenameColumn(from, in.parseIdent("a column name"));
            }
        } else {
            throw in.expected("ADD, DROP or RENAME");
        }
        return new Statement.AlterTable(table, ifExists, action, in.spanFrom(start));
    }

    /** After TRUNCATE. */
    Statement parseTruncate(Span start) {
        in.accept(Keyword.TABLE);
        return new Statement.Truncate(queries.parseQualifiedName("a table name"), in.spanFrom(start));
    }
}
