package dev.nabla.plan.bound;

import dev.nabla.common.Span;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.logical.Column;
import dev.nabla.plan.logical.LogicalPlan;
import dev.nabla.plan.logical.TableSource;
import dev.nabla.storage.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A statement after binding: what the engine executes. Queries and DML carry logical plans; DDL and
 * session statements carry resolved names. Targets are the catalog's {@link TableSource}s.
 */
public sealed interface BoundStatement {
    /**
     * This statement with {@code plans} applied to every logical plan it holds and {@code exprs} to every
     * expression it evaluates outside a plan (RETURNING, UPDATE's SET values, MERGE clauses, ON CONFLICT).
     * The one place that knows where a statement keeps its plans: an exhaustive switch (no default), so a
     * new kind of statement has to say what it holds. DDL definitions (column defaults, CHECK conditions)
     * are stored, not evaluated by the statement, and are left alone.
     */
    default BoundStatement mapPlans(UnaryOperator<LogicalPlan> plans, UnaryOperator<Expr> exprs) {
        return switch (this) {
            case Query q -> new Query(plans.apply(q.plan()), q.columnNames());
            case Insert i ->
                new Insert(
                        i.target(),
                        i.targetColumns(),
                        plans.apply(i.source()),
                        i.orReplace(),
                        Returning.map(i.returning(), exprs),
                        i.onConflict() == null ? null : i.onConflict().withExprs(exprs));
            case Update u ->
                new Update(
                        u.target(),
                        plans.apply(u.rows()),
                        u.rowId(),
                        u.targetColumns(),
                        u.values().stream().map(exprs).toList(),
                        Returning.map(u.returning(), exprs));
            case Delete d ->
                new Delete(d.target(), plans.apply(d.rows()), d.rowId(), Returning.map(d.returning(), exprs));
            case Merge m ->
                new Merge(
                        m.target(),
                        plans.apply(m.rows()),
                        m.rowId(),
                        m.targetRow(),
                        m.clauses().stream().map(c -> c.withExprs(exprs)).toList());
            case CreateTableAs c ->
                new CreateTableAs(
                        c.schema(), c.name(), plans.apply(c.source()), c.columnNames(), c.ifNotExists(), c.orReplace());
            case CopyTo c -> new CopyTo(plans.apply(c.source()), c.columnNames(), c.path(), c.options());
            case Explain e ->
                new Explain(e.inner().mapPlans(plans, exprs), e.analyze(), e.grad(), e.gradReports(), e.backwardSql());
            case CopyFrom c -> c;
            case CreateTable c -> c;
            case DropTable d -> d;
            case CreateView c -> c;
            case DropView d -> d;
            case CreateIndex c -> c;
            case DropIndex d -> d;
            case SequenceDdl s -> s;
            case Truncate t -> t;
            case AlterTable a -> a;
            case Begin b -> b;
            case SetTransaction s -> s;
            case Commit c -> c;
            case Rollback r -> r;
            case Savepoint s -> s;
            case RollbackToSavepoint r -> r;
            case ReleaseSavepoint r -> r;
            case SetOption s -> s;
            case ShowTables s -> s;
            case ShowSetting s -> s;
            case Describe d -> d;
            case Attach a -> a;
            case Detach d -> d;
            case Checkpoint c -> c;
            case ExportDatabase e -> e;
            case ImportDatabase i -> i;
        };
    }

    private static List<Span> spansFor(List<String> names, List<Span> spans) {
        if (spans == null) return java.util.Collections.nCopies(names.size(), Span.NONE);
        if (spans.size() != names.size()) throw new IllegalArgumentException("one span per name");
        return List.copyOf(spans);
    }

    /** The logical plans this statement holds, in {@link #mapPlans} order (an EXPLAIN's: its inner statement's). */
    default List<LogicalPlan> plans() {
        List<LogicalPlan> out = new ArrayList<>();
        mapPlans(
                p -> {
                    out.add(p);
                    return p;
                },
                e -> e);
        return out;
    }

    /** A query; {@code columnNames} are the result's visible names (plan output may differ in ids only). */
    record Query(LogicalPlan plan, List<String> columnNames) implements BoundStatement {}

    /**
     * {@code source}'s output column i goes to target column {@code targetColumns.get(i)}; others get DEFAULT/NULL.
     * {@code returning} is null without a RETURNING clause.
     */
    record Insert(
            TableSource target,
            List<Integer> targetColumns,
            LogicalPlan source,
            boolean orReplace,
            Returning returning,
            OnConflict onConflict)
            implements BoundStatement {
        public Insert(
                TableSource target,
                List<Integer> targetColumns,
                LogicalPlan source,
                boolean orReplace,
                Returning returning) {
            this(target, targetColumns, source, orReplace, returning, null);
        }
    }

    /**
     * {@code ON CONFLICT [(target)] DO NOTHING | DO UPDATE SET … [WHERE …]}. {@code target} holds the
     * conflict columns (table column indexes; empty: any key, DO NOTHING only). {@code setValues} (already
     * converted to the column types) and {@code where} read {@code existing} (the stored row, one column
     * per table column) and {@code excluded} (the row proposed for insertion); {@code setColumns} is empty
     * for DO NOTHING, and {@code where} may be null.
     */
    record OnConflict(
            List<Integer> target,
            List<Column> existing,
            List<Column> excluded,
            List<Integer> setColumns,
            List<Expr> setValues,
            Expr where) {
        public OnConflict {
            target = List.copyOf(target);
            existing = List.copyOf(existing);
            excluded = List.copyOf(excluded);
            setColumns = List.copyOf(setColumns);
            setValues = List.copyOf(setValues);
        }

        public boolean doNothing() {
            return setColumns.isEmpty();
        }

        public OnConflict withExprs(java.util.function.UnaryOperator<Expr> f) {
            return new OnConflict(
                    target,
                    existing,
                    excluded,
                    setColumns,
                    setValues.stream().map(f).toList(),
                    where == null ? null : f.apply(where));
        }
    }

    /**
     * {@code rows} yields the rows to change (a Scan with a row-id column, filtered, joined with the FROM tables
     * and cut to one row per target row for UPDATE ... FROM); for each, target column
     * {@code targetColumns.get(i)} becomes {@code values.get(i)} evaluated over that row.
     */
    record Update(
            TableSource target,
            LogicalPlan rows,
            Column rowId,
            List<Integer> targetColumns,
            List<Expr> values,
            Returning returning)
            implements BoundStatement {}

    record Delete(TableSource target, LogicalPlan rows, Column rowId, Returning returning) implements BoundStatement {}

    /**
     * MERGE. {@code rows}: every source row joined (LEFT) with the target rows it matches; {@code rowId}
     * is the target row's id, NULL when the source row matched none; {@code targetRow} the target's
     * columns in table order (NULL then too). The engine's planner replaces {@code rows} by a plan that
     * also computes each clause's condition and new row.
     */
    record Merge(TableSource target, LogicalPlan rows, Column rowId, List<Column> targetRow, List<MergeClause> clauses)
            implements BoundStatement {
        public Merge {
            targetRow = List.copyOf(targetRow);
            clauses = List.copyOf(clauses);
        }
    }

    enum MergeAction {
        UPDATE,
        DELETE,
        INSERT,
        NOTHING
    }

    /**
     * One {@code WHEN [NOT] MATCHED [AND condition] THEN action}; {@code condition} is null when absent.
     * UPDATE sets {@code targetColumns} to {@code values}; INSERT gives them (the others take their
     * DEFAULT or NULL).
     */
    record MergeClause(
            boolean matched, Expr condition, MergeAction action, List<Integer> targetColumns, List<Expr> values) {
        public MergeClause {
            targetColumns = List.copyOf(targetColumns);
            values = List.copyOf(values);
        }

        public MergeClause withExprs(UnaryOperator<Expr> f) {
            return new MergeClause(
                    matched,
                    condition == null ? null : f.apply(condition),
                    action,
                    targetColumns,
                    values.stream().map(f).toList());
        }
    }

    /**
     * A RETURNING clause: one result column per expression. The expressions refer to {@code row}, the target
     * table's columns in table order, meaning the row as stored after the statement (the deleted row for
     * DELETE); for UPDATE ... FROM they may also refer to the FROM columns of the statement's rows plan.
     */
    record Returning(List<Column> row, List<Expr> exprs, List<String> names) {
        public Returning {
            row = List.copyOf(row);
            exprs = List.copyOf(exprs);
            names = List.copyOf(names);
            if (exprs.size() != names.size()) throw new IllegalArgumentException("RETURNING names/exprs arity");
        }

        public List<DataType> types() {
            return exprs.stream().map(Expr::type).toList();
        }

        public Returning withExprs(List<Expr> newExprs) {
            return new Returning(row, newExprs, names);
        }

        /** {@code r} with {@code f} applied to each expression; null stays null. */
        static Returning map(Returning r, UnaryOperator<Expr> f) {
            return r == null ? null : r.withExprs(r.exprs().stream().map(f).toList());
        }
    }

    /**
     * A column of CREATE TABLE. {@code identity}, for an identity or SERIAL column, is the sequence its default
     * ({@code nextval('<sequence>')}) draws from, which the engine creates with the table.
     */
    record ColumnSpec(
            String name,
            DataType type,
            boolean notNull,
            boolean primaryKey,
            Expr defaultValue,
            IdentitySpec identity,
            dev.nabla.storage.ColumnLimit limit) {
        public ColumnSpec(String name, DataType type, boolean notNull, boolean primaryKey, Expr defaultValue) {
            this(name, type, notNull, primaryKey, defaultValue, null, null);
        }
    }

    /** The sequence of an identity column: its name, first value (null: 1) and step; ALWAYS or BY DEFAULT. */
    record IdentitySpec(String sequence, Long start, long increment, boolean always) {}

    /**
     * CREATE SEQUENCE ({@code create}, {@code ifFlag} = IF NOT EXISTS) or DROP SEQUENCE ({@code ifFlag} = IF EXISTS).
     * {@code start}, {@code min}, {@code max} null where not given.
     */
    record SequenceDdl(
            List<String> names, boolean create, boolean ifFlag, Long start, long increment, Long min, Long max)
            implements BoundStatement {}

    /**
     * {@code row} has one column per table column (in order); CHECK conditions refer to them. A check's
     * condition is deterministic and reads only the row (no subqueries, aggregates or other tables).
     */
    record CreateTable(
            String schema,
            String name,
            List<ColumnSpec> columns,
            List<String> primaryKey,
            boolean ifNotExists,
            List<Column> row,
            List<CheckSpec> checks,
            List<UniqueSpec> uniques,
            List<ForeignKeySpec> foreignKeys,
            boolean orReplace)
            implements BoundStatement {
        public CreateTable {
            row = List.copyOf(row);
            checks = List.copyOf(checks);
            uniques = List.copyOf(uniques);
            foreignKeys = List.copyOf(foreignKeys);
        }

        public CreateTable(
                String schema, String name, List<ColumnSpec> columns, List<String> primaryKey, boolean ifNotExists) {
            this(schema, name, columns, primaryKey, ifNotExists, List.of(), List.of(), List.of(), List.of(), false);
        }
    }

    /**
     * A named FOREIGN KEY: {@code columns} of the new table reference {@code parentColumns} of table
     * {@code parent} (empty: the parent's primary key). Only NO ACTION / RESTRICT behaviour exists.
     */
    record ForeignKeySpec(String name, List<String> columns, String parent, List<String> parentColumns) {
        public ForeignKeySpec {
            columns = List.copyOf(columns);
            parentColumns = List.copyOf(parentColumns);
        }
    }

    /** A named CHECK constraint: a row fails when {@code condition} is FALSE (NULL passes). */
    record CheckSpec(String name, Expr condition) {}

    /** A named UNIQUE constraint over columns (in key order). */
    record UniqueSpec(String name, List<String> columns) {
        public UniqueSpec {
            columns = List.copyOf(columns);
        }
    }

    /** {@code orReplace}: an existing table of that name is dropped first (CREATE OR REPLACE TABLE … AS). */
    record CreateTableAs(
            String schema,
            String name,
            LogicalPlan source,
            List<String> columnNames,
            boolean ifNotExists,
            boolean orReplace)
            implements BoundStatement {}

    /** {@code spans}: where each name was written, parallel to {@code names} (errors about a name point there). */
    record DropTable(List<String> names, boolean ifExists, List<Span> spans) implements BoundStatement {
        public DropTable {
            spans = spansFor(names, spans);
        }

        public DropTable(List<String> names, boolean ifExists) {
            this(names, ifExists, null);
        }
    }

    /**
     * {@code checked}: the query bound once to validate it (its own column ids), which the Differentiate
     * stage expands to report derivative errors at CREATE time; null after that stage. The view stores
     * {@code sql} and is bound again where it is read.
     */
    record CreateView(
            String name,
            List<String> columnNames,
            dev.nabla.parser.ast.Query query,
            String sql,
            boolean orReplace,
            boolean ifNotExists,
            LogicalPlan checked)
            implements BoundStatement {}

    /** {@code spans}: where each name was written, parallel to {@code names}. */
    record DropView(List<String> names, boolean ifExists, List<Span> spans) implements BoundStatement {
        public DropView {
            spans = spansFor(names, spans);
        }

        public DropView(List<String> names, boolean ifExists) {
            this(names, ifExists, null);
        }
    }

    /** {@code nameSpan}, {@code tableSpan}: where the index and the table were named. */
    record CreateIndex(
            String name,
            String table,
            List<String> columns,
            boolean unique,
            boolean ifNotExists,
            Span nameSpan,
            Span tableSpan)
            implements BoundStatement {
        public CreateIndex(String name, String table, List<String> columns, boolean unique, boolean ifNotExists) {
            this(name, table, columns, unique, ifNotExists, Span.NONE, Span.NONE);
        }
    }

    record DropIndex(String name, boolean ifExists, Span span) implements BoundStatement {
        public DropIndex(String name, boolean ifExists) {
            this(name, ifExists, Span.NONE);
        }
    }

    record Truncate(TableSource target) implements BoundStatement {}

    /**
     * ALTER TABLE by name: the engine looks the table up in the catalog state the statement runs
     * against (IF EXISTS makes a missing one a no-op). Exactly one of the actions.
     */
    record AlterTable(String table, boolean ifExists, AlterAction action, Span tableSpan, Span span)
            implements BoundStatement {
        public AlterTable(String table, boolean ifExists, AlterAction action) {
            this(table, ifExists, action, Span.NONE, Span.NONE);
        }
    }

    sealed interface AlterAction {
        record AddColumn(ColumnSpec column, boolean ifNotExists) implements AlterAction {}

        record DropColumn(String column, boolean ifExists) implements AlterAction {}

        record RenameColumn(String from, String to) implements AlterAction {}

        record RenameTable(String to) implements AlterAction {}
    }

    /** BEGIN, COMMIT, ROLLBACK and savepoints: the session runs them itself, before any lock or plan. */
    sealed interface TransactionControl extends BoundStatement {}

    /**
     * BEGIN with its modes: the isolation level as PostgreSQL spells it (lower case) and READ ONLY (true) or READ
     * WRITE (false); null where not given (the session's defaults apply).
     */
    record Begin(String isolation, Boolean readOnly) implements TransactionControl {
        public Begin() {
            this(null, null);
        }
    }

    /** SET TRANSACTION modes, or with {@code session} SET SESSION CHARACTERISTICS AS TRANSACTION modes. */
    record SetTransaction(String isolation, Boolean readOnly, boolean session) implements TransactionControl {}

    record Commit() implements TransactionControl {}

    record Rollback() implements TransactionControl {}

    /** SAVEPOINT name; names are compared as the catalog compares names (unquoted: case-insensitively). */
    record Savepoint(String name) implements TransactionControl {}

    record RollbackToSavepoint(String name) implements TransactionControl {}

    record ReleaseSavepoint(String name) implements TransactionControl {}

    /** SET name = value (value constant-folded: Long, Double, String, Boolean). */
    record SetOption(String name, Object value) implements BoundStatement {}

    /**
     * EXPLAIN [ANALYZE] [GRAD] inner. {@code gradReports} lists every grad/jvp/vjp expansion made while
     * binding {@code inner} (what EXPLAIN GRAD shows); {@code backwardSql} the SQL text of each
     * {@code GRADIENT(...)} backward plan bound in it (printed after the plan).
     */
    record Explain(
            BoundStatement inner, boolean analyze, boolean grad, List<GradReport> gradReports, List<String> backwardSql)
            implements BoundStatement {
        public Explain {
            gradReports = gradReports == null ? List.of() : List.copyOf(gradReports);
            backwardSql = backwardSql == null ? List.of() : List.copyOf(backwardSql);
        }

        public Explain(BoundStatement inner, boolean analyze, boolean grad, List<GradReport> gradReports) {
            this(inner, analyze, grad, gradReports, List.of());
        }

        public Explain(BoundStatement inner, boolean analyze, boolean grad) {
            this(inner, analyze, grad, List.of(), List.of());
        }
    }

    /** One derivative expansion: its SQL, the expanded expression's SQL, DAG node counts before/after simplification. */
    record GradReport(Expr derivative, Expr result, int nodesBeforeSimplify, int nodesAfterSimplify) {}

    record ShowTables() implements BoundStatement {}

    /** {@code SHOW name}: the setting's name, lower-cased and dotted. */
    record ShowSetting(String name) implements BoundStatement {}

    record Describe(TableSource target) implements BoundStatement {}

    /** COPY target FROM 'path' (options). */
    record CopyFrom(TableSource target, List<Integer> targetColumns, String path, java.util.Map<String, Object> options)
            implements BoundStatement {}

    /** COPY (query) TO 'path' (options), or COPY table TO. */
    record CopyTo(LogicalPlan source, List<String> columnNames, String path, java.util.Map<String, Object> options)
            implements BoundStatement {}

    /** ATTACH 'path' AS name (TYPE netcdf). */
    record Attach(String path, String name, java.util.Map<String, Object> options) implements BoundStatement {}

    record Detach(String name) implements BoundStatement {}

    /** CHECKPOINT: the database file's log into a new checkpoint; nothing in memory. */
    record Checkpoint() implements BoundStatement {}

    /** EXPORT DATABASE 'dir' (options): run by the session, as a series of COPY TO statements. */
    record ExportDatabase(String directory, java.util.Map<String, Object> options) implements BoundStatement {}

    /** IMPORT DATABASE 'dir': run by the session, as the statements of the directory's two scripts. */
    record ImportDatabase(String directory) implements BoundStatement {}
}
