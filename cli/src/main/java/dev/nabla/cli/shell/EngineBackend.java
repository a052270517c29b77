package dev.nabla.cli.shell;

import dev.nabla.cli.output.ResultTable;
import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.engine.Database;
import dev.nabla.engine.Nabla;
import dev.nabla.engine.Result;
import dev.nabla.engine.Session;
import dev.nabla.storage.DataType;
import java.util.List;

/** The shell over Nabla's embedded API: one private in-memory database and one session. */
public final class EngineBackend implements SqlBackend {
    // replaced together by .open (switchTo); volatile because cancel() and progress() come from other threads
    private volatile Database db;
    private volatile Session session;
    private volatile LastResult last;

    public EngineBackend(Database db) {
        this.db = db;
        this.session = db.connect();
        this.last = LastResult.install(session);
    }

    /**
     * The shell's {@code .open}: from now on statements run against {@code next} (a database file, or a fresh
     * in-memory database); the current database is closed (an in-memory one and its tables are gone, as in
     * sqlite3; a file is checkpointed and released). Refused inside a transaction.
     */
    public void switchTo(Database next) {
        if (session.inTransaction()) {
            next.close();
            throw new NablaException(ErrorCode.TRANSACTION, "a transaction is open: COMMIT or ROLLBACK before .open");
        }
        Session old = session;
        Database oldDb = db;
        Session s = next.connect();
        db = next;
        session = s;
        last = LastResult.install(s);
        old.close();
        oldDb.close();
    }

    /** A fresh private in-memory database. */
    public static EngineBackend open() {
        return new EngineBackend(Nabla.open());
    }

    public Database database() {
        return db;
    }

    public Session session() {
        return session;
    }

    @Override
    public Outcome execute(String sql) {
        Result r = session.execute(sql);
        return switch (r.kind()) {
            case ROWS -> new Outcome.Rows(new ResultView(r));
            case COUNT -> new Outcome.Count(r.updateCount(), r.message());
            case OK -> new Outcome.Ok(r.message());
        };
    }

    @Override
    public void rememberResult(ResultTable table) {
        if (table instanceof ResultView v) last.set(v.result());
    }

    @Override
    public List<String> indexNames(String table) {
        return session.indexes().stream()
                .filter(i -> table == null || i.table().equalsIgnoreCase(table))
                .map(dev.nabla.engine.catalog.IndexEntry::name)
                .sorted(String.CASE_INSENSITIVE_ORDER)
                .toList();
    }

    @Override
    public void cancel() {
        session.cancel();
    }

    @Override
    public boolean inTransaction() {
        return session.inTransaction();
    }

    @Override
    public dev.nabla.engine.Progress progress() {
        return session.progress();
    }

    @Override
    public void close() {
        session.close();
        db.close();
    }

    /** An engine result seen as a {@link ResultTable}; values are read on demand from the result's batches. */
    record ResultView(Result result) implements ResultTable {
        ResultView {
            if (result.rowCount() > Integer.MAX_VALUE) {
                throw new NablaException(
                        ErrorCode.UNSUPPORTED, "result too large to display (" + result.rowCount() + " rows)");
            }
        }

        @Override
        public List<String> columnNames() {
            return result.columnNames();
        }

        @Override
        public List<DataType> columnTypes() {
            return result.columnTypes();
        }

        @Override
        public int rowCount() {
            return (int) result.rowCount();
        }

        @Override
        public Object get(int row, int col) {
            return result.get(row, col);
        }

        @Override
        public boolean isNull(int row, int col) {
            return result.isNull(row, col);
        }
    }
}
