package dev.nabla.autograd;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.common.Span;
import dev.nabla.parser.Lexer;
import dev.nabla.parser.Parser;
import dev.nabla.parser.Token;
import dev.nabla.parser.TokenType;
import dev.nabla.plan.bind.Binder;
import dev.nabla.plan.bound.BoundStatement;
import dev.nabla.plan.bound.CatalogReader;
import dev.nabla.plan.bound.DerivativeExpander;
import dev.nabla.plan.expr.ColumnRef;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.logical.LogicalPlan;
import dev.nabla.plan.logical.Project;
import dev.nabla.plan.logical.TableSource;
import dev.nabla.storage.DataType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code derivative('expr', 'x')}: the simplified symbolic derivative of SQL text as SQL text. Every
 * identifier of the expression is bound as a DOUBLE column of a scratch table, the expression is
 * differentiated by the autograd module and printed back. Results are cached by (expr, x). Here, beside
 * {@link Autograd}, so that Nabla's binder and the Spark extension fold it with the same code.
 */
public final class DerivativeSql {
    private static final String SCRATCH = "__nabla_derivative_vars";
    private static final Map<List<String>, String> CACHE = new ConcurrentHashMap<>();

    private DerivativeSql() {}

    public static String derivative(String expr, String variable, DerivativeExpander expander) {
        if (expr == null || variable == null)
            throw new NablaException(ErrorCode.INVALID_ARGUMENT, "derivative() arguments must not be NULL");
        String var = variable.trim();
        List<String> key = List.of(expr, var);
        String cached = CACHE.get(key);
        if (cached != null) return cached;
        String result = compute(expr, var, expander);
        if (CACHE.size() < 10_000) CACHE.put(key, result);
        return result;
    }

    private static String compute(String expr, String var, DerivativeExpander expander) {
        Parser.parseExpression(expr); // reports syntax errors against the expression text itself
        if (!var.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT,
                    "derivative(): the variable must be a plain identifier, got '" + var + "'");
        }
        Set<String> names = new LinkedHashSet<>();
        List<Token> tokens = Lexer.tokenize(expr);
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            boolean call = i + 1 < tokens.size() && tokens.get(i + 1).type() == TokenType.LPAREN;
            boolean qualifiedPart = i + 1 < tokens.size() && tokens.get(i + 1).type() == TokenType.DOT;
            if ((t.type() == TokenType.IDENT || t.type() == TokenType.QUOTED_IDENT) && !call && !qualifiedPart)
                names.add(t.text());
        }
        names.add(var);
        List<String> columns = new ArrayList<>();
        for (String n : names) if (columns.stream().noneMatch(c -> c.equalsIgnoreCase(n))) columns.add(n);
        String prefix = "SELECT (";
        String sql = prefix + expr + "), " + quote(var) + " FROM " + SCRATCH;
        try {
            return differentiate(sql, expr, columns, expander);
        } catch (NablaException e) {
            // positions in the wrapping SELECT, moved back into the expression's own text
            Span sp = e.span();
            boolean inside = sp.isKnown()
                    && sp.startLine() == 1
                    && sp.endLine() == 1
                    && sp.offset() >= prefix.length()
                    && sp.endOffset() <= prefix.length() + expr.length();
            Span inner = inside
                    ? new Span(
                            1,
                            sp.startCol() - prefix.length(),
                            1,
                            sp.endCol() - prefix.length(),
                            sp.offset() - prefix.length(),
                            sp.endOffset() - prefix.length())
                    : Span.NONE;
            throw new NablaException(e.code(), inner, e.getMessage(), e);
        }
    }

    private static String differentiate(String sql, String expr, List<String> columns, DerivativeExpander expander) {
        Binder binder = new Binder(new ScratchCatalog(columns), withText(expander));
        BoundStatement b = binder.bind(Parser.parseStatement(sql));
        if (!binder.freeParameters().isEmpty()) {
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT, "derivative(): parameters are not allowed in the expression");
        }
        if (!(b instanceof BoundStatement.Query q)
                || !(top(q.plan()) instanceof Project p)
                || p.exprs().size() != 2
                || !(p.exprs().get(1) instanceof ColumnRef x)) {
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT, "derivative(): '" + expr + "' is not a scalar expression");
        }
        Expr body = p.exprs().get(0);
        if (!body.type().isNumeric()) {
            throw new NablaException(
                    ErrorCode.GRAD,
                    "derivative(): '" + expr + "' is of type " + body.type().sqlName() + ", not numeric");
        }
        return Autograd.derivativeSql(body, x);
    }

    /** {@code expander} that also folds a {@code derivative('e', 'x')} inside the text. */
    public static DerivativeExpander withText(DerivativeExpander expander) {
        if (expander == null) return null;
        return new DerivativeExpander() {
            @Override
            public Expr expand(dev.nabla.plan.expr.Derivative d, Context context) {
                return expander.expand(d, context);
            }

            @Override
            public String derivativeText(String expr, String variable) {
                return derivative(expr, variable, expander);
            }
        };
    }

    private static LogicalPlan top(LogicalPlan plan) {
        LogicalPlan p = plan;
        while (!(p instanceof Project) && p.inputs().size() == 1) p = p.inputs().get(0);
        return p;
    }

    private static String quote(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** A catalog holding only the scratch table whose DOUBLE columns are the expression's identifiers. */
    private record ScratchCatalog(List<String> columns) implements CatalogReader {
        @Override
        public Optional<TableSource> table(String schema, String name) {
            if (!name.equalsIgnoreCase(SCRATCH)) return Optional.empty();
            List<DataType> types = columns.stream().map(c -> DataType.DOUBLE).toList();
            return Optional.of(new TableSource() {
                @Override
                public String name() {
                    return SCRATCH;
                }

                @Override
                public List<String> columnNames() {
                    return columns;
                }

                @Override
                public List<DataType> columnTypes() {
                    return types;
                }

                @Override
                public long estimatedRows() {
                    return 1;
                }
            });
        }

        @Override
        public Optional<ViewDefinition> view(String schema, String name) {
            return Optional.empty();
        }

        @Override
        public TableSource tableFunction(String name, List<Object> args, Map<String, Object> namedArgs, Span span) {
            throw new NablaException(
                    ErrorCode.UNSUPPORTED, span, "derivative(): table functions are not allowed in the expression");
        }

        @Override
        public Object setting(String name) {
            return null;
        }
    }
}
