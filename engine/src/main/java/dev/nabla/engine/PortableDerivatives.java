package dev.nabla.engine;

import dev.nabla.autograd.PortableSql;
import dev.nabla.autograd.SqlDialect;
import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.common.Span;
import dev.nabla.parser.Lexer;
import dev.nabla.parser.ParsedStatement;
import dev.nabla.parser.Token;
import dev.nabla.parser.TokenType;
import dev.nabla.plan.bound.BoundStatement;
import dev.nabla.plan.bound.BoundStatement.GradReport;
import dev.nabla.plan.expr.ColumnRef;
import dev.nabla.plan.expr.Derivative;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Exprs;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./nabla --expand-derivatives}: a script with every {@code grad}/{@code jvp}/{@code vjp} call
 * replaced by the plain SQL of its derivative, in the words of another engine, and everything else of the
 * text (comments, layout, other statements) kept as written.
 *
 * <p>Each statement is bound and differentiated as it would be run; the Differentiate stage's reports say
 * which call became which expression. Statements other than queries then run inside a transaction that is
 * rolled back at the end, so that later statements bind against the tables earlier ones create and nothing
 * is kept. An expansion is written out only where it reads nothing but the columns its call reads: a
 * derivative that follows a column's definition into a CTE, view or derived table reads values the call
 * site cannot name, and is refused (0A000) with its position rather than printed wrong.
 */
final class PortableDerivatives {
    private PortableDerivatives() {}

    private record Edit(int from, int to, String text, String nablaText) {}

    static String expand(Session session, String script, SqlDialect dialect) {
        List<ParsedStatement> statements = Pipeline.parseScript(script);
        List<Edit> edits = new ArrayList<>();
        boolean began = !session.inTransaction();
        if (began) session.execute("BEGIN");
        try {
            for (ParsedStatement p : statements) {
                Pipeline.Bound b = Pipeline.bind(
                        p.statement(),
                        session.catalog(session.visibleCatalog()),
                        session.database().derivativeExpander());
                List<Edit> own = new ArrayList<>();
                for (GradReport r : b.gradReports()) own.add(edit(script, r, dialect));
                own = outermost(own);
                checkAllExpanded(session, script, p, own);
                edits.addAll(own);
                if (dialect != SqlDialect.NABLA) edits.addAll(dialectEdits(script, p, b.statement(), own, dialect));
                BoundStatement s = b.statement();
                boolean query = s instanceof BoundStatement.Query || s instanceof BoundStatement.Explain;
                if (!query && !(s instanceof BoundStatement.TransactionControl))
                    session.run(new Session.PlanHolder(p.statement()), new Object[0]);
            }
        } finally {
            if (began && session.inTransaction()) session.execute("ROLLBACK");
        }
        StringBuilder out = new StringBuilder(script);
        edits.sort(Comparator.comparingInt(Edit::from).reversed());
        for (Edit e : edits) out.replace(e.from(), e.to(), e.text());
        return out.toString();
    }

    /** The edit that replaces the call of {@code r} by its derivative's text. */
    private static Edit edit(String script, GradReport r, SqlDialect dialect) {
        Derivative d = (Derivative) r.derivative();
        Span at = d.span();
        if (!at.isKnown() || at.endOffset() > script.length())
            throw new NablaException(ErrorCode.UNSUPPORTED, "a derivative without a position cannot be written out");
        Map<Integer, String> names = new HashMap<>();
        List<Expr> read = new ArrayList<>(List.of(d.body(), d.wrt()));
        if (d.seed() != null) read.add(d.seed());
        for (Expr e : read) for (ColumnRef c : Exprs.columnRefs(e)) names.putIfAbsent(c.id(), spelling(script, c));
        for (ColumnRef c : Exprs.columnRefs(r.result())) {
            if (!names.containsKey(c.id())) {
                throw new NablaException(
                        ErrorCode.UNSUPPORTED,
                        at,
                        "cannot write this derivative as plain SQL: it reads \"" + c.name()
                                + "\" through the definition of a column of a CTE, view or derived table, which"
                                + " the call cannot name; select the inputs of that definition next to it, or"
                                + " differentiate inside the CTE");
            }
        }
        String text = PortableSql.print(r.result(), dialect, c -> names.get(c.id()));
        String nabla = PortableSql.print(r.result(), SqlDialect.NABLA, c -> names.get(c.id()));
        boolean alone = around(script, at.offset() - 1, -1) && around(script, at.endOffset(), 1);
        return alone
                ? new Edit(at.offset(), at.endOffset(), text, nabla)
                : new Edit(at.offset(), at.endOffset(), "(" + text + ")", "(" + nabla + ")");
    }

    /** Whether the first non-blank character from {@code i} in direction {@code step} is a bracket or comma. */
    private static boolean around(String script, int i, int step) {
        while (i >= 0 && i < script.length() && Character.isWhitespace(script.charAt(i))) i += step;
        if (i < 0 || i >= script.length()) return false;
        char c = script.charAt(i);
        return c == ',' || (step < 0 ? c == '(' : c == ')');
    }

    /** A column as the statement writes it where the call reads it ({@code d.x}), else its quoted name. */
    private static String spelling(String script, ColumnRef c) {
        Span s = c.span();
        if (s.isKnown() && s.endOffset() <= script.length()) {
            String text = script.substring(s.offset(), s.endOffset());
            if (text.matches("(?s)[A-Za-z_\"][\\w\".$ ]*")) return text;
        }
        return c.name().matches("[a-z_][a-z0-9_]*") ? c.name() : "\"" + c.name().replace("\"", "\"\"") + "\"";
    }

    /** Nested calls are part of their outer call's expansion. */
    private static List<Edit> outermost(List<Edit> edits) {
        List<Edit> out = new ArrayList<>();
        for (Edit e : edits) {
            boolean inside = false;
            for (Edit o : edits)
                inside |= o != e
                        && o.from() <= e.from()
                        && e.to() <= o.to()
                        && (o.from() != e.from() || o.to() != e.to());
            boolean dup = out.stream().anyMatch(o -> o.from() == e.from() && o.to() == e.to());
            if (!inside && !dup) out.add(e);
        }
        return out;
    }

    /**
     * Every {@code grad(}, {@code jvp(} and {@code vjp(} of the statement lies inside an edit (a call the stage
     * expanded without a report would otherwise stay in the text), and the statement with the edits applied, in
     * Nabla's words, binds with no derivative left and every column spelled as it resolves.
     */
    private static void checkAllExpanded(Session session, String script, ParsedStatement p, List<Edit> edits) {
        int offset = offsetOf(script, p.startLine(), p.startCol());
        String stmt = p.text();
        for (Token t : Lexer.tokenize(stmt)) {
            String w = t.text().toLowerCase(java.util.Locale.ROOT);
            boolean word = t.type() == TokenType.IDENT || t.type() == TokenType.KEYWORD;
            if (!word || !(w.equals("grad") || w.equals("jvp") || w.equals("vjp"))) continue;
            int at = offset + t.span().offset();
            if (edits.stream().noneMatch(e -> e.from() <= at && at < e.to())) {
                throw new NablaException(
                        ErrorCode.UNSUPPORTED,
                        new Span(
                                p.startLine() + t.span().startLine() - 1,
                                t.span().startLine() == 1
                                        ? p.startCol() + t.span().startCol() - 1
                                        : t.span().startCol(),
                                p.startLine() + t.span().endLine() - 1,
                                t.span().endLine() == 1
                                        ? p.startCol() + t.span().endCol() - 1
                                        : t.span().endCol(),
                                at,
                                offset + t.span().endOffset()),
                        "cannot write this derivative as plain SQL: the Differentiate stage reported no expansion"
                                + " for it");
            }
        }
        if (edits.isEmpty()) return;
        StringBuilder sb = new StringBuilder(stmt);
        List<Edit> sorted = new ArrayList<>(edits);
        sorted.sort(Comparator.comparingInt(Edit::from).reversed());
        for (Edit e : sorted) sb.replace(e.from() - offset, e.to() - offset, e.nablaText());
        Pipeline.Bound again = Pipeline.bind(
                Pipeline.parse(sb.toString()),
                session.catalog(session.visibleCatalog()),
                session.database().derivativeExpander());
        if (!again.gradReports().isEmpty())
            throw new IllegalStateException("a derivative is left after expansion: " + sb);
    }

    /**
     * What the rest of the statement needs to mean in {@code dialect} what it means in Nabla: constants with a
     * decimal point or exponent are DOUBLE (the others read them as DECIMAL), and {@code /} between two
     * integers truncates (DuckDB's and Spark's {@code /} does not). Text inside {@code skip} (the derivatives,
     * printed in the dialect already) is left alone.
     */
    private static List<Edit> dialectEdits(
            String script, ParsedStatement p, BoundStatement bound, List<Edit> skip, SqlDialect dialect) {
        int offset = offsetOf(script, p.startLine(), p.startCol());
        List<Token> tokens = Lexer.tokenize(p.text());
        List<Edit> out = new ArrayList<>();
        List<Edit> calls = outermost(foreignCalls(script, bound, skip, dialect));
        out.addAll(calls);
        List<Edit> taken = new ArrayList<>(skip);
        taken.addAll(calls);
        java.util.function.IntPredicate free = at -> taken.stream().noneMatch(e -> e.from() <= at && at < e.to());
        for (Token t : tokens) {
            int at = offset + t.span().offset();
            String x = t.text();
            if (t.type() == TokenType.NUMBER
                    && !x.regionMatches(true, 0, "0x", 0, 2)
                    && (x.contains(".") || x.contains("e") || x.contains("E"))
                    && free.test(at)) {
                String text = script.substring(at, offset + t.span().endOffset());
                out.add(new Edit(at, offset + t.span().endOffset(), dialect.doubleLiteral(text), text));
            }
        }
        if (!dialect.integerDivision().equals("/")) {
            List<int[]> divisions = new ArrayList<>();
            java.util.function.Consumer<Expr> visit = e -> {
                if (e instanceof dev.nabla.plan.expr.Call c
                        && c.fn() == dev.nabla.plan.expr.Fn.DIV
                        && c.args().get(0).type().isIntegral()
                        && c.args().get(1).type().isIntegral()
                        && c.args().get(0).span().isKnown()
                        && c.args().get(1).span().isKnown()) {
                    divisions.add(new int[] {
                        c.args().get(0).span().endOffset(),
                        c.args().get(1).span().offset()
                    });
                }
            };
            forEachExpr(bound, visit);
            for (int[] d : divisions) {
                for (Token t : tokens) {
                    int at = offset + t.span().offset();
                    if (t.type() == TokenType.SLASH && d[0] <= at && at < d[1] && free.test(at)) {
                        String op = dialect.integerDivision();
                        out.add(new Edit(at, at + 1, op.equals("div") ? " div " : op, "/"));
                    }
                }
            }
        }
        return out;
    }

    /**
     * Calls outside the derivatives of functions {@code dialect} lacks ({@code sigmoid(z)} in a query that
     * reports accuracy), each replaced by its rewrite ({@link PortableSql#rewrite}), columns spelled as written.
     */
    private static List<Edit> foreignCalls(String script, BoundStatement bound, List<Edit> skip, SqlDialect dialect) {
        List<Edit> out = new ArrayList<>();
        java.util.function.Consumer<Expr> visit = e -> {
            if (!(e instanceof dev.nabla.plan.expr.Call c) || dialect.has(c.fn())) return;
            Span sp = c.span();
            if (!sp.isKnown() || sp.endOffset() > script.length()) return;
            String text = script.substring(sp.offset(), sp.endOffset());
            // only a call written as such (not one the binder made from other syntax)
            if (!text.regionMatches(
                    true, 0, c.fn().sqlName(), 0, c.fn().sqlName().length())) return;
            if (skip.stream().anyMatch(k -> k.from() <= sp.offset() && sp.offset() < k.to())) return;
            String printed = PortableSql.print(c, dialect, r -> spelling(script, r));
            out.add(new Edit(sp.offset(), sp.endOffset(), "(" + printed + ")", text));
        };
        forEachExpr(bound, visit);
        return out;
    }

    /** Every expression of {@code bound}'s plans and statement-level expressions, subqueries included. */
    private static void forEachExpr(BoundStatement bound, java.util.function.Consumer<Expr> visit) {
        bound.mapPlans(
                plan -> {
                    dev.nabla.plan.logical.PlanExprs.forEachDeep(plan, visit);
                    return plan;
                },
                e -> {
                    Exprs.forEach(e, visit);
                    return e;
                });
    }

    /** The offset in {@code script} of 1-based {@code line} and {@code col}. */
    private static int offsetOf(String script, int line, int col) {
        int at = 0;
        for (int l = 1; l < line; l++) at = script.indexOf('\n', at) + 1;
        return at + col - 1;
    }
}
