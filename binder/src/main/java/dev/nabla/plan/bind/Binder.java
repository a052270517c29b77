package dev.nabla.plan.bind;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.parser.ast.Expression;
import dev.nabla.parser.ast.Ident;
import dev.nabla.parser.ast.IndexColumn;
import dev.nabla.parser.ast.NamedOption;
import dev.nabla.parser.ast.QualifiedName;
import dev.nabla.parser.ast.Query;
import dev.nabla.parser.ast.Statement;
import dev.nabla.parser.ast.TableRef;
import dev.nabla.plan.bound.BoundStatement;
import dev.nabla.plan.bound.CatalogReader;
import dev.nabla.plan.bound.DerivativeExpander;
import dev.nabla.plan.bound.DmlRows;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Exprs;
import dev.nabla.plan.expr.Param;
import dev.nabla.plan.logical.Column;
import dev.nabla.plan.logical.ColumnIds;
import dev.nabla.plan.logical.LogicalPlan;
import dev.nabla.plan.logical.PlanExprs;
import dev.nabla.plan.logical.Project;
import dev.nabla.plan.logical.TableSource;
import dev.nabla.storage.DataType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Binds a parsed statement: resolves names against the catalog, types and converts expressions,
 * plans queries into {@link LogicalPlan}s and expands derivatives through the {@link DerivativeExpander}.
 * This is the statement binder: it dispatches on the statement and binds queries, COPY, SET/SHOW,
 * ATTACH and transaction control itself; {@link DmlBinder} binds INSERT/UPDATE/DELETE/MERGE and
 * {@link DdlBinder} CREATE TABLE/ALTER TABLE/CREATE VIEW, over the same {@link BindState}.
 * One instance binds one statement; afterwards {@link #parameterTypes()} tells what each {@code ?} was typed as.
 */
public final class Binder {
    final BindState state;
    final QueryBinder queries;
    private final ExprBinder exprs;
    private final DmlBinder dml;
    private final DdlBinder ddl;
    private List<DataType> parameterTypes = List.of();
    private java.util.Set<Integer> freeParameters = java.util.Set.of();

    public Binder(CatalogReader catalog, DerivativeExpander expander) {
        this.state = new BindState(catalog, expander);
        this.queries = new QueryBinder(state);
        this.exprs = queries.exprs;
        this.dml = new DmlBinder(this, state, queries);
        this.ddl = new DdlBinder(state, queries);
    }

    /** One-call entry point for the engine. */
    public static BoundStatement bind(Statement stmt, CatalogReader catalog, DerivativeExpander expander) {
        return new Binder(catalog, expander).bind(stmt);
    }

    /** The type of each parameter (index 0 = first {@code ?}); untyped ones are VARCHAR. Valid after {@link #bind(Statement)}. */
    public List<DataType> parameterTypes() {
        return parameterTypes;
    }

    /**
     * Types for parameters whose context does not decide one (a bare {@code SELECT ?}, {@code CASE … THEN ?}):
     * index → type, usually the type of the value a client bound. Call before {@link #bind(Statement)}.
     */
    public Binder hintParameters(Map<Integer, DataType> hints) {
        state.paramHints.clear();
        state.paramHints.putAll(hints);
        return this;
    }

    /**
     * The parameters no context typed (they took their hint, or VARCHAR without one): a client's value
     * decides their type. Valid after {@link #bind(Statement)}.
     */
    /** The CTE copies the last {@link #bind} made, for {@link dev.nabla.plan.optimize.ShareCtes}. */
    public dev.nabla.plan.optimize.ShareCtes.Copies cteCopies() {
        return state.cteCopies;
    }

    public java.util.Set<Integer> freeParameters() {
        return freeParameters;
    }

    /**
     * The free parameters whose only context is a DECIMAL they are compared with or combined with
     * arithmetically: a client's text value there is a number (hint it as the exact DECIMAL it spells).
     * Valid after {@link #bind(Statement)}.
     */
    public java.util.Set<Integer> decimalContextParameters() {
        return java.util.Set.copyOf(state.decimalContextParams);
    }

    /** The smallest column id not used by anything bound so far: later passes may allocate from here. */
    public int nextColumnId() {
        return state.ids.peek();
    }

    /** The bound statement; DML comes out in its final shape ({@link DmlRows}), with column ids from this statement's {@link ColumnIds}. */
    public BoundStatement bind(Statement stmt) {
        return DmlRows.shape(finishParams(statement(stmt)), state.ids);
    }

    private BoundStatement statement(Statement stmt) {
        return switch (stmt) {
            case Statement.QueryStatement q -> query(q.query());
            case Statement.Insert i -> dml.insert(i);
            case Statement.Update u -> dml.update(u);
            case Statement.Delete d -> dml.delete(d);
            case Statement.CreateTable ct -> ddl.createTable(ct);
            case Statement.CreateTableAs ct -> {
                BoundStatement.Query q = query(ct.query());
                yield new BoundStatement.CreateTableAs(
                        schemaOf(ct.name()),
                        ct.name().last().value(),
                        q.plan(),
                        q.columnNames(),
                        ct.ifNotExists(),
                        ct.orReplace());
            }
            case Statement.DropTable d ->
                new BoundStatement.DropTable(
                        d.names().stream().map(Binder::dotted).toList(),
                        d.ifExists(),
                        d.names().stream().map(QualifiedName::span).toList());
            case Statement.CreateView v -> ddl.createView(v);
            case Statement.DropView d ->
                new BoundStatement.DropView(
                        d.names().stream().map(Binder::dotted).toList(),
                        d.ifExists(),
                        d.names().stream().map(QualifiedName::span).toList());
            case Statement.CreateIndex ci -> {
                TableSource t = table(ci.table());
                List<String> cols = new ArrayList<>();
                for (IndexColumn ic : ci.columns())
                    cols.add(
                            columnIndex(t, ic.column(), ci.table().toSql()) >= 0
                                    ? ic.column().value()
                                    : null);
                yield new BoundStatement.CreateIndex(
                        dotted(ci.name()),
                        dotted(ci.table()),
                        cols,
                        ci.unique(),
                        ci.ifNotExists(),
                        ci.name().span(),
                        ci.table().span());
            }
            case Statement.DropIndex d -> {
                if (d.names().size() != 1)
                    throw new NablaException(ErrorCode.UNSUPPORTED, d.span(), "DROP INDEX takes one index name");
                yield new BoundStatement.DropIndex(
                        dotted(d.names().get(0)), d.ifExists(), d.names().get(0).span());
            }
            case Statement.CreateSequence cs ->
                new BoundStatement.SequenceDdl(
                        List.of(dotted(cs.name())),
                        true,
                        cs.ifNotExists(),
                        cs.start(),
                        cs.increment(),
                        cs.min(),
                        cs.max());
            case Statement.DropSequence ds ->
                new BoundStatement.SequenceDdl(
                        ds.names().stream().map(Binder::dotted).toList(), false, ds.ifExists(), null, 1, null, null);
            case Statement.Truncate t -> new BoundStatement.Truncate(table(t.table()));
            case Statement.AlterTable a -> ddl.alterTable(a);
            case Statement.Begin b ->
                new BoundStatement.Begin(b.modes().isolation(), b.modes().readOnly());
            case Statement.SetTransaction s ->
                new BoundStatement.SetTransaction(
                        s.modes().isolation(), s.modes().readOnly(), s.session());
            case Statement.Commit c -> new BoundStatement.Commit();
            case Statement.Rollback r -> new BoundStatement.Rollback();
            case Statement.SetOption s ->
                new BoundStatement.SetOption(dotted(s.name()).toLowerCase(Locale.ROOT), optionValue(s.value()));
            case Statement.Explain e -> {
                BoundStatement inner = statement(e.statement());
                yield new BoundStatement.Explain(inner, e.analyze(), e.grad(), List.of(), state.backwardSql);
            }
            case Statement.ShowTables s -> new BoundStatement.ShowTables();
            case Statement.ShowSetting s ->
                new BoundStatement.ShowSetting(dotted(s.name()).toLowerCase(Locale.ROOT));
            case Statement.Describe d -> new BoundStatement.Describe(describable(d.table()));
            case Statement.DescribeQuery d -> {
                BoundStatement.Query q = query(d.query());
                yield new BoundStatement.Describe(new ViewShape(
                        "query",
                        q.columnNames(),
                        q.plan().output().stream().map(Column::type).toList()));
            }
            // SHOW ALL is a query over the settings' catalog function, so it prints, filters and sorts like one
            case Statement.ShowAll s ->
                query(dev.nabla.parser.Parser.parseQuery(
                        "SELECT name, value, description FROM duckdb_settings() ORDER BY name"));
            // SHOW FUNCTIONS likewise reads duckdb_functions(): the registry's names, kinds, signatures, descriptions
            case Statement.ShowFunctions s ->
                query(dev.nabla.parser.Parser.parseQuery(
                        "SELECT function_name, function_type, signature, description FROM duckdb_functions()"
                                + (s.pattern() == null
                                        ? ""
                                        : " WHERE function_name ILIKE "
                                                + dev.nabla.parser.ast.SqlWriter.string(s.pattern()))
                                + " ORDER BY function_name, function_type"));
            case Statement.Copy c -> copy(c);
            case Statement.Attach a ->
                new BoundStatement.Attach(
                        a.file(),
                        a.alias() == null
                                ? defaultAttachName(a.file())
                                : a.alias().value(),
                        options(a.options()));
            case Statement.Detach d -> new BoundStatement.Detach(d.name().value());
            // the session runs USE itself (it changes which database a statement goes to), before binding
            case Statement.Use u ->
                throw new NablaException(
                        ErrorCode.UNSUPPORTED, u.span(), "USE cannot be prepared or explained; run it on its own");
            case Statement.Checkpoint c -> new BoundStatement.Checkpoint();
            case Statement.ExportDatabase e -> new BoundStatement.ExportDatabase(e.directory(), options(e.options()));
            case Statement.ImportDatabase i -> new BoundStatement.ImportDatabase(i.directory());
            case Statement.Merge m -> dml.merge(m);
            case Statement.Savepoint s -> new BoundStatement.Savepoint(savepointName(s.name()));
            case Statement.RollbackToSavepoint r -> new BoundStatement.RollbackToSavepoint(savepointName(r.name()));
            case Statement.ReleaseSavepoint r -> new BoundStatement.ReleaseSavepoint(savepointName(r.name()));
        };
    }

    /** PostgreSQL folds unquoted names to lower case; quoted ones are kept as written. */
    private static String savepointName(Ident name) {
        return name.quoted() ? name.value() : name.lower();
    }

    // ---------------------------------------------------------------- queries

    private BoundStatement.Query query(Query q) {
        Rel r = queries.topLevel(q);
        return new BoundStatement.Query(
                r.plan(), r.plan().output().stream().map(Column::name).toList());
    }

    // ---------------------------------------------------------------- DML (DmlBinder), helpers it shares

    /** Whether a FROM item makes {@code name} visible as a table name (it would clash with the UPDATE target). */
    static boolean exposes(TableRef ref, String name) {
        return switch (ref) {
            case TableRef.NamedTable n ->
                (n.alias() != null ? n.alias() : n.name().last()).matches(name);
            case TableRef.DerivedTable d -> d.alias() != null && d.alias().matches(name);
            case TableRef.TableFunction f -> f.alias() != null && f.alias().matches(name);
            case TableRef.ValuesTable v -> v.alias() != null && v.alias().matches(name);
            case TableRef.PathTable p ->
                (p.alias() != null ? p.alias().value() : QueryBinder.pathTableName(p.path())).equalsIgnoreCase(name);
            case TableRef.Gradient g ->
                (g.alias() != null ? g.alias() : g.relation().last()).matches(name);
            case TableRef.Join j -> exposes(j.left(), name) || exposes(j.right(), name);
            case TableRef.SampledTable st -> exposes(st.table(), name);
        };
    }

    // ---------------------------------------------------------------- COPY, SET, ATTACH

    private BoundStatement copy(Statement.Copy c) {
        Map<String, Object> opts = options(c.options());
        if (c.direction() == Statement.CopyDirection.FROM) {
            TableSource t = table(c.table());
            List<Integer> targets = new ArrayList<>();
            if (c.columns().isEmpty()) for (int i = 0; i < t.columnNames().size(); i++) targets.add(i);
            else
                for (Ident id : c.columns())
                    targets.add(columnIndex(t, id, c.table().toSql()));
            return new BoundStatement.CopyFrom(t, targets, c.file(), opts);
        }
        if (c.query() != null) {
            BoundStatement.Query q = query(c.query());
            return new BoundStatement.CopyTo(q.plan(), q.columnNames(), c.file(), opts);
        }
        TableSource t = table(c.table());
        Rel r = queries.scan(t, c.table().last().value(), null);
        LogicalPlan plan = r.plan();
        List<String> names = new ArrayList<>(t.columnNames());
        if (!c.columns().isEmpty()) {
            List<Expr> es = new ArrayList<>();
            List<Column> cols = new ArrayList<>();
            names = new ArrayList<>();
            for (Ident id : c.columns()) {
                Column col = plan.output().get(columnIndex(t, id, c.table().toSql()));
                es.add(col.ref());
                cols.add(col);
                names.add(col.name());
            }
            plan = new Project(plan, es, cols);
        }
        return new BoundStatement.CopyTo(plan, names, c.file(), opts);
    }

    private Map<String, Object> options(List<NamedOption> opts) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (NamedOption o : opts) {
            String key = o.name().value().toLowerCase(Locale.ROOT);
            Object v = o.value() == null ? Boolean.TRUE : optionValue(o.value());
            out.put(key, v);
        }
        return out;
    }

    /** A constant option value: literals folded; a bare word is its text. */
    private Object optionValue(Expression e) {
        if (e instanceof Expression.Identifier id)
            return String.join(".", id.name().parts().stream().map(Ident::value).toList());
        // a parenthesised list (FORCE_NOT_NULL ('a', 'b')): its values in order
        if (e instanceof Expression.ArrayLiteral list) {
            List<Object> values = new ArrayList<>();
            for (Expression x : list.elements()) values.add(optionValue(x));
            return values;
        }
        return exprs.constantValue(e, CteEnv.EMPTY, "SET", "value");
    }

    private static String defaultAttachName(String file) {
        String base = file.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1);
        int dot = base.indexOf('.');
        return dot > 0 ? base.substring(0, dot) : base;
    }

    // ---------------------------------------------------------------- helpers

    TableSource table(QualifiedName name) {
        String schema = schemaOf(name);
        return state.catalog
                .table(schema, name.last().value())
                .orElseThrow(() -> new NablaException(
                        ErrorCode.UNKNOWN_TABLE,
                        name.span(),
                        "unknown table \"" + name.toSql() + "\""
                                + Suggest.didYouMean(name.last().value(), state.catalog.tableNames(schema))));
    }

    /** A table, or a view described by the columns its query produces. */
    private TableSource describable(QualifiedName name) {
        var table = state.catalog.table(schemaOf(name), name.last().value());
        if (table.isPresent()) return table.get();
        var view = state.catalog.view(schemaOf(name), name.last().value());
        if (view.isEmpty()) return table(name);
        Rel r = queries.topLevel(view.get().query());
        List<Column> out = r.plan().output();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < out.size(); i++) {
            names.add(
                    i < view.get().columnNames().size()
                            ? view.get().columnNames().get(i)
                            : out.get(i).name());
        }
        return new ViewShape(
                view.get().name(), names, out.stream().map(Column::type).toList());
    }

    /** The shape of a view, for DESCRIBE. */
    public record ViewShape(String name, List<String> columnNames, List<DataType> columnTypes) implements TableSource {
        public ViewShape {
            columnNames = List.copyOf(columnNames);
            columnTypes = List.copyOf(columnTypes);
        }

        @Override
        public long estimatedRows() {
            return -1;
        }
    }

    static int columnIndex(TableSource t, Ident col, String table) {
        List<String> names = t.columnNames();
        for (int i = 0; i < names.size(); i++) if (names.get(i).equalsIgnoreCase(col.value())) return i;
        throw new NablaException(
                ErrorCode.UNKNOWN_COLUMN,
                col.span(),
                "unknown column \"" + col.value() + "\" in table " + table + Suggest.didYouMean(col.value(), names));
    }

    static String schemaOf(QualifiedName n) {
        return n.size() >= 2 ? n.parts().get(n.size() - 2).value() : null;
    }

    static String dotted(QualifiedName n) {
        return ExprBinder.dotted(n.parts());
    }

    /** Gives every still-untyped parameter VARCHAR and records all parameter types. */
    private BoundStatement finishParams(BoundStatement b) {
        if (state.paramTypes.isEmpty()) return b;
        DataType[] types = new DataType[state.paramTypes.lastKey() + 1];
        // free: typed by nothing but the last-resort VARCHAR (or by the hint that stands in for it)
        java.util.Set<Integer> typedByContext = new HashSet<>();
        java.util.function.UnaryOperator<Expr> fix = e -> {
            if (e instanceof Param p) {
                if (p.type() != DataType.NULL
                        && p.type() != state.paramHints.get(p.index())
                        && !state.decimalContextParams.contains(p.index())
                        && !(p.type() == DataType.VARCHAR && state.defaultedParams.contains(p.index()))) {
                    typedByContext.add(p.index());
                }
                DataType t = p.type() == DataType.NULL ? DataType.VARCHAR : p.type();
                if (p.index() < types.length && (types[p.index()] == null || types[p.index()] == DataType.VARCHAR))
                    types[p.index()] = t;
                return t.equals(p.type()) ? p : new Param(p.index(), t, p.span());
            }
            return e;
        };
        BoundStatement out = rewrite(b, fix);
        java.util.Set<Integer> free = new java.util.TreeSet<>();
        for (int i : state.paramTypes.keySet()) if (!typedByContext.contains(i)) free.add(i);
        freeParameters = java.util.Set.copyOf(free);
        List<DataType> list = new ArrayList<>();
        for (DataType t : types) list.add(t == null ? DataType.VARCHAR : t);
        parameterTypes = List.copyOf(list);
        return out;
    }

    private static BoundStatement rewrite(BoundStatement b, java.util.function.UnaryOperator<Expr> f) {
        return b.mapPlans(p -> PlanExprs.mapDeep(p, f), e -> deep(e, f));
    }

    private static Expr deep(Expr e, java.util.function.UnaryOperator<Expr> f) {
        return Exprs.transformUp(
                e,
                x -> f.apply(
                        x instanceof dev.nabla.plan.expr.SubqueryExpr s
                                ? s.withPlan(PlanExprs.mapDeep(s.plan(), f))
                                : x));
    }
}
