package dev.nabla.spark;

import dev.nabla.parser.Lexer;
import dev.nabla.parser.Token;
import dev.nabla.parser.TokenType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.parser.ParameterContext;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.parser.ParserInterface;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import scala.collection.immutable.Seq;

/**
 * Spark's SQL parser with Nabla's table reference {@code GRADIENT(<loss query>) WITH RESPECT TO t [(col, …)]}
 * (docs/reverse-mode.md): before Spark parses a statement, each such reference is computed by
 * {@link NablaSpark#gradient} (the loss query is Spark SQL, itself parsed by this parser) and replaced by a
 * temporary view of the gradient table, named by the reference's text, so the same statement run again (a training
 * loop) replaces its view instead of adding one. The reference keeps its alias, or is named after {@code t} as in
 * Nabla. Everything else is Spark's parser unchanged. The gradient is planned when the statement is parsed.
 */
final class NablaParser implements ParserInterface {
    static final String VIEW_PREFIX = "__nabla_gradient_";

    private final SparkSession session;
    private final ParserInterface delegate;

    NablaParser(SparkSession session, ParserInterface delegate) {
        this.session = session;
        this.delegate = delegate;
    }

    @Override
    public LogicalPlan parsePlan(String sql) throws ParseException {
        return delegate.parsePlan(rewrite(sql));
    }

    @Override
    public LogicalPlan parsePlanWithParameters(String sql, ParameterContext parameters) throws ParseException {
        return delegate.parsePlanWithParameters(rewrite(sql), parameters);
    }

    @Override
    public LogicalPlan parseQuery(String sql) throws ParseException {
        return delegate.parseQuery(rewrite(sql));
    }

    @Override
    public Expression parseExpression(String sql) throws ParseException {
        return delegate.parseExpression(sql);
    }

    @Override
    public TableIdentifier parseTableIdentifier(String sql) throws ParseException {
        return delegate.parseTableIdentifier(sql);
    }

    @Override
    public FunctionIdentifier parseFunctionIdentifier(String sql) throws ParseException {
        return delegate.parseFunctionIdentifier(sql);
    }

    @Override
    public Seq<String> parseMultipartIdentifier(String sql) throws ParseException {
        return delegate.parseMultipartIdentifier(sql);
    }

    @Override
    public StructType parseRoutineParam(String sql) throws ParseException {
        return delegate.parseRoutineParam(sql);
    }

    @Override
    public StructType parseTableSchema(String sql) throws ParseException {
        return delegate.parseTableSchema(sql);
    }

    @Override
    public DataType parseDataType(String sql) throws ParseException {
        return delegate.parseDataType(sql);
    }

    /** {@code sql} with each {@code GRADIENT(…) WITH RESPECT TO t} replaced by a view of its result. */
    String rewrite(String sql) {
        if (sql == null || !sql.toLowerCase(Locale.ROOT).contains("gradient")) return sql;
        List<Token> t = Lexer.tokenizeLenient(sql);
        StringBuilder out = new StringBuilder();
        int copied = 0;
        for (int i = 0; i + 1 < t.size(); i++) {
            if (!word(t.get(i), "gradient") || !t.get(i + 1).is(TokenType.LPAREN)) continue;
            int close = matching(t, i + 1);
            if (close < 0) continue; // unbalanced: Spark's parser reports it
            int k = close + 1;
            if (!(word(at(t, k), "with") && word(at(t, k + 1), "respect") && word(at(t, k + 2), "to"))) continue;
            k += 3;
            List<String> name = new ArrayList<>();
            while (isName(at(t, k))) {
                name.add(at(t, k).text());
                if (at(t, k + 1).is(TokenType.DOT)) k += 2;
                else break;
            }
            if (name.isEmpty()) throw DerivativeResolution.error("GRADIENT: WITH RESPECT TO needs a table name");
            int end = k; // last token of the reference
            List<String> columns = new ArrayList<>();
            if (at(t, k + 1).is(TokenType.LPAREN)) {
                int c = k + 2;
                while (isName(at(t, c))) {
                    columns.add(at(t, c).text());
                    if (at(t, c + 1).is(TokenType.COMMA)) c += 2;
                    else break;
                }
                if (!columns.isEmpty() && at(t, c + 1).is(TokenType.RPAREN)) end = c + 1;
                else columns.clear();
            }
            String loss = sql.substring(
                    t.get(i + 1).span().endOffset(), t.get(close).span().offset());
            String reference =
                    sql.substring(t.get(i).span().offset(), t.get(end).span().endOffset());
            Dataset<Row> gradient =
                    NablaSpark.gradient(session.sql(loss), String.join(".", name), columns.toArray(String[]::new));
            String view = VIEW_PREFIX + Integer.toHexString(reference.hashCode()) + "_"
                    + Integer.toHexString(reference.length());
            gradient.createOrReplaceTempView(view);
            Token next = at(t, end + 1);
            boolean aliased = next.is(TokenType.IDENT)
                    || next.is(TokenType.QUOTED_IDENT)
                    || (next.is(TokenType.KEYWORD) && word(next, "as"));
            out.append(sql, copied, t.get(i).span().offset()).append(view);
            if (!aliased)
                out.append(" AS `").append(name.getLast().replace("`", "``")).append('`');
            copied = t.get(end).span().endOffset();
            i = end;
        }
        return copied == 0 ? sql : out.append(sql, copied, sql.length()).toString();
    }

    private static Token at(List<Token> t, int i) {
        return i < t.size() ? t.get(i) : t.getLast();
    }

    private static boolean word(Token t, String w) {
        return (t.is(TokenType.IDENT) || t.is(TokenType.KEYWORD)) && t.text().equalsIgnoreCase(w);
    }

    private static boolean isName(Token t) {
        return t.is(TokenType.IDENT) || t.is(TokenType.QUOTED_IDENT) || t.is(TokenType.KEYWORD);
    }

    /** The index of the parenthesis closing the one at {@code open}, or -1. */
    private static int matching(List<Token> t, int open) {
        int depth = 0;
        for (int i = open; i < t.size(); i++) {
            if (t.get(i).is(TokenType.LPAREN)) depth++;
            else if (t.get(i).is(TokenType.RPAREN) && --depth == 0) return i;
        }
        return -1;
    }
}
