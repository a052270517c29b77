package dev.nabla.cli.shell;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.common.Span;
import dev.nabla.engine.Result;
import dev.nabla.engine.Session;
import dev.nabla.engine.catalog.ImplicitTables;
import dev.nabla.engine.exec.ExecContext;
import dev.nabla.engine.exec.ScannableSource;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.logical.Column;
import dev.nabla.storage.Batch;
import dev.nabla.storage.ColumnVector;
import dev.nabla.storage.DataType;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The shell's last result as a table, {@code _} in SQL ({@code SELECT * FROM _ WHERE loss < 1}). It
 * is an implicit relation of the shell's session (see {@link ImplicitTables}), not a catalog object:
 * the binder asks for it only when a statement names {@code _} and no table, view or CTE of that name
 * exists, so {@code SHOW TABLES}, information_schema and JDBC metadata never list it and a user's own
 * {@code _} wins. Each statement sees the result shown before it, read in place (no copy).
 */
final class LastResult implements ImplicitTables {
    static final String NAME = "_";

    private final AtomicReference<Result> last = new AtomicReference<>();

    /** Makes {@code _} readable in {@code session}'s statements. */
    static LastResult install(Session session) {
        LastResult lr = new LastResult();
        session.setImplicitTables(lr);
        return lr;
    }

    void set(Result r) {
        last.set(r);
    }

    @Override
    public ScannableSource resolve(String name) {
        if (!NAME.equals(name)) return null;
        Result r = last.get();
        if (r == null) {
            throw new NablaException(
                    ErrorCode.UNKNOWN_TABLE,
                    Span.NONE,
                    "no result yet: _ is the last result the shell showed (run a query first)");
        }
        return new Source(r);
    }

    private record Source(Result result) implements ScannableSource {
        @Override
        public String name() {
            return NAME;
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
        public long estimatedRows() {
            return result.rowCount();
        }

        @Override
        public Iterator<Batch> scan(
                List<Integer> columns,
                boolean withRowIds,
                Expr pushedFilter,
                List<Column> scanOutput,
                ExecContext ctx) {
            if (withRowIds) throw new NablaException(ErrorCode.UNSUPPORTED, "_ (the last result) is read-only");
            Iterator<Batch> it = result.batches().iterator();
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public Batch next() {
                    Batch b = it.next();
                    ColumnVector[] cols = new ColumnVector[columns.size()];
                    for (int i = 0; i < cols.length; i++) cols[i] = b.columns[columns.get(i)];
                    Batch out = new Batch(cols, b.count);
                    out.selection = b.selection;
                    return out;
                }
            };
        }
    }
}
