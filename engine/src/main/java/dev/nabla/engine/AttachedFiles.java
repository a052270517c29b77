package dev.nabla.engine;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.common.Span;
import dev.nabla.engine.catalog.Catalog;
import dev.nabla.engine.catalog.CatalogState;
import dev.nabla.engine.catalog.StoredTable;
import dev.nabla.engine.io.IoRegistry;
import dev.nabla.parser.ast.Statement;
import dev.nabla.plan.bound.BoundStatement;
import dev.nabla.plan.bound.CatalogReader.ViewDefinition;
import dev.nabla.plan.logical.TableSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.NullMarked;
import org.jspecify.annotations.Nullable;

/**
 * Read-write {@code ATTACH 'x.nabla' AS o} (DuckDB's semantics, per session): the file is opened as a database of
 * its own ({@link Nabla#open(Path)}, so its lock, log and checkpoints are its own) and the attaching session keeps
 * a session of it. A statement that names {@code o.…} runs in that session, with {@code o.} read as its
 * {@code main}; after {@code USE o} every statement does. A transaction may write only one of the databases
 * (as in DuckDB); COMMIT and ROLLBACK end it in all of them, so each commit is atomic in the file it wrote.
 */
@NullMarked
final class AttachedFiles {
    private AttachedFiles() {}

    /** Whether ATTACH opens a Nabla database file for writing (not READ_ONLY, not another format). */
    static boolean readWrite(BoundStatement.Attach a) {
        if (!IoRegistry.formatOf(a.path(), a.options(), Span.NONE).equals("nabla")) return false;
        Object ro = a.options().get("read_only");
        return ro == null ? !a.options().containsKey("read_only") : Boolean.FALSE.equals(ro);
    }

    static Result attach(Session s, BoundStatement.Attach a) {
        if (s.parentSession() != null)
            throw new NablaException(ErrorCode.UNSUPPORTED, "ATTACH runs in the session's own database (USE main)");
        for (String option : a.options().keySet()) {
            if (!option.equals("type") && !option.equals("format") && !option.equals("read_only"))
                throw new NablaException(
                        ErrorCode.INVALID_ARGUMENT,
                        "ATTACH of a Nabla database file: unknown option '" + option + "' (known: READ_ONLY)");
        }
        String name = CatalogState.key(a.name());
        if (name.equals(Catalog.MAIN)
                || s.attachedSessions().containsKey(name)
                || s.visibleCatalog().schema(name) != null)
            throw new NablaException(ErrorCode.DUPLICATE_OBJECT, "database \"" + a.name() + "\" is already attached");
        Path file = Path.of(a.path()).toAbsolutePath().normalize();
        Path own = s.database().file();
        if (file.equals(own))
            throw new NablaException(
                    ErrorCode.DUPLICATE_OBJECT, "cannot ATTACH " + file + ": it is this session's own database");
        for (Map.Entry<String, Session> e : s.attachedSessions().entrySet()) {
            if (file.equals(e.getValue().database().file()))
                throw new NablaException(
                        ErrorCode.DUPLICATE_OBJECT,
                        "cannot ATTACH " + file + ": it is already attached as " + e.getKey());
        }
        // another process holding the file fails here (58030, "open for writing in another process")
        Database other = Nabla.open(file);
        Session sub;
        try {
            if (other.readOnly()) throw other.readOnlyError();
            sub = other.connect();
        } catch (RuntimeException e) {
            other.close();
            throw e;
        }
        sub.makeAttached(s, name);
        s.attachedSessions().put(name, sub);
        return Result.ok("ATTACH");
    }

    static Result detach(Session s, String name) {
        String key = CatalogState.key(name);
        Session sub = s.attachedSessions().get(key);
        if (sub == null) throw new NablaException(ErrorCode.UNKNOWN_TABLE, "database \"" + name + "\" is not attached");
        if (key.equals(s.using()))
            throw new NablaException(
                    ErrorCode.NOT_IN_PREREQUISITE_STATE,
                    "cannot DETACH " + name + ": it is the default database (USE main first)");
        if (sub.inTransaction())
            throw new NablaException(
                    ErrorCode.ACTIVE_SQL_TRANSACTION,
                    "cannot DETACH " + name + " inside a transaction that used it (COMMIT or ROLLBACK first)");
        s.attachedSessions().remove(key);
        close(sub);
        return Result.ok("DETACH");
    }

    /** When the attaching session closes: each attached database rolls back and is closed (checkpointed). */
    static void detachAll(Session s) {
        List<Session> subs = new ArrayList<>(s.attachedSessions().values());
        s.attachedSessions().clear();
        s.setUsing(null);
        for (Session sub : subs) close(sub);
    }

    private static void close(Session sub) {
        Database db = sub.database();
        try {
            sub.close();
        } finally {
            db.close();
        }
    }

    static Result use(Session s, Statement.Use u) {
        if (s.parentSession() != null)
            throw new NablaException(ErrorCode.INTERNAL, "USE reached an attached database's session");
        var parts = u.name().parts();
        if (parts.size() > 2 || (parts.size() == 2 && !parts.get(1).value().equalsIgnoreCase(Catalog.MAIN)))
            throw new NablaException(
                    ErrorCode.UNKNOWN_TABLE,
                    u.span(),
                    "USE " + u.name().toSql() + ": a Nabla database has one schema, main");
        String name = CatalogState.key(parts.getFirst().value());
        if (name.equals(Catalog.MAIN) || name.equals(ownName(s))) {
            s.setUsing(null);
            return Result.ok("USE");
        }
        if (s.attachedSessions().containsKey(name)) {
            s.setUsing(name);
            return Result.ok("USE");
        }
        if (s.visibleCatalog().schema(name) != null)
            throw new NablaException(
                    ErrorCode.UNSUPPORTED,
                    u.span(),
                    "USE " + name + ": it is attached READ_ONLY (a snapshot); read its tables as " + name + ".t");
        throw new NablaException(
                ErrorCode.UNKNOWN_TABLE,
                u.span(),
                "database \"" + parts.getFirst().value() + "\" is not attached");
    }

    /** The session's own database's name, as SHOW DATABASES lists it: the file's name without .nabla, or memory. */
    static String ownName(Session s) {
        Path f = s.database().file();
        return f == null
                ? "memory"
                : CatalogState.key(f.getFileName().toString().replaceFirst("(?i)\\.nabla$", ""));
    }

    /** Runs {@code ast} in the attached database's session {@code target}, inside the caller's transaction. */
    static Result routed(Session s, Session target, Statement ast, @Nullable Object[] params, boolean byName) {
        String alias = java.util.Objects.requireNonNull(target.alias());
        if (s.inTransaction()) {
            if (s.hasSavepoints())
                throw new NablaException(
                        ErrorCode.UNSUPPORTED,
                        "a transaction with SAVEPOINTs cannot use an attached database (" + alias + ")");
            if (!target.inTransaction())
                target.runAddressed(new Statement.Begin(beginModes(s), Span.NONE), new Object[0], false, false);
        }
        Statement renamed = AttachNames.rename(ast, alias, byName);
        return target.runAddressed(renamed, params, byName, byName && ast instanceof Statement.CreateView);
    }

    // the parser module is not null-marked: null modes are BEGIN's defaults
    @SuppressWarnings("NullAway")
    private static Statement.TransactionModes beginModes(Session s) {
        return new Statement.TransactionModes(null, null);
    }

    /** Refuses a write to a second database in one transaction (DuckDB's rule), before any lock is taken. */
    static void checkOneWrittenDatabase(Session s) {
        Session p = s.parentSession();
        Session root = p == null ? s : p;
        if (!root.inTransaction()) return;
        String writer = null;
        if (root != s && root.holdsWriteLock()) writer = ownName(root);
        for (Map.Entry<String, Session> e : root.attachedSessions().entrySet())
            if (e.getValue() != s && e.getValue().holdsWriteLock()) writer = e.getKey();
        if (writer != null) {
            String me = p == null ? ownName(s) : java.util.Objects.requireNonNull(s.alias());
            throw new NablaException(
                    ErrorCode.TRANSACTION,
                    "cannot write to database " + me + ": this transaction has already written " + writer
                            + ", and a single transaction can only write to a single database (COMMIT first)");
        }
    }

    /**
     * COMMIT or ROLLBACK in the session and in every attached database its transaction used. At most one of them
     * wrote, so the order matters only for failures: the attached ones commit first, and if one fails the rest
     * roll back. SAVEPOINTs are refused while an attached database is in the transaction.
     */
    static Result transactionControl(Session s, BoundStatement.TransactionControl tc, Supplier<Result> own) {
        List<Session> open = new ArrayList<>();
        for (Session sub : s.attachedSessions().values()) if (sub.inTransaction()) open.add(sub);
        switch (tc) {
            case BoundStatement.Begin x -> {
                return own.get();
            }
            case BoundStatement.SetTransaction x -> {
                return own.get();
            }
            case BoundStatement.Commit x -> {
                for (int i = 0; i < open.size(); i++) {
                    try {
                        open.get(i).execute("COMMIT");
                    } catch (RuntimeException e) {
                        for (Session rest : open.subList(i + 1, open.size())) rollbackQuietly(rest);
                        if (s.inTransaction()) s.execute("ROLLBACK");
                        throw e;
                    }
                }
                return own.get();
            }
            case BoundStatement.Rollback x -> {
                for (Session sub : open) rollbackQuietly(sub);
                return own.get();
            }
            case BoundStatement.Savepoint x -> {
                return refuseSavepoint(open, own);
            }
            case BoundStatement.RollbackToSavepoint x -> {
                return refuseSavepoint(open, own);
            }
            case BoundStatement.ReleaseSavepoint x -> {
                return refuseSavepoint(open, own);
            }
        }
    }

    private static Result refuseSavepoint(List<Session> open, Supplier<Result> own) {
        if (!open.isEmpty())
            throw new NablaException(
                    ErrorCode.UNSUPPORTED,
                    "SAVEPOINTs are not supported in a transaction that uses an attached database ("
                            + open.getFirst().alias() + ")");
        return own.get();
    }

    private static void rollbackQuietly(Session sub) {
        try {
            if (sub.inTransaction()) sub.execute("ROLLBACK");
        } catch (NablaException e) {
            // a failed rollback leaves nothing behind: the session's transaction ends either way
        }
    }

    /** What unqualified names mean in a statement that names the attached database: the parent's tables and views. */
    static Catalog.Outer outerTables(Session parent, @Nullable String alias, boolean viewOfOwn) {
        return new Catalog.Outer() {
            @Override
            public @Nullable TableSource table(String name) {
                CatalogState st = parent.visibleCatalog();
                StoredTable t = st.table(name);
                if (t == null) return null;
                check(name);
                return new DdlRunner.ReadOnlyTable(t);
            }

            @Override
            public @Nullable ViewDefinition view(String name) {
                ViewDefinition v = parent.visibleCatalog().view(name);
                if (v != null) check(name);
                return v;
            }

            @Override
            public String name() {
                return ownName(parent);
            }

            private void check(String name) {
                if (viewOfOwn)
                    throw new NablaException(
                            ErrorCode.UNSUPPORTED,
                            "a view of the attached database " + alias + " can read only its own tables (\"" + name
                                    + "\" is " + ownName(parent) + "'s)");
                if (parent.transaction() != null)
                    throw new NablaException(
                            ErrorCode.UNSUPPORTED,
                            "this transaction has written " + ownName(parent) + ": read its tables (\"" + name
                                    + "\") together with " + alias + "'s after COMMIT");
            }
        };
    }

    private static @Nullable String formatOf(String path) {
        try {
            return IoRegistry.formatOf(path, Map.of(), Span.NONE);
        } catch (NablaException e) {
            return null; // attached with an explicit TYPE the file name does not tell
        }
    }

    /** {@code duckdb_databases()}: the session's own database, then each attached one, in the order attached. */
    static TableSource databases(Session s) {
        List<Object[]> rows = new ArrayList<>();
        Path own = s.database().file();
        rows.add(new Object[] {
            ownName(s),
            own == null ? null : own.toString(),
            "nabla",
            s.database().readOnly()
        });
        for (Map.Entry<String, Session> e : s.attachedSessions().entrySet()) {
            Path f = e.getValue().database().file();
            rows.add(new Object[] {e.getKey(), f == null ? null : f.toString(), "nabla", false});
        }
        for (dev.nabla.engine.catalog.AttachedSchema a : s.visibleCatalog().schemas())
            rows.add(new Object[] {a.name(), a.path(), formatOf(a.path()), true});
        return new dev.nabla.engine.catalog.RowsSource(
                "duckdb_databases()",
                List.of("database_name", "path", "type", "readonly"),
                List.of(
                        dev.nabla.storage.DataType.VARCHAR,
                        dev.nabla.storage.DataType.VARCHAR,
                        dev.nabla.storage.DataType.VARCHAR,
                        dev.nabla.storage.DataType.BOOLEAN),
                ctx -> rows);
    }
}
