package dev.nabla.cli.shell;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.common.Span;
import dev.nabla.engine.Database;
import dev.nabla.engine.Result;
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
 * The shell's last result as a table, {@code _} in SQL ({@code SELECT * FROM _ WHERE loss < 1}):
 * a table function {@code last_result()} that reads the result's batches in place (no copy), and
 * a view {@code _} over it. The view is re-bound by every statement, so it always has the shape
 * of the result shown last.
 */
final class LastResult {
    static final String FUNCTION = "last_result";
    static final String VIEW = "_";

    private final AtomicReference<Result> last = new AtomicReference<>();

    /** Registers {@code last_result()} and creates the view {@code _} in {@code db}. */
    static LastResult install(Database db, dev.nabla.engine.Session session) {
        LastResult lr = new LastResult();
        db.tableFunctions().register(FUNCTION, (args, named, span) -> lr.source(args, span));
        try {
            session.execute("CREATE VIEW " + VIEW + " AS SELECT * FROM " + FUNCTION + "()");
        } catch (NablaException e) {
            // without the view, last_result() still works; the shell must start either way
        }
        return lr;
    }

    void set(Result r) { last.set(r); }

    private ScannableSource source(List<Object> args, Span span) {
        if (!args.isEmpty()) throw new NablaException(ErrorCode.INVALID_ARGUMENT, span, FUNCTION + "() takes no arguments");
        Result r = last.get();
        // before the first result, _ is an empty table (CREATE VIEW binds it once, at startup)
        return new Source(r != null ? r : Result.rows(List.of("no_result_yet"), List.of(DataType.VARCHAR), List.of()));
    }

    private record Source(Result result) implements ScannableSource {
        @Override public String name() { return VIEW; }

        @Override public List<String> columnNames() { return result.columnNames(); }

        @Override public List<DataType> columnTypes() { return result.columnTypes(); }

        @Override public long estimatedRows() { return result.rowCount(); }

        @Override
        public Iterator<Batch> scan(List<Integer> columns, boolean withRowIds, Expr pushedFilter, List<Column> scanOutput, ExecContext ctx) {
            if (withRowIds) throw new NablaException(ErrorCode.UNSUPPORTED, "_ (the last result) is read-only");
            Iterator<Batch> it = result.batches().iterator();
            return new Iterator<>() {
                @Override public boolean hasNext() { return it.hasNext(); }

                @Override public Batch next() {
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
