package dev.nabla.parser.ast;

import dev.nabla.common.Span;
import java.util.List;
import java.util.Objects;

/** One SQL statement. */
public sealed interface Statement extends Node {

    record QueryStatement(Query query, Span span) implements Statement {
        public QueryStatement {
            Objects.requireNonNull(query, "query");
            span = SqlWriter.orNone(span);
        }

        @Override
        public String toSql() {
            return query.toSql();
        }
    }

    /** What INSERT does when a row conflicts with a key: SQLite's {@code INSERT OR ...}; {@code REPLACE INTO} is REPLACE. */
    enum Conflict {
        ABORT,
        REPLACE,
        IGNORE,
        FAIL,
        ROLLBACK
    }

    /**
     * {@code INSERT [OR conflict] INTO table [(cols)] [OVERRIDING SYSTEM|USER VALUE] source}. {@code source} is a
     * query (its body a {@link QueryBody.ValuesBody} for VALUES), or null for {@code DEFAULT VALUES};
     * {@code overridingSystemValue} lets it give GENERATED ALWAYS identity columns their values, and
     * {@code overridingUserValue} ignores the values it gives identity columns, which take their defaults (PostgreSQL).
     */
    record Insert(
            QualifiedName table,
            List<Ident> columns,
            Query source,
            Conflict conflict,
            OnConflict onConflict,
            List<SelectItem> returning,
            Span span,
            boolean overridingSystemValue,
            boolean overridingUserValue)
            implements Statement {
        public Insert {
            Objects.requireNonNull(table, "table");
            columns = List.copyOf(columns);
            Objects.requireNonNull(conflict, "conflict");
            returning = List.copyOf(returning);
            span = SqlWriter.orNone(span);
        }

        public Insert(
                QualifiedName table,
                List<Ident> columns,
                Query source,
                Conflict conflict,
                OnConflict onConflict,
                List<SelectItem> returning,
                Span span) {
            this(table, columns, source, conflict, onConflict, returning, span, false, false);
        }

        public Insert(
                QualifiedName table,
                List<Ident> columns,
                Query source,
                Conflict conflict,
                List<SelectItem> returning,
                Span span) {
            this(table, columns, source, conflict, null, returning, span);
        }

        public Insert(QualifiedName table, List<Ident> columns, Query source, Conflict conflict, Span span) {
            this(table, columns, source, conflict, null, List.of(), span);
        }

        public boolean orReplace() {
            return conflict == Conflict.REPLACE;
        }

        @Override
        public String toSql() {
            String head = conflict == Conflict.ABORT ? "INSERT INTO " : "INSERT OR " + conflict + " INTO ";
            return head
                    + table.toSql()
                    + SqlWriter.columnList(columns)
                    + (overridingSystemValue ? " OVERRIDING SYSTEM VALUE" : "")
                    + (overridingUserValue ? " OVERRIDING USER VALUE" : "")
                    + (source == null ? " DEFAULT VALUES" : " " + source.toSql())
                    + (onConflict == null ? "" : " " + onConflict.toSql())
                    + returningSql(returning);
        }
    }

    /**
     * PostgreSQL's {@code ON CONFLICT [(target)] DO NOTHING | DO UPDATE SET … [WHERE …]}: {@code set} is
     * empty for DO NOTHING; {@code where} may be null.
     */
    record OnConflict(List<Ident> target, List<Assignment> set, Expression where, Span span) implements Node {
        public OnConflict {
            target = List.copyOf(target);
            set = List.copyOf(set);
            span = SqlWriter.orNone(span);
        }

        public boolean doNothing() {
            return set.isEmpty();
        }

        @Override
        public String toSql() {
            String head = "ON CONFLICT" + SqlWriter.columnList(target);
            if (doNothing()) return head + " DO NOTHING";
            return head + " DO UPDATE SET " + SqlWriter.join(set) + (where == null ? "" : " WHERE " + where.toSql());
        }
    }

    /** {@code " RETURNING a, b"}, or empty when there is no RETURNING clause. */
    private static String returningSql(List<SelectItem> returning) {
        return returning.isEmpty() ? "" : " RETURNING " + SqlWriter.join(returning);
    }

    /** {@code UPDATE table [AS alias] SET a = x, ... [FROM refs] [WHERE cond] [RETURNING items]}. */
    record Update(
            QualifiedName table,
            Ident alias,
            List<Assignment> assignments,
            List<TableRef> from,
            Expression where,
            List<SelectItem> returning,
            Span span)
            implements Statement {
        public Update {
            Objects.requireNonNull(table, "table");
            assignments = List.copyOf(assignments);
            if (assignments.isEmpty()) throw new IllegalArgumentException("UPDATE without SET");
            from = List.copyOf(from);
            returning = List.copyOf(returning);
            span = SqlWriter.orNone(span);
        }

        public Update(
                QualifiedName table,
                Ident alias,
                List<Assignment> assignments,
                List<TableRef> from,
                Expression where,
                Span span) {
            this(table, alias, assignments, from, where, List.of(), span);
        }

        @Override
        public String toSql() {
            StringBuilder sb = new StringBuilder("UPDATE ").append(table.toSql());
            if (alias != null) sb.append(" AS ").append(alias.toSql());
            sb.append(" SET ").append(SqlWriter.join(assignments));
            if (!from.isEmpty()) sb.append(" FROM ").append(SqlWriter.join(from));
            if (where != null) sb.append(" WHERE ").append(where.toSql());
            return sb.append(returningSql(returning)).toString();
        }
    }

    /** {@code DELETE FROM table [AS alias] [WHERE cond] [RETURNING items]}. */
    record Delete(QualifiedName table, Ident alias, Expression where, List<SelectItem> returning, Span span)
            implements Statement {
        public Delete {
            Objects.requireNonNull(table, "table");
            returning = List.copyOf(returning);
            span = SqlWriter.orNone(span);
        }

        public Delete(QualifiedName table, Ident alias, Expression where, Span span) {
            this(table, alias, where, List.of(), span);
        }

        @Override
        public String toSql() {
            return "DELETE FROM " + table.toSql() + (alias == null ? "" : " AS " + alias.toSql())
                    + (where == null ? "" : " WHERE " + where.toSql()) + returningSql(returning);
        }
    }

    /** {@code CREATE [OR REPLACE] [TEMP] TABLE [IF NOT EXISTS] name (columns, constraints)}. */
    record CreateTable(
            QualifiedName name,
            boolean ifNotExists,
            boolean temporary,
            List<ColumnDef> columns,
            List<TableConstraint> constraints,
            boolean orReplace,
            Span span)
            implements Statement {
        public CreateTable {
            Objects.requireNonNull(name, "name");
            columns = List.copyOf(columns);
            constraints = List.copyOf(constraints);
            span = SqlWriter.orNone(span);
        }

        @Override
        public String toSql() {
            StringBuilder sb = new StringBuilder(orReplace ? "CREATE OR REPLACE " : "CREATE ")
                    .append(temporary ? "TEMPORARY TABLE " : "TABLE ");
            if (ifNotExists) sb.append("IF NOT EXISTS ");
            sb.append(name.toSql()).append(" (").append(SqlWriter.join(columns));
            for (TableConstraint c : constraints) sb.append(", ").append(c.toSql());
            return sb.append(')').toString();
        }
    }

    /** {@code CREATE [OR REPLACE] [TEMP] TABLE [IF NOT EXISTS] name AS query}. */
    record CreateTableAs(
            QualifiedName name, boolean ifNotExists, boolean temporary, Query query, boolean orReplace, Span span)
            implements Statement {
        public CreateTableAs {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(query, "query");
            span = SqlWriter.orNone(span);
        }

        @Override
        public String toSql() {
            return (orReplace ? "CREATE OR REPLACE " : "CREATE ") + (temporary ? "TEMPORARY TABLE " : "TABLE ")
                    + (ifNotExists ? "IF NOT EXISTS " : "") + name.toSql() + " AS " + query.toSql();
        }
    }

    record DropTable(boolean ifExists, List<QualifiedName> names, Span span) implements Statement {
        public DropTable {
            names = List.copyOf(names);
            span = SqlWriter.orNone(span);
        }

        @Override
        public String toSql() {
            return "DROP TABLE " + (ifExists ? "IF EXISTS " : "") + SqlWriter.join(names);
        }
    }

    /**
     * {@code CREATE [OR REPLACE] [TEMP] VIEW [IF NOT EXISTS] name [(cols)] AS query}. {@code queryText}
     * is the query exactly as written (for catalogs that show view definitions); it is not part of
     * equality, so a view re-parsed from {@link #toSql()} equals the original.
     */
    record CreateView(
            QualifiedName name,
            List<Ident> columns,
            Query query,
            String queryText,
            boolean ifNotExists,
            boolean orReplace,
            boolean temporary,
            Span span)
            implements Statement {
        public CreateView {
            Objects.requireNonNull(name, "name");
            columns = List.copyOf(columns);
            Objects.requireNonNull(query, "query");
            queryText = queryText == null ? query.toSql() : queryText;
            span = SqlWriter.orNone(span);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof CreateView v
                    && name.equals(v.name)
                    && columns.equals(v.columns)
                    && query.equals(v.query)
                    && ifNotExists == v.ifNotExists
                    && orReplace == v.orReplace
                    && temporary == v.temporary;
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, columns, query, ifNotExists, orReplace, temporary);
        }

        @Override
        public String toSql() {
            return "CREATE " + (orReplace ? "OR REPLACE " : "") + (temporary ? "TEMPORARY " : "") + "VIEW "
                    + (ifNotExists ? "IF NOT EXISTS " : "") + name.toSql() + SqlWriter.columnList(columns) + " AS "
                    + query.toSql();
        }
    }

    record DropView(boolean ifExists, List<QualifiedName> names, Span span) implements Statement {
        public DropView {
            names = List.copyOf(names);
            span = SqlWriter.orNone(span);
        }

        @Override
        public String toSql() {
            return "DROP VIEW " + (ifExists ? "IF EXISTS " : "") + SqlWriter.join(names);
        }
    }

    record CreateIndex(
            boolean unique,
            boolean ifNotExists,
            QualifiedName name,
            QualifiedName table,
            List<IndexColumn> columns,
            Span span)
            implements Statement {
        public CreateIndex {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(table, "table");
            columns = List.copyOf(columns);
            span = SqlWriter.orNone(span);
        }

        @Override
        public String toSql() {
            return "CREATE " + (unique ? "UNIQUE " : "") + "INDEX " + (ifNotExists ? "IF NOT EXISTS " : "")
                    + name.toSql() + " ON " + table.toSql() + " (" + SqlWriter.join(columns) + ")";
        }
    }

    /** CREATE SEQUENCE; {@code start}, {@code min} and {@code max} null where not given. */
    record CreateSequence(
            QualifiedName name, boolean ifNotExists, Long start, long increment, Long min, Long max, Span span)
            implements Statement {
        public CreateSequence {
            Objects.requireNonNull(name, "name");
            span = SqlWriter.orNone(span);
        }

        @Override
        public String toSql() {
            return "CREATE SEQUENCE " + (ifNotExists ? "IF NOT EXISTS " : "") + name.toSql()
                    + (start == null ? "" : " START WITH " + start)
                    + (increment == 1 ? "" : " INCREMENT BY " + increment)
                    + (min == null ? "" : " MINVALUE " + min)
                    + (max == null ? "" : " MAXVALUE " + max);
        }
    }

    record DropSequence(boolean ifExists, List<QualifiedName> names, Span span) implements Statement {
        public DropSequence {
            names = List.copyOf(names);
            span = SqlWriter.orNone(span);
        }

        @Override
        public String toSql() {
            return "DROP SEQUENCE " + (ifExists ? "IF EXISTS " : "") + SqlWriter.join(names);
        }
    }

    record DropIndex(boolean ifExists, List<QualifiedName> names, Span span) implements Statement {
        public DropIndex {
            names = List.copyOf(names);
            span = SqlWriter.orNone(span);
        }

        @Override
        public String toSql() {
            return "DROP INDEX " + (ifExists ? "IF EXISTS " : "") + SqlWriter.join(names);
        }
    }

    record Truncate(QualifiedName table, Span span) implements Statement {
        public Truncate {
            Objects.requireNonNull(table, "table");
            span = SqlWriter.orNone(span);
        }

        @Override
        public String toSql() {
            return "TRUNCATE TABLE " + table.toSql();
        }
    }

    /** {@code ALTER TABLE [IF EXISTS] t action}: one action per statement, as in SQLite and DuckDB. */
    record AlterTable(QualifiedName table, boolean ifExists, AlterAction action, Span span) implements Statement {
        public AlterTable {
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(action, "action");
            span = SqlWriter.orNone(span);
        }

        @Override
        public String toSql() {
            return "ALTER TABLE " + (ifExists ? "IF EXISTS " : "") + table.toSql() + " " + action.toSql();
        }
    }

    /** What an ALTER TABLE does. */
    sealed interface AlterAction {
        String toSql();

        /** {@code ADD [COLUMN] [IF NOT EXISTS] column-definition}. */
        record AddColumn(ColumnDef column, boolean ifNotExists) implements AlterAction {
            public AddColumn {
                Objects.requireNonNull(column, "column");
            }

            @Override
            public String toSql() {
                return "ADD COLUMN " + (ifNotExists ? "IF NOT EXISTS " : "") + column.toSql();
            }
        }

        /** {@code DROP [COLUMN] [IF EXISTS] name}. */
        record DropColumn(Ident column, boolean ifExists) implements AlterAction {
            public DropColumn {
                Objects.requireNonNull(column, "column");
            }

            @Override
            public String toSql() {
                return "DROP COLUMN " + (ifExists ? "IF EXISTS " : "") + column.toSql();
            }
        }

        /** {@code RENAME [COLUMN] from TO to}. */
        record RenameColumn(Ident from, Ident to) implements AlterAction {
            public RenameColumn {
                Objects.requireNonNull(from, "from");
                Objects.requireNonNull(to, "to");
            }

            @Override
            public String toSql() {
                return "RENAME COLUMN " + from.toSql() + " TO " + to.toSql();
            }
        }

        /** {@code RENAME TO name}. */
        record RenameTable(Ident to) implements AlterAction {
            public RenameTable {
                Objects.requireNonNull(to, "to");
            }

            @Override
            public String toSql() {
                return "RENAME TO " + to.toSql();
            }
        }
    }

    /**
     * Transaction modes: the isolation level as PostgreSQL spells it ({@code serializable}, {@code repeatable read},
     * {@code read committed}, {@code read uncommitted}) and READ ONLY / READ WRITE; null where not given.
     */
    record TransactionModes(String isolation, Boolean readOnly) {
        public static final TransactionModes NONE = new TransactionModes(null, null);

        String toSql() {
            List<String> parts = new java.util.ArrayList<>();
            if (isolation != null) parts.add("ISOLATION LEVEL " + isolation.toUpperCase(java.util.Locale.ROOT));
            if (readOnly != null) parts.add(readOnly ? "READ ONLY" : "READ WRITE");
            return String.join(", ", parts);
        }
    }

    /** {@code BEGIN [TRANSACTION] [modes]} / {@code START TRANSACTION [modes]}. */
    record Begin(TransactionModes modes, Span span) implements Statement {
        public Begin {
            Objects.requireNonNull(modes, "modes");
            span = SqlWriter.orNone(span);
        }

        public Begin(Span span) {
            this(TransactionModes.NONE, span);
        }

        @Override
        public String toSql() {
            String m = modes.toSql();
            return m.isEmpty() ? "BEGIN" : "BEGIN " + m;
        }
    }

    /**
     * {@code SET TRANSACTION modes} (the open transaction's, before its first query) or, with {@code session},
     * {@code SET SESSION CHARACTERISTICS AS TRANSACTION modes} (the defaults of later transactions).
     */
    record SetTransaction(TransactionModes modes, boolean session, Span span) implements Statement {
        public SetTransaction {
            Objects.requireNonNull(modes, "modes");
            span = SqlWriter.orNone(span);
        }

        @Override
        public String toSql() {
            return (session ? "SET SESSION CHARACTERISTICS AS TRANSACTION " : "SET TRANSACTION ") + modes.toSql();
        }
    }

    /** {@code COMMIT [TRANSACTION]} / {@code END [TRANSACTION]}. */
    record Commit(Span span) implements Statement {
        public Commit {
            span = SqlWriter.orNone(span);
        }

        @Override
        public String toSql() {
            return "COMMIT";
        }
    }

    record Rollback(Span span) implements Statement {
        public Rollback {
            span = SqlWriter.orNone(span);
        }

        @Override
        public String toSql() {
            return "ROLLBACK";
        }
    }

    /** {@code SET name = value} / {@code SET name TO value}; a bare word value ({@code on}, {@code fast}) is a string literal. */
    record SetOption(QualifiedName name, Expression value, Span span) implements Statement {
        public SetOption {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            span = SqlWriter.orNone(span);
        }

        @Override
        public String toSql() {
            return "SET " + name.toSql() + " = " + value.toSql();
        }
    }

    /** {@code EXPLAIN [ANALYZE] [GRAD] statement}. */
    record Explain(boolean analyze, boolean grad, Statement statement, Span span) implements Statement {
        public Explain {
            Objects.requireNonNull(statement, "statement");
            span = SqlWriter.orNone(span);
        }

        @Override
        public String toSql() {
            return "EXPLAIN " + (analyze ? "ANALYZE " : "") + (grad ? "GRAD " : "") + statement.toSql();
        }
    }

    /** {@code SHOW name}: one setting's current value ({@code SHOW memory_limit}). */
    record ShowSetting(QualifiedName name, Span span) implements Statement {
        public ShowSetting {
            Objects.requireNonNull(name, "name");
            span = SqlWriter.orNone(span);
        }

        @Override
        public String toSql() {
            return "SHOW " + name.toSql();
        }
    }

    record ShowTables(Span span) implements Statement {
        public ShowTables {
            span = SqlWriter.orNone(span);
        }

        @Override
        public String toSql() {
            return "SHOW TABLES";
        }
    }

    /** {@code SHOW ALL}: every setting with its value (the binder reads it from {@code duckdb_settings()}). */
    record ShowAll(Span span) implements Statement {
        public ShowAll {
            span = SqlWriter.orNone(span);
        }

        @Override
        public String toSql() {
            return "SHOW ALL";
        }
    }

    /**
     * {@code SHOW FUNCTIONS [LIKE 'pattern']} (Spark's, also in DuckDB's spirit): every function with its kind,
     * signature and description (the binder reads them from {@code duckdb_functions()}); pattern is null without LIKE.
     */
    record ShowFunctions(String pattern, Span span) implements Statement {
        public ShowFunctions {
            span = SqlWriter.orNone(span);
        }

        @Override
        public String toSql() {
            return "SHOW FUNCTIONS" + (pattern == null ? "" : " LIKE " + SqlWriter.string(pattern));
        }
    }

    /** {@code DESCRIBE query}: the names and types of a query's result columns, without running it. */
    record DescribeQuery(Query query, Span span) implements Statement {
        public DescribeQuery {
            Objects.requireNonNull(query, "query");
            span = SqlWriter.orNone(span);
        }

        @Override
        public String toSql() {
            return "DESCRIBE " + query.toSql();
        }
    }

    /** {@code DESCRIBE t}, {@code DESC t}, {@code SHOW COLUMNS FROM t}. */
    record Describe(QualifiedName table, Span span) implements Statement {
        public Describe {
            Objects.requireNonNull(table, "table");
            span = SqlWriter.orNone(span);
        }

        @Override
        public String toSql() {
            return "DESCRIBE " + table.toSql();
        }
    }

    enum CopyDirection {
        FROM,
        TO
    }

    /**
     * {@code COPY table [(cols)] FROM|TO 'file' [(options)]} or {@code COPY (query) TO 'file' [(options)]}.
     * Exactly one of {@code table} and {@code query} is set; a query is only allowed with TO.
     */
    record Copy(
            QualifiedName table,
            List<Ident> columns,
            Query query,
            CopyDirection direction,
            String file,
            List<NamedOption> options,
            Span span)
            implements Statement {
        public Copy {
            if ((table == null) == (query == null)) throw new IllegalArgumentException("COPY needs a table or a query");
            columns = List.copyOf(columns);
            Objects.requireNonNull(direction, "direction");
            Objects.requireNonNull(file, "file");
            options = List.copyOf(options);
            span = SqlWriter.orNone(span);
        }

        /** The named option (case-insensitive), or null. */
        public NamedOption option(String name) {
            for (NamedOption o : options) if (o.name().matches(name)) return o;
            return null;
        }

        @Override
        public String toSql() {
            String source = table != null ? table.toSql() + SqlWriter.columnList(columns) : "(" + query.toSql() + ")";
            return "COPY " + source + " " + direction + " " + SqlWriter.string(file)
                    + (options.isEmpty() ? "" : " (" + SqlWriter.join(options) + ")");
        }
    }

    /** {@code ATTACH 'file' AS name [(TYPE netcdf, ...)]}; {@code alias} may be null. */
    record Attach(String file, Ident alias, List<NamedOption> options, Span span) implements Statement {
        public Attach {
            Objects.requireNonNull(file, "file");
            options = List.copyOf(options);
            span = SqlWriter.orNone(span);
        }

        @Override
        public String toSql() {
            return "ATTACH " + SqlWriter.string(file) + (alias == null ? "" : " AS " + alias.toSql())
                    + (options.isEmpty() ? "" : " (" + SqlWriter.join(options) + ")");
        }
    }

    /** DuckDB's {@code USE name}: the database (an attached one, or {@code main}) unqualified names resolve in. */
    record Use(QualifiedName name, Span span) implements Statement {
        public Use {
            Objects.requireNonNull(name, "name");
            span = SqlWriter.orNone(span);
        }

        @Override
        public String toSql() {
            return "USE " + name.toSql();
        }
    }

    /** {@code DETACH [DATABASE] name}. */
    record Detach(Ident name, Span span) implements Statement {
        public Detach {
            Objects.requireNonNull(name, "name");
            span = SqlWriter.orNone(span);
        }

        @Override
        public String toSql() {
            return "DETACH " + name.toSql();
        }
    }
    /** {@code EXPORT DATABASE 'dir' [(FORMAT csv|parquet, …)]}: schema.sql, load.sql and a file per table. */
    record ExportDatabase(String directory, List<NamedOption> options, Span span) implements Statement {
        public ExportDatabase {
            Objects.requireNonNull(directory, "directory");
            options = List.copyOf(options);
            span = SqlWriter.orNone(span);
        }

        @Override
        public String toSql() {
            return "EXPORT DATABASE " + SqlWriter.string(directory)
                    + (options.isEmpty() ? "" : " (" + SqlWriter.join(options) + ")");
        }
    }

    /** {@code IMPORT DATABASE 'dir'}: runs the directory's schema.sql, then its load.sql. */
    record ImportDatabase(String directory, Span span) implements Statement {
        public ImportDatabase {
            Objects.requireNonNull(directory, "directory");
            span = SqlWriter.orNone(span);
        }

        @Override
        public String toSql() {
            return "IMPORT DATABASE " + SqlWriter.string(directory);
        }
    }

    /** {@code CHECKPOINT}: writes a database file's log into a new checkpoint (docs/storage.md). */
    record Checkpoint(Span span) implements Statement {
        public Checkpoint {
            span = SqlWriter.orNone(span);
        }

        @Override
        public String toSql() {
            return "CHECKPOINT";
        }
    }

    /** {@code SAVEPOINT name} (inside BEGIN ... COMMIT). */
    record Savepoint(Ident name, Span span) implements Statement {
        public Savepoint {
            Objects.requireNonNull(name, "name");
            span = SqlWriter.orNone(span);
        }

        @Override
        public String toSql() {
            return "SAVEPOINT " + name.toSql();
        }
    }

    /** {@code ROLLBACK [WORK | TRANSACTION] TO [SAVEPOINT] name}. */
    record RollbackToSavepoint(Ident name, Span span) implements Statement {
        public RollbackToSavepoint {
            Objects.requireNonNull(name, "name");
            span = SqlWriter.orNone(span);
        }

        @Override
        public String toSql() {
            return "ROLLBACK TO SAVEPOINT " + name.toSql();
        }
    }

    /** {@code RELEASE [SAVEPOINT] name}. */
    record ReleaseSavepoint(Ident name, Span span) implements Statement {
        public ReleaseSavepoint {
            Objects.requireNonNull(name, "name");
            span = SqlWriter.orNone(span);
        }

        @Override
        public String toSql() {
            return "RELEASE SAVEPOINT " + name.toSql();
        }
    }
    /** What a MERGE clause does. */
    enum MergeAction {
        UPDATE,
        DELETE,
        INSERT,
        NOTHING
    }

    /**
     * {@code MERGE INTO target [AS alias] USING source ON condition clause…} (PostgreSQL 15 / SQL:2003);
     * the clauses are tried in order, the first whose kind and condition fit a row acts on it.
     */
    record Merge(
            QualifiedName target, Ident alias, TableRef source, Expression on, List<MergeClause> clauses, Span span)
            implements Statement {
        public Merge {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(on, "on");
            clauses = List.copyOf(clauses);
            if (clauses.isEmpty()) throw new IllegalArgumentException("MERGE without WHEN clauses");
            span = SqlWriter.orNone(span);
        }

        @Override
        public String toSql() {
            StringBuilder sb = new StringBuilder("MERGE INTO ").append(target.toSql());
            if (alias != null) sb.append(" AS ").append(alias.toSql());
            sb.append(" USING ").append(source.toSql()).append(" ON ").append(on.toSql());
            for (MergeClause c : clauses) sb.append(' ').append(c.toSql());
            return sb.toString();
        }
    }

    /**
     * {@code WHEN [NOT] MATCHED [AND condition] THEN action}: UPDATE uses {@code set}, INSERT {@code columns}
     * (empty: all, in table order) and {@code values}; {@code condition} may be null.
     */
    record MergeClause(
            boolean matched,
            Expression condition,
            MergeAction action,
            List<Assignment> set,
            List<Ident> columns,
            List<Expression> values,
            Span span)
            implements Node {
        public MergeClause {
            Objects.requireNonNull(action, "action");
            set = List.copyOf(set);
            columns = List.copyOf(columns);
            values = List.copyOf(values);
            if (matched && action == MergeAction.INSERT)
                throw new IllegalArgumentException("WHEN MATCHED cannot INSERT");
            if (!matched && (action == MergeAction.UPDATE || action == MergeAction.DELETE)) {
                throw new IllegalArgumentException("WHEN NOT MATCHED can only INSERT");
            }
            if (action == MergeAction.UPDATE && set.isEmpty()) throw new IllegalArgumentException("UPDATE without SET");
            span = SqlWriter.orNone(span);
        }

        @Override
        public String toSql() {
            StringBuilder sb = new StringBuilder(matched ? "WHEN MATCHED" : "WHEN NOT MATCHED");
            if (condition != null) sb.append(" AND ").append(condition.toSql());
            sb.append(" THEN ");
            switch (action) {
                case UPDATE -> sb.append("UPDATE SET ").append(SqlWriter.join(set));
                case DELETE -> sb.append("DELETE");
                case NOTHING -> sb.append("DO NOTHING");
                case INSERT -> {
                    sb.append("INSERT").append(SqlWriter.columnList(columns));
                    if (values.isEmpty()) sb.append(" DEFAULT VALUES");
                    else sb.append(" VALUES (").append(SqlWriter.join(values)).append(')');
                }
            }
            return sb.toString();
        }
    }
}
